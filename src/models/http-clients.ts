import type { AccessPath } from './types.js';

/**
 * HTTP clients, described once. Three views are derived from this table:
 * - request sinks (`REQUEST_CLIENTS`, `INSTANCE_REQUEST_METHODS` in ./sinks.ts): where a call's URL, configuration,
 *   base URL and headers are, so a token sent in a URL, over plain HTTP or in a header is seen;
 * - key sources (`KEY_SOURCE_CALLS` in ./key-sources.ts): the URL a call fetches, so a key fetched from a URL taken
 *   from a token's header is seen;
 * - outgoing-request hooks and client names (`OUTGOING_REQUEST_HOOKS`, `HTTP_CLIENT_NAMES` in ./http.ts): the
 *   interceptor that sees every request's headers, and the names under which a client's responses are read.
 */

/**
 * One way to send a request. `paths` are access paths after the package (a leading `default` is ignored, so ESM
 * default imports and CommonJS requires match the same entry); `'()'` marks a call result. `urlArg`/`configArg` index
 * the arguments; `urlField` names the URL field of the config object when the URL can be given there (axios `url`).
 */
export interface RequestForm {
  /** Label of the API in messages. */
  api: string;
  paths: readonly AccessPath[];
  urlArg?: number;
  configArg?: number;
  /** The first argument may be the config object itself when it is not a URL (axios(config), http.request(options)). */
  configFirstWhenObject?: boolean;
  /** Config fields giving the base URL that relative URLs are resolved against. */
  baseUrlFields: readonly string[];
  /** Config field naming the URL (axios `url`). */
  urlField?: string;
  /** For node's http module: the scheme is fixed by the module; the host comes from `host`/`hostname`. */
  scheme?: 'http' | 'https';
  /** With `scheme`: option fields naming the host (`{ hostname: 'api.example.com', path: '/x' }`). */
  hostFields?: readonly string[];
  /** Factories creating an instance whose config (base URL, default headers) applies to every call (axios.create). */
  factory?: boolean;
  /** Config fields whose object becomes the URL's query string (axios `params`, got/ky `searchParams`, socket.io `query`). */
  queryFields?: readonly string[];
}

export interface HttpClientModel {
  id: string;
  /** Packages the client is imported from. */
  modules: readonly string[];
  /** A global function that is the client (`fetch`). */
  global?: string;
  /** Names a program conventionally binds the client to (`axios`, `http`): a call on one returns a response. */
  names: readonly string[];
  /** Call forms whose URL, configuration and headers are modeled: they are request sinks and fetch their URL. */
  requests?: readonly RequestForm[];
  /**
   * Further exports that fetch the URL in their first argument, where the configuration is not modeled (key sources
   * only): superagent `get(url)`, needle, undici `request(url)`.
   */
  fetches?: readonly AccessPath[];
  /**
   * Hooks whose callback receives an OUTGOING request's configuration (axios `axios.interceptors.request.use(config =>
   * ...)`, also on instances the client's factory makes): the value of a bearer header read from that configuration
   * (`config.headers.Authorization`) is the token the client sends. `path`: members from the client to the registration
   * method; `callbackArg` / `parameter`: which argument is the hook and which of its parameters the configuration.
   * Docs: https://axios-http.com/docs/interceptors
   */
  requestHook?: { path: readonly string[]; callbackArg: number; parameter: number };
  /** Where the defaults are documented. */
  docs: string;
}

/** Config fields of a request's query-string object: axios (https://axios-http.com/docs/req_config), got and ky. */
const AXIOS_QUERY = ['params'];
const SEARCH_PARAMS = ['searchParams'];
const AXIOS_NO_BODY = ['get', 'delete', 'head', 'options'];
const AXIOS_BODY = ['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm'];
const GOT_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head'];
/** request (deprecated, still common): `request.get(...)`, and its `qs` option (https://github.com/request/request#requestoptions-callback). */
const REQUEST_METHODS = ['get', 'post', 'put', 'patch', 'del', 'delete', 'head'];
const REQUEST_QUERY = ['qs'];
/**
 * Angular `HttpClient` (an injected `constructor(private http: HttpClient)`): `get(url, options)`, `post(url, body, options)`.
 * https://angular.dev/api/common/http/HttpClient
 */
const ANGULAR_NO_BODY = ['get', 'delete', 'head', 'options', 'jsonp'];
const ANGULAR_BODY = ['post', 'put', 'patch'];
/** NestJS `HttpService` methods (an injected instance's), also through its `axiosRef` (the axios instance). */
const httpServicePaths = (methods: readonly string[]): string[][] =>
  methods.flatMap((m) => [
    ['HttpService', 'new', m],
    ['HttpService', 'new', 'axiosRef', m],
  ]);
/** Exports that fetch their first argument in the clients whose configuration is not modeled. */
const FETCHING_EXPORTS: readonly AccessPath[] = [[], ['fetch'], ['request'], ['get'], ['post'], ['head'], ['ofetch'], ['$fetch']];

export const HTTP_CLIENTS: readonly HttpClientModel[] = [
  {
    id: 'fetch',
    modules: ['node-fetch', 'cross-fetch', 'isomorphic-fetch', 'undici'],
    global: 'fetch',
    names: ['fetch'],
    requests: [{ api: 'fetch', paths: [[], ['fetch']], urlArg: 0, configArg: 1, baseUrlFields: [] }],
    fetches: FETCHING_EXPORTS,
    docs: 'https://developer.mozilla.org/en-US/docs/Web/API/Window/fetch',
  },
  {
    id: 'axios',
    modules: ['axios'],
    names: ['axios'],
    requests: [
      { api: 'axios', paths: [[]], urlArg: 0, configArg: 1, configFirstWhenObject: true, baseUrlFields: ['baseURL'], urlField: 'url', queryFields: AXIOS_QUERY },
      { api: 'axios.request', paths: [['request']], configArg: 0, baseUrlFields: ['baseURL'], urlField: 'url', queryFields: AXIOS_QUERY },
      { api: 'axios', paths: AXIOS_NO_BODY.map((m) => [m]), urlArg: 0, configArg: 1, baseUrlFields: ['baseURL'], queryFields: AXIOS_QUERY },
      { api: 'axios', paths: AXIOS_BODY.map((m) => [m]), urlArg: 0, configArg: 2, baseUrlFields: ['baseURL'], queryFields: AXIOS_QUERY },
      { api: 'axios.create', paths: [['create']], configArg: 0, baseUrlFields: ['baseURL'], factory: true },
    ],
    fetches: FETCHING_EXPORTS,
    requestHook: { path: ['interceptors', 'request', 'use'], callbackArg: 0, parameter: 0 },
    docs: 'https://axios-http.com/docs/api_intro',
  },
  {
    id: 'got',
    modules: ['got'],
    names: ['got'],
    requests: [
      {
        api: 'got',
        paths: [[], ...GOT_METHODS.map((m) => [m])],
        urlArg: 0,
        configArg: 1,
        configFirstWhenObject: true,
        baseUrlFields: ['prefixUrl'],
        urlField: 'url',
        queryFields: SEARCH_PARAMS,
      },
      { api: 'got.extend', paths: [['extend']], configArg: 0, baseUrlFields: ['prefixUrl'], factory: true },
    ],
    fetches: FETCHING_EXPORTS,
    docs: 'https://github.com/sindresorhus/got#readme',
  },
  {
    id: 'ky',
    modules: ['ky'],
    names: ['ky'],
    requests: [
      { api: 'ky', paths: [[], ...GOT_METHODS.map((m) => [m])], urlArg: 0, configArg: 1, baseUrlFields: ['prefixUrl'], queryFields: SEARCH_PARAMS },
      { api: 'ky.create', paths: [['create'], ['extend']], configArg: 0, baseUrlFields: ['prefixUrl'], factory: true },
    ],
    fetches: FETCHING_EXPORTS,
    docs: 'https://github.com/sindresorhus/ky#readme',
  },
  {
    id: 'angular',
    modules: ['@angular/common/http'],
    // AngularJS's `$http` service
    names: ['$http'],
    requests: [
      { api: 'HttpClient', paths: ANGULAR_NO_BODY.map((m) => ['HttpClient', 'new', m]), urlArg: 0, configArg: 1, baseUrlFields: [] },
      { api: 'HttpClient', paths: ANGULAR_BODY.map((m) => ['HttpClient', 'new', m]), urlArg: 0, configArg: 2, baseUrlFields: [] },
    ],
    docs: 'https://angular.dev/api/common/http/HttpClient',
  },
  {
    // NestJS `HttpService` (an injected `constructor(private http: HttpService)`): axios's methods, returning Observables;
    // `axiosRef` is the axios instance itself
    id: 'nestjs-axios',
    modules: ['@nestjs/axios'],
    names: [],
    requests: [
      {
        api: 'HttpService',
        paths: [
          ['HttpService', 'new', 'request'],
          ['HttpService', 'new', 'axiosRef', 'request'],
        ],
        configArg: 0,
        baseUrlFields: ['baseURL'],
        urlField: 'url',
      },
      {
        api: 'HttpService',
        paths: httpServicePaths(AXIOS_NO_BODY),
        urlArg: 0,
        configArg: 1,
        baseUrlFields: ['baseURL'],
      },
      {
        api: 'HttpService',
        paths: httpServicePaths(AXIOS_BODY),
        urlArg: 0,
        configArg: 2,
        baseUrlFields: ['baseURL'],
      },
    ],
    docs: 'https://docs.nestjs.com/techniques/http-module',
  },
  {
    id: 'node-http',
    modules: ['http', 'node:http'],
    names: ['http'],
    requests: [
      { api: 'http.request', paths: [['request'], ['get']], urlArg: 0, configArg: 1, configFirstWhenObject: true, baseUrlFields: [], scheme: 'http', hostFields: ['hostname', 'host'] },
    ],
    docs: 'https://nodejs.org/api/http.html#httprequesturl-options-callback',
  },
  {
    id: 'node-https',
    modules: ['https', 'node:https'],
    names: ['https'],
    requests: [
      { api: 'https.request', paths: [['request'], ['get']], urlArg: 0, configArg: 1, configFirstWhenObject: true, baseUrlFields: [], scheme: 'https', hostFields: ['hostname', 'host'] },
    ],
    docs: 'https://nodejs.org/api/https.html#httpsrequesturl-options-callback',
  },
  {
    id: 'ofetch',
    modules: ['ofetch'],
    names: ['ofetch', '$fetch'],
    // Nuxt makes ofetch's `$fetch` a global (https://nuxt.com/docs/api/utils/dollarfetch)
    global: '$fetch',
    fetches: FETCHING_EXPORTS,
    docs: 'https://github.com/unjs/ofetch#readme',
  },
  {
    id: 'superagent',
    modules: ['superagent'],
    names: ['superagent'],
    fetches: FETCHING_EXPORTS,
    docs: 'https://github.com/ladjs/superagent#readme',
  },
  { id: 'needle', modules: ['needle'], names: [], fetches: FETCHING_EXPORTS, docs: 'https://github.com/tomas/needle#readme' },
  { id: 'phin', modules: ['phin'], names: [], fetches: FETCHING_EXPORTS, docs: 'https://github.com/ethanent/phin#readme' },
  {
    // request(url | options, callback), request.get/post/...: `qs` is the query string; `request.defaults(options)` makes an instance
    id: 'request',
    modules: ['request', 'request-promise', 'request-promise-native'],
    names: ['request'],
    requests: [
      {
        api: 'request',
        paths: [[], ...REQUEST_METHODS.map((m) => [m])],
        urlArg: 0,
        configArg: 1,
        configFirstWhenObject: true,
        baseUrlFields: ['baseUrl'],
        urlField: 'url',
        queryFields: REQUEST_QUERY,
      },
      { api: 'request.defaults', paths: [['defaults']], configArg: 0, baseUrlFields: ['baseUrl'], factory: true },
    ],
    fetches: FETCHING_EXPORTS,
    docs: 'https://github.com/request/request#requestoptions-callback',
  },
  { id: 'bent', modules: ['bent'], names: [], fetches: FETCHING_EXPORTS, docs: 'https://github.com/mikeal/bent#readme' },
  {
    // a WebSocket connection opened with an HTTP handshake: `io(url, { query: { token } })` puts the token in the
    // handshake URL; `{ auth: { token } }` sends it in the first packet instead
    id: 'socket.io-client',
    modules: ['socket.io-client'],
    names: [],
    requests: [{ api: 'io', paths: [[], ['io'], ['connect']], urlArg: 0, configArg: 1, baseUrlFields: [], queryFields: ['query'] }],
    docs: 'https://socket.io/docs/v4/client-options/#query',
  },
];

/** Conventional names of API client objects in applications (`api.post('/login')`, `this.httpClient.get(...)`). */
export const CONVENTIONAL_CLIENT_NAMES: readonly string[] = ['api', 'client', 'apiClient', 'httpClient'];

/** Config field of the headers sent with a request (all clients above). */
export const REQUEST_HEADERS_FIELD = 'headers';

/** The client's call forms that make an instance (axios.create, got.extend). */
const factoryForms = (client: HttpClientModel): readonly RequestForm[] => (client.requests ?? []).filter((form) => form.factory);

/** Names of the client's factories (`create` of axios). */
export function factoryNames(client: HttpClientModel): string[] {
  return factoryForms(client).flatMap((form) => form.paths.filter((path) => path.length === 1).map((path) => path[0]));
}

/**
 * Methods of an instance the client's factory makes that send a request (`axios.create(config).get(url)`): the
 * client's own request methods.
 */
export function instanceRequestMethods(client: HttpClientModel): string[] {
  if (factoryForms(client).length === 0) return [];
  const methods = (client.requests ?? []).filter((form) => !form.factory).flatMap((form) => form.paths.filter((path) => path.length === 1).map((path) => path[0]));
  return [...new Set(methods)];
}
