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
