/**
 * Where a verification key can come from, as data: which calls read files, run SQL text, fetch URLs or turn
 * a value into a key, and which calls are safe key lookups. The facts layer (src/facts/header-flow.ts) uses
 * it to tell when a field of a token's own header (`kid`, `jku`, `x5u`, `jwk`, `x5c`) decides which key
 * verifies that token.
 *
 * A call is matched either through the module it comes from (an access path as in ./types.ts, with a leading
 * `default` ignored for these CommonJS-style modules) or, for globals, by its bare name.
 */

/** JOSE header parameters that select or carry the verification key (RFC 7515 §4.1). */
export const KEY_HEADER_FIELDS: ReadonlySet<string> = new Set(['kid', 'jku', 'x5u', 'jwk', 'x5c']);

export type KeySourceKind =
  /** The argument is a file path that is read. */
  | 'file'
  /** The argument is SQL text that is run. */
  | 'sql'
  /** The argument is a URL that is fetched. */
  | 'url'
  /** The argument becomes a key (imported JWK, certificate, PEM). */
  | 'key';

export interface KeySourceCall {
  kind: KeySourceKind;
  /** Module specifiers the function comes from; absent for globals matched by `global`. */
  modules?: readonly string[];
  /** Access paths inside those modules (without a leading `default`); the last element may be reached from any instance. */
  paths?: readonly (readonly string[])[];
  /** A global function (`fetch`) or constructor (`URL` is a propagator, not here) matched by name when not declared locally. */
  global?: string;
  /** Argument holding the path / SQL text / URL / key material. */
  arg: number;
  /** Property of that argument when it is an options object (`axios({ url })`, `createPublicKey({ key })`). */
  path?: readonly string[];
  /** Match calls of any method with one of these names on any value made from `modules` (instances, factory results). */
  methodsOfInstances?: readonly string[];
  /**
   * A `url` source that fetches VERIFICATION KEYS (a JWKS): fetched over plain HTTP, a network attacker can serve
   * their own keys and forge any token (token-over-http reports it as a key fetch).
   */
  keySet?: boolean;
}

const FS = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'fs-extra', 'graceful-fs'];
const HTTP = ['http', 'https', 'node:http', 'node:https'];
const CRYPTO = ['crypto', 'node:crypto'];

/** Packages whose clients, pools and connections run SQL text (`pool.query(text)`, `knex.raw(text)`). */
export const SQL_MODULES: readonly string[] = [
  'pg', 'pg-pool', 'postgres', 'mysql', 'mysql2', 'mysql2/promise', 'mariadb', 'knex', 'sequelize', '@prisma/client', 'better-sqlite3', 'sqlite3',
  'sqlite', 'tedious', 'mssql', 'oracledb', 'typeorm', 'slonik', '@databases/pg', '@databases/mysql', '@neondatabase/serverless', '@vercel/postgres',
];

/** Methods that run their first argument as SQL text. Tagged-template forms (`sql\`...\``, `$queryRaw\`...\``) bind parameters and are not here. */
export const SQL_TEXT_METHODS: ReadonlySet<string> = new Set([
  'query', 'raw', 'execute', 'exec', 'prepare', 'run', 'all', 'get', 'unsafe', '$queryRawUnsafe', '$executeRawUnsafe', 'queryRaw', 'whereRaw', 'manyOrNone', 'oneOrNone', 'one', 'none', 'any', 'many',
]);

/** Methods so common on non-database objects that the receiver must be known to be a database (not just named like one). */
export const SQL_AMBIGUOUS_METHODS: ReadonlySet<string> = new Set(['get', 'run', 'all', 'one', 'none', 'any', 'many', 'exec', 'prepare']);

/**
 * Conventional names of database handles (`db.query`, `this.pool.query`, `req.db.query`), used when the
 * receiver cannot be traced to one of SQL_MODULES. Only with unambiguous SQL methods.
 */
export const SQL_HANDLE_NAMES: ReadonlySet<string> = new Set([
  'db', 'database', 'pool', 'pg', 'client', 'conn', 'connection', 'knex', 'sequelize', 'prisma', 'sql', 'mysql', 'pgPool', 'dbPool', 'dbClient', 'pgClient', 'trx', 'tx', 'transaction', 'dataSource', 'manager', 'queryRunner',
]);

/** Calls that read a file, fetch a URL or turn material into a key. */
export const KEY_SOURCE_CALLS: readonly KeySourceCall[] = [
  // files
  { kind: 'file', modules: FS, paths: [['readFile'], ['readFileSync'], ['createReadStream'], ['promises', 'readFile'], ['readJson'], ['readJsonSync'], ['readJSON'], ['readJSONSync'], ['open'], ['openSync']], arg: 0 },
  // URLs
  { kind: 'url', global: 'fetch', arg: 0 },
  { kind: 'url', modules: ['node-fetch', 'cross-fetch', 'isomorphic-fetch', 'undici', 'ky', 'ofetch', 'axios', 'got', 'superagent', 'needle', 'phin', 'request', 'request-promise', 'bent'], paths: [[], ['fetch'], ['request'], ['get'], ['post'], ['head'], ['ofetch'], ['$fetch']], arg: 0 },
  { kind: 'url', modules: ['axios'], paths: [[], ['request']], arg: 0, path: ['url'] },
  { kind: 'url', modules: ['axios', 'got', 'ky'], paths: [], methodsOfInstances: ['get', 'post', 'request', 'head'], arg: 0 },
  { kind: 'url', modules: HTTP, paths: [['get'], ['request']], arg: 0 },
  // a JWKS fetched from a URL: jwks-rsa `jwksClient({ jwksUri })`, jose `createRemoteJWKSet(url)`
  { kind: 'url', modules: ['jwks-rsa'], paths: [[], ['JwksClient'], ['expressJwtSecret'], ['koaJwtSecret'], ['passportJwtSecret'], ['hapiJwt2Key'], ['hapiJwt2KeyAsync']], arg: 0, path: ['jwksUri'], keySet: true },
  { kind: 'url', modules: ['jose'], paths: [['createRemoteJWKSet']], arg: 0, keySet: true },
  { kind: 'url', modules: ['get-jwks'], paths: [], methodsOfInstances: ['getJwk', 'getPublicKey'], arg: 0, path: ['domain'], keySet: true },
  // middleware and verifiers configured with the JWKS URL of their issuer
  { kind: 'url', modules: ['express-oauth2-jwt-bearer'], paths: [['auth']], arg: 0, path: ['jwksUri'], keySet: true },
  { kind: 'url', modules: ['aws-jwt-verify'], paths: [['JwtRsaVerifier', 'create']], arg: 0, path: ['jwksUri'], keySet: true },
  { kind: 'url', modules: ['hono/jwt'], paths: [['verifyWithJwks']], arg: 1, path: ['jwks_uri'], keySet: true },
  // key material
  { kind: 'key', modules: ['jose'], paths: [['importJWK'], ['importX509'], ['importSPKI'], ['importPKCS8']], arg: 0 },
  { kind: 'key', modules: CRYPTO, paths: [['createPublicKey'], ['createPrivateKey'], ['createSecretKey'], ['X509Certificate']], arg: 0 },
  { kind: 'key', modules: CRYPTO, paths: [['createPublicKey'], ['createPrivateKey']], arg: 0, path: ['key'] },
  { kind: 'key', modules: ['jwk-to-pem'], paths: [[]], arg: 0 },
  { kind: 'key', modules: ['node-jose'], paths: [['JWK', 'asKey']], arg: 0 },
];

/**
 * Library values that are the token's own embedded key when used as a verification key (jose `EmbeddedJWK`
 * takes the key from the `jwk` header parameter).
 */
export const EMBEDDED_HEADER_KEYS: readonly { module: string; path: readonly string[]; field: string }[] = [
  { module: 'jose', path: ['EmbeddedJWK'], field: 'jwk' },
];

/**
 * Safe key lookups: given a `kid`, they return a key from a trusted set (a JWKS the server chose, an
 * in-memory map). Their results never carry header data. Lookups in object literals and `Map`s are
 * recognised structurally (`keys[kid]`, `keys.get(kid)`): neither is a key source above.
 */
export const SAFE_KEY_LOOKUPS: readonly { modules: readonly string[]; methods: readonly string[] }[] = [
  { modules: ['jwks-rsa'], methods: ['getSigningKey', 'getSigningKeys', 'getKeys'] },
  { modules: ['jose'], methods: ['createLocalJWKSet'] },
];

/**
 * Functions that build a string, path or URL from their arguments: a header field passed in is still in the
 * result. (Unknown calls are not followed: their result is not header data.)
 */
export const PROPAGATING_CALLS: readonly { modules?: readonly string[]; global?: string; paths?: readonly (readonly string[])[]; construct?: boolean }[] = [
  { modules: ['path', 'node:path', 'path/posix', 'node:path/posix', 'upath'], paths: [['join'], ['resolve'], ['normalize'], ['format'], ['posix', 'join'], ['posix', 'resolve'], ['win32', 'join'], ['win32', 'resolve']] },
  { modules: ['util', 'node:util'], paths: [['format']] },
  { global: 'URL', construct: true },
  { global: 'String' },
  { global: 'decodeURIComponent' },
  { global: 'decodeURI' },
  { global: 'Buffer', paths: [['from']] },
];

/** Methods that keep their receiver's content (`kid.trim()`, `x5c[0].replace(...)`, `new URL(jku).toString()`). */
export const PROPAGATING_METHODS: ReadonlySet<string> = new Set([
  'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'toString', 'valueOf', 'replace', 'replaceAll', 'concat', 'slice', 'substring', 'substr',
  'padStart', 'padEnd', 'normalize', 'at', 'join', 'toJSON',
]);

/** Calls whose result no longer lets the header steer the path or query (encoding, basename, numbers). */
export const SANITIZING_CALLS: ReadonlySet<string> = new Set(['encodeURIComponent', 'encodeURI', 'basename', 'parseInt', 'parseFloat', 'Number', 'escape', 'escapeId', 'escapeLiteral', 'escapeIdentifier']);

/** Methods that check a header value against an allowlist or a pattern (`/^[\w-]+$/.test(kid)`, `ALLOWED.includes(kid)`). */
export const VALIDATING_METHODS: ReadonlySet<string> = new Set(['test', 'includes', 'has', 'match', 'startsWith', 'indexOf', 'hasOwnProperty', 'hasOwn', 'some', 'find', 'exec', 'isValid', 'validate', 'matches']);

/**
 * How a verification key resolver (a function given where the key goes) receives the token header, per
 * library and API: which parameter holds it, and the path to the header inside that parameter (`['header']`
 * when the parameter is the whole decoded token). `callback` names the parameter that receives the key
 * (`done(err, key)`) and the argument of it that carries the key.
 */
export interface KeyResolverShape {
  library: string;
  /** Operation APIs this applies to (all verify operations of the library when absent). */
  apis?: readonly string[];
  headerParam: number;
  headerPath: readonly string[];
  callback?: { param: number; keyArg: number };
  /** The key is the function's return value (or its promise). */
  returnsKey: boolean;
}

export const KEY_RESOLVERS: readonly KeyResolverShape[] = [
  // getKey(header, callback) — https://github.com/auth0/node-jsonwebtoken#jwtverifytoken-secretorpublickey-options-callback
  { library: 'jsonwebtoken', headerParam: 0, headerPath: [], callback: { param: 1, keyArg: 1 }, returnsKey: false },
  // (protectedHeader, token) => key — https://github.com/panva/jose/blob/main/docs/jwt/verify/functions/jwtVerify.md
  { library: 'jose', headerParam: 0, headerPath: [], returnsKey: true },
  // express-jwt >= 7 `secret: (req, token) => key`, token = { header, payload } — https://github.com/auth0/express-jwt#retrieve-key-dynamically
  { library: 'express-jwt', apis: ['expressjwt'], headerParam: 1, headerPath: ['header'], returnsKey: true },
  // express-jwt 6 `secret: (req, header, payload, done)` (<= 5 passed the payload second: just as unverified)
  { library: 'express-jwt', apis: ['express-jwt'], headerParam: 1, headerPath: [], callback: { param: 3, keyArg: 1 }, returnsKey: false },
  // koa-jwt `secret: (header, payload) => Promise<key>` (jwks-rsa koaJwtSecret's `({ alg, kid })`) — https://github.com/koajs/jwt#retrieving-the-secret
  { library: 'koa-jwt', headerParam: 0, headerPath: [], returnsKey: true },
  // fast-jwt `key: (decoded) => key` or `(decoded, callback)`, decoded = { header, payload, signature } — https://github.com/nearform/fast-jwt#createverifier
  { library: 'fast-jwt', headerParam: 0, headerPath: ['header'], callback: { param: 1, keyArg: 1 }, returnsKey: true },
  // @fastify/jwt `secret: (request, token) => key` or `(request, token, callback)`, token = { header, payload } — https://github.com/fastify/fastify-jwt#secret-required
  { library: 'fastify-jwt', headerParam: 1, headerPath: ['header'], callback: { param: 2, keyArg: 1 }, returnsKey: true },
];

/**
 * Calls whose result nobody can predict. A verification key made from one (`'' + Math.random()`,
 * `randomBytes(32).toString('hex')`) is known to no issuer, so the guard accepts no token at all (a deny-all
 * placeholder): audience, issuer and revocation checks add nothing there. Matched through the module the
 * function comes from, or for globals by the object and member name (`Math.random`, `crypto.randomUUID`).
 */
export const RANDOM_VALUE_CALLS: readonly { modules?: readonly string[]; global?: string; paths: readonly (readonly string[])[] }[] = [
  { modules: CRYPTO, paths: [['randomBytes'], ['randomUUID'], ['randomInt'], ['getRandomValues'], ['webcrypto', 'getRandomValues'], ['pseudoRandomBytes']] },
  { global: 'Math', paths: [['random']] },
  { global: 'crypto', paths: [['randomUUID'], ['getRandomValues'], ['randomBytes']] },
  { modules: ['uuid'], paths: [['v4'], ['v7']] },
  { modules: ['nanoid'], paths: [['nanoid']] },
];

/**
 * Key identity (src/facts/key-identity.ts): which calls read a configuration value by key
 * (`configService.get('JWT_SECRET')` of @nestjs/config, node-config `config.get('jwt.secret')`, convict) —
 * the same key read twice is the same secret — when their receiver is named like a configuration object.
 */
export const CONFIG_GETTERS: ReadonlySet<string> = new Set(['get', 'getOrThrow', 'getString', 'require']);
export const CONFIG_RECEIVER = /(config|settings|env)\w*$/i;

/** Calls that read a key file: the same file name is the same key. */
export const FILE_READERS: ReadonlySet<string> = new Set(
  KEY_SOURCE_CALLS.filter((call) => call.kind === 'file').flatMap((call) => (call.paths ?? []).map((p) => p[p.length - 1])),
);

/** Words that tell the two halves of a key pair apart in names (`JWT_PRIVATE_KEY` / `JWT_PUBLIC_KEY`). */
export const KEY_PAIR_WORDS = /private|public|priv(?=[\W_]|$)|pub(?=[\W_]|$)/gi;
