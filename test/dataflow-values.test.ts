/** The value resolver (src/dataflow/values.ts) on small modules given as texts, without going through a rule. */
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { Project } from '../src/binding/project.js';
import { EnvWrites } from '../src/dataflow/env-writes.js';
import { ValueResolver, type Value } from '../src/dataflow/values.js';

/** A value as short text: `string:x`, `env:NAME`, `fallback(env:A, string:b)`, `library:jsonwebtoken.verify`... */
function show(value: Value): string {
  switch (value.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return `${value.kind}:${value.value}`;
    case 'env':
      return `env:${value.name}`;
    case 'fallback':
      return `fallback(${show(value.primary)}, ${show(value.fallback)})`;
    case 'bytes':
      return `bytes(${show(value.source)})`;
    case 'library':
      return `library:${[value.module, ...value.path].join('.')}`;
    case 'parameter':
      return `parameter:${value.index}`;
    case 'object':
      return `object{${[...value.props.keys()].join(',')}}${value.open ? '+' : ''}`;
    case 'array':
      return `array[${value.elements.map(show).join(',')}]${value.open ? '+' : ''}`;
    default:
      return value.kind;
  }
}

/** The value of `result` in main.ts (`export const result = ...;`, or the last `return` when there is none). */
function resolveValue(files: Record<string, string>, options: { envWrites?: boolean } = {}): Value {
  const sources = new Map(Object.entries(files).map(([name, text]) => [`/virtual/${name}`, text]));
  const project = new Project('/virtual', sources);
  const resolver = new ValueResolver(project, options.envWrites ? new EnvWrites(project, [...sources.keys()], sources) : undefined);
  const sourceFile = project.load('/virtual/main.ts')!.sourceFile;
  let target: ts.Expression | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.name.getText() === 'result' && node.initializer) target = node.initializer;
    if (!target && ts.isReturnStatement(node) && node.expression) target = node.expression;
    node.forEachChild(visit);
  };
  visit(sourceFile);
  if (!target) throw new Error('no result');
  return resolver.resolve(target);
}

const resolve = (files: Record<string, string>, options: { envWrites?: boolean } = {}): string => show(resolveValue(files, options));

/** One property of the value of `result` in main.ts. */
function resolveProperty(files: Record<string, string>, name: string): string {
  const value = resolveValue(files);
  const property = value.kind === 'object' ? value.props.get(name) : undefined;
  return property ? show(property.value) : 'absent';
}

describe('ValueResolver', () => {
  it.each([
    ["const a = 'x'; const b = a; export const result = b;", 'string:x'],
    ["const a = 'x'; export const result = `${a}-y`;", 'string:x-y'],
    ["export const result = 'a' + 'b';", 'string:ab'],
    ['export const result = 60 * 60;', 'number:3600'],
    ['export const result = process.env.JWT_SECRET;', 'env:JWT_SECRET'],
    ["export const result = process.env.JWT_SECRET || 'dev';", 'fallback(env:JWT_SECRET, string:dev)'],
    ["export const result = Buffer.from('s3cret', 'utf8');", 'bytes(string:s3cret)'],
    ["const config = { secret: 'k', ttl: 60 }; export const result = config.secret;", 'string:k'],
    ["const { secret } = { secret: 'k' }; export const result = secret;", 'string:k'],
    ["export const result = ['HS256', 'RS256'];", 'array[string:HS256,string:RS256]'],
    ["import jwt from 'jsonwebtoken'; export const result = jwt.verify;", 'library:jsonwebtoken.default.verify'],
    ['export function f(token: string, key: string) { return key; }', 'parameter:1'],
    ['export const result = Math.random().toString(36);', 'unknown'],
  ])('%s', (code, expected) => {
    expect(resolve({ 'main.ts': code })).toBe(expected);
  });

  it('reads static readonly class constants, not other static fields', () => {
    expect(resolve({ 'main.ts': "class Guard { static readonly HEADER = 'authorization'; }\nexport const result = Guard.HEADER;" })).toBe('string:authorization');
    expect(resolve({ 'main.ts': "class Guard { static header = 'authorization'; }\nexport const result = Guard.header;" })).toBe('unknown');
    const base = "export abstract class Base { static readonly NAME = 'base'; }";
    expect(resolve({ 'base.ts': base, 'main.ts': "import { Base } from './base';\nclass Sub extends Base {}\nexport const result = Sub.NAME;" })).toBe('string:base');
  });

  it('resolves super.method to the base class method, and an override shadows it', () => {
    const base = 'export abstract class Base { protected parse(t: string) { return t; } protected other() { return 1; } }';
    const main = [
      "import { Base } from './base';",
      'class Sub extends Base {',
      '  run() { return [super.parse, this.parse, super.other, this.other]; }',
      '  protected other() { return 2; }',
      '}',
    ].join('\n');
    const value = resolveValue({ 'base.ts': base, 'main.ts': main });
    const owners =
      value.kind === 'array'
        ? value.elements.map((e) => (e.kind === 'function' ? `${e.node.getSourceFile().fileName.replace('/virtual/', '')}:${e.node.getText().slice(-13)}` : e.kind))
        : [];
    expect(owners).toEqual(['base.ts:{ return t; }', 'base.ts:{ return t; }', 'base.ts:{ return 1; }', 'main.ts:{ return 2; }']);
  });

  it('follows imports of the project, named and default', () => {
    const keys = "export const KEY = 'from-keys';\nexport default { secret: process.env.S ?? 'fallback' };\n";
    expect(resolve({ 'keys.ts': keys, 'main.ts': "import { KEY } from './keys';\nexport const result = KEY;" })).toBe('string:from-keys');
    expect(resolve({ 'keys.ts': keys, 'main.ts': "import config from './keys.js';\nexport const result = config.secret;" })).toBe('fallback(env:S, string:fallback)');
  });

  it('reads an environment name as the literal the scan writes to it, when given the writes', () => {
    const files = { 'boot.ts': "process.env.JWT_SECRET = 'dev-secret';\n", 'main.ts': 'export const result = process.env.JWT_SECRET;' };
    expect(resolve(files)).toBe('env:JWT_SECRET');
    expect(resolve(files, { envWrites: true })).toBe('string:dev-secret');
  });

  it.each([
    ['function opts() { return { httpOnly: true }; } export const result = opts();', 'object{httpOnly}'],
    ["const opts = () => ({ path: '/' }); export const result = opts();", 'object{path}'],
    ["function key() { return 'k'; } export const result = key();", 'string:k'],
    ['function opts(maxAge: number) { return { maxAge }; } export const result = opts(1);', 'unknown'],
    ['function opts(p: boolean) { if (p) return { a: 1 }; return { b: 2 }; } export const result = opts(true);', 'unknown'],
    ['async function opts() { return { a: 1 }; } export const result = opts();', 'unknown'],
    ['async function opts() { return { a: 1 }; } export async function f() { return await opts(); }', 'object{a}'],
    ['function rec(): string { return rec(); } export const result = rec();', 'unknown'],
    ["import jwt from 'jsonwebtoken'; const client = () => jwt; export const result = client();", 'unknown'],
    ["import ms from 'ms'; const opts = () => ({ maxAge: ms('1d') }); export const result = opts();", 'object{maxAge}'],
  ])('a call to a project function: %s', (code, expected) => {
    expect(resolve({ 'main.ts': code })).toBe(expected);
  });

  it('follows a helper of another CommonJS module', () => {
    const helper = 'module.exports = { cookieOpts() { return { secure: true }; } };\n';
    expect(resolve({ 'helper.js': helper, 'main.ts': "const h = require('./helper');\nexport const result = h.cookieOpts();" })).toBe('object{secure}');
  });

  it.each([
    ['declare const c: boolean; export const result = { a: 1, ...(c ? { b: true } : {}) };', 'object{a,b}', 'unknown'],
    ['declare const c: boolean; export const result = { a: 1, ...(c && { b: true }) };', 'object{a,b}', 'unknown'],
    ["declare const c: boolean; export const result = { ...(c ? { b: true, x: 'p' } : { b: true, x: 'q' }) };", 'object{b,x}', 'boolean:true'],
    ['declare const c: boolean; declare const o: object; export const result = { a: 1, ...(c ? o : {}) };', 'object{}+', undefined],
  ])('a conditional spread: %s', (code, expected, b) => {
    expect(resolve({ 'main.ts': code })).toBe(expected);
    if (b !== undefined) expect(resolveProperty({ 'main.ts': code }, 'b')).toBe(b);
  });

  it.each([
    ['const days = (n: number) => n * 24 * 60 * 60;\nexport const result = days(30);', 'number:2592000'],
    ['function minutes(n: number) { return n * 60; }\nexport const result = minutes(75);', 'number:4500'],
    ["import moment from 'moment';\nconst d = (days: number) => moment.duration({ days }).asSeconds();\nexport const result = d(2);", 'number:172800'],
    ["import moment from 'moment';\nconst h = (n: number) => moment.duration(n, 'hours').asMinutes();\nexport const result = h(2);", 'number:120'],
    ['const j = (n: number) => n * 60 + Math.random();\nexport const result = j(1);', 'unknown'],
    ['const two = (a: number, b: number) => { const c = a; return c * b; };\nexport const result = two(2, 3);', 'unknown'],
    ["const d = (n: number) => n * 60;\nexport const result = d('x' as any);", 'unknown'],
    ['function m(this: unknown, n: number) { return n * 60; }\nexport const result = m(2);', 'number:120'],
  ])('evaluates a pure numeric helper at its call: %s', (code, expected) => {
    expect(resolve({ 'main.ts': code })).toBe(expected);
  });

  it('stops on a cycle instead of looping', () => {
    expect(resolve({ 'main.ts': 'let a: string = b; let b: string = a; export const result = a;' })).toBe('unknown');
  });

  it('keeps a result cut short by the depth limit out of the memo: a shorter question about the same chain gets the full value', () => {
    // c45 is too deep to resolve; c10 on the same chain is not
    const chain = Array.from({ length: 46 }, (_, i) => (i === 0 ? "const c0 = 'v';" : `const c${i} = c${i - 1};`)).join('\n');
    const project = new Project('/virtual', new Map([['/virtual/main.ts', `${chain}\nexport const deep = c45;\nexport const shallow = c10;`]]));
    const sourceFile = project.load('/virtual/main.ts')!.sourceFile;
    const initializer = (name: string): ts.Expression => {
      let found: ts.Expression | undefined;
      const visit = (node: ts.Node): void => {
        if (ts.isVariableDeclaration(node) && node.name.getText() === name && node.initializer) found = node.initializer;
        node.forEachChild(visit);
      };
      visit(sourceFile);
      return found!;
    };
    const resolver = new ValueResolver(project);
    expect(show(resolver.resolve(initializer('deep')))).toBe('unknown');
    expect(show(resolver.resolve(initializer('shallow')))).toBe('string:v');
  });
});
