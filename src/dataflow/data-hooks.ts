import { ts } from 'ts-morph';
import { findDeclaration } from '../binding/scope.js';
import { DATA_FETCHING_HOOKS, GRAPHQL_FIRST_FIELD, GRAPHQL_OPERATION_NAME, PROJECT_DATA_HOOK, type DataFetchingHookModel } from '../models/data-fetching.js';
import { AUTH_CALL_PATTERN, namesAuthEndpoint } from '../models/http.js';
import { accessChain } from './access-chain.js';
import { singleDefinition } from './definitions.js';
import { stripWrappers } from './values.js';

/**
 * Responses that reach code through data-fetching hooks (src/models/data-fetching.ts): the hook call, the trigger
 * that runs its request (`mutateAsync(values)`), the callbacks that receive the response (`onSuccess(data)`), and
 * whether the request is an auth request. Token provenance asks here; the answers are syntactic.
 */

export interface HookUse {
  call: ts.CallExpression;
  model: DataFetchingHookModel;
}

const MAX_DEPTH = 6;
/** Nodes of a request function's body looked at for an auth URL or call (a bounded scan, not a walk of the program). */
const MAX_BODY_NODES = 300;
const HOOK_MODULES: ReadonlySet<string> = new Set(DATA_FETCHING_HOOKS.flatMap((model) => model.modules));

/** `useMutation(...)` imported from a modelled package, or a project hook by its name (`useUpdateQuery('/auth/login')`). */
export function dataHookCall(expression: ts.Expression): HookUse | undefined {
  const call = stripWrappers(expression);
  if (!ts.isCallExpression(call)) return undefined;
  const callee = stripWrappers(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (name === undefined) return undefined;
  const root = ts.isIdentifier(callee) ? callee : accessChain(callee).base;
  const declaration = ts.isIdentifier(root) ? findDeclaration(root.text, root) : undefined;
  if (declaration?.kind === 'import' && HOOK_MODULES.has(declaration.specifier)) {
    const imported = callee === root ? declaration.imported : name;
    const model = DATA_FETCHING_HOOKS.find((candidate) => candidate.modules.includes(declaration.specifier) && candidate.hooks.includes(imported));
    return model ? { call, model } : undefined;
  }
  return PROJECT_DATA_HOOK.namePattern?.test(name) ? { call, model: PROJECT_DATA_HOOK } : undefined;
}

/** The hook whose request this call runs: `mutateAsync(v)` destructured from it, `mutation.mutate(v)`, Apollo's `[login]`. */
export function triggerOf(call: ts.CallExpression): HookUse | undefined {
  const chain = accessChain(stripWrappers(call.expression));
  if (!ts.isIdentifier(chain.base) || chain.names.length > 1) return undefined;
  const definition = singleDefinition(chain.base);
  if (definition?.kind !== 'value') return undefined;
  const steps = [...definition.steps.map(String), ...chain.names];
  if (steps.length !== 1) return undefined;
  const hook = dataHookCall(definition.expression);
  return hook?.model.triggers.includes(steps[0]) ? hook : undefined;
}

/**
 * The hook that calls `fn` with its response: `fn` is a callback (`onSuccess`, `onCompleted`) of an options object
 * given to the hook or to one of its triggers, and `index` its first parameter.
 */
export function hookOfCallback(fn: ts.Node, index: number): HookUse | undefined {
  if (index !== 0) return undefined;
  const property = ts.isMethodDeclaration(fn) ? fn : ts.isPropertyAssignment(fn.parent) && fn.parent.initializer === fn ? fn.parent : undefined;
  if (!property || !ts.isObjectLiteralExpression(property.parent) || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) return undefined;
  const name = property.name.text;
  let holder: ts.Node = property.parent;
  while (ts.isParenthesizedExpression(holder.parent) || ts.isAsExpression(holder.parent) || ts.isSatisfiesExpression(holder.parent)) holder = holder.parent;
  const call = holder.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(holder as ts.Expression)) return undefined;
  const hook = dataHookCall(call);
  if (hook) return hook.model.callbacks.includes(name) ? hook : undefined;
  const trigger = triggerOf(call);
  return trigger && trigger.model.callbacks.includes(name) && call.arguments[trigger.model.triggerOptionsArg] === holder ? trigger : undefined;
}

/** Does the hook's request go to an auth endpoint (its URL, its request function, its GraphQL document says so)? */
export function isAuthRequestHook(hook: HookUse): boolean {
  // a project hook named for logging in (`useLogin()`, `useSignIn()`), as a call named so is an auth request
  if (hook.model.namePattern && callDescribesAuth(hook.call)) return true;
  for (const index of hook.model.requestArgs) {
    const argument = hook.call.arguments[index];
    if (!argument || ts.isSpreadElement(argument)) continue;
    const node = stripWrappers(argument);
    if (ts.isObjectLiteralExpression(node)) {
      for (const property of node.properties) {
        if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property) && !ts.isMethodDeclaration(property)) continue;
        if (!(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) || !hook.model.requestProperties.includes(property.name.text)) continue;
        const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
        if (ts.isMethodDeclaration(property) ? property.body !== undefined && bodyDescribesAuth(property.body) : value !== undefined && describesAuthRequest(value, 0)) return true;
      }
    } else if (describesAuthRequest(node, 0)) return true;
  }
  return false;
}

/** Is this call an auth request: a call named so (`authApi.login(v)`), or one given an auth URL (`axios.post('/api/login', v)`)? */
export function isAuthRequestCall(call: ts.CallExpression): boolean {
  return describesAuthRequest(call, 0);
}

/** A URL, key, request function or GraphQL document that names an auth request. */
function describesAuthRequest(expression: ts.Expression, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const node = stripWrappers(expression);
  if (ts.isStringLiteralLike(node)) return namesAuthEndpoint(node.text);
  if (ts.isTemplateExpression(node)) return namesAuthEndpoint([node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('/'));
  // `API_URL + 'signin'`: the literal pieces of a concatenation
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return describesAuthRequest(node.left, depth + 1) || describesAuthRequest(node.right, depth + 1);
  if (ts.isTaggedTemplateExpression(node)) return namesAuthOperation(node.template.getText());
  if (ts.isArrayLiteralExpression(node)) return node.elements.some((element) => describesAuthRequest(element, depth + 1));
  if (ts.isConditionalExpression(node)) return describesAuthRequest(node.whenTrue, depth + 1) || describesAuthRequest(node.whenFalse, depth + 1);
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return bodyDescribesAuth(node.body);
  if (ts.isCallExpression(node)) return callDescribesAuth(node) || node.arguments.some((argument) => describesAuthRequest(argument, depth + 1));
  if (ts.isPropertyAccessExpression(node)) return AUTH_CALL_PATTERN.test(node.name.text);
  if (!ts.isIdentifier(node)) return false;
  // a function named for logging in (`mutationFn: login`), a document or URL constant (`LOGIN_MUTATION`, `LOGIN_URL`)
  if (AUTH_CALL_PATTERN.test(node.text)) return true;
  const definition = singleDefinition(node);
  if (definition?.kind === 'value' && definition.steps.length === 0) return describesAuthRequest(definition.expression, depth + 1);
  if (definition?.kind === 'declaration' && definition.declaration.kind === 'function' && definition.declaration.node.body) return bodyDescribesAuth(definition.declaration.node.body);
  return false;
}

/** A request function's body: an auth URL in it, or a call of a login function (`authApi.signIn(values)`). */
function bodyDescribesAuth(body: ts.Node): boolean {
  const stack: ts.Node[] = [body];
  for (let seen = 0; stack.length > 0 && seen < MAX_BODY_NODES; seen += 1) {
    const node = stack.pop()!;
    if (ts.isStringLiteralLike(node) && namesAuthEndpoint(node.text)) return true;
    if (ts.isTemplateExpression(node) && describesAuthRequest(node, MAX_DEPTH)) return true;
    if (ts.isCallExpression(node) && callDescribesAuth(node)) return true;
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return false;
}

function callDescribesAuth(call: ts.CallExpression): boolean {
  const callee = stripWrappers(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name !== undefined && AUTH_CALL_PATTERN.test(name);
}

/** A GraphQL document whose operation or first field is named for logging in (`mutation Login`, `{ tokenAuth(...) }`). */
function namesAuthOperation(text: string): boolean {
  return [GRAPHQL_OPERATION_NAME.exec(text)?.[1], GRAPHQL_FIRST_FIELD.exec(text)?.[1]].some((name) => name !== undefined && AUTH_CALL_PATTERN.test(name));
}
