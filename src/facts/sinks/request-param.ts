import { ts } from 'ts-morph';
import { QUERY_TOKEN_EXTRACTORS, REQUEST_QUERY_MEMBERS, REQUEST_QUERY_METHODS, URL_SEARCH_PARAMS_MEMBER } from '../../models/sinks.js';
import { PAGE_ROUTE_DATA_MEMBERS } from '../../models/page-url.js';
import { namesAuthToken, REQUEST_PARAMETER_DECORATORS } from '../../models/http.js';
import { accessChain } from '../../dataflow/access-chain.js';
import { isRequestPart, requestDecoratorOf, requestPartOf } from '../../dataflow/request-sources.js';
import { stripWrappers, type ValueResolver } from '../../dataflow/values.js';
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
    if (receiverName === undefined || !(REQUEST_QUERY_MEMBERS.has(receiverName) || PAGE_ROUTE_DATA_MEMBERS.has(receiverName))) return [];
    if (isOverlongChain(node)) return [];
    const chain = accessChain(node);
    if (chain.names.length < 2 || chain.names[chain.names.length - 2] !== receiverName) return [];
    const field = chain.names[chain.names.length - 1];
    const holder = stripWrappers((receiverNode as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression);
    const api = `${receiverName}.${field}`;
    if (REQUEST_QUERY_MEMBERS.has(receiverName) && isRequest(holder)) return [this.querySink(node, field, api)];
    // vue-router `route.query.token`, `this.$route.query.token`; next/router `useRouter().query.token`
    if (PAGE_ROUTE_DATA_MEMBERS.has(receiverName) && requestPartOf(receiverNode) === 'page-data') return [{ ...this.querySink(node, field, api), pageUrl: true }];
    return [];
  }

  /**
   * `params.token` where `params` holds the page's parameters (Angular `route.queryParams.subscribe((params) => ...)`,
   * `const query = route.query`): only token-named fields are looked at, which keeps the question rare.
   */
  private pageParamsReadSinks(node: ts.PropertyAccessExpression | ts.ElementAccessExpression, receiver: ts.Identifier): TokenSink[] {
    const field = ts.isPropertyAccessExpression(node) ? node.name.text : ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
    if (field === undefined || !namesAuthToken(field) || requestPartOf(receiver) !== 'page-data') return [];
    return [{ ...this.querySink(node, field, `${receiver.text}.${field}`), pageUrl: true }];
  }

  /** `const { token } = req.query`. */
  queryDestructuringSinks(node: ts.VariableDeclaration): TokenSink[] {
    if (!ts.isObjectBindingPattern(node.name) || !node.initializer) return [];
    const initializer = stripWrappers(node.initializer);
    if (!ts.isPropertyAccessExpression(initializer)) return [];
    const member = initializer.name.text;
    const server = REQUEST_QUERY_MEMBERS.has(member) && isRequest(initializer.expression);
    const page = !server && PAGE_ROUTE_DATA_MEMBERS.has(member) && requestPartOf(initializer) === 'page-data';
    if (!server && !page) return [];
    const sinks: TokenSink[] = [];
    for (const element of node.name.elements) {
      const property = element.propertyName ?? element.name;
      const field = ts.isIdentifier(property) || ts.isStringLiteral(property) ? property.text : undefined;
      if (field) sinks.push({ ...this.querySink(element, field, `${member}.${field}`), binding: node, ...(page ? { pageUrl: true } : {}) });
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
    if (ts.isPropertyAccessExpression(receiver) && receiver.name.text === URL_SEARCH_PARAMS_MEMBER && requestPartOf(receiver.expression) === 'url') {
      return [this.querySink(node, field, `searchParams.get('${field}')`)];
    }
    // the page's own query: `useSearchParams().get('token')`, `new URLSearchParams(location.search).get('access_token')`
    if (requestPartOf(receiver) === 'page-data') {
      const holder = ts.isPropertyAccessExpression(receiver) ? `${receiver.name.text}.` : ts.isIdentifier(receiver) ? `${receiver.text}.` : '';
      return [{ ...this.querySink(node, field, `${holder}get('${field}')`), pageUrl: true }];
    }
    return [];
  }

  private querySink(node: ts.Node, field: string, api: string): TokenSink {
    let binding: ts.VariableDeclaration | undefined;
    let current: ts.Node = node;
    const isDefaulting = (parent: ts.Node): boolean =>
      ts.isBinaryExpression(parent) && (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarToken);
    // `const t = url.searchParams.get('token') ?? ''`: the default does not change where the value comes from, and
    // `const t = req.headers['x-access-token'] || req.query.token` takes it from the query whenever the header is missing
    while (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isNonNullExpression(current.parent) || isDefaulting(current.parent))
      current = current.parent;
    if (ts.isVariableDeclaration(current.parent) && current.parent.initializer === current) binding = current.parent;
    return { kind: 'request-param', node, api, values: ts.isExpression(node) ? [node] : [], key: field, acceptedBy: 'read', binding };
  }

  /** passport-jwt `ExtractJwt.fromUrlQueryParameter('token')`. */
  queryExtractorSinks(node: ts.CallExpression): TokenSink[] {
    const callee = stripWrappers(node.expression);
    if (!ts.isPropertyAccessExpression(callee) && !ts.isIdentifier(callee)) return [];
    const value = this.resolver.resolve(callee);
    if (value.kind !== 'library') return [];
    const path = withoutDefault(value.path);
    for (const model of QUERY_TOKEN_EXTRACTORS) {
      if (value.module !== model.module || !samePath(path, model.path)) continue;
      const name = node.arguments[model.nameArg];
      return [{ kind: 'request-param', node, api: model.api, values: [], key: name ? stringOf(this.resolver, name) : undefined, acceptedBy: 'library' }];
    }
    return [];
  }
}

/** Is this expression an incoming request (a handler's request parameter, `ctx.request`, hono `c.req`, a loader's `request`)? */
function isRequest(expression: ts.Expression): boolean {
  return isRequestPart(requestPartOf(expression));
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
