import { ts } from 'ts-morph';
import { stripWrappers } from './values.js';

/** The name a function is called by: declaration name or the variable it is assigned to. */
export function functionName(fn: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return fn.parent.name.text;
  if (ts.isMethodDeclaration(fn) && ts.isIdentifier(fn.name)) return fn.name.text;
  return undefined;
}

const callSiteIndex = new WeakMap<ts.SourceFile, Map<string, ts.CallExpression[]>>();

/** Calls of `name(...)` or `x.name(...)` in the file that declares `fn`. */
export function callSitesOf(name: string, fn: ts.Node): ts.CallExpression[] {
  const sourceFile = fn.getSourceFile();
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
