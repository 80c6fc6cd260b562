import { ts } from 'ts-morph';
import { stripWrappers } from './values.js';

/** `a.b['c'].d` peeled into its base `a` and the member names [b, c, d]. */
export interface AccessChain {
  base: ts.Expression;
  names: string[];
}

export interface AccessChainOptions {
  /** Numeric element keys are names too (`parts[1]` → base `parts`, names ['1']). Default: they stop the chain. */
  numericIndexes?: boolean;
  /**
   * Step through method calls to their receiver, dropping the names seen so far (`res.status(200).cookie` →
   * base `res`): the receiver of a chained call is taken to be the same object. Default: a call stops the chain.
   */
  throughCalls?: boolean;
  /** The constant a computed key holds (`req.headers[Guard.HEADER]`), when known; without it a computed key stops the chain. */
  keyOf?: (key: ts.Expression) => string | undefined;
}

/**
 * Peels property accesses and element accesses with literal keys (optional chains included). Computed keys stop
 * the chain (a map lookup `keys[kid]` is not a member path) unless `keyOf` knows the constant they hold.
 */
export function accessChain(expression: ts.Expression, options: AccessChainOptions = {}): AccessChain {
  const names: string[] = [];
  let current = stripWrappers(expression);
  for (;;) {
    if (ts.isPropertyAccessExpression(current) && ts.isIdentifier(current.name)) {
      names.unshift(current.name.text);
      current = stripWrappers(current.expression);
    } else if (
      ts.isElementAccessExpression(current) &&
      (ts.isStringLiteralLike(current.argumentExpression) || (options.numericIndexes === true && ts.isNumericLiteral(current.argumentExpression)))
    ) {
      names.unshift(current.argumentExpression.text);
      current = stripWrappers(current.expression);
    } else if (ts.isElementAccessExpression(current) && options.keyOf && !ts.isNumericLiteral(current.argumentExpression) && options.keyOf(current.argumentExpression) !== undefined) {
      names.unshift(options.keyOf(current.argumentExpression)!);
      current = stripWrappers(current.expression);
    } else if (options.throughCalls === true && ts.isCallExpression(current) && ts.isPropertyAccessExpression(stripWrappers(current.expression))) {
      current = stripWrappers((stripWrappers(current.expression) as ts.PropertyAccessExpression).expression);
      names.length = 0;
    } else {
      return { base: current, names };
    }
  }
}

/** The name a value is read by: an identifier (`publicKey`), or the last member of an access (`row.publicKey`). */
export function accessName(expression: ts.Expression): string | undefined {
  const node = stripWrappers(expression);
  if (ts.isIdentifier(node)) return node.text;
  return ts.isPropertyAccessExpression(node) ? node.name.text : undefined;
}
