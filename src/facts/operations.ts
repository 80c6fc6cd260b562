import { ts } from 'ts-morph';
import { decoratedOperations, modelForPackage, normalizePath, operationsAt } from '../models/index.js';
import { BY_HAND_ASYMMETRIC, BY_HAND_DECODE, BY_HAND_SIGN, BY_HAND_VERIFY, byHand } from '../models/by-hand.js';
import { handSignedHmac } from './by-hand-sign.js';
import { handAsymmetricVerification, handVerification, type HandAsymmetricVerification } from './by-hand-verify.js';
import { base64Argument, isJsonParse, jsonDecodeHelperParameter, splitSegment } from './by-hand-decode.js';
import type { CanonicalOption, LibraryModel, OperationKind, OperationModel, OptionLocation } from '../models/types.js';
import { stripWrappers, type Value, type ValueResolver } from '../dataflow/values.js';
import { toDuration, type Duration } from './durations.js';
import { ModuleConfigIndex, type ModuleRegistration, type Registration } from './module-config.js';
import { RecordTypes, type RecordType } from './entities.js';
import { FunctionSummaries, type RoleSite } from '../dataflow/summaries.js';
import { ClaimReads } from './claim-reads.js';
import { callShape, libraryTraits, PLAIN_CALL, type CallShape, type LibraryTraits } from './operation-traits.js';

export type { RecordMember, RecordType } from './entities.js';

export type OptionFact =
  /** `registration`: set when the value comes from a module registration (plugin / module options). */
  | { state: 'present'; value: Value; node: ts.Node; location: OptionLocation; registration?: ts.Node }
  /** `registration`: the module registration (plugin / module options) that was consulted and lacks the option. */
  | { state: 'absent'; location: OptionLocation; registration?: ts.Node }
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
  node: ts.CallExpression | ts.NewExpression;
  /** The call that performs the operation (the builder's terminal call, the call of a factory-made function). */
  call: ts.CallExpression | ts.NewExpression;
  /** Calls that produced the callee (factory call, builder constructor and methods). */
  sites: readonly (ts.CallExpression | ts.NewExpression)[];
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
   * applies unambiguously.
   */
  registration?: ts.CallExpression | ts.NewExpression;
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
   * argument to append an options object after (`{ after }`). Undefined for nested paths, single-value
   * locations, builder methods, factories, spreads and options built elsewhere.
   */
  optionTarget(name: CanonicalOption): { object: ts.ObjectLiteralExpression } | { after: ts.Expression } | undefined;
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
   * Set on an operation performed through a project function (a wrapper): `node` and `call` are the call of the
   * wrapper, `token` / `payload` / `key` the wrapper's arguments that reach the library call's token, payload or
   * key (undefined when no argument does), and `via` the library operation inside. Options, durations and the
   * registration are the library call's. Rules whose problem is carried by an argument opt in to these
   * (`meta.wrapperCalls`); option- and key-borne problems stay at the library call.
   */
  via?: JwtOperation;
  /** For a wrapper operation: the calls from the wrapper down to the library call (wrappers of wrappers). */
  through?: readonly (ts.CallExpression | ts.NewExpression)[];
}

/** The roles an argument of a wrapper can take: which expression of the library operation it becomes. */
const WRAPPED_ROLES = ['token', 'payload', 'key'] as const;
type WrappedRole = (typeof WRAPPED_ROLES)[number];

function argumentsOf(node: ts.CallExpression | ts.NewExpression): readonly ts.Expression[] {
  return node.arguments ?? [];
}

function hasSpread(args: readonly ts.Expression[]): boolean {
  return args.some((a) => ts.isSpreadElement(a));
}

/** Is `inner` syntactically the receiver chain of `outer` (builder methods chained without variables)? */
function isDirectChain(sites: readonly (ts.CallExpression | ts.NewExpression)[], call: ts.CallExpression | ts.NewExpression): boolean {
  let expected: ts.Node = call;
  for (let i = sites.length - 1; i >= 0; i -= 1) {
    const current: ts.Node = expected;
    if (!ts.isCallExpression(current) && !ts.isNewExpression(current)) return false;
    const callee = stripWrappers(current.expression);
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const receiver = stripWrappers(callee.expression);
    const receiverInner = ts.isAwaitExpression(receiver) ? stripWrappers(receiver.expression) : receiver;
    if (receiverInner !== sites[i]) return false;
    expected = sites[i];
  }
  return true;
}

export class OperationExtractor {
  private moduleConfigs: ModuleConfigIndex | undefined;
  private records: RecordTypes | undefined;
  private claimReads: ClaimReads | undefined;
  private readonly cache = new WeakMap<ts.Node, JwtOperation[]>();
  private readonly wrapperCache = new WeakMap<ts.Node, JwtOperation[]>();
  /** Summaries of project functions over the library operations inside them. */
  readonly summaries: FunctionSummaries<JwtOperation>;

  constructor(private readonly resolver: ValueResolver) {
    this.summaries = new FunctionSummaries(resolver, (call) => this.roleSites(call));
  }

  /** The token, payload and key expressions of the library operations a call performs. */
  private roleSites(call: ts.CallExpression | ts.NewExpression): RoleSite<JwtOperation>[] {
    const sites: RoleSite<JwtOperation>[] = [];
    for (const operation of this.operationsAt(call)) {
      for (const role of WRAPPED_ROLES) {
        const expression = operation[role];
        if (expression) sites.push({ role, expression, fact: operation });
      }
    }
    return sites;
  }

  /**
   * Operations performed through a project function defined in another module: `security.authorize(user)` where
   * `authorize = (u) => jwt.sign(u, key, opts)` is a sign whose payload is `user`, at this call. Calls of a
   * function of the same file are left to the library call (its parameters are followed to their callers there).
   */
  wrapperOperationsAt(call: ts.CallExpression | ts.NewExpression): JwtOperation[] {
    const cached = this.wrapperCache.get(call);
    if (cached) return cached;
    const found: JwtOperation[] = [];
    const fn = this.summaries.functionAt(call);
    if (fn && fn.getSourceFile() !== call.getSourceFile() && this.operationsAt(call).length === 0) {
      const byOperation = new Map<JwtOperation, { roles: Map<WrappedRole, ts.Expression>; through: readonly (ts.CallExpression | ts.NewExpression)[] }>();
      const args = argumentsOf(call);
      for (const flow of this.summaries.flows(fn)) {
        const argument = args[flow.parameter];
        if (!argument || hasSpread(args.slice(0, flow.parameter + 1))) continue;
        let entry = byOperation.get(flow.fact);
        if (!entry) byOperation.set(flow.fact, (entry = { roles: new Map(), through: flow.through }));
        entry.roles.set(flow.role as WrappedRole, argument);
      }
      for (const [inner, { roles, through }] of byOperation) found.push(wrapperOperation(call, inner, roles, through));
    }
    this.wrapperCache.set(call, found);
    return found;
  }

  private configs(): ModuleConfigIndex {
    this.moduleConfigs ??= new ModuleConfigIndex(this.resolver.project, this.resolver);
    return this.moduleConfigs;
  }

  /** A read of `claim` in a file of the same package that verifies tokens (src/facts/claim-reads.ts). */
  claimReadAfterVerify(claim: string, fileName: string): ts.Node | undefined {
    this.claimReads ??= new ClaimReads(this.resolver.project, this);
    return this.claimReads.readAfterVerify(claim, fileName);
  }

  /** Module registrations (`JwtModule.register(...)`, `app.register(fastifyJwt, ...)`) made in a file. */
  registrationsIn(sourceFile: ts.SourceFile): ModuleRegistration[] {
    return this.configs().registrationsOfFile(sourceFile.fileName);
  }

  /** Operations of one call/new expression (usually zero or one). */
  operationsAt(node: ts.CallExpression | ts.NewExpression): JwtOperation[] {
    const cached = this.cache.get(node);
    if (cached) return cached;
    const found = this.findOperations(node);
    this.cache.set(node, found);
    return found;
  }

  private findOperations(node: ts.CallExpression | ts.NewExpression): JwtOperation[] {
    const callee = stripWrappers(node.expression);
    if (ts.isCallExpression(node) && isJsonParse(node)) return this.decodedByHand(node, node.arguments[0]);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(callee) && callee.name.text === BY_HAND_SIGN.digestMethod) return this.signedByHand(node);
    // `super(options)` in a class extending a library class (passport-jwt Strategy, also through NestJS PassportStrategy())
    const isSuper = callee.kind === ts.SyntaxKind.SuperKeyword;
    if (!isSuper && !ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee) && !ts.isCallExpression(callee)) return [];
    const value = isSuper ? this.superClassValue(node) : this.resolver.resolve(callee);
    const library = value.kind === 'library' ? modelForPackage(value.module) : undefined;
    if (value.kind === 'library' && !library && ts.isCallExpression(node)) {
      const asymmetric = handAsymmetricVerification(node, value);
      if (asymmetric) return [this.asymmetricByHand(node, asymmetric)];
    }
    // `part(token.split('.')[0])` with `const part = (s) => JSON.parse(atob(s))` in this file
    if (value.kind === 'function' && ts.isCallExpression(node)) {
      const index = jsonDecodeHelperParameter(value.node);
      return index === undefined ? [] : this.decodedByHand(node, node.arguments[index], true);
    }
    if (value.kind !== 'library' || !library) return ts.isPropertyAccessExpression(callee) ? this.decoratedAt(node, callee) : [];
    const path = normalizePath(library, value.path);
    const found: JwtOperation[] = [];
    for (const model of operationsAt(library, path)) {
      const form = model.form?.kind ?? 'call';
      if (form === 'builder') continue;
      if (form === 'construct' && !ts.isNewExpression(node) && !isSuper) continue;
      if (form === 'factory') {
        // the call of a factory-made function: reported at the factory call
        const factorySite = value.sites[value.sites.length - 1];
        if (!factorySite) continue;
        found.push(this.makeOperation(library, this.effectiveModel(model, node), node, value.sites, factorySite));
        continue;
      }
      found.push(this.makeOperation(library, this.effectiveModel(model, node), node, value.sites, node));
    }
    // The factory call itself (fast-jwt `createVerifier({...})`): an operation without token or payload
    if (ts.isCallExpression(node)) {
      for (const model of operationsAt(library, [...path, '()'])) {
        if (model.form?.kind !== 'factory') continue;
        found.push({ ...this.makeOperation(library, model, node, [...value.sites, node], node), token: undefined, payload: undefined, callback: undefined });
      }
    }
    // Builder chain: new Ctor(...).method(...)...terminal(key)
    if (ts.isCallExpression(node) && path.length >= 3) {
      const newIndex = path.indexOf('new');
      if (newIndex > 0) {
        const ctorPath = path.slice(0, newIndex);
        const terminal = path[path.length - 1];
        for (const model of operationsAt(library, ctorPath)) {
          if (model.form?.kind !== 'builder' || model.form.terminal !== terminal) continue;
          const newSiteIndex = value.sites.findIndex((site) => ts.isNewExpression(site));
          const sites = value.sites.slice(newSiteIndex);
          found.push(this.makeOperation(library, model, node, sites, sites[0] ?? node));
        }
      }
    }
    return found;
  }

  /**
   * jws < 3 `verify(signature, key)`: the legacy form of its arity (OperationModel.arityForms).
   * jwt-simple `decode(token, key, true)`: the verify model becomes a decode that checks no signature.
   * jwt-decode `jwtDecode(token, { header: true })`: the decode returns the header.
   */
  private effectiveModel(model: OperationModel, node: ts.CallExpression | ts.NewExpression): OperationModel {
    const args = argumentsOf(node);
    const form = hasSpread(args) ? undefined : model.arityForms?.find((candidate) => candidate.arity === args.length);
    if (form) return this.effectiveModel({ ...model, ...form.override, arityForms: undefined }, node);
    if (model.headerWhen && this.literallyTrue(node, model.headerWhen)) return { ...model, decodes: 'header' };
    if (model.noVerifyArg === undefined) return model;
    const argument = argumentsOf(node)[model.noVerifyArg];
    if (!argument || ts.isSpreadElement(argument)) return model;
    const value = this.resolver.resolve(argument);
    const truthy = (value.kind === 'boolean' && value.value) || (value.kind === 'number' && value.value !== 0) || (value.kind === 'string' && value.value !== '');
    return truthy ? { ...model, kind: 'decode', verifiesSignature: false, decodes: 'payload' } : model;
  }

  /** Is the option at `location` (argument `arg`, then `path` inside it) of this call the literal `true`? */
  private literallyTrue(node: ts.CallExpression | ts.NewExpression, location: OptionLocation): boolean {
    const args = argumentsOf(node);
    const index = location.arg ?? 0;
    const argument = args[index];
    if (!argument || hasSpread(args.slice(0, index + 1))) return false;
    let value = this.resolver.resolve(argument);
    for (const step of location.path ?? []) {
      if (value.kind !== 'object') return false;
      const prop = value.props.get(step);
      if (!prop) return false;
      value = prop.value;
    }
    return value.kind === 'boolean' && value.value;
  }

  /** The key expression when it is one of the library's "no signature" values (OperationModel.unsignedKeys). */
  private unsignedKeyAt(library: LibraryModel, key: ts.Expression, paths: readonly (readonly string[])[]): ts.Expression | undefined {
    const value = this.resolver.resolve(key);
    if (value.kind !== 'library' || modelForPackage(value.module) !== library) return undefined;
    const path = normalizePath(library, value.path);
    return paths.some((candidate) => candidate.length === path.length && candidate.every((step, i) => step === path[i])) ? key : undefined;
  }

  /** The library class a `super(...)` call constructs. */
  private superClassValue(node: ts.CallExpression | ts.NewExpression): Value {
    let current: ts.Node | undefined = node.parent;
    while (current && !ts.isClassLike(current)) current = current.parent;
    if (!current) return { kind: 'unknown', node };
    const heritage = current.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    if (!heritage) return { kind: 'unknown', node };
    const base = this.resolver.resolve(heritage.expression);
    return base.kind === 'library' ? { ...base, sites: [...base.sites, node] } : base;
  }

  /**
   * Methods a plugin decorates framework objects with (`request.jwtVerify()`, `fastify.jwt.sign()`): only
   * where a registration of the plugin governs the file.
   */
  private decoratedAt(node: ts.CallExpression | ts.NewExpression, callee: ts.PropertyAccessExpression): JwtOperation[] {
    if (!ts.isCallExpression(node)) return [];
    const found: JwtOperation[] = [];
    for (const { library, operation, form } of decoratedOperations) {
      const members = form.members;
      let current: ts.Expression = callee;
      let matches = true;
      for (let i = members.length - 1; i >= 0; i -= 1) {
        current = stripWrappers(current);
        if (!ts.isPropertyAccessExpression(current) || current.name.text !== members[i]) {
          matches = false;
          break;
        }
        current = current.expression;
      }
      if (!matches) continue;
      const required = form.argument;
      if (required) {
        const argument = node.arguments[required.index];
        if (!argument || ts.isSpreadElement(argument)) continue;
        const value = this.resolver.resolve(argument);
        if (value.kind !== 'string' || value.value !== required.value) continue;
      }
      const lookup = this.configs().lookup(library, node.getSourceFile().fileName, node);
      if (lookup.state === 'none') continue;
      found.push(this.makeOperation(library, operation, node, [], node));
    }
    return found;
  }

  /** The registration whose options are this operation's defaults: 'unknown' when it cannot be decided. */
  private registrationFor(library: LibraryModel, sites: readonly (ts.CallExpression | ts.NewExpression)[], node: ts.Node): Registration | 'unknown' | undefined {
    const config = library.moduleConfig;
    if (!config) return undefined;
    if (config.kind === 'call' && config.instanceOf) {
      // `new JwtService(options)` made in code: its own options
      const instance = sites.find((site) => ts.isNewExpression(site));
      if (instance) {
        const argument = argumentsOf(instance)[config.optionsArg];
        const options: Value = !argument ? { kind: 'undefined', node: instance } : ts.isSpreadElement(argument) ? { kind: 'unknown', node: argument } : this.resolver.resolve(argument);
        return { node: instance, options };
      }
    }
    const lookup = this.configs().lookup(library, node.getSourceFile().fileName, node);
    return lookup.state === 'found' ? lookup.registration : 'unknown';
  }

  /**
   * `createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url')`: a JWT signed by hand, or
   * verified by hand when the digest is compared with the token's signature (by-hand-verify.ts).
   */
  private signedByHand(node: ts.CallExpression): JwtOperation[] {
    const signed = handSignedHmac(node, this.resolver);
    if (!signed) return [];
    const key = { key: signed.key, keySource: signed.key ? ('argument' as const) : undefined };
    const verified = handVerification(node, signed, this.resolver);
    // raw bytes are a JWS signature only when compared with the signature segment of a token
    if (signed.bytes && !verified?.token) return [];
    const found: JwtOperation[] = [];
    if (verified) {
      const operation = this.makeOperation(byHand, BY_HAND_VERIFY.operation, node, [signed.hmac], node);
      const option = (name: CanonicalOption): OptionFact => (name === 'algorithms' ? jwsNames(operation.option(name), BY_HAND_VERIFY.hmacAlgorithms) : operation.option(name));
      found.push({ ...operation, ...key, token: verified.token, option });
    }
    if ((!verified || verified.alsoSigns) && !signed.bytes) found.push({ ...this.makeOperation(byHand, BY_HAND_SIGN.operation, node, [signed.hmac], node), ...key });
    return found;
  }

  /** `createVerify('RSA-SHA256').update(input).verify(key, signature)`: a JWT verified by hand with a public key. */
  private asymmetricByHand(node: ts.CallExpression, found: HandAsymmetricVerification): JwtOperation {
    const operation = this.makeOperation(byHand, found.model, node, found.factory ? [found.factory] : [], node);
    const option = (name: CanonicalOption): OptionFact => (name === 'algorithms' ? jwsNames(operation.option(name), BY_HAND_ASYMMETRIC.algorithms) : operation.option(name));
    return { ...operation, token: found.token, option };
  }

  /**
   * `JSON.parse(atob(token.split('.')[1]))` and its Buffer / base64url variants; with `segmentGiven`, the call of
   * a same-file helper that does that to its argument (`part(token.split('.')[0])`), `argument` being the segment.
   */
  private decodedByHand(node: ts.CallExpression, argument: ts.Expression | undefined, segmentGiven = false): JwtOperation[] {
    if (!argument || ts.isSpreadElement(argument)) return [];
    const segment = segmentGiven ? argument : base64Argument(stripWrappers(argument));
    if (!segment) return [];
    const split = splitSegment(segment);
    if (!split || split.index > 1) return [];
    // a constant split apart (a sample or test token) is not data anyone sends
    if (this.resolver.resolve(split.token).kind === 'string') return [];
    const model = split.index === 0 ? BY_HAND_DECODE.header : BY_HAND_DECODE.payload;
    const operation = this.makeOperation(byHand, model, node, [], node);
    return [{ ...operation, token: split.token }];
  }

  private makeOperation(
    library: LibraryModel,
    model: OperationModel,
    node: ts.CallExpression | ts.NewExpression,
    sites: readonly (ts.CallExpression | ts.NewExpression)[],
    primary: ts.CallExpression | ts.NewExpression,
  ): JwtOperation {
    const args = argumentsOf(node);
    const resolver = this.resolver;
    const builder = model.form?.kind === 'builder' ? model.form : undefined;
    const constructorArgs = builder && sites[0] ? argumentsOf(sites[0]) : args;
    const chainIsDirect = builder ? isDirectChain(sites, node) : true;
    const factoryArgs = sites.length > 0 ? argumentsOf(sites[sites.length - 1]) : [];
    const pick = (index: number | undefined, from: readonly ts.Expression[]): ts.Expression | undefined =>
      index === undefined || ts.isSpreadElement(from[index] ?? node) ? undefined : from[index];
    const cache = new Map<CanonicalOption, OptionFact>();
    let registration: Registration | 'unknown' | undefined | null = null;
    const moduleRegistration = (): Registration | 'unknown' | undefined => {
      if (registration === null) registration = this.registrationFor(library, sites, node);
      return registration;
    };

    /** Walks `path` from `value`; a primitive where an object is needed means the option is not there. */
    const walk = (start: Value, startNode: ts.Node, path: readonly string[], location: OptionLocation): OptionFact => {
      let value = start;
      let at: ts.Node = startNode;
      for (const step of path) {
        // `verify(token, key, callback)`: a function where options may stand means the options were omitted
        if (value.kind === 'undefined' || value.kind === 'null' || value.kind === 'function') return { state: 'absent', location };
        if (value.kind === 'string' || value.kind === 'number' || value.kind === 'boolean' || value.kind === 'bytes') return { state: 'absent', location };
        // an environment variable (or `process.env.X || 'literal'`) is a string: nothing is nested in it
        if (value.kind === 'env' || (value.kind === 'fallback' && value.primary.kind === 'env' && isPrimitive(value.fallback))) return { state: 'absent', location };
        if (value.kind !== 'object') return { state: 'unknown', node: at, location };
        const prop = value.props.get(step);
        if (!prop) return value.open ? { state: 'unknown', node: at, location } : { state: 'absent', location };
        value = prop.value;
        at = prop.node;
      }
      if (location.single && value.kind === 'object') return { state: 'absent', location };
      if (location.single && value.kind !== 'array' && value.kind !== 'undefined' && value.kind !== 'null') {
        value = { kind: 'array', node: value.node, elements: [value], open: false };
      }
      if (value.kind === 'undefined' && path.length === 0) return { state: 'absent', location };
      if (location.negated) {
        if (value.kind !== 'boolean') return { state: 'unknown', node: at, location };
        value = { ...value, value: !value.value };
      }
      return { state: 'present', value, node: at, location };
    };

    /** The option as written at the call (one location, no alternatives, no module default). */
    const readAtCall = (location: OptionLocation): OptionFact => {
      // Only a module default (a registration option with no per-call counterpart).
      if (location.arg === undefined && location.method === undefined && location.moduleDefault !== undefined) return { state: 'absent', location };
      let base: ts.Expression | undefined;
      let baseArgs: readonly ts.Expression[];
      if (location.method !== undefined) {
        const site = sites.slice(1).find((s) => {
          const callee = stripWrappers(s.expression);
          return ts.isPropertyAccessExpression(callee) && callee.name.text === location.method;
        });
        if (!site) return chainIsDirect ? { state: 'absent', location } : { state: 'unknown', node, location };
        baseArgs = argumentsOf(site);
        base = baseArgs[location.arg ?? 0];
      } else {
        baseArgs = location.fromFactory ? factoryArgs : builder ? constructorArgs : args;
        const index = location.arg ?? 0;
        if (hasSpread(baseArgs.slice(0, index + 1))) return { state: 'unknown', node, location };
        base = baseArgs[index];
      }
      if (!base) return { state: 'absent', location };
      return walk(resolver.resolve(base), base, location.path ?? [], location);
    };

    const readModuleDefault = (location: OptionLocation): OptionFact => {
      if (!location.moduleDefault) return { state: 'absent', location };
      const found = moduleRegistration();
      if (found === undefined) return { state: 'absent', location };
      if (found === 'unknown') return { state: 'unknown', node, location };
      const fact = walk(found.options, found.node, location.moduleDefault, location);
      return fact.state === 'unknown' ? fact : { ...fact, registration: found.node };
    };

    /** Call first (each location in order), then module defaults (each location in order). */
    const readOptionFrom = (location: OptionLocation): { fact: OptionFact; fromModule: boolean } => {
      const locations = [location, ...(location.alternatives ?? [])];
      for (const candidate of locations) {
        const fact = readAtCall(candidate);
        if (fact.state !== 'absent') return { fact, fromModule: false };
      }
      let registration: ts.Node | undefined;
      for (const candidate of locations) {
        const fact = readModuleDefault(candidate);
        if (fact.state !== 'absent') return { fact, fromModule: true };
        registration ??= fact.registration;
      }
      return { fact: { state: 'absent', location, ...(registration ? { registration } : {}) }, fromModule: false };
    };
    const readOption = (location: OptionLocation): OptionFact => readOptionFrom(location).fact;

    /** The expression a present option fact stands for (a property's initializer, or the argument itself). */
    const expressionOf = (fact: OptionFact): ts.Expression | undefined => {
      if (fact.state !== 'present') return undefined;
      const at = fact.node;
      if (ts.isPropertyAssignment(at)) return at.initializer;
      if (ts.isShorthandPropertyAssignment(at)) return at.name;
      if (ts.isExpression(at)) return at;
      return undefined;
    };

    let key: ts.Expression | undefined;
    let keySource: JwtOperation['keySource'];
    const keyArgument = builder ? pick(builder.keyArgOfTerminal, args) : pick(model.keyArg, args);
    if (keyArgument) {
      key = keyArgument;
      keySource = 'argument';
    } else if (model.keyOption) {
      const { fact, fromModule } = readOptionFrom(model.keyOption);
      key = expressionOf(fact);
      if (key) keySource = fromModule ? 'module' : 'option';
    }

    const payloadFact = model.payloadOption ? readAtCall(model.payloadOption) : undefined;
    const payload = builder ? pick(builder.payloadArgOfConstructor, constructorArgs) : model.payloadArg !== undefined ? pick(model.payloadArg, args) : payloadFact ? expressionOf(payloadFact) : undefined;

    // jose 2 `JWT.sign(payload, JWK.None)`: the key itself says "unsigned"
    const unsignedKey = key && model.unsignedKeys ? this.unsignedKeyAt(library, key, model.unsignedKeys) : undefined;
    const option = (name: CanonicalOption): OptionFact => {
      const cached = cache.get(name);
      if (cached) return cached;
      let fact: OptionFact;
      const location = model.options?.[name] ?? (name === 'secret' ? model.keyOption : undefined);
      if (name === 'algorithm' && (model.unsigned || (unsignedKey && model.kind === 'sign'))) {
        const at = unsignedKey ?? sites[0] ?? node;
        fact = { state: 'present', value: { kind: 'string', value: 'none', node: at }, node: at, location: {} };
      } else if (name === 'algorithms' && unsignedKey && model.kind === 'verify' && (!location || readOption(location).state === 'absent')) {
        const none: Value = { kind: 'string', value: 'none', node: unsignedKey };
        fact = { state: 'present', value: { kind: 'array', node: unsignedKey, elements: [none], open: false }, node: unsignedKey, location: location ?? {} };
      } else {
        fact = location ? readOption(location) : { state: 'absent', location: {} };
      }
      cache.set(name, fact);
      return fact;
    };

    return {
      kind: model.kind,
      library,
      model,
      ...libraryTraits(library, model),
      ...callShape(model, node, primary),
      api: model.api,
      node: primary,
      call: node,
      sites,
      token: model.tokenArg !== undefined ? pick(model.tokenArg, args) : model.tokenOption ? expressionOf(readAtCall(model.tokenOption)) : undefined,
      tokenRequest: model.tokenFromReceiver ? receiverOf(node) : undefined,
      key,
      keySource,
      payload,
      callback: pick(model.callbackArg, args),
      hasSpreadArguments: hasSpread(args),
      verifiesSignature: model.verifiesSignature ?? model.kind === 'verify',
      get registration() {
        if (!library.moduleConfig) return undefined;
        const found = moduleRegistration();
        return found === undefined || found === 'unknown' ? undefined : found.node;
      },
      option,
      optionTarget: (name: CanonicalOption) => optionTarget(model.options?.[name], builder !== undefined, args),
      recordType: (expression: ts.Expression): RecordType | undefined => {
        this.records ??= new RecordTypes(resolver);
        return this.records.of(expression);
      },
      duration(name: CanonicalOption): Duration | undefined {
        const fact = option(name);
        if (fact.state !== 'present') return undefined;
        const unit = fact.location.unit;
        if (!unit) return undefined;
        const value = fact.value;
        if (value.kind !== 'number' && value.kind !== 'string') return undefined;
        return toDuration(value.value, unit);
      },
    };
  }
}

function optionTarget(
  location: OptionLocation | undefined,
  builder: boolean,
  args: readonly ts.Expression[],
): { object: ts.ObjectLiteralExpression } | { after: ts.Expression } | undefined {
  if (!location || builder || location.arg === undefined || location.method !== undefined || location.fromFactory || location.single) return undefined;
  if (location.path?.length !== 1 || hasSpread(args)) return undefined;
  const written = args[location.arg];
  if (written) return ts.isObjectLiteralExpression(written) ? { object: written } : undefined;
  return location.arg > 0 && args.length === location.arg ? { after: args[args.length - 1] } : undefined;
}

/** The operation a wrapper call performs through `inner`, with the wrapper's arguments in the roles they reach. */
function wrapperOperation(
  call: ts.CallExpression | ts.NewExpression,
  inner: JwtOperation,
  roles: ReadonlyMap<WrappedRole, ts.Expression>,
  through: readonly (ts.CallExpression | ts.NewExpression)[],
): JwtOperation {
  const callee = stripWrappers(call.expression).getText().replace(/\s+/g, '');
  return {
    kind: inner.kind,
    library: inner.library,
    model: inner.model,
    ...libraryTraits(inner.library, inner.model),
    ...PLAIN_CALL,
    api: `${callee.length > 40 ? `${callee.slice(0, 39)}…` : callee} (wrapping ${inner.api})`,
    node: call,
    call,
    sites: [],
    token: roles.get('token'),
    key: roles.get('key'),
    keySource: roles.has('key') ? 'argument' : undefined,
    payload: roles.get('payload'),
    hasSpreadArguments: inner.hasSpreadArguments,
    verifiesSignature: inner.verifiesSignature,
    get registration() {
      return inner.registration;
    },
    option: (name) => inner.option(name),
    // the options are written at the library call inside the wrapper, not at this call
    optionTarget: () => undefined,
    duration: (name) => inner.duration(name),
    recordType: (expression) => inner.recordType(expression),
    via: inner,
    through,
  };
}

function isPrimitive(value: Value): boolean {
  return value.kind === 'string' || value.kind === 'number' || value.kind === 'boolean' || value.kind === 'null' || value.kind === 'undefined' || value.kind === 'env';
}

/** Node's algorithm names in a hand verification (`'sha256'` for an HMAC) as the JWS algorithms they make (`'HS256'`). */
function jwsNames(fact: OptionFact, names: ReadonlyMap<string, string>): OptionFact {
  if (fact.state !== 'present' || fact.value.kind !== 'array') return fact;
  const elements = fact.value.elements.map((element): Value => {
    const name = element.kind === 'string' ? names.get(element.value.toLowerCase()) : undefined;
    return name && element.kind === 'string' ? { ...element, value: name } : element;
  });
  return { ...fact, value: { ...fact.value, elements } };
}

/** `request` in `request.jwtDecode()`: the object a method is called on. */
function receiverOf(node: ts.CallExpression | ts.NewExpression): ts.Expression | undefined {
  const callee = stripWrappers(node.expression);
  return ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? stripWrappers(callee.expression) : undefined;
}
