import { ts } from 'ts-morph';
import { singleDefinition } from '../dataflow/definitions.js';
import { stripWrappers } from '../dataflow/values.js';
import type { JwtOperation } from './operations.js';

/** What the lookup needs from the rule context (a RuleContext satisfies it). */
export interface HeaderAlgorithmFacts {
  operationsAt(node: ts.CallExpression | ts.NewExpression): readonly JwtOperation[];
  /** What the project function a call reaches returns (any module); empty for other calls. */
  returnedBy(node: ts.CallExpression | ts.NewExpression): readonly ts.Expression[];
}

const MAX_DEPTH = 12;

/**
 * The decode whose header `alg` field an expression reads, when it does: `decoded.header.alg` after
 * `decode(t, { complete: true })`, `decodeProtectedHeader(t).alg`, `const { alg } = header`, the header parsed by
 * hand (`JSON.parse(atob(token.split('.')[0])).alg`, also through a same-file helper). Walks member accesses and
 * const initialisers back to a modeled or hand-made decode.
 */
export function headerAlgorithmSource(facts: HeaderAlgorithmFacts, expression: ts.Node, path: string[] = [], depth = 0): JwtOperation | undefined {
  if (depth > MAX_DEPTH || !ts.isExpression(expression)) return undefined;
  const node = stripWrappers(expression);
  if (ts.isAwaitExpression(node)) return headerAlgorithmSource(facts, node.expression, path, depth + 1);
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) return headerAlgorithmSource(facts, node.expression, [node.name.text, ...path], depth + 1);
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) {
    return headerAlgorithmSource(facts, node.expression, [node.argumentExpression.text, ...path], depth + 1);
  }
  if (ts.isIdentifier(node)) {
    const definition = singleDefinition(node);
    if (definition?.kind !== 'value') return undefined;
    return headerAlgorithmSource(facts, definition.expression, [...definition.steps.map(String), ...path], depth + 1);
  }
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    for (const operation of facts.operationsAt(node)) {
      if (operation.kind !== 'decode') continue;
      const headerOnly = operation.decodes === 'header';
      if (headerOnly && path.length === 1 && path[0] === 'alg') return operation;
      if (!headerOnly && path.length === 2 && path[0] === 'header' && path[1] === 'alg') return operation;
    }
    // `header(t).alg` with `const header = (t) => jwt.decode(t, { complete: true }).header` (in any module)
    for (const returned of facts.returnedBy(node)) {
      const found = headerAlgorithmSource(facts, returned, path, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}
