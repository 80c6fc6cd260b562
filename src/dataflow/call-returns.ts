import { ts } from 'ts-morph';
import { returnedExpressionsFor } from './returns-for-call.js';
import type { ProjectFunction } from './summaries.js';
import type { Value } from './values.js';

/**
 * The value a call to a project function returns, when it does not depend on the call: options or
 * constants built by a helper (`res.cookie('jwt', t, cookieOptions())`). Only a function with a single
 * `return` for this call (or an expression body; `cookieOptions('access')` takes only the `case 'access'` of a
 * switch over its parameter) whose value is data mentioning none of its parameters is followed; a value
 * built from arguments, several returns, a generator, or an async function that is not awaited stay unknown
 * (the caller's own unknown).
 */
export function callReturnValue(fn: ts.SignatureDeclaration, call: ts.CallExpression, resolve: (expression: ts.Expression) => Value): Value | undefined {
  if (!('body' in fn) || !fn.body || fn.asteriskToken) return undefined;
  if (isAsync(fn) && !isAwaited(call)) return undefined;
  const returned = returnedExpressionsFor(fn as ProjectFunction, call);
  if (returned.length !== 1) return undefined;
  const value = resolve(returned[0]);
  return isData(value) ? value : undefined;
}

function isAsync(fn: ts.SignatureDeclaration): boolean {
  return ts.canHaveModifiers(fn) && (ts.getModifiers(fn) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
}

function isAwaited(call: ts.CallExpression): boolean {
  let parent = call.parent;
  while (ts.isParenthesizedExpression(parent)) parent = parent.parent;
  return ts.isAwaitExpression(parent);
}

/** Kinds that are data: what a helper builds and returns as a value. */
const DATA_KINDS = new Set<Value['kind']>(['string', 'number', 'boolean', 'null', 'undefined', 'env', 'fallback', 'bytes', 'object', 'array']);

/**
 * A returned value the call may stand for: data. A library value (a client, a library call's result), a project
 * function, class or instance is not followed out of a helper: those name operations and services at their own
 * sites, which a call of the helper must not stand in for (inside an object they stay where they are). A
 * parameter anywhere, a few levels deep, ties the value to the call's arguments.
 */
function isData(value: Value): boolean {
  return DATA_KINDS.has(value.kind) && !mentionsParameter(value, 0);
}

function mentionsParameter(value: Value, depth: number): boolean {
  if (value.kind === 'parameter' || depth > 4) return true;
  if (value.kind === 'object') return [...value.props.values()].some((property) => mentionsParameter(property.value, depth + 1));
  if (value.kind === 'array') return value.elements.some((element) => mentionsParameter(element, depth + 1));
  if (value.kind === 'bytes') return mentionsParameter(value.source, depth + 1);
  if (value.kind === 'fallback') return mentionsParameter(value.primary, depth + 1) || mentionsParameter(value.fallback, depth + 1);
  return false;
}
