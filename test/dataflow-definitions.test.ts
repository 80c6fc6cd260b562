import { describe, expect, it } from 'vitest';
import { ts } from 'ts-morph';
import { parseSource } from '../src/parsing/parse.js';
import { definitionsOf, singleDefinition, type Definition } from '../src/dataflow/definitions.js';

/** The identifier marked `/*@*\/name` in the code (the reference whose definitions are asked for). */
function reference(code: string): ts.Identifier {
  const marker = code.indexOf('/*@*/');
  if (marker < 0) throw new Error('no /*@*/ marker');
  const { sourceFile } = parseSource('/virtual/test.ts', code);
  let found: ts.Identifier | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.getStart() === marker + 5) found = node;
    node.forEachChild(visit);
  };
  visit(sourceFile);
  if (!found) throw new Error('marker is not before an identifier');
  return found;
}

/** A definition as short text: `value:<expression>[steps]`, `parameter:<index>`, ... */
function describeDefinition(definition: Definition): string {
  switch (definition.kind) {
    case 'value':
      return `value:${definition.expression.getText()}${definition.steps.length > 0 ? `@${definition.steps.join('.')}` : ''}`;
    case 'parameter':
      return `parameter:${definition.index}${definition.steps.length > 0 ? `@${definition.steps.join('.')}` : ''}`;
    case 'element':
      return `element:${definition.iterable.getText()}`;
    case 'declaration':
      return `declaration:${definition.declaration.kind}`;
    default:
      return 'unknown';
  }
}

const definitions = (code: string): string[] => definitionsOf(reference(code)).map(describeDefinition);

describe('definitionsOf', () => {
  it('a const is its initializer, with the destructuring path', () => {
    expect(definitions(`const { a: { b } } = source;\nuse(/*@*/b);`)).toEqual(['value:source@a.b']);
    expect(definitions(`const [, second] = pair;\nuse(/*@*/second);`)).toEqual(['value:pair@1']);
  });

  it('a later plain assignment hides the initializer (and an earlier value is not what is read)', () => {
    expect(definitions(`let t = req.headers.authorization;\nt = 'redacted';\nlog(/*@*/t);`)).toEqual(["value:'redacted'"]);
    expect(definitions(`let t = '';\nt = req.headers.authorization;\nlog(/*@*/t);`)).toEqual(['value:req.headers.authorization']);
  });

  it('an assignment after the reference does not reach it, unless a loop brings it round', () => {
    expect(definitions(`let t = 'a';\nlog(/*@*/t);\nt = 'b';`)).toEqual(["value:'a'"]);
    expect(definitions(`let t = 'a';\nwhile (more()) {\n  log(/*@*/t);\n  t = next();\n}`)).toEqual(["value:'a'", 'value:next()']);
  });

  it('a conditional assignment adds to the definitions before it', () => {
    expect(definitions(`let t = 'a';\nif (c) t = 'b';\nlog(/*@*/t);`)).toEqual(["value:'a'", "value:'b'"]);
    expect(definitions(`let t = 'a';\nt ??= 'b';\nlog(/*@*/t);`)).toEqual(["value:'a'", "value:'b'"]);
  });

  it('compound assignments and increments are unknown values', () => {
    expect(definitions(`let n = 1;\nn += 2;\nuse(/*@*/n);`)).toEqual(['value:1', 'unknown']);
  });

  it('a closure may run after any assignment', () => {
    expect(definitions(`let t = 'a';\nconst f = () => log(/*@*/t);\nt = 'b';`)).toEqual(["value:'a'", "value:'b'"]);
  });

  it('parameters, reassigned parameters, destructuring assignments, for-of elements', () => {
    expect(definitions(`function f(a, { b }) { return /*@*/b; }`)).toEqual(['parameter:1@b']);
    expect(definitions(`function f(t) { t = t.trim();\n return /*@*/t; }`)).toEqual(['value:t.trim()']);
    expect(definitions(`let a, b;\n[a, b] = pair;\nuse(/*@*/b);`)).toEqual(['value:pair@1']);
    expect(definitions(`for (const item of items) use(/*@*/item);`)).toEqual(['element:items']);
  });

  it('functions, classes and imports are their declarations; globals have none', () => {
    expect(definitions(`import jwt from 'jsonwebtoken';\n/*@*/jwt.sign({}, k);`)).toEqual(['declaration:import']);
    expect(definitions(`function helper() {}\n/*@*/helper();`)).toEqual(['declaration:function']);
    expect(definitions(`/*@*/localStorage.setItem('a', 'b');`)).toEqual([]);
  });

  it('reaching definitions follow if/else, paths that end and defaulting guards', () => {
    // both branches assign: the initializer no longer reaches
    expect(definitions(`let t = 'a';\nif (c) { t = 'b'; } else { t = 'c'; }\nlog(/*@*/t);`)).toEqual(["value:'b'", "value:'c'"]);
    // a branch that returns takes its value with it
    expect(definitions(`function f(c) {\n  let t = 'a';\n  if (c) { t = 'b'; } else { return; }\n  return /*@*/t;\n}`)).toEqual(["value:'b'"]);
    // inside a branch, the branch's own assignment is what is read
    expect(definitions(`let t = 'a';\nif (c) {\n  t = 'b';\n  log(/*@*/t);\n}`)).toEqual(["value:'b'"]);
    // `if (x === -1) x = v`: the sentinel does not get past the guard; other earlier values do
    expect(definitions(`let m = -1;\nif (sso) m = fromSso();\nif (m === -1) {\n  m = fromEnv();\n}\nuse(/*@*/m);`)).toEqual(['value:fromSso()', 'value:fromEnv()']);
    expect(definitions(`let m = 0;\nif (!m) m = 60;\nuse(/*@*/m);`)).toEqual(['value:60']);
    // a guard on another constant, or one that does not always assign, keeps the value
    expect(definitions(`let m = 5;\nif (m === -1) m = 60;\nuse(/*@*/m);`)).toEqual(['value:5', 'value:60']);
    expect(definitions(`let m = -1;\nif (m === -1) { if (c) m = 60; }\nuse(/*@*/m);`)).toEqual(['value:-1', 'value:60']);
    // a switch clause: its own earlier assignment replaces the value; earlier clauses may fall through
    expect(definitions(`let t = 'a';\nswitch (k) {\n  case 1: t = 'b';\n  case 2: t = 'c'; log(/*@*/t);\n}`)).toEqual(["value:'c'"]);
    expect(definitions(`let t = 'a';\nswitch (k) {\n  case 1: t = 'b';\n  case 2: log(/*@*/t);\n}`)).toEqual(["value:'a'", "value:'b'"]);
    // a try may stop anywhere: the catch sees the values before and inside it
    expect(definitions(`let k = 'dev';\ntry { k = read(); } catch { log(/*@*/k); }`)).toEqual(["value:'dev'", 'value:read()']);
  });

  it('singleDefinition answers only when one definition reaches', () => {
    expect(singleDefinition(reference(`let t = 'a';\nif (c) t = 'b';\nlog(/*@*/t);`))).toBeUndefined();
    expect(singleDefinition(reference(`let t = 'a';\nt = 'b';\nlog(/*@*/t);`))?.kind).toBe('value');
  });
});

describe('propertyWritesOf', () => {
  it('lists writes into the object a name holds before the reference, in order', async () => {
    const { propertyWritesOf } = await import('../src/dataflow/definitions.js');
    const { findDeclaration } = await import('../src/binding/scope.js');
    const ref = reference(`const o = { a: 1 };\no.b = 2;\no['c'] = 3;\no[key] = 4;\nObject.assign(o, extra);\nuse(/*@*/o);\no.late = 5;`);
    const writes = propertyWritesOf(findDeclaration('o', ref)!, ref);
    expect(writes.map((w) => `${w.path.join('.') || '(root)'}=${w.value?.getText() ?? w.merge?.getText() ?? '?'}`)).toEqual(['b=2', 'c=3', '(root)=?', '(root)=extra']);
  });
});

describe('fieldDefinitions', () => {
  it('lists the initialiser and every this.x write of the class, not those of nested functions or classes', async () => {
    const { fieldDefinitions } = await import('../src/dataflow/definitions.js');
    const code = `class P {\n  header = {};\n  load(t) { this.header = parse(t); [1].forEach(() => { this.header = again(); }); }\n  other() { const f = function () { this.header = 'rebound'; }; class Q { set() { this.header = 'nested'; } } }\n  read() { return /*@*/this.header.kid; }\n}`;
    const marker = code.indexOf('/*@*/') + 5;
    const { parseSource } = await import('../src/parsing/parse.js');
    const { sourceFile } = parseSource('/virtual/field.ts', code);
    let read: ts.PropertyAccessExpression | undefined;
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node) && node.getStart() === marker && ts.isIdentifier(node.name) && node.name.text === 'header') read = node;
      node.forEachChild(visit);
    };
    visit(sourceFile);
    expect(fieldDefinitions(read!).map(describeDefinition)).toEqual(['value:{}', 'value:parse(t)', 'value:again()']);
  });
});
