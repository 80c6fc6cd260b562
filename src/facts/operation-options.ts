/**
 * The option reader: where a model says an option lives (OptionLocation) × the code of one call → OptionFact.
 * It reads; it decides nothing about what an option means (that is the assembler's and the rules' business).
 */
import { ts } from 'ts-morph';
import type { OptionLocation } from '../models/types.js';
import { stripWrappers, type Value, type ValueResolver } from '../dataflow/values.js';
import { toDuration, type Duration } from './durations.js';
import type { Registration } from './module-config.js';
import type { CallNode, OptionFact, OptionTarget } from './operation-types.js';

export function argumentsOf(node: CallNode): readonly ts.Expression[] {
  return node.arguments ?? [];
}

export function hasSpread(args: readonly ts.Expression[]): boolean {
  return args.some((a) => ts.isSpreadElement(a));
}

/** The code an operation's options are written in. */
export interface OptionSite {
  /** The call that performs the operation. */
  call: CallNode;
  /** The calls that produced the callee: a factory call (last), a builder's constructor (first) and methods. */
  sites: readonly CallNode[];
  /** The call ends a builder chain: positional options are the constructor's, builder methods carry the rest. */
  builder: boolean;
}

/** The module registration whose options are the defaults; looked up only when a default is needed. */
export type RegistrationSource = () => Registration | 'unknown' | undefined;

/** Reads options at one call; a location's alternatives are tried in order, then the module defaults. */
export class OptionReader {
  private readonly args: readonly ts.Expression[];
  private readonly constructorArgs: readonly ts.Expression[];
  private readonly factoryArgs: readonly ts.Expression[];
  private readonly chainIsDirect: boolean;

  /**
   * @param bindings values of parameters of the enclosing project function as one of its calls passes them: an
   *   options argument that is such a parameter reads as the caller's value (operation-wrappers.ts)
   */
  constructor(
    private readonly resolver: ValueResolver,
    private readonly site: OptionSite,
    private readonly registration: RegistrationSource,
    private readonly bindings?: ReadonlyMap<ts.Node, Value>,
  ) {
    const { call, sites, builder } = site;
    this.args = argumentsOf(call);
    this.constructorArgs = builder && sites[0] ? argumentsOf(sites[0]) : this.args;
    this.factoryArgs = sites.length > 0 ? argumentsOf(sites[sites.length - 1]) : [];
    this.chainIsDirect = builder ? isDirectChain(sites, call) : true;
  }

  /** The option: the call first (each location in order), then module defaults (each location in order). */
  read(location: OptionLocation): { fact: OptionFact; fromModule: boolean } {
    const locations = [location, ...(location.alternatives ?? [])];
    for (const candidate of locations) {
      const fact = this.atCall(candidate);
      if (fact.state !== 'absent') return { fact, fromModule: false };
    }
    let registration: ts.Node | undefined;
    for (const candidate of locations) {
      const fact = this.moduleDefault(candidate);
      if (fact.state !== 'absent') return { fact, fromModule: true };
      registration ??= fact.registration;
    }
    return { fact: { state: 'absent', location, ...(registration ? { registration } : {}) }, fromModule: false };
  }

  /** The option as written at the call (this one location: no alternatives, no module default). */
  atCall(location: OptionLocation): OptionFact {
    const node = this.site.call;
    // Only a module default (a registration option with no per-call counterpart).
    if (location.arg === undefined && location.method === undefined && location.moduleDefault !== undefined) return { state: 'absent', location };
    let base: ts.Expression | undefined;
    if (location.method !== undefined) {
      const site = this.site.sites.slice(1).find((s) => {
        const callee = stripWrappers(s.expression);
        return ts.isPropertyAccessExpression(callee) && callee.name.text === location.method;
      });
      if (!site) return this.chainIsDirect ? { state: 'absent', location } : { state: 'unknown', node, location };
      base = argumentsOf(site)[location.arg ?? 0];
    } else {
      const baseArgs = location.fromFactory ? this.factoryArgs : this.site.builder ? this.constructorArgs : this.args;
      const index = location.arg ?? 0;
      if (hasSpread(baseArgs.slice(0, index + 1))) return { state: 'unknown', node, location };
      base = baseArgs[index];
    }
    if (!base) return { state: 'absent', location };
    const bindings = this.bindings;
    let value = this.resolver.resolve(base);
    // `expiresIn ? { expiresIn } : undefined`: unknown alone, known as this call binds the parameters
    if (value.kind === 'unknown' && bindings) value = this.resolver.resolveWith(base, bindings);
    const bound = value.kind === 'parameter' && value.steps.length === 0 ? bindings?.get(value.node) : undefined;
    const binding = bindings
      ? {
          values: bindings,
          resolve: (expression: ts.Expression) => this.resolver.resolve(expression),
          resolveBound: (expression: ts.Expression) => this.resolver.resolveWith(expression, bindings),
        }
      : undefined;
    return walkOption(bound ?? value, base, location.path ?? [], location, binding);
  }

  private moduleDefault(location: OptionLocation): OptionFact {
    if (!location.moduleDefault) return { state: 'absent', location };
    const found = this.registration();
    if (found === undefined) return { state: 'absent', location };
    if (found === 'unknown') return { state: 'unknown', node: this.site.call, location };
    const fact = walkOption(found.options, found.node, location.moduleDefault, location);
    return fact.state === 'unknown' ? fact : { ...fact, registration: found.node };
  }
}

/**
 * `{ algorithm: 'HS256', expiresIn: '1h', ...options }` with `options` a parameter of the wrapper: the option as
 * the call's `options` gives it, else the property written before the spread; 'absent' when neither has it.
 */
function spreadOption(literal: ts.Node, step: string, binding: Binding): { value: Value; node: ts.Node } | 'absent' | undefined {
  if (!ts.isObjectLiteralExpression(literal)) return undefined;
  for (const property of [...literal.properties].reverse()) {
    if (ts.isSpreadAssignment(property)) {
      const spread = binding.resolve(property.expression);
      const bound = spread.kind === 'parameter' && spread.steps.length === 0 ? binding.values.get(spread.node) : undefined;
      if (bound?.kind === 'undefined' || bound?.kind === 'null') continue;
      if (bound?.kind !== 'object') return undefined;
      const found = bound.props.get(step);
      if (found) return found;
      if (bound.open) return undefined;
      continue;
    }
    const name = ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
    if (!name || ts.isComputedPropertyName(name)) return undefined;
    if (name.getText().replace(/^['"]|['"]$/g, '') !== step) continue;
    return { value: binding.resolve(ts.isPropertyAssignment(property) ? property.initializer : (property as ts.ShorthandPropertyAssignment).name), node: property };
  }
  return 'absent';
}

/**
 * An option that is a parameter of the enclosing wrapper, as one call binds it: `{ expiresIn }` is what the call
 * passes (undefined when it leaves it out), `{ expiresIn: ttl || DEFAULT_TTL }` (or `ttl = ttl || DEFAULT_TTL`
 * before) is the default when the call passes nothing.
 */
function boundOption(value: Value, bindings: ReadonlyMap<ts.Node, Value>): Value | undefined {
  if (value.kind === 'parameter' && value.steps.length === 0) return bindings.get(value.node);
  if (value.kind !== 'fallback' || value.primary.kind !== 'parameter' || value.primary.steps.length > 0) return undefined;
  const bound = bindings.get(value.primary.node);
  if (!bound) return undefined;
  if (bound.kind === 'undefined' || bound.kind === 'null') return value.fallback;
  return bound.kind === 'number' || bound.kind === 'string' || bound.kind === 'fallback' ? bound : undefined;
}

/** An option computed from the wrapper's parameters (`expiresIn: ttl + 'm'`): its value in this call, when known. */
function computedOption(prop: { value: Value; node: ts.Node }, binding: Binding): Value | undefined {
  if (prop.value.kind !== 'unknown' || !ts.isPropertyAssignment(prop.node)) return undefined;
  const value = binding.resolveBound(prop.node.initializer);
  return value.kind === 'unknown' ? undefined : value;
}

/** Walks `path` from `start`; a primitive where an object is needed means the option is not there. */
/** How one call of the enclosing wrapper binds its parameters (OptionReader `bindings`), and the resolver. */
interface Binding {
  values: ReadonlyMap<ts.Node, Value>;
  resolve: (expression: ts.Expression) => Value;
  /** The value an expression over the wrapper's parameters has in this call (`ttl + 'm'`). */
  resolveBound: (expression: ts.Expression) => Value;
}

function walkOption(start: Value, startNode: ts.Node, path: readonly string[], location: OptionLocation, binding?: Binding): OptionFact {
  let value = start;
  let at: ts.Node = startNode;
  for (const step of path) {
    // `verify(token, key, callback)`: a function where options may stand means the options were omitted
    if (value.kind === 'undefined' || value.kind === 'null' || value.kind === 'function') return { state: 'absent', location };
    if (value.kind === 'string' || value.kind === 'number' || value.kind === 'boolean' || value.kind === 'bytes') return { state: 'absent', location };
    // an environment variable (or `process.env.X || 'literal'`) is a string: nothing is nested in it
    if (value.kind === 'env' || (value.kind === 'fallback' && value.primary.kind === 'env' && isPrimitive(value.fallback))) return { state: 'absent', location };
    if (value.kind !== 'object') return { state: 'unknown', node: at, location };
    const prop = value.props.get(step) ?? (value.open && binding ? spreadOption(value.node, step, binding) : undefined);
    if (prop === 'absent') return { state: 'absent', location };
    if (!prop) return value.open ? { state: 'unknown', node: at, location } : { state: 'absent', location };
    const bound = binding && (boundOption(prop.value, binding.values) ?? computedOption(prop, binding));
    if (bound?.kind === 'undefined') return { state: 'absent', location };
    value = bound ?? prop.value;
    at = prop.node;
  }
  if (location.single && value.kind === 'object') return { state: 'absent', location };
  if (location.single && value.kind !== 'array' && value.kind !== 'undefined' && value.kind !== 'null') {
    value = { kind: 'array', node: value.node, elements: [value], open: false };
  }
  if (value.kind === 'undefined' && path.length === 0) return { state: 'absent', location };
  if (location.negated) {
    if (value.kind !== 'boolean') return { state: 'unknown', node: at, location };
    value = { ...value, value: !value.value };
  }
  return { state: 'present', value, node: at, location };
}

/** The expression a present option fact stands for (a property's initializer, or the argument itself). */
export function expressionOf(fact: OptionFact): ts.Expression | undefined {
  if (fact.state !== 'present') return undefined;
  const at = fact.node;
  if (ts.isPropertyAssignment(at)) return at.initializer;
  if (ts.isShorthandPropertyAssignment(at)) return at.name;
  if (ts.isExpression(at)) return at;
  return undefined;
}

/** A duration option in seconds, with the unit of its location; undefined unless a literal number or string. */
export function durationOf(fact: OptionFact): Duration | undefined {
  if (fact.state !== 'present') return undefined;
  const unit = fact.location.unit;
  if (!unit) return undefined;
  const value = fact.value;
  if (value.kind !== 'number' && value.kind !== 'string') return undefined;
  return toDuration(value.value, unit);
}

/** JwtOperation.optionTarget: the options object literal at `location`, or the argument to append one after. */
export function optionTarget(location: OptionLocation | undefined, builder: boolean, args: readonly ts.Expression[], call: CallNode): OptionTarget | undefined {
  if (!location || builder || location.arg === undefined || location.method !== undefined || location.fromFactory || location.single) return undefined;
  if (location.path?.length !== 1 || hasSpread(args)) return undefined;
  const written = args[location.arg];
  if (written) return ts.isObjectLiteralExpression(written) ? { object: written } : undefined;
  if (location.arg === 0 && args.length === 0) return { call };
  return location.arg > 0 && args.length === location.arg ? { after: args[args.length - 1] } : undefined;
}

function isPrimitive(value: Value): boolean {
  return value.kind === 'string' || value.kind === 'number' || value.kind === 'boolean' || value.kind === 'null' || value.kind === 'undefined' || value.kind === 'env';
}

/** Are the builder calls `sites` chained straight into `call` (no variable between), so a method not among them is absent? */
function isDirectChain(sites: readonly CallNode[], call: CallNode): boolean {
  let expected: ts.Node = call;
  for (let i = sites.length - 1; i >= 0; i -= 1) {
    const current: ts.Node = expected;
    if (!ts.isCallExpression(current) && !ts.isNewExpression(current)) return false;
    const callee = stripWrappers(current.expression);
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const receiver = stripWrappers(callee.expression);
    const receiverInner = ts.isAwaitExpression(receiver) ? stripWrappers(receiver.expression) : receiver;
    if (receiverInner !== sites[i]) return false;
    expected = sites[i];
  }
  return true;
}
