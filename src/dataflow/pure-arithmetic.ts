import { ts } from 'ts-morph';
import { DURATION_LIBRARIES, DURATION_READERS, DURATION_UNIT_SECONDS } from '../models/duration-libraries.js';
import { argumentFor, isThisParameter } from './call-sites.js';
import { stripWrappers, type Value } from './values.js';

/**
 * Numeric helpers evaluated at a call: a project function whose body is one arithmetic expression over its
 * parameters (`(days) => days * 24 * 60 * 60`, `function minutes(n) { return n * 60 }`), or a duration of a
 * modelled date library (`(days) => moment.duration({ days }).asSeconds()`). Only pure arithmetic on numbers
 * the resolver knows is evaluated; anything else is undefined (unknown), never a guess.
 */

type Resolve = (expression: ts.Expression) => Value;

const MAX_DEPTH = 12;

/** The number a call of the numeric helper `fn` returns, when it is one. */
export function pureCallValue(fn: ts.Node, call: ts.CallExpression, resolve: Resolve): Value | undefined {
  const value = evaluatePureCall(fn, call, resolve);
  return value === undefined || !Number.isFinite(value) ? undefined : { kind: 'number', value, node: call };
}

function evaluatePureCall(fn: ts.Node, call: ts.CallExpression, resolve: Resolve): number | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn) && !ts.isFunctionDeclaration(fn)) return undefined;
  const body = returnedExpression(fn);
  if (!body) return undefined;
  if (call.arguments.some((argument) => ts.isSpreadElement(argument))) return undefined;
  const scope = new Map<string, number>();
  for (const [index, parameter] of fn.parameters.entries()) {
    if (isThisParameter(parameter)) continue;
    if (!ts.isIdentifier(parameter.name) || parameter.dotDotDotToken) return undefined;
    const argument = argumentFor(call, fn, index);
    const value = argument ? resolve(argument) : parameter.initializer ? resolve(parameter.initializer) : undefined;
    if (value?.kind !== 'number') return undefined;
    scope.set(parameter.name.text, value.value);
  }
  return evaluate(body, scope, resolve, 0);
}

/** `=> expression`, or a block that is a single `return expression`. */
function returnedExpression(fn: ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration): ts.Expression | undefined {
  if (!fn.body) return undefined;
  if (!ts.isBlock(fn.body)) return fn.body;
  const [only] = fn.body.statements;
  return fn.body.statements.length === 1 && only && ts.isReturnStatement(only) ? only.expression : undefined;
}

function evaluate(expression: ts.Expression, scope: ReadonlyMap<string, number>, resolve: Resolve, depth: number): number | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = stripWrappers(expression);
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isIdentifier(node)) {
    const bound = scope.get(node.text);
    if (bound !== undefined) return bound;
    const value = resolve(node);
    return value.kind === 'number' ? value.value : undefined;
  }
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) {
    const operand = evaluate(node.operand, scope, resolve, depth + 1);
    return operand === undefined ? undefined : -operand;
  }
  if (ts.isBinaryExpression(node)) {
    const left = evaluate(node.left, scope, resolve, depth + 1);
    const right = evaluate(node.right, scope, resolve, depth + 1);
    if (left === undefined || right === undefined) return undefined;
    switch (node.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken:
        return left + right;
      case ts.SyntaxKind.MinusToken:
        return left - right;
      case ts.SyntaxKind.AsteriskToken:
        return left * right;
      case ts.SyntaxKind.SlashToken:
        return right === 0 ? undefined : left / right;
      default:
        return undefined;
    }
  }
  if (ts.isCallExpression(node)) return durationRead(node, scope, resolve, depth);
  return undefined;
}

/** `moment.duration({ days }).asSeconds()`, `dayjs.duration(30, 'days').asMinutes()`. */
function durationRead(read: ts.CallExpression, scope: ReadonlyMap<string, number>, resolve: Resolve, depth: number): number | undefined {
  const reader = stripWrappers(read.expression);
  if (!ts.isPropertyAccessExpression(reader) || read.arguments.length > 0) return undefined;
  const perUnit = DURATION_READERS[reader.name.text];
  const made = stripWrappers(reader.expression);
  if (perUnit === undefined || !ts.isCallExpression(made)) return undefined;
  const factory = stripWrappers(made.expression);
  if (!ts.isPropertyAccessExpression(factory)) return undefined;
  const library = resolve(factory.expression);
  const modelled = library.kind === 'library' && DURATION_LIBRARIES.some((model) => model.packages.includes(library.module) && model.factory === factory.name.text);
  if (!modelled) return undefined;
  const seconds = durationSeconds(made.arguments, scope, resolve, depth);
  return seconds === undefined ? undefined : seconds / perUnit;
}

/** The arguments of a duration factory in seconds: `({ days: 30, hours: 2 })` or `(30, 'days')`. */
function durationSeconds(args: ts.NodeArray<ts.Expression>, scope: ReadonlyMap<string, number>, resolve: Resolve, depth: number): number | undefined {
  const [first, second] = args;
  if (!first) return undefined;
  if (ts.isObjectLiteralExpression(first)) {
    let total = 0;
    for (const property of first.properties) {
      const name = ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property) ? property.name.getText() : undefined;
      const unit = name === undefined ? undefined : DURATION_UNIT_SECONDS[name];
      const count = ts.isPropertyAssignment(property)
        ? evaluate(property.initializer, scope, resolve, depth + 1)
        : ts.isShorthandPropertyAssignment(property)
          ? evaluate(property.name, scope, resolve, depth + 1)
          : undefined;
      if (unit === undefined || count === undefined) return undefined;
      total += count * unit;
    }
    return total;
  }
  const count = evaluate(first, scope, resolve, depth + 1);
  const unitValue = second ? resolve(second) : undefined;
  // moment.duration(n) without a unit counts milliseconds
  const unit = unitValue === undefined ? DURATION_UNIT_SECONDS.milliseconds : unitValue.kind === 'string' ? DURATION_UNIT_SECONDS[unitValue.value] : undefined;
  return count === undefined || unit === undefined ? undefined : count * unit;
}
