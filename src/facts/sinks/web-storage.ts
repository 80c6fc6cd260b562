import { ts } from 'ts-morph';
import { GLOBAL_OBJECTS, WEB_STORAGE_OBJECTS, WEB_STORAGE_TYPE, WEB_STORAGE_WRITE_METHOD, WINDOW_SERVICES } from '../../models/sinks.js';
import { singleDefinition } from '../../dataflow/definitions.js';
import { stripWrappers, type ValueResolver } from '../../dataflow/values.js';
import { projectFunctionOf, returnedExpressions } from '../../dataflow/summaries.js';
import { stringOf } from './common.js';
import { isStorageBindingMethod, storageBindingCallSinks, storageRefSinks } from './storage-bindings.js';
import type { TokenSink } from './types.js';

/** Writes to localStorage / sessionStorage (`web-storage`): `setItem` calls and property assignments, and writes through values bound to a storage key. */
export class WebStorageSinks {
  constructor(private readonly resolver: ValueResolver) {}

  /** `localStorage.setItem('token', t)`, `setToken(t)` of a storage hook, `token.set(t)` of a persisted store, `storage.store('token', t)` of a storage service; undefined when the call is not a storage write. */
  atCall(node: ts.CallExpression, args: readonly ts.Expression[]): TokenSink[] | undefined {
    const callee = stripWrappers(node.expression);
    if (!ts.isPropertyAccessExpression(callee)) return storageBindingCallSinks(node, this.resolver);
    // another method is no write to a storage, nor (not a binding's method) to a binding: the receiver need not be known
    if (callee.name.text !== WEB_STORAGE_WRITE_METHOD && !isStorageBindingMethod(callee.name.text)) return undefined;
    const storage = storageName(callee.expression, 0, this.resolver);
    if (!storage) return storageBindingCallSinks(node, this.resolver);
    if (callee.name.text !== WEB_STORAGE_WRITE_METHOD || args.length < 2) return undefined;
    return [{ kind: 'web-storage', node, api: `${storage}.setItem`, values: [args[1]], key: stringOf(this.resolver, args[0]), keyNode: args[0] }];
  }

  /** `localStorage.token = t`, `localStorage['token'] = t`, `token.value = t` of a storage ref; undefined when the target is not a storage. */
  atAssignment(node: ts.BinaryExpression, target: ts.PropertyAccessExpression | ts.ElementAccessExpression): TokenSink[] | undefined {
    const storage = storageName(target.expression, 0, this.resolver);
    if (!storage) return storageRefSinks(node, target, this.resolver);
    const key = ts.isPropertyAccessExpression(target) ? target.name.text : stringOf(this.resolver, target.argumentExpression);
    return [{ kind: 'web-storage', node, api: storage, values: [node.right], key }];
  }
}

/** `window.localStorage` → 'localStorage'; `localStorage` → 'localStorage'. */
function storageName(expression: ts.Expression, depth = 0, resolver?: ValueResolver): string | undefined {
  const node = stripWrappers(expression);
  if (ts.isIdentifier(node) && WEB_STORAGE_OBJECTS.has(node.text)) return node.text;
  // `this.storage().token = t` with `storage() { return remember ? localStorage : sessionStorage }`: what the project function returns
  if (ts.isCallExpression(node) && node.arguments.length === 0 && resolver && depth < 3) return returnedStorage(node, depth, resolver);
  // `(session ? sessionStorage : localStorage).setItem(...)`
  if (ts.isConditionalExpression(node) && depth < 3) {
    const whenTrue = storageName(node.whenTrue, depth + 1);
    const whenFalse = storageName(node.whenFalse, depth + 1);
    return whenTrue && whenFalse ? (whenTrue === whenFalse ? whenTrue : `${whenTrue} or ${whenFalse}`) : undefined;
  }
  // an alias of the global: `const store = window.localStorage`; a parameter typed `Storage`
  if (ts.isIdentifier(node) && depth < 3) {
    const definition = singleDefinition(node);
    if (definition?.kind === 'parameter' && definition.steps.length === 0 && isStorageType(definition.node.type)) return WEB_STORAGE_TYPE;
    return definition?.kind === 'value' && definition.steps.length === 0 ? storageName(definition.expression, depth + 1) : undefined;
  }
  // `this.storage`: a class field set to a storage (`private storage = window.localStorage`) or typed `Storage`
  // (an injected `constructor(private storage: Storage)`)
  if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword && depth < 3) return classMemberStorage(node, depth);
  if (ts.isPropertyAccessExpression(node) && WEB_STORAGE_OBJECTS.has(node.name.text)) {
    const object = stripWrappers(node.expression);
    if (ts.isIdentifier(object) && (GLOBAL_OBJECTS.has(object.text) || WINDOW_SERVICES.has(object.text))) return node.name.text;
  }
  // `window['localStorage']`, AngularJS `$window[config.storageType]` with a known member name
  if (ts.isElementAccessExpression(node) && resolver) {
    const object = stripWrappers(node.expression);
    const member = resolver.resolve(node.argumentExpression);
    const name = member.kind === 'string' ? member.value : member.kind === 'fallback' && member.fallback.kind === 'string' ? member.fallback.value : undefined;
    if (name !== undefined && WEB_STORAGE_OBJECTS.has(name) && ts.isIdentifier(object) && (GLOBAL_OBJECTS.has(object.text) || WINDOW_SERVICES.has(object.text))) return name;
  }
  return undefined;
}

/** The storage every return of the called project function is (one name, or `a or b`); undefined when any is not one. */
function returnedStorage(call: ts.CallExpression, depth: number, resolver: ValueResolver): string | undefined {
  const fn = projectFunctionOf(call.expression, resolver);
  const returned = fn ? returnedExpressions(fn.body) : [];
  const names = returned.map((expression) => storageName(expression, depth + 1, resolver));
  if (names.length === 0 || names.some((name) => name === undefined)) return undefined;
  return [...new Set(names)].join(' or ');
}

function isStorageType(type: ts.TypeNode | undefined): boolean {
  return type !== undefined && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === WEB_STORAGE_TYPE;
}

function classMemberStorage(node: ts.PropertyAccessExpression, depth: number): string | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current && !ts.isClassLike(current)) current = current.parent;
  if (!current) return undefined;
  const name = node.name.text;
  for (const member of current.members) {
    if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === name) {
      if (isStorageType(member.type)) return WEB_STORAGE_TYPE;
      return member.initializer ? storageName(member.initializer, depth + 1) : undefined;
    }
    if (ts.isConstructorDeclaration(member)) {
      const parameter = member.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === name && (ts.getModifiers(p)?.length ?? 0) > 0);
      if (parameter) return isStorageType(parameter.type) ? WEB_STORAGE_TYPE : undefined;
    }
  }
  return undefined;
}
