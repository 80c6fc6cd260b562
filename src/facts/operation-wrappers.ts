/**
 * Operations performed through a project function (a wrapper): the function summaries (src/dataflow/summaries.ts)
 * say which parameter reaches the token, payload or key of a library operation inside; a call of the function is
 * then that operation with the call's arguments in those roles.
 */
import type { ts } from 'ts-morph';
import type { FunctionSummaries, ProjectFunction, RoleSite } from '../dataflow/summaries.js';
import { stripWrappers } from '../dataflow/values.js';
import { argumentsOf, hasSpread } from './operation-options.js';
import { libraryTraits, PLAIN_CALL } from './operation-traits.js';
import type { CallNode, JwtOperation } from './operation-types.js';

/** The roles an argument of a wrapper can take: which expression of the library operation it becomes. */
const WRAPPED_ROLES = ['token', 'payload', 'key'] as const;
type WrappedRole = (typeof WRAPPED_ROLES)[number];

/** The token, payload and key expressions of library operations (what the summaries trace parameters to). */
export function roleSitesOf(operations: readonly JwtOperation[]): RoleSite<JwtOperation>[] {
  const sites: RoleSite<JwtOperation>[] = [];
  for (const operation of operations) {
    for (const role of WRAPPED_ROLES) {
      const expression = operation[role];
      if (expression) sites.push({ role, expression, fact: operation });
    }
  }
  return sites;
}

/**
 * The operations `call` performs through the project function it calls, `fn` (defined in another module): one
 * per library operation inside that a parameter reaches.
 */
export function wrapperOperations(call: CallNode, fn: ProjectFunction, summaries: FunctionSummaries<JwtOperation>): JwtOperation[] {
  const byOperation = new Map<JwtOperation, { roles: Map<WrappedRole, ts.Expression>; through: readonly CallNode[] }>();
  const args = argumentsOf(call);
  for (const flow of summaries.flows(fn)) {
    const argument = args[flow.parameter];
    if (!argument || hasSpread(args.slice(0, flow.parameter + 1))) continue;
    let entry = byOperation.get(flow.fact);
    if (!entry) byOperation.set(flow.fact, (entry = { roles: new Map(), through: flow.through }));
    entry.roles.set(flow.role as WrappedRole, argument);
  }
  return [...byOperation].map(([inner, { roles, through }]) => wrapperOperation(call, inner, roles, through));
}

/** The operation a wrapper call performs through `inner`, with the wrapper's arguments in the roles they reach. */
function wrapperOperation(call: CallNode, inner: JwtOperation, roles: ReadonlyMap<WrappedRole, ts.Expression>, through: readonly CallNode[]): JwtOperation {
  const callee = stripWrappers(call.expression).getText().replace(/\s+/g, '');
  return {
    kind: inner.kind,
    library: inner.library,
    model: inner.model,
    ...libraryTraits(inner.library, inner.model),
    ...PLAIN_CALL,
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
    option: (name) => inner.option(name),
    // the options are written at the library call inside the wrapper, not at this call
    optionTarget: () => undefined,
    duration: (name) => inner.duration(name),
    recordType: (expression) => inner.recordType(expression),
    recordsIn: (expression) => inner.recordsIn(expression),
    via: inner,
    through,
  };
}
