import { ts } from 'ts-morph';
import { modelForPackage, normalizePath, operationsAt } from '../models/index.js';
import { BASE64_DECODER_FUNCTIONS, BASE64_DECODER_OBJECTS, BASE64_ENCODINGS, BY_HAND_DECODE, byHand } from '../models/by-hand.js';
import type { CanonicalOption, LibraryModel, OperationKind, OperationModel, OptionLocation } from '../models/types.js';
import { stripWrappers, type Value, type ValueResolver } from '../dataflow/values.js';

export type OptionFact =
  | { state: 'present'; value: Value; node: ts.Node; location: OptionLocation }
  | { state: 'absent'; location: OptionLocation }
  | { state: 'unknown'; node: ts.Node; location: OptionLocation };

/** A JWT operation found in code, normalized across libraries. */
export interface JwtOperation {
  kind: OperationKind;
  library: LibraryModel;
  model: OperationModel;
  /** Human name of the API, e.g. `jwt.verify`. */
  api: string;
  /** The call or constructor expression: the primary location of most findings. */
  node: ts.CallExpression | ts.NewExpression;
  /** Calls that produced the callee (factory call, builder constructor and methods). */
  sites: readonly (ts.CallExpression | ts.NewExpression)[];
  token?: ts.Expression;
  key?: ts.Expression;
  payload?: ts.Expression;
  callback?: ts.Expression;
  /** True when the options of this call cannot be fully seen (spread arguments). */
  hasSpreadArguments: boolean;
  option(name: CanonicalOption): OptionFact;
}

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
  constructor(private readonly resolver: ValueResolver) {}

  /** Operations of one call/new expression (usually zero or one). */
  operationsAt(node: ts.CallExpression | ts.NewExpression): JwtOperation[] {
    const callee = stripWrappers(node.expression);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(callee) && callee.name.text === 'parse' && ts.isIdentifier(callee.expression) && callee.expression.text === 'JSON') {
      return this.decodedByHand(node);
    }
    if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee) && !ts.isCallExpression(callee)) return [];
    const value = this.resolver.resolve(callee);
    if (value.kind !== 'library') return [];
    const library = modelForPackage(value.module);
    if (!library) return [];
    const path = normalizePath(library, value.path);
    const found: JwtOperation[] = [];
    for (const model of operationsAt(library, path)) {
      if (model.builder) continue;
      if (model.construct === true && !ts.isNewExpression(node)) continue;
      found.push(this.makeOperation(library, model, node, value.sites, node));
    }
    // Builder chain: new Ctor(...).method(...)...terminal(key)
    if (ts.isCallExpression(node) && path.length >= 3) {
      const newIndex = path.indexOf('new');
      if (newIndex > 0) {
        const ctorPath = path.slice(0, newIndex);
        const terminal = path[path.length - 1];
        for (const model of operationsAt(library, ctorPath)) {
          if (!model.builder || model.builder.terminal !== terminal) continue;
          const newSiteIndex = value.sites.findIndex((site) => ts.isNewExpression(site));
          const sites = value.sites.slice(newSiteIndex);
          found.push(this.makeOperation(library, model, node, sites, sites[0] ?? node));
        }
      }
    }
    return found;
  }

  /** `JSON.parse(atob(token.split('.')[1]))` and its Buffer / base64url variants. */
  private decodedByHand(node: ts.CallExpression): JwtOperation[] {
    const argument = node.arguments[0];
    if (!argument) return [];
    const segment = base64Argument(stripWrappers(argument));
    if (!segment) return [];
    const split = splitSegment(segment);
    if (!split) return [];
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
    const builder = model.builder;
    const constructorArgs = builder && sites[0] ? argumentsOf(sites[0]) : args;
    const chainIsDirect = builder ? isDirectChain(sites, node) : true;
    const factoryArgs = sites.length > 0 ? argumentsOf(sites[sites.length - 1]) : [];
    const pick = (index: number | undefined, from: readonly ts.Expression[]): ts.Expression | undefined =>
      index === undefined || ts.isSpreadElement(from[index] ?? node) ? undefined : from[index];
    const cache = new Map<CanonicalOption, OptionFact>();

    const readOption = (location: OptionLocation): OptionFact => {
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
      let value = resolver.resolve(base);
      let at: ts.Node = base;
      for (const step of location.path ?? []) {
        // `verify(token, key, callback)`: a function where options may stand means the options were omitted
        if (value.kind === 'undefined' || value.kind === 'null' || value.kind === 'function') return { state: 'absent', location };
        if (value.kind !== 'object') return { state: 'unknown', node: at, location };
        const prop = value.props.get(step);
        if (!prop) return value.open ? { state: 'unknown', node: at, location } : { state: 'absent', location };
        value = prop.value;
        at = prop.node;
      }
      return { state: 'present', value, node: at, location };
    };

    return {
      kind: model.kind,
      library,
      model,
      api: model.api,
      node: primary,
      sites,
      token: pick(model.tokenArg, args),
      key: builder ? pick(builder.keyArgOfTerminal, args) : pick(model.keyArg, args),
      payload: builder ? pick(builder.payloadArgOfConstructor, constructorArgs) : pick(model.payloadArg, args),
      callback: pick(model.callbackArg, args),
      hasSpreadArguments: hasSpread(args),
      option(name: CanonicalOption): OptionFact {
        const cached = cache.get(name);
        if (cached) return cached;
        const location = model.options?.[name];
        const fact: OptionFact = location ? readOption(location) : { state: 'absent', location: {} };
        cache.set(name, fact);
        return fact;
      },
    };
  }
}

/** The string a base64 decode reads: `atob(s)`, `Buffer.from(s, 'base64').toString()`, `base64url.decode(s)`. */
function base64Argument(node: ts.Expression): ts.Expression | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const callee = stripWrappers(node.expression);
  // Buffer.from(s, 'base64').toString(...)
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'toString') return base64Argument(stripWrappers(callee.expression));
  if (ts.isIdentifier(callee) && BASE64_DECODER_FUNCTIONS.has(callee.text)) return node.arguments[0];
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const object = callee.expression.text;
    if (object === 'Buffer' && callee.name.text === 'from') {
      const encoding = node.arguments[1];
      return encoding && ts.isStringLiteralLike(encoding) && BASE64_ENCODINGS.has(encoding.text) ? node.arguments[0] : undefined;
    }
    if (BASE64_DECODER_OBJECTS.has(object) && callee.name.text === 'decode') return node.arguments[0];
    if (object === 'window' && BASE64_DECODER_FUNCTIONS.has(callee.name.text)) return node.arguments[0];
  }
  return undefined;
}

/** `token.split('.')[i]` (possibly followed by `.replace(...)` for base64url) → the token and segment index. */
function splitSegment(node: ts.Expression): { token: ts.Expression; index: number } | undefined {
  let current = stripWrappers(node);
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression) && ['replace', 'replaceAll', 'padEnd'].includes(current.expression.name.text)) {
    current = stripWrappers(current.expression.expression);
  }
  if (!ts.isElementAccessExpression(current) || !ts.isNumericLiteral(current.argumentExpression)) return undefined;
  const index = Number(current.argumentExpression.text);
  const split = stripWrappers(current.expression);
  if (!ts.isCallExpression(split) || !ts.isPropertyAccessExpression(split.expression) || split.expression.name.text !== 'split') return undefined;
  const separator = split.arguments[0];
  if (!separator || !ts.isStringLiteralLike(separator) || separator.text !== '.') return undefined;
  return index === 0 || index === 1 ? { token: split.expression.expression, index } : undefined;
}
