import { describe, expect, it } from 'vitest';
import { exportNamesOf } from '../src/binding/export-names.js';
import type { ts } from 'ts-morph';
import { Project } from '../src/binding/project.js';
import { ValueResolver } from '../src/dataflow/values.js';
import type { ParsedFile } from '../src/parsing/parse.js';
import { parseSource } from '../src/parsing/parse.js';

const names = (text: string): string[] => [...exportNamesOf(text).names].sort();

describe('exportNamesOf', () => {
  it('lists declarations, lists, namespaces and the default export', () => {
    const text = [
      'export async function sign() {}',
      'export default class Keys {}',
      'export declare const enum Kind { A }',
      'export interface Options {}',
      "export { a, b as renamed, type T, x as default } from './x';",
      "export * as helpers from './helpers';",
      'export import Alias = Other.Thing;',
    ].join('\n');
    // a superset is allowed (`enum` read as a declarator), never fewer
    expect(names(text)).toEqual(expect.arrayContaining(['Alias', 'Keys', 'Kind', 'Options', 'T', 'a', 'default', 'helpers', 'renamed', 'sign']));
    expect(names(text)).not.toContain('b');
  });

  it('names every declarator of an exported variable statement', () => {
    expect(names("export const a = 1,\n  SECRET = 'x';\nconst local = 2;")).toEqual(expect.arrayContaining(['a', 'SECRET']));
    expect(names('export const a = {\n  k: 1,\n}, b = 2;\nexport let c: Map<A, B>;')).toEqual(expect.arrayContaining(['a', 'b', 'c']));
    expect(names('const local = 1;\nexport const a = 1\nconst other = 2')).not.toContain('other');
  });

  it('keeps star specifiers and says nothing of what they export', () => {
    const found = exportNamesOf("export * from './one';\nexport type * from './types';");
    expect(found.stars).toEqual(['./one', './types']);
    expect(found.names.size).toBe(0);
  });

  it('cannot say no for CommonJS, `export =` and destructuring exports', () => {
    for (const text of ['module.exports = { a };', 'exports.a = 1;', 'export = api;', 'export const { a, b } = config;']) {
      expect(exportNamesOf(text).open).toBe(true);
    }
    expect(exportNamesOf('const a = 1;').open).toBe(false);
  });
});

describe('Project.mayExport', () => {
  const files: Record<string, string> = {
    'lib/index.ts': "export * from './keys';\nexport * from './ui';\nexport * from './nested';",
    'lib/keys.ts': "export const SECRET = 'k';",
    'lib/ui.ts': 'export function Button() {}',
    'lib/nested/index.ts': "export * from './deep';\nexport * from '../index';",
    'lib/nested/deep.ts': 'export default 1;\nexport const DEEP = 2;',
  };
  const setup = () => {
    const parsed: string[] = [];
    const sources = new Map(Object.entries(files).map(([name, text]) => [`/v/${name}`, text]));
    const parse = (file: string, text: string): ParsedFile => {
      parsed.push(file.slice(3));
      return parseSource(file, text);
    };
    return { project: new Project('/v', sources, parse), parsed };
  };

  it('follows `export *` by text, through cycles, and never passes a default export on', () => {
    const { project, parsed } = setup();
    expect(project.mayExport('/v/lib/index.ts', 'SECRET')).toBe(true);
    expect(project.mayExport('/v/lib/index.ts', 'DEEP')).toBe(true);
    expect(project.mayExport('/v/lib/index.ts', 'missing')).toBe(false);
    expect(project.mayExport('/v/lib/nested/deep.ts', 'default')).toBe(true);
    expect(project.mayExport('/v/lib/index.ts', 'default')).toBe(false);
    expect(project.mayExport('/v/lib/ui.ts', 'SECRET')).toBe(false);
    expect(parsed).toEqual([]); // text only
  });

  it('lets a value lookup through a barrel parse only the modules that may hold the name', () => {
    const { project, parsed } = setup();
    const sources = project as unknown as { sources: Map<string, string> };
    sources.sources.set('/v/main.ts', "import { SECRET } from './lib';\nexport const result = SECRET;");
    const main = project.load('/v/main.ts')!.sourceFile;
    const statement = main.statements[1] as ts.VariableStatement;
    const value = new ValueResolver(project).resolve(statement.declarationList.declarations[0].initializer!);
    expect(value.kind === 'string' && value.value).toBe('k');
    expect(parsed.sort()).toEqual(['lib/index.ts', 'lib/keys.ts', 'main.ts']);
  });
});
