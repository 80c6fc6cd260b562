import { ts } from 'ts-morph';
import { STORAGE_BINDINGS, type StorageBindingModel } from '../../models/stores.js';
import { findDeclaration } from '../../binding/scope.js';
import { singleDefinition } from '../../dataflow/definitions.js';
import { stripWrappers, type Value, type ValueResolver } from '../../dataflow/values.js';
import { stringOf, withoutDefault } from './common.js';
import type { TokenSink } from './types.js';

/**
 * Writes through values bound to a storage key (src/models/stores.ts STORAGE_BINDINGS): `t.value = x` for a vueuse
 * `useStorage` ref or Nuxt's `useCookie`, `setT(x)` for the setter of a React storage hook, `t.set(x)` for a Svelte
 * persisted store, `this.storage.store(key, x)` for an injected storage service. Each is a write of `x` under the key.
 */

type Write = StorageBindingModel['write'];
/** The access path after the function or class name that each kind of binding is reached by. */
const BINDING_SUFFIX: Readonly<Record<Write, readonly string[]>> = { ref: ['()'], setter: ['()', '1'], store: ['()'], service: ['new'], atom: ['()'] };
const FUNCTION_NAMES = new Set(STORAGE_BINDINGS.flatMap((model) => Object.keys(model.functions)).filter((name) => name !== 'default'));
const MODULES = new Set(STORAGE_BINDINGS.flatMap((model) => model.modules));
const METHOD_NAMES = new Set(STORAGE_BINDINGS.flatMap((model) => (model.method ? [model.method.name] : [])));
/** Is this a method a storage binding writes through (a persisted store's or a storage service's)? */
export const isStorageBindingMethod = (name: string): boolean => METHOD_NAMES.has(name);
const ATOM_WRITER_NAMES = new Set(STORAGE_BINDINGS.flatMap((model) => (model.atomWriters ?? []).map((writer) => writer.name)));
const WEB_STORAGE_TEXT = /\b(localStorage|sessionStorage)\b/;

/** `setToken(x)`, `token.set(x)`, `this.storage.store('token', x)`; undefined when the call is none of these. */
export function storageBindingCallSinks(node: ts.CallExpression, resolver: ValueResolver): TokenSink[] | undefined {
  const callee = stripWrappers(node.expression);
  if (ts.isIdentifier(callee)) {
    // cheap syntactic test first: the setter is an element destructured from a call of a modeled name
    const definition = singleDefinition(callee);
    if (definition?.kind !== 'value') return undefined;
    if (definition.steps.length === 1 && isBindingCall(definition.expression)) return sinksFor(resolver.resolve(callee), 'setter', node, node.arguments, resolver);
    return atomSetterSinks(node, definition.expression, definition.steps, resolver);
  }
  if (!ts.isPropertyAccessExpression(callee) || !METHOD_NAMES.has(callee.name.text)) return undefined;
  const base = stripWrappers(callee.expression);
  if (ts.isIdentifier(base) && !mayBeBinding(base)) return undefined;
  const value = resolver.resolve(base);
  return sinksFor(value, 'store', node, node.arguments, resolver, callee.name.text) ?? sinksFor(value, 'service', node, node.arguments, resolver, callee.name.text);
}

/** `setToken(x)` where `const setToken = useSetAtom(tokenAtom)` (or `useAtom(tokenAtom)[1]`) and `tokenAtom = atomWithStorage(...)`. */
function atomSetterSinks(node: ts.CallExpression, made: ts.Expression, steps: readonly (string | number)[], resolver: ValueResolver): TokenSink[] | undefined {
  const call = stripWrappers(made);
  const hook = ts.isCallExpression(call) ? stripWrappers(call.expression) : undefined;
  const atom = ts.isCallExpression(call) ? call.arguments[0] : undefined;
  if (!hook || !ts.isIdentifier(hook) || !ATOM_WRITER_NAMES.has(hook.text) || !atom || ts.isSpreadElement(atom)) return undefined;
  const hookValue = resolver.resolve(hook);
  if (hookValue.kind !== 'library') return undefined;
  const path = withoutDefault(hookValue.path);
  const writes = STORAGE_BINDINGS.some((model) =>
    (model.atomWriters ?? []).some(
      (writer) =>
        writer.modules.includes(hookValue.module) &&
        path.length === 1 &&
        path[0] === writer.name &&
        (writer.element === undefined ? steps.length === 0 : steps.length === 1 && String(steps[0]) === String(writer.element)),
    ),
  );
  return writes ? sinksFor(resolver.resolve(atom), 'atom', node, node.arguments, resolver) : undefined;
}

/** `token.value = x` where `const token = useStorage('token', '')`; undefined when the target is not such a ref. */
export function storageRefSinks(node: ts.BinaryExpression, target: ts.PropertyAccessExpression | ts.ElementAccessExpression, resolver: ValueResolver): TokenSink[] | undefined {
  if (!ts.isPropertyAccessExpression(target)) return undefined;
  // `state.value.token = x` where `const state = useStorage('app', { token: null })`: a field of the stored object
  const holder = stripWrappers(target.expression);
  const field = target.name.text !== REF_VALUE && ts.isPropertyAccessExpression(holder) && holder.name.text === REF_VALUE ? target.name.text : undefined;
  const ref = field === undefined ? target : holder;
  if (!ts.isPropertyAccessExpression(ref) || ref.name.text !== REF_VALUE) return undefined;
  const value = resolver.resolve(ref.expression);
  return sinksFor(value.kind === 'unknown' ? autoImportedBinding(ref.expression) : value, 'ref', node, [node.right], resolver, undefined, field);
}

/** The member of a ref that holds its value (Vue's `ref.value`). */
const REF_VALUE = 'value';

function isBindingCall(expression: ts.Expression): boolean {
  const made = stripWrappers(expression);
  return ts.isCallExpression(made) && namesBindingFunction(made.expression);
}

/** A modeled function's name, or a name imported from a modeled module (a default import, a renamed one). */
function namesBindingFunction(callee: ts.Expression): boolean {
  const node = stripWrappers(callee);
  if (ts.isPropertyAccessExpression(node)) return FUNCTION_NAMES.has(node.name.text);
  if (!ts.isIdentifier(node)) return false;
  if (FUNCTION_NAMES.has(node.text)) return true;
  const declaration = findDeclaration(node.text, node);
  return declaration?.kind === 'import' && MODULES.has(declaration.specifier);
}

/** Could this name hold a store: made by a binding call here, or imported (stores are often defined in their own module)? */
function mayBeBinding(name: ts.Identifier): boolean {
  const declaration = findDeclaration(name.text, name);
  if (declaration?.kind === 'import') return true;
  const definition = singleDefinition(name);
  return definition?.kind === 'value' && definition.steps.length === 0 && isBindingCall(definition.expression);
}

/** `const c = useCookie('token')` with the framework's auto-imported global: the library value it stands for. */
function autoImportedBinding(expression: ts.Expression): Value {
  const name = stripWrappers(expression);
  const definition = ts.isIdentifier(name) ? singleDefinition(name) : undefined;
  const made = definition?.kind === 'value' && definition.steps.length === 0 ? stripWrappers(definition.expression) : undefined;
  const callee = made && ts.isCallExpression(made) ? stripWrappers(made.expression) : undefined;
  const model =
    callee && ts.isIdentifier(callee) && !findDeclaration(callee.text, callee) ? STORAGE_BINDINGS.find((m) => m.autoImported && Object.hasOwn(m.functions, callee.text)) : undefined;
  if (!model || !made || !callee || !ts.isCallExpression(made) || !ts.isIdentifier(callee)) return { kind: 'unknown', node: expression };
  return { kind: 'library', node: expression, module: model.modules[0], path: [callee.text, '()'], sites: [made] };
}

/** The sinks of a write through a binding; `field`: the member of the stored object written (then the sink's key). */
function sinksFor(value: Value, write: Write, node: ts.Node, args: readonly ts.Expression[], resolver: ValueResolver, method?: string, field?: string): TokenSink[] | undefined {
  if (value.kind !== 'library') return undefined;
  const suffix = BINDING_SUFFIX[write];
  const [name, ...rest] = value.path;
  if (name === undefined || rest.length !== suffix.length || rest.some((step, index) => step !== suffix[index])) return undefined;
  const model = STORAGE_BINDINGS.find((m) => m.write === write && m.modules.includes(value.module) && Object.hasOwn(m.functions, name) && m.method?.name === method);
  if (!model) return undefined;
  const call = value.sites[value.sites.length - 1];
  const made = call && ts.isCallExpression(call) ? call : undefined;
  if (write !== 'service' && !made) return undefined;
  const written = args[model.method?.valueArg ?? 0];
  if (!written || ts.isSpreadElement(written)) return undefined;
  const storage = made ? storageOf(model.functions[name], made) : model.functions[name].storage;
  if (!storage || (made && keptFromScripts(model, made))) return undefined;
  const label = name === 'default' ? model.api : `${model.api} ${name}`;
  const keyExpression = model.method?.keyArg !== undefined ? args[model.method.keyArg] : made && keyArgument(model, made);
  const key = field ?? (keyExpression && !ts.isSpreadElement(keyExpression) ? stringOf(resolver, keyExpression) : undefined);
  if (storage === 'cookie') return [{ kind: 'script-cookie', node, api: label, values: [written], key }];
  return [{ kind: 'web-storage', node, api: `${storage} (${label})`, values: [written], key }];
}

/** The storage the binding writes: the function's own, unless an argument names another (then only web storage counts). */
function storageOf(fn: StorageBindingModel['functions'][string], call: ts.CallExpression): string | undefined {
  const argument = fn.storageArg === undefined ? undefined : call.arguments[fn.storageArg];
  if (!argument || argument.kind === ts.SyntaxKind.UndefinedKeyword) return fn.storage;
  const options = stripWrappers(argument);
  if (fn.storageOption && ts.isObjectLiteralExpression(options)) {
    const option = propertyInitializer(options, fn.storageOption.name);
    if (!option) return fn.storage;
    return ts.isStringLiteralLike(option) && Object.hasOwn(fn.storageOption.values, option.text) ? fn.storageOption.values[option.text] : undefined;
  }
  return WEB_STORAGE_TEXT.exec(argument.getText())?.[1];
}

/** A cookie binding given `httpOnly: true` (set by the server only; a script cannot read or write it). */
function keptFromScripts(model: StorageBindingModel, call: ts.CallExpression): boolean {
  const options = model.cookieOptionsArg === undefined ? undefined : call.arguments[model.cookieOptionsArg];
  const literal = options && stripWrappers(options);
  const httpOnly = literal && ts.isObjectLiteralExpression(literal) ? propertyInitializer(literal, 'httpOnly') : undefined;
  return httpOnly?.kind === ts.SyntaxKind.TrueKeyword;
}

function keyArgument(model: StorageBindingModel, call: ts.CallExpression): ts.Expression | undefined {
  if (!model.key) return undefined;
  const argument = call.arguments[model.key.arg];
  if (!argument || !model.key.property) return argument;
  const options = stripWrappers(argument);
  return ts.isObjectLiteralExpression(options) ? propertyInitializer(options, model.key.property) : undefined;
}

function propertyInitializer(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  const property = object.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText() === name);
  return property && ts.isPropertyAssignment(property) ? property.initializer : undefined;
}
