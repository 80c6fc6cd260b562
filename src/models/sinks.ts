import { STORAGE_BINDING_TEXT } from './stores.js';
import { COOKIE_LIBRARY_SETTERS, SCRIPT_COOKIE_MODULES } from './cookie-libraries.js';
import { DATA_FETCHING_HOOKS, PROJECT_DATA_HOOK } from './data-fetching.js';
import { libraryModels } from './index.js';
import type { QueryTokenExtractorModel } from './types.js';
import { BEARER_EXTRACTORS } from './token-extractors.js';
import { HTTP_CLIENTS, instanceRequestMethods, REQUEST_HEADERS_FIELD, type RequestForm } from './http-clients.js';
import { escapeRegExp } from './regexp.js';

/**
 * Where a token must not go: browser storage and logging APIs, as data. The facts layer turns calls and
 * assignments matching these into token sinks; rules decide whether the value written is a token.
 */

/**
 * Text near which the word "token" may be a leak (the prefilter's second test, src/engine/prefilter.ts): the places
 * tokens leak to — query strings, web storage, cookies, persisted stores, logs, redirects, page URLs, outgoing
 * requests (fetch, axios, got, node's http(s).request), headers and response bodies. A superset of what the sink
 * models below recognise, written as text fragments because the test runs before parsing.
 */
export const TOKEN_LEAK_CONTEXT_TEXT: readonly string[] = [
  '\\.query\\b',
  'localStorage',
  'sessionStorage',
  // values bound to a storage key (STORAGE_BINDINGS in ./stores.ts): useStorage, useCookie, persisted, LocalStorageService, ...
  STORAGE_BINDING_TEXT,
  'document\\.cookie',
  '\\.cookie\\(',
  '[Cc]ookie',
  'Set-Cookie',
  'setCookie',
  'persist',
  'console\\.',
  'logger',
  '\\blog\\b',
  '\\.log\\(',
  'redirect',
  '[Ss]earchParams',
  'useParams',
  'useRoute\\b',
  '\\$route',
  'useLocation',
  'location\\.(?:search|hash|href)',
  'page\\.url',
  '[?&]\\w*token\\w*=',
  'fetch\\(',
  'axios',
  'socket\\.io-client',
  'got\\(',
  'https?\\.request',
  'headers',
  '\\.json\\(\\)',
  '\\.data\\b',
  // bearer extractors configured to read the query string (`new Bearer({ query: 'access_token' })`)
  ...BEARER_EXTRACTORS.map((extractor) => `['"]${extractor.module}['"]`),
  // responses reaching code through data-fetching hooks: their callbacks and triggers (`onSuccess`, `mutateAsync`)
  ...new Set(
    [...DATA_FETCHING_HOOKS, PROJECT_DATA_HOOK].flatMap((hook) => [...hook.callbacks, ...hook.triggers].filter((name) => /^[A-Za-z]\w*$/.test(name)).map((name) => `\\b${name}\\b`)),
  ),
];

/** Browser storage objects (also reached as `window.localStorage`, `globalThis.sessionStorage`). */
export const WEB_STORAGE_OBJECTS: ReadonlySet<string> = new Set(['localStorage', 'sessionStorage']);
export const GLOBAL_OBJECTS: ReadonlySet<string> = new Set(['window', 'globalThis', 'self']);
/** Services that are the window, injected by name: AngularJS `$window` (https://docs.angularjs.org/api/ng/service/$window). */
export const WINDOW_SERVICES: ReadonlySet<string> = new Set(['$window']);
export const WEB_STORAGE_WRITE_METHOD = 'setItem';
/** `localStorage.getItem(key)`: a value read back from web storage. */
export const WEB_STORAGE_READ_METHOD = 'getItem';
/** The DOM interface of localStorage and sessionStorage: a parameter or class member typed `Storage` holds one of them. */
export const WEB_STORAGE_TYPE = 'Storage';

/** Logging methods shared by console and the common loggers. */
export const LOG_METHODS: ReadonlySet<string> = new Set([
  'log',
  'info',
  'warn',
  'warning',
  'error',
  'debug',
  'trace',
  'fatal',
  'verbose',
  'silly',
  'dir',
  'table',
  'notice',
  'critical',
  'http',
]);

/** Logger packages: any value made from these modules (factory result, instance) is a logger. */
export const LOGGER_PACKAGES: ReadonlySet<string> = new Set([
  'pino',
  'winston',
  'bunyan',
  'log4js',
  'debug',
  'signale',
  'consola',
  'loglevel',
  'roarr',
  'npmlog',
  'tslog',
  'pino-http',
  'morgan',
]);

/** Logger classes of frameworks: module → exported class names. */
export const LOGGER_CLASSES: ReadonlyMap<string, ReadonlySet<string>> = new Map([['@nestjs/common', new Set(['Logger', 'ConsoleLogger'])]]);

/** Packages whose default export, once called, is itself a log function (`const log = debug('app'); log(x)`). */
export const CALLABLE_LOGGER_PACKAGES: ReadonlySet<string> = new Set(['debug']);

/**
 * Request loggers configured by a format string (morgan, https://github.com/expressjs/morgan#tokens): a format that
 * prints a credential header (`:req[authorization]`) writes every request's token to the log.
 */
export const REQUEST_LOG_FORMATS: readonly { module: string; formatArg: number }[] = [{ module: 'morgan', formatArg: 0 }];
export const LOGGED_CREDENTIAL_HEADER = /:req\[(authorization|proxy-authorization|cookie|x-access-token|x-auth-token)\]/i;

/**
 * Logger methods that make a child logger whose bindings are written with EVERY later line (pino / winston / bunyan
 * `logger.child({ requestId })`): a token bound there is logged as often as the child is used.
 */
export const LOGGER_CHILD_METHODS: ReadonlySet<string> = new Set(['child']);

/** The global console; also reached through an alias (`const out = console`) or one of its methods (`const log = console.log`, `const { warn } = console`). */
export const CONSOLE_OBJECT = 'console';

/** Conventional names of logger objects (injected loggers, `req.log` of pino-http / fastify). */
export const LOGGER_NAMES: ReadonlySet<string> = new Set(['logger', 'log', 'LOGGER', 'Logger', 'console']);

// ---------------------------------------------------------------------------------------------------------------
// Cookies set by the server (Set-Cookie). Where each framework takes the name, value and options, and what it
// does when an attribute is left out.
// ---------------------------------------------------------------------------------------------------------------

/**
 * What a framework does with an attribute the caller leaves out: `true`/`false`, or `'auto'` when it depends on the
 * connection (koa's `cookies` sets `secure` when the request arrived over TLS or a trusted proxy says so).
 */
export type CookieDefault = boolean | 'auto';

export interface CookieSetterModel {
  id: string;
  /** Label of the API in messages. */
  api: string;
  /**
   * How the call is recognised:
   * - `library`: the callee resolves to `module` at `path` (a trailing `*` matches any remaining steps before `suffix`);
   * - `method`: a call of `method` on a receiver whose root is one of `receiverNames` / typed `receiverTypes`, reached
   *   through `receiverMembers` (e.g. `ctx.cookies.set`: members ['cookies']).
   */
  match:
    | { kind: 'library'; modules: readonly string[]; prefix: readonly string[]; suffix: readonly string[] }
    | { kind: 'method'; method: string; receiverNames: ReadonlySet<string>; receiverTypes: ReadonlySet<string>; receiverMembers: readonly string[] }
    /** The callee's trailing names, whatever the receiver: a library's own global (vue-cookies `this.$cookies.set`). */
    | { kind: 'members'; members: readonly string[] }
    /**
     * Any other package whose name contains `nameContains` (forks and look-alikes of the libraries above: ngy-cookie,
     * @ngx-utils/cookie), called at one of `methods` (the last step of the callee's path), except `exceptModules`
     * (server-side cookie packages) and the packages another setter models.
     */
    | { kind: 'package-pattern'; nameContains: string; methods: readonly string[]; exceptModules: readonly string[] };
  nameArg: number;
  valueArg: number;
  optionsArg: number;
  /** `set({ name, value, httpOnly, ... })`: one object carries name, value and attributes. */
  objectForm?: boolean;
  defaults: { httpOnly: CookieDefault; secure: CookieDefault };
  /**
   * Where the cookie is written. `'server'` (default): a Set-Cookie header, whose attributes insecure-token-cookie
   * checks. `'script'`: `document.cookie` in the browser, never HttpOnly (a script cookie: token-in-web-storage).
   * `serverWhen`: on the server when argument `arg` is an object with one of `properties` (cookies-next `{ req, res }`)
   * or, without `properties`, when it is present and not null, undefined or `{}` (nookies `setCookie(ctx, ...)`);
   * from script when it is absent or empty; unknown (no sink) when it cannot be resolved.
   */
  runsIn?: 'server' | 'script' | { serverWhen: { arg: number; properties?: readonly string[] } };
  /**
   * A script cookie library's read by name, standing for the setter's last step (`Cookies.get('token')` beside
   * `Cookies.set`): what a cookie written from script holds, read back (a token source like `localStorage.getItem`).
   */
  reader?: string;
  /** Where the defaults are documented. */
  docs: string;
}

/** Names under which the attributes appear in option objects (identical across these frameworks). */
export const COOKIE_OPTION_NAMES = { httpOnly: 'httpOnly', secure: 'secure', sameSite: 'sameSite' } as const;

const RESPONSE_NAMES: ReadonlySet<string> = new Set(['res', 'response', 'resp']);
const REPLY_NAMES: ReadonlySet<string> = new Set(['reply', 'res', 'response']);
/** Names of a framework's context object: Koa's, and the context a GraphQL or RPC resolver is handed. */
const KOA_CONTEXT_NAMES: ReadonlySet<string> = new Set(['ctx', 'context']);

const FRAMEWORK_COOKIE_SETTERS: readonly CookieSetterModel[] = [
  {
    id: 'express',
    api: 'res.cookie',
    match: { kind: 'method', method: 'cookie', receiverNames: RESPONSE_NAMES, receiverTypes: new Set(['Response', 'ExpressResponse']), receiverMembers: [] },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 2,
    defaults: { httpOnly: false, secure: false },
    docs: 'https://expressjs.com/en/api.html#res.cookie',
  },
  ...['res', 'response'].map(
    (member): CookieSetterModel => ({
      // an Express response handed on in a context object: tRPC `createExpressContext({ req, res })`, Apollo Server
      // `context: ({ res }) => ({ res })`, NestJS GraphQL `@Context() ctx` (`ctx.res.cookie(...)`)
      id: 'express',
      api: `ctx.${member}.cookie`,
      match: { kind: 'method', method: 'cookie', receiverNames: KOA_CONTEXT_NAMES, receiverTypes: new Set(), receiverMembers: [member] },
      nameArg: 0,
      valueArg: 1,
      optionsArg: 2,
      defaults: { httpOnly: false, secure: false },
      docs: 'https://expressjs.com/en/api.html#res.cookie',
    }),
  ),
  {
    id: 'koa',
    api: 'ctx.cookies.set',
    match: { kind: 'method', method: 'set', receiverNames: KOA_CONTEXT_NAMES, receiverTypes: new Set(['Context', 'ParameterizedContext', 'KoaContext']), receiverMembers: ['cookies'] },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 2,
    // https://github.com/pillarjs/cookies#cookiesset-name--value---options--: httpOnly defaults to true, secure to "is the connection encrypted"
    defaults: { httpOnly: true, secure: 'auto' },
    docs: 'https://github.com/pillarjs/cookies#cookiesset-name--value---options--',
  },
  {
    id: 'fastify',
    api: 'reply.setCookie',
    match: { kind: 'method', method: 'setCookie', receiverNames: REPLY_NAMES, receiverTypes: new Set(['FastifyReply']), receiverMembers: [] },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 2,
    defaults: { httpOnly: false, secure: false },
    docs: 'https://github.com/fastify/fastify-cookie#sending',
  },
  {
    id: 'fastify',
    api: 'reply.cookie',
    match: { kind: 'method', method: 'cookie', receiverNames: new Set(['reply']), receiverTypes: new Set(['FastifyReply']), receiverMembers: [] },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 2,
    defaults: { httpOnly: false, secure: false },
    docs: 'https://github.com/fastify/fastify-cookie#sending',
  },
  {
    id: 'next',
    api: 'cookies().set',
    match: { kind: 'library', modules: ['next/headers'], prefix: ['cookies', '()'], suffix: ['set'] },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 2,
    objectForm: true,
    defaults: { httpOnly: false, secure: false },
    docs: 'https://nextjs.org/docs/app/api-reference/functions/cookies',
  },
  {
    id: 'next',
    api: 'response.cookies.set',
    match: { kind: 'library', modules: ['next/server'], prefix: ['NextResponse', '*'], suffix: ['cookies', 'set'] },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 2,
    objectForm: true,
    defaults: { httpOnly: false, secure: false },
    docs: 'https://nextjs.org/docs/app/api-reference/functions/next-response#setname-value',
  },
  {
    id: 'cookie',
    api: 'cookie.serialize',
    match: { kind: 'library', modules: ['cookie', 'cookie-es'], prefix: ['serialize'], suffix: [] },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 2,
    defaults: { httpOnly: false, secure: false },
    docs: 'https://github.com/jshttp/cookie#cookieserializename-value-options',
  },
  {
    id: 'hono',
    api: 'setCookie',
    match: { kind: 'library', modules: ['hono/cookie'], prefix: ['setCookie'], suffix: [] },
    nameArg: 1,
    valueArg: 2,
    optionsArg: 3,
    defaults: { httpOnly: false, secure: false },
    docs: 'https://hono.dev/docs/helpers/cookie',
  },
];

/** Every cookie setter: the frameworks' above, and the cookie libraries (src/models/cookie-libraries.ts). */
export const COOKIE_SETTERS: readonly CookieSetterModel[] = [...FRAMEWORK_COOKIE_SETTERS, ...COOKIE_LIBRARY_SETTERS];

/** Methods that set a response header by name (`res.setHeader('Set-Cookie', ...)`, `headers.append(...)`, `ctx.set(...)`). */
export const HEADER_SET_METHODS: ReadonlySet<string> = new Set(['setHeader', 'set', 'header', 'append', 'appendHeader']);
/** `res.writeHead(status, headers)`: index of the headers object. */
export const WRITE_HEAD_METHOD = 'writeHead';
export const SET_COOKIE_HEADER = 'set-cookie';
/**
 * Responses made with their headers (the Fetch API's `new Response(body, { headers })` and `Response.json(data, init)`,
 * Next.js `NextResponse`): a `Set-Cookie` key of the init's headers object is a cookie set by hand. `global`: the
 * runtime's class, used without an import; otherwise imported from `modules`.
 */
export const RESPONSE_CLASSES: readonly { name: string; global: boolean; modules: readonly string[]; initArg: number; staticMethods: readonly string[] }[] = [
  { name: 'Response', global: true, modules: [], initArg: 1, staticMethods: ['json'] },
  { name: 'NextResponse', global: false, modules: ['next/server'], initArg: 1, staticMethods: ['json'] },
];
/** The member of a response init that holds its headers. */
export const RESPONSE_INIT_HEADERS = 'headers';
/** A Set-Cookie header written by hand has the browser's defaults: neither HttpOnly nor Secure. */
export const SET_COOKIE_HEADER_DEFAULTS = { httpOnly: false, secure: false } as const;

// ---------------------------------------------------------------------------------------------------------------
// Tokens in URLs
// ---------------------------------------------------------------------------------------------------------------

/** Constructors of query strings and the methods that add a parameter to one. */
export const QUERY_STRING_CLASS = 'URLSearchParams';
export const QUERY_STRING_ADD_METHODS: ReadonlySet<string> = new Set(['set', 'append']);
/**
 * Library functions that build a query string from an object (`qs.stringify({ token })`): the argument holding the
 * object, and for querystringify the one that may hold a prefix (`'?'`, `'#'` or `true` for `'?'`).
 */
export const QUERY_STRING_BUILDERS: readonly { modules: readonly string[]; path: readonly string[]; objectArg: number; prefixArg?: number; docs: string }[] = [
  { modules: ['querystring', 'node:querystring'], path: ['stringify'], objectArg: 0, docs: 'https://nodejs.org/api/querystring.html#querystringstringifyobj-sep-eq-options' },
  { modules: ['querystring', 'node:querystring'], path: ['encode'], objectArg: 0, docs: 'https://nodejs.org/api/querystring.html#querystringencode' },
  { modules: ['qs'], path: ['stringify'], objectArg: 0, docs: 'https://github.com/ljharb/qs#stringifying' },
  { modules: ['query-string'], path: ['stringify'], objectArg: 0, docs: 'https://github.com/sindresorhus/query-string#stringifyobject-options' },
  { modules: ['querystringify'], path: ['stringify'], objectArg: 0, prefixArg: 1, docs: 'https://github.com/unshiftio/querystringify#qsstringify' },
];
/** Member of a URL object that is its query string. */
export const URL_SEARCH_PARAMS_MEMBER = 'searchParams';
/** Member of a URL object that is its whole text (`fetch(url.href)`). */
export const URL_HREF_MEMBER = 'href';
/**
 * A bare `#` before a value is a URL fragment only after URL text: literal text holding one of these characters
 * (`/welcome#`, `https:`), or a value whose name says it is a URL (`${redirectUrl}#${t}`). Otherwise `#` is a
 * separator (`${userId}#${token}`, a cache key).
 */
export const URL_TEXT_MARKS: readonly string[] = ['/', ':', '?'];
export const URL_VALUE_NAME = /(?:url|uri|href|link|redirect(?:to)?|location|origin|callback|endpoint)$/i;
/** Methods that read a setting by its key (`nconf.get('url')`, `config.get('app.baseUrl')`): the value goes by the key's last segment. */
export const KEYED_READ_METHODS: ReadonlySet<string> = new Set(['get', 'getOrThrow']);

/**
 * A file-system route's dynamic segment, which the framework puts into the request's query object with the query
 * string's parameters (Next.js pages router: `pages/api/deploy/[refreshToken].ts` gives `req.query.refreshToken`,
 * https://nextjs.org/docs/pages/building-your-application/routing/dynamic-routes): a field of that name comes from
 * the URL's path. Group 1 is the segment's name (`[id]`, `[...slug]`, `[[...slug]]`).
 */
export const QUERY_ROUTE_SEGMENT = /^\[{1,2}(?:\.\.\.)?([A-Za-z_$][\w$]*)\]{1,2}$/;

/** Members of an incoming request that hold the parsed query string (express/koa/fastify `query`, API Gateway). */
export const REQUEST_QUERY_MEMBERS: ReadonlySet<string> = new Set(['query', 'queryStringParameters']);
/** Methods reading one query parameter (hono `c.req.query('token')`). */
export const REQUEST_QUERY_METHODS: ReadonlySet<string> = new Set(['query']);
/** Members of an incoming request that hold its URL (Next.js `req.nextUrl`, `new URL(req.url)`, Express `req.originalUrl`). */
export const REQUEST_URL_MEMBERS: ReadonlySet<string> = new Set(['nextUrl', 'url', 'originalUrl']);

/** Library functions that configure a server to accept a token from the query string: the library models' `queryTokenExtractors`, per package. */
export const QUERY_TOKEN_EXTRACTORS: readonly (QueryTokenExtractorModel & { module: string })[] = [
  ...libraryModels.flatMap((library) => (library.queryTokenExtractors ?? []).flatMap((extractor) => library.packages.map((module) => ({ module, ...extractor })))),
  ...BEARER_EXTRACTORS,
];

// ---------------------------------------------------------------------------------------------------------------
// Outgoing HTTP requests
// ---------------------------------------------------------------------------------------------------------------

/** One way to send a request with one of the HTTP clients (./http-clients.ts): the request-sink view of that table. */
export interface RequestClientModel extends RequestForm {
  id: string;
  modules: readonly string[];
  global?: string;
}

export const REQUEST_CLIENTS: readonly RequestClientModel[] = HTTP_CLIENTS.flatMap((client) =>
  (client.requests ?? []).map((form) => ({ id: client.id, modules: client.modules, ...(client.global ? { global: client.global } : {}), ...form })),
);

/** Methods that redirect the client to a URL (express/koa/fastify `redirect`, Next.js `NextResponse.redirect`). */
export const REDIRECT_METHODS: ReadonlySet<string> = new Set(['redirect']);

export { REQUEST_HEADERS_FIELD };
/** `new Headers({...})`: the init object carries the headers. */
export const HEADERS_CLASS = 'Headers';
/** Methods of an axios/got instance that send a request (and calling it): the instance's base URL and default headers apply. */
export const INSTANCE_REQUEST_METHODS: ReadonlySet<string> = new Set(['()', ...HTTP_CLIENTS.flatMap(instanceRequestMethods)]);
/** `instance.defaults.headers.common.Authorization = ...` (axios): default headers assigned after creation. */
export const DEFAULT_HEADERS_PATH: readonly string[] = ['defaults', 'headers'];

/** Writes to browser storage a helper module may make (web storage, script cookies): a module naming a token that imports one may store it. */
export const STORAGE_HOLDER_TEXT = new RegExp(['\\b(?:localStorage|sessionStorage)\\b|document\\.cookie', `['"\`](?:${SCRIPT_COOKIE_MODULES.map(escapeRegExp).join('|')})['"\`]`].join('|'));

/**
 * Writes a helper module must make for its calls to be followed as token sinks (the callee gate's text test): browser
 * storage (above), console and logger calls. Narrow on purpose: every call of a module that passes this is summarised
 * (a wrapper of the helper one module further away is still followed).
 */
export const SINK_HOLDER_TEXT = new RegExp(`${STORAGE_HOLDER_TEXT.source}|\\bconsole\\.(?:log|info|warn|error|debug|trace)\\s*\\(|\\blogger\\.\\w+\\s*\\(`);
