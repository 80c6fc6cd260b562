import type { ts } from 'ts-morph';
import type { CanonicalOption, LibraryModel, OperationKind, OperationModel, OptionLocation } from '../models/types.js';
import type { Value } from '../dataflow/values.js';
import type { Duration } from './durations.js';
import type { RecordType } from './entities.js';
import type { RecordPlacement } from './record-placements.js';
import type { CallShape, LibraryTraits } from './operation-traits.js';

/** A call or constructor expression: where operations are performed and options written. */
export type CallNode = ts.CallExpression | ts.NewExpression;

/** Where an absent option can be written at a call (`JwtOperation.optionTarget`). */
export type OptionTarget = { object: ts.ObjectLiteralExpression } | { after: ts.Expression } | { call: CallNode };

/**
 * `caller` (on an operation through a project function): the option is decided by that call of the function,
 * which passes the options parameter (or leaves it out) — `createToken(payload, secret, options?)` called as
 * `createToken({ userId }, SECRET)` signs without expiry. Without `caller` the option is the library call's own.
 */
export type OptionFact =
  /** `registration`: set when the value comes from a module registration (plugin / module options). */
  | { state: 'present'; value: Value; node: ts.Node; location: OptionLocation; registration?: ts.Node; caller?: CallNode }
  /** `registration`: the module registration (plugin / module options) that was consulted and lacks the option. */
  | { state: 'absent'; location: OptionLocation; registration?: ts.Node; caller?: CallNode }
  | { state: 'unknown'; node: ts.Node; location: OptionLocation };

/**
 * A JWT operation found in code, normalized across libraries. What the library's model says about it is exposed
 * as facts (LibraryTraits, CallShape); `model` itself is for the facts layer, never for rules.
 */
export interface JwtOperation extends LibraryTraits, CallShape {
  kind: OperationKind;
  library: LibraryModel;
  model: OperationModel;
  /** Human name of the API, e.g. `jwt.verify`. */
  api: string;
  /**
   * The primary location of most findings: the call or constructor for plain calls, the constructor of a
   * builder chain (jose `new SignJWT(...)`), the factory call for factory-made functions (fast-jwt
   * `createVerifier({...})`). Use `call` to reason about the code around the operation.
   */
  node: CallNode;
  /** The call that performs the operation (the builder's terminal call, the call of a factory-made function). */
  call: CallNode;
  /** Calls that produced the callee (factory call, builder constructor and methods). */
  sites: readonly CallNode[];
  token?: ts.Expression;
  /**
   * For operations that read the token from the request they are called on (`model.tokenFromReceiver`,
   * @fastify/jwt `request.jwtDecode()`): that request expression. `token` is then undefined.
   */
  tokenRequest?: ts.Expression;
  /**
   * The key expression: a key argument, or the initializer of the options property that holds it
   * (express-jwt `{ secret }`, fast-jwt factory `{ key }`), or of the module registration that provides it
   * (@nestjs/jwt `JwtModule.register({ secret })`) — possibly in another file. Modeled key imports
   * (jose `importPKCS8(pem, alg)`) resolve to `bytes` Values with a `keyKind`.
   */
  key?: ts.Expression;
  /** Where the key came from. */
  keySource?: 'argument' | 'option' | 'module';
  payload?: ts.Expression;
  callback?: ts.Expression;
  /** True when the options of this call cannot be fully seen (spread arguments). */
  hasSpreadArguments: boolean;
  /**
   * False for operations that check no signature although the API can (jwt-simple `decode(t, k, true)`,
   * jose `UnsecuredJWT.decode`). True for every verify.
   */
  verifiesSignature: boolean;
  /**
   * The module registration this operation takes defaults from (@nestjs/jwt, @fastify/jwt), when one
   * applies unambiguously: the registering call, or the module listed bare (`imports: [JwtModule]`).
   */
  registration?: ts.Node;
  /**
   * A canonical option. Looks at the call (and its alternatives), then the module registration defaults.
   * `absent` means the option is certainly not given (the library default, `model.defaults`, applies);
   * `unknown` that it cannot be seen. For `unsigned` sign operations `algorithm` is the string 'none'.
   * Options that hold one algorithm name where a list is canonical (`single`) are presented as one-element arrays.
   */
  option(name: CanonicalOption): OptionFact;
  /**
   * Where an absent option could be written at this call, for fixes: the options object literal written as the
   * argument the model names (`{ object }`), or, when the call stops just before that argument, the last
   * argument to append an options object after (`{ after }`), or a call without arguments whose options come
   * first (`{ call }`: `request.jwtVerify()`). Undefined for nested paths, single-value locations, builder
   * methods, factories, spreads and options built elsewhere.
   */
  optionTarget(name: CanonicalOption): OptionTarget | undefined;
  /**
   * A duration option converted to seconds with the model's unit (`expiresIn`, `maxAge`, `clockTolerance`,
   * `payloadExp`); undefined when absent, unknown or not a literal number/string.
   */
  duration(name: CanonicalOption): Duration | undefined;
  /**
   * The record type of a value this operation handles (typically a payload or a property of it): its class,
   * interface or type literal, found through annotations, `as`, `new`, declared return types and imports, and
   * whether it is a whole persisted entity by the ORM models (src/models/orm.ts). Undefined when not known.
   */
  recordType(expression: ts.Expression): RecordType | undefined;
  /**
   * The records placed in a value (typically the payload): the value itself, spreads and properties of object
   * literals, deep copies, and the returns of project functions built from their arguments; see `recordType`.
   */
  recordsIn(expression: ts.Expression): RecordPlacement[];
  /**
   * Set on an operation performed through a project function (a wrapper): `node` and `call` are the call of the
   * wrapper, `token` / `payload` / `key` the wrapper's arguments that reach the library call's token, payload or
   * key (undefined when no argument does), and `via` the library operation inside. Options, durations and the
   * registration are the library call's. Rules whose problem is carried by an argument opt in to these
   * (`meta.wrapperCalls`); option- and key-borne problems stay at the library call.
   */
  via?: JwtOperation;
  /** For a wrapper operation: the calls from the wrapper down to the library call (wrappers of wrappers). */
  through?: readonly CallNode[];
}
