import { existsSync, mkdirSync, realpathSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileView } from '../src/binding/file-view.js';
import { ModuleResolver } from '../src/binding/resolve-module.js';
import { lookUpModule, matchingPathsKey } from '../src/binding/typescript-lookup.js';

/**
 * The answers resolution gives without TypeScript's resolver (src/binding/typescript-lookup.ts and the bare
 * specifier steps of ModuleResolver) are TypeScript's answers: folders with and without a package.json, `.`
 * and `..`, arbitrary extensions, `paths` that match and find nothing, `baseUrl` and a package's own name.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-lookup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (...parts: string[]) => path.join(dir, ...parts);

function write(tree: Record<string, string>, base = dir): void {
  for (const [name, text] of Object.entries(tree)) {
    const file = path.join(base, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

write({
  'app/tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { 'lib/*': ['./missing/*'], '#src/*': ['./src/*'] } } }),
  'app/package.json': JSON.stringify({ name: 'app', exports: { './session': './src/session.ts' } }),
  'app/src/main.ts': '',
  'app/src/session.ts': 'export const s = 1;\n',
  'app/src/hooks/index.ts': 'export const h = 1;\n',
  'app/src/hooks/index.js': 'exports.h = 1;\n',
  'app/src/plain/index.jsx': 'export const p = 1;\n',
  'app/src/both.js': 'exports.b = 1;\n',
  'app/src/both/index.ts': 'export const b = 1;\n',
  'app/src/pkg/package.json': JSON.stringify({ main: './entry.ts' }),
  'app/src/pkg/entry.ts': 'export const e = 1;\n',
  'app/src/pkg/index.ts': 'export const i = 1;\n',
  'app/src/styles.module.scss': '.a {}\n',
  'app/src/typed.module.scss': '.a {}\n',
  'app/src/typed.module.d.scss.ts': 'export declare const a: string;\n',
  'app/src/nested/deep.ts': '',
  'app/src/index.ts': 'export const root = 1;\n',
  'app/lib/auth.ts': 'export const a = 1;\n',
  'app/tools.ts': 'export const t = 1;\n',
  'app/react/README.md': '',
});

describe('module lookups without TypeScript', () => {
  const resolver = new ModuleResolver(dir);
  const main = at('app/src/main.ts');
  const resolve = (from: string, specifier: string) => resolver.resolve(from, specifier).file;

  it('finds a folder index file, after a file of the same name', () => {
    expect(resolve(main, './hooks')).toBe(at('app/src/hooks/index.ts'));
    expect(resolve(main, './plain')).toBe(at('app/src/plain/index.jsx'));
    expect(resolve(main, './both')).toBe(at('app/src/both.js'));
    expect(resolve(main, './both/')).toBe(at('app/src/both/index.ts'));
  });

  it('reads a folder package.json entry as TypeScript does', () => {
    expect(resolve(main, './pkg')).toBe(at('app/src/pkg/entry.ts'));
  });

  it('resolves `.` and `..` to index files', () => {
    expect(resolve(at('app/src/nested/deep.ts'), '..')).toBe(at('app/src/index.ts'));
    expect(resolve(main, '.')).toBe(at('app/src/index.ts'));
  });

  it('finds the declaration file of an asset only where there is one', () => {
    expect(resolve(main, './styles.module.scss')).toBeUndefined();
    expect(resolve(main, './typed.module.scss')).toBe(at('app/src/typed.module.d.scss.ts'));
  });

  it('follows `baseUrl`, and leaves a package name it cannot reach unresolved', () => {
    expect(resolve(main, 'tools')).toBe(at('app/tools.ts'));
    expect(resolve(main, 'react')).toBeUndefined(); // a folder of that name holds no module
    expect(resolve(main, 'express')).toBeUndefined();
  });

  it('does not fall back to `baseUrl` when a `paths` pattern matched and found nothing', () => {
    expect(resolve(main, 'lib/auth')).toBeUndefined();
    expect(resolve(main, '#src/session')).toBe(at('app/src/session.ts'));
  });

  it("resolves the package's own name through its exports", () => {
    expect(resolve(main, 'app/session')).toBe(at('app/src/session.ts'));
  });
});

describe('lookUpModule', () => {
  const view = new FileView();
  const host = { fileExists: (f: string) => view.fileExists(f), directoryExists: (f: string) => view.directoryExists(f) };

  it('answers a file, an index, nothing, or leaves a package folder to TypeScript', () => {
    expect(lookUpModule(at('app/src/session'), host, false)).toEqual({ file: at('app/src/session.ts') });
    expect(lookUpModule(at('app/src/session.js'), host, false)).toEqual({ file: at('app/src/session.ts') });
    expect(lookUpModule(at('app/src/hooks'), host, false)).toEqual({ file: at('app/src/hooks/index.ts') });
    expect(lookUpModule(at('app/src/nowhere'), host, false)).toBe('none');
    expect(lookUpModule(at('app/no-folder/x'), host, false)).toBe('none');
    expect(lookUpModule(at('app/src/session'), host, true)).toBe('none');
    expect(lookUpModule(at('app/src/pkg'), host, false)).toBe('undecided');
  });
});

describe('matchingPathsKey', () => {
  it('prefers an exact key, then the longest prefix, and ignores keys with two stars', () => {
    const paths = { '@/*': ['a'], '@/lib/*': ['b'], '@/lib/jwt': ['c'], '*/x/*': ['d'] };
    expect(matchingPathsKey(paths, '@/lib/jwt')).toEqual({ key: '@/lib/jwt' });
    expect(matchingPathsKey(paths, '@/lib/auth')).toEqual({ key: '@/lib/*', star: 'auth' });
    expect(matchingPathsKey(paths, '@/ui')).toEqual({ key: '@/*', star: 'ui' });
    expect(matchingPathsKey(paths, 'a/x/b')).toBeUndefined();
  });
});

describe('FileView', () => {
  it('answers from folder listings as a stat would', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-view-'));
    try {
      write({ 'a/file.ts': '', 'a/Upper.ts': '', 'a/sub/x.ts': '' }, root);
      symlinkSync(path.join(root, 'a', 'file.ts'), path.join(root, 'a', 'link.ts'));
      symlinkSync(path.join(root, 'a', 'gone.ts'), path.join(root, 'a', 'dangling.ts'));
      const stand = path.join(root, 'b', 'unsaved.ts');
      const view = new FileView(new Map([[stand, 'export {}']]));
      expect(view.fileExists(path.join(root, 'a', 'file.ts'))).toBe(true);
      expect(view.fileExists(path.join(root, 'a', 'sub'))).toBe(false);
      expect(view.directoryExists(path.join(root, 'a', 'sub'))).toBe(true);
      expect(view.fileExists(path.join(root, 'a', 'link.ts'))).toBe(true);
      expect(view.fileExists(path.join(root, 'a', 'dangling.ts'))).toBe(false);
      expect(view.fileExists(path.join(root, 'a', 'missing.ts'))).toBe(false);
      expect(view.fileExists(path.join(root, 'nowhere', 'x.ts'))).toBe(false);
      expect(view.fileExists(path.join(root, 'a', 'file.ts', 'x.ts'))).toBe(false);
      expect(view.fileExists(path.join(root, 'a', 'sub', '..', 'file.ts'))).toBe(true);
      // another spelling is what the file system says it is (there on a case-insensitive one)
      for (const name of ['upper.ts', 'UPPER.ts', 'FILE.ts']) expect(view.fileExists(path.join(root, 'a', name))).toBe(existsSync(path.join(root, 'a', name)));
      // a real path as the file system gives it: through a linked folder or a linked file, and of a plain file
      symlinkSync(path.join(root, 'a', 'sub'), path.join(root, 'a', 'linked'), 'dir');
      for (const file of [path.join(root, 'a', 'linked', 'x.ts'), path.join(root, 'a', 'link.ts'), path.join(root, 'a', 'sub', 'x.ts')]) {
        expect(view.realpath(file)).toBe(realpathSync.native(file));
      }
      expect(view.fileExists(stand)).toBe(true);
      expect(view.directoryExists(path.dirname(stand))).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
