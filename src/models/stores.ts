import { escapeRegExp } from './regexp.js';
/**
 * Front-end state libraries whose state is persisted to web storage, as data. A persisted state field that holds a
 * token is a web-storage write like `localStorage.setItem('token', t)`: every script on the page reads it back.
 * The facts layer (src/facts/sinks/persisted-store.ts) reports it at the persisting call (the store definition or
 * its persist option), once per token field, as a `web-storage` sink whose key is the field and whose value is not seen.
 */

/** How the persisted fields are found. */
export type PersistedFields =
  /**
   * zustand `persist((set, get) => ({ token: null, ... }), options)`: the fields of the object the creator at `arg`
   * returns; `partialize` in the options (a function returning an object literal) narrows them.
   */
  | { kind: 'creator'; arg: number; partialize?: string }
  /**
   * pinia `defineStore(id, { state: () => ({ token }), persist: true })` and setup stores `defineStore(id, () => {
   * ...; return { token } }, { persist: true })`: persisted when the `flag` option is truthy; `pick`/`paths` inside
   * it narrow the fields.
   */
  | { kind: 'store-options'; flag: string; narrow: readonly string[] }
  /**
   * ngrx-store-localstorage `localStorageSync({ keys: ['auth', { session: ['token'] }] })`, vuex-persistedstate
   * `createPersistedState({ paths: ['auth.token'] })`, redux-persist `persistReducer({ whitelist: ['token'] }, r)`:
   * the names listed at `path` of the options (dotted paths and nested `{ slice: [fields] }` included).
   */
  | {
      kind: 'names';
      path: readonly string[];
      /**
       * redux-persist: the reducer at `reducerArg` whose state is persisted. A listed name that is one of its slices
       * (`combineReducers({ auth })`, `whitelist: ['auth']`) persists that slice's fields; with no list at all every
       * slice is persisted, except those listed at `exceptPath` (`blacklist`).
       */
      reducer?: { arg: number; exceptPath: readonly string[] };
    };

export interface PersistedStoreModel {
  id: string;
  /** Label in messages. */
  api: string;
  modules: readonly string[];
  /** Access path of the function (a leading `default` is ignored). */
  path: readonly string[];
  optionsArg: number;
  fields: PersistedFields;
  /** Where the state goes when no storage option says otherwise. */
  storage: 'localStorage' | 'sessionStorage';
  /** Option naming the storage; a value mentioning only localStorage/sessionStorage keeps it web storage, anything else is unknown. */
  storageOption?: string;
  docs: string;
}

/** Modules whose exports are web storage engines (redux-persist's `storage` is localStorage, `storage/session` sessionStorage). */
export const WEB_STORAGE_ENGINES: readonly { module: RegExp; storage: 'localStorage' | 'sessionStorage' }[] = [
  { module: /^redux-persist\/(lib|es)\/storage\/session$/, storage: 'sessionStorage' },
  { module: /^redux-persist\/(lib|es)\/storage$/, storage: 'localStorage' },
];

export const PERSISTED_STORES: readonly PersistedStoreModel[] = [
  {
    id: 'zustand',
    api: 'zustand persist',
    modules: ['zustand/middleware'],
    path: ['persist'],
    optionsArg: 1,
    fields: { kind: 'creator', arg: 0, partialize: 'partialize' },
    storage: 'localStorage',
    storageOption: 'storage',
    docs: 'https://zustand.docs.pmnd.rs/integrations/persisting-store-data',
  },
  {
    id: 'pinia-plugin-persistedstate',
    api: 'pinia persist',
    modules: ['pinia'],
    path: ['defineStore'],
    optionsArg: -1,
    fields: { kind: 'store-options', flag: 'persist', narrow: ['pick', 'paths'] },
    storage: 'localStorage',
    storageOption: 'storage',
    docs: 'https://prazdevs.github.io/pinia-plugin-persistedstate/guide/config.html',
  },
  {
    id: 'ngrx-store-localstorage',
    api: 'ngrx localStorageSync',
    modules: ['ngrx-store-localstorage'],
    path: ['localStorageSync'],
    optionsArg: 0,
    fields: { kind: 'names', path: ['keys'] },
    storage: 'localStorage',
    storageOption: 'storage',
    docs: 'https://github.com/btroncone/ngrx-store-localstorage#usage',
  },
  {
    id: 'vuex-persistedstate',
    api: 'vuex-persistedstate',
    modules: ['vuex-persistedstate'],
    path: [],
    optionsArg: 0,
    fields: { kind: 'names', path: ['paths'] },
    storage: 'localStorage',
    storageOption: 'storage',
    docs: 'https://github.com/robinvdvleuten/vuex-persistedstate#api',
  },
  {
    id: 'redux-persist',
    api: 'redux-persist persistReducer',
    modules: ['redux-persist'],
    path: ['persistReducer'],
    optionsArg: 0,
    fields: { kind: 'names', path: ['whitelist'], reducer: { arg: 1, exceptPath: ['blacklist'] } },
    storage: 'localStorage',
    storageOption: 'storage',
    docs: 'https://github.com/rt2zz/redux-persist#persistreducerconfig-reducer',
  },
];

/**
 * Redux reducers whose state fields can be read from their definition: `combineReducers({ auth: authReducer })` names
 * its slices, a slice made by `createSlice({ initialState })` starts with the fields of its initial state (a plain
 * reducer `(state = { token: null }, action) => ...` with those of its state parameter's default).
 */
export const REDUCER_COMBINERS: readonly { modules: readonly string[]; path: readonly string[]; slicesArg: number }[] = [
  { modules: ['redux', '@reduxjs/toolkit'], path: ['combineReducers'], slicesArg: 0 },
];
export const SLICE_FACTORIES: readonly { modules: readonly string[]; path: readonly string[]; optionsArg: number; stateOption: string; reducerMember: string }[] = [
  { modules: ['@reduxjs/toolkit'], path: ['createSlice'], optionsArg: 0, stateOption: 'initialState', reducerMember: 'reducer' },
];

/**
 * Authentication modules of a front-end framework, configured in the framework's configuration file, that keep the
 * token they receive in web storage unless told not to. The facts layer (src/facts/sinks/configured-auth-module.ts)
 * reports each storage that stays on as a sink holding a token: at its option when written, else at the module's
 * options. Nothing is reported when no strategy can be seen that keeps a token.
 */
export interface ConfiguredAuthModuleModel {
  id: string;
  /** Label in messages. */
  api: string;
  /** Names under which the module is listed in the configuration's module lists. */
  packages: readonly string[];
  /** The framework's configuration file. */
  configFile: RegExp;
  /** Arrays of the configuration that list modules (`'name'` or `['name', options]`). */
  moduleLists: readonly string[];
  /** Top-level key of the configuration holding the module's options. */
  optionsKey: string;
  /** Storages used unless their option is `false`; `prefix` is the default prefix of the stored key. */
  storages: readonly { option: string; kind: 'web-storage' | 'script-cookie'; label: string; prefix: string }[];
  /** Option listing the strategies (`{ name: { scheme, token } }`); a strategy without `scheme` uses its name. */
  strategiesOption: string;
  /** Schemes that keep no token of their own (the server's HttpOnly cookie is the session). */
  tokenlessSchemes: readonly string[];
  /** Key of a stored token: prefix + this + strategy name. */
  tokenKeyInfix: string;
  docs: string;
}

export const CONFIGURED_AUTH_MODULES: readonly ConfiguredAuthModuleModel[] = [
  {
    // @nuxtjs/auth (v4) and @nuxtjs/auth-next (v5) for Nuxt 2, @nuxt-alt/auth for Nuxt 3: tokens are stored under
    // `{prefix}_token.{strategy}` in localStorage and in a cookie written by the browser (never HttpOnly) unless
    // `localStorage: false` / `cookie: false`.
    id: 'nuxt-auth-module',
    api: 'Nuxt auth module',
    packages: ['@nuxtjs/auth', '@nuxtjs/auth-next', '@nuxt-alt/auth'],
    configFile: /(^|[\\/])nuxt\.config\.[cm]?[jt]s$/,
    moduleLists: ['modules', 'buildModules'],
    optionsKey: 'auth',
    storages: [
      { option: 'localStorage', kind: 'web-storage', label: 'localStorage', prefix: 'auth.' },
      { option: 'cookie', kind: 'script-cookie', label: 'cookie', prefix: 'auth.' },
    ],
    strategiesOption: 'strategies',
    tokenlessSchemes: ['cookie', 'laravelSanctum', 'laravel/sanctum'],
    tokenKeyInfix: '_token.',
    docs: 'https://auth.nuxtjs.org/api/options#localstorage',
  },
];

/**
 * Values bound to a storage key, so that writing the value writes the storage:
 * - `ref`: vueuse `const t = useLocalStorage('token', '')`, then `t.value = x`;
 * - `setter`: React hooks `const [t, setT] = useLocalStorage('token', null)`, then `setT(x)` (the pair's second element);
 * - `store`: Svelte stores `const t = persisted('token', '')`, then `t.set(x)`;
 * - `service`: an injected storage service `this.storage.store('token', x)` (ngx-webstorage), the key given at the write.
 * - `atom`: a jotai `atomWithStorage('token', '')` atom, written by the setter `useSetAtom(atom)` / `useAtom(atom)[1]` returns.
 * A binding made by a call takes its key from the call (`key`); `autoImported` names are also globals of the
 * framework (Nuxt's `useCookie`). The facts layer (src/facts/sinks/storage-bindings.ts) reports each write as a
 * web-storage (or script-cookie) write of the value under the key.
 */
export interface StorageBindingModel {
  id: string;
  /** Label in messages. */
  api: string;
  modules: readonly string[];
  /** Function or class (export) name → the storage it binds to, and what may name another one. */
  functions: Readonly<
    Record<
      string,
      {
        storage: 'localStorage' | 'sessionStorage' | 'cookie';
        /** An argument that may name another storage (only web storage named there counts). */
        storageArg?: number;
        /** An option of that argument naming the storage (`{ storage: 'session' }`), and what its values mean. */
        storageOption?: { name: string; values: Readonly<Record<string, 'localStorage' | 'sessionStorage'>> };
      }
    >
  >;
  /** Where the key is given: an argument of the binding call, or a property of an options argument (`{ key: 'token' }`). */
  key?: { arg: number; property?: string };
  write: 'ref' | 'setter' | 'store' | 'service' | 'atom';
  /** atom: the hooks that hand out a setter of the atom given as their first argument (the pair's `element`, or the result itself). */
  atomWriters?: readonly { modules: readonly string[]; name: string; element?: number }[];
  /** store / service: the writing method, and (service) where its key and value are. */
  method?: { name: string; keyArg?: number; valueArg: number };
  /** Options argument of the binding call whose `httpOnly: true` keeps the value out of scripts (a cookie binding). */
  cookieOptionsArg?: number;
  /** The functions are also globals the framework imports automatically. */
  autoImported?: boolean;
  docs: string;
}

const LOCAL_AND_SESSION = { useLocalStorage: { storage: 'localStorage' }, useSessionStorage: { storage: 'sessionStorage' } } as const;

export const STORAGE_BINDINGS: readonly StorageBindingModel[] = [
  {
    id: 'vueuse',
    api: 'vueuse',
    modules: ['@vueuse/core'],
    // useStorage(key, initial, storage = localStorage, options)
    functions: { ...LOCAL_AND_SESSION, useStorage: { storage: 'localStorage', storageArg: 2 } },
    key: { arg: 0 },
    write: 'ref',
    docs: 'https://vueuse.org/core/useStorage/',
  },
  {
    // Nuxt 3 `useCookie(name, options)`: a ref whose writes set the cookie from the browser (HttpOnly only applies to
    // the server's response, where a script cannot write it at all)
    id: 'nuxt-use-cookie',
    api: 'Nuxt',
    modules: ['#app', '#imports', 'nuxt/app'],
    functions: { useCookie: { storage: 'cookie' } },
    key: { arg: 0 },
    write: 'ref',
    cookieOptionsArg: 1,
    autoImported: true,
    docs: 'https://nuxt.com/docs/api/composables/use-cookie',
  },
  {
    id: 'react-storage-hooks',
    api: 'storage hook',
    modules: ['usehooks-ts', '@uidotdev/usehooks', 'react-use'],
    functions: LOCAL_AND_SESSION,
    key: { arg: 0 },
    write: 'setter',
    docs: 'https://usehooks-ts.com/react-hook/use-local-storage',
  },
  {
    id: 'mantine-hooks',
    api: '@mantine/hooks',
    modules: ['@mantine/hooks'],
    functions: LOCAL_AND_SESSION,
    key: { arg: 0, property: 'key' },
    write: 'setter',
    docs: 'https://mantine.dev/hooks/use-local-storage/',
  },
  {
    id: 'use-local-storage-state',
    api: 'use-local-storage-state',
    modules: ['use-local-storage-state'],
    functions: { default: { storage: 'localStorage' }, useLocalStorageState: { storage: 'localStorage' } },
    key: { arg: 0 },
    write: 'setter',
    docs: 'https://github.com/astoilkov/use-local-storage-state#api',
  },
  {
    // persisted(key, initial, { storage: 'local' | 'session' })
    id: 'svelte-persisted-store',
    api: 'svelte-persisted-store',
    modules: ['svelte-persisted-store', 'svelte-local-storage-store'],
    functions: { persisted: { storage: 'localStorage', storageArg: 2, storageOption: { name: 'storage', values: { local: 'localStorage', session: 'sessionStorage' } } } },
    key: { arg: 0 },
    write: 'store',
    method: { name: 'set', valueArg: 0 },
    docs: 'https://github.com/joshnuss/svelte-persisted-store#usage',
  },
  {
    // atomWithStorage(key, initial, storage = localStorage JSON storage); createJSONStorage(() => sessionStorage) names another
    id: 'jotai',
    api: 'jotai',
    modules: ['jotai/utils', 'jotai/vanilla/utils'],
    functions: { atomWithStorage: { storage: 'localStorage', storageArg: 2 } },
    key: { arg: 0 },
    write: 'atom',
    atomWriters: [
      { modules: ['jotai', 'jotai/react'], name: 'useSetAtom' },
      { modules: ['jotai', 'jotai/react'], name: 'useAtom', element: 1 },
    ],
    docs: 'https://jotai.org/docs/utilities/storage',
  },
  {
    // Angular services injected by type (JHipster's `this.$localStorage.store('authenticationToken', jwt)`)
    id: 'ngx-webstorage',
    api: 'ngx-webstorage',
    modules: ['ngx-webstorage'],
    functions: { LocalStorageService: { storage: 'localStorage' }, SessionStorageService: { storage: 'sessionStorage' } },
    write: 'service',
    method: { name: 'store', keyArg: 0, valueArg: 1 },
    docs: 'https://github.com/PillowPillow/ng2-webstorage#localstorageservice',
  },
];

/** Text of the binding functions and classes, for the prefilter (src/models/sinks.ts TOKEN_LEAK_CONTEXT_TEXT). */
export const STORAGE_BINDING_TEXT = `\\b(?:${[
  ...new Set(STORAGE_BINDINGS.flatMap((model) => [...Object.keys(model.functions), ...(model.atomWriters ?? []).map((writer) => writer.name)]).filter((name) => name !== 'default')),
].join('|')})\\b`;

/**
 * Text of the persisted stores whose persisted fields may be defined in another module (a redux-persist root reducer
 * combining slices written elsewhere): a file naming one passes the prefilter even when it never says "token".
 */
export const PERSISTED_ELSEWHERE_TEXT: readonly string[] = PERSISTED_STORES.filter((model) => model.fields.kind === 'names' && model.fields.reducer).flatMap((model) =>
  model.modules.map((module) => `['"]${module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}['"]`),
);

/**
 * Identity-provider SDKs that keep the tokens they obtain in web storage when an option says so (by default they keep
 * them in memory): Auth0 `cacheLocation: 'localstorage'`, MSAL `cache: { cacheLocation: 'localStorage' }`, Okta
 * `tokenManager: { storage: 'localStorage' }`. The facts layer (src/facts/sinks/sdk-storage.ts) reports the option as a
 * web-storage sink known to hold tokens. `form`: a function's call, a class's `new`, or a JSX component's attribute.
 */
export interface SdkStorageOptionModel {
  id: string;
  /** The SDK in messages. */
  sdk: string;
  modules: readonly string[];
  /** Export of the function, class or component taking the options. */
  name: string;
  form: 'call' | 'new' | 'jsx';
  /** Argument holding the options (call and new). */
  optionsArg: number;
  /** Path of the option in the options (for jsx: the attribute, then inside its object value). */
  option: readonly string[];
  /** Option values (lower case; an enum member's name counts as its value) that put the tokens in web storage. */
  values: Readonly<Record<string, 'localStorage' | 'sessionStorage'>>;
  docs: string;
}

const AUTH0_CACHE = { localstorage: 'localStorage' } as const;
const WEB_STORAGES = { localstorage: 'localStorage', sessionstorage: 'sessionStorage' } as const;

export const SDK_STORAGE_OPTIONS: readonly SdkStorageOptionModel[] = [
  ...(['call:createAuth0Client', 'new:Auth0Client'] as const).map((entry): SdkStorageOptionModel => {
    const [form, name] = entry.split(':') as ['call' | 'new', string];
    return {
      id: 'auth0-spa-js',
      sdk: 'the Auth0 SDK',
      modules: ['@auth0/auth0-spa-js'],
      name,
      form,
      optionsArg: 0,
      option: ['cacheLocation'],
      values: AUTH0_CACHE,
      docs: 'https://auth0.com/docs/libraries/auth0-single-page-app-sdk#change-storage-options',
    };
  }),
  {
    id: 'auth0-react',
    sdk: 'the Auth0 SDK',
    modules: ['@auth0/auth0-react'],
    name: 'Auth0Provider',
    form: 'jsx',
    optionsArg: 0,
    option: ['cacheLocation'],
    values: AUTH0_CACHE,
    docs: 'https://auth0.com/docs/libraries/auth0-react#change-the-default-cache-location',
  },
  {
    id: 'auth0-vue',
    sdk: 'the Auth0 SDK',
    modules: ['@auth0/auth0-vue'],
    name: 'createAuth0',
    form: 'call',
    optionsArg: 0,
    option: ['cacheLocation'],
    values: AUTH0_CACHE,
    docs: 'https://auth0.github.io/auth0-vue/interfaces/Auth0VueClientOptions.html',
  },
  ...(['PublicClientApplication', 'createStandardPublicClientApplication', 'createNestablePublicClientApplication'] as const).map(
    (name): SdkStorageOptionModel => ({
      id: 'msal-browser',
      sdk: 'MSAL',
      modules: ['@azure/msal-browser'],
      name,
      form: name === 'PublicClientApplication' ? 'new' : 'call',
      optionsArg: 0,
      option: ['cache', 'cacheLocation'],
      values: WEB_STORAGES,
      docs: 'https://learn.microsoft.com/en-us/entra/identity-platform/msal-js-sso#configure-cache-location',
    }),
  ),
  {
    id: 'okta-auth-js',
    sdk: 'the Okta SDK',
    modules: ['@okta/okta-auth-js'],
    name: 'OktaAuth',
    form: 'new',
    optionsArg: 0,
    option: ['tokenManager', 'storage'],
    values: WEB_STORAGES,
    docs: 'https://github.com/okta/okta-auth-js#storage',
  },
];

/** Text of a file that may configure one of those SDKs: it imports one of their modules (quoted). */
export const SDK_STORAGE_TEXT = new RegExp([...new Set(SDK_STORAGE_OPTIONS.flatMap((model) => model.modules))].map((module) => `['"]${escapeRegExp(module)}['"]`).join('|'));
