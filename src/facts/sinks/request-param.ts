import { ts } from 'ts-morph';
import { singleDefinition } from '../../dataflow/definitions.js';
import { QUERY_ROUTE_SEGMENT, QUERY_TOKEN_EXTRACTORS, REQUEST_QUERY_MEMBERS, REQUEST_QUERY_METHODS, URL_SEARCH_PARAMS_MEMBER } from '../../models/sinks.js';
import { PAGE_ROUTE_DATA_MEMBERS } from '../../models/page-url.js';
import { namesAuthToken, PARSED_URL_QUERY_MEMBER, REQUEST_PARAMETER_DECORATORS, TOKEN_HEADER_NAMES } from '../../models/http.js';
import { REQUEST_HEADERS_FIELD } from '../../models/http-clients.js';
import { accessChain } from '../../dataflow/access-chain.js';
import { isRequestPart, requestDecoratorOf, requestPartOf, requestPartOfChain } from '../../dataflow/request-sources.js';
import { stripWrappers, type ValueResolver } from '../../dataflow/values.js';
import { enclosingFunction, findDeclaration } from '../../binding/scope.js';
import { samePath, stringOf, withoutDefault } from './common.js';
import type { TokenSink } from './types.js';

/**
 * Tokens a server accepts from the query string of a request (`request-param`): reads in code (`req.query.token`,
 * `@Query('token')`, `searchParams.get('token')`) and libraries configured to (passport-jwt's query extractor); and
 * tokens browser code reads from its own page's URL (`pageUrl`: `useSearchParams().get('token')`, `route.query.token`).
 */

/** Member chains longer than this are not request reads (no real code writes them). */
const MAX_CHAIN = 64;

export class RequestParamSinks {
  constructor(private readonly resolver: ValueResolver) {}

  /** `req.query.token`, `ctx.request.query['access_token']`, `event.queryStringParameters.token`. */
  queryReadSinks(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): TokenSink[] {
    // Cheap first: the receiver must itself be a query member (`<x>.query.token`, `<x>['query'].token`).
    const receiverNode = stripWrappers(node.expression);
    const receiverName = ts.isPropertyAccessExpression(receiverNode)
      ? receiverNode.name.text
      : ts.isElementAccessExpression(receiverNode) && ts.isStringLiteralLike(receiverNode.argumentExpression)
        ? receiverNode.argumentExpression.text
        : undefined;
    if (ts.isIdentifier(receiverNode)) return this.pageParamsReadSinks(node, receiverNode);
    if (ts.isCallExpression(receiverNode) || ts.isNewExpression(receiverNode)) return this.parsedQueryReadSinks(node, receiverNode);
    if (receiverName === undefined || !(REQUEST_QUERY_MEMBERS.has(receiverName) || PAGE_ROUTE_DATA_MEMBERS.has(receiverName))) return [];
    if (isOverlongChain(node)) return [];
    const chain = accessChain(node);
    if (chain.names.length < 2 || chain.names[chain.names.length - 2] !== receiverName) return [];
    const field = chain.names[chain.names.length - 1];
    const holder = stripWrappers((receiverNode as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression);
    const api = `${receiverName}.${field}`;
    if (REQUEST_QUERY_MEMBERS.has(receiverName) && isRequest(holder)) return [this.querySink(node, field, api)];
    // `url.parse(req.url, true).query.token`: the query of the request's URL parsed by node's legacy parser
    if (receiverName === PARSED_URL_QUERY_MEMBER && requestPartOf(holder) === 'url') return [this.querySink(node, field, api)];
    // vue-router `route.query.token`, `this.$route.query.token`; next/router `useRouter().query.token`
    if (PAGE_ROUTE_DATA_MEMBERS.has(receiverName) && requestPartOf(receiverNode) === 'page-data') return [{ ...this.querySink(node, field, api), pageUrl: true }];
    return [];
  }

  /**
   * `params.token` where `params` holds the page's parameters (Angular `route.queryParams.subscribe((params) => ...)`,
   * `const query = route.query`): only token-named fields are looked at, which keeps the question rare.
   */
  private pageParamsReadSinks(node: ts.PropertyAccessExpression | ts.ElementAccessExpression, receiver: ts.Identifier): TokenSink[] {
    const field = memberName(node);
    if (field === undefined || !namesAuthToken(field)) return [];
    const part = requestPartOf(receiver);
    if (part === 'page-data') return [{ ...this.querySink(node, field, `${receiver.text}.${field}`), pageUrl: true }];
    // `const { query } = url.parse(req.url, true)`, `const q = querystring.parse(req.url.split('?')[1])`: the request URL's parsed query
    // `const q = req.query; q.token`: the request's query under another name
    return (part === 'data' && (parsedUrlQuery(receiver) || isRequestQueryAlias(receiver))) || part === 'url-query' ? [this.querySink(node, field, `${receiver.text}.${field}`)] : [];
  }

  /** `querystring.parse(req.url.split('?')[1]).token`: a token-named parameter of the request URL's query, parsed where it is read. */
  private parsedQueryReadSinks(node: ts.PropertyAccessExpression | ts.ElementAccessExpression, receiver: ts.CallExpression | ts.NewExpression): TokenSink[] {
    const field = memberName(node);
    if (field === undefined || !namesAuthToken(field) || requestPartOf(receiver) !== 'url-query') return [];
    return [this.querySink(node, field, `query.${field}`)];
  }

  /** `const { token } = req.query`. */
  queryDestructuringSinks(node: ts.VariableDeclaration): TokenSink[] {
    if (!ts.isObjectBindingPattern(node.name) || !node.initializer) return [];
    const initializer = stripWrappers(node.initializer);
    // `const { token } = querystring.parse(req.url.split('?')[1])`
    const parsed = (ts.isCallExpression(initializer) || ts.isNewExpression(initializer)) && requestPartOf(initializer) === 'url-query';
    if (!ts.isPropertyAccessExpression(initializer) && !parsed) return [];
    const member = ts.isPropertyAccessExpression(initializer) ? initializer.name.text : 'query';
    const server = parsed || (REQUEST_QUERY_MEMBERS.has(member) && isRequest((initializer as ts.PropertyAccessExpression).expression));
    const page = !server && PAGE_ROUTE_DATA_MEMBERS.has(member) && requestPartOf(initializer) === 'page-data';
    if (!server && !page) return [];
    const sinks: TokenSink[] = [];
    for (const element of node.name.elements) {
      const property = element.propertyName ?? element.name;
      const field = ts.isIdentifier(property) || ts.isStringLiteral(property) ? property.text : undefined;
      if (field) sinks.push({ ...this.querySink(element, field, `${member}.${field}`, node), ...(page ? { pageUrl: true } : {}) });
    }
    return sinks;
  }

  /** NestJS `@Query('access_token') token: string`: the parameter is read from the query string. */
  queryDecoratorSinks(node: ts.ParameterDeclaration): TokenSink[] {
    const decorator = requestDecoratorOf(node);
    const member = decorator && REQUEST_PARAMETER_DECORATORS.get(decorator.name);
    if (member === undefined || !REQUEST_QUERY_MEMBERS.has(member) || decorator?.argument === undefined) return [];
    return [this.querySink(node, decorator.argument, `@${decorator.name}('${decorator.argument}')`)];
  }

  /** hono `c.req.query('token')`; Next.js `req.nextUrl.searchParams.get('token')`, `new URL(req.url).searchParams.get('token')`. */
  queryMethodSinks(node: ts.CallExpression): TokenSink[] {
    const callee = stripWrappers(node.expression);
    const first = node.arguments[0];
    if (!ts.isPropertyAccessExpression(callee) || !first) return [];
    const receiver = stripWrappers(callee.expression);
    const method = callee.name.text;
    if (!REQUEST_QUERY_METHODS.has(method) && method !== 'get') return [];
    const field = stringOf(this.resolver, first);
    if (field === undefined) return [];
    if (REQUEST_QUERY_METHODS.has(method) && isRequest(receiver)) return [this.querySink(node, field, `${method}('${field}')`)];
    if (method !== 'get') return [];
    if (isRequestSearchParams(receiver)) return [this.querySink(node, field, `searchParams.get('${field}')`)];
    const part = requestPartOf(receiver);
    // `new URLSearchParams(req.url.split('?')[1]).get('token')`: the request URL's query, parsed by the code
    if (part === 'url-query') return [this.querySink(node, field, `URLSearchParams.get('${field}')`)];
    // the page's own query: `useSearchParams().get('token')`, `new URLSearchParams(location.search).get('access_token')`
    if (part === 'page-data') {
      const holder = ts.isPropertyAccessExpression(receiver) ? `${receiver.name.text}.` : ts.isIdentifier(receiver) ? `${receiver.text}.` : '';
      return [{ ...this.querySink(node, field, `${holder}get('${field}')`), pageUrl: true }];
    }
    return [];
  }

  /** @param destructured the declaration `node` (a binding element) is part of: `const { token } = req.query` */
  private querySink(node: ts.Node, field: string, api: string, destructured?: ts.VariableDeclaration): TokenSink {
    let binding = destructured;
    let current: ts.Node = node;
    const isDefaulting = (parent: ts.Node): boolean =>
      ts.isBinaryExpression(parent) && (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarToken);
    // `const t = url.searchParams.get('token') ?? ''`: the default does not change where the value comes from, and
    // `const t = req.headers['x-access-token'] || req.query.token` takes it from the query whenever the header is missing
    while (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isNonNullExpression(current.parent) || isDefaulting(current.parent))
      current = current.parent;
    if (ts.isVariableDeclaration(current.parent) && current.parent.initializer === current) binding = current.parent;
    const inPath = routeSegments(node.getSourceFile().fileName).includes(field);
    const headerCopy = credentialHeaderCopy(node, binding);
    return {
      kind: 'request-param',
      node,
      api,
      values: ts.isExpression(node) ? [node] : [],
      key: field,
      acceptedBy: 'read',
      binding,
      ...(inPath ? { urlPart: 'path' as const } : {}),
      ...(headerCopy ? { headerCopy } : {}),
    };
  }

  /** permit `new Bearer({ query: 'access_token' })`: constructed with the query parameter's name in an option, reported there. */
  queryExtractorConstructionSinks(node: ts.NewExpression): TokenSink[] {
    const callee = stripWrappers(node.expression);
    const last = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    // cheap first: only a class name some model constructs is resolved
    if (!QUERY_TOKEN_EXTRACTORS.some((model) => model.nameOption !== undefined && model.path[model.path.length - 1] === last)) return [];
    const value = this.resolver.resolve(callee);
    if (value.kind !== 'library') return [];
    const path = withoutDefault(value.path);
    const model = QUERY_TOKEN_EXTRACTORS.find((m) => m.nameOption !== undefined && m.module === value.module && samePath(path, m.path));
    const options = model && node.arguments?.[model.nameArg];
    const option = options && optionWrite(stripWrappers(options), model.nameOption!);
    if (!model || !option) return [];
    return [{ kind: 'request-param', node: option.node, api: model.api, values: [], key: stringOf(this.resolver, option.value), acceptedBy: 'library' }];
  }

  /** passport-jwt `ExtractJwt.fromUrlQueryParameter('token')`. */
  queryExtractorSinks(node: ts.CallExpression): TokenSink[] {
    const callee = stripWrappers(node.expression);
    if (!ts.isPropertyAccessExpression(callee) && !ts.isIdentifier(callee)) return [];
    const value = this.resolver.resolve(callee);
    if (value.kind !== 'library') return [];
    const path = withoutDefault(value.path);
    for (const model of QUERY_TOKEN_EXTRACTORS) {
      if (value.module !== model.module || !samePath(path, model.path) || model.nameOption !== undefined) continue;
      const name = node.arguments[model.nameArg];
      return [{ kind: 'request-param', node, api: model.api, values: [], key: name ? stringOf(this.resolver, name) : undefined, acceptedBy: 'library' }];
    }
    return [];
  }
}

/** The member a read names: `q.token`, `q['token']` (undefined for a computed key). */
function memberName(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | undefined {
  return ts.isPropertyAccessExpression(node) ? node.name.text : ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
}

/** A name destructured as the `query` of a parsed request URL (`const { query } = url.parse(req.url, true)`). */
function parsedUrlQuery(name: ts.Identifier): boolean {
  const declaration = findDeclaration(name.text, name);
  if (declaration?.kind !== 'variable' || declaration.steps.length !== 1 || declaration.steps[0] !== PARSED_URL_QUERY_MEMBER) return false;
  const initializer = declaration.node.initializer;
  return initializer !== undefined && requestPartOf(initializer) === 'url';
}

/** The node that writes an option of an options object and the value it writes, when the code shows one. */
function optionWrite(options: ts.Expression, name: string): { node: ts.Node; value: ts.Expression } | undefined {
  const inLiteral = (object: ts.Expression): { node: ts.Node; value: ts.Expression } | undefined => {
    if (!ts.isObjectLiteralExpression(object)) return undefined;
    for (const property of object.properties) {
      if (ts.isPropertyAssignment(property) && propertyName(property.name) === name) return { node: property, value: property.initializer };
      if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return { node: property, value: property.name };
    }
    return undefined;
  };
  if (!ts.isIdentifier(options)) return inLiteral(options);
  const declaration = findDeclaration(options.text, options);
  if (declaration?.kind !== 'variable' || declaration.steps.length > 0) return undefined;
  const initial = declaration.node.initializer && inLiteral(stripWrappers(declaration.node.initializer));
  if (initial) return initial;
  // `const options = { basic: 'password' }; if (allowQuery) options.query = 'access_token';`: set after the declaration
  let found: { node: ts.Node; value: ts.Expression } | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = stripWrappers(node.left);
      if (
        ts.isPropertyAccessExpression(target) &&
        target.name.text === name &&
        ts.isIdentifier(target.expression) &&
        findDeclaration(target.expression.text, target.expression)?.node === declaration.node
      )
        found = { node: node, value: node.right };
    }
    node.forEachChild(visit);
  };
  visit(enclosingFunction(declaration.node));
  return found;
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/** Is this expression an incoming request (a handler's request parameter, `ctx.request`, hono `c.req`, a loader's `request`)? */
function isRequest(expression: ts.Expression): boolean {
  return isRequestPart(requestPartOf(expression));
}

/** `const q = req.query` (also `as Record<string, unknown>`): a name for the request's query string. */
function isRequestQueryAlias(receiver: ts.Identifier): boolean {
  const definition = singleDefinition(receiver);
  if (definition?.kind !== 'value') return false;
  const steps = definition.steps.map(String);
  const value = stripWrappers(definition.expression);
  // `const { query: q } = req`, or `const q = req.query`
  if (steps.length === 1) return REQUEST_QUERY_MEMBERS.has(steps[0]) && isRequest(value);
  return steps.length === 0 && ts.isPropertyAccessExpression(value) && REQUEST_QUERY_MEMBERS.has(value.name.text) && isRequest(stripWrappers(value.expression));
}

/** Is `node` part of a member chain longer than MAX_CHAIN (counted downwards from it)? */
function isOverlongChain(node: ts.Expression): boolean {
  let current = node;
  for (let i = 0; i < MAX_CHAIN; i += 1) {
    if (!ts.isPropertyAccessExpression(current) && !ts.isElementAccessExpression(current)) return false;
    current = current.expression;
  }
  return true;
}

/** The names of a file-system route's dynamic segments in a file's path (`pages/api/[id]/[token].ts`: id, token). */
function routeSegments(fileName: string): string[] {
  return fileName
    .split(/[\\/]/)
    .map((part) => QUERY_ROUTE_SEGMENT.exec(part.replace(/\.[cm]?[jt]sx?$/, ''))?.[1])
    .filter((name): name is string => name !== undefined);
}

/** `url.searchParams` of the request's URL, also held by a variable (`const { searchParams } = new URL(req.url, base)`). */
function isRequestSearchParams(receiver: ts.Expression): boolean {
  if (ts.isPropertyAccessExpression(receiver)) return receiver.name.text === URL_SEARCH_PARAMS_MEMBER && requestPartOf(receiver.expression) === 'url';
  if (!ts.isIdentifier(receiver)) return false;
  const definition = singleDefinition(receiver);
  if (definition?.kind !== 'value') return false;
  if (definition.steps.length === 0) return isRequestSearchParams(stripWrappers(definition.expression));
  return definition.steps.length === 1 && definition.steps[0] === URL_SEARCH_PARAMS_MEMBER && requestPartOf(definition.expression) === 'url';
}

/**
 * `req.headers.authorization = `Bearer ${req.query.token}``: the assignment that hands a value read from the query
 * on as the request's own credential header (the verification that follows reads it from there), in the function of
 * the read, directly or through the variable it is bound to.
 */
function credentialHeaderCopy(read: ts.Node, binding: ts.VariableDeclaration | undefined): ts.BinaryExpression | undefined {
  const fn = enclosingFunction(read);
  if (!fn) return undefined;
  const bound = ts.isBindingElement(read) ? boundNamesOf(read.name) : binding ? boundNamesOf(binding.name) : new Set<string>();
  let found: ts.BinaryExpression | undefined;
  const carriesRead = (value: ts.Node): boolean => {
    if (value === read) return true;
    if (ts.isIdentifier(value) && bound.has(value.text)) {
      const declaration = findDeclaration(value.text, value);
      if (declaration?.kind === 'variable' && declaration.node === binding) return true;
    }
    return value.forEachChild(carriesRead) ?? false;
  };
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && isCredentialHeader(node.left) && carriesRead(node.right)) {
      found = node;
      return;
    }
    node.forEachChild(visit);
  };
  visit(fn);
  return found;
}

/** `req.headers.authorization`, `request.headers['x-access-token']`: a credential header of a request. */
function isCredentialHeader(target: ts.Expression): boolean {
  const chain = accessChain(target);
  const header = chain.names[chain.names.length - 1];
  if (chain.names.length < 2 || typeof header !== 'string' || !TOKEN_HEADER_NAMES.has(header.toLowerCase())) return false;
  return chain.names[chain.names.length - 2] === REQUEST_HEADERS_FIELD && isRequestPart(requestPartOfChain(chain.base, chain.names.slice(0, -2)));
}

/** The names a declaration binds (`t`, or each of `{ token, id }`). */
function boundNamesOf(name: ts.BindingName): Set<string> {
  if (ts.isIdentifier(name)) return new Set([name.text]);
  return new Set(name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : [...boundNamesOf(element.name)])));
}
