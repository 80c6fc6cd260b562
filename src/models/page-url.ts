/**
 * How browser code reads the URL of its own page, as data: client-side routers' hooks and stores, and the browser's
 * `location`. A token read there was handed over in a URL (an SSO or magic-link redirect `?token=…`, an OAuth
 * implicit-flow fragment `#access_token=…`), which history, logs and Referer headers keep. These are the page parts
 * of src/dataflow/request-sources.ts: they are never the request of a server, so server-side rules
 * (decode-without-verify) do not treat them as one.
 *
 * - `page-url`: the page's URL or its text (`location`, `location.search`, `new URL(location.href)`, a router's location);
 * - `page-data`: a container of the URL's parameters, or one of them (`useSearchParams()`, `route.query`, `url.searchParams`);
 * - `page-route`: a router's current route, whose `query` and `params` are page data (vue-router `useRoute()`, Angular's
 *   injected `ActivatedRoute`, whose `snapshot` is a route and whose `queryParams` observable hands its callbacks page data);
 * - `page-state`: SvelteKit's page state, whose `url` is the page URL (`$page.url`, `page.url` of `$app/state`);
 * - `page-pair`: react-router's `[searchParams, setSearchParams]`, whose first element is page data;
 * - `page-global`: the browser's global objects, whose `location` is the page URL (`window.location`).
 */
export type PagePart = 'page-url' | 'page-data' | 'page-route' | 'page-state' | 'page-pair' | 'page-global';

export interface PageUrlSource {
  /** Packages exporting it (also through path aliases such as SvelteKit's `$app/*`). */
  modules: readonly string[];
  /** The export's name. */
  name: string;
  /**
   * `call`: a hook whose call returns the part; `value`: the export itself is it (a store, a state object);
   * `injected`: an instance of the exported class injected into a component (Angular's `ActivatedRoute`, as a
   * constructor parameter, a typed property or `inject(ActivatedRoute)`), or given to a function as a parameter
   * typed so (a guard's `canActivate(route: ActivatedRouteSnapshot)`).
   */
  form: 'call' | 'value' | 'injected';
  part: PagePart;
  docs: string;
}

export const PAGE_URL_SOURCES: readonly PageUrlSource[] = [
  { modules: ['next/navigation'], name: 'useSearchParams', form: 'call', part: 'page-data', docs: 'https://nextjs.org/docs/app/api-reference/functions/use-search-params' },
  { modules: ['next/navigation'], name: 'useParams', form: 'call', part: 'page-data', docs: 'https://nextjs.org/docs/app/api-reference/functions/use-params' },
  // pages router: `useRouter().query` holds the query string and the dynamic route segments
  { modules: ['next/router'], name: 'useRouter', form: 'call', part: 'page-route', docs: 'https://nextjs.org/docs/pages/api-reference/functions/use-router#router-object' },
  { modules: ['react-router', 'react-router-dom'], name: 'useSearchParams', form: 'call', part: 'page-pair', docs: 'https://reactrouter.com/api/hooks/useSearchParams' },
  { modules: ['react-router', 'react-router-dom'], name: 'useParams', form: 'call', part: 'page-data', docs: 'https://reactrouter.com/api/hooks/useParams' },
  { modules: ['react-router', 'react-router-dom'], name: 'useLocation', form: 'call', part: 'page-url', docs: 'https://reactrouter.com/api/hooks/useLocation' },
  { modules: ['vue-router', 'vue-router/auto', '#app', '#imports'], name: 'useRoute', form: 'call', part: 'page-route', docs: 'https://router.vuejs.org/api/#useRoute' },
  { modules: ['@angular/router'], name: 'ActivatedRoute', form: 'injected', part: 'page-route', docs: 'https://angular.dev/api/router/ActivatedRoute' },
  // guards and resolvers are handed the route being activated: `canActivate(route: ActivatedRouteSnapshot)`
  { modules: ['@angular/router'], name: 'ActivatedRouteSnapshot', form: 'injected', part: 'page-route', docs: 'https://angular.dev/api/router/ActivatedRouteSnapshot' },
  { modules: ['$app/stores'], name: 'page', form: 'value', part: 'page-state', docs: 'https://svelte.dev/docs/kit/$app-stores#page' },
  { modules: ['$app/state'], name: 'page', form: 'value', part: 'page-state', docs: 'https://svelte.dev/docs/kit/$app-state#page' },
];

/** Hooks that Nuxt (and unplugin-auto-import) make available without an import: an undeclared `useRoute()` is vue-router's. */
export const AUTO_IMPORTED_PAGE_HOOKS: ReadonlyMap<string, PagePart> = new Map([['useRoute', 'page-route']]);

/** Svelte's store auto-subscription: `$page` in a component that imports the `page` store (https://svelte.dev/docs/svelte/stores#Store-contract). */
export const STORE_SUBSCRIPTION_PREFIX = '$';

/** The browser's page location as a global (`location.search`) and the globals that hold it (`window.location`, `document.location`). */
export const LOCATION_GLOBAL = 'location';
export const LOCATION_HOLDERS: ReadonlySet<string> = new Set(['window', 'globalThis', 'self', 'document']);

/** Members of a location or URL that are (part of) its text: `location.search`, `location.hash`, `url.href`. */
export const PAGE_URL_TEXT_MEMBERS: ReadonlySet<string> = new Set(['search', 'hash', 'href']);
/**
 * Members of a route that hold the URL's parameters (vue-router and next/router `query`, vue-router `params`, Angular
 * `queryParams`, `queryParamMap`, `params`, `paramMap`), of one that is the route again (Angular `snapshot`), and of
 * one that is the URL's text (Angular `fragment`).
 */
export const PAGE_ROUTE_DATA_MEMBERS: ReadonlySet<string> = new Set(['query', 'params', 'queryParams', 'queryParamMap', 'paramMap']);
export const PAGE_ROUTE_SELF_MEMBERS: ReadonlySet<string> = new Set(['snapshot']);
export const PAGE_ROUTE_TEXT_MEMBERS: ReadonlySet<string> = new Set(['fragment']);
/** The method of an observable of page data whose callback receives it (`route.queryParams.subscribe((params) => ...)`). */
export const OBSERVABLE_SUBSCRIBE = 'subscribe';
/** Member of SvelteKit's page state that is the page URL. */
export const PAGE_STATE_URL_MEMBER = 'url';
/** Component members that are the current route (vue-router's Options API `this.$route`). */
export const COMPONENT_ROUTE_MEMBERS: ReadonlySet<string> = new Set(['$route']);

/** `new URL(location.href)` parses a URL; the parsed value keeps the page part (`new URLSearchParams(location.search)`: ./sinks.ts QUERY_STRING_CLASS). */
export const URL_CONSTRUCTOR = 'URL';
/**
 * String methods that cut a prefix off a location's text (`location.hash.slice(1)`, `.substring(1)`, `.replace('#', '')`)
 * or split it (`req.url.split('?')[1]`, an element of the result): the text is still the URL's.
 */
export const URL_TEXT_TRIM_METHODS: ReadonlySet<string> = new Set(['slice', 'substring', 'substr', 'replace', 'toString', 'split']);

/**
 * Client-side navigations given the query as an object: the router writes its entries into the new page's URL
 * (`router.push({ path: '/x', query: { token } })`), where history, logs and Referer headers keep them. The router is
 * reached as the result of a hook (`form: 'call'`, `useRouter()`), an instance injected by type (`injected`, Angular's
 * `Router`), or the export is the navigation itself (`function`, Nuxt's `navigateTo`). `optionsArg` of the
 * navigation holds the options whose `queryOption` is the query object.
 */
export interface RouterNavigation {
  modules: readonly string[];
  name: string;
  form: 'call' | 'injected' | 'function';
  methods: readonly string[];
  optionsArg: number;
  queryOption: string;
  docs: string;
}

export const ROUTER_NAVIGATIONS: readonly RouterNavigation[] = [
  {
    modules: ['vue-router', '#app', '#imports'],
    name: 'useRouter',
    form: 'call',
    methods: ['push', 'replace'],
    optionsArg: 0,
    queryOption: 'query',
    docs: 'https://router.vuejs.org/guide/essentials/navigation.html',
  },
  {
    modules: ['next/router'],
    name: 'useRouter',
    form: 'call',
    methods: ['push', 'replace'],
    optionsArg: 0,
    queryOption: 'query',
    docs: 'https://nextjs.org/docs/pages/api-reference/functions/use-router#with-url-object',
  },
  {
    modules: ['@angular/router'],
    name: 'Router',
    form: 'injected',
    methods: ['navigate', 'createUrlTree'],
    optionsArg: 1,
    queryOption: 'queryParams',
    docs: 'https://angular.dev/api/router/NavigationExtras#queryParams',
  },
  { modules: ['#app', '#imports', 'nuxt/app'], name: 'navigateTo', form: 'function', methods: [], optionsArg: 0, queryOption: 'query', docs: 'https://nuxt.com/docs/api/utils/navigate-to' },
];

/** Vue's router on a component instance (Options API: `this.$router.push(...)`). */
export const COMPONENT_ROUTER_MEMBER = '$router';
/** Navigation names that Nuxt (and unplugin-auto-import) make available without an import. */
export const AUTO_IMPORTED_NAVIGATION_NAMES: ReadonlySet<string> = new Set(['useRouter', 'navigateTo']);
