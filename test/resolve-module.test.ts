import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { Project } from '../src/binding/project.js';
import { ModuleResolver } from '../src/binding/resolve-module.js';
import { pnpmPackagePatterns } from '../src/binding/workspaces.js';
import { ScanCache } from '../src/engine/cache.js';
import { scanFiles } from '../src/engine/scan.js';

/**
 * Module resolution follows TypeScript: a small monorepo on disk with tsconfig `paths`/`baseUrl` and `extends`,
 * npm, yarn and pnpm workspaces, `#imports`, `.js` specifiers naming `.ts` sources and index files.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-resolve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(tree: Record<string, string>, base = dir): void {
  for (const [name, text] of Object.entries(tree)) {
    const file = path.join(base, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

const at = (...parts: string[]) => path.join(dir, ...parts);

write({
  'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*', '!packages/ignored'] }),
  'tsconfig.base.json': `{
    // comments and trailing commas are fine in a tsconfig
    "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["apps/web/src/*"], "@common": ["common/index.ts"], }, },
  }`,
  'apps/web/tsconfig.json': JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { strict: true } }),
  'apps/web/src/config.ts': 'export const secret = "x";\n',
  'apps/web/src/lib/security.ts': 'export const authorize = 1;\n',
  'apps/web/src/lib/esm.ts': 'export const a = 1;\n',
  'apps/web/src/lib/helpers/index.ts': 'export const h = 1;\n',
  'apps/web/src/lib/module.mts': 'export const m = 1;\n',
  'apps/web/src/routes/login.ts': '',
  'apps/web/src/types.d.ts': 'export declare const t: string;\n',
  'apps/web/src/legacy.d.ts': 'export declare const l: string;\n',
  'apps/web/src/legacy.js': 'exports.l = "l";\n',
  'apps/web/src/components/Login.svelte': '<script lang="ts">export let token: string;</script>\n',
  'apps/web/src/components/Card.vue': '<script setup lang="ts">const a = 1;</script>\n',
  'apps/web/src/components/store.svelte.ts': 'export const store = 1;\n',
  'apps/web/src/components/store.svelte': '<script>let x;</script>\n',
  'common/index.ts': 'export const common = 1;\n',
  // its own config: '@/*' means its own src here (nearest config per file)
  'apps/api/tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./src/*'] } } }),
  'apps/api/src/config.ts': 'export const api = 1;\n',
  'apps/api/src/server.ts': '',
  'apps/api/package.json': JSON.stringify({ name: 'api', imports: { '#config': './src/config.ts', '#lib/*': './src/lib/*.js' } }),
  'apps/api/src/lib/keys.ts': 'export const key = 1;\n',
  // a workspace package whose build output is absent
  'packages/auth/package.json': JSON.stringify({
    name: '@acme/auth',
    main: 'dist/index.js',
    types: 'dist/index.d.ts',
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './tokens': './dist/tokens.js' },
  }),
  'packages/auth/src/index.ts': 'export const sign = 1;\n',
  'packages/auth/src/tokens.ts': 'export const tokens = 1;\n',
  // built: dist is there, the source still wins
  'packages/built/package.json': JSON.stringify({ name: 'built', main: './dist/esm/index.js', types: './dist/types/index.d.ts' }),
  'packages/built/dist/esm/index.js': 'export const b = 1;\n',
  'packages/built/dist/types/index.d.ts': 'export declare const b: number;\n',
  'packages/built/src/index.ts': 'export const b = 1;\n',
  // a package whose manifest points at its sources
  'packages/plain/package.json': JSON.stringify({ name: 'plain', main: './src/main.ts' }),
  'packages/plain/src/main.ts': 'export const p = 1;\n',
  'packages/ignored/package.json': JSON.stringify({ name: 'ignored-pkg', main: 'index.ts' }),
  'packages/ignored/index.ts': '',
  // installed dependencies are never resolved into
  'node_modules/jsonwebtoken/package.json': JSON.stringify({ name: 'jsonwebtoken', main: 'index.js' }),
  'node_modules/jsonwebtoken/index.js': 'module.exports = {};\n',
});

describe('ModuleResolver', () => {
  const resolver = new ModuleResolver(dir);
  const web = at('apps/web/src/routes/login.ts');
  const resolve = (from: string, specifier: string) => resolver.resolve(from, specifier).file;

  it('follows tsconfig paths through an extends chain', () => {
    expect(resolve(web, '@/config')).toBe(at('apps/web/src/config.ts'));
    expect(resolve(web, '@/lib/security')).toBe(at('apps/web/src/lib/security.ts'));
    expect(resolve(web, '@common')).toBe(at('common/index.ts'));
  });

  it('follows baseUrl for bare specifiers', () => {
    expect(resolve(web, 'common')).toBe(at('common/index.ts'));
    expect(resolve(web, 'apps/web/src/config')).toBe(at('apps/web/src/config.ts'));
  });

  it('uses the nearest config of each file', () => {
    expect(resolve(at('apps/api/src/server.ts'), '@/config')).toBe(at('apps/api/src/config.ts'));
  });

  it('maps .js specifiers to .ts sources and finds index files', () => {
    expect(resolve(web, '../lib/esm.js')).toBe(at('apps/web/src/lib/esm.ts'));
    expect(resolve(web, '../lib/helpers')).toBe(at('apps/web/src/lib/helpers/index.ts'));
    expect(resolve(web, '../lib/module.mjs')).toBe(at('apps/web/src/lib/module.mts'));
  });

  it('resolves component files (.vue, .svelte) relatively and through aliases', () => {
    expect(resolve(web, '../components/Login.svelte')).toBe(at('apps/web/src/components/Login.svelte'));
    expect(resolve(web, '@/components/Card.vue')).toBe(at('apps/web/src/components/Card.vue'));
    // Svelte 5 runes module: './store.svelte' names store.svelte.ts, as TypeScript resolves it
    expect(resolve(web, '../components/store.svelte')).toBe(at('apps/web/src/components/store.svelte.ts'));
    expect(resolve(web, '../components/Missing.vue')).toBeUndefined();
  });

  it('prefers the code beside a declaration file, and keeps a declaration that has none', () => {
    expect(resolve(web, '../legacy')).toBe(at('apps/web/src/legacy.js'));
    expect(resolve(web, '../types')).toBe(at('apps/web/src/types.d.ts'));
  });

  it('resolves #subpath imports of the nearest package.json', () => {
    const server = at('apps/api/src/server.ts');
    expect(resolve(server, '#config')).toBe(at('apps/api/src/config.ts'));
    expect(resolve(server, '#lib/keys')).toBe(at('apps/api/src/lib/keys.ts'));
    expect(resolve(server, '#missing')).toBeUndefined();
  });

  it('resolves workspace packages by name to their sources when the build output is absent', () => {
    expect(resolve(web, '@acme/auth')).toBe(at('packages/auth/src/index.ts'));
    expect(resolve(web, '@acme/auth/tokens')).toBe(at('packages/auth/src/tokens.ts'));
    expect(resolve(web, 'plain')).toBe(at('packages/plain/src/main.ts'));
  });

  it('prefers a workspace package source over its build output', () => {
    expect(resolve(web, 'built')).toBe(at('packages/built/src/index.ts'));
  });

  it('leaves npm packages, excluded workspace folders and dead aliases unresolved', () => {
    expect(resolve(web, 'jsonwebtoken')).toBeUndefined();
    expect(resolve(web, 'express')).toBeUndefined();
    expect(resolve(web, 'ignored-pkg')).toBeUndefined();
    expect(resolve(web, '@/nowhere')).toBeUndefined();
    expect(resolve(web, './nowhere')).toBeUndefined();
  });

  it('looks in typeRoots for a bare name only where the folder holds that name', () => {
    const typed = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-resolve-typeroots-'));
    write(
      {
        'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', typeRoots: ['./typings'] } }),
        'typings/legacy.d.ts': 'export declare const l: number;\n',
        'typings/legacy.js': 'exports.l = 1;\n',
        'src/a.ts': '',
      },
      typed,
    );
    const typedResolver = new ModuleResolver(typed);
    const from = path.join(typed, 'src/a.ts');
    expect(typedResolver.resolve(from, 'legacy').file).toBe(path.join(typed, 'typings/legacy.js'));
    expect(typedResolver.resolve(from, 'express').file).toBeUndefined();
    expect(typedResolver.resolve(from, '@nestjs/common').file).toBeUndefined();
    rmSync(typed, { recursive: true, force: true });
  });

  it('names the config and manifest files an answer depends on', () => {
    expect(resolver.resolve(web, '@/config').dependsOn).toEqual([at('apps/web/tsconfig.json'), at('tsconfig.base.json'), at('package.json')]);
    expect(resolver.resolve(web, '@acme/auth').dependsOn).toContain(at('packages/auth/package.json'));
  });

  it('gives the same answer when the workspace is installed (a linked package)', () => {
    const linked = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-resolve-linked-'));
    try {
      write(
        {
          'package.json': JSON.stringify({ name: 'l', workspaces: ['libs/*'] }),
          'libs/core/package.json': JSON.stringify({ name: '@l/core', main: 'build/index.js' }),
          'libs/core/src/index.ts': 'export const c = 1;\n',
          'app/main.ts': '',
        },
        linked,
      );
      mkdirSync(path.join(linked, 'node_modules', '@l'), { recursive: true });
      symlinkSync(path.join(linked, 'libs', 'core'), path.join(linked, 'node_modules', '@l', 'core'), 'dir');
      expect(new ModuleResolver(linked).resolve(path.join(linked, 'app', 'main.ts'), '@l/core').file).toBe(path.join(linked, 'libs', 'core', 'src', 'index.ts'));
    } finally {
      rmSync(linked, { recursive: true, force: true });
    }
  });
});

describe('ModuleResolver with other layouts', () => {
  const other = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-resolve-other-'));
  afterAll(() => rmSync(other, { recursive: true, force: true }));
  write(
    {
      'pnpm-workspace.yaml': "packages:\n  # apps and libraries\n  - 'apps/*'\n  - \"libs/**\"\n  - '!**/test/**'\ncatalog:\n  x: 1\n",
      'libs/jwt/package.json': JSON.stringify({ name: '@p/jwt', exports: { '.': { import: './dist/index.mjs', require: './dist/index.cjs' } } }),
      'libs/jwt/src/index.ts': 'export const j = 1;\n',
      'apps/site/main.js': '',
      'apps/site/jsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '~/*': ['./lib/*'] } } }),
      'apps/site/lib/auth.js': 'module.exports = {};\n',
      // solution style: the aliases live in a referenced config
      'apps/vite/tsconfig.json': JSON.stringify({ files: [], references: [{ path: './tsconfig.node.json' }, { path: './tsconfig.app.json' }] }),
      'apps/vite/tsconfig.node.json': JSON.stringify({ compilerOptions: { composite: true }, include: ['vite.config.ts'] }),
      'apps/vite/tsconfig.app.json': JSON.stringify({ compilerOptions: { composite: true, paths: { '@/*': ['./src/*'] } }, include: ['src'] }),
      'apps/vite/src/api.ts': 'export const api = 1;\n',
      'apps/vite/src/main.ts': '',
      'apps/broken/tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] }, "baseUrl": . }',
      'apps/broken/src/a.ts': 'export const a = 1;\n',
      'apps/broken/src/main.ts': '',
      'apps/missing-base/tsconfig.json': JSON.stringify({ extends: ['./nope.json', '@tsconfig/node20/tsconfig.json'], compilerOptions: { paths: { '#/*': ['./src/*'] } } }),
      'apps/missing-base/src/a.ts': 'export const a = 1;\n',
    },
    other,
  );
  const resolver = new ModuleResolver(other);
  const resolve = (from: string, specifier: string) => resolver.resolve(path.join(other, from), specifier).file;

  it('reads pnpm-workspace.yaml and exports conditions', () => {
    expect(resolve('apps/site/main.js', '@p/jwt')).toBe(path.join(other, 'libs/jwt/src/index.ts'));
  });

  it('reads jsconfig.json', () => {
    expect(resolve('apps/site/main.js', '~/auth')).toBe(path.join(other, 'apps/site/lib/auth.js'));
  });

  it('finds the aliases of a solution-style tsconfig in its references', () => {
    expect(resolve('apps/vite/src/main.ts', '@/api')).toBe(path.join(other, 'apps/vite/src/api.ts'));
  });

  it('tolerates broken configs: what can be read still applies, and the problem is reported once', () => {
    expect(resolve('apps/broken/src/main.ts', '@/a')).toBe(path.join(other, 'apps/broken/src/a.ts'));
    expect(resolve('apps/missing-base/src/a.ts', '#/a')).toBe(path.join(other, 'apps/missing-base/src/a.ts'));
    const problems = resolver.takeConfigProblems();
    expect(problems.map((p) => path.relative(other, p.file)).sort()).toEqual(['apps/broken/tsconfig.json', 'apps/missing-base/tsconfig.json']);
    expect(problems.find((p) => p.file.includes('missing-base'))?.message).toContain('nope.json');
    resolve('apps/broken/src/a.ts', '@/main');
    expect(resolver.takeConfigProblems()).toEqual([]);
  });

  it('parses the packages list of pnpm-workspace.yaml in both styles', () => {
    expect(pnpmPackagePatterns('packages: [\'a/*\', "b"] # list\n')).toEqual(['a/*', 'b']);
    expect(pnpmPackagePatterns('name: x\npackages:\n\n  - a/*   # apps\n  - b\nother:\n  - c\n')).toEqual(['a/*', 'b']);
    expect(pnpmPackagePatterns('catalog:\n  a: 1\n')).toEqual([]);
  });
});

describe('Project.resolveImport', () => {
  it('stays inside the scan root and sees texts that stand in for files', () => {
    const unsaved = at('apps/web/src/unsaved.ts');
    const project = new Project(at('apps/web'), new Map([[unsaved, 'export const u = 1;\n']]));
    expect(project.resolveImport(at('apps/web/src/routes/login.ts'), '@/unsaved')).toBe(unsaved);
    expect(project.resolveImport(at('apps/web/src/routes/login.ts'), '../../../../common/index')).toBeUndefined();
  });
});

describe('scans through aliases', () => {
  const app = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-resolve-scan-'));
  afterAll(() => rmSync(app, { recursive: true, force: true }));
  write(
    {
      'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '~/*': ['./src/*'] } } }),
      'src/keys.ts': "export const key = 'alias-scan-signing-key';\n",
      'src/auth.ts': "import jwt from 'jsonwebtoken';\nimport { key } from '~/keys';\nexport const issue = () => jwt.sign({ sub: 1 }, key, { expiresIn: '1h' });\n",
      'broken/tsconfig.json': '{ "compilerOptions": { "paths": { "~/*": [./x/*] } } }',
      'broken/x/keys.ts': "export const key = 'broken-config-key';\n",
      'broken/auth.ts': "import jwt from 'jsonwebtoken';\nimport { key } from '~/keys';\nexport const issue = () => jwt.sign({ sub: 1 }, key, { expiresIn: '1h' });\n",
    },
    app,
  );
  const files = ['src/auth.ts', 'src/keys.ts', 'broken/auth.ts'].map((f) => path.join(app, f));
  const cacheDir = path.join(app, '.cache');
  const scan = () => scanFiles({ root: app, files, rules: allRules, cache: ScanCache.open(cacheDir, 'k') });

  it('finds a secret imported through a tsconfig alias, and names a broken config once', () => {
    const report = scan();
    expect(report.findings.filter((f) => f.ruleId === 'hardcoded-secret').map((f) => f.location.file)).toEqual(['src/keys.ts']);
    const configProblems = report.notifications.filter((n) => n.file === 'broken/tsconfig.json');
    expect(configProblems).toHaveLength(1);
    expect(configProblems[0]).toMatchObject({ kind: 'unreadable', level: 'warning' });
  });

  it('keeps the config notification on a warm run, and re-checks importers when a config changes', () => {
    const warm = scan();
    expect(warm.stats.filesParsed).toBe(0);
    expect(warm.notifications.filter((n) => n.file === 'broken/tsconfig.json')).toHaveLength(1);
    writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { paths: { '~/*': ['./elsewhere/*'] } } }));
    const changed = scan();
    expect(changed.stats.filesParsed).toBeGreaterThan(0);
    expect(changed.findings.filter((f) => f.ruleId === 'hardcoded-secret')).toEqual([]);
  });
});
