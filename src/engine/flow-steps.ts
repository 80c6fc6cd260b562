import { ts } from 'ts-morph';
import type { TokenOrigin, TokenOriginKind } from '../dataflow/provenance.js';
import type { JwtOperation } from '../facts/operations.js';
import type { TokenSink } from '../facts/sinks/index.js';
import type { FlowStepDescriptor } from './rule.js';

/**
 * The paths of findings that come through a flow (Finding.steps, SARIF `codeFlows`): a token followed back to
 * where it enters, and an operation or sink reached through project functions (wrappers).
 */

const SOURCE_MESSAGES: Record<TokenOriginKind, string> = {
  request: 'read from the incoming request',
  signed: 'token signed here',
  'auth-response': 'token taken from an authentication response',
  storage: 'token read back from web storage',
  'outgoing-request': 'token read from an outgoing request',
  'page-url': "token read from the page's URL",
};

/**
 * A token's path as report steps: where it enters, each assignment, argument, parameter and return on the way,
 * then `sink` (the reported operation or sink, unless it is reached through a wrapper: the engine continues the
 * path into it). Undefined when the token enters right where it is used: there is no path to show.
 */
export function originSteps(origin: TokenOrigin | undefined, sink?: FlowStepDescriptor): FlowStepDescriptor[] | undefined {
  if (!origin?.steps?.length) return undefined;
  return [{ at: origin.source ?? origin.node, message: SOURCE_MESSAGES[origin.kind] }, ...origin.steps.map((step) => ({ at: step.node, message: step.message })), ...(sink ? [sink] : [])];
}

/** An operation or sink performed through a project function: its call, the argument that enters it, and what is inside. */
export interface WrappedFact {
  /** The call of the project function (the reported place). */
  node: ts.Node;
  /** The argument of that call that reaches the library call or sink, when one does. */
  entry?: ts.Node;
  /** Calls of further project functions on the way. */
  through: readonly ts.Node[];
  /** The library call or sink inside. */
  inner: { node: ts.Node; api: string };
}

/**
 * The argument whose problem a wrapper operation reports: the payload of a sign, the token of a decode or verify
 * (the roles rules follow into wrappers), else the key.
 */
export function wrappedOperation(operation: JwtOperation, inner: JwtOperation): WrappedFact {
  const entry = operation.kind === 'sign' ? (operation.payload ?? operation.key) : (operation.token ?? operation.key);
  return { node: operation.node, entry, through: operation.through ?? [], inner };
}

export function wrappedSink(sink: TokenSink, inner: TokenSink): WrappedFact {
  return { node: sink.node, entry: sink.values[0], through: sink.through ?? [], inner };
}

function calleeText(call: ts.Node): string {
  const callee = ts.isCallExpression(call) || ts.isNewExpression(call) ? call.expression : call;
  // whitespace collapsed (a call split over lines), kept where it separates words (`new Api().check`)
  const text = callee.getText().replace(/\s+/g, (space, at: number, all: string) => (/\w/.test(all[at - 1] ?? '') && /\w/.test(all[at + space.length] ?? '') ? ' ' : ''));
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** Is `node` strictly inside `outer` (same file)? */
function isInside(node: FlowStepDescriptor['at'], outer: ts.Node): boolean {
  return 'kind' in node && node !== outer && node.getSourceFile() === outer.getSourceFile() && node.getStart() >= outer.getStart() && node.getEnd() <= outer.getEnd();
}

/**
 * A finding's path continued into the project function it is reported at: the rule's own steps up to the call,
 * the argument entering the function (the rule's last step when it lies inside the call; a step at the call
 * itself is replaced), each further function, and the library call or sink inside.
 */
export function intoWrapper(steps: readonly FlowStepDescriptor[] | undefined, wrapped: WrappedFact): FlowStepDescriptor[] {
  const given = (steps ?? []).filter((step, i, all) => !(i === all.length - 1 && step.at === wrapped.node));
  const last = given[given.length - 1];
  const entry = last && isInside(last.at, wrapped.node) ? [] : [{ at: wrapped.entry ?? wrapped.node, message: `passed to \`${calleeText(wrapped.node)}()\`` }];
  return [
    ...given,
    ...entry,
    ...wrapped.through.map((call) => ({ at: call, message: `passed on to \`${calleeText(call)}()\`` })),
    { at: wrapped.inner.node, message: `reaches ${wrapped.inner.api}` },
  ];
}
