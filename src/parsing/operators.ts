import { ts } from 'ts-morph';

/** Operator kinds and operands compared in conditions and assignments (functions, not sets: nothing of the compiler is read at import). */

/** `==` or `===`. */
export function isEqualsOperator(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.EqualsEqualsEqualsToken || kind === ts.SyntaxKind.EqualsEqualsToken;
}

/** `!=` or `!==`. */
export function isNotEqualsOperator(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsToken;
}

/** Any of `==`, `===`, `!=`, `!==`. */
export function isEqualityOperator(kind: ts.SyntaxKind): boolean {
  return isEqualsOperator(kind) || isNotEqualsOperator(kind);
}

/** `=`, `+=`, `??=` and every other assignment operator. */
export function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** `null` or `undefined` (the name; its wrappers already stripped): what a presence test compares with. */
export function isNullOrUndefined(node: ts.Node): boolean {
  return node.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(node) && node.text === 'undefined');
}

/**
 * Is this (wrappers stripped) an expression whose value is a number or a boolean whatever its operands are:
 * arithmetic other than `+`, bitwise and comparison operators, unary operators, numeric literals? Its text never
 * ends a URL's query name, so string builders need not resolve it.
 */
export function yieldsNoText(node: ts.Node): boolean {
  if (ts.isNumericLiteral(node) || ts.isBigIntLiteral(node) || ts.isPostfixUnaryExpression(node) || ts.isPrefixUnaryExpression(node)) return true;
  if (!ts.isBinaryExpression(node)) return false;
  const kind = node.operatorToken.kind;
  if (kind === ts.SyntaxKind.PlusToken || kind === ts.SyntaxKind.CommaToken || isAssignmentOperator(kind)) return false;
  // `&&`, `||`, `??` hand back an operand, which may be text
  return kind !== ts.SyntaxKind.AmpersandAmpersandToken && kind !== ts.SyntaxKind.BarBarToken && kind !== ts.SyntaxKind.QuestionQuestionToken;
}
