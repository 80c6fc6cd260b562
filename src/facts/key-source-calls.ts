import { ts } from 'ts-morph';
import { findDeclaration } from '../binding/scope.js';
import { argumentFor } from '../dataflow/call-sites.js';
import { singleDefinition } from '../dataflow/definitions.js';
import { callCarriesParameter, parameterIndexOf } from '../dataflow/parameter-reach.js';
import { stripWrappers, type Value } from '../dataflow/values.js';
import { KEY_SOURCE_CALLS, SQL_AMBIGUOUS_METHODS, SQL_HANDLE_NAMES, SQL_MODULES, SQL_TEXT_METHODS, type KeySourceCall, type KeySourceKind } from '../models/key-sources.js';
import { samePath, withoutDefault } from '../models/access-paths.js';

/**
 * The calls where a verification key can come from (src/models/key-sources.ts): which argument of a call is a file
 * path that is read, SQL text that is run, a URL that is fetched, or material that becomes a key. Header flow
 * (src/facts/header-flow.ts) asks whether token header data reaches one of these arguments.
 */

export interface KeySourceArgument {
  kind: KeySourceKind;
  argument: ts.Expression;
  /** The URL a JSON Web Key Set of verification keys is fetched from (KeySourceCall.keySet). */
  keySet?: boolean;
}

const SQL_WORDS = /\b(select|insert|update|delete|from|where|values|join|exec|call)\b/i;

/** Is the expression the global `name` (not shadowed by a local declaration)? */
export function isGlobal(identifier: ts.Expression, name: string): boolean {
  return ts.isIdentifier(identifier) && identifier.text === name && !findDeclaration(name, identifier);
}

/** The last name of a receiver: `db` in `db.query`, `pool` in `this.pool.query`, `db` in `req.db.query`. */
function receiverName(expression: ts.Expression): string | undefined {
  const node = stripWrappers(expression);
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) return node.name.text;
  return undefined;
}

/** The arguments of `node` that a key source reads, runs, fetches or imports. */
export function keySourceArguments(node: ts.CallExpression | ts.NewExpression, resolve: (expression: ts.Expression) => Value): KeySourceArgument[] {
  const args = node.arguments ?? [];
  const callee = stripWrappers(node.expression);
  const out: KeySourceArgument[] = [];
  const argumentAt = (index: number, path: readonly string[] | undefined): ts.Expression | undefined => {
    const argument = args[index];
    if (!argument || ts.isSpreadElement(argument)) return undefined;
    if (!path || path.length === 0) return argument;
    return propertyExpression(argument, path);
  };
  const push = (entry: KeySourceCall) => {
    const argument = argumentAt(entry.arg, entry.path);
    if (argument) out.push({ kind: entry.kind, argument, ...(entry.keySet ? { keySet: true } : {}) });
  };
  if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return out;
  const value = resolve(callee);
  for (const entry of KEY_SOURCE_CALLS) {
    if (entry.global !== undefined) {
      if (isGlobal(callee, entry.global)) push(entry);
      continue;
    }
    if (value.kind !== 'library' || !entry.modules?.includes(value.module)) continue;
    const path = withoutDefault(value.path);
    const last = path[path.length - 1];
    const fromInstance = path.includes('()') || path.includes('new');
    if (entry.paths?.some((p) => samePath(p, path)) || (entry.methodsOfInstances && fromInstance && last !== undefined && entry.methodsOfInstances.includes(last))) {
      push(entry);
    }
  }
  // SQL text: a method of a database client, pool or connection
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name) && SQL_TEXT_METHODS.has(callee.name.text)) {
    const method = callee.name.text;
    const sqlLibrary = value.kind === 'library' && SQL_MODULES.includes(value.module);
    const receiver = resolve(callee.expression);
    const byName = value.kind !== 'library' && receiver.kind !== 'library' && !SQL_AMBIGUOUS_METHODS.has(method) && SQL_HANDLE_NAMES.has(receiverName(callee.expression) ?? '');
    const text = argumentAt(0, undefined);
    if (text && (sqlLibrary || (byName && looksLikeSql(text, 0)))) out.push({ kind: 'sql', argument: text });
  }
  return out;
}

/** The literal parts of a string built from a template or concatenation contain SQL keywords. */
function looksLikeSql(expression: ts.Expression, depth: number): boolean {
  if (depth > 5) return false;
  const node = stripWrappers(expression);
  if (ts.isTemplateExpression(node)) return SQL_WORDS.test(node.head.text + node.templateSpans.map((span) => span.literal.text).join(' '));
  if (ts.isStringLiteralLike(node)) return SQL_WORDS.test(node.text);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return looksLikeSql(node.left, depth + 1) || looksLikeSql(node.right, depth + 1);
  if (ts.isIdentifier(node)) {
    const definition = singleDefinition(node);
    if (definition?.kind === 'value' && definition.steps.length === 0) return looksLikeSql(definition.expression, depth + 1);
  }
  return false;
}

/** `{ url: x }` → x, following a const holding an object literal. */
function propertyExpression(expression: ts.Expression, path: readonly string[]): ts.Expression | undefined {
  let current: ts.Expression | undefined = stripWrappers(expression);
  for (const step of path) {
    if (!current) return undefined;
    if (ts.isIdentifier(current)) {
      const definition = singleDefinition(current);
      current = definition?.kind === 'value' && definition.steps.length === 0 ? stripWrappers(definition.expression) : undefined;
    }
    if (!current || !ts.isObjectLiteralExpression(current)) return undefined;
    let next: ts.Expression | undefined;
    for (const property of current.properties) {
      if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && property.name.text === step) next = property.initializer;
      else if (ts.isShorthandPropertyAssignment(property) && property.name.text === step) next = property.name;
    }
    current = next ? stripWrappers(next) : undefined;
  }
  return current;
}

/** Per project function: which parameter reaches which key source inside it (`loadJSON(url) { return axios.get(url) }`). */
const wrappedMemo = new WeakMap<ts.Node, { kind: KeySourceKind; parameter: number }[]>();
/** Nodes of one helper's body looked at for its key sources; beyond it the helper has none (never a guess). */
const WRAPPED_WORK_UNITS = 5_000;

/**
 * The arguments of a call of a project function of another module that the function hands to a key source
 * (`this.httpClient.loadJSON(header.jku)` with `loadJSON(url) { return axios.get(url) }`). Helpers of the same
 * module are not here: their sinks are found in that module, and their parameters followed to the callers.
 */
export function wrappedKeySourceArguments(node: ts.CallExpression | ts.NewExpression, resolve: (expression: ts.Expression) => Value): KeySourceArgument[] {
  if (!ts.isCallExpression(node)) return [];
  const callee = stripWrappers(node.expression);
  if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return [];
  const value = resolve(callee);
  if (value.kind !== 'function' || !('body' in value.node) || !value.node.body || value.node.getSourceFile() === node.getSourceFile()) return [];
  const fn = value.node as ts.FunctionLikeDeclaration & { body: ts.ConciseBody };
  let inner = wrappedMemo.get(fn);
  if (!inner) wrappedMemo.set(fn, (inner = keySourceParameters(fn, resolve)));
  const out: KeySourceArgument[] = [];
  for (const { kind, parameter } of inner) {
    const argument = argumentFor(node, fn, parameter);
    if (argument) out.push({ kind, argument });
  }
  return out;
}

function keySourceParameters(fn: ts.FunctionLikeDeclaration & { body: ts.ConciseBody }, resolve: (expression: ts.Expression) => Value): { kind: KeySourceKind; parameter: number }[] {
  const found: { kind: KeySourceKind; parameter: number }[] = [];
  if (fn.parameters.length === 0) return found;
  const stack: ts.Node[] = [fn.body];
  let work = 0;
  while (stack.length > 0) {
    const node = stack.pop()!;
    if ((work += 1) > WRAPPED_WORK_UNITS) return [];
    // a call that takes none of the parameters cannot hand one to a key source: its callee is not resolved
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && callCarriesParameter(node, fn)) {
      for (const sink of keySourceArguments(node, resolve)) {
        const parameter = parameterIndexOf(sink.argument, fn, true, 0, true);
        if (parameter !== undefined && !found.some((f) => f.kind === sink.kind && f.parameter === parameter)) found.push({ kind: sink.kind, parameter });
      }
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return found;
}

/**
 * Is the value the content of a file read (`fs.readFileSync(path)`, `await readFile(path)`): key material, one key,
 * not a function or key set that picks a key per token.
 */
export function isFileRead(value: Value): boolean {
  if (value.kind !== 'library' || value.path[value.path.length - 1] !== '()') return false;
  const called = withoutDefault(value.path.slice(0, -1));
  return KEY_SOURCE_CALLS.some((call) => call.kind === 'file' && call.modules?.includes(value.module) && call.paths?.some((path) => samePath(path, called)));
}
