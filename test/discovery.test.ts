import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../src/cli/errors.js';
import { discoverFiles, SKIP_REASONS, type DiscoveryResult } from '../src/discovery/index.js';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Creates a temp tree; keys ending in '/' are directories. Adds `.git/` unless git is false. */
function tree(files: Record<string, string>, { git = true } = {}): string {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'jwtlint-discovery-')));
  temps.push(root);
  if (git) mkdirSync(path.join(root, '.git'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    if (rel.endsWith('/')) {
      mkdirSync(abs, { recursive: true });
    } else {
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, content);
    }
  }
  return root;
}

async function discover(root: string, paths: string[] = ['.'], extra: { includeTests?: boolean; cwd?: string; ignorePatterns?: string[] } = {}): Promise<DiscoveryResult> {
  return discoverFiles({ cwd: extra.cwd ?? root, paths, includeTests: extra.includeTests ?? false, ignorePatterns: extra.ignorePatterns });
}

/** Files relative to the root, forward slashes. */
function rel(root: string, result: DiscoveryResult): string[] {
  return result.files.map((f) => path.relative(root, f).split(path.sep).join('/'));
}

describe('discoverFiles', () => {
  it('finds every source extension, dotfiles and dot directories; ignores other files', async () => {
    const root = tree({
      'a.ts': '',
      'b.tsx': '',
      'c.mts': '',
      'd.cts': '',
      'e.js': '',
      'f.jsx': '',
      'g.mjs': '',
      'h.cjs': '',
      'i.vue': '',
      'j.svelte': '',
      'k.astro': '',
      'README.md': '',
      'data.json': '',
      'style.css': '',
      '.eslintrc.js': '',
      '.storybook/main.ts': '',
      'src/deep/er/x.ts': '',
    });
    const result = await discover(root);
    expect(result.root).toBe(root);
    expect(rel(root, result)).toEqual([
      '.eslintrc.js',
      '.storybook/main.ts',
      'a.ts',
      'b.tsx',
      'c.mts',
      'd.cts',
      'e.js',
      'f.jsx',
      'g.mjs',
      'h.cjs',
      'i.vue',
      'j.svelte',
      'k.astro',
      'src/deep/er/x.ts',
    ]);
    expect(result.files.every((f) => path.isAbsolute(f))).toBe(true);
    expect(result.skipped).toEqual([]);
    expect(result.notifications).toEqual([]);
  });

  it('honours root and nested .gitignore files with git semantics', async () => {
    const root = tree({
      '.gitignore': 'generated/\n*.gen.ts\n/top-only.ts\n',
      '.git/info/exclude': 'private.ts\n',
      'generated/a.ts': '',
      'generated/.gitignore': '!b.ts\n', // cannot re-include under an excluded directory
      'generated/b.ts': '',
      'x.gen.ts': '',
      'top-only.ts': '',
      'sub/top-only.ts': '', // anchored pattern: only at the root
      'sub/.gitignore': 'local.ts\n!keep.gen.ts\n',
      'sub/keep.gen.ts': '', // re-included by the deeper file
      'sub/local.ts': '',
      'sub/ok.ts': '',
      'other/local.ts': '', // sub/.gitignore does not apply here
      'private.ts': '',
    });
    const result = await discover(root);
    expect(rel(root, result)).toEqual(['other/local.ts', 'sub/keep.gen.ts', 'sub/ok.ts', 'sub/top-only.ts']);
    expect(result.skipped).toEqual([{ reason: SKIP_REASONS.gitignore, count: 6 }]);
  });

  it('applies .gitignore files above a directory that is walked directly', async () => {
    const root = tree({ '.gitignore': 'secret-*.ts\n', 'pkg/src/a.ts': '', 'pkg/src/secret-b.ts': '' });
    const result = await discover(root, ['src'], { cwd: path.join(root, 'pkg') });
    expect(result.root).toBe(root);
    expect(rel(root, result)).toEqual(['pkg/src/a.ts']);
    expect(result.skipped).toEqual([{ reason: SKIP_REASONS.gitignore, count: 1 }]);
  });

  it('always skips node_modules and .git without counting their files', async () => {
    const root = tree({
      'node_modules/pkg/index.js': '',
      'packages/a/node_modules/x/y.ts': '',
      'packages/a/index.ts': '',
      '.git/hooks/pre-commit.js': '',
    });
    const result = await discover(root);
    expect(rel(root, result)).toEqual(['packages/a/index.ts']);
    expect(result.skipped).toEqual([]);
  });

  it('skips default excludes, minified bundles and declaration files, counted by reason', async () => {
    const root = tree({
      'dist/a.js': '',
      'build/b.ts': '',
      'out/c.ts': '',
      'coverage/d.js': '',
      '.next/e.js': '',
      '.nuxt/f.js': '',
      'vendor/g.js': '',
      'packages/x/dist/h.js': '',
      'lib/app.min.js': '',
      'types/x.d.ts': '',
      'types/y.d.mts': '',
      'src/index.ts': '',
    });
    const result = await discover(root);
    expect(rel(root, result)).toEqual(['src/index.ts']);
    expect(result.skipped).toEqual([
      { reason: SKIP_REASONS.defaultExclude, count: 8, option: '--no-default-excludes' },
      { reason: SKIP_REASONS.declaration, count: 2 },
      { reason: SKIP_REASONS.minified, count: 1 },
    ]);
  });

  it('scans a build-named folder holding hand-written code: own package.json, no source maps, no tsconfig outDir', async () => {
    const root = tree({
      // hand-written: a package of its own named `build`
      'build/package.json': '{ "name": "build-tools" }',
      'build/deploy.ts': '',
      'build/lib/sign.js': '',
      // output: source maps beside the code
      'dist/package.json': '{ "type": "module" }',
      'dist/index.js': '',
      'dist/index.js.map': '',
      // output: a tsconfig (with comments, trailing commas and an `extends` chain) emits into it
      'packages/api/tsconfig.json': '{ "extends": "./tsconfig.build", }',
      'packages/api/tsconfig.build.json': '{\n  // emitted code\n  "compilerOptions": { "outDir": "out/", },\n}',
      'packages/api/out/package.json': '{ "name": "api" }',
      'packages/api/out/server.js': '',
      'packages/api/src/server.ts': '',
      // output: no package.json
      'packages/web/dist/app.js': '',
      // hand-written, but ignored by git: .gitignore wins
      'tools/out/package.json': '{}',
      'tools/out/x.ts': '',
      '.gitignore': 'tools/out/\n',
    });
    const result = await discover(root);
    expect(rel(root, result)).toEqual(['build/deploy.ts', 'build/lib/sign.js', 'packages/api/src/server.ts']);
    expect(result.skipped).toEqual([
      { reason: SKIP_REASONS.gitignore, count: 1 },
      { reason: SKIP_REASONS.defaultExclude, count: 3, option: '--no-default-excludes' },
    ]);
  });

  it('finds the outDir of a tsconfig above the walked directory', async () => {
    const root = tree({
      'tsconfig.json': '{ "compilerOptions": { "outDir": "app/build" } }',
      'app/build/package.json': '{ "name": "x" }',
      'app/build/index.js': '',
      'app/src/index.ts': '',
    });
    const result = await discover(root, ['app']);
    expect(rel(root, result)).toEqual(['app/src/index.ts']);
  });

  const testTree = {
    'test/a.ts': '',
    'tests/b.ts': '',
    'src/__tests__/c.ts': '',
    'src/__mocks__/d.ts': '',
    'fixtures/e.ts': '',
    'src/f.test.ts': '',
    'src/g.spec.js': '',
    'src/h.ts': '',
    'src/testing.ts': '',
    'e2e/i.ts': '',
    'src/j.e2e-spec.ts': '',
    'cypress/k.cy.ts': '',
    'src/l.e2e.ts': '',
    'src/e2e-helpers.ts': '',
  };

  it('skips test and fixture code by default', async () => {
    const root = tree(testTree);
    const result = await discover(root);
    expect(rel(root, result)).toEqual(['src/e2e-helpers.ts', 'src/h.ts', 'src/testing.ts']);
    expect(result.skipped).toEqual([{ reason: SKIP_REASONS.tests, count: 11, option: '--include-tests' }]);
  });

  it('includes test and fixture code with includeTests', async () => {
    const root = tree(testTree);
    const result = await discover(root, ['.'], { includeTests: true });
    expect(rel(root, result)).toEqual([
      'cypress/k.cy.ts',
      'e2e/i.ts',
      'fixtures/e.ts',
      'src/__mocks__/d.ts',
      'src/__tests__/c.ts',
      'src/e2e-helpers.ts',
      'src/f.test.ts',
      'src/g.spec.js',
      'src/h.ts',
      'src/j.e2e-spec.ts',
      'src/l.e2e.ts',
      'src/testing.ts',
      'test/a.ts',
      'tests/b.ts',
    ]);
    expect(result.skipped).toEqual([]);
  });

  it('matches excluded directory names below the directory walked, so a named fixtures dir is scanned', async () => {
    const root = tree({ 'fixtures/rule/a.ts': '', 'fixtures/rule/dist/b.ts': '', 'fixtures/rule/c.test.ts': '' });
    const result = await discover(root, ['fixtures']);
    expect(rel(root, result)).toEqual(['fixtures/rule/a.ts']);
    expect(result.skipped).toEqual([
      { reason: SKIP_REASONS.defaultExclude, count: 1, option: '--no-default-excludes' },
      { reason: SKIP_REASONS.tests, count: 1, option: '--include-tests' },
    ]);
  });

  it('scans explicit files despite default excludes, tests and .gitignore, but never node_modules', async () => {
    const root = tree({
      '.gitignore': 'ignored.ts\n',
      'test/a.test.ts': '',
      'dist/b.js': '',
      'ignored.ts': '',
      'app.min.js': '',
      'node_modules/x/i.js': '',
      'README.md': '',
    });
    const result = await discover(root, ['test/a.test.ts', 'dist/b.js', 'ignored.ts', 'app.min.js', 'node_modules/x/i.js', 'README.md']);
    expect(rel(root, result)).toEqual(['app.min.js', 'dist/b.js', 'ignored.ts', 'test/a.test.ts']);
    expect(result.skipped).toEqual([
      { reason: SKIP_REASONS.nodeModules, count: 1 },
      { reason: SKIP_REASONS.notSource, count: 1 },
    ]);
  });

  it('lets an explicit file win over its skip in a walk, and de-duplicates overlapping paths', async () => {
    const root = tree({ 'src/a.ts': '', 'src/a.test.ts': '', 'src/b.test.ts': '' });
    const result = await discover(root, ['.', 'src', 'src/a.ts', './src/a.test.ts', 'src/a.test.ts']);
    expect(rel(root, result)).toEqual(['src/a.test.ts', 'src/a.ts']);
    expect(result.skipped).toEqual([{ reason: SKIP_REASONS.tests, count: 1, option: '--include-tests' }]);
  });

  it('applies ignorePatterns (relative to the root) to walks and explicit files', async () => {
    const root = tree({ 'gen/a.ts': '', 'src/b.ts': '', 'src/c.generated.ts': '' });
    const result = await discover(root, ['.', 'gen/a.ts'], { ignorePatterns: ['gen/', '*.generated.ts'] });
    expect(rel(root, result)).toEqual(['src/b.ts']);
    expect(result.skipped).toEqual([{ reason: SKIP_REASONS.ignorePatterns, count: 2 }]);
  });

  it('does not follow symlinks out of the root and de-duplicates links inside it', async () => {
    const outside = tree({ 'secret.ts': '', 'lib/x.ts': '' }, { git: false });
    const root = tree({ 'src/real.ts': '' });
    symlinkSync(path.join(outside, 'lib'), path.join(root, 'ext'), 'dir');
    symlinkSync(path.join(outside, 'secret.ts'), path.join(root, 'ext.ts'), 'file');
    symlinkSync(path.join(root, 'src/real.ts'), path.join(root, 'alias.ts'), 'file');
    symlinkSync(path.join(root, 'src'), path.join(root, 'src-link'), 'dir');
    const result = await discover(root);
    expect(rel(root, result)).toEqual(['src/real.ts']);
    expect(result.skipped).toEqual([{ reason: SKIP_REASONS.symlinkOutsideRoot, count: 2 }]);

    const explicit = await discover(root, ['ext.ts']);
    expect(explicit.files).toEqual([]);
    expect(explicit.skipped).toEqual([{ reason: SKIP_REASONS.symlinkOutsideRoot, count: 1 }]);
  });

  it('survives symlink loops and dangling symlinks', async () => {
    const root = tree({ 'src/a.ts': '' });
    symlinkSync('loop2.ts', path.join(root, 'loop1.ts'));
    symlinkSync('loop1.ts', path.join(root, 'loop2.ts'));
    symlinkSync('missing.ts', path.join(root, 'dangling.ts'));
    symlinkSync('.', path.join(root, 'src/self'));
    symlinkSync('..', path.join(root, 'src/up'));
    const result = await discover(root);
    expect(rel(root, result)).toEqual(['src/a.ts']);
    expect(result.skipped).toEqual([{ reason: SKIP_REASONS.brokenSymlink, count: 3 }]);

    const explicit = await discover(root, ['dangling.ts', 'src/self']);
    expect(rel(root, explicit)).toEqual(['src/self/a.ts']);
    expect(explicit.skipped).toEqual([{ reason: SKIP_REASONS.brokenSymlink, count: 1 }]);
  });

  it('treats a directory named like a source file as a directory', async () => {
    const root = tree({ 'x.ts/inner.ts': '', 'y.js/': '' });
    const walked = await discover(root);
    expect(rel(root, walked)).toEqual(['x.ts/inner.ts']);
    expect(walked.notifications).toEqual([]);

    const explicit = await discover(root, ['x.ts', 'y.js']);
    expect(rel(root, explicit)).toEqual(['x.ts/inner.ts']);
    expect(explicit.notifications.map((n) => [n.kind, n.file])).toEqual([
      ['not-a-file', 'x.ts'],
      ['not-a-file', 'y.js'],
    ]);
  });

  it('throws a UsageError naming a path that does not exist', async () => {
    const root = tree({ 'a.ts': '' });
    const attempt = discover(root, ['a.ts', 'nope/missing.ts']);
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(attempt).rejects.toThrow('path not found: nope/missing.ts');
  });

  it('uses the git top level containing cwd as the root, else cwd', async () => {
    const root = tree({ 'packages/app/src/a.ts': '' });
    const nested = await discover(root, ['.'], { cwd: path.join(root, 'packages/app') });
    expect(nested.root).toBe(root);
    expect(rel(root, nested)).toEqual(['packages/app/src/a.ts']);

    const plain = tree({ 'sub/a.ts': '' }, { git: false });
    const noGit = await discover(plain, ['.'], { cwd: path.join(plain, 'sub') });
    expect(noGit.root).toBe(path.join(plain, 'sub'));
  });

  it('treats a .git file (worktree, submodule) as a repository marker', async () => {
    const root = tree({ 'mod/.git': 'gitdir: ../.git/modules/mod\n', 'mod/a.ts': '' });
    const result = await discover(root, ['.'], { cwd: path.join(root, 'mod') });
    expect(result.root).toBe(path.join(root, 'mod'));
    expect(rel(path.join(root, 'mod'), result)).toEqual(['a.ts']);
  });
});
