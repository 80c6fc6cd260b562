import { ts } from 'ts-morph';
import { findDeclaration } from '../binding/scope.js';
import { OBSERVABLE, PROMISE_CONSTRUCTOR, PROMISE_RESOLVE, PROMISE_THEN } from '../models/runtime.js';
import { returnedExpressions } from './summaries.js';
import { stripWrappers } from './values.js';

/**
 * Values that arrive later: promises (`p.then(cb)`, `Promise.resolve(v)`) and RxJS observables (`source.subscribe(cb)`,
 * `source.pipe(tap(cb), map(cb))`). The dataflow reads a promise or an observable as the value it resolves to or
 * emits, so a callback's parameter is that value, and a chain's result is what its last callback returns.
 */

type Callback = ts.ArrowFunction | ts.FunctionExpression;

const isCallback = (node: ts.Node | undefined): node is Callback => node !== undefined && (ts.isArrowFunction(node) || ts.isFunctionExpression(node));

/** The promise a callback is given to by `.then(callback)` (`axios.post(url).then((response) => ...)`). */
function thenReceiver(fn: ts.SignatureDeclaration | ts.Node): ts.Expression | undefined {
  const call = fn.parent;
  if (!isCallback(fn) || !call || !ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
  const callee = stripWrappers(call.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === PROMISE_THEN ? callee.expression : undefined;
}

/**
 * The expressions whose value a callback's first parameter receives: the promise of `.then(cb)`, the observable of
 * `.subscribe(cb)` / `.subscribe({ next: cb })` (what its pipe emits), the value entering `tap(cb)` / `map(cb)` in a
 * pipe. Undefined when the callback is none of these.
 */
export function continuationSources(fn: ts.SignatureDeclaration | ts.Node): ts.Expression[] | undefined {
  if (!isCallback(fn)) return undefined;
  const then = thenReceiver(fn);
  if (then) return [then];
  // `subscribe({ next: (value) => ... })`
  const observer = ts.isPropertyAssignment(fn.parent) && fn.parent.initializer === fn && propertyName(fn.parent) === OBSERVABLE.next ? fn.parent.parent : undefined;
  const argument: ts.Node = observer && ts.isObjectLiteralExpression(observer) ? observer : fn;
  const call = argument.parent;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] !== argument) return undefined;
  const callee = stripWrappers(call.expression);
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === OBSERVABLE.subscribe) return emittedValues(callee.expression);
  // an operator of a pipe: `source.pipe(tap((value) => ...))`
  const pipe = call.parent;
  const seesValue = ts.isIdentifier(callee) && (callee.text === OBSERVABLE.map || OBSERVABLE.observing.has(callee.text));
  if (argument !== fn || !seesValue || !pipe || !ts.isCallExpression(pipe) || !isPipeCall(pipe)) return undefined;
  return valuesBefore(pipe, pipe.arguments.indexOf(call));
}

/**
 * What a promise or observable made by a call resolves to or emits: the callback's returns for `p.then(cb)`, the
 * argument of `Promise.resolve(v)`, the last `map` callback's returns (or the source's value) for `source.pipe(...)`.
 * Undefined for other calls and for pipes with operators that are not modelled.
 */
export function settledValues(call: ts.CallExpression): ts.Expression[] | undefined {
  const callee = stripWrappers(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const first = call.arguments[0];
  if (!first || ts.isSpreadElement(first)) return undefined;
  if (callee.name.text === PROMISE_THEN) return isCallback(first) ? returnedExpressions(first.body) : undefined;
  if (isPipeCall(call)) return valuesBefore(call, call.arguments.length);
  const holder = stripWrappers(callee.expression);
  const isPromiseGlobal = ts.isIdentifier(holder) && holder.text === PROMISE_CONSTRUCTOR && !findDeclaration(PROMISE_CONSTRUCTOR, holder);
  return isPromiseGlobal && callee.name.text === PROMISE_RESOLVE ? [first] : undefined;
}

/** An observable's values: what its pipe emits when it is one, else the expression itself. */
function emittedValues(source: ts.Expression): ts.Expression[] | undefined {
  const node = stripWrappers(source);
  return ts.isCallExpression(node) && isPipeCall(node) ? valuesBefore(node, node.arguments.length) : [source];
}

/** The values entering the operator at `index` of a pipe (the source's, changed by each `map` before it). */
function valuesBefore(pipe: ts.CallExpression, index: number): ts.Expression[] | undefined {
  for (let at = index - 1; at >= 0; at -= 1) {
    const operator = pipe.arguments[at];
    const name = operatorName(operator);
    if (name === undefined) return undefined;
    if (name === OBSERVABLE.map) {
      const mapper = ts.isCallExpression(operator) ? operator.arguments[0] : undefined;
      return isCallback(mapper) ? returnedExpressions(mapper.body) : undefined;
    }
  }
  const callee = stripWrappers(pipe.expression);
  return ts.isPropertyAccessExpression(callee) ? emittedValues(callee.expression) : undefined;
}

/** `x.pipe(...)`: a pipe of operators. */
function isPipeCall(call: ts.CallExpression): boolean {
  const callee = stripWrappers(call.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === OBSERVABLE.pipe;
}

const isOperator = (name: string): boolean => name === OBSERVABLE.map || OBSERVABLE.observing.has(name) || OBSERVABLE.passing.has(name);

/** The modelled operator an argument of a pipe is (`map(fn)`, `tap(fn)`, `take(1)`), or undefined. */
function operatorName(operator: ts.Expression | undefined): string | undefined {
  if (!operator || !ts.isCallExpression(operator)) return undefined;
  const callee = stripWrappers(operator.expression);
  return ts.isIdentifier(callee) && isOperator(callee.text) ? callee.text : undefined;
}

function propertyName(property: ts.PropertyAssignment): string | undefined {
  return ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text : undefined;
}
