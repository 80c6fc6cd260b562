import type { ts } from 'ts-morph';
import type { WorkBudget } from './work-budget.js';
import type { Project } from '../binding/project.js';
import { everyOrigin, type TokenTracker } from '../dataflow/provenance.js';
import { returnedExpressions } from '../dataflow/summaries.js';
import type { ValueResolver } from '../dataflow/values.js';
import { issuerClassOf } from '../facts/issuer-class.js';
import type { KeyAlgorithms } from '../facts/key-algorithm.js';
import type { KeyIdentities } from '../facts/key-identity.js';
import type { OwnSignCalls } from '../facts/own-sign-calls.js';
import type { RouteGuards } from '../facts/route-guards.js';
import type { JwtOperation, OperationExtractor } from '../facts/operations.js';
import type { Notification } from '../report/types.js';
import type { FileFacts } from './collect-facts.js';
import { intoWrapper, wrappedOperation, wrappedSink, type WrappedFact } from './flow-steps.js';
import { pendingFinding, recordedLocation, toFix, type PendingFinding } from './findings.js';
import type { RecordData, ReportDescriptor, Rule, RuleContext, RuleListeners, ScannedFile } from './rule.js';
import type { Timings } from './timing.js';

/** Running the rules over one file's facts: a context per rule, then its listeners by interest. */

/** The rules of a scan and their option overrides by rule id. */
export interface RuleSet {
  rules: readonly Rule[];
  ruleOptions?: Readonly<Record<string, Record<string, unknown>>>;
}

export interface RunState {
  resolver: ValueResolver;
  keyIdentities: KeyIdentities;
  keyAlgorithms: KeyAlgorithms;
  ownSignCalls: OwnSignCalls;
  routeGuards: RouteGuards;
  /** This file's records, by rule id. */
  records: Record<string, RecordData[]>;
  tracker: TokenTracker;
  operationExtractor: OperationExtractor;
  project: Project;
  pending: PendingFinding[];
  notifications: Notification[];
  budget: WorkBudget;
  timings: Timings;
}

/** One file's run: what every rule of it shares. */
interface FileRun {
  ruleSet: RuleSet;
  file: ScannedFile;
  facts: FileFacts;
  /** Library operations by call node (what `operationsAt` answers first). */
  operationsByNode: Map<ts.Node, JwtOperation[]>;
  state: RunState;
}

/** The operation or sink through a wrapper being dispatched: the library call or sink inside is a related location and the end of its path. */
interface Dispatching {
  via?: WrappedFact;
}

type Guard = (what: string, run: () => void) => void;

/** A rule's options: the defaults of its meta, overridden by the configured ones. */
export function ruleOptions(rule: Rule, overrides: Record<string, unknown> | undefined): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [name, descriptor] of Object.entries(rule.meta.options ?? {})) options[name] = descriptor.default;
  return { ...options, ...(overrides ?? {}) };
}

/** An error's message for a notification. */
export function describeError(error: unknown): string {
  if (error instanceof RangeError) return 'nesting too deep to analyse';
  return error instanceof Error ? error.message : String(error);
}

/** Runs every rule over one file's facts, until the file's time budget runs out. A rule that throws becomes a notification. */
export function runRules(ruleSet: RuleSet, file: ScannedFile, facts: FileFacts, state: RunState): void {
  const run: FileRun = { ruleSet, file: { relativePath: file.relativePath, sourceFile: file.sourceFile }, facts, operationsByNode: libraryOperationsByNode(facts.operations), state };
  for (const [index, rule] of ruleSet.rules.entries()) {
    // one unit per fact the rule may listen to; rules left when the budget is spent are named, not run
    const units = facts.operations.length + facts.sinks.length + facts.literals.length + 1;
    if (state.budget.wouldExceed(units)) {
      const skippedRules = ruleSet.rules
        .slice(index)
        .map((r) => r.meta.id)
        .join(', ');
      state.notifications.push({
        kind: 'timeout',
        level: 'warning',
        file: file.relativePath,
        message: `${file.relativePath} was partly analysed: its work budget of ${state.budget.limit} units ran out before rules ${skippedRules} ran`,
      });
      return;
    }
    state.budget.spend(units, 'rules');
    runRule(rule, run);
  }
}

function libraryOperationsByNode(operations: readonly JwtOperation[]): Map<ts.Node, JwtOperation[]> {
  const byNode = new Map<ts.Node, JwtOperation[]>();
  for (const operation of operations) {
    // library operations only: a wrapper call is not itself a library call (its result may be anything the wrapper returns)
    if (!operation.via) byNode.set(operation.node, [...(byNode.get(operation.node) ?? []), operation]);
  }
  return byNode;
}

function runRule(rule: Rule, run: FileRun): void {
  const guard = ruleGuard(rule.meta.id, run);
  const dispatching: Dispatching = {};
  const context = ruleContext(rule, run, dispatching);
  let listeners: RuleListeners = {};
  guard('create', () => {
    listeners = rule.create(context);
  });
  dispatchFacts(rule, listeners, run.facts, guard, dispatching);
}

/** Runs a piece of a rule, timed; an error becomes a notification naming the rule, the file and `what` it was doing. */
function ruleGuard(ruleId: string, { file, state }: FileRun): Guard {
  return (what, run) => {
    const start = performance.now();
    try {
      run();
    } catch (error) {
      state.notifications.push({
        kind: 'rule-error',
        level: 'error',
        file: file.relativePath,
        ruleId,
        message: `rule ${ruleId} failed on ${file.relativePath} (${what}): ${describeError(error)}`,
      });
    } finally {
      state.timings.addRule(ruleId, performance.now() - start);
    }
  };
}

function ruleContext(rule: Rule, { ruleSet, file, facts, operationsByNode, state }: FileRun, dispatching: Dispatching): RuleContext {
  const ruleId = rule.meta.id;
  return {
    file,
    options: ruleOptions(rule, ruleSet.ruleOptions?.[ruleId]),
    operations: facts.operations,
    resolve: (expression) => state.resolver.resolve(expression),
    tokenOrigin: (expression, options) => state.tracker.tokenOrigin(expression, options),
    heldTokenOrigin: (expression) => state.tracker.heldTokenOrigin(expression),
    requestOrigin: (expression) => state.tracker.requestOrigin(expression),
    origins: (expression, options) => everyOrigin(state.tracker.origin(expression, 0, options)),
    operationsAt: (node) => operationsByNode.get(node) ?? state.operationExtractor.operationsAt(node),
    registrations: () => state.operationExtractor.registrationsIn(file.sourceFile),
    later: (report) => {
      const via = dispatching.via;
      return () => {
        const outer = dispatching.via;
        dispatching.via = via;
        try {
          report();
        } finally {
          dispatching.via = outer;
        }
      };
    },
    returnedBy: (node) => {
      return state.operationExtractor.summaries.functionsAt(node).flatMap((fn) => returnedExpressions(fn.body));
    },
    claimReadAfterVerify: (claim) => state.operationExtractor.claimReadAfterVerify(claim, file.sourceFile.fileName),
    keyIdentity: (expression) => state.keyIdentities.of(expression),
    keyAlgorithm: (operation) => state.keyAlgorithms.of(operation),
    guardOf: (read, token) => state.routeGuards.guardOf(read, token)?.node,
    issuerClass: (operation) =>
      issuerClassOf(operation, (expression) => state.resolver.resolve(expression), {
        signsInFile: facts.operations.some((other) => other.kind === 'sign'),
        signsWithSameKey: () => state.ownSignCalls.signsWithKeyOf(operation),
      }),
    report: (descriptor: ReportDescriptor) => {
      // a finding on an operation through a wrapper points at the library call inside as well
      const via = dispatching.via;
      const related = via ? [...(descriptor.related ?? []), { at: via.inner.node, message: `${via.inner.api}, inside the called function` }] : descriptor.related;
      const steps = via ? intoWrapper(descriptor.steps, via) : descriptor.steps;
      state.pending.push(pendingFinding(rule, { ...descriptor, related, steps }, state.project));
    },
    record: (data) => {
      (state.records[ruleId] ??= []).push(data);
    },
    locate: (node, secrets = []) => recordedLocation(state.project, node, secrets),
    locateFix: (fix) => toFix(state.project, file.sourceFile, fix),
  };
}

/** Hands the file's operations, sinks and literals to the rule's listeners for them, then ends the file. */
function dispatchFacts(rule: Rule, listeners: RuleListeners, facts: FileFacts, guard: Guard, dispatching: Dispatching): void {
  for (const operation of facts.operations) {
    const listener = listeners[operation.kind];
    // Operations through a project wrapper go only to rules whose problem is carried by an argument
    if (!listener || (operation.via && !rule.meta.wrapperCalls)) continue;
    dispatching.via = operation.via ? wrappedOperation(operation, operation.via) : undefined;
    guard(`${operation.kind} at line ${operation.node.getSourceFile().getLineAndCharacterOfPosition(operation.node.getStart()).line + 1}`, () => listener(operation));
    dispatching.via = undefined;
  }
  if (listeners.tokenSink) {
    for (const sink of facts.sinks) {
      // sinks through a project function go only to rules that follow wrappers, with the inner sink as related location
      if (sink.via && !rule.meta.wrapperCalls) continue;
      dispatching.via = sink.via ? wrappedSink(sink, sink.via) : undefined;
      guard('token sink', () => listeners.tokenSink!(sink));
      dispatching.via = undefined;
    }
  }
  if (listeners.stringLiteral) for (const literal of facts.literals) guard('string literal', () => listeners.stringLiteral!(literal));
  if (listeners.endFile) guard('end of file', () => listeners.endFile!());
}
