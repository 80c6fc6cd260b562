import { ts } from 'ts-morph';
import type { JwtOperation, OperationExtractor } from '../facts/operations.js';
import type { SinkExtractor, TokenSink } from '../facts/sinks/index.js';
import type { CalleeGate } from './callee-gate.js';
import type { WorkBudget } from './work-budget.js';

/** The facts of one file that rules listen to, collected in one walk over its tree. */

export interface FileFacts {
  /** Library operations, and operations through project wrappers in other modules (`via` set), in source order. */
  operations: JwtOperation[];
  sinks: TokenSink[];
  literals: (ts.StringLiteral | ts.NoSubstitutionTemplateLiteral)[];
}

/** One walk over the tree collects everything rules listen to. Iterative: deep nesting cannot overflow the stack. */
export function collectFacts(sourceFile: ts.SourceFile, operations: OperationExtractor, sinks: SinkExtractor, gate: CalleeGate, budget: WorkBudget): FileFacts {
  // sinks that are not calls or assignments come from their own walk; all are sorted by position below
  const facts: FileFacts = { operations: [], sinks: sinks.fileLevelSinks(sourceFile), literals: [] };
  const stack: ts.Node[] = [sourceFile];
  const push = (child: ts.Node): void => {
    stack.push(child);
  };
  let visited = 0;
  while (stack.length > 0) {
    const node = stack.pop()!;
    visited += 1;
    if ((visited & 1023) === 0) budget.spend(1024, 'fact collection');
    if (ts.isCallExpression(node)) {
      const direct = gate.mayBeOperation(node) ? operations.operationsAt(node) : [];
      facts.operations.push(...direct);
      facts.sinks.push(...sinks.sinksAtCall(node));
      if (direct.length === 0 && gate.mayBeWrapperCall(node)) {
        facts.operations.push(...operations.wrapperOperationsAt(node));
        facts.sinks.push(...sinks.wrapperSinksAt(node));
      }
    } else if (ts.isNewExpression(node)) {
      if (gate.mayBeOperation(node)) facts.operations.push(...operations.operationsAt(node));
    } else if (ts.isBinaryExpression(node)) {
      facts.sinks.push(...sinks.sinksAtAssignment(node));
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      facts.literals.push(node);
    }
    // children pushed, then reversed in place: the first child is visited next (no array per node)
    const first = stack.length;
    node.forEachChild(push);
    for (let i = first, j = stack.length - 1; i < j; i += 1, j -= 1) {
      const swapped = stack[i];
      stack[i] = stack[j];
      stack[j] = swapped;
    }
  }
  budget.spend(visited & 1023, 'fact collection'); // the nodes since the last full thousand

  const byPosition = (a: { node: ts.Node }, b: { node: ts.Node }) => a.node.getStart() - b.node.getStart();
  facts.operations.sort(byPosition);
  facts.sinks.sort(byPosition);
  return facts;
}
