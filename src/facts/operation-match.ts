/**
 * Matching: a call whose callee is a library value → the operation models it performs, by the model's form
 * (call, construct, factory, builder chain, decorated method), with the call's arity form and flag arguments
 * applied to the model first.
 */
import { ts } from 'ts-morph';
import { decoratedOperations, normalizePath, operationsAt } from '../models/index.js';
import type { LibraryModel, OperationModel, OptionLocation } from '../models/types.js';
import type { LibraryValue, Value, ValueResolver } from '../dataflow/values.js';
import { valueAtPath } from '../dataflow/object-literals.js';
import { assembleOperation, type OperationContext } from './operation-assemble.js';
import { decoratedNameBefore, decorationNameOption, endsWithMembers } from './decorated-names.js';
import { argumentsOf, hasSpread } from './operation-options.js';
import type { CallNode, JwtOperation } from './operation-types.js';

/** The operations of `node`, whose callee resolves to `value` of `library` (`isSuper`: a `super(...)` call). */
export function libraryOperationsAt(context: OperationContext, node: CallNode, value: LibraryValue, library: LibraryModel, isSuper: boolean): JwtOperation[] {
  const path = normalizePath(library, value.path);
  const found: JwtOperation[] = [];
  for (const model of operationsAt(library, path)) {
    const form = model.form?.kind ?? 'call';
    if (form === 'builder') continue;
    if (form === 'construct' && !ts.isNewExpression(node) && !isSuper) continue;
    // the call of a factory-made function is reported at the factory call
    const primary = form === 'factory' ? value.sites[value.sites.length - 1] : node;
    if (primary) found.push(assembleOperation(context, library, effectiveModel(context.resolver, model, node), node, value.sites, primary));
  }
  if (!ts.isCallExpression(node)) return found;
  // The factory call itself (fast-jwt `createVerifier({...})`): an operation without token or payload
  for (const model of operationsAt(library, [...path, '()'])) {
    if (model.form?.kind !== 'factory') continue;
    found.push({ ...assembleOperation(context, library, model, node, [...value.sites, node], node), token: undefined, payload: undefined, callback: undefined });
  }
  found.push(...builderOperations(context, node, value, library, path));
  return found;
}

/** Builder chain: `new Ctor(...).method(...)...terminal(key)`, `node` being the terminal call. */
function builderOperations(context: OperationContext, node: ts.CallExpression, value: LibraryValue, library: LibraryModel, path: readonly string[]): JwtOperation[] {
  const newIndex = path.indexOf('new');
  if (path.length < 3 || newIndex <= 0) return [];
  const ctorPath = path.slice(0, newIndex);
  const terminal = path[path.length - 1];
  const found: JwtOperation[] = [];
  for (const model of operationsAt(library, ctorPath)) {
    if (model.form?.kind !== 'builder' || model.form.terminal !== terminal) continue;
    const newSiteIndex = value.sites.findIndex((site) => ts.isNewExpression(site));
    const sites = value.sites.slice(newSiteIndex);
    found.push(assembleOperation(context, library, model, node, sites, sites[0] ?? node));
  }
  return found;
}

/**
 * The model as this call uses it:
 * jws < 3 `verify(signature, key)`: the legacy form of its arity (OperationModel.arityForms).
 * jwt-simple `decode(token, key, true)`: the verify model becomes a decode that checks no signature.
 * jwt-decode `jwtDecode(token, { header: true })`: the decode returns the header.
 */
function effectiveModel(resolver: ValueResolver, model: OperationModel, node: CallNode): OperationModel {
  const args = argumentsOf(node);
  const form = hasSpread(args) ? undefined : model.arityForms?.find((candidate) => candidate.arity === args.length);
  if (form) return effectiveModel(resolver, { ...model, ...form.override, arityForms: undefined }, node);
  if (model.headerWhen && literallyTrue(resolver, node, model.headerWhen)) return { ...model, decodes: 'header' };
  if (model.noVerifyArg === undefined) return model;
  const argument = args[model.noVerifyArg];
  if (!argument || ts.isSpreadElement(argument)) return model;
  const value = resolver.resolve(argument);
  const truthy = (value.kind === 'boolean' && value.value) || (value.kind === 'number' && value.value !== 0) || (value.kind === 'string' && value.value !== '');
  return truthy ? { ...model, kind: 'decode', verifiesSignature: false, decodes: 'payload' } : model;
}

/** Is the option at `location` (argument `arg`, then `path` inside it) of this call the literal `true`? */
function literallyTrue(resolver: ValueResolver, node: CallNode, location: OptionLocation): boolean {
  const args = argumentsOf(node);
  const index = location.arg ?? 0;
  const argument = args[index];
  if (!argument || hasSpread(args.slice(0, index + 1))) return false;
  const value = valueAtPath(resolver.resolve(argument), location.path ?? []);
  return value?.kind === 'boolean' && value.value;
}

/** The library class a `super(...)` call constructs. */
export function superClassValue(resolver: ValueResolver, node: CallNode): Value {
  let current: ts.Node | undefined = node.parent;
  while (current && !ts.isClassLike(current)) current = current.parent;
  if (!current) return { kind: 'unknown', node };
  const heritage = current.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  if (!heritage) return { kind: 'unknown', node };
  const base = resolver.resolve(heritage.expression);
  return base.kind === 'library' ? { ...base, sites: [...base.sites, node] } : base;
}

/**
 * Methods a plugin decorates framework objects with (`request.jwtVerify()`, `fastify.jwt.sign()`): only
 * where a registration of the plugin governs the file.
 */
export function decoratedOperationsAt(context: OperationContext, node: CallNode, callee: ts.PropertyAccessExpression): JwtOperation[] {
  if (!ts.isCallExpression(node)) return [];
  const found: JwtOperation[] = [];
  for (const { library, operation, form } of decoratedOperations) {
    // a plugin decorating under a name of its options: any name, told apart by the registration's (module-config.ts)
    const named = decorationNameOption(library) !== undefined;
    if (named ? decoratedNameBefore(callee, form.members) === undefined : !endsWithMembers(callee, form.members)) continue;
    const required = form.argument;
    if (required) {
      const argument = node.arguments[required.index];
      if (!argument || ts.isSpreadElement(argument)) continue;
      const value = context.resolver.resolve(argument);
      if (value.kind !== 'string' || value.value !== required.value) continue;
    }
    const lookup = context.configs().lookup(library, node.getSourceFile().fileName, node);
    if (lookup.state === 'none') continue;
    found.push(assembleOperation(context, library, operation, node, [], node));
  }
  return found;
}
