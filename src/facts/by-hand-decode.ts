import { ts } from 'ts-morph';
import { findDeclaration } from '../binding/scope.js';
import { calledFunction, returnedExpressions } from '../dataflow/summaries.js';
import { stripWrappers } from '../dataflow/values.js';
import { BASE64_DECODER_FUNCTIONS, BASE64_DECODER_OBJECTS, BASE64_ENCODINGS, BY_HAND_PARSE_CALL, BY_HAND_SEGMENTS } from '../models/by-hand.js';
import { BYTES } from '../models/runtime.js';
import { GLOBAL_OBJECTS } from '../models/sinks.js';

/**
 * The pieces of a JWT taken apart by hand (model: src/models/by-hand.ts): which segment of which token a
 * string is (`token.split('.')[0]` is the header, `[1]` the payload, `[2]` the signature), and the string a
 * base64 decode reads. Shared by hand decoding (operations.ts) and hand verification (by-hand-verify.ts).
 */

export interface TokenSegment {
  token: ts.Expression;
  /** 0 = header, 1 = payload, 2 = signature. */
  index: number;
}

const MAX_STEPS = 4;

/**
 * The string a base64 decode reads: `atob(s)`, `Buffer.from(s, 'base64').toString()`, `base64url.decode(s)`
 * (also through a const holding it), or a function of this file whose only result is such a decode of one of its parameters
 * (`const b64 = (s) => Buffer.from(s, 'base64url').toString()`), read at that argument.
 */
export function base64Argument(node: ts.Expression, depth = 0): ts.Expression | undefined {
  // `const headerText = Buffer.from(parts[0], 'base64').toString(); JSON.parse(headerText)`
  if (ts.isIdentifier(node) && depth <= MAX_STEPS) {
    const declaration = findDeclaration(node.text, node);
    const initializer = declaration?.kind === 'variable' && declaration.isConst && declaration.steps.length === 0 ? declaration.node.initializer : undefined;
    return initializer ? base64Argument(stripWrappers(initializer), depth + 1) : undefined;
  }
  if (!ts.isCallExpression(node) || depth > MAX_STEPS) return undefined;
  const callee = stripWrappers(node.expression);
  // Buffer.from(s, 'base64').toString(...)
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'toString') return base64Argument(stripWrappers(callee.expression), depth + 1);
  if (ts.isIdentifier(callee)) {
    const helper = base64HelperParameter(callee, depth);
    if (helper !== undefined) return node.arguments[helper];
    return BASE64_DECODER_FUNCTIONS.has(callee.text) ? node.arguments[0] : undefined;
  }
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const object = callee.expression.text;
    if (object === BYTES.buffer.global && callee.name.text === BYTES.buffer.from) {
      const encoding = node.arguments[1];
      return encoding && ts.isStringLiteralLike(encoding) && BASE64_ENCODINGS.has(encoding.text) ? node.arguments[0] : undefined;
    }
    if (BASE64_DECODER_OBJECTS.has(object) && callee.name.text === 'decode') return node.arguments[0];
    // `window.atob(s)`, `globalThis.atob(s)`
    if (GLOBAL_OBJECTS.has(object) && BASE64_DECODER_FUNCTIONS.has(callee.name.text)) return node.arguments[0];
  }
  return undefined;
}

/** For a call of a function declared in this file: the index of the parameter its result base64-decodes. */
function base64HelperParameter(callee: ts.Identifier, depth: number): number | undefined {
  const fn = calledFunction(callee);
  if (!fn?.body) return undefined;
  const returned = ts.isBlock(fn.body) ? returnedExpressions(fn.body) : [fn.body];
  if (returned.length !== 1) return undefined;
  const read = base64Argument(stripWrappers(returned[0]), depth + 1);
  const decoded = read ? stripSegmentCleanup(stripWrappers(read)) : undefined;
  if (!decoded || !ts.isIdentifier(decoded)) return undefined;
  const declaration = findDeclaration(decoded.text, decoded);
  return declaration?.kind === 'parameter' && declaration.node.parent === fn && declaration.steps.length === 0 ? declaration.index : undefined;
}

/** `s.replace(/-/g, '+').padEnd(...)`: base64url clean-up around a segment leaves it the same segment. */
function stripSegmentCleanup(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression) && BY_HAND_SEGMENTS.cleanupMethods.has(current.expression.name.text)) {
    current = stripWrappers(current.expression.expression);
  }
  return current;
}

/**
 * The token and segment index a string is: `token.split('.')[i]` (possibly followed by `.replace(...)` for
 * base64url), `parts[i]` with `const parts = token.split('.')`, or a const bound to a segment:
 * `const [, payload] = token.split('.')`, `const payload = token.split('.')[1]`.
 */
export function splitSegment(node: ts.Expression, depth = 0): TokenSegment | undefined {
  const current = stripSegmentCleanup(stripWrappers(node));
  if (ts.isIdentifier(current)) {
    if (depth > MAX_STEPS) return undefined;
    const declaration = findDeclaration(current.text, current);
    if (declaration?.kind !== 'variable' || !declaration.isConst || !declaration.node.initializer) return undefined;
    if (declaration.steps.length === 0) return splitSegment(declaration.node.initializer, depth + 1);
    const [step] = declaration.steps;
    return declaration.steps.length === 1 && typeof step === 'number' ? segmentOfSplit(declaration.node.initializer, step) : undefined;
  }
  if (!ts.isElementAccessExpression(current) || !ts.isNumericLiteral(current.argumentExpression)) return undefined;
  let split = stripWrappers(current.expression);
  if (ts.isIdentifier(split)) {
    const declaration = findDeclaration(split.text, split);
    if (declaration?.kind !== 'variable' || !declaration.isConst || declaration.steps.length > 0 || !declaration.node.initializer) return undefined;
    split = declaration.node.initializer;
  }
  return segmentOfSplit(split, Number(current.argumentExpression.text));
}

/** `token.split('.')` read at `index` (0 = header, 1 = payload, 2 = signature). */
function segmentOfSplit(expression: ts.Expression, index: number): TokenSegment | undefined {
  const split = stripWrappers(expression);
  if (!ts.isCallExpression(split) || !ts.isPropertyAccessExpression(split.expression) || split.expression.name.text !== 'split') return undefined;
  const separator = split.arguments[0];
  if (!separator || !ts.isStringLiteralLike(separator) || separator.text !== BY_HAND_SEGMENTS.separator) return undefined;
  return index >= 0 && index < BY_HAND_SEGMENTS.count ? { token: split.expression.expression, index } : undefined;
}

/** `JSON.parse(s)`: the call that completes a decode by hand. */
export function isJsonParse(node: ts.Node): boolean {
  if (!ts.isCallExpression(node)) return false;
  const callee = stripWrappers(node.expression);
  return (
    ts.isPropertyAccessExpression(callee) && callee.name.text === BY_HAND_PARSE_CALL.method && ts.isIdentifier(callee.expression) && callee.expression.text === BY_HAND_PARSE_CALL.object
  );
}

const helperParameters = new WeakMap<ts.Node, number | null>();

/**
 * For a function whose only result is `JSON.parse(base64(parameter))` (`const part = (s) => JSON.parse(atob(s))`):
 * the index of that parameter. A call `part(token.split('.')[0])` is then a hand decode of the header.
 */
export function jsonDecodeHelperParameter(fn: ts.SignatureDeclaration): number | undefined {
  const known = helperParameters.get(fn);
  if (known !== undefined) return known ?? undefined;
  let index: number | null = null;
  const body = (fn as ts.FunctionLikeDeclarationBase).body;
  const returned = !body ? [] : ts.isBlock(body) ? returnedExpressions(body) : [body];
  const parse = returned.length === 1 ? stripWrappers(returned[0]) : undefined;
  const argument = parse && ts.isCallExpression(parse) && isJsonParse(parse) ? parse.arguments[0] : undefined;
  const read = argument && !ts.isSpreadElement(argument) ? base64Argument(stripWrappers(argument)) : undefined;
  const decoded = read ? stripSegmentCleanup(stripWrappers(read)) : undefined;
  if (decoded && ts.isIdentifier(decoded)) {
    const declaration = findDeclaration(decoded.text, decoded);
    if (declaration?.kind === 'parameter' && declaration.node.parent === fn && declaration.steps.length === 0) index = declaration.index;
  }
  helperParameters.set(fn, index);
  return index ?? undefined;
}
