/**
 * The repository stands alone: users clone it without anything beside it. The checkout's files are copied
 * into a temporary folder that holds nothing else, and there the SARIF validation (the suite's one reader of
 * an external configuration file) and the bundled example scan run; a static check finds paths that climb
 * out of the repository in tests, scripts, CI and the package manifest.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..');
let parent = '';
let clone = '';

/** Tracked and untracked-but-not-ignored files, so uncommitted work is checked as it will be committed. */
function checkoutFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' });
  return out.split('\0').filter((f) => f !== '' && !f.startsWith('node_modules/'));
}

beforeAll(() => {
  parent = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'jwtlint-alone-')));
  clone = path.join(parent, 'jwtlint');
  for (const rel of checkoutFiles()) {
    const from = path.join(repoRoot, rel);
    const to = path.join(clone, rel);
    mkdirSync(path.dirname(to), { recursive: true });
    try {
      copyFileSync(from, to);
    } catch (error) {
      // A file listed by git but deleted in the work tree is not part of what will be committed.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  // The installed dependencies are the only thing taken from the original checkout (npm ci would make them).
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: clone, stdio: 'pipe' });
}, 120_000);

afterAll(() => {
  if (parent) rmSync(parent, { recursive: true, force: true });
});

describe('a clone with nothing beside it', () => {
  it('holds nothing but the clone in its parent folder', () => {
    expect(readdirSync(parent)).toEqual(['jwtlint']);
  });

  it('validates SARIF with the Multitool configuration inside the repository', () => {
    const vitest = path.join(clone, 'node_modules', 'vitest', 'vitest.mjs');
    const out = execFileSync(process.execPath, [vitest, 'run', 'test/sarif.test.ts', 'test/example-sarif.test.ts'], {
      cwd: clone,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    expect(out).toMatch(/Test Files\s+2 passed/);
  }, 180_000);

  it('scans the bundled example as the README says', () => {
    let status = 0;
    try {
      execFileSync(process.execPath, ['bin/jwtlint.js', 'examples/vulnerable-app', '--format', 'compact'], { cwd: clone, stdio: 'pipe' });
    } catch (error) {
      status = (error as { status: number }).status;
    }
    expect(status).toBe(1); // findings, not a usage error or a crash
  }, 60_000);
});

describe('no test, script or manifest reads outside the checkout', () => {
  const roots = ['test', 'scripts', 'bench', '.ci', 'src', 'rules'];
  const climbing = [/\.\.[\\/]+shared\b/, /['"]\.\.['"]\s*,\s*['"]shared['"]/];
  it('names no path above the repository root', () => {
    const offenders: string[] = [];
    const files = checkoutFiles().filter((f) => roots.some((r) => f.startsWith(`${r}/`)) || f === 'package.json');
    for (const rel of files) {
      if (!/\.(ts|mts|js|mjs|cjs|json|sh)$|^\.ci\//.test(rel) || rel === 'test/standalone.test.ts') continue;
      const text = readFileSync(path.join(repoRoot, rel), 'utf8');
      text.split('\n').forEach((line, i) => {
        if (climbing.some((re) => re.test(line))) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});
