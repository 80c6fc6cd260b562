/**
 * The assembler: one call × the library model it matches → JwtOperation. It picks the arguments in each role
 * (token, key, payload, callback), hands option reading to OptionReader, and adds the facts rules read.
 */
import { ts } from 'ts-morph';
import { modelForPackage, normalizePath } from '../models/index.js';
import type { AccessPath, BuilderForm, CanonicalOption, LibraryModel, OperationModel } from '../models/types.js';
import { stripWrappers, type Value, type ValueResolver } from '../dataflow/values.js';
import type { ModuleConfigIndex, Registration } from './module-config.js';
import type { RecordType } from './entities.js';
import type { RecordPlacement } from './record-placements.js';
import { argumentsOf, durationOf, expressionOf, hasSpread, optionTarget, OptionReader } from './operation-options.js';
import { callShape, libraryTraits, optionLocationOf } from './operation-traits.js';
import type { CallNode, JwtOperation, OptionFact } from './operation-types.js';

/** What assembling an operation needs from the extractor. */
export interface OperationContext {
  readonly resolver: ValueResolver;
  /** The index of module registrations (@nestjs/jwt, @fastify/jwt), built on first use. */
  configs(): ModuleConfigIndex;
  recordType(expression: ts.Expression): RecordType | undefined;
  recordsIn(expression: ts.Expression): RecordPlacement[];
}

type Roles = Pick<JwtOperation, 'key' | 'keySource' | 'payload'>;

/**
 * The operation `node` performs with `model`. `sites` are the calls that produced the callee (factory call,
 * builder constructor and methods); `primary` is where findings are reported (JwtOperation.node). `bindings`:
 * parameters of the enclosing project function bound to what one of its calls passes (OptionReader).
 */
export function assembleOperation(
  context: OperationContext,
  library: LibraryModel,
  model: OperationModel,
  node: CallNode,
  sites: readonly CallNode[],
  primary: CallNode,
  bindings?: ReadonlyMap<ts.Node, Value>,
): JwtOperation {
  const args = argumentsOf(node);
  const builder = model.form?.kind === 'builder' ? model.form : undefined;
  const registration = once(() => registrationFor(context, library, sites, node));
  const reader = new OptionReader(context.resolver, { call: node, sites, builder: builder !== undefined }, registration, bindings);
  const roles = keyAndPayload(model, builder, args, sites, reader);
  // jose 2 `JWT.sign(payload, JWK.None)`: the key itself says "unsigned"
  const unsignedKey = roles.key && model.unsignedKeys ? unsignedKeyAt(context.resolver, library, roles.key, model.unsignedKeys) : undefined;
  const facts = new Map<CanonicalOption, OptionFact>();
  const option = (name: CanonicalOption): OptionFact => {
    let fact = facts.get(name);
    if (!fact) facts.set(name, (fact = canonicalOption(model, reader, name, unsignedKey, sites[0] ?? node)));
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
    token: model.tokenArg !== undefined ? pick(model.tokenArg, args) : model.tokenOption ? expressionOf(reader.atCall(model.tokenOption)) : undefined,
    tokenRequest: model.tokenFromReceiver ? receiverOf(node) : undefined,
    ...roles,
    callback: pick(model.callbackArg, args),
    hasSpreadArguments: hasSpread(args),
    verifiesSignature: model.verifiesSignature ?? model.kind === 'verify',
    get registration() {
      if (!library.moduleConfig) return undefined;
      const found = registration();
      return found === undefined || found === 'unknown' ? undefined : found.node;
    },
    option,
    optionTarget: (name: CanonicalOption) => optionTarget(model.options?.[name], builder !== undefined, args, node),
    recordType: (expression: ts.Expression) => context.recordType(expression),
    recordsIn: (expression: ts.Expression) => context.recordsIn(expression),
    duration: (name: CanonicalOption) => durationOf(option(name)),
  };
}

/** The argument at `index`, unless absent or spread. */
function pick(index: number | undefined, from: readonly ts.Expression[]): ts.Expression | undefined {
  if (index === undefined) return undefined;
  const argument = from[index];
  return argument && !ts.isSpreadElement(argument) ? argument : undefined;
}

/** The key (an argument, else the key option at the call or in the registration) and the payload. */
function keyAndPayload(model: OperationModel, builder: BuilderForm | undefined, args: readonly ts.Expression[], sites: readonly CallNode[], reader: OptionReader): Roles {
  let key: ts.Expression | undefined;
  let keySource: JwtOperation['keySource'];
  const keyArgument = builder ? pick(builder.keyArgOfTerminal, args) : pick(model.keyArg, args);
  if (keyArgument) {
    key = keyArgument;
    keySource = 'argument';
  } else if (model.keyOption) {
    const { fact, fromModule } = reader.read(model.keyOption);
    key = expressionOf(fact);
    if (key) keySource = fromModule ? 'module' : 'option';
  }
  const constructorArgs = builder && sites[0] ? argumentsOf(sites[0]) : args;
  const payloadFact = model.payloadOption ? reader.atCall(model.payloadOption) : undefined;
  const payload = builder
    ? pick(builder.payloadArgOfConstructor, constructorArgs)
    : model.payloadArg !== undefined
      ? pick(model.payloadArg, args)
      : payloadFact
        ? expressionOf(payloadFact)
        : undefined;
  return { key, keySource, payload };
}

/**
 * A canonical option of the call. An unsigned sign (jose `UnsecuredJWT`) or a "no signature" key (`unsignedKey`)
 * answers `algorithm` with 'none' at the constructor or key, and a verify with such a key that writes no
 * allowlist answers `algorithms` with ['none'].
 */
function canonicalOption(model: OperationModel, reader: OptionReader, name: CanonicalOption, unsignedKey: ts.Expression | undefined, constructedAt: ts.Node): OptionFact {
  const location = optionLocationOf(model, name);
  if (name === 'algorithm' && (model.unsigned || (unsignedKey && model.kind === 'sign'))) {
    const at = unsignedKey ?? constructedAt;
    return { state: 'present', value: { kind: 'string', value: 'none', node: at }, node: at, location: {} };
  }
  if (name === 'algorithms' && unsignedKey && model.kind === 'verify' && (!location || reader.read(location).fact.state === 'absent')) {
    const none: Value = { kind: 'string', value: 'none', node: unsignedKey };
    return { state: 'present', value: { kind: 'array', node: unsignedKey, elements: [none], open: false }, node: unsignedKey, location: location ?? {} };
  }
  return location ? reader.read(location).fact : { state: 'absent', location: {} };
}

/** The key expression when it is one of the library's "no signature" values (OperationModel.unsignedKeys). */
function unsignedKeyAt(resolver: ValueResolver, library: LibraryModel, key: ts.Expression, paths: readonly AccessPath[]): ts.Expression | undefined {
  const value = resolver.resolve(key);
  if (value.kind !== 'library' || modelForPackage(value.module) !== library) return undefined;
  const path = normalizePath(library, value.path);
  return paths.some((candidate) => candidate.length === path.length && candidate.every((step, i) => step === path[i])) ? key : undefined;
}

/** The registration whose options are this operation's defaults: 'unknown' when it cannot be decided. */
function registrationFor(context: OperationContext, library: LibraryModel, sites: readonly CallNode[], node: ts.Node): Registration | 'unknown' | undefined {
  const config = library.moduleConfig;
  if (!config) return undefined;
  if (config.kind === 'call' && config.instanceOf) {
    // `new JwtService(options)` made in code: its own options
    const instance = sites.find((site) => ts.isNewExpression(site));
    if (instance) {
      const argument = argumentsOf(instance)[config.optionsArg];
      const options: Value = !argument ? { kind: 'undefined', node: instance } : ts.isSpreadElement(argument) ? { kind: 'unknown', node: argument } : context.resolver.resolve(argument);
      return { node: instance, options };
    }
  }
  const lookup = context.configs().lookup(library, node.getSourceFile().fileName, node);
  return lookup.state === 'found' ? lookup.registration : 'unknown';
}

/** `request` in `request.jwtDecode()`: the object a method is called on. */
function receiverOf(node: CallNode): ts.Expression | undefined {
  const callee = stripWrappers(node.expression);
  return ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? stripWrappers(callee.expression) : undefined;
}

function once<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}
