import { ts } from 'ts-morph';

/**
 * The syntax surface rules see (re-exported by ruleApi.ts as `syntax`): the node types, node predicates and
 * token kinds rules read, and nothing else of the TypeScript API. Rules reason about facts first; this is
 * their view of the code around a fact, kept narrow so that the parser stays an engine detail.
 * test/architecture.test.ts keeps it exact: rules may not import `ts`, and every member here is used by a rule.
 */

export type ArrowFunction = ts.ArrowFunction;
export type BinaryExpression = ts.BinaryExpression;
export type BindingName = ts.BindingName;
export type CallExpression = ts.CallExpression;
export type ConditionalExpression = ts.ConditionalExpression;
export type Expression = ts.Expression;
export type FunctionDeclaration = ts.FunctionDeclaration;
export type FunctionExpression = ts.FunctionExpression;
export type Identifier = ts.Identifier;
export type IfStatement = ts.IfStatement;
export type MethodDeclaration = ts.MethodDeclaration;
export type Node = ts.Node;
export type NumericLiteral = ts.NumericLiteral;
export type ObjectBindingPattern = ts.ObjectBindingPattern;
export type ParameterDeclaration = ts.ParameterDeclaration;
export type StringLiteralLike = ts.StringLiteralLike;
export type VariableDeclaration = ts.VariableDeclaration;

export const {
  isArrayLiteralExpression,
  isArrowFunction,
  isAsExpression,
  isAwaitExpression,
  isBinaryExpression,
  isBindingElement,
  isCallExpression,
  isConditionalExpression,
  isConstructorDeclaration,
  isElementAccessExpression,
  isExpression,
  isExpressionStatement,
  isFunctionDeclaration,
  isFunctionExpression,
  isFunctionLike,
  isIdentifier,
  isIfStatement,
  isMethodDeclaration,
  isNewExpression,
  isNonNullExpression,
  isNumericLiteral,
  isObjectBindingPattern,
  isOmittedExpression,
  isOptionalChain,
  isParenthesizedExpression,
  isPrefixUnaryExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isPropertyDeclaration,
  isPropertySignature,
  isReturnStatement,
  isSatisfiesExpression,
  isShorthandPropertyAssignment,
  isSourceFile,
  isSpreadElement,
  isStringLiteral,
  isStringLiteralLike,
  isSwitchStatement,
  isTemplateExpression,
  isThrowStatement,
  isTypeLiteralNode,
  isTypeOfExpression,
  isVariableDeclaration,
  isVoidExpression,
} = ts;

/** The token and keyword kinds rules compare `operatorToken.kind`, `operator` or `node.kind` with. */
export const SyntaxKind = {
  AmpersandAmpersandToken: ts.SyntaxKind.AmpersandAmpersandToken,
  BarBarToken: ts.SyntaxKind.BarBarToken,
  EqualsToken: ts.SyntaxKind.EqualsToken,
  ExclamationToken: ts.SyntaxKind.ExclamationToken,
  NullKeyword: ts.SyntaxKind.NullKeyword,
  PlusToken: ts.SyntaxKind.PlusToken,
  QuestionQuestionToken: ts.SyntaxKind.QuestionQuestionToken,
  SlashToken: ts.SyntaxKind.SlashToken,
  ThisKeyword: ts.SyntaxKind.ThisKeyword,
  TrueKeyword: ts.SyntaxKind.TrueKeyword,
} as const;

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
