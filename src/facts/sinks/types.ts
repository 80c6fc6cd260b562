import type { ts } from 'ts-morph';
import type { COOKIE_OPTION_NAMES, CookieDefault } from '../../models/sinks.js';

/** The facts rules receive about places a token can leak to (`tokenSink` listeners). */

export type TokenSinkKind =
  /** localStorage / sessionStorage write. */
  | 'web-storage'
  /** `document.cookie = ...` from script. */
  | 'script-cookie'
  /** console or a logger. */
  | 'log'
  /** A cookie set by the server (Set-Cookie): `res.cookie`, `ctx.cookies.set`, `cookie.serialize`, a hand-written header. */
  | 'http-cookie'
  /** A value placed in a URL's query string or fragment (template, concatenation, URLSearchParams, searchParams.set). */
  | 'url'
  /** A server reading a parameter from the query string of the request (`req.query.token`), or a library configured to. */
  | 'request-param'
  /** An outgoing HTTP request carrying a credential header (fetch, axios, got, ky, node http). */
  | 'http-request'
  /** Verification keys fetched from a URL (a JWKS: jwks-rsa `jwksUri`, jose `createRemoteJWKSet`); `target` is the URL. */
  | 'key-fetch';

/** One cookie attribute as the code sets it. */
export type CookieAttributeFact =
  /** Written explicitly and resolved (`httpOnly: true`, `sameSite: 'lax'`, `; Secure` in a header). */
  | { state: 'set'; value: boolean | string; node: ts.Node }
  /** Not written: the framework's default applies. */
  | { state: 'default'; value: CookieDefault }
  /** Written with a value the analysis cannot resolve, or options that cannot be seen (spread, variable). */
  | { state: 'unknown'; node: ts.Node };

export interface CookieFacts {
  /** Framework model id (`express`, `koa`, ...) or `set-cookie-header`. */
  framework: string;
  /** Where the framework documents its defaults. */
  docs?: string;
  httpOnly: CookieAttributeFact;
  secure: CookieAttributeFact;
  sameSite: CookieAttributeFact;
  /**
   * Where attributes can be written in code (for fixes): the options object literal of the call, or the last
   * argument after which an options object can be added. Undefined when the options are built elsewhere.
   */
  writableAt?: { object: ts.ObjectLiteralExpression } | { after: ts.Expression };
  /** The option names this setter uses for each attribute (not for a hand-written Set-Cookie header). */
  optionNames?: typeof COOKIE_OPTION_NAMES;
}

/** The target of an outgoing request, as far as it is known. */
export interface RequestTargetFact {
  /** Known prefix of the absolute URL (base URL joined with the path when both are known). */
  text: string;
  /** True when `text` is the whole URL; false when only a prefix is known. */
  complete: boolean;
  /** The URL (or base URL / host) expression. */
  node: ts.Node;
}

/** A script cookie written only when a parameter of the enclosing function gets no server context (cookies-next `setCookie(n, t, ctx)`). */
export interface ScriptUnless {
  /** The setter's argument that is the parameter. */
  argument: ts.Expression;
  /** Properties of a server context (`req`, `res`, `cookies`). */
  properties: readonly string[];
}

export interface TokenSink {
  kind: TokenSinkKind;
  /** The write / log / cookie-setting / URL-building / request call or assignment, or the query read: the primary location. */
  node: ts.Node;
  /** Human name of the API, e.g. `localStorage.setItem`. */
  api: string;
  /** Values written, logged, set in the cookie, placed in the URL or sent in the header. */
  values: readonly ts.Expression[];
  /**
   * Set on a sink reached through a project function of another module (`saveToken(token)` where
   * `saveToken = (t) => localStorage.setItem('token', t)`): `node` is the call of that function, `values` the
   * arguments that reach the inner sink's values, `via` the sink inside it. Such a sink carries a `key` only when the
   * call names it (the helper's key is a parameter): otherwise reasoning from the key's name belongs to the inner
   * sink. Only rules with `meta.wrapperCalls` receive these.
   */
  via?: TokenSink;
  /** For a sink through a project function: the calls from that function down to the sink (wrappers of wrappers). */
  through?: readonly (ts.CallExpression | ts.NewExpression)[];
  /** Storage key, cookie name, URL or query parameter name, or header name when it is a literal (or resolves to one). */
  key?: string;
  /**
   * The argument naming the storage key or cookie: a helper that takes it as a parameter (`setItem(key, value)` around
   * `localStorage.setItem(key, value)`) names it at each call, where a sink through the helper takes its `key`.
   */
  keyNode?: ts.Expression;
  /** A sink with no value seen that a library is documented to fill with its token (an auth module's storage). */
  tokenKept?: boolean;
  /** With `tokenKept`: the SDK told to keep its tokens there (`the Auth0 SDK`), when it is one. */
  keptBy?: string;
  /** http-cookie: the cookie's attributes. */
  cookie?: CookieFacts;
  /**
   * log: a console write of a command-line script (./command-line-script.ts): what it prints is the
   * output the script is run for.
   */
  scriptOutput?: boolean;
  /** log: the credential header a request logger's format prints for every request (morgan `:req[authorization]`); no values. */
  loggedHeader?: string;
  /**
   * script-cookie: written from script only when each call of the enclosing function leaves the context out (a
   * wrapper call decides, src/facts/sinks/index.ts); such a sink alone is not reported.
   */
  scriptUnless?: ScriptUnless;
  /** url: the values are objects whose properties go into the URL (`qs.stringify(query)` of an object built elsewhere). */
  held?: boolean;
  /** url: where in the URL the value goes. */
  urlPart?: 'query' | 'fragment' | 'path';
  /** http-request: the request's target. */
  target?: RequestTargetFact;
  /** request-param: `library` when a library is configured to take the token from the query string, `read` for a read in code. */
  acceptedBy?: 'library' | 'read';
  /**
   * request-param (read): read by browser code from its own page's URL (`useSearchParams().get('token')`,
   * `route.query.token`, `new URLSearchParams(location.search)`), not by a server from a request.
   */
  pageUrl?: boolean;
  /** request-param (read): the variable declaration that receives the value, if any (`const t = req.query.token`). */
  binding?: ts.VariableDeclaration;
  /** request-param (read): the assignment handing the value on as the request's credential header (`req.headers.authorization = ...`). */
  headerCopy?: ts.BinaryExpression;
  /**
   * url: the client (`fetch`, `axios.get`) of the outgoing request whose URL this is. Looked up only for
   * credential parameter names (models/http.ts CREDENTIAL_QUERY_PARAMETERS), which matter whatever the value.
   */
  requestUrl?: string;
}
