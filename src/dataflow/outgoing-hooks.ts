import { ts } from 'ts-morph';
import { findDeclaration, requiredSpecifier } from '../binding/scope.js';
import { OUTGOING_REQUEST_HOOKS, type OutgoingRequestHook } from '../models/http.js';
import { accessChain as chainOf, type AccessChain } from './access-chain.js';
import { callSitesOf, functionName } from './call-sites.js';
import { stripWrappers } from './values.js';

const accessChain = (expression: ts.Expression): AccessChain => chainOf(expression, { numericIndexes: true });

/**
 * The outgoing-request hook (OUTGOING_REQUEST_HOOKS) that `fn` is registered with, with `index` as its request
 * configuration parameter: inline (`client.interceptors.request.use(config => ...)`) or by name in this file
 * (`client.interceptors.request.use(addAuth)`). The client must be the modeled package's import or an instance
 * its factory made; an object that merely has the same members is not a client.
 */
export function outgoingHookOf(fn: ts.Node, index: number): OutgoingRequestHook | undefined {
  for (const hook of OUTGOING_REQUEST_HOOKS) {
    if (hook.parameter !== index) continue;
    const parent = fn.parent;
    if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && parent && ts.isCallExpression(parent) && parent.arguments[hook.callbackArg] === fn) {
      if (isHookRegistration(parent, hook)) return hook;
      continue;
    }
    const name = functionName(fn);
    if (!name) continue;
    for (const call of callSitesOf(hook.path[hook.path.length - 1], fn)) {
      const argument = call.arguments[hook.callbackArg];
      if (!argument || !ts.isIdentifier(stripWrappers(argument))) continue;
      const declaration = findDeclaration((stripWrappers(argument) as ts.Identifier).text, argument);
      const target =
        declaration?.kind === 'function'
          ? declaration.node
          : declaration?.kind === 'variable' && declaration.steps.length === 0 && declaration.node.initializer
            ? stripWrappers(declaration.node.initializer)
            : undefined;
      if (target === fn && isHookRegistration(call, hook)) return hook;
    }
  }
  return undefined;
}

/** Is `call` `<client>.interceptors.request.use(...)` (the hook's path) on a modeled client? */
function isHookRegistration(call: ts.CallExpression, hook: OutgoingRequestHook): boolean {
  const chain = accessChain(call.expression);
  if (chain.names.length !== hook.path.length || chain.names.some((name, i) => name !== hook.path[i])) return false;
  return isHttpClient(chain.base, hook, 0);
}

function isHttpClient(expression: ts.Expression, hook: OutgoingRequestHook, depth: number): boolean {
  const node = stripWrappers(expression);
  if (depth > 3) return false;
  // require('axios')
  const required = requiredSpecifier(node);
  if (required !== undefined) return hook.modules.includes(required);
  // axios.create(...)
  if (ts.isCallExpression(node)) {
    const callee = stripWrappers(node.expression);
    return ts.isPropertyAccessExpression(callee) && hook.factories.includes(callee.name.text) && isHttpClient(callee.expression, hook, depth + 1);
  }
  if (!ts.isIdentifier(node)) return false;
  const declaration = findDeclaration(node.text, node);
  if (declaration?.kind === 'import' || declaration?.kind === 'import-equals') return hook.modules.includes(declaration.specifier);
  if (declaration?.kind === 'variable' && declaration.isConst && declaration.steps.length === 0 && declaration.node.initializer)
    return isHttpClient(declaration.node.initializer, hook, depth + 1);
  return false;
}
