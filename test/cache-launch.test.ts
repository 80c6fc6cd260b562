/**
 * --cache and the heap-capped child (src/cli/launch.ts): a run over an existing cache starts in this process and
 * moves into the capped child only when the cache leaves more files to analyse than the in-process limit.
 */
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HEAP_CAP_MB } from '../src/cli/launch.js';
import { runCli } from './helpers/run-cli.js';
import { TempProjects } from './helpers/temp-project.js';

const temps = new TempProjects();
afterAll(() => temps.cleanup());

const CAPPED = `running the scan with --max-old-space-size=${DEFAULT_HEAP_CAP_MB}`;

describe('--cache and the heap-capped child', { timeout: 60_000 }, () => {
  let dir: string;
  // every directory scan counts as large: without a usable cache it runs in the capped child
  const run = () => runCli(['.', '--format', 'json', '--cache', '.cache'], { cwd: dir, env: { JWTLINT_DEBUG: '1', JWTLINT_IN_PROCESS_FILE_LIMIT: '0' } });
  beforeAll(() => {
    dir = temps.create({
      'src/a.ts': "import jwt from 'jsonwebtoken';\nexport const a = (t: string) => jwt.verify(t, process.env.K!);\n",
      'src/b.ts': "import jwt from 'jsonwebtoken';\nexport const b = (t: string) => jwt.decode(t);\n",
      'src/c.ts': 'export const c = 1;\n',
    });
  });

  it('runs the first scan in the capped child, and a fully cached one in this process with the same findings', () => {
    const cold = run();
    expect(cold.stderr).toContain(CAPPED);
    expect(readFileSync(path.join(dir, '.cache', '.gitignore'), 'utf8')).toContain('*');
    const warm = run();
    expect(warm.stderr).not.toContain(CAPPED);
    expect(warm.code).toBe(cold.code);
    expect(JSON.parse(warm.stdout).findings).toEqual(JSON.parse(cold.stdout).findings);
    expect(JSON.parse(cold.stdout).findings.length).toBeGreaterThan(0);
  });

  it('moves into the capped child when files are left to analyse, and reports what one process would', () => {
    const before = run();
    writeFileSync(path.join(dir, 'src/c.ts'), "import jwt from 'jsonwebtoken';\nexport const c = (t: string) => jwt.verify(t, process.env.C!);\n");
    utimesSync(path.join(dir, 'src/c.ts'), new Date(), new Date(Date.now() + 5000));
    const changed = run();
    expect(changed.stderr).toContain(CAPPED);
    const inProcess = runCli(['.', '--format', 'json'], { cwd: dir, env: { JWTLINT_HEAP_CAP_MB: '0' } });
    expect(JSON.parse(changed.stdout).findings).toEqual(JSON.parse(inProcess.stdout).findings);
    expect(JSON.parse(changed.stdout).findings.length).toBeGreaterThan(JSON.parse(before.stdout).findings.length);
    expect(run().stderr).not.toContain(CAPPED);
  });
});
