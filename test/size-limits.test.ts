/**
 * Size guard: a file under src/ or rules/ holds at most 500 lines and a function at most 80, unless the line
 * just above the function says why it is longer (`// long: reason`). The files and functions over the limit
 * today are listed with their size: they may only shrink, and leave the list once they are within the limit.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..');
const MAX_FILE_LINES = 500;
const MAX_FUNCTION_LINES = 80;
const LONG_REASON = /^\s*\/\/ long: \S/;

/** Files over MAX_FILE_LINES today, with their line count. */
const FILE_OFFENDERS: Record<string, number> = {};

/** Functions over MAX_FUNCTION_LINES today (`file:qualified name`), with their line count. */
const FUNCTION_OFFENDERS: Record<string, number> = {};

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTs(full));
    else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

function lineCount(text: string): number {
  const lines = text.split(/\r\n|\r|\n/);
  return text.endsWith('\n') ? lines.length - 1 : lines.length;
}

type FunctionNode = ts.FunctionLikeDeclaration;

function isFunction(node: ts.Node): node is FunctionNode {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node)
  );
}

/** The function's own name, or the name it is assigned to; for a callback, `(callee callback)`. */
function ownName(node: FunctionNode, sourceFile: ts.SourceFile): string {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (node.name !== undefined) return node.name.getText(sourceFile);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText(sourceFile);
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
    const callee = parent.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : 'call';
    return `(${name} callback)`;
  }
  return '(anonymous)';
}

/** `Class.method`, `outer.inner`: the names of the enclosing classes and functions, outermost first. */
function qualifiedName(node: FunctionNode, sourceFile: ts.SourceFile): string {
  const names = [ownName(node, sourceFile)];
  for (let ancestor = node.parent; !ts.isSourceFile(ancestor); ancestor = ancestor.parent) {
    if (isFunction(ancestor)) names.unshift(ownName(ancestor, sourceFile));
    else if (ts.isClassLike(ancestor)) names.unshift(ancestor.name?.text ?? '(class)');
  }
  return names.join('.');
}

interface Measured {
  file: string;
  lines: number;
  functions: { key: string; lines: number; excused: boolean }[];
}

function measure(relative: string, text: string): Measured {
  const sourceFile = ts.createSourceFile(relative, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const sourceLines = text.split(/\r\n|\r|\n/);
  const functions: Measured['functions'] = [];
  const seen = new Map<string, number>();
  const visit = (node: ts.Node): void => {
    if (isFunction(node) && node.body !== undefined) {
      const first = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line;
      const last = sourceFile.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = qualifiedName(node, sourceFile);
      const occurrence = (seen.get(name) ?? 0) + 1;
      seen.set(name, occurrence);
      const key = `${relative}:${name}${occurrence > 1 ? `#${occurrence}` : ''}`;
      functions.push({ key, lines: last - first + 1, excused: first > 0 && LONG_REASON.test(sourceLines[first - 1]) });
    }
    node.forEachChild(visit);
  };
  visit(sourceFile);
  return { file: relative, lines: lineCount(text), functions };
}

/** Problems of one kind of size: new offenders, grown offenders, and listed ones now within the limit or gone. */
function compare(kind: string, limit: number, actual: Map<string, number>, listed: Record<string, number>): string[] {
  const problems: string[] = [];
  for (const [key, lines] of actual) {
    if (lines <= limit) continue;
    const allowed = listed[key];
    if (allowed === undefined) problems.push(`${key}: ${kind} has ${lines} lines (limit ${limit}); split it${kind === 'function' ? ' or say why on the line above (// long: reason)' : ''}`);
    else if (lines > allowed) problems.push(`${key}: ${kind} grew to ${lines} lines (listed at ${allowed}, limit ${limit}); it may only shrink`);
  }
  for (const key of Object.keys(listed)) {
    const lines = actual.get(key);
    if (lines === undefined) problems.push(`${key}: listed ${kind} no longer exists; remove it from the list in test/size-limits.test.ts`);
    else if (lines <= limit) problems.push(`${key}: ${kind} is now ${lines} lines, within the limit; remove it from the list in test/size-limits.test.ts`);
  }
  return problems;
}

describe('size limits', () => {
  const measured = ['src', 'rules']
    .flatMap((dir) => listTs(path.join(repoRoot, dir)))
    .map((file) => measure(path.relative(repoRoot, file).split(path.sep).join('/'), readFileSync(file, 'utf8')));

  it('measures the sources', () => {
    expect(measured.length).toBeGreaterThan(50);
    expect(measured.flatMap((m) => m.functions).length).toBeGreaterThan(500);
  });

  it('names and measures functions, and honours a `// long:` reason on the line above', () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const text = [
      'export class Box {',
      `  open(): void {\n${body(3)}\n  }`,
      '}',
      `export function outer() {\n  const inner = () => {\n${body(2)}\n  };\n  [1].map((x) => x);\n}`,
      '// long: one table, easier to read whole',
      `function table() {\n${body(90)}\n}`,
      `function big() {\n${body(90)}\n}`,
    ].join('\n');
    const functions = measure('x.ts', text).functions;
    expect(functions.map((f) => [f.key, f.lines, f.excused])).toEqual([
      ['x.ts:Box.open', 5, false],
      ['x.ts:outer', 7, false],
      ['x.ts:outer.inner', 4, false],
      ['x.ts:outer.(map callback)', 1, false],
      ['x.ts:table', 92, true],
      ['x.ts:big', 92, false],
    ]);
    const actual = new Map(functions.filter((f) => !f.excused).map((f) => [f.key, f.lines] as const));
    expect(compare('function', 80, actual, {})).toEqual(['x.ts:big: function has 92 lines (limit 80); split it or say why on the line above (// long: reason)']);
    expect(compare('function', 80, actual, { 'x.ts:big': 92 })).toEqual([]);
    expect(compare('function', 80, actual, { 'x.ts:big': 91, 'x.ts:gone': 100 })).toHaveLength(2);
  });

  it(`files are at most ${MAX_FILE_LINES} lines, listed ones only shrink`, () => {
    const actual = new Map(measured.map((m) => [m.file, m.lines]));
    expect(compare('file', MAX_FILE_LINES, actual, FILE_OFFENDERS)).toEqual([]);
  });

  it(`functions are at most ${MAX_FUNCTION_LINES} lines unless the line above says why, listed ones only shrink`, () => {
    const actual = new Map(measured.flatMap((m) => m.functions.filter((f) => !f.excused).map((f) => [f.key, f.lines] as const)));
    expect(compare('function', MAX_FUNCTION_LINES, actual, FUNCTION_OFFENDERS)).toEqual([]);
  });
});
