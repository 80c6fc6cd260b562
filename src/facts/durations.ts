import { ts } from 'ts-morph';
import { enclosingFunction, findDeclaration, requiredSpecifier } from '../binding/scope.js';
import { singleDefinition } from '../dataflow/definitions.js';
import { stripWrappers } from '../dataflow/values.js';
import type { DurationUnit } from '../models/types.js';
import { DATE_ARITHMETIC, DURATION_LIBRARIES, DURATION_UNIT_SECONDS } from '../models/duration-libraries.js';

/**
 * Durations as libraries write them, converted to seconds. Units come from the library model
 * (`OptionLocation.unit`); this module only knows the notations, and Date arithmetic that makes an expiry.
 */

const SECOND = 1;
const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;
const WEEK = 7 * DAY;
const YEAR = 365.25 * DAY;

/** vercel/ms units (https://github.com/vercel/ms), in seconds. */
const MS_UNITS: Record<string, number> = {
  years: YEAR,
  year: YEAR,
  yrs: YEAR,
  yr: YEAR,
  y: YEAR,
  weeks: WEEK,
  week: WEEK,
  w: WEEK,
  days: DAY,
  day: DAY,
  d: DAY,
  hours: HOUR,
  hour: HOUR,
  hrs: HOUR,
  hr: HOUR,
  h: HOUR,
  minutes: MINUTE,
  minute: MINUTE,
  mins: MINUTE,
  min: MINUTE,
  m: MINUTE,
  seconds: SECOND,
  second: SECOND,
  secs: SECOND,
  sec: SECOND,
  s: SECOND,
  milliseconds: 0.001,
  millisecond: 0.001,
  msecs: 0.001,
  msec: 0.001,
  ms: 0.001,
};

/** jose's relative time units (`setExpirationTime('2h')`), in seconds. */
const JOSE_UNITS: Record<string, number> = {
  sec: SECOND,
  secs: SECOND,
  second: SECOND,
  seconds: SECOND,
  s: SECOND,
  minute: MINUTE,
  minutes: MINUTE,
  min: MINUTE,
  mins: MINUTE,
  m: MINUTE,
  hour: HOUR,
  hours: HOUR,
  hr: HOUR,
  hrs: HOUR,
  h: HOUR,
  day: DAY,
  days: DAY,
  d: DAY,
  week: WEEK,
  weeks: WEEK,
  w: WEEK,
  year: YEAR,
  years: YEAR,
  yr: YEAR,
  yrs: YEAR,
  y: YEAR,
};

/** vercel/ms notation ('2h', '7d', '1 day', '120' = 120 ms) → seconds; undefined when not parseable. */
function parseMs(text: string): number | undefined {
  const match = /^(-?(?:\d+)?\.?\d+) *([a-z]+)?$/i.exec(text.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  if (!Number.isFinite(amount)) return undefined;
  if (match[2] === undefined) return amount / 1000;
  const unit = MS_UNITS[match[2].toLowerCase()];
  return unit === undefined ? undefined : amount * unit;
}

/** jose relative time ('2h', '2 hours', '+2h', 'in 2h'; past forms are negative) → seconds. */
function parseJoseSpan(text: string): number | undefined {
  const match = /^(\+|-)? ?(\d+|\d+\.\d+) ?([a-z]+)(?: (ago|from now))?$/i.exec(text.trim().replace(/^in /i, '+'));
  if (!match) return undefined;
  const unit = JOSE_UNITS[match[3].toLowerCase()];
  if (unit === undefined) return undefined;
  const seconds = Number(match[2]) * unit;
  return match[1] === '-' || match[4]?.toLowerCase() === 'ago' ? -seconds : seconds;
}

export type Duration =
  /** A lifetime relative to the time of the call. */
  | { kind: 'relative'; seconds: number }
  /** An absolute NumericDate (seconds since the epoch). */
  | { kind: 'absolute'; epochSeconds: number };

/** A literal duration in the given unit; undefined when the value does not fit the unit. */
export function toDuration(value: number | string, unit: DurationUnit): Duration | undefined {
  const relative = (seconds: number | undefined): Duration | undefined => (seconds === undefined || !Number.isFinite(seconds) ? undefined : { kind: 'relative', seconds });
  switch (unit) {
    case 'seconds':
      return typeof value === 'number' ? relative(value) : undefined;
    case 'milliseconds':
      return typeof value === 'number' ? relative(value / 1000) : undefined;
    case 'timespan':
      return typeof value === 'number' ? relative(value) : relative(parseMs(value));
    case 'timespan-ms':
      return typeof value === 'number' ? relative(value / 1000) : relative(parseMs(value));
    case 'jose-time':
      return typeof value === 'number' ? { kind: 'absolute', epochSeconds: value } : relative(parseJoseSpan(value));
    case 'epoch-seconds':
      return typeof value === 'number' ? { kind: 'absolute', epochSeconds: value } : undefined;
  }
}

/** '2h', '24h', '7d', '90d', '45m', '30s' — a short rendering of a number of seconds, for messages (days from two days on). */
export function formatDuration(seconds: number): string {
  if (seconds >= 2 * DAY) return `${Math.round((seconds / DAY) * 10) / 10}d`;
  for (const [unit, size] of [
    ['h', HOUR],
    ['m', MINUTE],
  ] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  if (seconds >= HOUR) return `${Math.round((seconds / HOUR) * 10) / 10}h`;
  return `${Math.round(seconds * 1000) / 1000}s`;
}

/** Date setters that move a date by an offset read back from the same field (`d.setDate(d.getDate() + 60)`), in seconds per unit. */
const DATE_SETTERS: Readonly<Record<string, { getters: readonly string[]; seconds: number }>> = {
  setSeconds: { getters: ['getSeconds', 'getUTCSeconds'], seconds: SECOND },
  setUTCSeconds: { getters: ['getSeconds', 'getUTCSeconds'], seconds: SECOND },
  setMinutes: { getters: ['getMinutes', 'getUTCMinutes'], seconds: MINUTE },
  setUTCMinutes: { getters: ['getMinutes', 'getUTCMinutes'], seconds: MINUTE },
  setHours: { getters: ['getHours', 'getUTCHours'], seconds: HOUR },
  setUTCHours: { getters: ['getHours', 'getUTCHours'], seconds: HOUR },
  setDate: { getters: ['getDate', 'getUTCDate'], seconds: DAY },
  setUTCDate: { getters: ['getDate', 'getUTCDate'], seconds: DAY },
  setMonth: { getters: ['getMonth', 'getUTCMonth'], seconds: 30 * DAY },
  setUTCMonth: { getters: ['getMonth', 'getUTCMonth'], seconds: 30 * DAY },
  setFullYear: { getters: ['getFullYear', 'getUTCFullYear'], seconds: YEAR },
  setUTCFullYear: { getters: ['getFullYear', 'getUTCFullYear'], seconds: YEAR },
};

const isGlobalDate = (node: ts.Expression): boolean => ts.isIdentifier(node) && node.text === 'Date' && !findDeclaration('Date', node);

/** A variable holding a Date of the current time: `new Date()`, `new Date(Date.now())`, `new Date(today)` with `today` one. */
function nowDate(expression: ts.Expression, depth: number): ts.VariableDeclaration | undefined {
  const node = stripWrappers(expression);
  if (depth > 4 || !ts.isIdentifier(node)) return undefined;
  const declaration = findDeclaration(node.text, node);
  const definition = declaration?.kind === 'variable' && declaration.steps.length === 0 ? singleDefinition(node) : undefined;
  if (declaration?.kind !== 'variable' || definition?.kind !== 'value' || definition.steps.length > 0) return undefined;
  const initializer = stripWrappers(definition.expression);
  if (!ts.isNewExpression(initializer) || !isGlobalDate(initializer.expression)) return undefined;
  const args = initializer.arguments ?? [];
  if (args.length === 0) return declaration.node;
  const only = args.length === 1 ? stripWrappers(args[0]) : undefined;
  const isNowMs = only && ts.isCallExpression(only) && ts.isPropertyAccessExpression(only.expression) && only.expression.name.text === 'now' && isGlobalDate(only.expression.expression);
  return isNowMs || (only && nowDate(only, depth + 1)) ? declaration.node : undefined;
}

/**
 * Seconds from now of an epoch-seconds expression built by Date arithmetic: `d.getTime() / 1000` (also under
 * `Math.floor`) where `d` is a Date of the current time moved only by setters reading the same field
 * (`d.setDate(today.getDate() + 60)`). Undefined when any step is not of that form.
 */
export function dateOffsetSeconds(expression: ts.Expression, resolveNumber: (expression: ts.Expression) => number | undefined): number | undefined {
  let node = stripWrappers(expression);
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ['floor', 'round', 'trunc', 'ceil'].includes(node.expression.name.text) && node.arguments.length === 1) {
    node = stripWrappers(node.arguments[0]);
  }
  const moved = libraryDateOffset(node, resolveNumber);
  if (moved !== undefined) return moved;
  if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.SlashToken || resolveNumber(node.right) !== 1000) return undefined;
  const time = stripWrappers(node.left);
  if (!ts.isCallExpression(time) || !ts.isPropertyAccessExpression(time.expression) || !['getTime', 'valueOf'].includes(time.expression.name.text)) return undefined;
  const date = time.expression.expression;
  const declaration = nowDate(date, 0);
  if (!declaration || !ts.isIdentifier(declaration.name)) return undefined;
  const name = declaration.name.text;
  let offset = 0;
  const stack: ts.Node[] = [enclosingFunction(declaration)];
  while (stack.length > 0) {
    const current = stack.pop()!;
    const callee = ts.isCallExpression(current) ? stripWrappers(current.expression) : undefined;
    if (
      callee &&
      ts.isPropertyAccessExpression(callee) &&
      ts.isIdentifier(callee.expression) &&
      callee.expression.text === name &&
      findDeclaration(name, callee.expression)?.node === declaration &&
      /^set/.test(callee.name.text)
    ) {
      const step = setterOffset(current as ts.CallExpression, callee.name.text, resolveNumber);
      if (step === undefined) return undefined;
      offset += step;
    }
    current.forEachChild((child) => {
      stack.push(child);
    });
  }
  return offset > 0 ? offset : undefined;
}

/** `d.setDate(x.getDate() + 60)` → 60 days in seconds, when `x` is a Date of the current time. */
function setterOffset(call: ts.CallExpression, setter: string, resolveNumber: (expression: ts.Expression) => number | undefined): number | undefined {
  const unit = DATE_SETTERS[setter];
  const argument = call.arguments.length === 1 ? stripWrappers(call.arguments[0]) : undefined;
  if (!unit || !argument || !ts.isBinaryExpression(argument) || argument.operatorToken.kind !== ts.SyntaxKind.PlusToken) return undefined;
  for (const [read, amount] of [
    [argument.left, argument.right],
    [argument.right, argument.left],
  ] as const) {
    const getter = stripWrappers(read);
    if (!ts.isCallExpression(getter) || !ts.isPropertyAccessExpression(getter.expression) || !unit.getters.includes(getter.expression.name.text)) continue;
    if (!nowDate(getter.expression.expression, 0)) continue;
    const count = resolveNumber(amount);
    return count === undefined ? undefined : count * unit.seconds;
  }
  return undefined;
}

/** `Date.now()` or `new Date().getTime()` (milliseconds). */
function isNowMs(node: ts.Expression): boolean {
  const e = stripWrappers(node);
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
    const { expression: receiver, name } = e.expression;
    if (name.text === 'now' && ts.isIdentifier(receiver) && receiver.text === 'Date') return true;
    const inner = stripWrappers(receiver);
    if (name.text === 'getTime' && ts.isNewExpression(inner) && ts.isIdentifier(inner.expression) && inner.expression.text === 'Date' && !inner.arguments?.length) return true;
  }
  return false;
}

/** The current time in seconds: `Math.floor(Date.now() / 1000)`, or a const holding it. */
function isNowSeconds(node: ts.Expression, depth = 0): boolean {
  const e = stripWrappers(node);
  if (depth > 4) return false;
  if (ts.isIdentifier(e)) {
    const declaration = findDeclaration(e.text, e);
    return (
      declaration?.kind === 'variable' && declaration.isConst && declaration.steps.length === 0 && !!declaration.node.initializer && isNowSeconds(declaration.node.initializer, depth + 1)
    );
  }
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ts.isIdentifier(e.expression.expression) && e.expression.expression.text === 'Math') {
    return ['floor', 'round', 'trunc', 'ceil'].includes(e.expression.name.text) && e.arguments.length === 1 && isNowSeconds(e.arguments[0], depth + 1);
  }
  return (
    ts.isBinaryExpression(e) &&
    e.operatorToken.kind === ts.SyntaxKind.SlashToken &&
    ts.isNumericLiteral(stripWrappers(e.right)) &&
    Number((stripWrappers(e.right) as ts.NumericLiteral).text) === 1000 &&
    isNowMs(e.left)
  );
}

/** The offset added to the current time in seconds (`Math.floor(Date.now() / 1000) + 3600`, `now + ttl`): its expression. */
export function nowOffset(expression: ts.Expression): ts.Expression | undefined {
  const e = stripWrappers(expression);
  if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.PlusToken) return undefined;
  if (isNowSeconds(e.left)) return e.right;
  return isNowSeconds(e.right) ? e.left : undefined;
}

/** `<`, `<=`, `>`, `>=` (read when called: reading `ts` when this module loads would load the compiler on a run that parses nothing). */
function isComparison(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.LessThanToken || kind === ts.SyntaxKind.LessThanEqualsToken || kind === ts.SyntaxKind.GreaterThanToken || kind === ts.SyntaxKind.GreaterThanEqualsToken;
}

/** `payload.exp`, `payload['exp']`, `payload.exp * 1000`, `new Date(payload.exp * 1000)`: the claim, maybe scaled. */
function readsClaim(expression: ts.Expression, claim: string, depth = 0): boolean {
  const e = stripWrappers(expression);
  if (depth > 3) return false;
  if (ts.isPropertyAccessExpression(e)) return e.name.text === claim;
  if (ts.isElementAccessExpression(e)) return ts.isStringLiteralLike(e.argumentExpression) && e.argumentExpression.text === claim;
  if (ts.isBinaryExpression(e)) return readsClaim(e.left, claim, depth + 1) || readsClaim(e.right, claim, depth + 1);
  if (ts.isNewExpression(e) || ts.isCallExpression(e)) return (e.arguments ?? []).some((argument) => readsClaim(argument, claim, depth + 1));
  return false;
}

/** The clock now, in seconds or milliseconds (`Date.now()`, `Date.now() / 1000`, `new Date()`, a const holding one). */
function isClock(expression: ts.Expression): boolean {
  const e = stripWrappers(expression);
  if (isNowMs(e) || isNowSeconds(e)) return true;
  return ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'Date' && !e.arguments?.length;
}

/**
 * A comparison of a claim with the clock in `root` (`if (payload.exp < Date.now() / 1000) return done(null, false)`):
 * code that checks the expiry itself. Nested functions are searched too (a callback's own callbacks).
 */
export function claimComparedWithClock(root: ts.Node, claim: string): ts.BinaryExpression | undefined {
  let found: ts.BinaryExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node) && isComparison(node.operatorToken.kind)) {
      const [left, right] = [node.left, node.right];
      if ((readsClaim(left, claim) && isClock(right)) || (readsClaim(right, claim) && isClock(left))) found = node;
    }
    node.forEachChild(visit);
  };
  visit(root);
  return found;
}

/** `moment().add(14, 'days').unix()` (also dayjs): the seconds the date library's calls add to now. */
function libraryDateOffset(node: ts.Expression, resolveNumber: (expression: ts.Expression) => number | undefined): number | undefined {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== DATE_ARITHMETIC.epochSeconds) return undefined;
  let offset = 0;
  let current = stripWrappers(node.expression.expression);
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression) && current.expression.name.text === DATE_ARITHMETIC.add) {
    const [count, unit] = current.arguments;
    const amount = count ? resolveNumber(count) : undefined;
    const seconds = unit && ts.isStringLiteralLike(unit) ? DURATION_UNIT_SECONDS[unit.text] : undefined;
    if (amount === undefined || seconds === undefined) return undefined;
    offset += amount * seconds;
    current = stripWrappers(current.expression.expression);
  }
  const now = ts.isCallExpression(current) && current.arguments.length === 0 && ts.isIdentifier(current.expression) ? current.expression : undefined;
  return now && isDateLibrary(now) ? offset : undefined;
}

/** A name bound to a date library's default export (`import moment from 'moment'`, `const dayjs = require('dayjs')`). */
function isDateLibrary(name: ts.Identifier): boolean {
  const declaration = findDeclaration(name.text, name);
  const specifier =
    declaration?.kind === 'import' && (declaration.imported === 'default' || declaration.imported === '*')
      ? declaration.specifier
      : declaration?.kind === 'variable' && declaration.steps.length === 0 && declaration.node.initializer
        ? requiredSpecifier(declaration.node.initializer)
        : undefined;
  return specifier !== undefined && DURATION_LIBRARIES.some((library) => library.packages.includes(specifier));
}
