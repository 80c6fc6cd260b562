import { ts } from 'ts-morph';
import type { Value } from './values.js';

/**
 * The one value several alternatives amount to: the definitions of a `let` that reach a use (`let ttl = 129600;
 * if (process.env.TTL) ttl = parseInt(process.env.TTL)`), the branches of `c ? a : b`. The same constant
 * everywhere is that constant; one constant that holds unless configuration or unknown code replaces it is a
 * configuration default (`fallback`, like `process.env.TTL || 129600`); anything else stays unknown, never a guess;
 * different constants are unknown with those constants as `alternatives` (which one a use gets is not told).
 */
export function joinValues(values: readonly Value[], at: ts.Node): Value {
  if (values.length === 1) return values[0];
  const unknown: Value = { kind: 'unknown', node: at };
  const constants: Value[] = [];
  const replacements: Value[] = [];
  for (const value of values) {
    if (isConstant(value)) constants.push(value);
    else if (value.kind === 'fallback' && isConstant(value.fallback) && isReplacement(value.primary)) {
      constants.push(value.fallback);
      replacements.push(value.primary);
    } else if (isReplacement(value)) replacements.push(value);
    else return unknown;
  }
  const [first] = constants;
  if (!first) return unknown;
  // different constants: one of them, which one is not told
  if (!constants.every((constant) => sameConstant(constant, first))) return { ...unknown, alternatives: constants };
  if (replacements.length === 0) return first;
  // the setting that replaces the default, when there is one to name (`process.env.TTL`)
  const primary = replacements.find((value) => value.kind === 'env') ?? replacements[0];
  return { kind: 'fallback', node: at, primary: replacements.length === 1 ? primary : primary.kind === 'env' ? primary : unknown, fallback: first };
}

const isConstant = (value: Value): boolean => value.kind === 'string' || value.kind === 'number' || value.kind === 'boolean';

/** What may replace a default: configuration, a caller's argument, or a value the analysis does not know. */
const isReplacement = (value: Value): boolean => value.kind === 'env' || value.kind === 'unknown' || value.kind === 'parameter';

function sameConstant(a: Value, b: Value): boolean {
  return a.kind === b.kind && 'value' in a && 'value' in b && a.value === b.value;
}

/** `a + b`, `a * b`, `a - b`, `a / b` over constants (`+` also joins strings); undefined unless both are constants. */
export function constantArithmetic(operator: ts.SyntaxKind, left: Value, right: Value, node: ts.Node): Value | undefined {
  if (operator === ts.SyntaxKind.PlusToken) {
    if ((left.kind !== 'string' && left.kind !== 'number') || (right.kind !== 'string' && right.kind !== 'number')) return undefined;
    if (left.kind === 'number' && right.kind === 'number') return { kind: 'number', value: left.value + right.value, node };
    return { kind: 'string', value: String(left.value) + String(right.value), node };
  }
  if (left.kind !== 'number' || right.kind !== 'number') return undefined;
  if (operator === ts.SyntaxKind.AsteriskToken) return { kind: 'number', value: left.value * right.value, node };
  if (operator === ts.SyntaxKind.MinusToken) return { kind: 'number', value: left.value - right.value, node };
  return operator === ts.SyntaxKind.SlashToken ? { kind: 'number', value: left.value / right.value, node } : undefined;
}

/**
 * A configuration default computed on with a constant (`ttl + 'm'`, `ttl * 60` with `ttl` a default of 129600): the
 * default computed the same way, still replaced by the same setting, and still written where the default is.
 */
export function overDefault(left: Value, right: Value, combine: (left: Value, right: Value) => Value | undefined, node: ts.Node): Value | undefined {
  if (left.kind === 'fallback' && isConstant(left.fallback) && isConstant(right)) {
    const fallback = combine(left.fallback, right);
    return fallback && { kind: 'fallback', node, primary: left.primary, fallback: writtenAt(fallback, left.fallback.node) };
  }
  if (right.kind === 'fallback' && isConstant(right.fallback) && isConstant(left)) {
    const fallback = combine(left, right.fallback);
    return fallback && { kind: 'fallback', node, primary: right.primary, fallback: writtenAt(fallback, right.fallback.node) };
  }
  return undefined;
}

/** A computed constant reported where the constant it was computed from is written. */
const writtenAt = (value: Value, node: ts.Node): Value => ({ ...value, node }) as Value;

/** A template of constants is a string; one over a configuration default (`${ttl}m`) is that default as text. */
export function templateValue(node: ts.TemplateExpression, resolve: (expression: ts.Expression) => Value): Value {
  const join = (left: Value, right: Value) => constantArithmetic(ts.SyntaxKind.PlusToken, left, right, node);
  const append = (left: Value, right: Value) => join(left, right) ?? overDefault(left, right, join, node);
  let text: Value | undefined = { kind: 'string', value: node.head.text, node };
  for (const span of node.templateSpans) {
    text = text && append(text, resolve(span.expression));
    text = text && append(text, { kind: 'string', value: span.literal.text, node });
  }
  return text ?? { kind: 'unknown', node };
}

/**
 * A destructured name with a default (`const { expiresIn = '90d' } = opts`, `function f({ ttl = 3600 })`): the default
 * when the destructured value is missing, a configuration default (`fallback`) when a caller or unknown code may give
 * it. `holder` is the declaration or parameter, `steps` the path from its value to the name.
 */
export function withDestructuringDefault(value: Value, holder: ts.Node, steps: readonly (string | number)[], resolve: (expression: ts.Expression) => Value): Value {
  if (steps.length === 0 || !(ts.isVariableDeclaration(holder) || ts.isParameter(holder))) return value;
  const element = bindingElementAt(holder.name, steps);
  if (!element?.initializer) return value;
  if (value.kind === 'undefined') return resolve(element.initializer);
  return isReplacement(value) || value.kind === 'fallback' ? { kind: 'fallback', node: element, primary: value, fallback: resolve(element.initializer) } : value;
}

/** The binding element a destructuring path leads to (`{ a: { b } }` with ['a', 'b'] → `b`). */
function bindingElementAt(name: ts.BindingName, steps: readonly (string | number)[]): ts.BindingElement | undefined {
  let pattern: ts.BindingName = name;
  let element: ts.BindingElement | undefined;
  for (const step of steps) {
    if (ts.isObjectBindingPattern(pattern)) {
      element = pattern.elements.find((candidate) => {
        const key = candidate.propertyName ?? candidate.name;
        return (ts.isIdentifier(key) || ts.isStringLiteral(key)) && key.text === String(step);
      });
    } else if (ts.isArrayBindingPattern(pattern)) {
      const candidate = pattern.elements[Number(step)];
      element = candidate && ts.isBindingElement(candidate) ? candidate : undefined;
    } else return undefined;
    if (!element) return undefined;
    pattern = element.name;
  }
  return element;
}

/** Whether a known value is truthy (`undefined`, `''`, `0` are not); undefined when the value is not known. */
export function truthiness(value: Value): boolean | undefined {
  switch (value.kind) {
    case 'undefined':
    case 'null':
      return false;
    case 'boolean':
      return value.value;
    case 'string':
      return value.value !== '';
    case 'number':
      return value.value !== 0 && !Number.isNaN(value.value);
    case 'object':
    case 'function':
      return true;
    default:
      return undefined;
  }
}
