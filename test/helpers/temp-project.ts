import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const VULNERABLE_LINE = '  return jwt.verify(t, process.env.KEY!);';
export const VULNERABLE = ["import jwt from 'jsonwebtoken';", 'export function check(t: string) {', VULNERABLE_LINE, '}', ''].join('\n');
export const CLEAN = [
  "import jwt from 'jsonwebtoken';",
  'export function check(t: string) {',
  "  return jwt.verify(t, process.env.KEY!, { algorithms: ['RS256'], audience: 'api', issuer: 'https://issuer' });",
  '}',
  '',
].join('\n');

/** Temporary project directories (a `.git` directory marks the scan root), removed by cleanup(). */
export class TempProjects {
  private readonly dirs: string[] = [];

  create(files: Record<string, string>, opts: { git?: boolean } = {}): string {
    const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'jwtlint-t-')));
    this.dirs.push(dir);
    if (opts.git !== false) mkdirSync(path.join(dir, '.git'));
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), content);
    }
    return dir;
  }

  cleanup(): void {
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}
