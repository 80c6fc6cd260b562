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
  | 'complete' // decode returns {header, payload, signature}
  | 'isRevoked' // revocation hook
  | 'secret' // key given inside an options object (express-jwt, koa-jwt, passport-jwt, ...)
  | 'payloadExp'; // `exp` inside the payload when signing

/** How a duration is written in the library. */
export type DurationUnit =
  | 'seconds' // number of seconds
  | 'milliseconds' // number of milliseconds
  | 'timespan' // number = seconds, string = vercel/ms notation ("2h", "7d")
  | 'timespan-ms' // number = milliseconds, string = vercel/ms notation
  | 'jose-time' // jose setExpirationTime: number = absolute epoch seconds, string = "2h" relative
  | 'epoch-seconds'; // absolute NumericDate

export interface OptionLocation {
  /** Where the option object is: an argument index, or 'builder' for builder-chain methods. */
  arg?: number;
  /** Path inside the object at `arg` (empty = the argument itself). */
  path?: readonly string[];
  /** For builder chains: the method whose first argument carries the option. */
  method?: string;
  /**
   * For operations reached through a factory (fast-jwt `createVerifier(options)(token)`): `arg` counts
   * the arguments of the factory call rather than of the operation call.
   */
  fromFactory?: boolean;
  unit?: DurationUnit;
}

export type OperationKind = 'verify' | 'decode' | 'sign';

export interface OperationModel {
  kind: OperationKind;
  /** Human name used in messages, e.g. `jwt.verify` or `jwtVerify`. */
  api: string;
  /** Access paths that reach the function/constructor; several when versions or styles differ. */
  callee: readonly AccessPath[];
  /** `new X(...)` vs `X(...)`. Default: either. */
  construct?: boolean;
  /** Argument indexes for each role. */
  tokenArg?: number;
  keyArg?: number;
  payloadArg?: number;
  callbackArg?: number;
  /** Key given inside an options object (e.g. express-jwt `{ secret }`). */
  keyOption?: OptionLocation;
  options?: Partial<Record<CanonicalOption, OptionLocation>>;
  /** Part of the token a decode returns. Default 'payload'. */
  decodes?: 'payload' | 'header' | 'complete';
  /** True when the operation returns a promise (jose). */
  async?: boolean;
  /**
   * True when the library itself refuses to run without an algorithm allowlist (so a missing one is not a
   * finding), e.g. express-jwt >= 6.
   */
  requiresAlgorithms?: boolean;
  /** The operation does not check a signature although it looks like it may (jwt-simple decode with noVerify). */
  verifiesSignature?: boolean;
  /** Builder chains (jose `new SignJWT(p).setExpirationTime('2h').sign(key)`): the constructor and terminal method. */
  builder?: { terminal: string; keyArgOfTerminal: number; payloadArgOfConstructor: number };
  /** Where this operation is middleware protecting routes (express-jwt, koa-jwt). */
  middleware?: boolean;
  /** Documentation link. */
  docs?: string;
  /** Library defaults that matter to rules, e.g. { ignoreExpiration: false }. */
  defaults?: Partial<Record<CanonicalOption, unknown>>;
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
}
