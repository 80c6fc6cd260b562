/**
 * Library models: what each JWT library's API means, as data. Rules never name a library; they read the
 * normalized operations that the facts layer builds from these models.
 *
 * An access path names a value reachable from a module: `['verify']` is the named export `verify`,
 * `['default']` the default export, `[]` the module namespace (or, for `require`, `module.exports`).
 * Two extra steps describe values made from others: `'()'` is the result of calling, `'new'` an instance
 * made with `new`. So `['createVerifier', '()']` is the function returned by fast-jwt's `createVerifier(...)`.
 */

export type AccessPath = readonly string[];

/** Options every rule understands, whatever a library calls them. */
export type CanonicalOption =
  | 'algorithms' // verification allowlist (array of names)
  | 'algorithm' // signing algorithm (a single name)
  | 'expiresIn' // token lifetime when signing
  | 'ignoreExpiration' // boolean: skip exp check
  | 'clockTolerance' // leeway when checking exp/nbf
  | 'maxAge' // maximum token age accepted
  | 'audience'
  | 'issuer'
  | 'subject'
  // the token's type (`typ` header): on a verify, the type it must have (jose `typ`, fast-jwt `checkTyp`);
  // on a sign, the type it is given (jose `setProtectedHeader({ typ })`, jsonwebtoken `header: { typ }`)
  | 'typ'
  | 'complete' // decode returns {header, payload, signature}
  | 'isRevoked' // revocation hook
  | 'secret' // key given inside an options object (express-jwt, koa-jwt, passport-jwt, ...); defaults to OperationModel.keyOption
  | 'payloadExp' // `exp` inside the payload when signing
  | 'continueOnFailure' // middleware: boolean, true = a missing or invalid token does not stop the request (it goes on to the next handler)
  | 'queryParameter'; // middleware: the query-string parameter it also reads the token from (a name; false or '' = none)

/** How a duration is written in the library. */
export type DurationUnit =
  | 'seconds' // number of seconds
  | 'milliseconds' // number of milliseconds
  | 'timespan' // number = seconds, string = vercel/ms notation ("2h", "7d")
  | 'timespan-ms' // number = milliseconds, string = vercel/ms notation
  | 'jose-time' // jose setExpirationTime: number = absolute epoch seconds, string = "2h" relative
  | 'epoch-seconds'; // absolute NumericDate

export interface OptionLocation {
  /**
   * Where the option object is: an argument index, or 'builder' for builder-chain methods. A location with
   * neither `arg` nor `method` but a `moduleDefault` is an option of the registration only.
   */
  arg?: number;
  /** Path inside the object at `arg` (empty = the argument itself). */
  path?: readonly string[];
  /** The library's name for an option given by position (firebase-admin `verifyIdToken(token, checkRevoked)`), for messages. */
  name?: string;
  /** For builder chains: the method whose first argument carries the option. */
  method?: string;
  /**
   * For operations reached through a factory (fast-jwt `createVerifier(options)(token)`): `arg` counts
   * the arguments of the factory call rather than of the operation call.
   */
  fromFactory?: boolean;
  unit?: DurationUnit;
  /**
   * The option holds ONE algorithm name where the canonical option is a list (jws `verify(sig, alg, key)`,
   * jwt-simple `decode(t, k, false, alg)`, hono `verify(t, k, alg)`): the facts layer presents a single
   * value as a one-element array. An object found at such a location is not the option (hono's newer
   * `verify(t, k, { alg })` form) and counts as absent, so `alternatives` are tried.
   */
  single?: boolean;
  /** Other places the same option may be written; the first location that is not absent wins. */
  alternatives?: readonly OptionLocation[];
  /**
   * The library's boolean option means the opposite of the canonical one (hono `verify(t, k, { exp: false })`
   * turns the expiry check off: canonical `ignoreExpiration: true`). The facts layer negates a boolean
   * literal; any other value there is unknown.
   */
  negated?: boolean;
  /**
   * Path inside the library's registered module options (LibraryModel.moduleConfig) used when the call
   * itself leaves the option out: @nestjs/jwt `JwtModule.register({ signOptions: { expiresIn } })`,
   * @fastify/jwt `register(fastifyJwt, { sign: { expiresIn } })`.
   */
  moduleDefault?: readonly string[];
}

/** What kind of key material a key-import function produces. */
export type KeyKind = 'secret' | 'private' | 'public';

/**
 * A function that turns key material into a key object (jose `importPKCS8(pem, alg)`, `importSPKI`,
 * `importJWK`, node `createSecretKey`). The value resolver sees through it: the result resolves to
 * `{ kind: 'bytes', source, keyKind }`, so rules find literals in imported keys without knowing the library.
 */
export interface KeyImportModel {
  callee: readonly AccessPath[];
  /** Argument with the key material (PEM text, JWK object, bytes). */
  materialArg: number;
  /** Kind of key produced; 'jwk' when it depends on the JWK (`kty: 'oct'` = secret, `d` = private). */
  kind: KeyKind | 'jwk';
  /** Argument naming the algorithm the key is for, when there is one. */
  algorithmArg?: number;
}

/**
 * Where a library is configured once for the whole application; operations then read their defaults from
 * there (OptionLocation.moduleDefault, including inside OperationModel.keyOption).
 * - `call`: a call of a modeled access path, e.g. @nestjs/jwt `JwtModule.register(options)` or
 *   `JwtModule.registerAsync({ useFactory: () => options })`; `new JwtService(options)` is the same.
 * - `plugin`: the library value is passed as an argument to a framework method, e.g. Fastify's
 *   `fastify.register(fastifyJwt, options)`. Such plugins decorate framework objects, so their operations
 *   are reached by method name (OperationForm `decorated`) — only where a registration is in scope.
 */
export type ModuleConfigModel =
  | {
      kind: 'call';
      callee: readonly AccessPath[];
      optionsArg: number;
      /** Property of the options holding a factory whose returned object is the options (`useFactory`). */
      factoryProperty?: string;
      /** Instances built with `new Ctor(options)` carry their options directly. */
      instanceOf?: AccessPath;
      /**
       * The module listed as it is, without a configuring call, in the list of the property `listedIn` (NestJS
       * `imports: [JwtModule]`; not `exports: [JwtModule]`, which shares a registration): a registration with no
       * options, so every default is the library's own.
       */
      bareModule?: { path: AccessPath; listedIn: string };
      /**
       * The plugin decorates the framework's context under the name at `path` of its options (Elysia
       * `jwt({ name: 'accessJwt' })` → `ctx.accessJwt.verify`): the first member of the library's decorated forms is
       * that name, `default` when the option is left out. Several registrations under different names are told
       * apart by it.
       */
      decoratesAs?: { path: readonly string[]; default: string };
    }
  | {
      kind: 'plugin';
      method: string;
      pluginArg: number;
      optionsArg: number;
      /** The plugin may also be given inside an object under this property (Hapi `server.register({ plugin, options })`). */
      pluginProperty?: string;
      /** Named exports that are the plugin as well as the module and its default export (`import { fastifyJwt } from '@fastify/jwt'`). */
      namedExports?: readonly string[];
    };

/** An operation reached through an object the library decorates (Fastify `request.jwtVerify()`, `fastify.jwt.sign()`). */
export interface DecoratedForm {
  kind: 'decorated';
  /** Trailing member names of the callee: `['jwt', 'sign']` matches `<anything>.jwt.sign(...)`. */
  members: readonly string[];
  /**
   * An argument that must be this string literal: Hapi `server.auth.strategy(name, 'jwt', options)` is the plugin's
   * only when the scheme argument names the scheme the plugin registers.
   */
  argument?: { index: number; value: string };
}

/** A builder chain (jose `new SignJWT(payload).setExpirationTime('2h').sign(key)`): the callee is the constructor. */
export interface BuilderForm {
  kind: 'builder';
  /** The method that performs the operation at the end of the chain (`sign`, `encode`). */
  terminal: string;
  keyArgOfTerminal?: number;
  payloadArgOfConstructor: number;
}

/**
 * How code reaches an operation; a model states it once (OperationModel.form, default `call`).
 * - `call`: the callee is called, or constructed with `new` (`jwt.verify(token, key)`, `expressjwt({ ... })`);
 * - `construct`: only `new Ctor(options)`, or `super(options)` in a class extending it (passport-jwt `Strategy`);
 * - `factory`: the callee is a function a factory returns (`['createVerifier', '()']`): the facts layer reports
 *   the operation at the factory call (`JwtOperation.node`) and also reports the factory call itself as an
 *   operation without a token or payload, so a configured verifier or signer that is only exported is still
 *   checked. Findings at the same place merge;
 * - `builder`: a chain from a constructor to a terminal method (BuilderForm);
 * - `decorated`: a method of an object a plugin decorates, reached by member names where a registration of
 *   the plugin is in scope (DecoratedForm; `callee` is then empty).
 * Middleware is a role, not a form (OperationModel.middleware): it is reached by a call (express-jwt), a
 * constructor (passport-jwt) or a decorated method (Hapi `server.auth.strategy`).
 */
export type OperationForm = { kind: 'call' } | { kind: 'construct' } | { kind: 'factory' } | BuilderForm | DecoratedForm;

/**
 * How a verification key resolver (a function given where the key goes) receives the token header: which parameter
 * holds it, and the path to the header inside that parameter (`['header']` when the parameter is the whole decoded
 * token). `callback` names the parameter that receives the key (`done(err, key)`) and the argument of it that carries
 * the key. The header is unverified data: a key looked up from its `kid` / `jku` is header-driven.
 */
export interface KeyResolverModel {
  headerParam: number;
  headerPath: readonly string[];
  callback?: { param: number; keyArg: number };
  /** The key is the function's return value (or its promise). */
  returnsKey: boolean;
}

/**
 * A call that fetches verification keys (a JSON Web Key Set) from a URL: jwks-rsa `jwksClient({ jwksUri })`, jose
 * `createRemoteJWKSet(url)`, a middleware or verifier configured with its issuer's `jwksUri`. Over plain HTTP a
 * network attacker can serve their own keys (token-over-http reports it as a key fetch).
 */
export interface KeySetFetchModel {
  callee: readonly AccessPath[];
  /** Argument holding the URL, or the options object holding it at `urlPath`. */
  urlArg: number;
  urlPath?: readonly string[];
  /**
   * The call's result is the key set itself, or a key picked from it by `kid` (jwks-rsa's client and helpers, jose's
   * remote key set): a verification key made from it belongs to another issuer. False for a middleware or verifier
   * that is only configured with the URL.
   */
  returnsKeySet: boolean;
}

export type OperationKind = 'verify' | 'decode' | 'sign';

export interface OperationModel {
  kind: OperationKind;
  /** Human name used in messages, e.g. `jwt.verify` or `jwtVerify`. */
  api: string;
  /** Access paths that reach the function/constructor; several when versions or styles differ. */
  callee: readonly AccessPath[];
  /** How the callee is reached (OperationForm). Default: `{ kind: 'call' }`. */
  form?: OperationForm;
  /** Argument indexes for each role. */
  tokenArg?: number;
  keyArg?: number;
  payloadArg?: number;
  callbackArg?: number;
  /**
   * Key given inside an options object (e.g. express-jwt `{ secret }`, fast-jwt `createVerifier({ key })`).
   * The facts layer exposes it as `JwtOperation.key` (the property's initializer) when there is no keyArg,
   * and as the canonical option `secret`. `alternatives` and `moduleDefault` apply.
   */
  keyOption?: OptionLocation;
  /**
   * The key is a JSON Web Key Set, not key material: a URL the set is fetched from or a list of JWKs, from
   * which the key is picked per token by `kid` (hono `verifyWithJwks(token, { jwks_uri, keys })`). Strings
   * there are URLs; only JWKs in the list can carry secrets (`k` of an `oct` key, `d` of a private key).
   */
  keySet?: boolean;
  /** A function given as the key is a key resolver called with the token header (verify operations only). */
  keyResolver?: KeyResolverModel;
  /**
   * Token given inside an options object (google-auth-library `verifyIdToken({ idToken, audience })`); exposed as
   * `JwtOperation.token` when there is no tokenArg.
   */
  tokenOption?: OptionLocation;
  /** Payload given inside an options object (jws `sign({ payload })`); exposed as `JwtOperation.payload`. */
  payloadOption?: OptionLocation;
  /**
   * An argument that turns verification off when it is literally `true` (jwt-simple
   * `decode(token, key, noVerify)`): the call is then reported as a `decode` with `verifiesSignature: false`.
   */
  noVerifyArg?: number;
  /**
   * A `sign` that produces an unsigned token (jose `new UnsecuredJWT(payload).encode()`): the facts layer
   * reports the canonical option `algorithm` as the string 'none' located at the constructor.
   */
  unsigned?: boolean;
  /**
   * Library values that, given as the key, mean "no signature" (jose 1.x/2.x `JWK.None`): a sign with such a key
   * issues an unsigned token and a verify with it accepts only unsigned ones. The facts layer then reports the
   * canonical `algorithm` (sign) or, when no allowlist is written, `algorithms` (verify) as 'none' at the key.
   */
  unsignedKeys?: readonly AccessPath[];
  /**
   * The operation takes no token argument: it reads the token itself from the incoming request it is called
   * on (@fastify/jwt `request.jwtVerify()` and `request.jwtDecode()` read the Authorization header or cookie).
   * The facts layer exposes that receiver as `JwtOperation.tokenRequest`.
   */
  tokenFromReceiver?: boolean;
  options?: Partial<Record<CanonicalOption, OptionLocation>>;
  /** Part of the token a decode returns. Default 'payload'. */
  decodes?: 'payload' | 'header' | 'complete';
  /**
   * A boolean option that, when it is literally true, makes the decode return the HEADER instead of its usual
   * part (jwt-decode `jwtDecode(token, { header: true })`): the facts layer then reports the operation with
   * `decodes: 'header'`. Only `arg` and `path` are read.
   */
  headerWhen?: OptionLocation;
  /**
   * Older call forms told apart by their number of arguments. A call with exactly `arity` arguments is read
   * with `override` applied to this model: jws < 3 `verify(signature, key)` took the key second and the
   * algorithm from the token header (no allowlist at all), which jws 3 replaced by `verify(signature, alg, key)`.
   */
  arityForms?: readonly { arity: number; override: Partial<Pick<OperationModel, 'api' | 'keyArg' | 'options' | 'requiresAlgorithms' | 'secretAlgorithms' | 'docs'>> }[];
  /** True when the operation returns a promise (jose). */
  async?: boolean;
  /**
   * True when the library itself refuses to run without an algorithm allowlist (so a missing one is not a
   * finding), e.g. express-jwt >= 6.
   */
  requiresAlgorithms?: boolean;
  /**
   * The algorithms the library accepts, when no allowlist is given, for a key that is a shared secret (a string
   * or bytes, not a PEM key): jsonwebtoken and fast-jwt accept only HMAC then, so a missing allowlist cannot be
   * turned into an algorithm confusion with such a key (pinning it is still defence in depth).
   */
  secretAlgorithms?: readonly string[];
  /**
   * Without an allowlist the library still accepts only the algorithms of the key's own type (jose ≥ 3: an RSA key
   * object or JWK verifies RS and PS only, a JWK's `alg` is enforced, bytes are HMAC, and no public key is ever used
   * as an HMAC secret), so a missing allowlist cannot be turned into an algorithm confusion: defence in depth.
   */
  algorithmsFollowKeyType?: boolean;
  /**
   * A key given as bytes (`Uint8Array`, `new TextEncoder().encode(secret)`) is a symmetric secret: the library
   * takes asymmetric keys only as key objects or JWKs (jose ≥ 3), so such a key is a shared HMAC secret.
   */
  bytesKeyIsSecret?: boolean;
  /** The operation does not check a signature although it looks like it may (jwt-simple decode with noVerify). */
  verifiesSignature?: boolean;
  /**
   * How a verify reports an invalid token. Default `'throws'`: it throws, rejects its promise or passes an
   * error to its callback. `'returns-boolean'`: it returns `false` (jws `verify(signature, alg, key)`), so a
   * caller that discards or never tests the result accepts every token.
   */
  outcome?: 'throws' | 'returns-boolean';
  /**
   * The operation is middleware protecting routes (express-jwt, koa-jwt, passport-jwt, a Hapi auth strategy): the
   * library stops requests whose token fails and hands the claims on. A role, whatever the form.
   */
  middleware?: boolean;
  /** Documentation link. */
  docs?: string;
  /**
   * Library defaults that matter to rules when the option is absent, e.g. `{ algorithm: 'HS256' }` for a
   * sign that signs with HS256 unless told otherwise, `{ ignoreExpiration: false }`. Durations are in seconds.
   */
  defaults?: Partial<Record<CanonicalOption, unknown>>;
}

/**
 * A known verification bypass of a library release (GitHub Security Advisory), for `vulnerable-library`. Only
 * advisories that let a forged or unsigned token pass verification (or make that the default) are listed.
 */
export interface Advisory {
  /** GitHub Security Advisory id (the stable key). */
  ghsa: string;
  /** CVE id, when one was assigned. */
  cve?: string;
  /** npm package name. */
  package: string;
  /** Affected versions as an npm range. */
  affected: string;
  /** First fixed versions (one per maintained major line). */
  fixed: readonly string[];
  summary: string;
  url: string;
  /**
   * Only one feature of the package is affected (hono's JWT middleware): the module specifiers that reach it and
   * its name. vulnerable-library says whether the scanned code imports it.
   */
  feature?: { name: string; specifiers: readonly string[] };
}

/**
 * A function of the library that configures a server to accept the token from a query parameter (passport-jwt
 * `ExtractJwt.fromUrlQueryParameter('token')`): the token then sits in URLs, logs and browser history.
 */
export interface QueryTokenExtractorModel {
  /** Access path inside the library's packages. */
  path: AccessPath;
  /** Label of the API in messages. */
  api: string;
  /** Argument holding the parameter name, or (with `nameOption`) the options object that names it. */
  nameArg: number;
  /**
   * The extractor is a class constructed with options, one of which names the query parameter (permit
   * `new Bearer({ query: 'access_token' })`); without it, a function called with the name.
   */
  nameOption?: string;
  docs: string;
}

export interface LibraryModel {
  /** Stable id, used in fixtures folder names: `fixtures/<rule>/<id>.ts`. */
  id: string;
  /** Module specifiers that load this library (exact, including subpaths like `hono/jwt`). */
  packages: readonly string[];
  /** CommonJS libraries: `import x from 'lib'` is the same value as `require('lib')`. */
  defaultIsNamespace: boolean;
  docs: string;
  operations: readonly OperationModel[];
  /** Functions of this library that import key material (jose `importPKCS8`, ...). */
  keyImports?: readonly KeyImportModel[];
  /** Application-wide configuration that operations take defaults from (@nestjs/jwt, @fastify/jwt). */
  moduleConfig?: ModuleConfigModel;
  /**
   * Functions of OTHER packages that return a subclass of their argument, through which this library's
   * classes are extended: NestJS `class S extends PassportStrategy(Strategy) { constructor() { super(opts) } }`.
   * `module` is that other package; the value resolver treats `fn(Base)` as `Base`.
   */
  subclassFactories?: readonly { module: string; path: AccessPath; baseArg: number; nameArg?: number }[];
  /**
   * For authentication strategies (passport-jwt): the name the strategy is registered under unless one is given
   * (a subclass factory's `nameArg`: NestJS `PassportStrategy(Strategy, 'name')`), which route guards name
   * (`AuthGuard('name')`).
   */
  strategyName?: string;
  /**
   * Library values that, used as the verification key, are the token's own embedded key: the key is read from the
   * header `field` of the token being verified (jose `EmbeddedJWK` takes the `jwk` header parameter).
   */
  embeddedHeaderKeys?: readonly { path: AccessPath; field: string }[];
  /** Calls of this library that fetch verification keys from a URL. */
  keySetFetches?: readonly KeySetFetchModel[];
  /**
   * The library only verifies tokens of an identity provider (Google, Firebase, Cognito, Auth0): their issuer is
   * never the application itself.
   */
  identityProvider?: boolean;
  /** Functions that make a server accept the token from the query string. */
  queryTokenExtractors?: readonly QueryTokenExtractorModel[];
  /** Known verification bypasses in releases of the library's npm packages. */
  advisories?: readonly Advisory[];
  /**
   * Functions of the library that take a token apart the way the runtime's own do in a decode by hand
   * (src/models/by-hand.ts): `jsonParse` reads JSON text like `JSON.parse`, `base64Decode` decodes base64url text like
   * `atob`. jsrsasign `KJUR.jws.JWS.readSafeJSONString(b64utoutf8(token.split('.')[1]))` is then a decode of the payload.
   */
  segmentDecoders?: { jsonParse?: readonly AccessPath[]; base64Decode?: readonly AccessPath[] };
  /**
   * Functions the application gives in the library's configuration that the library calls with a token from the
   * incoming request (Auth.js `jwt: { decode({ token, secret }) }` gets the session cookie): the parameter's member
   * is request data. The configuration is an argument of `callee` or a variable of one of `configTypes`.
   */
  requestCallbacks?: readonly { callee: readonly AccessPath[]; configArg: number; configTypes: readonly string[]; path: readonly string[]; param: number; member: string }[];
}
