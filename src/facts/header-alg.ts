import { ts } from 'ts-morph';
import { fieldDefinitions, singleDefinition } from '../dataflow/definitions.js';
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
 * hand (`JSON.parse(atob(token.split('.')[0])).alg`, also through a helper of any module, an inherited parser
 * returning `[header, payload]`). Walks member accesses and const initialisers back to a modeled or hand-made decode.
 */
export function headerAlgorithmSource(facts: HeaderAlgorithmFacts, expression: ts.Node, path: string[] = []): JwtOperation | undefined {
  return decodeSource(facts, expression, path, 0, (operation, at) => {
    const headerOnly = operation.decodes === 'header';
    return headerOnly ? at.length === 1 && at[0] === 'alg' : at.length === 2 && at[0] === 'header' && at[1] === 'alg';
  });
}

/**
 * The decode whose claims an expression is, when it is: `const claims = jwt.decode(t)`, the payload parsed by hand,
 * `const [header, payload] = this.parse(t)` with a parser that returns them. Not a header decode.
 */
export function claimsDecodeSource(facts: HeaderAlgorithmFacts, expression: ts.Node): JwtOperation | undefined {
  return decodeSource(facts, expression, [], 0, (operation, at) => at.length === 0 && operation.decodes !== 'header');
}

function decodeSource(
  facts: HeaderAlgorithmFacts,
  expression: ts.Node,
  path: string[],
  depth: number,
  accepts: (operation: JwtOperation, path: readonly string[]) => boolean,
): JwtOperation | undefined {
  if (depth > MAX_DEPTH || !ts.isExpression(expression)) return undefined;
  const node = stripWrappers(expression);
  const next = (inner: ts.Node, innerPath: string[]) => decodeSource(facts, inner, innerPath, depth + 1, accepts);
  if (ts.isAwaitExpression(node)) return next(node.expression, path);
  // `this.header.alg` with `this.header = JSON.parse(...)` in another method of the class
  if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
    for (const definition of fieldDefinitions(node)) {
      const found = definition.kind === 'value' ? next(definition.expression, path) : undefined;
      if (found) return found;
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) return next(node.expression, [node.name.text, ...path]);
  if (ts.isElementAccessExpression(node) && (ts.isStringLiteralLike(node.argumentExpression) || ts.isNumericLiteral(node.argumentExpression))) {
    return next(node.expression, [node.argumentExpression.text, ...path]);
  }
  // `return [header, payload]` read at an index
  if (ts.isArrayLiteralExpression(node)) {
    const element = path.length > 0 && /^\d+$/.test(path[0]) ? node.elements[Number(path[0])] : undefined;
    return element && !ts.isSpreadElement(element) && !ts.isOmittedExpression(element) ? next(element, path.slice(1)) : undefined;
  }
  if (ts.isIdentifier(node)) {
    const definition = singleDefinition(node);
    if (definition?.kind !== 'value') return undefined;
    return next(definition.expression, [...definition.steps.map(String), ...path]);
  }
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    for (const operation of facts.operationsAt(node)) if (operation.kind === 'decode' && accepts(operation, path)) return operation;
    // `header(t).alg` with `const header = (t) => jwt.decode(t, { complete: true }).header` (in any module)
    for (const returned of facts.returnedBy(node)) {
      const found = next(returned, path);
      if (found) return found;
    }
  }
  return undefined;
}
