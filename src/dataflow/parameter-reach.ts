import { ts } from 'ts-morph';
import { findDeclaration } from '../binding/scope.js';
import { DEEP_COPY_FUNCTIONS, JSON_GLOBAL } from '../models/runtime.js';
import { singleDefinition } from './definitions.js';
import { keepsTokenText, TOKEN_PRESERVING_FUNCTIONS } from './summaries.js';
import { stripWrappers } from './values.js';

/**
 * Which parameter of a function an expression inside it is, as function summaries read the arguments of the facts
 * they find (a token kept through string steps, a sink's value that contains the parameter, a payload copied, an
 * option defaulted or computed from it, a member of it), and which arguments of a call carry one.
 */

const isGlobal = (node: ts.Expression, name: string): boolean => ts.isIdentifier(node) && node.text === name && !findDeclaration(name, node);

/**
 * The value a copy copies: `JSON.parse(JSON.stringify(x))`, `structuredClone(x)` (the globals), `{ ...x }` alone.
 * A copy holds the same fields.
 */
export function copiedValue(expression: ts.Expression): ts.Expression | undefined {
  const node = stripWrappers(expression);
  if (ts.isObjectLiteralExpression(node)) {
    const only = node.properties.length === 1 ? node.properties[0] : undefined;
    return only && ts.isSpreadAssignment(only) ? only.expression : undefined;
  }
  if (!ts.isCallExpression(node)) return undefined;
  const callee = stripWrappers(node.expression);
  const only = node.arguments.length === 1 && !ts.isSpreadElement(node.arguments[0]) ? node.arguments[0] : undefined;
  if (!only) return undefined;
  if (ts.isIdentifier(callee) && DEEP_COPY_FUNCTIONS.has(callee.text) && isGlobal(callee, callee.text)) return only;
  const isJson = (e: ts.Expression, method: string): boolean => ts.isPropertyAccessExpression(e) && e.name.text === method && isGlobal(stripWrappers(e.expression), JSON_GLOBAL.global);
  if (!isJson(callee, JSON_GLOBAL.parse)) return undefined;
  const inner = stripWrappers(only);
  return ts.isCallExpression(inner) && isJson(stripWrappers(inner.expression), JSON_GLOBAL.stringify) && inner.arguments.length === 1 && !ts.isSpreadElement(inner.arguments[0])
    ? inner.arguments[0]
    : undefined;
}

const isDefaulting = (kind: ts.SyntaxKind): boolean => kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;

/**
 * The default a function gives a parameter in its body (`expiration = expiration || DEFAULT_TTL`, or
 * `f(ttl ?? DEFAULT_TTL)`): what it holds when a call leaves it out. Undefined when the body gives none, or
 * gives different ones.
 */
export function bodyDefaultOf(parameter: ts.ParameterDeclaration): ts.Expression | undefined {
  const name = parameter.name;
  const fn = parameter.parent;
  const body = ts.isFunctionLike(fn) && 'body' in fn ? (fn.body as ts.Node | undefined) : undefined;
  if (!ts.isIdentifier(name) || !body) return undefined;
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isBinaryExpression(node) && isDefaulting(node.operatorToken.kind)) {
      const left = stripWrappers(node.left);
      if (ts.isIdentifier(left) && left.text === name.text && findDeclaration(left.text, left)?.node === parameter) found.push(node.right);
    }
    node.forEachChild(visit);
  };
  body.forEachChild(visit);
  return found.length > 0 && found.every((d) => d.getText() === found[0]!.getText()) ? found[0] : undefined;
}

/**
 * Is `expression` the value of parameter `index` of `fn` (through aliases, awaits, for tokens the string
 * steps that keep a token a token, and for payloads copies of the parameter)? Returns the parameter's index.
 */
export function parameterIndexOf(expression: ts.Expression, fn: ts.Node, keepsToken: boolean, depth = 0, contains = false, copies = false): number | undefined {
  if (depth > 6) return undefined;
  let node = stripWrappers(expression);
  if (ts.isAwaitExpression(node)) return parameterIndexOf(node.expression, fn, keepsToken, depth + 1, contains, copies);
  const copied = copies ? copiedValue(node) : undefined;
  if (copied) return parameterIndexOf(copied, fn, keepsToken, depth + 1, contains, copies);
  if (contains) {
    // a value written to a sink leaks what it contains: `Bearer ${t}`, 'x' + t, JSON.stringify(t), { token: t }
    const parts: ts.Expression[] = [];
    if (ts.isTemplateExpression(node)) parts.push(...node.templateSpans.map((span) => span.expression));
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) parts.push(node.left, node.right);
    else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === JSON_GLOBAL.stringify && node.arguments[0])
      parts.push(node.arguments[0]);
    else if (ts.isObjectLiteralExpression(node)) {
      for (const property of node.properties) {
        if (ts.isPropertyAssignment(property)) parts.push(property.initializer);
        else if (ts.isShorthandPropertyAssignment(property)) parts.push(property.name);
      }
    }
    for (const part of parts) {
      const found = parameterIndexOf(part, fn, keepsToken, depth + 1, contains);
      if (found !== undefined) return found;
    }
    if (parts.length > 0) return undefined;
  }
  if (keepsToken) {
    if (ts.isElementAccessExpression(node) && ts.isNumericLiteral(node.argumentExpression)) return parameterIndexOf(node.expression, fn, keepsToken, depth + 1, contains);
    // `${token}`: the text of the value alone
    if (ts.isTemplateExpression(node) && node.head.text === '' && node.templateSpans.length === 1 && node.templateSpans[0].literal.text === '') {
      return parameterIndexOf(node.templateSpans[0].expression, fn, keepsToken, depth + 1, contains);
    }
    if (ts.isCallExpression(node)) {
      const callee = stripWrappers(node.expression);
      if (ts.isPropertyAccessExpression(callee) && keepsTokenText(node, callee.name.text)) return parameterIndexOf(callee.expression, fn, keepsToken, depth + 1, contains);
      const only = node.arguments.length === 1 ? node.arguments[0] : undefined;
      if (ts.isIdentifier(callee) && TOKEN_PRESERVING_FUNCTIONS.has(callee.text) && only && !ts.isSpreadElement(only) && !findDeclaration(callee.text, callee)) {
        return parameterIndexOf(only, fn, keepsToken, depth + 1, contains);
      }
      return undefined;
    }
  }
  // `expiration || DEFAULT_TTL`: the parameter with a default (options only; a token or sink value is not defaulted)
  if (!keepsToken && !contains && ts.isBinaryExpression(node) && isDefaulting(node.operatorToken.kind)) return parameterIndexOf(node.left, fn, keepsToken, depth + 1);
  // `expiresIn ? { expiresIn } : undefined`: options a parameter's test chooses (each call's argument picks the branch)
  if (!keepsToken && !contains && !copies && ts.isConditionalExpression(node)) return parameterIndexOf(node.condition, fn, keepsToken, depth + 1);
  // `ttl + 'm'`, `minutes * 60`, `${ttl}m`: an option computed from the parameter and constants
  const operand = !keepsToken && !contains && !copies ? computedFrom(node) : undefined;
  if (operand) return parameterIndexOf(operand, fn, keepsToken, depth + 1);
  if (!ts.isIdentifier(node)) return undefined;
  const definition = singleDefinition(node);
  if (!definition) return undefined;
  if (definition.kind === 'parameter') return definition.fn === fn && definition.steps.length === 0 ? definition.index : undefined;
  if (definition.kind === 'value' && definition.steps.length === 0) {
    node = definition.expression;
    return parameterIndexOf(node, fn, keepsToken, depth + 1, contains, copies);
  }
  return undefined;
}

/** The role of a sink's value in flows (src/facts/sinks/index.ts): the only role followed into members of a parameter. */
export const VALUE_ROLE = 'value';

/**
 * `datas.access_token`, or `access_token` of `const { access_token } = datas`, where `datas` is parameter `index` of
 * `fn`: the parameter and the member path (not empty; the parameter itself is parameterIndexOf's).
 */
export function parameterMemberOf(expression: ts.Expression, fn: ts.Node, depth = 0): { index: number; path: string[] } | undefined {
  if (depth > 6) return undefined;
  const node = stripWrappers(expression);
  const names: string[] = [];
  let base: ts.Expression = node;
  while (ts.isPropertyAccessExpression(base) && ts.isIdentifier(base.name)) {
    names.unshift(base.name.text);
    base = stripWrappers(base.expression);
  }
  if (!ts.isIdentifier(base)) return undefined;
  const definition = singleDefinition(base);
  if (!definition || (definition.kind !== 'parameter' && definition.kind !== 'value')) return undefined;
  if (!definition.steps.every((step) => typeof step === 'string')) return undefined;
  const steps = definition.steps as string[];
  if (definition.kind === 'parameter') {
    const path = [...steps, ...names];
    return definition.fn === fn && path.length > 0 ? { index: definition.index, path } : undefined;
  }
  const inner = parameterMemberOf(definition.expression, fn, depth + 1);
  if (inner) return { index: inner.index, path: [...inner.path, ...steps, ...names] };
  // `const datas = params; datas.token`: the parameter itself, then the members read
  const index = steps.length + names.length > 0 ? parameterIndexOf(definition.expression, fn, false, depth + 1) : undefined;
  return index !== undefined ? { index, path: [...steps, ...names] } : undefined;
}

const isArithmetic = (kind: ts.SyntaxKind): boolean =>
  kind === ts.SyntaxKind.PlusToken || kind === ts.SyntaxKind.MinusToken || kind === ts.SyntaxKind.AsteriskToken || kind === ts.SyntaxKind.SlashToken;
const isLiteral = (node: ts.Expression): boolean => ts.isStringLiteralLike(node) || ts.isNumericLiteral(stripWrappers(node));

/** The one operand an expression computes with literals only (`ttl + 'm'` → ttl, `` `${ttl}m` `` → ttl). */
function computedFrom(node: ts.Expression): ts.Expression | undefined {
  if (ts.isBinaryExpression(node) && isArithmetic(node.operatorToken.kind)) {
    if (isLiteral(node.right)) return node.left;
    if (isLiteral(node.left)) return node.right;
  }
  return ts.isTemplateExpression(node) && node.templateSpans.length === 1 ? node.templateSpans[0].expression : undefined;
}

/** The role of a flow decides how its argument is read (`parameterIndexOf`'s flags); these are all the readings flows use. */
const ROLE_READINGS = [
  { keepsToken: true, contains: false, copies: false }, // token
  { keepsToken: true, contains: true, copies: false }, // value of a sink
  { keepsToken: false, contains: false, copies: true }, // payload
  { keepsToken: false, contains: false, copies: false }, // every other role (key, options)
] as const;

/** Does the argument carry one of fn's parameters under any role's reading? */
export function carriesParameter(argument: ts.Expression, fn: ts.FunctionLikeDeclaration): boolean {
  return ROLE_READINGS.some((reading) => parameterIndexOf(argument, fn, reading.keepsToken, 0, reading.contains, reading.copies) !== undefined);
}

/**
 * Does a call take one of fn's parameters, in an argument, in the arguments of the calls its callee is chained from
 * (`new SignJWT(payload).setIssuer(i).sign(key)`) or as the receiver it starts from? Every role of a fact is read from these.
 */
export function callCarriesParameter(call: ts.CallExpression | ts.NewExpression, fn: ts.FunctionLikeDeclaration): boolean {
  const carries = (argument: ts.Expression) => carriesParameter(ts.isSpreadElement(argument) ? argument.expression : argument, fn);
  let current: ts.Expression = call;
  for (let depth = 0; depth < 32; depth += 1) {
    const node = stripWrappers(current);
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      if (node.arguments?.some(carries)) return true;
      current = node.expression;
    } else if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) current = node.expression;
    else return ts.isIdentifier(node) && carriesParameter(node, fn); // the receiver (a decorated `request.jwtVerify()`)
  }
  return true; // a chain this long is not followed: assume it may
}
