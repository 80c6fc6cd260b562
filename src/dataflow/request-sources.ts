import { ts } from 'ts-morph';
import { findDeclaration, requiredSpecifier, type DestructureStep } from '../binding/scope.js';
import { declaredAs, writtenType } from '../binding/written-type.js';
import { scriptBlockAt } from '../parsing/parse.js';
import { libraryModels } from '../models/index.js';
import type { LibraryModel } from '../models/types.js';
import { argumentPosition } from './call-sites.js';
import { singleDefinition } from './definitions.js';
import { QUERY_STRING_CLASS, REQUEST_URL_MEMBERS, URL_SEARCH_PARAMS_MEMBER } from '../models/sinks.js';
import {
  AUTO_IMPORTED_PAGE_HOOKS,
  COMPONENT_ROUTE_MEMBERS,
  LOCATION_GLOBAL,
  LOCATION_HOLDERS,
  OBSERVABLE_SUBSCRIBE,
  PAGE_ROUTE_DATA_MEMBERS,
  PAGE_ROUTE_SELF_MEMBERS,
  PAGE_ROUTE_TEXT_MEMBERS,
  PAGE_STATE_URL_MEMBER,
  PAGE_URL_SOURCES,
  PAGE_URL_TEXT_MEMBERS,
  STORE_SUBSCRIPTION_PREFIX,
  URL_CONSTRUCTOR,
  URL_TEXT_TRIM_METHODS,
  type PagePart,
} from '../models/page-url.js';
import {
  CONNECTION_PARAMS_NAME,
  REQUEST_BODY_METHODS,
  REQUEST_COOKIE_STATE_MEMBER,
  REQUEST_CONTEXT_NAMES,
  REQUEST_CONTEXT_TYPES,
  REQUEST_DATA_FUNCTIONS,
  REQUEST_DATA_MEMBERS,
  REQUEST_EVENT_MEMBERS,
  REQUEST_EVENT_TYPE_NAMES,
  REQUEST_FACTORY_METHODS,
  REQUEST_GLOBALS,
  REQUEST_MEMBER_NAMES,
  REQUEST_PARAMETER_DECORATORS,
  REQUEST_PARAMETER_NAMES,
  REQUEST_TYPE_NAMES,
  PARSED_URL_QUERY_MEMBER,
  QUERY_STRING_PARSERS,
  URL_PARSERS,
  URL_TEXT_MEMBERS,
  ROUTE_HANDLER_NAMES,
  SERVICE_CALLS,
  SOCKET_CONNECTIONS,
  type RequestPart,
} from '../models/http.js';
import { accessChain } from './access-chain.js';
import { stripWrappers } from './values.js';

/**
 * Which part of the incoming request an expression is (DESIGN.md §10: frameworks are models too): the request
 * itself (`req`, `ctx.request`, `c.req`, a Remix loader's `request`), a container of client data (`req.headers`,
 * `ctx.cookies`, `cookies()` of next/headers, a SvelteKit load's `cookies`, `url.searchParams`), or its parsed URL
 * (`req.nextUrl`, `new URL(req.url)`, a SvelteKit load's `url`). The one recogniser of request values: token
 * provenance and the query-read sinks both ask it.
 */
export type { RequestPart };

const MAX_DEPTH = 8;

function typeNameOf(node: ts.TypeNode | undefined): string | undefined {
  if (node && ts.isTypeReferenceNode(node)) return ts.isIdentifier(node.typeName) ? node.typeName.text : node.typeName.right.text;
  return undefined;
}

/** `@Headers('authorization')` → { name: 'Headers', argument: 'authorization' } for the request-data decorators of a parameter. */
export function requestDecoratorOf(parameter: ts.ParameterDeclaration): { name: string; argument: string | undefined } | undefined {
  for (const modifier of ts.getDecorators(parameter) ?? []) {
    const expression = modifier.expression;
    if (!ts.isCallExpression(expression) || !ts.isIdentifier(expression.expression)) continue;
    const name = expression.expression.text;
    if (!REQUEST_PARAMETER_DECORATORS.has(name)) continue;
    const first = expression.arguments[0];
    return { name, argument: first && ts.isStringLiteralLike(first) ? first.text : undefined };
  }
  return undefined;
}

/** Is this parameter the incoming request of a handler (by decorator, type or conventional name)? */
function isRequestParameter(parameter: ts.ParameterDeclaration): boolean {
  const decorator = requestDecoratorOf(parameter);
  if (decorator) return REQUEST_PARAMETER_DECORATORS.get(decorator.name) === undefined;
  return declaredAs(parameter, REQUEST_TYPE_NAMES, REQUEST_PARAMETER_NAMES);
}

/**
 * Is this a Koa-style context, whose `state` is the application's own per-request storage (koa-jwt puts the
 * verified claims there) rather than the request's cookies (Hapi `request.state`)?
 */
function isContextRoot(base: ts.Expression): boolean {
  if (!ts.isIdentifier(base)) return false;
  if (REQUEST_CONTEXT_NAMES.has(base.text)) return true;
  const declaration = findDeclaration(base.text, base);
  return declaration?.kind === 'parameter' && (writtenType(declaration.node.type)?.names.some((name) => REQUEST_CONTEXT_TYPES.has(name)) ?? false);
}

/** The page part reached from a page part through the member `name` (`location` + 'search' → 'page-url'). */
function pageMemberPart(part: PagePart, name: string): RequestPart | undefined {
  switch (part) {
    case 'page-data':
      return 'page-data';
    case 'page-url':
      return name === URL_SEARCH_PARAMS_MEMBER ? 'page-data' : PAGE_URL_TEXT_MEMBERS.has(name) ? 'page-url' : undefined;
    case 'page-route':
      return PAGE_ROUTE_DATA_MEMBERS.has(name) ? 'page-data' : PAGE_ROUTE_SELF_MEMBERS.has(name) ? 'page-route' : PAGE_ROUTE_TEXT_MEMBERS.has(name) ? 'page-url' : undefined;
    case 'page-state':
      return name === PAGE_STATE_URL_MEMBER ? 'page-url' : undefined;
    case 'page-pair':
      return name === '0' ? 'page-data' : undefined;
    case 'page-global':
      return name === LOCATION_GLOBAL ? 'page-url' : undefined;
  }
}

const PAGE_PARTS: ReadonlySet<string> = new Set<PagePart>(['page-url', 'page-data', 'page-route', 'page-state', 'page-pair', 'page-global']);
const isPagePart = (part: RequestPart): part is PagePart => PAGE_PARTS.has(part);

/** The part reached from `part` through the member `name`, or undefined when the member is not request data. */
function memberPart(part: RequestPart, name: string, onContext: boolean): RequestPart | undefined {
  if (part === 'data') return 'data';
  if (isPagePart(part)) return pageMemberPart(part, name);
  if (part === 'service-context') return name === SERVICE_CALLS.contextParams ? 'service-params' : undefined;
  if (part === 'service-params') return SERVICE_CALLS.clientMembers.has(name) ? 'data' : undefined;
  if (part === 'callback-args') return CALLBACK_TOKEN_MEMBERS.has(name) ? 'data' : undefined;
  if (part === 'url') return name === URL_SEARCH_PARAMS_MEMBER || name === PARSED_URL_QUERY_MEMBER ? 'data' : URL_TEXT_MEMBERS.has(name) ? 'url' : undefined;
  if (part === 'url-query') return 'data';
  if (part === 'socket') return name === SOCKET_CONNECTIONS.handshakeMember ? 'handshake' : undefined;
  if (part === 'handshake' && SOCKET_CONNECTIONS.credentialMembers.has(name)) return 'data';
  if (REQUEST_MEMBER_NAMES.has(name)) return 'request';
  if (name === CONNECTION_PARAMS_NAME) return 'data';
  if (name === REQUEST_COOKIE_STATE_MEMBER) return onContext ? undefined : 'data';
  if (REQUEST_DATA_MEMBERS.has(name)) return 'data';
  if (REQUEST_URL_MEMBERS.has(name)) return 'url';
  return undefined;
}

/** Folds member names onto a part: `req` + ['headers', 'authorization'] → 'data'. */
function followMembers(part: RequestPart | undefined, names: readonly DestructureStep[], onContext = false): RequestPart | undefined {
  let current = part;
  for (const name of names) {
    if (current === undefined) return undefined;
    current = memberPart(current, String(name), onContext);
  }
  return current;
}

/** The name the function is known by to its framework: its own name, its variable's, or its property's (`actions: { default() {} }`). */
function handlerNames(fn: ts.Node): string[] {
  const names: string[] = [];
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) names.push(fn.name.text);
  let holder: ts.Node = fn.parent;
  while (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder) || ts.isSatisfiesExpression(holder)) holder = holder.parent;
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) names.push(holder.name.text, typeNameOf(holder.type) ?? '');
  if (ts.isPropertyAssignment(holder) && ts.isObjectLiteralExpression(holder.parent)) {
    let object: ts.Node = holder.parent.parent;
    while (ts.isParenthesizedExpression(object) || ts.isAsExpression(object) || ts.isSatisfiesExpression(object)) object = object.parent;
    if (ts.isVariableDeclaration(object) && ts.isIdentifier(object.name)) names.push(object.name.text, typeNameOf(object.type) ?? '');
  }
  return names;
}

/**
 * A destructured member of a route handler's single argument (Remix/React Router `loader({ request })`, SvelteKit
 * `load({ url, cookies })`, Astro `GET({ request, cookies })`, Next.js pages `getServerSideProps({ req, query })`).
 * `request`, `req` and `event` are requests wherever they are destructured from a parameter, as a parameter of that
 * name is; the other members (`url`, `cookies`, `headers`, `query`, `params`) count only in a function the framework
 * calls as a handler (its name, or its parameter's or variable's type, says so).
 */
function eventMemberPart(parameter: ts.ParameterDeclaration, step: string): RequestPart | undefined {
  const part = REQUEST_EVENT_MEMBERS.get(step);
  if (part === undefined) return undefined;
  if (part === 'request') return part;
  if (REQUEST_EVENT_TYPE_NAMES.has(typeNameOf(parameter.type) ?? '')) return part;
  return handlerNames(parameter.parent).some((name) => ROUTE_HANDLER_NAMES.has(name) || REQUEST_EVENT_TYPE_NAMES.has(name)) ? part : undefined;
}

/**
 * A Feathers service method's params or a hook's context (SERVICE_CALLS): by type, or for an untyped service by the
 * method's name and the parameter's place and name (`async find(params)`).
 */
function serviceParameterPart(parameter: ts.ParameterDeclaration): RequestPart | undefined {
  const typeName = typeNameOf(parameter.type);
  if (typeName !== undefined) return SERVICE_CALLS.paramsTypes.has(typeName) ? 'service-params' : SERVICE_CALLS.contextTypes.has(typeName) ? 'service-context' : undefined;
  if (!ts.isIdentifier(parameter.name) || parameter.name.text !== SERVICE_CALLS.paramsName) return undefined;
  const fn = parameter.parent;
  const holder = ts.isMethodDeclaration(fn) ? fn : ts.isPropertyAssignment(fn.parent) ? fn.parent : undefined;
  const name = holder && (ts.isIdentifier(holder.name) || ts.isStringLiteral(holder.name)) ? holder.name.text : undefined;
  const index = name === undefined ? undefined : SERVICE_CALLS.methods.get(name);
  return index !== undefined && argumentPosition(fn, fn.parameters.indexOf(parameter)) === index ? 'service-params' : undefined;
}

const REQUEST_CALLBACKS = libraryModels.flatMap((library) => (library.requestCallbacks ?? []).map((callback) => ({ library, ...callback })));
const CALLBACK_TOKEN_MEMBERS: ReadonlySet<string> = new Set(REQUEST_CALLBACKS.map((callback) => callback.member));

function typeNameOfHolder(node: ts.Node): string | undefined {
  if (ts.isVariableDeclaration(node)) return typeNameOf(node.type);
  return ts.isSatisfiesExpression(node) || ts.isAsExpression(node) ? typeNameOf(node.type) : undefined;
}

/** Is `holder` a call of the library's `callee` given `config` at `configArg` (`NextAuth({ ... })` imported from next-auth)? */
function configuresLibrary(holder: ts.Node, config: ts.Node, library: LibraryModel, callee: readonly (readonly string[])[], configArg: number): boolean {
  if (!ts.isCallExpression(holder) || holder.arguments[configArg] !== config) return false;
  const name = stripWrappers(holder.expression);
  if (!ts.isIdentifier(name)) return false;
  const declaration = findDeclaration(name.text, name);
  if (declaration?.kind !== 'import' || !library.packages.includes(declaration.specifier)) return false;
  return callee.some((path) => path.length === 1 && path[0] === declaration.imported);
}

/**
 * A parameter of a function given in a library's configuration that the library calls with a request's token
 * (LibraryModel.requestCallbacks: Auth.js `NextAuth({ jwt: { decode({ token }) {} } })`, or an options object typed
 * `NextAuthOptions`): 'callback-args', whose token member is request data.
 */
function callbackParameterPart(parameter: ts.ParameterDeclaration): RequestPart | undefined {
  const fn = parameter.parent;
  let property: ts.Node | undefined = ts.isMethodDeclaration(fn) ? fn : ts.isPropertyAssignment(fn.parent) && fn.parent.initializer === fn ? fn.parent : undefined;
  const names: string[] = [];
  let config: ts.Node | undefined;
  let holder: ts.Node | undefined;
  while (property && (ts.isMethodDeclaration(property) || ts.isPropertyAssignment(property)) && ts.isObjectLiteralExpression(property.parent)) {
    if (!ts.isIdentifier(property.name) && !ts.isStringLiteral(property.name)) return undefined;
    names.unshift(property.name.text);
    config = property.parent;
    holder = config.parent;
    while (ts.isParenthesizedExpression(holder) || ((ts.isAsExpression(holder) || ts.isSatisfiesExpression(holder)) && typeNameOf(holder.type) === undefined)) holder = holder.parent;
    property = ts.isPropertyAssignment(holder) ? holder : undefined;
  }
  if (!config || !holder) return undefined;
  const index = argumentPosition(fn, fn.parameters.indexOf(parameter));
  const found = REQUEST_CALLBACKS.some(
    (callback) =>
      callback.param === index &&
      callback.path.length === names.length &&
      callback.path.every((name, i) => name === names[i]) &&
      (callback.configTypes.includes(typeNameOfHolder(holder) ?? '') || configuresLibrary(holder, config, callback.library, callback.callee, callback.configArg)),
  );
  return found ? 'callback-args' : undefined;
}

/** A Socket.IO connection (SOCKET_CONNECTIONS): by type, or untyped by name. */
function isSocketParameter(parameter: ts.ParameterDeclaration): boolean {
  const typeName = typeNameOf(parameter.type);
  if (typeName !== undefined) return SOCKET_CONNECTIONS.typeNames.has(typeName);
  return ts.isIdentifier(parameter.name) && SOCKET_CONNECTIONS.parameterNames.has(parameter.name.text);
}

/** `context.switchToWs().getClient`: the callee of a call that hands over the socket connection (SOCKET_CONNECTIONS). */
function isSocketClientCall(callee: ts.PropertyAccessExpression): boolean {
  const receiver = stripWrappers(callee.expression);
  const from = ts.isCallExpression(receiver) ? stripWrappers(receiver.expression) : undefined;
  return SOCKET_CONNECTIONS.clientFactories.some(
    (factory) => factory.method === callee.name.text && from !== undefined && ts.isPropertyAccessExpression(from) && from.name.text === factory.receiverMethod,
  );
}

/** Is this part the incoming request (an HTTP request, or the handshake request of a socket connection)? */
export function isRequestPart(part: RequestPart | undefined): boolean {
  return part === 'request' || part === 'handshake';
}

/** The parameter of a callback subscribed to page data (Angular `route.queryParams.subscribe((params) => ...)`). */
function subscribedPagePart(parameter: ts.ParameterDeclaration): RequestPart | undefined {
  const fn = parameter.parent;
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters[0] !== parameter || !ts.isCallExpression(fn.parent) || fn.parent.arguments[0] !== fn) return undefined;
  const callee = stripWrappers(fn.parent.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== OBSERVABLE_SUBSCRIBE) return undefined;
  return requestPartOf(callee.expression) === 'page-data' ? 'page-data' : undefined;
}

function parameterPart(parameter: ts.ParameterDeclaration, steps: readonly DestructureStep[]): RequestPart | undefined {
  const subscribed = subscribedPagePart(parameter);
  if (subscribed) return followMembers(subscribed, steps);
  if (isSocketParameter(parameter)) return followMembers('socket', steps);
  // a subscription server's `onConnect(connectionParams)`, or `onConnect({ connectionParams })`
  if (ts.isIdentifier(parameter.name) && parameter.name.text === CONNECTION_PARAMS_NAME) return followMembers('data', steps);
  if (steps[0] === CONNECTION_PARAMS_NAME) return followMembers('data', steps.slice(1));
  const service = serviceParameterPart(parameter) ?? callbackParameterPart(parameter);
  if (service) return followMembers(service, steps);
  // an Angular guard's `route: ActivatedRouteSnapshot`
  const page = ts.isConstructorDeclaration(parameter.parent) ? undefined : injectedTypePart(parameter.type);
  if (page) return followMembers(page, steps);
  // a handler's event argument (SvelteKit `RequestEvent`, Astro `APIContext`) has the request's parts as members
  if (isRequestParameter(parameter) || REQUEST_EVENT_TYPE_NAMES.has(typeNameOf(parameter.type) ?? '')) return followMembers('request', steps);
  if (steps.length === 0) {
    // NestJS `@Headers() headers`, `@Query() query`: the parameter is that container
    const decorator = requestDecoratorOf(parameter);
    const member = decorator && REQUEST_PARAMETER_DECORATORS.get(decorator.name);
    return member !== undefined && decorator?.argument === undefined ? 'data' : undefined;
  }
  return followMembers(eventMemberPart(parameter, String(steps[0])), steps.slice(1));
}

/** `cookies()` / `headers()` of next/headers (also awaited): the request's cookie or header container. */
function isRequestDataCall(node: ts.CallExpression): boolean {
  const callee = stripWrappers(node.expression);
  if (!ts.isIdentifier(callee)) return false;
  const declaration = findDeclaration(callee.text, callee);
  if (declaration?.kind !== 'import') return false;
  return REQUEST_DATA_FUNCTIONS.some((entry) => entry.module === declaration.specifier && entry.name === declaration.imported);
}

/** `req.url ?? ''`, `req.url || '/'`: the value, without the default given when it is missing. */
function valueBeforeFallback(expression: ts.Expression): ts.Expression {
  const node = stripWrappers(expression);
  const defaulting = ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken);
  return defaulting ? node.left : node;
}

/** `url.parse(x)`, `parse(x)` imported or required from one of the parsers' modules (URL_PARSERS, QUERY_STRING_PARSERS). */
function isParserCall(node: ts.CallExpression, parsers: readonly { modules: readonly string[]; name: string }[]): boolean {
  const callee = stripWrappers(node.expression);
  const root = ts.isPropertyAccessExpression(callee) ? stripWrappers(callee.expression) : callee;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (!ts.isIdentifier(root)) return false;
  const declaration = findDeclaration(root.text, root);
  let module: string | undefined;
  let imported: string | undefined;
  if (declaration?.kind === 'import') {
    module = declaration.specifier;
    imported = declaration.imported === 'default' || declaration.imported === '*' ? name : name === undefined ? declaration.imported : undefined;
  } else if (declaration?.kind === 'variable' && declaration.steps.length === 0 && declaration.node.initializer) {
    // `const url = require('url')`
    const specifier = requiredSpecifier(declaration.node.initializer);
    if (specifier !== undefined) [module, imported] = [specifier, name];
  }
  return module !== undefined && parsers.some((parser) => parser.modules.includes(module) && parser.name === imported);
}

/** Astro's `Astro` in a page's frontmatter (REQUEST_GLOBALS): an undeclared global that is the request. */
function isRequestGlobal(name: ts.Identifier): boolean {
  const sourceFile = name.getSourceFile();
  const global = REQUEST_GLOBALS.find((entry) => entry.name === name.text && sourceFile.fileName.toLowerCase().endsWith(entry.extension));
  if (!global || findDeclaration(name.text, name)) return false;
  return !global.moduleBlockOnly || scriptBlockAt(sourceFile, name.getStart())?.ownScope === false;
}

/**
 * The member name of a variable destructured from a request parameter as client data (`({ query: { token } })`, Auth.js
 * `decode({ token })`): 'token'. Undefined for anything else.
 */
export function destructuredRequestMember(name: ts.Expression): string | undefined {
  if (!ts.isIdentifier(name)) return undefined;
  const definition = singleDefinition(name);
  const last = definition?.kind === 'parameter' ? definition.steps[definition.steps.length - 1] : undefined;
  return last !== undefined && requestPartOf(name) === 'data' ? String(last) : undefined;
}

/** Which part of the incoming request `expression` is, or undefined when it is not known to be one. */
export function requestPartOf(expression: ts.Expression, depth = 0): RequestPart | undefined {
  if (depth > MAX_DEPTH) return undefined;
  let node = stripWrappers(expression);
  if (ts.isAwaitExpression(node)) node = stripWrappers(node.expression);
  const chain = accessChain(node);
  return requestPartOfChain(chain.base, chain.names, depth);
}

/** The request part reached from `base` through `names` (`req` + ['headers', 'authorization'] → 'data'). */
export function requestPartOfChain(base: ts.Expression, names: readonly DestructureStep[], depth = 0): RequestPart | undefined {
  if (base.kind === ts.SyntaxKind.ThisKeyword && names.length > 0) {
    // vue-router's Options API `this.$route`; an injected router service (Angular `this.route` typed `ActivatedRoute`)
    const member = String(names[0]);
    const part = COMPONENT_ROUTE_MEMBERS.has(member) ? 'page-route' : injectedPagePart(base, member);
    if (part) return followMembers(part, names.slice(1));
  }
  return followMembers(rootPart(base, depth), names, isContextRoot(base));
}

/**
 * The page part of a class member injected as a page source (Angular `constructor(private route: ActivatedRoute)`,
 * `route: ActivatedRoute`, `route = inject(ActivatedRoute)`), by the imported class it is typed or injected as.
 */
function injectedPagePart(self: ts.Node, member: string): RequestPart | undefined {
  let node: ts.Node | undefined = self.parent;
  while (node && !ts.isClassLike(node)) node = ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) ? undefined : node.parent;
  if (!node) return undefined;
  const named = (name: ts.PropertyName | ts.BindingName) => ts.isIdentifier(name) && name.text === member;
  let type: ts.Node | undefined;
  for (const element of node.members) {
    if (ts.isPropertyDeclaration(element) && named(element.name)) {
      const injected = element.initializer && ts.isCallExpression(stripWrappers(element.initializer)) ? (stripWrappers(element.initializer) as ts.CallExpression).arguments[0] : undefined;
      type = element.type ?? injected;
    } else if (ts.isConstructorDeclaration(element)) {
      const parameter = element.parameters.find((candidate) => named(candidate.name) && ts.getModifiers(candidate)?.length);
      if (parameter) type = parameter.type;
    }
  }
  return injectedTypePart(type);
}

/** The page part of a value typed or injected as an imported page source class (`ActivatedRoute`, `ActivatedRouteSnapshot`). */
function injectedTypePart(type: ts.Node | undefined): RequestPart | undefined {
  const name = type && ts.isTypeReferenceNode(type) ? type.typeName : type;
  if (!name || !ts.isIdentifier(name)) return undefined;
  const declaration = findDeclaration(name.text, name);
  if (declaration?.kind !== 'import') return undefined;
  return PAGE_URL_SOURCES.find((source) => source.form === 'injected' && source.name === declaration.imported && source.modules.includes(declaration.specifier))?.part;
}

/** A router hook's result (`useSearchParams()`, `useRoute()`), or a URL's text cut to its query (`location.hash.slice(1)`, `req.url.split('?')`). */
function pageCallPart(call: ts.CallExpression, depth: number): RequestPart | undefined {
  const callee = stripWrappers(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return pageHookPart(callee);
  if (!URL_TEXT_TRIM_METHODS.has(callee.name.text)) return undefined;
  // the page's URL, or on a server the request's (`req.url.split('?')[1]`)
  const text = requestPartOf(callee.expression, depth + 1);
  return text === 'page-url' || text === 'url' ? text : undefined;
}

function pageHookPart(callee: ts.Expression): RequestPart | undefined {
  if (!ts.isIdentifier(callee)) return undefined;
  const declaration = findDeclaration(callee.text, callee);
  if (!declaration) return AUTO_IMPORTED_PAGE_HOOKS.get(callee.text);
  if (declaration.kind !== 'import') return undefined;
  return PAGE_URL_SOURCES.find((source) => source.form === 'call' && source.name === declaration.imported && source.modules.includes(declaration.specifier))?.part;
}

/** An imported page store or state (`page` of `$app/state`), its auto-subscription (`$page`), or a browser global (`location`, `window`). */
function pageNamePart(name: ts.Identifier): RequestPart | undefined {
  const declaration = findDeclaration(name.text, name);
  const fromImport = (imported: string, specifier: string) =>
    PAGE_URL_SOURCES.find((source) => source.form === 'value' && source.name === imported && source.modules.includes(specifier))?.part;
  if (declaration) return declaration.kind === 'import' ? fromImport(declaration.imported, declaration.specifier) : undefined;
  if (name.text === LOCATION_GLOBAL) return 'page-url';
  if (LOCATION_HOLDERS.has(name.text)) return 'page-global';
  if (!name.text.startsWith(STORE_SUBSCRIPTION_PREFIX)) return undefined;
  const store = findDeclaration(name.text.slice(STORE_SUBSCRIPTION_PREFIX.length), name);
  return store?.kind === 'import' ? fromImport(store.imported, store.specifier) : undefined;
}

function rootPart(base: ts.Expression, depth: number): RequestPart | undefined {
  if (ts.isAwaitExpression(base)) return requestPartOf(base.expression, depth + 1);
  // `req.url.split('?')[1]`: a piece of a URL's text (the elements of other arrays are not followed)
  if (ts.isElementAccessExpression(base) && ts.isNumericLiteral(base.argumentExpression)) {
    const text = requestPartOf(base.expression, depth + 1);
    return text === 'url' || text === 'page-url' ? text : undefined;
  }
  if (ts.isCallExpression(base)) {
    if (isRequestDataCall(base)) return 'data';
    const parsed = base.arguments[0] && requestPartOf(valueBeforeFallback(base.arguments[0]), depth + 1);
    if (isParserCall(base, URL_PARSERS)) return parsed === 'url' ? 'url' : undefined;
    // querystring.parse(req.url.split('?')[1]): the request URL's query parameters
    if (isParserCall(base, QUERY_STRING_PARSERS)) return parsed === 'url' ? 'url-query' : undefined;
    const page = pageCallPart(base, depth);
    if (page) return page;
    const callee = stripWrappers(base.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    // context.switchToHttp().getRequest()
    if (REQUEST_FACTORY_METHODS.has(callee.name.text)) return 'request';
    // context.switchToWs().getClient(): a WebSocket gateway's connection
    if (isSocketClientCall(callee)) return 'socket';
    // await request.json(), await request.formData(): the body the client sent
    if (REQUEST_BODY_METHODS.has(callee.name.text) && base.arguments.length === 0) return requestPartOf(callee.expression, depth + 1) === 'request' ? 'data' : undefined;
    return undefined;
  }
  // new URL(req.url), new URL(location.href), new URLSearchParams(location.search)
  if (ts.isNewExpression(base) && ts.isIdentifier(base.expression) && base.arguments?.[0]) {
    const made = base.expression.text;
    if (made !== URL_CONSTRUCTOR && made !== QUERY_STRING_CLASS) return undefined;
    const inner = requestPartOf(base.arguments[0], depth + 1);
    if (made === QUERY_STRING_CLASS) return inner === 'page-url' ? 'page-data' : inner === 'url' ? 'url-query' : undefined;
    if (inner === 'url' || inner === 'page-url') return inner;
    // new URL(`https://localhost${req.url}`), new URL('http://' + host + req.url): the request URL behind a written origin
    return joinedParts(base.arguments[0]).some((part) => requestPartOf(part, depth + 1) === 'url') ? 'url' : undefined;
  }
  if (!ts.isIdentifier(base)) return undefined;
  if (isRequestGlobal(base)) return 'request';
  const definition = singleDefinition(base);
  if (definition?.kind === 'parameter') return parameterPart(definition.node, definition.steps);
  if (definition?.kind === 'value') return followMembers(requestPartOf(definition.expression, depth + 1), definition.steps);
  return pageNamePart(base);
}

/** The values a template or a `+` concatenation joins into one text (none for any other expression). */
function joinedParts(expression: ts.Expression): ts.Expression[] {
  const node = stripWrappers(expression);
  if (ts.isTemplateExpression(node)) return node.templateSpans.map((span) => span.expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return [...joinedParts(node.left), node.right];
  return [];
}
