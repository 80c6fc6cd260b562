import { ts } from 'ts-morph';
import { isEqualityOperator, isNullOrUndefined } from '../parsing/operators.js';
import { enclosingFunction, findDeclaration } from '../binding/scope.js';
import { stripWrappers } from '../dataflow/values.js';
import type { JwtOperation } from './operation-types.js';

/**
 * What pins the class of a verified token in the code around a verification: a marker claim compared
 * (`payload.typ !== 'access'`, also inside a type guard of the module), a claim whose presence is required
 * (`if (!payload.data)`), and where those checks are looked for (the enclosing function, the verify callback,
 * the callers of a verifying helper in its module).
 */

/** Type guards of the module followed from one check scope. */
const MAX_GUARDS = 8;

/** A marker claim compared, switched on or looked up in code (`payload.typ !== 'access'`, `switch (claims.purpose)`). */
export function checksMarker(scope: ts.Node, markerClaims: ReadonlySet<string>, fromRequest: (expression: ts.Expression) => boolean): boolean {
  const stack: ts.Node[] = [scope];
  const guards = new Set<ts.Node>();
  while (stack.length > 0) {
    const node = stack.pop()!;
    // a type guard of the module (`if (!isOAuthState(payload)) throw`): its checks count
    const guard = ts.isCallExpression(node) ? moduleFunction(node) : undefined;
    if (guard && !guards.has(guard) && guards.size < MAX_GUARDS) {
      guards.add(guard);
      stack.push(guard);
    }
    const claim = ts.isPropertyAccessExpression(node)
      ? node.name.text
      : ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)
        ? node.argumentExpression.text
        : ts.isIdentifier(node)
          ? node.text
          : undefined;
    if (claim !== undefined && markerClaims.has(claim) && isCompared(node) && !(ts.isIdentifier(node) && !boundFromClaim(node)) && !fromRequest(node as ts.Expression)) return true;
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return false;
}

/** The function declared in the same module that a call with arguments calls by name. */
function moduleFunction(call: ts.CallExpression): ts.Node | undefined {
  const callee = stripWrappers(call.expression);
  if (!ts.isIdentifier(callee) || call.arguments.length === 0) return undefined;
  const declaration = findDeclaration(callee.text, callee);
  return declaration?.kind === 'function' && declaration.node.getSourceFile() === call.getSourceFile() ? declaration.node : undefined;
}

/** `const { typ } = payload`: an identifier that holds a claim (not any variable that happens to be called `type`). */
function boundFromClaim(identifier: ts.Identifier): boolean {
  const declaration = findDeclaration(identifier.text, identifier);
  return (declaration?.kind === 'variable' || declaration?.kind === 'parameter') && declaration.steps.length > 0;
}

function isCompared(node: ts.Node): boolean {
  let current = node;
  while (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isNonNullExpression(current.parent)) current = current.parent;
  const parent = current.parent;
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    return isEqualityOperator(op);
  }
  if (ts.isSwitchStatement(parent)) return parent.expression === current;
  if (ts.isCallExpression(parent) && parent.arguments.includes(current as ts.Expression)) {
    const callee = stripWrappers(parent.expression);
    return ts.isPropertyAccessExpression(callee) && ['includes', 'has', 'test', 'equal', 'strictEqual'].includes(callee.name.text);
  }
  return false;
}

/** Names of properties whose presence is tested in `scope`: `!p.data`, `p?.data !== undefined`, `if (p.provider && …)`. */
export function presenceTests(scope: ts.Node): string[] {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && testsPresence(node)) names.add(node.name.text);
    // `const { inviteId: id } = payload; if (!id) throw …`
    if (ts.isIdentifier(node) && testsPresence(node)) {
      const declaration = findDeclaration(node.text, node);
      const step = declaration?.kind === 'variable' && declaration.steps.length === 1 ? declaration.steps[0] : undefined;
      if (typeof step === 'string') names.add(step);
    }
    node.forEachChild(visit);
  };
  visit(scope);
  return [...names];
}

function testsPresence(access: ts.Node): boolean {
  let current = access;
  while (ts.isParenthesizedExpression(current.parent) || ts.isNonNullExpression(current.parent)) current = current.parent;
  const parent = current.parent;
  if (ts.isPrefixUnaryExpression(parent)) return parent.operator === ts.SyntaxKind.ExclamationToken;
  if (ts.isIfStatement(parent)) return parent.expression === current;
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return true;
    const other = parent.left === current ? parent.right : parent.left;
    return isEqualityOperator(op) && isNullOrUndefined(other);
  }
  return false;
}

/** The function a verify callback argument stands for (inline or declared), where the verified payload is read. */
export function callbackScope(operation: JwtOperation): ts.Node | undefined {
  const callback = operation.callback && stripWrappers(operation.callback);
  if (!callback) return undefined;
  if (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) return callback;
  if (ts.isIdentifier(callback)) {
    const declaration = findDeclaration(callback.text, callback);
    if (declaration?.kind === 'function') return declaration.node;
    if (declaration?.kind === 'variable' && declaration.node.initializer) return declaration.node.initializer;
  }
  return undefined;
}

/** Where a check of the verified payload is looked for: the enclosing function, or the top-level statement of module code. */
export function checkScope(call: ts.Node): ts.Node {
  const scope = enclosingFunction(call);
  if (!ts.isSourceFile(scope)) return scope;
  let statement: ts.Node = call;
  while (statement.parent && !ts.isSourceFile(statement.parent)) statement = statement.parent;
  return statement;
}

/**
 * A verify whose result its function returns (`function verifyToken(t) { return jwt.verify(t, key) }`) leaves the
 * check to the callers in its own module (callers in other modules are wrapper operations): the scopes of those
 * calls, or undefined when the function is not such a wrapper or has no caller here.
 */
export function sameModuleCallerScopes(call: ts.Node): ts.Node[] | undefined {
  const fn = enclosingFunction(call);
  if (ts.isSourceFile(fn)) return undefined;
  let returned = false;
  for (let current: ts.Node = call; current !== fn; current = current.parent) {
    if (ts.isReturnStatement(current) || (ts.isArrowFunction(current.parent) && current.parent.body === current)) returned = true;
    // `const payload = jwt.verify(…); …; return payload;`
    if (ts.isVariableDeclaration(current) && ts.isIdentifier(current.name)) returned = returnsName(fn, current.name.text);
    if (ts.isVariableDeclaration(current) || ts.isIfStatement(current) || ts.isExpressionStatement(current)) break;
  }
  const name = ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) ? fn.name?.getText() : ts.isVariableDeclaration(fn.parent) ? fn.parent.name.getText() : undefined;
  if (!returned || name === undefined) return undefined;
  const scopes: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node !== call) {
      const callee = stripWrappers(node.expression);
      const calleeName = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword ? callee.name.text : undefined;
      if (calleeName === name) scopes.push(checkScope(node));
    }
    node.forEachChild(visit);
  };
  visit(call.getSourceFile());
  return scopes.length > 0 ? scopes : undefined;
}

/** Does `fn` return the variable `name` itself (not from a nested function)? */
function returnsName(fn: ts.Node, name: string): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || (node !== fn && ts.isFunctionLike(node))) return;
    if (ts.isReturnStatement(node) && node.expression && ts.isIdentifier(stripWrappers(node.expression)) && (stripWrappers(node.expression) as ts.Identifier).text === name) found = true;
    node.forEachChild(visit);
  };
  visit(fn);
  return found;
}
