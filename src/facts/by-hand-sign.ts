import { ts } from 'ts-morph';
import { findDeclaration } from '../binding/scope.js';
import { argumentFor, callSitesOf, functionName } from '../dataflow/call-sites.js';
import { stripWrappers, type ValueResolver } from '../dataflow/values.js';
import { BY_HAND_SIGN } from '../models/by-hand.js';
import { splitSegment } from './by-hand-decode.js';
import { withoutDefault } from '../models/access-paths.js';

/**
 * JWTs signed by hand (model: BY_HAND_SIGN in src/models/by-hand.ts):
 *   createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url')
 * and the same with the HMAC or the signing input held in a const, `header + '.' + payload`,
 * `[header, payload].join('.')`, `.update(header).update('.').update(payload)`, or a parameter of a helper that one of
 * its callers gives a signing input. Syntactic checks come first;
 * the HMAC factory is resolved last, so the many unrelated `.digest()` calls of a project cost little.
 */
export interface HandSignedHmac {
  /** The `createHmac(algorithm, key)` call. */
  hmac: ts.CallExpression;
  key: ts.Expression | undefined;
  /** The header and payload parts of the signing input. */
  parts: readonly [ts.Expression, ts.Expression];
  /** `digest()` without an encoding returns bytes: a JWS signature only when compared with a token's signature. */
  bytes: boolean;
}

const MAX_CONST_STEPS = 3;

export function handSignedHmac(node: ts.CallExpression, resolver: ValueResolver): HandSignedHmac | undefined {
  const callee = stripWrappers(node.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== BY_HAND_SIGN.digestMethod) return undefined;
  const encoding = node.arguments[0];
  if (encoding && ts.isSpreadElement(encoding)) return undefined;
  const encodingValue = encoding ? resolver.resolve(encoding) : undefined;
  if (encodingValue && (encodingValue.kind !== 'string' || !BY_HAND_SIGN.encodings.has(encodingValue.value))) return undefined;

  // update calls, innermost last: `hmac.update(a).update(b)` → [b, a]
  const data: ts.Expression[] = [];
  let receiver = constInitializer(stripWrappers(callee.expression));
  for (;;) {
    if (!ts.isCallExpression(receiver)) return undefined;
    const method = stripWrappers(receiver.expression);
    if (!ts.isPropertyAccessExpression(method) || method.name.text !== BY_HAND_SIGN.updateMethod) break;
    const argument = receiver.arguments[0];
    if (!argument || ts.isSpreadElement(argument)) return undefined;
    data.unshift(argument);
    receiver = constInitializer(stripWrappers(method.expression));
  }
  const hmac = receiver;
  const input = ts.isCallExpression(hmac) ? signingInput(data) : undefined;
  if (!input || !ts.isCallExpression(hmac)) return undefined;
  const factory = resolver.resolve(stripWrappers(hmac.expression));
  if (factory.kind !== 'library' || !BY_HAND_SIGN.modules.includes(factory.module)) return undefined;
  const path = withoutDefault(factory.path);
  if (path.length !== 1 || path[0] !== BY_HAND_SIGN.factory) return undefined;
  const key = hmac.arguments[BY_HAND_SIGN.keyArg];
  return { hmac, key: key && !ts.isSpreadElement(key) ? key : undefined, parts: input, bytes: encoding === undefined };
}

/** A const identifier stands for its initializer (a few steps); anything else for itself. */
function constInitializer(expression: ts.Expression): ts.Expression {
  let current = expression;
  for (let step = 0; step < MAX_CONST_STEPS && ts.isIdentifier(current); step += 1) {
    const declaration = findDeclaration(current.text, current);
    if (declaration?.kind !== 'variable' || !declaration.isConst || declaration.steps.length > 0 || !declaration.node.initializer) break;
    current = stripWrappers(declaration.node.initializer);
  }
  return current;
}

/** The two parts when the data of the update calls is `a.b`: two non-literal parts joined by the separator. */
function signingInput(data: readonly ts.Expression[]): [ts.Expression, ts.Expression] | undefined {
  if (data.length === 1) return signingInputParts(data[0]) ?? signingInputOfCallers(data[0]);
  if (data.length === 3) {
    const middle = stripWrappers(data[1]);
    const joined = ts.isStringLiteralLike(middle) && middle.text === BY_HAND_SIGN.separator && !isLiteral(data[0]) && !isLiteral(data[2]);
    return joined ? [data[0], data[2]] : undefined;
  }
  return undefined;
}

/** The header and payload of a JWS signing input (`${a}.${b}`, `a + '.' + b`, `[a, b].join('.')`, held in a const). */
export function signingInputParts(expression: ts.Expression): [ts.Expression, ts.Expression] | undefined {
  return parts(constInitializer(stripWrappers(expression)));
}

/**
 * `function sign(input) { return createHmac(…).update(input).digest('base64url') }`: the data is a parameter; the
 * function HMACs a JWT signing input when one of its callers in this file passes the header and payload segments of
 * a token (`${h}.${p}` with `const [h, p, s] = token.split('.')`); those parts are returned.
 */
function signingInputOfCallers(data: ts.Expression): [ts.Expression, ts.Expression] | undefined {
  const node = stripWrappers(data);
  if (!ts.isIdentifier(node)) return undefined;
  const declaration = findDeclaration(node.text, node);
  if (declaration?.kind !== 'parameter' || declaration.steps.length > 0) return undefined;
  const fn = declaration.node.parent;
  const name = functionName(fn);
  if (!name) return undefined;
  // only when a caller signs the segments of a received token (a verification helper): a webhook helper given
  // `${timestamp}.${body}` is no JWT
  for (const call of callSitesOf(name, fn)) {
    const argument = argumentFor(call, fn, declaration.index);
    const parts = argument ? signingInputParts(argument) : undefined;
    if (parts && (splitSegment(parts[0])?.index === 0 || splitSegment(parts[1])?.index === 1)) return parts;
  }
  return undefined;
}

/** The two parts of `${a}.${b}`, `a + '.' + b` or `[a, b].join('.')`; undefined for any other shape. */
function parts(expression: ts.Expression): [ts.Expression, ts.Expression] | undefined {
  const separator = BY_HAND_SIGN.separator;
  if (ts.isTemplateExpression(expression)) {
    const spans = expression.templateSpans;
    if (expression.head.text !== '' || spans.length !== 2 || spans[0].literal.text !== separator || spans[1].literal.text !== '') return undefined;
    return [spans[0].expression, spans[1].expression];
  }
  if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const operands = flattenPlus(expression);
    if (operands.length !== 3) return undefined;
    const [a, middle, b] = operands.map(stripWrappers);
    if (!ts.isStringLiteralLike(middle) || middle.text !== separator || isLiteral(a) || isLiteral(b)) return undefined;
    return [a, b];
  }
  if (ts.isCallExpression(expression)) {
    const callee = stripWrappers(expression.expression);
    const joiner = expression.arguments[0];
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'join' || !joiner || !ts.isStringLiteralLike(joiner) || joiner.text !== separator) return undefined;
    const list = stripWrappers(callee.expression);
    if (!ts.isArrayLiteralExpression(list) || list.elements.length !== 2 || list.elements.some((e) => ts.isSpreadElement(e) || isLiteral(e))) return undefined;
    return [list.elements[0], list.elements[1]];
  }
  return undefined;
}

/** Operands of a `+` chain, left to right; stops (returning more than `limit`) on longer chains. */
function flattenPlus(expression: ts.Expression, limit = 3): ts.Expression[] {
  const operands: ts.Expression[] = [];
  const stack: ts.Expression[] = [expression];
  while (stack.length > 0 && operands.length <= limit) {
    const e = stripWrappers(stack.pop()!);
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) stack.push(e.right, e.left);
    else operands.push(e);
  }
  return stack.length > 0 ? [...operands, ...stack] : operands;
}

function isLiteral(expression: ts.Expression): boolean {
  const e = stripWrappers(expression);
  return ts.isStringLiteralLike(e) || ts.isNumericLiteral(e);
}
