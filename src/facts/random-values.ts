import { ts } from 'ts-morph';
import { findDeclaration } from '../binding/scope.js';
import { stripWrappers, type Value } from '../dataflow/values.js';
import { RANDOM_VALUE_CALLS } from '../models/key-sources.js';
import type { JwtOperation } from './operations.js';
import { samePath, withoutDefault } from '../models/access-paths.js';

const MAX_DEPTH = 6;
/** Methods whose result is as unpredictable as their receiver (`.toString('hex')`, `.slice(2)`). */
const KEEPING_METHODS = new Set(['toString', 'slice', 'substring', 'substr', 'padStart', 'padEnd', 'replace', 'toUpperCase', 'toLowerCase', 'concat']);

/** A library value that is the result of a random call (`randomBytes(32)`, `randomBytes(32).toString('hex')`). */
function randomLibraryValue(value: Value): boolean {
  if (value.kind !== 'library') return false;
  const path = withoutDefault(value.path);
  const call = path.indexOf('()');
  if (call < 0) return false;
  const callee = path.slice(0, call);
  return RANDOM_VALUE_CALLS.some((entry) => entry.modules?.includes(value.module) && entry.paths.some((candidate) => samePath(candidate, callee)));
}

/** `Math.random()`, `crypto.randomUUID()` on the global objects (not shadowed by a local name). */
function randomGlobalCall(call: ts.CallExpression): boolean {
  const callee = stripWrappers(call.expression);
  const names: string[] = [];
  let current: ts.Expression = callee;
  while (ts.isPropertyAccessExpression(current)) {
    names.unshift(current.name.text);
    current = stripWrappers(current.expression);
  }
  if (!ts.isIdentifier(current) || findDeclaration(current.text, current)) return false;
  return RANDOM_VALUE_CALLS.some((entry) => entry.global === current.text && entry.paths.some((candidate) => samePath(candidate, names)));
}

/**
 * Is this expression's value random: a random call, something made from one by concatenation, a template or a
 * string method, or a const holding one? `resolve` is the value resolver (it follows imports of the random
 * functions).
 */
function isRandomValue(expression: ts.Expression, resolve: (expression: ts.Expression) => Value, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const node = stripWrappers(expression);
  if (ts.isIdentifier(node)) {
    const declaration = findDeclaration(node.text, node);
    if (declaration?.kind !== 'variable' || !declaration.isConst || declaration.steps.length > 0 || !declaration.node.initializer) return randomLibraryValue(resolve(node));
    return isRandomValue(declaration.node.initializer, resolve, depth + 1);
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return isRandomValue(node.left, resolve, depth + 1) || isRandomValue(node.right, resolve, depth + 1);
  if (ts.isTemplateExpression(node)) return node.templateSpans.some((span) => isRandomValue(span.expression, resolve, depth + 1));
  if (ts.isCallExpression(node)) {
    if (randomGlobalCall(node)) return true;
    const callee = stripWrappers(node.expression);
    if (ts.isIdentifier(callee) && callee.text === 'String' && node.arguments[0]) return isRandomValue(node.arguments[0], resolve, depth + 1);
    if (ts.isPropertyAccessExpression(callee) && KEEPING_METHODS.has(callee.name.text) && isRandomValue(callee.expression, resolve, depth + 1)) return true;
    return randomLibraryValue(resolve(node));
  }
  return false;
}

/**
 * A verification whose key is random (`secret: '' + Math.random()`): no issuer knows the key, so it accepts
 * no token at all — a deny-all guard, typically a placeholder for routes that must stay closed.
 */
export function verifiesWithRandomKey(operation: JwtOperation, resolve: (expression: ts.Expression) => Value): boolean {
  return operation.kind === 'verify' && operation.key !== undefined && isRandomValue(operation.key, resolve);
}
