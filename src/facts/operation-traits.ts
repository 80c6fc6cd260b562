import { ts } from 'ts-morph';
import type { CanonicalOption, LibraryModel, OperationModel, OptionLocation } from '../models/types.js';

/**
 * What rules need to know about how a library performs an operation, read from its model once and named for
 * what it means. Rules never read the model itself (test/architecture.test.ts): these facts are its whole
 * public face. The same for every call of one API (a wrapper call carries the library operation's).
 */
export interface LibraryTraits {
  /**
   * Middleware protecting routes (express-jwt, koa-jwt, passport-jwt `Strategy`, a Hapi auth strategy, @fastify/jwt
   * `request.jwtVerify()`): the library hands a valid token's claims to later handlers and, unless told
   * otherwise (`continueOnFailure`), stops requests whose token fails.
   */
  isMiddleware: boolean;
  /** The operation returns a promise (jose, `jwtService.verifyAsync`). */
  returnsPromise: boolean;
  /**
   * How a verify reports an invalid token: `'throws'` (it throws, rejects its promise or passes an error to its
   * callback) or `'returns-boolean'` (it returns `false`: jws `verify(signature, alg, key)`).
   */
  invalidTokenOutcome: 'throws' | 'returns-boolean';
  /** The key is a JSON Web Key Set (a URL or a list of JWKs the key is picked from by `kid`), not key material. */
  keyIsKeySet: boolean;
  /** The part of the token a decode returns: the payload, the header only, or all of it (`complete`). */
  decodes: 'payload' | 'header' | 'complete';
  /** For a decode: the argument that holds its options (where `{ complete: true }` or `{ header: true }` go). */
  decodeOptionsArg?: number;
  /** The library refuses to run without an algorithm allowlist (express-jwt >= 6), so a missing one is no risk. */
  requiresAlgorithms: boolean;
  /**
   * The algorithms the library accepts without an allowlist when the key is a shared secret (jsonwebtoken and
   * fast-jwt: HMAC only); undefined when the library does not confine them by the key's type.
   */
  secretAlgorithms?: readonly string[];
  /** Without an allowlist the library accepts only the algorithms of the key's type (jose ≥ 3): no confusion possible. */
  algorithmsFollowKeyType: boolean;
  /**
   * The library's documented values for options left out (e.g. `{ algorithm: 'HS256' }`, `{ ignoreExpiration: true }`,
   * an `algorithms` default list); durations in seconds. Empty when the model records none.
   */
  libraryDefaults: Readonly<Partial<Record<CanonicalOption, unknown>>>;
  /**
   * The library is configured once for the application (@nestjs/jwt `JwtModule.register`, @fastify/jwt
   * `register(fastifyJwt, options)`) and its operations take defaults from that registration (`registration`).
   */
  configuredByModule: boolean;
  /**
   * Where the library takes a canonical option (also where an absent one would be written); undefined when the
   * API has no such option, so a rule about it does not apply.
   */
  optionLocation(name: CanonicalOption): OptionLocation | undefined;
}

/** Facts about the shape of one call of the operation. */
export interface CallShape {
  /**
   * The call configures a verifier, signer or decoder made by a factory (fast-jwt `createVerifier({...})`,
   * reported without token or payload) rather than running it on a token.
   */
  isFactoryConfiguration: boolean;
  /** The key the library takes positionally is left out (`jwt.verify(token)`); false when spread arguments hide it. */
  keyArgumentMissing: boolean;
  /**
   * A function passed last in place of the callback when optional arguments before it are left out
   * (`verify(token, key, (err, claims) => ...)` where the callback is the fourth argument). Undefined when the
   * callback is at its own place (`callback`) or there is none.
   */
  earlyCallback?: ts.Expression;
}

const NO_DEFAULTS: Readonly<Partial<Record<CanonicalOption, unknown>>> = Object.freeze({});

/** The library traits of an operation model (the effective model of the call: arity forms and flags applied). */
export function libraryTraits(library: LibraryModel, model: OperationModel): LibraryTraits {
  return {
    configuredByModule: library.moduleConfig !== undefined,
    isMiddleware: model.middleware === true,
    returnsPromise: model.async === true,
    invalidTokenOutcome: model.outcome ?? 'throws',
    keyIsKeySet: model.keySet === true,
    decodes: model.decodes ?? 'payload',
    decodeOptionsArg: model.options?.complete?.arg ?? model.headerWhen?.arg,
    requiresAlgorithms: model.requiresAlgorithms === true,
    secretAlgorithms: model.secretAlgorithms,
    algorithmsFollowKeyType: model.algorithmsFollowKeyType === true,
    libraryDefaults: model.defaults ?? NO_DEFAULTS,
    optionLocation: (name) => optionLocationOf(model, name),
  };
}

/** The model's location of a canonical option; the key option doubles as the canonical `secret`. */
export function optionLocationOf(model: OperationModel, name: CanonicalOption): OptionLocation | undefined {
  return model.options?.[name] ?? (name === 'secret' ? model.keyOption : undefined);
}

/**
 * The call-shape facts of `call` performing `model`; `primary` is where the operation is reported (the factory call
 * for a factory-made function, which is `call` itself when the factory call is the operation).
 */
export function callShape(model: OperationModel, call: ts.CallExpression | ts.NewExpression, primary: ts.Node): CallShape {
  const args = call.arguments ?? [];
  const spread = args.some((argument) => ts.isSpreadElement(argument));
  const isFactoryConfiguration = model.form?.kind === 'factory' && call === primary;
  return { isFactoryConfiguration, keyArgumentMissing: keyArgumentMissing(model, args, spread, isFactoryConfiguration), earlyCallback: earlyCallback(model, call) };
}

/** A call without traits of its own (a project function wrapping the operation). */
export const PLAIN_CALL: CallShape = { isFactoryConfiguration: false, keyArgumentMissing: false };

function keyArgumentMissing(model: OperationModel, args: readonly ts.Expression[], spread: boolean, factoryConfiguration: boolean): boolean {
  const index = model.keyArg;
  if (index === undefined || model.form?.kind === 'builder' || spread || factoryConfiguration) return false;
  if (model.tokenArg !== undefined && args.length <= model.tokenArg) return false;
  return args.length <= index;
}

function earlyCallback(model: OperationModel, call: ts.CallExpression | ts.NewExpression): ts.Expression | undefined {
  const index = model.callbackArg;
  if (index === undefined || !ts.isCallExpression(call)) return undefined;
  const args = call.arguments;
  const last = args.length - 1;
  const required = Math.max(model.tokenArg ?? -1, model.keyArg ?? -1);
  if (last <= required || last >= index || ts.isSpreadElement(args[last])) return undefined;
  return args[last];
}
