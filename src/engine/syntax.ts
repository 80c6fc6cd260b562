import { ts } from 'ts-morph';
import * as operators from '../parsing/operators.js';

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
export type ObjectBindingPattern = ts.ObjectBindingPattern;
export type ParameterDeclaration = ts.ParameterDeclaration;
export type StringLiteralLike = ts.StringLiteralLike;
export type VariableDeclaration = ts.VariableDeclaration;

/**
 * A node predicate of the compiler API, looked up when called: the compiler bundle is loaded on first use
 * (src/parsing/typescript-runtime.ts), so this module reads nothing of it while it is imported.
 */
const predicate = <K extends keyof typeof ts>(name: K): (typeof ts)[K] => ((node: ts.Node) => (ts[name] as unknown as (node: ts.Node) => boolean)(node)) as unknown as (typeof ts)[K];

export const isArrayLiteralExpression = predicate('isArrayLiteralExpression');
export const isArrowFunction = predicate('isArrowFunction');
export const isAsExpression = predicate('isAsExpression');
export const isAwaitExpression = predicate('isAwaitExpression');
export const isBinaryExpression = predicate('isBinaryExpression');
export const isBindingElement = predicate('isBindingElement');
export const isBlock = predicate('isBlock');
export const isCallExpression = predicate('isCallExpression');
export const isCaseClause = predicate('isCaseClause');
export const isConditionalExpression = predicate('isConditionalExpression');
export const isConstructorDeclaration = predicate('isConstructorDeclaration');
export const isElementAccessExpression = predicate('isElementAccessExpression');
export const isExpression = predicate('isExpression');
export const isExpressionStatement = predicate('isExpressionStatement');
export const isFunctionDeclaration = predicate('isFunctionDeclaration');
export const isFunctionExpression = predicate('isFunctionExpression');
export const isFunctionLike = predicate('isFunctionLike');
export const isIdentifier = predicate('isIdentifier');
export const isIfStatement = predicate('isIfStatement');
export const isMethodDeclaration = predicate('isMethodDeclaration');
export const isNewExpression = predicate('isNewExpression');
export const isNonNullExpression = predicate('isNonNullExpression');
export const isObjectLiteralExpression = predicate('isObjectLiteralExpression');
export const isObjectBindingPattern = predicate('isObjectBindingPattern');
export const isOmittedExpression = predicate('isOmittedExpression');
export const isOptionalChain = predicate('isOptionalChain');
export const isParenthesizedExpression = predicate('isParenthesizedExpression');
export const isPrefixUnaryExpression = predicate('isPrefixUnaryExpression');
export const isPropertyAccessExpression = predicate('isPropertyAccessExpression');
export const isPropertyAssignment = predicate('isPropertyAssignment');
export const isPropertyDeclaration = predicate('isPropertyDeclaration');
export const isPropertySignature = predicate('isPropertySignature');
export const isReturnStatement = predicate('isReturnStatement');
export const isSatisfiesExpression = predicate('isSatisfiesExpression');
export const isSourceFile = predicate('isSourceFile');
export const isSpreadElement = predicate('isSpreadElement');
export const isStringLiteral = predicate('isStringLiteral');
export const isStringLiteralLike = predicate('isStringLiteralLike');
export const isSwitchStatement = predicate('isSwitchStatement');
export const isTemplateExpression = predicate('isTemplateExpression');
export const isTemplateSpan = predicate('isTemplateSpan');
export const isThrowStatement = predicate('isThrowStatement');
export const isTypeLiteralNode = predicate('isTypeLiteralNode');
export const isTypeOfExpression = predicate('isTypeOfExpression');
export const isVariableDeclaration = predicate('isVariableDeclaration');
export const isVoidExpression = predicate('isVoidExpression');

/** The token and keyword kinds rules compare `operatorToken.kind`, `operator` or `node.kind` with (read when used). */
export const SyntaxKind = {
  get AmpersandAmpersandToken() {
    return ts.SyntaxKind.AmpersandAmpersandToken;
  },
  get BarBarToken() {
    return ts.SyntaxKind.BarBarToken;
  },
  get EqualsToken() {
    return ts.SyntaxKind.EqualsToken;
  },
  get ExclamationToken() {
    return ts.SyntaxKind.ExclamationToken;
  },
  get PlusToken() {
    return ts.SyntaxKind.PlusToken;
  },
  get QuestionQuestionToken() {
    return ts.SyntaxKind.QuestionQuestionToken;
  },
  get ThisKeyword() {
    return ts.SyntaxKind.ThisKeyword;
  },
  get TrueKeyword() {
    return ts.SyntaxKind.TrueKeyword;
  },
};

/** Operator tests (src/parsing/operators.ts): `==`/`===`, `!=`/`!==`, any of the four, any assignment; `null` or `undefined`. */
export const isEqualsOperator = operators.isEqualsOperator;
export const isNotEqualsOperator = operators.isNotEqualsOperator;
export const isEqualityOperator = operators.isEqualityOperator;
export const isAssignmentOperator = operators.isAssignmentOperator;
export const isNullOrUndefined = operators.isNullOrUndefined;
