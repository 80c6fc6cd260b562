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
  | { kind: 'names'; path: readonly string[] };

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
    fields: { kind: 'names', path: ['whitelist'] },
    storage: 'localStorage',
    storageOption: 'storage',
    docs: 'https://github.com/rt2zz/redux-persist#persistreducerconfig-reducer',
  },
];
