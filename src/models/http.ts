/**
 * Knowledge about web frameworks and HTTP clients that token provenance needs: how an incoming request
 * is named and read (express, koa, fastify, Next.js, hono), and what an auth response looks like.
 */

/** Parameter names that conventionally hold the incoming request in handlers and middleware. */
export const REQUEST_PARAMETER_NAMES: ReadonlySet<string> = new Set(['req', 'request', 'ctx', 'context', 'event', 'c']);

/** Type names that mark a parameter as an incoming request. */
export const REQUEST_TYPE_NAMES: ReadonlySet<string> = new Set([
  'Request', 'NextRequest', 'FastifyRequest', 'IncomingMessage', 'Context', 'ExpressRequest', 'KoaContext',
  'ParameterizedContext', 'APIGatewayProxyEvent', 'NextApiRequest', 'HonoRequest',
]);

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
  ['Req', undefined], ['Request', undefined], ['Headers', 'headers'], ['Query', 'query'], ['Body', 'body'], ['Param', 'params'], ['Cookies', 'cookies'],
]);

/** Member names on a request that carry client-controlled data. */
export const REQUEST_DATA_MEMBERS: ReadonlySet<string> = new Set([
  'headers', 'header', 'cookies', 'signedCookies', 'query', 'body', 'params', 'queryStringParameters', 'authorization',
]);

/** Methods that read client-controlled data from a request or its headers/cookies (`req.get('Authorization')`). */
export const REQUEST_READ_METHODS: ReadonlySet<string> = new Set(['header', 'get', 'getHeader', 'cookie', 'query', 'param', 'json']);

/** Header names that carry a bearer token. */
export const TOKEN_HEADER_NAMES: ReadonlySet<string> = new Set(['authorization', 'x-access-token', 'x-auth-token', 'x-jwt', 'x-id-token', 'proxy-authorization']);

/** Field names of auth responses (login, refresh, OAuth token endpoint) that hold a token. */
export const TOKEN_FIELD_NAMES: ReadonlySet<string> = new Set([
  'token', 'accesstoken', 'access_token', 'idtoken', 'id_token', 'refreshtoken', 'refresh_token', 'jwt', 'jwttoken',
  'authtoken', 'auth_token', 'bearertoken', 'sessiontoken', 'session_token',
]);

/** Words that make a name something other than an auth token even though it says "token". */
export const NON_AUTH_TOKEN_WORDS: ReadonlySet<string> = new Set([
  'csrf', 'xsrf', 'page', 'next', 'continuation', 'cursor', 'push', 'device', 'fcm', 'apns', 'reset', 'verification',
  'verify', 'invite', 'invitation', 'confirmation', 'captcha', 'recaptcha', 'unsubscribe', 'sync', 'cancel', 'cancellation',
]);

/** Functions and clients whose results are HTTP responses. */
export const HTTP_CLIENT_NAMES: ReadonlySet<string> = new Set([
  'fetch', 'axios', 'got', 'ky', 'superagent', 'request', 'http', 'https', '$http', 'ofetch', '$fetch', 'api', 'client', 'apiClient', 'httpClient',
]);

/** Call names that conventionally return an auth response (login, refresh, token exchange). */
export const AUTH_CALL_PATTERN = /(log_?in|sign_?in|authenticate|auth|refresh|token|session)/i;

/** Response members that hold the parsed body. */
export const RESPONSE_BODY_MEMBERS: ReadonlySet<string> = new Set(['data', 'body']);

/**
 * Does a storage key, cookie name or variable name name an auth token? `token`, `accessToken`,
 * `app.jwt`, `id_token` do; `csrfToken`, `nextPageToken`, `search.tokenizer` don't.
 */
export function namesAuthToken(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.length === 0) return false;
  const last = words[words.length - 1];
  if (last === 'jwt' || last === 'jwts') return true;
  if (last !== 'token' && last !== 'tokens') {
    // "jwt_payload" / "tokenizer" are not tokens; "bearer" alone is
    return last === 'bearer';
  }
  return !words.slice(0, -1).some((word) => NON_AUTH_TOKEN_WORDS.has(word));
}

/**
 * Hooks of HTTP clients whose callback receives an OUTGOING request's configuration (axios
 * `axios.interceptors.request.use(config => ...)`, also on instances made with `axios.create()`): the value of a
 * bearer header read from that configuration (`config.headers.Authorization`) is the token the client sends.
 * - `modules`: packages whose import (or an instance made by `factories` on it) is the client;
 * - `path`: members from the client to the registration method;
 * - `callbackArg` / `parameter`: which argument is the hook and which of its parameters the configuration;
 * - `headers`: members from the configuration to its header map.
 * Docs: https://axios-http.com/docs/interceptors
 */
export interface OutgoingRequestHook {
  modules: readonly string[];
  factories: readonly string[];
  path: readonly string[];
  callbackArg: number;
  parameter: number;
  headers: readonly string[];
}

export const OUTGOING_REQUEST_HOOKS: readonly OutgoingRequestHook[] = [
  { modules: ['axios'], factories: ['create'], path: ['interceptors', 'request', 'use'], callbackArg: 0, parameter: 0, headers: ['headers'] },
];
