import { ts } from 'ts-morph';
import { findDeclaration } from '../binding/scope.js';
import { stripWrappers } from '../dataflow/values.js';

/**
 * Control-flow helpers shared by rules (exported through ruleApi.ts): does a block end the request, is code
 * executed after a statement, which `try` protects a node, where a name is referenced. They reason on the
 * syntax of one function; nested functions and classes are boundaries.
 */

/** Names that make a call or an assignment end the request (rule options supply them). */
export interface StopSettings {
  /** Method names whose call ends the request (`res.status(401)`, `ctx.throw(401)`). */
  stopMethods: ReadonlySet<string>;
  /** Property names whose assignment sets an error response (`ctx.status = 401`). */
  stopProperties: ReadonlySet<string>;
}

const isFunctionBoundary = (node: ts.Node): boolean => ts.isFunctionLike(node) || ts.isClassLike(node);

/** Visits `root` and its descendants, not entering nested functions or classes. */
export function walkInFunction(root: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node) === true) continue;
    node.forEachChild((child) => {
      if (!isFunctionBoundary(child)) stack.push(child);
    });
  }
}

/** The name a call is made by: `next` for `next(err)`, `status` for `res.status(401)`. */
export function calleeName(call: ts.CallExpression): string | undefined {
  const callee = stripWrappers(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name)) return callee.name.text;
  return undefined;
}

/** A call of a continuation the enclosing function received (`next(err)`, `done(err)`, `reject(err)`) with an argument. */
function callsContinuationWithArgument(call: ts.CallExpression): boolean {
  const callee = stripWrappers(call.expression);
  if (!ts.isIdentifier(callee) || call.arguments.length === 0) return false;
  return findDeclaration(callee.text, callee)?.kind === 'parameter';
}

/**
 * Does this code end the request (or the current path) on its own: return, throw, break/continue, a
 * continuation called with an error, a response sent (`res.status(401)`, `ctx.throw(401)`), or a status set?
 */
export function stops(root: ts.Node, settings: StopSettings): boolean {
  let found = false;
  walkInFunction(root, (node) => {
    if (found) return true;
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node) || ts.isBreakStatement(node) || ts.isContinueStatement(node)) found = true;
    else if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (callsContinuationWithArgument(node) || (name !== undefined && ts.isPropertyAccessExpression(stripWrappers(node.expression)) && settings.stopMethods.has(name))) found = true;
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = stripWrappers(node.left);
      if (ts.isPropertyAccessExpression(left) && settings.stopProperties.has(left.name.text)) found = true;
    }
    return found;
  });
  return found;
}

/** Identifier references to a declaration inside `root` (including nested functions). */
export function referencesTo(root: ts.Node, name: string, declaration: ts.Node): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name && node !== (declaration as ts.NamedDeclaration).name) {
      const parent = node.parent;
      const isPropertyName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node);
      if (!isPropertyName && findDeclaration(name, node)?.node === declaration) out.push(node);
    }
    node.forEachChild(visit);
  };
  visit(root);
  return out;
}

/** Walks up through wrappers and `await` to the expression that holds the result of the call. */
export function holderOf(node: ts.Node): { holder: ts.Node; awaited: boolean } {
  let current = node;
  let awaited = false;
  for (;;) {
    const parent = current.parent;
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) || ts.isSatisfiesExpression(parent)) current = parent;
    else if (ts.isAwaitExpression(parent)) {
      awaited = true;
      current = parent;
    } else return { holder: current, awaited };
  }
}

/** The nearest `try` (in the same function) whose protected block contains the node. */
export function enclosingTry(node: ts.Node): ts.TryStatement | undefined {
  let current = node;
  while (current.parent && !isFunctionBoundary(current.parent)) {
    const parent = current.parent;
    if (ts.isTryStatement(parent) && parent.tryBlock === current) return parent;
    current = parent;
  }
  return undefined;
}

/** Is anything executed after the try statement in its function (loops are boundaries: the next iteration is not "after")? */
/** Is `inner` within `outer` (the same file, inside its text span)? */
export function encloses(outer: ts.Node, inner: ts.Node): boolean {
  return outer.getSourceFile() === inner.getSourceFile() && outer.getStart() <= inner.getStart() && inner.getEnd() <= outer.getEnd();
}

/**
 * Are `a` and `b` on the two branches of one `if`/`else` or `?:` of their function (`if (custom) verify(t) else
 * decode(t)`)? Only one of them runs.
 */
export function onOtherBranches(a: ts.Node, b: ts.Node): boolean {
  for (let current = a; current.parent && !isFunctionBoundary(current.parent); current = current.parent) {
    const parent = current.parent;
    let other: ts.Node | undefined;
    if (ts.isIfStatement(parent)) other = current === parent.thenStatement ? parent.elseStatement : current === parent.elseStatement ? parent.thenStatement : undefined;
    else if (ts.isConditionalExpression(parent)) other = current === parent.whenTrue ? parent.whenFalse : current === parent.whenFalse ? parent.whenTrue : undefined;
    if (other && encloses(other, b)) return true;
  }
  return false;
}

export function codeFollows(statement: ts.Statement): boolean | 'loop' {
  let current: ts.Node = statement;
  while (current.parent && !isFunctionBoundary(current.parent)) {
    const parent = current.parent;
    if (ts.isIterationStatement(parent, false)) return 'loop';
    if (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
      const statements = parent.statements;
      const index = statements.indexOf(current as ts.Statement);
      if (index >= 0 && index < statements.length - 1) return true;
    }
    if (ts.isSourceFile(parent)) return false;
    current = parent;
  }
  return false;
}
