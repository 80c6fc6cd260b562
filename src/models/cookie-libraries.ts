/**
 * Cookie libraries used from browser code (and some from both sides), as data. A cookie set from script can never be
 * HttpOnly: any script on the page reads it back (`document.cookie`), so a token there is as exposed as in
 * localStorage (token-in-web-storage). Where a library also runs on the server and writes a Set-Cookie header, the
 * call is a server cookie whose attributes insecure-token-cookie checks.
 */
import type { CookieSetterModel } from './sinks.js';

/** Script cookies have no HttpOnly and no default Secure; the defaults only matter for server-side calls. */
const BROWSER_DEFAULTS = { httpOnly: false, secure: false } as const;

/**
 * Cookie packages of servers and HTTP clients, never a browser's cookie writer: parsers and signers (cookie,
 * cookie-parser, cookie-signature, set-cookie-parser), server cookie jars and sessions (cookies, cookie-session,
 * @fastify/cookie, @hapi/cookie, @elysiajs/cookie, universal-cookie-express / -koa) and an HTTP client's jar
 * (tough-cookie).
 */
const SERVER_COOKIE_PACKAGES: readonly string[] = [
  'cookie',
  'cookie-es',
  'cookies',
  'cookie-parser',
  'cookie-session',
  'cookie-signature',
  'set-cookie-parser',
  'tough-cookie',
  'fetch-cookie',
  '@fastify/cookie',
  'fastify-cookie',
  '@hapi/cookie',
  '@elysiajs/cookie',
  'koa-cookie',
  'universal-cookie-express',
  'universal-cookie-koa',
  'cookies-next/server',
];

export const COOKIE_LIBRARY_SETTERS: readonly CookieSetterModel[] = [
  {
    // https://github.com/js-cookie/js-cookie#basic-usage: Cookies.set(name, value, attributes); withAttributes/withConverter return a copy
    id: 'js-cookie',
    api: 'Cookies.set',
    match: { kind: 'library', modules: ['js-cookie'], prefix: ['set'], suffix: [] },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 2,
    reader: 'get',
    runsIn: 'script',
    defaults: BROWSER_DEFAULTS,
    docs: 'https://github.com/js-cookie/js-cookie#basic-usage',
  },
  {
    id: 'js-cookie',
    api: 'Cookies.set',
    match: { kind: 'library', modules: ['js-cookie'], prefix: ['*'], suffix: ['()', 'set'] },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 2,
    reader: 'get',
    runsIn: 'script',
    defaults: BROWSER_DEFAULTS,
    docs: 'https://github.com/js-cookie/js-cookie#api',
  },
  {
    // universal-cookie `new Cookies().set(name, value, options)`; react-cookie re-exports it as `Cookies`.
    // On the server it only changes its in-memory copy of the request's cookies (no Set-Cookie header is written).
    id: 'universal-cookie',
    api: 'cookies.set',
    match: { kind: 'library', modules: ['universal-cookie'], prefix: ['new', 'set'], suffix: [] },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 2,
    reader: 'get',
    runsIn: 'script',
    defaults: BROWSER_DEFAULTS,
    docs: 'https://github.com/bendotcodes/cookies/tree/main/packages/universal-cookie#setname-value-options',
  },
  {
    id: 'universal-cookie',
    api: 'cookies.set',
    match: { kind: 'library', modules: ['universal-cookie', 'react-cookie'], prefix: ['Cookies', 'new', 'set'], suffix: [] },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 2,
    reader: 'get',
    runsIn: 'script',
    defaults: BROWSER_DEFAULTS,
    docs: 'https://github.com/bendotcodes/cookies/tree/main/packages/universal-cookie#setname-value-options',
  },
  {
    // react-cookie `const [cookies, setCookie] = useCookies(['token'])`
    id: 'react-cookie',
    api: 'setCookie',
    match: { kind: 'library', modules: ['react-cookie'], prefix: ['useCookies', '()', '1'], suffix: [] },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 2,
    runsIn: 'script',
    defaults: BROWSER_DEFAULTS,
    docs: 'https://github.com/bendotcodes/cookies/tree/main/packages/react-cookie#setcookiename-value-options',
  },
  {
    // @vueuse/integrations `useCookies([...]).set(name, value, options)` (universal-cookie underneath)
    id: 'vueuse-cookies',
    api: 'useCookies().set',
    match: { kind: 'library', modules: ['@vueuse/integrations/useCookies', '@vueuse/integrations'], prefix: ['useCookies', '()', 'set'], suffix: [] },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 2,
    reader: 'get',
    runsIn: 'script',
    defaults: BROWSER_DEFAULTS,
    docs: 'https://vueuse.org/integrations/useCookies/',
  },
  {
    // ngx-cookie-service: `constructor(private cookies: CookieService)` then `this.cookies.set(name, value, options)`
    id: 'ngx-cookie-service',
    api: 'CookieService.set',
    match: { kind: 'library', modules: ['ngx-cookie-service', 'ngx-cookie-service-ssr'], prefix: ['CookieService', 'new', 'set'], suffix: [] },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 2,
    reader: 'get',
    runsIn: 'script',
    defaults: BROWSER_DEFAULTS,
    docs: 'https://github.com/stevermeister/ngx-cookie-service#set',
  },
  {
    // ngx-cookie: `CookieService.put(key, value, options)`
    id: 'ngx-cookie',
    api: 'CookieService.put',
    match: { kind: 'library', modules: ['ngx-cookie'], prefix: ['CookieService', 'new', 'put'], suffix: [] },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 2,
    reader: 'get',
    runsIn: 'script',
    defaults: BROWSER_DEFAULTS,
    docs: 'https://github.com/salemdar/ngx-cookie#put',
  },
  {
    // vue-cookies: `VueCookies.set(key, value, expires, path, domain, secure, sameSite)` imported, or the global `$cookies`
    id: 'vue-cookies',
    api: '$cookies.set',
    match: { kind: 'library', modules: ['vue-cookies'], prefix: ['set'], suffix: [] },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 5,
    reader: 'get',
    runsIn: 'script',
    defaults: BROWSER_DEFAULTS,
    docs: 'https://github.com/cmp-cc/vue-cookies#api',
  },
  {
    // `this.$cookies.set(...)` (Options API) and `$cookies.set(...)` (template / inject): the name is vue-cookies' own
    id: 'vue-cookies',
    api: '$cookies.set',
    match: { kind: 'members', members: ['$cookies', 'set'] },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 5,
    reader: 'get',
    runsIn: 'script',
    defaults: BROWSER_DEFAULTS,
    docs: 'https://github.com/cmp-cc/vue-cookies#api',
  },
  {
    // cookies-next ≤ 4: `setCookie(key, value, { req, res, ...options })` writes Set-Cookie on the server when given
    // req/res (Next.js pages) or `cookies` (app router), and document.cookie in the browser otherwise.
    id: 'cookies-next',
    api: 'setCookie',
    match: { kind: 'library', modules: ['cookies-next'], prefix: ['setCookie'], suffix: [] },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 2,
    reader: 'getCookie',
    runsIn: { serverWhen: { arg: 2, properties: ['req', 'res', 'cookies'] } },
    defaults: BROWSER_DEFAULTS,
    docs: 'https://github.com/andreizanik/cookies-next#setcookiekey-value-options',
  },
  {
    // cookies-next ≥ 5 also splits the two sides into subpaths; `useSetCookie()` returns the client setter
    id: 'cookies-next',
    api: 'setCookie',
    match: { kind: 'library', modules: ['cookies-next/client'], prefix: ['setCookie'], suffix: [] },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 2,
    reader: 'getCookie',
    runsIn: 'script',
    defaults: BROWSER_DEFAULTS,
    docs: 'https://github.com/andreizanik/cookies-next#client-side-usage',
  },
  {
    id: 'cookies-next',
    api: 'useSetCookie()',
    match: { kind: 'library', modules: ['cookies-next', 'cookies-next/client'], prefix: ['useSetCookie', '()'], suffix: [] },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 2,
    runsIn: 'script',
    defaults: BROWSER_DEFAULTS,
    docs: 'https://github.com/andreizanik/cookies-next#client-side-usage',
  },
  {
    id: 'cookies-next',
    api: 'setCookie',
    match: { kind: 'library', modules: ['cookies-next/server'], prefix: ['setCookie'], suffix: [] },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 2,
    runsIn: 'server',
    defaults: BROWSER_DEFAULTS,
    docs: 'https://github.com/andreizanik/cookies-next#server-side-usage',
  },
  {
    // nookies: `setCookie(ctx, name, value, options)` / `nookies.set(ctx, ...)`: with a context (getServerSideProps,
    // API route) it writes Set-Cookie through `ctx.res`; with null/undefined/{} it writes document.cookie
    id: 'nookies',
    api: 'setCookie',
    match: { kind: 'library', modules: ['nookies'], prefix: ['setCookie'], suffix: [] },
    nameArg: 1,
    valueArg: 2,
    optionsArg: 3,
    runsIn: { serverWhen: { arg: 0 } },
    defaults: BROWSER_DEFAULTS,
    docs: 'https://github.com/maticzav/nookies#setcookiectx-name-value-options-or-nookiessetctx-name-value-options',
  },
  {
    id: 'nookies',
    api: 'nookies.set',
    match: { kind: 'library', modules: ['nookies'], prefix: ['set'], suffix: [] },
    nameArg: 1,
    valueArg: 2,
    optionsArg: 3,
    runsIn: { serverWhen: { arg: 0 } },
    defaults: BROWSER_DEFAULTS,
    docs: 'https://github.com/maticzav/nookies#setcookiectx-name-value-options-or-nookiessetctx-name-value-options',
  },
  {
    // Forks and look-alikes of the libraries above (ngy-cookie is a fork of ngx-cookie, @ngx-utils/cookie, a renamed
    // js-cookie): a package named like a cookie library whose setter is `put`/`set`/`setItem(name, value, ...)` is a
    // script cookie like theirs. Server-side cookie packages have other shapes and are left out by name.
    id: 'cookie-library',
    api: 'a cookie library',
    match: { kind: 'package-pattern', nameContains: 'cookie', methods: ['put', 'set', 'setItem'], exceptModules: SERVER_COOKIE_PACKAGES },
    nameArg: 0,
    valueArg: 1,
    optionsArg: 2,
    runsIn: 'script',
    defaults: BROWSER_DEFAULTS,
    docs: 'https://developer.mozilla.org/en-US/docs/Web/API/Document/cookie',
  },
];

/** Packages whose calls may write a script cookie: a module importing one may hold a token sink (the callee gate's text test). */
export const SCRIPT_COOKIE_MODULES: readonly string[] = [
  ...new Set(COOKIE_LIBRARY_SETTERS.flatMap((setter) => (setter.match.kind === 'library' && setter.runsIn !== 'server' ? setter.match.modules : []))),
];

/** The reads by name of the script cookie libraries above: each setter's match with its last step the `reader`. */
export const SCRIPT_COOKIE_READERS: readonly CookieSetterModel[] = COOKIE_LIBRARY_SETTERS.flatMap((setter): CookieSetterModel[] => {
  const reader = setter.reader;
  if (reader === undefined) return [];
  const last = (steps: readonly string[]): string[] => [...steps.slice(0, -1), reader];
  const match = setter.match;
  if (match.kind === 'members') return [{ ...setter, api: last(match.members).join('.'), match: { ...match, members: last(match.members) } }];
  if (match.kind !== 'library') return [];
  const moved = match.suffix.length > 0 ? { ...match, suffix: last(match.suffix) } : { ...match, prefix: last(match.prefix) };
  return [{ ...setter, api: setter.api.replace(/\w+$/, reader), match: moved }];
});
