import { HTTP_CLIENTS, instanceRequestMethods, type HttpClientModel } from './http-clients.js';
import { libraryModels } from './index.js';
import { NODE_CRYPTO, NODE_KEY_OBJECT_FUNCTIONS } from './runtime.js';

/**
 * Where a verification key can come from, as data: which calls read files, run SQL text, fetch URLs or turn
 * a value into a key. The facts layer (src/facts/header-flow.ts) uses it to tell when a field of a token's own header (`kid`, `jku`, `x5u`, `jwk`, `x5c`) decides which key
 * verifies that token. What a JWT library contributes (key-set fetches, key imports, key resolvers, embedded
 * header keys) is in its own model (src/models/<library>.ts) and joins the tables here.
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

/** Packages whose clients, pools and connections run SQL text (`pool.query(text)`, `knex.raw(text)`). */
export const SQL_MODULES: readonly string[] = [
  'pg',
  'pg-pool',
  'postgres',
  'mysql',
  'mysql2',
  'mysql2/promise',
  'mariadb',
  'knex',
  'sequelize',
  '@prisma/client',
  'better-sqlite3',
  'sqlite3',
  'sqlite',
  'tedious',
  'mssql',
  'oracledb',
  'typeorm',
  'slonik',
  '@databases/pg',
  '@databases/mysql',
  '@neondatabase/serverless',
  '@vercel/postgres',
  // MikroORM: `em.execute(sql)`, `em.getConnection().execute(sql)`
  '@mikro-orm/core',
  '@mikro-orm/knex',
  '@mikro-orm/postgresql',
  '@mikro-orm/mysql',
  '@mikro-orm/mariadb',
  '@mikro-orm/sqlite',
  '@mikro-orm/better-sqlite',
  '@mikro-orm/mssql',
];

/** Methods that run their first argument as SQL text. Tagged-template forms (`sql\`...\``, `$queryRaw\`...\``) bind parameters and are not here. */
export const SQL_TEXT_METHODS: ReadonlySet<string> = new Set([
  'query',
  'raw',
  'execute',
  'exec',
  'prepare',
  'run',
  'all',
  'get',
  'unsafe',
  '$queryRawUnsafe',
  '$executeRawUnsafe',
  'queryRaw',
  'whereRaw',
  'manyOrNone',
  'oneOrNone',
  'one',
  'none',
  'any',
  'many',
]);

/** Methods so common on non-database objects that the receiver must be known to be a database (not just named like one). */
export const SQL_AMBIGUOUS_METHODS: ReadonlySet<string> = new Set(['get', 'run', 'all', 'one', 'none', 'any', 'many', 'exec', 'prepare']);

/**
 * Conventional names of database handles (`db.query`, `this.pool.query`, `req.db.query`), used when the
 * receiver cannot be traced to one of SQL_MODULES. Only with unambiguous SQL methods.
 */
export const SQL_HANDLE_NAMES: ReadonlySet<string> = new Set([
  'db',
  'database',
  'pool',
  'pg',
  'client',
  'conn',
  'connection',
  'knex',
  'sequelize',
  'prisma',
  'sql',
  'mysql',
  'pgPool',
  'dbPool',
  'dbClient',
  'pgClient',
  'trx',
  'tx',
  'transaction',
  'dataSource',
  'manager',
  'queryRunner',
]);

/**
 * The URLs an HTTP client (./http-clients.ts) fetches: the global function, the call forms that take the URL as first
 * argument or in a `url` field of a configuration given first, further fetching exports, and the request methods of
 * instances its factory makes.
 */
function fetchedUrls(client: HttpClientModel): KeySourceCall[] {
  const forms = (client.requests ?? []).filter((form) => !form.factory);
  const paths = [...forms.filter((form) => form.urlArg === 0).flatMap((form) => form.paths), ...(client.fetches ?? [])];
  const methods = instanceRequestMethods(client);
  return [
    ...(client.global ? [{ kind: 'url' as const, global: client.global, arg: 0 }] : []),
    ...(paths.length > 0 ? [{ kind: 'url' as const, modules: client.modules, paths, arg: 0 }] : []),
    ...forms.flatMap((form) =>
      form.urlField && (form.configArg === 0 || form.configFirstWhenObject) ? [{ kind: 'url' as const, modules: client.modules, paths: form.paths, arg: 0, path: [form.urlField] }] : [],
    ),
    ...(methods.length > 0 ? [{ kind: 'url' as const, modules: client.modules, paths: [], methodsOfInstances: methods, arg: 0 }] : []),
  ];
}

/** Calls that read a file, fetch a URL or turn material into a key. */
export const KEY_SOURCE_CALLS: readonly KeySourceCall[] = [
  // files
  {
    kind: 'file',
    modules: FS,
    paths: [['readFile'], ['readFileSync'], ['createReadStream'], ['promises', 'readFile'], ['readJson'], ['readJsonSync'], ['readJSON'], ['readJSONSync'], ['open'], ['openSync']],
    arg: 0,
  },
  // URLs fetched by HTTP clients
  ...HTTP_CLIENTS.flatMap(fetchedUrls),
  // a JWKS fetched from a URL: jwks-rsa `jwksClient({ jwksUri })`, jose `createRemoteJWKSet(url)`, middleware and
  // verifiers configured with the JWKS URL of their issuer (the library models' `keySetFetches`)
  ...libraryModels.flatMap((library) =>
    (library.keySetFetches ?? []).map(
      (fetch): KeySourceCall => ({ kind: 'url', modules: library.packages, paths: fetch.callee, arg: fetch.urlArg, ...(fetch.urlPath ? { path: fetch.urlPath } : {}), keySet: true }),
    ),
  ),
  { kind: 'url', modules: ['get-jwks'], paths: [], methodsOfInstances: ['getJwk', 'getPublicKey'], arg: 0, path: ['domain'], keySet: true },
  // key material: the key imports of the library models (jose `importJWK(jwk)`, node-jose `JWK.asKey(pem)`), node's
  ...libraryModels.flatMap((library) =>
    (library.keyImports ?? []).map((keyImport): KeySourceCall => ({ kind: 'key', modules: library.packages, paths: keyImport.callee, arg: keyImport.materialArg })),
  ),
  { kind: 'key', modules: NODE_CRYPTO.modules, paths: [...NODE_KEY_OBJECT_FUNCTIONS.map((name) => [name]), [NODE_CRYPTO.certificateClass]], arg: 0 },
  { kind: 'key', modules: NODE_CRYPTO.modules, paths: [[NODE_CRYPTO.publicKeyFunction], [NODE_CRYPTO.privateKeyFunction]], arg: 0, path: ['key'] },
  { kind: 'key', modules: ['jwk-to-pem'], paths: [[]], arg: 0 },
];

/**
 * Functions that build a string, path or URL from their arguments: a header field passed in is still in the
 * result. (Unknown calls are not followed: their result is not header data.)
 */
export const PROPAGATING_CALLS: readonly { modules?: readonly string[]; global?: string; paths?: readonly (readonly string[])[]; construct?: boolean }[] = [
  {
    modules: ['path', 'node:path', 'path/posix', 'node:path/posix', 'upath'],
    paths: [['join'], ['resolve'], ['normalize'], ['format'], ['posix', 'join'], ['posix', 'resolve'], ['win32', 'join'], ['win32', 'resolve']],
  },
  { modules: ['util', 'node:util'], paths: [['format']] },
  { global: 'URL', construct: true },
  { global: 'String' },
  { global: 'decodeURIComponent' },
  { global: 'decodeURI' },
  { global: 'Buffer', paths: [['from']] },
];

/** Methods that keep their receiver's content (`kid.trim()`, `x5c[0].replace(...)`, `new URL(jku).toString()`). */
export const PROPAGATING_METHODS: ReadonlySet<string> = new Set([
  'trim',
  'trimStart',
  'trimEnd',
  'toLowerCase',
  'toUpperCase',
  'toString',
  'valueOf',
  'replace',
  'replaceAll',
  'concat',
  'slice',
  'substring',
  'substr',
  'padStart',
  'padEnd',
  'normalize',
  'at',
  'join',
  'toJSON',
]);

/** Calls whose result no longer lets the header steer the path or query (encoding, basename, numbers). */
export const SANITIZING_CALLS: ReadonlySet<string> = new Set([
  'encodeURIComponent',
  'encodeURI',
  'basename',
  'parseInt',
  'parseFloat',
  'Number',
  'escape',
  'escapeId',
  'escapeLiteral',
  'escapeIdentifier',
]);

/** Methods that check a header value against an allowlist or a pattern (`/^[\w-]+$/.test(kid)`, `ALLOWED.includes(kid)`). */
export const VALIDATING_METHODS: ReadonlySet<string> = new Set([
  'test',
  'includes',
  'has',
  'match',
  'startsWith',
  'indexOf',
  'hasOwnProperty',
  'hasOwn',
  'some',
  'find',
  'exec',
  'isValid',
  'validate',
  'matches',
]);

/**
 * Calls whose result nobody can predict. A verification key made from one (`'' + Math.random()`,
 * `randomBytes(32).toString('hex')`) is known to no issuer, so the guard accepts no token at all (a deny-all
 * placeholder): audience, issuer and revocation checks add nothing there. Matched through the module the
 * function comes from, or for globals by the object and member name (`Math.random`, `crypto.randomUUID`).
 */
export const RANDOM_VALUE_CALLS: readonly { modules?: readonly string[]; global?: string; paths: readonly (readonly string[])[] }[] = [
  { modules: NODE_CRYPTO.modules, paths: [['randomBytes'], ['randomUUID'], ['randomInt'], ['getRandomValues'], ['webcrypto', 'getRandomValues'], ['pseudoRandomBytes']] },
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
export const FILE_READERS: ReadonlySet<string> = new Set(KEY_SOURCE_CALLS.filter((call) => call.kind === 'file').flatMap((call) => (call.paths ?? []).map((p) => p[p.length - 1])));

/** Words that tell the two halves of a key pair apart in names (`JWT_PRIVATE_KEY` / `JWT_PUBLIC_KEY`). */
export const KEY_PAIR_WORDS = /private|public|priv(?=[\W_]|$)|pub(?=[\W_]|$)/gi;
