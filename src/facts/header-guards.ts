import { ts } from 'ts-morph';
import { isEqualityOperator, isNullOrUndefined } from '../parsing/operators.js';
import { stripWrappers } from '../dataflow/values.js';
import { VALIDATING_METHODS } from '../models/key-sources.js';

/**
 * Guards on header data (src/facts/header-flow.ts): is a use of a token header value reached only after the value
 * was checked against an allowlist, a pattern or a known value? The tracked value is given as the texts of the
 * expressions that hold it on its way (`kid`, `header.kid`, `decoded.header.kid`).
 */

/** Does the expression mention one of the tracked header values? */
function mentions(expression: ts.Node, texts: ReadonlySet<string>): boolean {
  const stack: ts.Node[] = [expression];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if ((ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && texts.has(node.getText())) return true;
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return false;
}

const isNothing = (node: ts.Expression): boolean => {
  const stripped = stripWrappers(node);
  return isNullOrUndefined(stripped) || ts.isVoidExpression(stripped) || (ts.isStringLiteralLike(stripped) && stripped.text === '') || ts.isTypeOfExpression(stripped);
};

const VALIDATOR_NAME = /valid|allow|trust|known|check|verify|safe/i;

/** Does this condition check a tracked header value against an allowlist, a pattern or a known value? */
function validates(condition: ts.Node, texts: ReadonlySet<string>): boolean {
  const stack: ts.Node[] = [condition];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isCallExpression(node)) {
      const callee = stripWrappers(node.expression);
      const argsMention = node.arguments.some((argument) => mentions(argument, texts));
      if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name) && VALIDATING_METHODS.has(callee.name.text) && (argsMention || mentions(callee.expression, texts)))
        return true;
      if (ts.isIdentifier(callee) && VALIDATOR_NAME.test(callee.text) && argsMention) return true;
    }
    if (ts.isBinaryExpression(node)) {
      const operator = node.operatorToken.kind;
      if (isEqualityOperator(operator) && !isNothing(node.left) && !isNothing(node.right) && (mentions(node.left, texts) || mentions(node.right, texts))) return true;
      if (operator === ts.SyntaxKind.InKeyword && mentions(node.left, texts)) return true;
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return false;
}

/** Does the statement always leave the function (return / throw at its end)? */
function exits(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return last !== undefined && exits(last);
  }
  return false;
}

/** Is `node` reached only after a validation of a tracked value (enclosing `if`, earlier guard clause, `&&`, `?:`, assert call)? */
export function guarded(node: ts.Node, texts: ReadonlySet<string>): boolean {
  let child: ts.Node = node;
  let current: ts.Node | undefined = node.parent;
  while (current) {
    if (ts.isIfStatement(current) && (child === current.thenStatement || child === current.elseStatement) && validates(current.expression, texts)) return true;
    if (ts.isConditionalExpression(current) && (child === current.whenTrue || child === current.whenFalse) && validates(current.condition, texts)) return true;
    if (
      ts.isBinaryExpression(current) &&
      child === current.right &&
      (current.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || current.operatorToken.kind === ts.SyntaxKind.BarBarToken) &&
      validates(current.left, texts)
    )
      return true;
    if (ts.isBlock(current) || ts.isSourceFile(current) || ts.isCaseClause(current) || ts.isDefaultClause(current)) {
      for (const statement of current.statements) {
        if (statement.pos >= child.pos) break;
        if (ts.isIfStatement(statement) && exits(statement.thenStatement) && validates(statement.expression, texts)) return true;
        if (ts.isExpressionStatement(statement) && ts.isCallExpression(statement.expression) && validates(statement.expression, texts)) return true;
      }
    }
    child = current;
    current = current.parent;
  }
  return false;
}
