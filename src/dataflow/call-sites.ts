import { ts } from 'ts-morph';
import { stripWrappers } from './values.js';

/** The name a function is called by: declaration name, the variable it is assigned to, or the class field that holds it. */
export function functionName(fn: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return fn.parent.name.text;
  if (ts.isMethodDeclaration(fn) && ts.isIdentifier(fn.name)) return fn.name.text;
  // a class field holding a function (`del = async (req, res) => {...}`), called as a method
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isPropertyDeclaration(fn.parent) && fn.parent.initializer === fn && ts.isIdentifier(fn.parent.name))
    return fn.parent.name.text;
  return undefined;
}

/** Is this the TypeScript `this` parameter (`function f(this: Ctx, token: string)`), which takes no argument? */
export function isThisParameter(parameter: ts.ParameterDeclaration | undefined): boolean {
  return parameter !== undefined && ts.isIdentifier(parameter.name) && parameter.name.text === 'this';
}

/** The argument a parameter takes at a call: its index, less a leading TypeScript `this` parameter. */
export function argumentPosition(fn: ts.SignatureDeclaration, parameter: number): number {
  return isThisParameter(fn.parameters[0]) ? parameter - 1 : parameter;
}

/** The call a function literal is handed to as the last argument, after others (a Node-style callback: `sign(p, k, cb)`). */
export function callbackCall(fn: ts.Node): ts.CallExpression | undefined {
  const call = fn.parent;
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !call || !ts.isCallExpression(call)) return undefined;
  const args = call.arguments;
  return args.length > 1 && args[args.length - 1] === fn ? call : undefined;
}

/**
 * The argument `call` passes for parameter `parameter` of `fn`: the one place where a parameter index becomes an
 * argument index. Undefined when the call leaves it out, when a spread comes at or before it (positions are
 * unknown from there), and for the `this` parameter itself.
 */
export function argumentFor(call: { readonly arguments?: readonly ts.Expression[] }, fn: ts.SignatureDeclaration, parameter: number): ts.Expression | undefined {
  const position = argumentPosition(fn, parameter);
  const args = call.arguments ?? [];
  if (position < 0 || position >= args.length || args.slice(0, position + 1).some((a) => ts.isSpreadElement(a))) return undefined;
  return args[position];
}

/** The parameter that takes the argument at `position` of a call (the reverse of `argumentPosition`). */
export function parameterForArgument(fn: ts.SignatureDeclaration, position: number): ts.ParameterDeclaration | undefined {
  return position < 0 ? undefined : fn.parameters[isThisParameter(fn.parameters[0]) ? position + 1 : position];
}

const callSiteIndex = new WeakMap<ts.SourceFile, Map<string, ts.CallExpression[]>>();

/** Calls of `name(...)` or `x.name(...)` in the file that declares `fn`. */
export function callSitesOf(name: string, fn: ts.Node): ts.CallExpression[] {
  return callSitesIn(fn.getSourceFile(), name);
}

/** Calls of `name(...)` or `x.name(...)` in a file. */
export function callSitesIn(sourceFile: ts.SourceFile, name: string): ts.CallExpression[] {
  let index = callSiteIndex.get(sourceFile);
  if (!index) {
    index = new Map();
    const stack: ts.Node[] = [sourceFile];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (ts.isCallExpression(node)) {
        const callee = stripWrappers(node.expression);
        const calleeName = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name) ? callee.name.text : undefined;
        if (calleeName) {
          const calls = index.get(calleeName);
          if (calls) calls.push(node);
          else index.set(calleeName, [node]);
        }
      }
      node.forEachChild((child) => {
        stack.push(child);
      });
    }
    callSiteIndex.set(sourceFile, index);
  }
  return index.get(name) ?? [];
}
