/**
 * Operations performed through a project function (a wrapper): the function summaries (src/dataflow/summaries.ts)
 * say which parameter reaches the token, payload, key or options of a library operation inside; a call of the
 * function is then that operation with the call's arguments in those roles, and with the options the call passes
 * (or leaves out) where the library call reads them from a parameter.
 */
import { ts } from 'ts-morph';
import type { CanonicalOption, OptionLocation } from '../models/types.js';
import { byHand } from '../models/by-hand.js';
import { bodyDefaultOf } from '../dataflow/parameter-reach.js';
import { returnedExpressions, type FunctionSummaries, type ParameterFlow, type ProjectFunction, type RoleSite } from '../dataflow/summaries.js';
import { enclosingFunction } from '../binding/scope.js';
import { argumentPosition } from '../dataflow/call-sites.js';
import { propertyValueExpression } from '../dataflow/object-literals.js';
import { stripWrappers, type Value } from '../dataflow/values.js';
import { assembleOperation, type OperationContext } from './operation-assemble.js';
import { argumentsOf, durationOf, hasSpread } from './operation-options.js';
import { libraryTraits, PLAIN_CALL } from './operation-traits.js';
import type { CallNode, JwtOperation, OptionFact } from './operation-types.js';

/** The roles an argument of a wrapper can take: which expression of the library operation it becomes. */
const WRAPPED_ROLES = ['token', 'payload', 'key'] as const;
type WrappedRole = (typeof WRAPPED_ROLES)[number];
/** The role of an argument of the library call that holds options: `options:2` (summaries name roles with strings). */
const OPTIONS_ROLE = 'options:';

/** A parameter of a project function that is (or holds) an options argument of a library call inside it. */
interface OptionsParameter {
  /** The caller's argument; undefined when the call leaves it out. */
  argument: ts.Expression | undefined;
  /** The parameters the value passes on its way down, outermost first (their defaults apply in turn). */
  parameters: readonly ts.ParameterDeclaration[];
}

/** Arguments of a library call that hold options read at the call itself (not builder methods, factory options, or JWTs by hand). */
function optionArguments(operation: JwtOperation): number[] {
  if (operation.model.form?.kind === 'builder' || operation.library === byHand) return [];
  const indexes = new Set<number>();
  const add = (location: OptionLocation): void => {
    if (location.arg !== undefined && location.method === undefined && !location.fromFactory) indexes.add(location.arg);
    for (const alternative of location.alternatives ?? []) add(alternative);
  };
  for (const location of Object.values(operation.model.options ?? {})) if (location) add(location);
  return [...indexes].sort((a, b) => a - b);
}

/** The token, payload, key and options expressions of library operations (what the summaries trace parameters to). */
export function roleSitesOf(operations: readonly JwtOperation[]): RoleSite<JwtOperation>[] {
  const sites: RoleSite<JwtOperation>[] = [];
  for (const operation of operations) {
    for (const role of WRAPPED_ROLES) {
      const expression = operation[role];
      if (expression) sites.push({ role, expression, fact: operation });
    }
    const args = argumentsOf(operation.call);
    for (const index of optionArguments(operation)) {
      const argument = args[index];
      if (!argument || hasSpread(args.slice(0, index + 1))) continue;
      sites.push({ role: `${OPTIONS_ROLE}${index}`, expression: argument, fact: operation });
      // `{ expiresIn, algorithm: 'HS256' }`: a parameter that is one option of the options written here
      for (const property of ts.isObjectLiteralExpression(stripWrappers(argument)) ? (stripWrappers(argument) as ts.ObjectLiteralExpression).properties : []) {
        // `{ algorithm: 'HS256', ...options }`: a spread parameter holds options too
        const value = propertyValueExpression(property);
        if (value) sites.push({ role: `${OPTIONS_ROLE}${index}`, expression: value, fact: operation });
      }
    }
  }
  return sites;
}

/** The wrapper call that decides an option (OptionFact `caller`), when one does. */
export function callerOf(fact: OptionFact): CallNode | undefined {
  return fact.state === 'unknown' ? undefined : fact.caller;
}

interface WrappedEntry {
  roles: Map<WrappedRole, ts.Expression>;
  options: Map<number, OptionsParameter>;
  through: readonly CallNode[];
  /** The key parameter is left out by the call and has no default on the way down: the library call gets no key. */
  keyLeftOut: boolean;
}

/**
 * The operations `call` performs through the project function it calls, `fn`: one per library operation inside
 * that a parameter reaches. Token and payload are followed into functions of other modules only (in the same
 * file the library call's parameters are followed to their callers); the key and options into every function,
 * since only the call says what they are.
 */
export function wrapperOperations(context: OperationContext, call: CallNode, fn: ProjectFunction, summaries: FunctionSummaries<JwtOperation>): JwtOperation[] {
  const sameFile = fn.getSourceFile() === call.getSourceFile();
  const byOperation = new Map<JwtOperation, WrappedEntry>();
  const args = argumentsOf(call);
  const flows = summaries.flows(fn);
  for (const flow of flows) {
    if (decodesToFindKey(fn, flow, flows)) continue;
    const position = argumentPosition(fn, flow.parameter);
    const argument = args[position];
    const parameter = fn.parameters[flow.parameter];
    if (hasSpread(args.slice(0, position + 1)) || !parameter || parameter.dotDotDotToken) continue;
    const optionsArg = flow.role.startsWith(OPTIONS_ROLE) ? Number(flow.role.slice(OPTIONS_ROLE.length)) : undefined;
    const keyLeftOut = flow.role === 'key' && !argument && !flow.parameters.some((p) => p.initializer);
    // in the same module only the key is followed (a literal passed as the key is a hard-coded secret at that call)
    if (optionsArg === undefined && ((sameFile && flow.role !== 'key') || (!argument && !keyLeftOut))) continue;
    let entry = byOperation.get(flow.fact);
    if (!entry) byOperation.set(flow.fact, (entry = { roles: new Map(), options: new Map(), through: flow.through, keyLeftOut: false }));
    // keyed by parameter: several parameters can each be one option of the same options argument
    if (optionsArg !== undefined) entry.options.set(flow.parameter, { argument, parameters: flow.parameters });
    else if (argument) entry.roles.set(flow.role as WrappedRole, argument);
    entry.keyLeftOut ||= keyLeftOut;
  }
  const found: JwtOperation[] = [];
  for (const [inner, { roles, options, through, keyLeftOut }] of byOperation) {
    if (roles.size === 0 && options.size === 0 && !keyLeftOut) continue;
    // `setCookie(ctx, null)` to clear it: a helper given no payload or token does not sign or verify (or its library throws)
    if (isNoValue(roles.get('payload')) || isNoValue(roles.get('token'))) continue;
    // where each option parameter's value enters: the call's argument for the outermost parameter of its chain
    const entered = new Map<ts.Node, ts.Node>();
    for (const { argument, parameters } of options.values()) {
      const innermost = parameters[parameters.length - 1];
      if (innermost) entered.set(innermost, argument ?? call);
    }
    found.push(wrapperOperation(call, inner, { roles, through, keyLeftOut }, boundOptions(context, call, inner, options), entered));
  }
  return found;
}

/** `null`, `undefined`, `void 0`: an argument that is no value at all. */
function isNoValue(argument: ts.Expression | undefined): boolean {
  const node = argument && stripWrappers(argument);
  if (!node) return false;
  return node.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(node) && node.text === 'undefined') || ts.isVoidExpression(node);
}

/** Where a flow's fact happens at `level` of its way down: the call made there, or the library call itself. */
function siteAt(flow: ParameterFlow<JwtOperation>, level: number): CallNode | undefined {
  return level < flow.through.length ? flow.through[level] : level === flow.through.length ? flow.fact.call : undefined;
}

/**
 * A decode of a token parameter that the same function also verifies (`const { id } = jwt.decode(token)`, the
 * user's secret looked up, then `jwt.verify(token, user.secret)`): the decode only finds the key, and the
 * function is a verifying helper for that parameter, not a decode for its callers. Not when a `return` between
 * the decode and the verification can hand decoded claims out unverified. The two ways down are compared where
 * they part: in one function (that function decodes, then verifies), or in two functions after a call that
 * dispatches to several (`processors.get(kind).validate(t)`): then they are different strategies, and the
 * verification of one does not cover the decode of the other.
 */
function decodesToFindKey(fn: ProjectFunction, flow: ParameterFlow<JwtOperation>, flows: readonly ParameterFlow<JwtOperation>[]): boolean {
  if (flow.role !== 'token' || flow.fact.kind !== 'decode') return false;
  return flows.some((other) => {
    if (other.role !== 'token' || other.fact.kind !== 'verify' || !other.fact.verifiesSignature || other.parameter !== flow.parameter) return false;
    let level = 0;
    while (siteAt(flow, level) !== undefined && siteAt(flow, level) === siteAt(other, level)) level += 1;
    const decoded = siteAt(flow, level);
    const verified = siteAt(other, level);
    if (!decoded || !verified) return false;
    const owner = level === 0 ? fn : enclosingFunction(decoded);
    if (owner !== (level === 0 ? fn : enclosingFunction(verified)) || !('body' in owner) || !owner.body) return false;
    const body = owner.body;
    const [decodedAt, verifiedAt] = [decoded.getStart(), verified.getStart()];
    return verifiedAt < decodedAt || !returnedExpressions(body).some((returned) => returned.getStart() > decodedAt && returned.getStart() < verifiedAt && !handsNothing(returned));
  });
}

/** `return null`, `return undefined`, `return false`, a literal: hands out no decoded claim. */
function handsNothing(expression: ts.Expression): boolean {
  const node = stripWrappers(expression);
  return (
    node.kind === ts.SyntaxKind.NullKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    ts.isLiteralExpression(node) ||
    (ts.isIdentifier(node) && node.text === 'undefined')
  );
}

/**
 * The library operation inside a wrapper as one call of the wrapper makes it: its options parameters bound to
 * what the call passes (a left-out argument takes the parameters' defaults on the way down, else is undefined).
 * Undefined when the call passes no options parameter.
 */
function boundOptions(context: OperationContext, call: CallNode, inner: JwtOperation, options: ReadonlyMap<number, OptionsParameter>): JwtOperation | undefined {
  if (options.size === 0) return undefined;
  const bindings = new Map<ts.Node, Value>();
  for (const { argument, parameters } of options.values()) {
    let value: Value = argument ? context.resolver.resolve(argument) : { kind: 'undefined', node: call };
    for (const parameter of parameters) {
      if (value.kind !== 'undefined' && value.kind !== 'env') break;
      const fallback = parameter.initializer ?? bodyDefaultOf(parameter);
      if (!fallback) continue;
      // `makeJWT(info, process.env.JWT_EXPIRY)` with `expiry = '30d'`: the default applies while the variable is unset
      value = value.kind === 'env' ? { kind: 'fallback', node: value.node, primary: value, fallback: context.resolver.resolve(fallback) } : context.resolver.resolve(fallback);
      if (value.kind === 'fallback') break;
    }
    const innermost = parameters[parameters.length - 1];
    if (innermost) bindings.set(innermost, value);
  }
  return assembleOperation(context, inner.library, inner.model, inner.call, inner.sites, inner.node, bindings);
}

/** The wrapper parameter an option is (`{ expiresIn }`), also with a default (`{ expiresIn: ttl || DEFAULT_TTL }`). */
function optionParameter(value: Value): ts.Node | undefined {
  if (value.kind === 'parameter' && value.steps.length === 0) return value.node;
  return value.kind === 'fallback' && value.primary.kind === 'parameter' && value.primary.steps.length === 0 ? value.primary.node : undefined;
}

/** The operation a wrapper call performs through `inner`, with the wrapper's arguments in the roles they reach. */
function wrapperOperation(call: CallNode, inner: JwtOperation, entry: Omit<WrappedEntry, 'options'>, bound: JwtOperation | undefined, entered: ReadonlyMap<ts.Node, ts.Node>): JwtOperation {
  const { roles, through } = entry;
  // an option the library call leaves to its caller (an options parameter) is what this call passes
  const option = (name: CanonicalOption): OptionFact => {
    const own = inner.option(name);
    // `{ expiresIn }` with `expiresIn` a parameter of the wrapper is left to the caller too, and is where the caller passes it
    const parameter = own.state === 'present' ? optionParameter(own.value) : undefined;
    // `{ expiresIn: ttl + 'm' }`: computed from what the caller passes
    const computed = own.state === 'present' && own.value.kind === 'unknown';
    if ((own.state !== 'unknown' && !parameter && !computed) || !bound) return own;
    const passed = bound.option(name);
    if (passed.state === 'unknown' || (computed && passed.state === 'present' && passed.value.kind === 'unknown')) return own;
    return passed.state === 'present' && parameter ? { ...passed, node: entered.get(parameter) ?? call, caller: call } : { ...passed, caller: call };
  };
  const callee = stripWrappers(call.expression).getText().replace(/\s+/g, '');
  return {
    kind: inner.kind,
    library: inner.library,
    model: inner.model,
    ...libraryTraits(inner.library, inner.model),
    ...PLAIN_CALL,
    keyArgumentMissing: entry.keyLeftOut,
    api: `${callee.length > 40 ? `${callee.slice(0, 39)}…` : callee} (wrapping ${inner.api})`,
    node: call,
    call,
    sites: [],
    token: roles.get('token'),
    key: roles.get('key'),
    keySource: roles.has('key') ? 'argument' : undefined,
    payload: roles.get('payload'),
    hasSpreadArguments: inner.hasSpreadArguments,
    verifiesSignature: inner.verifiesSignature,
    get registration() {
      return inner.registration;
    },
    option,
    // the options are written at the library call inside the wrapper, not at this call
    optionTarget: () => undefined,
    duration: (name) => (callerOf(option(name)) ? durationOf(option(name)) : inner.duration(name)),
    recordType: (expression) => inner.recordType(expression),
    recordsIn: (expression) => inner.recordsIn(expression),
    via: inner,
    through,
  };
}
