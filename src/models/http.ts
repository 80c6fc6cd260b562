import { CONVENTIONAL_CLIENT_NAMES, factoryNames, HTTP_CLIENTS, REQUEST_HEADERS_FIELD } from './http-clients.js';
import type { PagePart } from './page-url.js';
import { claimWords } from './token-claims.js';

/**
 * Knowledge about web frameworks and HTTP clients that token provenance needs: how an incoming request
 * is named and read (express, koa, fastify, Next.js, hono), and what an auth response looks like.
 */

/** Calls that start a server (`app.listen(3000)`, `http.createServer(app)`): a file that makes one is a service, not a one-off script. */
export const SERVER_START_CALLS: readonly string[] = ['listen', 'createServer'];

/** Parameter names that conventionally hold the incoming request in handlers and middleware. */
export const REQUEST_PARAMETER_NAMES: ReadonlySet<string> = new Set(['req', 'request', 'ctx', 'context', 'event', 'c']);

/** Type names that mark a parameter as an incoming request. */
export const REQUEST_TYPE_NAMES: ReadonlySet<string> = new Set([
  'Request',
  'NextRequest',
  'FastifyRequest',
  'IncomingMessage',
  'Context',
  'ExpressRequest',
  'KoaContext',
  'ParameterizedContext',
  'APIGatewayProxyEvent',
  'APIGatewayProxyEventV2',
  'APIGatewayTokenAuthorizerEvent',
  'APIGatewayRequestAuthorizerEvent',
  'NextApiRequest',
  'HonoRequest',
]);

/**
 * Parts of an incoming request (src/dataflow/request-sources.ts): the request itself, a container of client data
 * (headers, cookies, query, body, route parameters, a URL's searchParams), or its parsed URL; for a service framework
 * (SERVICE_CALLS), a service call's params and a hook's context, only some of whose members are client data; the
 * argument of a configuration callback a library calls with a request's token (LibraryModel.requestCallbacks); in
 * browser code, the parts of the page's own URL (./page-url.ts).
 */
export type RequestPart = 'request' | 'data' | 'url' | 'url-query' | 'service-params' | 'service-context' | 'callback-args' | 'socket' | 'handshake' | PagePart;

/**
 * Socket.IO connections (https://socket.io/docs/v4/server-api/#sockethandshake): a connection's `handshake` is the
 * HTTP request that opened it, with the URL's `query` and the `headers`, plus `auth`, the credentials the client
 * sent with it. A connection is a parameter typed `Socket` or named `socket` (a connection handler's, a NestJS
 * gateway's `handleConnection(client: Socket)`).
 */
export const SOCKET_CONNECTIONS = {
  typeNames: new Set(['Socket']) as ReadonlySet<string>,
  parameterNames: new Set(['socket']) as ReadonlySet<string>,
  handshakeMember: 'handshake',
  credentialMembers: new Set(['auth']) as ReadonlySet<string>,
  /** Calls that hand a gateway guard its connection: NestJS `context.switchToWs().getClient()`. */
  clientFactories: [{ method: 'getClient', receiverMethod: 'switchToWs' }],
} as const;

/**
 * Feathers services (https://feathersjs.com/api/services#params, https://feathersjs.com/api/hooks#hook-context): the
 * methods `find(params)`, `get(id, params)`, `create(data, params)`, `update(id, data, params)`, `patch(id, data,
 * params)` and `remove(id, params)` get the call's params, and hooks get them as `context.params`. Of those,
 * `query` (the query string or the socket's query), `headers` (the HTTP headers, REST only) and `authentication`
 * (`{ strategy, accessToken }` parsed from the Authorization header) come from the client; `user`, `provider` and
 * the rest are set by the server.
 * - `paramsTypes` / `contextTypes`: types of a parameter that is a call's params / a hook's context;
 * - `methods`: service methods and the index of their params parameter, for untyped services, where the parameter
 *   must also be named `paramsName`.
 */
export const SERVICE_CALLS = {
  paramsTypes: new Set(['Params', 'ServiceParams']) as ReadonlySet<string>,
  contextTypes: new Set(['HookContext']) as ReadonlySet<string>,
  contextParams: 'params',
  methods: new Map([
    ['find', 0],
    ['get', 1],
    ['create', 1],
    ['update', 2],
    ['patch', 2],
    ['remove', 1],
  ]) as ReadonlyMap<string, number>,
  paramsName: 'params',
  clientMembers: new Set(['query', 'headers', 'authentication']) as ReadonlySet<string>,
} as const;

/**
 * GraphQL over WebSocket: the payload a client sends when it opens a subscription connection, usually its token.
 * graphql-ws hands it to `onConnect(ctx)` and `context(ctx)` as `ctx.connectionParams`
 * (https://the-guild.dev/graphql/ws/docs/interfaces/server.Context#connectionparams); subscriptions-transport-ws and
 * Apollo Server 2 to `onConnect(connectionParams, webSocket)` as the first parameter
 * (https://github.com/apollographql/subscriptions-transport-ws#constructoroptions-socketoptions--socketserver). That
 * member of a request or context, and a parameter of that name, are client data.
 */
export const CONNECTION_PARAMS_NAME = 'connectionParams';

/** Members of a context or event that are the incoming request itself (Koa `ctx.request`, hono `c.req`). */
export const REQUEST_MEMBER_NAMES: ReadonlySet<string> = new Set(['req', 'request']);

/** Names and types of Koa-style contexts (`ctx`), whose `state` is the application's per-request storage. */
export const REQUEST_CONTEXT_NAMES: ReadonlySet<string> = new Set(['ctx', 'context']);
export const REQUEST_CONTEXT_TYPES: ReadonlySet<string> = new Set(['Context', 'ParameterizedContext', 'KoaContext', 'RouterContext']);
/**
 * Hapi's `request.state` holds the request's parsed cookies (https://hapi.dev/api/#-requeststate); on a Koa context
 * the same name is the application's own state (koa-jwt stores the verified claims there), so it is request data
 * only on a root that is not a context.
 */
export const REQUEST_COOKIE_STATE_MEMBER = 'state';

/**
 * Members of the single argument that route handlers, loaders and actions receive, when destructured
 * (`loader({ request })`, `load({ url, cookies })`), and the request part each is:
 * - Remix / React Router `LoaderFunctionArgs` { request, params, context }: https://remix.run/docs/en/main/route/loader
 * - SvelteKit `RequestEvent` / `ServerLoadEvent` { request, url, cookies, params }: https://svelte.dev/docs/kit/@sveltejs-kit#RequestEvent
 *   and its hooks `handle({ event, resolve })`
 * - Astro `APIContext` { request, cookies, url, params }: https://docs.astro.build/en/reference/api-reference/
 * - Next.js pages `getServerSideProps({ req, query, params })`: https://nextjs.org/docs/pages/api-reference/functions/get-server-side-props
 * `request`, `req` and `event` count wherever they are destructured from a parameter; the others only in a handler
 * (ROUTE_HANDLER_NAMES, REQUEST_EVENT_TYPE_NAMES).
 */
export const REQUEST_EVENT_MEMBERS: ReadonlyMap<string, RequestPart> = new Map<string, RequestPart>([
  ['request', 'request'],
  ['req', 'request'],
  ['event', 'request'],
  ['url', 'url'],
  ['cookies', 'data'],
  ['headers', 'data'],
  ['query', 'data'],
  ['params', 'data'],
]);

/** Types of a handler's argument (or of the handler itself) in those frameworks. */
export const REQUEST_EVENT_TYPE_NAMES: ReadonlySet<string> = new Set([
  'LoaderFunctionArgs',
  'ActionFunctionArgs',
  'LoaderArgs',
  'ActionArgs',
  'LoaderFunction',
  'ActionFunction',
  'DataFunctionArgs',
  'RequestEvent',
  'ServerLoadEvent',
  'PageServerLoadEvent',
  'LayoutServerLoadEvent',
  'RequestHandler',
  'PageServerLoad',
  'LayoutServerLoad',
  'Actions',
  'Handle',
  'ServerLoad',
  'APIContext',
  'APIRoute',
  'AstroGlobal',
  'GetServerSidePropsContext',
  'GetServerSideProps',
]);

/**
 * Globals that are the incoming request in the server-side code of a component file: Astro's `Astro` (AstroGlobal:
 * `Astro.request`, `Astro.url`, `Astro.cookies`, `Astro.params`) in a page's frontmatter, which runs on the server for
 * each request (https://docs.astro.build/en/reference/api-reference/#astro-global). `moduleBlockOnly`: only in the
 * file's module block (the frontmatter); an Astro `<script>` is a browser module of its own, without the global.
 */
export const REQUEST_GLOBALS: readonly { name: string; extension: string; moduleBlockOnly: boolean }[] = [{ name: 'Astro', extension: '.astro', moduleBlockOnly: true }];

/**
 * Route modules whose path is their route (file-based routing): the route, from the first capture group.
 * Next.js app router `app/api/share/[slug]/route.ts` (https://nextjs.org/docs/app/building-your-application/routing/route-handlers),
 * Next.js pages `pages/api/auth/login.ts`, SvelteKit `routes/api/login/+server.ts`.
 */
export const FILE_ROUTE_PATTERNS: readonly RegExp[] = [/(?:^|\/)app(\/.*)\/route\.[cm]?[jt]sx?$/, /(?:^|\/)pages(\/api\/.*)\.[cm]?[jt]sx?$/, /(?:^|\/)routes(\/.*)\/\+server\.[jt]s$/];

/** Names under which those frameworks call a handler (exported functions of route modules, SvelteKit `actions`). */
export const ROUTE_HANDLER_NAMES: ReadonlySet<string> = new Set([
  'loader',
  'action',
  'load',
  'actions',
  'handle',
  'getServerSideProps',
  'middleware',
  'onRequest',
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'ALL',
]);

/**
 * Functions returning a container of the current request's data: Next.js `cookies()` and `headers()` from next/headers
 * (awaited in Next 15): https://nextjs.org/docs/app/api-reference/functions/cookies
 */
export const REQUEST_DATA_FUNCTIONS: readonly { module: string; name: string }[] = [
  { module: 'next/headers', name: 'cookies' },
  { module: 'next/headers', name: 'headers' },
];

/**
 * Node's legacy URL parser (https://nodejs.org/api/url.html#urlparseurlstring-parsequerystring-slashesdenotehost):
 * `url.parse(req.url, true)` over the request's URL returns an object whose `query` member is the parsed query string.
 */
export const URL_PARSERS: readonly { modules: readonly string[]; name: string }[] = [{ modules: ['url', 'node:url'], name: 'parse' }];
/** The member of a parsed URL that holds its query parameters. */
export const PARSED_URL_QUERY_MEMBER = 'query';
/**
 * Query-string parsers given a URL's text (`querystring.parse(req.url.split('?')[1])`, qs, query-string): the
 * result holds the query's parameters ('url-query' when the text is the request's URL).
 */
export const QUERY_STRING_PARSERS: readonly { modules: readonly string[]; name: string }[] = [
  { modules: ['querystring', 'node:querystring'], name: 'parse' },
  { modules: ['querystring', 'node:querystring'], name: 'decode' },
  { modules: ['qs'], name: 'parse' },
  { modules: ['query-string'], name: 'parse' },
];
/** Members of a URL (parsed, or the request's `url` text) that are its text again, the query included. */
export const URL_TEXT_MEMBERS: ReadonlySet<string> = new Set(['search', 'href']);

/**
 * Methods whose result is the incoming request: NestJS guards and interceptors read it with
 * `context.switchToHttp().getRequest()`.
 */
export const REQUEST_FACTORY_METHODS: ReadonlySet<string> = new Set(['getRequest']);

/**
 * Parameter decorators that inject request data into a handler parameter (NestJS): decorator name → the
 * request member it reads. `@Headers('authorization') auth` is that header; `@Req() req` the whole request.
 */
export const REQUEST_PARAMETER_DECORATORS: ReadonlyMap<string, string | undefined> = new Map<string, string | undefined>([
  ['Req', undefined],
  ['Request', undefined],
  ['Headers', 'headers'],
  ['Query', 'query'],
  ['Body', 'body'],
  ['Param', 'params'],
  ['Cookies', 'cookies'],
  // @nestjs/graphql: a resolver's arguments are what the client sent in the operation (as a body)
  ['Args', 'body'],
]);

/**
 * Members of a request that hold what the client put in the URL: the query string (`req.query`, `url.searchParams`)
 * and route parameters (`req.params`). A token read there came in a URL already.
 */
export const REQUEST_URL_DATA_MEMBERS: ReadonlySet<string> = new Set(['query', 'params', 'searchParams']);

/** Methods of a Fetch API request that return the body the client sent (`await request.json()`). */
export const REQUEST_BODY_METHODS: ReadonlySet<string> = new Set(['json', 'formData']);

/**
 * Members of a request that hold its credentials among other values (`req.headers` holds the Authorization header,
 * `req.cookies` the session cookie): logged whole, they log the token.
 */
export const REQUEST_CREDENTIAL_CONTAINERS: ReadonlySet<string> = new Set(['headers', 'cookies']);

/** Member names on a request that carry client-controlled data. */
export const REQUEST_DATA_MEMBERS: ReadonlySet<string> = new Set([
  'headers',
  'header',
  'cookies',
  'signedCookies',
  'query',
  'body',
  'params',
  'queryStringParameters',
  'authorization',
  // AWS API Gateway TOKEN authorizers: the event's copy of the token header
  // (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html)
  'authorizationToken',
  // Hapi: the parsed body (https://hapi.dev/api/#-requestpayload)
  'payload',
]);

/** Methods that read client-controlled data from a request or its headers/cookies (`req.get('Authorization')`). */
export const REQUEST_READ_METHODS: ReadonlySet<string> = new Set(['header', 'get', 'getHeader', 'cookie', 'query', 'param', 'json']);

/** Header names that carry a bearer token. */
export const TOKEN_HEADER_NAMES: ReadonlySet<string> = new Set(['authorization', 'x-access-token', 'x-auth-token', 'x-jwt', 'x-id-token', 'proxy-authorization']);

/**
 * Text of a module that builds credential headers: a token header named as a key or in quotes (`'x-access-token'`,
 * `Authorization: \`Bearer ${t}\``). A request given headers by a call into such a module carries its token.
 */
export const CREDENTIAL_HEADER_TEXT = new RegExp(`(?:['"\`]|\\b)(?:${[...TOKEN_HEADER_NAMES].join('|')})['"\`]?\\s*:|['"\`](?:${[...TOKEN_HEADER_NAMES].join('|')})['"\`]|\\bBearer\\b`, 'i');
/** A request's headers made by a call (`{ headers: authHeader() }`, `headers: { ...authHeaders() }`). */
export const HEADERS_FROM_CALL_TEXT = /\bheaders\s*:\s*(?:\{\s*\.\.\.\s*)?(?:this\.)?[\w$.]+\s*\(/;

/** Field names of auth responses (login, refresh, OAuth token endpoint) that hold a token. */
export const TOKEN_FIELD_NAMES: ReadonlySet<string> = new Set([
  'token',
  'accesstoken',
  'access_token',
  'idtoken',
  'id_token',
  'refreshtoken',
  'refresh_token',
  'jwt',
  'jwttoken',
  'authtoken',
  'auth_token',
  'bearertoken',
  'sessiontoken',
  'session_token',
]);

/**
 * Words that name a value meant to be seen (`publicKey`, `publishableKey`, `anonKey`): an API key pair's public half or a
 * client-side key, not a secret, even when it travels in an Authorization header (`Bearer pk-...`).
 */
const PUBLIC_VALUE_WORDS: ReadonlySet<string> = new Set(['public', 'publishable', 'anon']);

/** Does the name say the value is public (`publicKey`, `public_key`, `publishableKey`)? */
export function namesPublicValue(name: string): boolean {
  return claimWords(name).some((word) => PUBLIC_VALUE_WORDS.has(word));
}

/** Words that make a name something other than an auth token even though it says "token". */
const NON_AUTH_TOKEN_WORDS: ReadonlySet<string> = new Set([
  'csrf',
  'xsrf',
  'page',
  'next',
  'continuation',
  'cursor',
  'push',
  'device',
  'fcm',
  'apns',
  'reset',
  'verification',
  'verify',
  'invite',
  'invitation',
  'confirmation',
  'captcha',
  'recaptcha',
  'unsubscribe',
  'sync',
  'cancel',
  'cancellation',
  // counts of language-model tokens (`maxTokens`, `promptTokens`, `completion_tokens`, `totalTokens`)
  'max',
  'min',
  'total',
  'count',
  'num',
  'limit',
  'prompt',
  'completion',
  'usage',
  'used',
  'remaining',
  'reasoning',
  'cached',
]);

/** Functions and clients whose results are HTTP responses: the HTTP clients' names (./http-clients.ts) and conventional ones. */
export const HTTP_CLIENT_NAMES: ReadonlySet<string> = new Set([...HTTP_CLIENTS.flatMap((client) => client.names), ...CONVENTIONAL_CLIENT_NAMES]);
/** Packages whose import is an HTTP client, whatever the local name (`import Axios from 'axios'`). */
export const HTTP_CLIENT_MODULES: ReadonlySet<string> = new Set(HTTP_CLIENTS.flatMap((client) => client.modules));

/** Call names that conventionally return an auth response (login, refresh, token exchange). */
export const AUTH_CALL_PATTERN = /(log_?in|sign_?in|authenticate|auth|refresh|token|session)/i;

/** One word of a URL path that names an auth endpoint (the words of AUTH_CALL_PATTERN, whole, maybe plural). */
const AUTH_ENDPOINT_WORD = new RegExp(`^(?:${AUTH_CALL_PATTERN.source})s?$`, 'i');

/**
 * Does a request URL or path name an auth endpoint (`/auth/login`, `/api/v1/sign-in`, `/oauth/token`, `/sessions`)? A
 * path segment's words (split at `-`, `_`, `.` and camelCase), or two adjacent ones (`sign-in`, `log_in`), must be
 * an auth word: `/authors` and `/tokenizer` are not.
 */
export function namesAuthEndpoint(url: string): boolean {
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').split(/[?#]/)[0];
  return path.split('/').some((segment) => {
    const words = segment
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean);
    return words.some((word, i) => AUTH_ENDPOINT_WORD.test(word) || (i + 1 < words.length && AUTH_ENDPOINT_WORD.test(word + words[i + 1])));
  });
}

/** Response members that hold the parsed body. */
export const RESPONSE_BODY_MEMBERS: ReadonlySet<string> = new Set(['data', 'body']);

/** Auth words written run together with "token" in one lowercase key (`accesstoken`, `sessiontoken`, `authtoken`). */
const RUN_TOGETHER_TOKEN = /^(access|auth|session|id|refresh|bearer|user|login|api)(tokens?)$/;

/** `['accesstoken']` → `['access', 'token']`: a one-word name that runs an auth word and "token" together. */
function splitRunTogetherToken(words: string[]): string[] {
  const match = words.length === 1 ? RUN_TOGETHER_TOKEN.exec(words[0]) : null;
  return match ? [match[1], match[2]] : words;
}

/** Last words of a name that hold several tokens of one kind together (`tokenPair`). */
const TOKEN_HOLDER_WORDS: ReadonlySet<string> = new Set(['pair', 'pairs']);

/**
 * Does a storage key, cookie name or variable name name an auth token? `token`, `accessToken`,
 * `app.jwt`, `id_token`, `accesstoken`, `tokenPair` do; `csrfToken`, `nextPageToken`, `search.tokenizer` don't.
 */
/** A version word at the end of a name (`v2`, `v10`). */
const VERSION_WORD = /^v\d+$/;

export function namesAuthToken(name: string): boolean {
  const words = splitRunTogetherToken(
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean),
  );
  // `auth_token_v2`, `accessTokenV1`: a version suffix names the same token
  while (words.length > 1 && VERSION_WORD.test(words[words.length - 1])) words.pop();
  if (words.length === 0) return false;
  // `tokenPair`, `jwt_pair`: the access and refresh tokens kept together
  if (words.length > 1 && TOKEN_HOLDER_WORDS.has(words[words.length - 1])) words.pop();
  const last = words[words.length - 1];
  if (last === 'jwt' || last === 'jwts') return true;
  if (last !== 'token' && last !== 'tokens') {
    // "jwt_payload" / "tokenizer" are not tokens; "bearer" alone is
    return last === 'bearer';
  }
  return !words.slice(0, -1).some((word) => NON_AUTH_TOKEN_WORDS.has(word));
}

/**
 * Hooks of HTTP clients whose callback receives an OUTGOING request's configuration (the clients' `requestHook`,
 * ./http-clients.ts): the value of a bearer header read from that configuration is the token the client sends.
 * - `modules`: packages whose import (or an instance made by `factories` on it) is the client;
 * - `path`: members from the client to the registration method;
 * - `callbackArg` / `parameter`: which argument is the hook and which of its parameters the configuration;
 * - `headers`: members from the configuration to its header map.
 */
export interface OutgoingRequestHook {
  modules: readonly string[];
  factories: readonly string[];
  path: readonly string[];
  callbackArg: number;
  parameter: number;
  headers: readonly string[];
}

export const OUTGOING_REQUEST_HOOKS: readonly OutgoingRequestHook[] = HTTP_CLIENTS.flatMap((client) =>
  client.requestHook ? [{ modules: client.modules, factories: factoryNames(client), ...client.requestHook, headers: [REQUEST_HEADERS_FIELD] }] : [],
);

/**
 * Query parameter names that carry a credential whatever their value (OAuth 2.0 RFC 6749 §4, RFC 6750 §2.3,
 * OpenID Connect): in the URL of an outgoing request they end up in access logs of every proxy and server on
 * the way, even when the value's origin cannot be traced.
 */
export const CREDENTIAL_QUERY_PARAMETERS: ReadonlySet<string> = new Set(['access_token', 'refresh_token', 'id_token', 'client_secret']);
/** Those that are the client's own secret, never allowed in a request URI whatever their value (RFC 6749 §2.3.1). */
export const CLIENT_SECRET_QUERY_PARAMETERS: ReadonlySet<string> = new Set(['client_secret']);

/**
 * Route guards: code that runs before a handler and stops the request when it fails.
 * - Express / Koa-router / Fastify-style registration: `app.get(path, auth, handler)`, `router.use(auth)` (then
 *   every route registered on that router after it). `routeMethods` register a handler after its middlewares;
 *   `mountMethods` mount a middleware for the routes registered later on the same object. A middleware's
 *   `next` is its last parameter (Express `(req, res, next)`, Koa `(ctx, next)`): calling it in the failure path
 *   lets the request through.
 * - NestJS: `@UseGuards(Guard, ...)` on a controller class or a handler method; the guard's `canActivate(context)`
 *   returns false or throws to stop the request (https://docs.nestjs.com/guards).
 */
/**
 * Response and process methods that only report a failure or end the run (`res.status(401)`, `ctx.throw(401)`,
 * `reply.code(401)`, `process.exit(1)`, a promise's `reject`): a call of one after a verification does not carry the
 * request on, unlike `res.json(...)` or `next()`.
 */
export const FAILURE_RESPONSE_METHODS: ReadonlySet<string> = new Set(['status', 'sendStatus', 'writeHead', 'code', 'throw', 'abort', 'exit', 'reject']);

export const ROUTE_GUARDS = {
  routeMethods: new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options']),
  mountMethods: new Set(['use']),
  guardDecorators: new Set(['UseGuards']),
  guardMethods: new Set(['canActivate']),
  /**
   * Guards made for a named authentication strategy (@nestjs/passport `AuthGuard('jwt')`, also as a base class:
   * `class JwtGuard extends AuthGuard('jwt') {}`): they verify when a verifying strategy has that name
   * (LibraryModel `strategyName`). https://docs.nestjs.com/recipes/passport
   */
  strategyGuards: [{ module: '@nestjs/passport', path: ['AuthGuard'], nameArg: 0 }],
  /**
   * Factories of parameter decorators (`createParamDecorator((data, ctx) => ctx.switchToHttp().getRequest()...)`):
   * the request the factory reads is that of the handlers whose parameters carry the decorator.
   * https://docs.nestjs.com/custom-decorators#param-decorators
   */
  paramDecoratorFactories: [{ module: '@nestjs/common', path: ['createParamDecorator'] }],
} as const;
