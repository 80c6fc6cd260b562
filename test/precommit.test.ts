/**
 * The pre-commit hook (.pre-commit-hooks.yaml) proven with the real `pre-commit` (Debian package, installed by
 * .ci/run): `pre-commit try-repo` installs jwtlint the way users get it (npm install, npm pack, npm install -g of
 * the tarball) into a private PRE_COMMIT_HOME, then runs the hook on a temporary git repository.
 * try-repo uses the committed HEAD of the hook repository, so the current working tree is copied into a temporary
 * repository and committed first.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, type Dirent } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/run-cli.js';
import { CLEAN, VULNERABLE } from './helpers/temp-project.js';

const hasPreCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
const work = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-precommit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });

/** The repository's files as git sees them (tracked and untracked, not ignored); outside a git checkout, the tree minus build output. */
function sourceFiles(): string[] {
  const inGit = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout.trim() === 'true';
  if (inGit) {
    return execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f.length > 0);
  }
  const skip = new Set(['node_modules', 'dist', '.git', '.jwtlint-cache', '.corpus', '.tools', '.work']);
  return (readdirSync(REPO_ROOT, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(REPO_ROOT, path.join(e.parentPath, e.name)))
    .filter((rel) => !rel.split(path.sep).some((part) => skip.has(part)));
}

describe('.pre-commit-hooks.yaml', () => {
  it('declares a node hook that passes file names and matches .mts/.cts and component files too', () => {
    const text = readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8');
    expect(text).toMatch(/^- id: jwtlint$/m);
    expect(text).toMatch(/^ {2}language: node$/m);
    expect(text).toMatch(/^ {2}pass_filenames: true$/m);
    const files = new RegExp(/^ {2}files: (.+)$/m.exec(text)![1]);
    for (const name of ['a.ts', 'a.tsx', 'a.mts', 'a.cts', 'a.js', 'a.jsx', 'a.mjs', 'a.cjs', 'a.vue', 'a.svelte', 'a.astro']) expect(name).toMatch(files);
    for (const name of ['a.json', 'a.md', 'a.tsbuildinfo']) expect(name).not.toMatch(files);
    // A `prepare`/`prepack` script prints to stdout during `npm pack`, which pre-commit reads as the tarball name.
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.prepare).toBeUndefined();
    expect(pkg.scripts.prepack).toBeUndefined();
  });

  it.skipIf(!hasPreCommit && !process.env.CI)('real pre-commit try-repo: exit 1 on a staged misuse, 0 on clean code', { timeout: 600_000 }, () => {
    // The hook repository: the working tree as it is (tracked and untracked, not ignored), committed.
    const hookRepo = path.join(work, 'hook');
    mkdirSync(hookRepo);
    for (const rel of sourceFiles()) {
      const from = path.join(REPO_ROOT, rel);
      try {
        cpSync(from, path.join(hookRepo, rel), { recursive: false });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // deleted in the working tree
      }
    }
    git(hookRepo, 'init', '-q');
    git(hookRepo, 'add', '-A');
    git(hookRepo, 'commit', '-qm', 'hook under test');

    const target = path.join(work, 'target');
    mkdirSync(path.join(target, 'src'), { recursive: true });
    git(target, 'init', '-q');
    writeFileSync(path.join(target, 'src/clean.mts'), CLEAN);
    writeFileSync(path.join(target, 'src/bad.cts'), VULNERABLE);
    git(target, 'add', '-A');

    const env = { ...process.env, PRE_COMMIT_HOME: path.join(work, 'pre-commit-home'), PRE_COMMIT_COLOR: 'never', NO_COLOR: '1' };
    const tryRepo = (file: string) => spawnSync('pre-commit', ['try-repo', hookRepo, 'jwtlint', '--files', file], { cwd: target, env, encoding: 'utf8', timeout: 480_000 });

    const bad = tryRepo('src/bad.cts');
    const badOutput = bad.stdout + bad.stderr;
    expect(bad.status, badOutput).toBe(1);
    expect(badOutput).toMatch(/src\/bad\.cts:3:10: error: .*\[verify-without-algorithms\]/);

    const clean = tryRepo('src/clean.mts');
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/jwtlint.*Passed/);
  });
});
