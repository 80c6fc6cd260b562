import { ts } from 'ts-morph';
import { findDeclaration, requiredSpecifier } from '../binding/scope.js';
import { HTTP_CLIENT_MODULES, HTTP_CLIENT_NAMES, RESPONSE_BODY_MEMBERS } from '../models/http.js';
import { ELEMENT_CALLBACK_METHODS, JSON_GLOBAL, KEY_TRANSFORMS, OBJECT_ENTRIES, RESPONSE_JSON, RESPONSE_OK } from '../models/runtime.js';
import { isAuthRequestCall } from './data-hooks.js';
import { propertyWritesOf, singleDefinition } from './definitions.js';
import { propertyValueExpression } from './object-literals.js';
import { passedAs, type TokenOrigin } from './token-origin.js';
import { stripWrappers } from './values.js';
import { calledFunction, returnedExpressions } from './summaries.js';
import { continuationSources, settledValues } from './continuations.js';

/**
 * What a serialised or printed object holds, for token provenance (./provenance.ts): `JSON.stringify({ access_token: t })`
 * holds `t`, and `JSON.stringify(data)` of the body of a login response holds the token that body carries, whatever the
 * key it is then stored or logged under; a log line prints an object's contents the same way.
 */

/** Objects, arrays and definitions followed this deep (a bound, not a semantic limit). */
const MAX_DEPTH = 8;

/** The argument of a `JSON.stringify(x)` call (the global), or undefined for any other call. */
export function stringifiedValue(call: ts.CallExpression | ts.NewExpression): ts.Expression | undefined {
  if (!ts.isCallExpression(call)) return undefined;
  const callee = stripWrappers(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== JSON_GLOBAL.stringify) return undefined;
  const holder = stripWrappers(callee.expression);
  const isJson = ts.isIdentifier(holder) && holder.text === JSON_GLOBAL.global && !findDeclaration(holder.text, holder);
  const first = call.arguments[0];
  return isJson && first && !ts.isSpreadElement(first) ? first : undefined;
}

type Origin = (expression: ts.Expression) => TokenOrigin | undefined;
/** The arguments the callers of a function pass for one of its parameters (provenance knows the callers). */
export type PassedArguments = (parameter: ts.ParameterDeclaration, index: number) => readonly ts.Expression[];

/** `Object.entries(x)` (the global): x, whose property values are the second items of the pairs. */
export function entriesObject(expression: ts.Expression): ts.Expression | undefined {
  const node = stripWrappers(expression);
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== OBJECT_ENTRIES.method) return undefined;
  const holder = stripWrappers(node.expression.expression);
  const isGlobal = ts.isIdentifier(holder) && holder.text === OBJECT_ENTRIES.global && !findDeclaration(holder.text, holder);
  const object = node.arguments[0];
  return isGlobal && object && !ts.isSpreadElement(object) ? object : undefined;
}

/**
 * The object whose entries a callback receives (`Object.entries(params).forEach(([key, value]) => ...)`), when the
 * callback is the first argument of such an iteration.
 */
export function entriesOfCallback(fn: ts.Node): ts.Expression | undefined {
  const call = fn.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== fn || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  return ELEMENT_CALLBACK_METHODS.has(call.expression.name.text) ? entriesObject(call.expression.expression) : undefined;
}

/**
 * The origins of what a serialised value holds: each property of an object literal (spreads included), the value's
 * own origin, or, for the whole body of an auth response, that response.
 */
export function heldOrigins(value: ts.Expression, origin: Origin, depth = 0, passed?: PassedArguments): TokenOrigin[] {
  if (depth > MAX_DEPTH) return [];
  const node = stripWrappers(value);
  if (ts.isObjectLiteralExpression(node)) {
    return node.properties.flatMap((property) => {
      const held = propertyValueExpression(property);
      return held ? heldOrigins(held, origin, depth + 1, passed) : [];
    });
  }
  if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap((element) => heldOrigins(ts.isSpreadElement(element) ? element.expression : element, origin, depth + 1, passed));
  // `JSON.stringify(x)`, `qs.stringify(x)`: the text of x
  const stringified = ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === JSON_GLOBAL.stringify ? node.arguments[0] : undefined;
  if (stringified && !ts.isSpreadElement(stringified)) return heldOrigins(stringified, origin, depth + 1, passed);
  const own = origin(node);
  if (own) return [own];
  if (isAuthResponseBody(node, depth)) return [{ kind: 'auth-response', node, namedToken: true }];
  if (!ts.isIdentifier(node)) return [];
  // `const out = { id, token }`: what the object it was given holds
  const definition = singleDefinition(node);
  const given = definition?.kind === 'value' && definition.steps.length === 0 ? heldOrigins(definition.expression, origin, depth + 1, passed) : [];
  // `redirectWithQuery(res, { accessToken })` around `qs.stringify(query)`: what the callers pass
  const arguments_ =
    definition?.kind === 'parameter' && definition.steps.length === 0 && passed
      ? passed(definition.node, definition.index).flatMap((argument) => heldOrigins(argument, origin, depth + 1, passed).map((found) => passedAs(found, argument, definition.node, node)))
      : [];
  return [...given, ...arguments_, ...writtenOrigins(node, origin, depth)];
}

/** What was written into the object a name holds before this reference: `out.token = t`, `Object.assign(out, { t })`. */
function writtenOrigins(reference: ts.Identifier, origin: Origin, depth: number): TokenOrigin[] {
  const declaration = findDeclaration(reference.text, reference);
  if (!declaration) return [];
  return propertyWritesOf(declaration, reference).flatMap((write) => {
    const written = write.value ?? write.merge ?? write.element;
    return written ? heldOrigins(written, origin, depth + 1) : [];
  });
}

/** The parsed body of the response to an auth request (`const { data } = await axios.post('/login', v)`, `await res.json()`). */
function isAuthResponseBody(expression: ts.Expression, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  let node = stripWrappers(expression);
  if (ts.isAwaitExpression(node)) node = stripWrappers(node.expression);
  if (ts.isPropertyAccessExpression(node) && RESPONSE_BODY_MEMBERS.has(node.name.text)) return isAuthResponse(node.expression, depth + 1);
  if (ts.isIdentifier(node)) {
    const definition = singleDefinition(node);
    // `.then((data) => ...)` after `.then((response) => response.json())`: what the promise resolves to
    if (definition?.kind === 'parameter') {
      const sources = definition.index === 0 && definition.steps.length === 0 ? continuationSources(definition.fn) : undefined;
      return sources !== undefined && sources.some((source) => isAuthResponseBody(source, depth + 1));
    }
    if (definition?.kind !== 'value' || !definition.steps.every((step) => RESPONSE_BODY_MEMBERS.has(String(step)))) return false;
    return definition.steps.length > 0 ? isAuthResponse(definition.expression, depth + 1) : isAuthResponseBody(definition.expression, depth + 1);
  }
  if (!ts.isCallExpression(node)) return false;
  const transformed = keyTransformed(node);
  if (transformed) return isAuthResponseBody(transformed, depth + 1);
  const callee = stripWrappers(node.expression);
  // `promise.then((response) => response.json())`, `source.pipe(map(...))`: what the last callback returns
  const settled = settledValues(node);
  if (settled) return settled.some((returned) => isAuthResponseBody(returned, depth + 1));
  // `await res.json()` of an auth response (not the error body read under `if (!res.ok)`)
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === RESPONSE_JSON && node.arguments.length === 0) {
    return !underFailedResponse(node, callee.expression) && isAuthResponse(callee.expression, depth + 1);
  }
  // an auth request itself: Angular's HttpClient emits the parsed body, and a whole response object holds it too
  if (isAuthResponse(node, depth + 1)) return true;
  // `await getToken(query)`: a function of the file that returns such a body
  const fn = calledFunction(callee);
  return fn?.body !== undefined && returnedExpressions(fn.body).some((returned) => isAuthResponseBody(returned, depth + 1));
}

/** Is `node` in the branch of `if (!response.ok)` (the response failed: its body is an error, not tokens)? */
export function underFailedResponse(node: ts.Node, response: ts.Expression): boolean {
  const name = stripWrappers(response).getText();
  for (let current: ts.Node = node; current.parent && !ts.isFunctionLike(current.parent); current = current.parent) {
    const parent = current.parent;
    if (!ts.isIfStatement(parent) || parent.thenStatement !== current) continue;
    const test = stripWrappers(parent.expression);
    const negated = ts.isPrefixUnaryExpression(test) && test.operator === ts.SyntaxKind.ExclamationToken ? stripWrappers(test.operand) : undefined;
    if (negated && ts.isPropertyAccessExpression(negated) && negated.name.text === RESPONSE_OK && stripWrappers(negated.expression).getText() === name) return true;
  }
  return false;
}

/** A response to an auth request: an HTTP client's call given an auth URL (`axios.post('/api/login')`, `fetch('/oauth/token')`). */
export function isAuthResponse(expression: ts.Expression, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  let node = stripWrappers(expression);
  if (ts.isAwaitExpression(node)) node = stripWrappers(node.expression);
  if (ts.isIdentifier(node)) {
    const definition = singleDefinition(node);
    if (definition?.kind === 'parameter') {
      const sources = definition.index === 0 && definition.steps.length === 0 ? continuationSources(definition.fn) : undefined;
      return sources !== undefined && sources.some((source) => isAuthResponse(source, depth + 1));
    }
    return definition?.kind === 'value' && definition.steps.length === 0 && isAuthResponse(definition.expression, depth + 1);
  }
  if (!ts.isCallExpression(node)) return false;
  return namesHttpClient(node.expression) && isAuthRequestCall(node);
}

/** `axios.post`, `api.get`, `this.http.post` (an injected client: Angular's `HttpClient`): a client by its conventional name. */
export function namesHttpClient(callee: ts.Expression): boolean {
  let root: ts.Expression = stripWrappers(callee);
  let member: string | undefined;
  while (ts.isPropertyAccessExpression(root)) {
    member = root.name.text;
    root = stripWrappers(root.expression);
  }
  if (root.kind === ts.SyntaxKind.ThisKeyword) return member !== undefined && HTTP_CLIENT_NAMES.has(member);
  return ts.isIdentifier(root) && (HTTP_CLIENT_NAMES.has(root.text) || importsHttpClient(root));
}

/** A name bound to an HTTP client package (`import Axios from 'axios'`, `const Http = require('axios')`). */
function importsHttpClient(name: ts.Identifier): boolean {
  const declaration = findDeclaration(name.text, name);
  if (declaration?.kind === 'import' || declaration?.kind === 'import-equals') return HTTP_CLIENT_MODULES.has(declaration.specifier);
  if (declaration?.kind !== 'variable' || declaration.steps.length > 0 || !declaration.node.initializer) return false;
  const required = requiredSpecifier(declaration.node.initializer);
  return required !== undefined && HTTP_CLIENT_MODULES.has(required);
}

/** Does a `.then` callback return the parsed body (`(response) => response.json()`)? */
export function returnsJsonCall(fn: ts.ArrowFunction | ts.FunctionExpression): boolean {
  const body = fn.body;
  const isJson = (expression: ts.Expression): boolean => {
    const node = stripWrappers(expression);
    return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === RESPONSE_JSON;
  };
  if (!ts.isBlock(body)) return isJson(body);
  return body.statements.some((statement) => ts.isReturnStatement(statement) && statement.expression !== undefined && isJson(statement.expression));
}

/** `camelizeKeys(body)`: the object a key-renaming function is given (its values, tokens included, are kept). */
export function keyTransformed(expression: ts.Expression): ts.Expression | undefined {
  const node = stripWrappers(expression);
  if (!ts.isCallExpression(node) || node.arguments.length === 0 || ts.isSpreadElement(node.arguments[0])) return undefined;
  const callee = stripWrappers(node.expression);
  const local = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression : undefined;
  const declaration = local && findDeclaration(local.text, local);
  let module: string | undefined;
  let imported: string | undefined;
  if (declaration?.kind === 'import') [module, imported] = [declaration.specifier, declaration.imported];
  else if (declaration?.kind === 'import-equals') [module, imported] = [declaration.specifier, '*'];
  else if (declaration?.kind === 'variable' && declaration.steps.length <= 1 && declaration.node.initializer) {
    module = requiredSpecifier(declaration.node.initializer);
    imported = declaration.steps.length === 1 ? String(declaration.steps[0]) : '*';
  }
  const exports = module !== undefined ? KEY_TRANSFORMS.get(module) : undefined;
  if (!exports || imported === undefined) return undefined;
  // `humps.camelizeKeys(x)` of a namespace or default import; `camelizeKeys(x)` of a named one; `camelcaseKeys(x)` of a default
  const name =
    callee !== local && ts.isPropertyAccessExpression(callee) ? (imported === '*' || imported === 'default' ? callee.name.text : undefined) : imported === '*' ? 'default' : imported;
  return name !== undefined && exports.has(name) ? node.arguments[0] : undefined;
}
