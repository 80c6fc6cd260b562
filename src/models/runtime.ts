/**
 * The JavaScript runtime's own APIs that values flow through, as data: node:crypto's key objects, byte
 * constructors (`Buffer.from`, `TextEncoder`), `JSON` and deep copies. The dataflow and fact layers name none of
 * them; they ask these tables and the accessors below.
 */

/** node:crypto (https://nodejs.org/api/crypto.html). A default import is the namespace. */
export const NODE_CRYPTO = {
  modules: ['crypto', 'node:crypto'] as readonly string[],
  /** `createSecretKey(bytes)`: a secret key object made from its argument. */
  secretKeyFunction: 'createSecretKey',
  publicKeyFunction: 'createPublicKey',
  privateKeyFunction: 'createPrivateKey',
  certificateClass: 'X509Certificate',
} as const;

/** Functions that turn key material into a node:crypto KeyObject (the same material is the same key). */
export const NODE_KEY_OBJECT_FUNCTIONS: readonly string[] = [NODE_CRYPTO.publicKeyFunction, NODE_CRYPTO.privateKeyFunction, NODE_CRYPTO.secretKeyFunction];

/** The node:crypto function a library value is (`crypto.createSecretKey` → 'createSecretKey'), if it is one. */
export function nodeCryptoFunction(module: string, path: readonly string[]): string | undefined {
  if (!NODE_CRYPTO.modules.includes(module)) return undefined;
  return path[path.length - 1];
}

/** Global byte constructors: `Buffer.from(text)`, `new TextEncoder().encode(text)`, typed arrays. */
export const BYTES = {
  buffer: { global: 'Buffer', from: 'from', compare: 'compare' },
  textEncoder: { global: 'TextEncoder', encode: 'encode' },
  /** Typed arrays and buffers: `new Uint8Array()`, `new ArrayBuffer(0)` hold no bytes. */
  arrays: new Set(['Uint8Array', 'Uint8ClampedArray', 'Int8Array', 'ArrayBuffer']) as ReadonlySet<string>,
} as const;

/** The global `JSON`: `JSON.parse(text)` completes a decode by hand; `JSON.parse(JSON.stringify(x))` copies x. */
export const JSON_GLOBAL = { global: 'JSON', parse: 'parse', stringify: 'stringify' } as const;

/** Array methods that return one of the array's elements (`strategies.find((s) => s.supports(kind))`). */
export const ARRAY_ELEMENT_METHODS: ReadonlySet<string> = new Set(['find', 'findLast', 'at']);

/** The keyed collection global: its constructor takes `[key, value]` pairs, `get` reads an entry, `set` writes one. */
export const MAP_GLOBAL = { global: 'Map', get: 'get', set: 'set' } as const;

/**
 * `Object.entries(params)` and the array methods whose callback receives each element (`.forEach(([key, value]) =>
 * ...)`): the pair's second item is one of the object's property values.
 */
export const OBJECT_ENTRIES = { global: 'Object', method: 'entries', valueIndex: 1 } as const;
export const ELEMENT_CALLBACK_METHODS: ReadonlySet<string> = new Set(['forEach', 'map', 'flatMap', 'filter', 'some', 'every']);

/** Array methods that add their arguments as elements (`users.push({ ...user, token })`). */
export const ARRAY_APPEND_METHODS: ReadonlySet<string> = new Set(['push', 'unshift']);

/** Global functions that turn a setting's text into a number (`parseInt(process.env.TTL)` is still that setting). */
export const NUMERIC_CONVERSIONS: ReadonlySet<string> = new Set(['parseInt', 'parseFloat', 'Number']);

/** Global functions returning a deep copy of their single argument. */
export const DEEP_COPY_FUNCTIONS: ReadonlySet<string> = new Set(['structuredClone']);

/** The global `URL` constructor: `new URL(text)` parses a URL whose parts (`searchParams`) the code then reads or writes. */
export const URL_CONSTRUCTOR = 'URL';

/** `[base, 'reset', token].join('/')`: an array's elements joined into one text by a separator. */
export const ARRAY_JOIN = 'join';

/** `fn.bind(thisArg)`: the same function, called with a fixed `this`. */
export const FUNCTION_BIND = 'bind';

/** Promise continuation: `p.then(value => ...)` hands the callback what `p` resolves to. */
export const PROMISE_THEN = 'then';
/** `new Promise((resolve, reject) => ...)`: the promise resolves to what the executor's first parameter is called with. */
export const PROMISE_CONSTRUCTOR = 'Promise';
/** `Promise.resolve(value)`: a promise of the value. */
export const PROMISE_RESOLVE = 'resolve';

/**
 * RxJS observables (Angular's HttpClient returns them): `source.subscribe(next)` or `subscribe({ next })` hands each
 * value to `next`; `source.pipe(op1, op2)` passes it through operators, of which `map(fn)` replaces it by what `fn`
 * returns, `observing` ones hand it to their callback and on as it is, and `passing` ones hand it on (their callback,
 * if any, gets something else: `catchError` the error). https://rxjs.dev/api
 */
export const OBSERVABLE = {
  subscribe: 'subscribe',
  next: 'next',
  pipe: 'pipe',
  map: 'map',
  observing: new Set(['tap', 'filter']),
  passing: new Set(['take', 'first', 'last', 'catchError', 'retry', 'finalize', 'delay', 'share', 'shareReplay', 'takeUntil', 'timeout', 'distinctUntilChanged']),
} as const;

/** The body reader of a fetch Response (https://developer.mozilla.org/en-US/docs/Web/API/Response/json). */
export const RESPONSE_JSON = 'json';
/** The whole-body text reader of a fetch Response: the body of an auth request read so is the bare token. */
export const RESPONSE_TEXT = 'text';
/** A Fetch API response's success flag: the body read under `if (!res.ok)` is an error. */
export const RESPONSE_OK = 'ok';

/** The browser's script-readable cookie string (https://developer.mozilla.org/en-US/docs/Web/API/Document/cookie). */
export const DOCUMENT_COOKIE = { global: 'document', member: 'cookie', api: 'document.cookie' } as const;

/**
 * Functions that return an object with its keys renamed and its values as they were (a token stays a token):
 * humps (https://github.com/domchristie/humps), camelcase-keys, snakecase-keys, lodash `mapKeys`. By package and export
 * (`default` for a default export).
 */
export const KEY_TRANSFORMS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['humps', new Set(['camelizeKeys', 'decamelizeKeys', 'pascalizeKeys', 'depascalizeKeys'])],
  ['camelcase-keys', new Set(['default'])],
  ['snakecase-keys', new Set(['default'])],
  ['lodash', new Set(['mapKeys'])],
  ['lodash/mapKeys', new Set(['default'])],
  ['lodash.mapkeys', new Set(['default'])],
  ['lodash-es', new Set(['mapKeys'])],
]);
