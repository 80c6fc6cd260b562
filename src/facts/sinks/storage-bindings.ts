import { ts } from 'ts-morph';
import { STORAGE_BINDINGS, type StorageBindingModel } from '../../models/stores.js';
import { findDeclaration } from '../../binding/scope.js';
import { singleDefinition } from '../../dataflow/definitions.js';
import { stripWrappers, type Value, type ValueResolver } from '../../dataflow/values.js';
import { stringOf } from './common.js';
import type { TokenSink } from './types.js';

/**
 * Writes through values bound to a storage key (src/models/stores.ts STORAGE_BINDINGS): `t.value = x` for a vueuse
 * `useStorage` ref, `setT(x)` for the setter of a React storage hook. Each is a web-storage write of `x` under the key.
 */

const FUNCTION_NAMES = new Set(STORAGE_BINDINGS.flatMap((model) => Object.keys(model.functions)).filter((name) => name !== 'default'));
const MODULES = new Set(STORAGE_BINDINGS.flatMap((model) => model.modules));
const WEB_STORAGE_TEXT = /\b(localStorage|sessionStorage)\b/;

/** `setToken(x)` where `const [, setToken] = useLocalStorage('token', null)`; undefined when the call is not one. */
export function storageSetterSinks(node: ts.CallExpression, resolver: ValueResolver): TokenSink[] | undefined {
  const callee = stripWrappers(node.expression);
  const written = node.arguments[0];
  if (!ts.isIdentifier(callee) || !written || ts.isSpreadElement(written)) return undefined;
  // cheap syntactic test first: the setter is the second element destructured from a call of a modeled name
  const definition = singleDefinition(callee);
  if (definition?.kind !== 'value' || definition.steps.length !== 1) return undefined;
  const made = stripWrappers(definition.expression);
  if (!ts.isCallExpression(made) || !namesBindingFunction(made.expression)) return undefined;
  return sinksFor(resolver.resolve(callee), 'setter', node, written, resolver);
}

/** `token.value = x` where `const token = useStorage('token', '')`; undefined when the target is not such a ref. */
export function storageRefSinks(node: ts.BinaryExpression, target: ts.PropertyAccessExpression | ts.ElementAccessExpression, resolver: ValueResolver): TokenSink[] | undefined {
  if (!ts.isPropertyAccessExpression(target) || target.name.text !== 'value') return undefined;
  return sinksFor(resolver.resolve(target.expression), 'ref', node, node.right, resolver);
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

function sinksFor(value: Value, write: StorageBindingModel['write'], node: ts.Node, written: ts.Expression, resolver: ValueResolver): TokenSink[] | undefined {
  if (value.kind !== 'library') return undefined;
  const expected = write === 'ref' ? ['()'] : ['()', '1'];
  const [name, ...rest] = value.path;
  if (name === undefined || rest.length !== expected.length || rest.some((step, index) => step !== expected[index])) return undefined;
  const model = STORAGE_BINDINGS.find((candidate) => candidate.write === write && candidate.modules.includes(value.module) && Object.hasOwn(candidate.functions, name));
  const call = value.sites[value.sites.length - 1];
  if (!model || !call || !ts.isCallExpression(call)) return undefined;
  const storage = storageOf(model.functions[name], call);
  if (!storage) return undefined;
  const label = name === 'default' ? model.api : `${model.api} ${name}`;
  return [{ kind: 'web-storage', node, api: `${storage} (${label})`, values: [written], key: keyOf(model, call, resolver) }];
}

/** The storage the binding writes: the function's own, unless an argument names another (then only web storage counts). */
function storageOf(fn: StorageBindingModel['functions'][string], call: ts.CallExpression): string | undefined {
  const argument = fn.storageArg === undefined ? undefined : call.arguments[fn.storageArg];
  if (!argument || argument.kind === ts.SyntaxKind.UndefinedKeyword) return fn.storage;
  return WEB_STORAGE_TEXT.exec(argument.getText())?.[1];
}

function keyOf(model: StorageBindingModel, call: ts.CallExpression, resolver: ValueResolver): string | undefined {
  let argument: ts.Expression | undefined = call.arguments[model.key.arg];
  if (!argument || ts.isSpreadElement(argument)) return undefined;
  if (model.key.property) {
    const options = stripWrappers(argument);
    if (!ts.isObjectLiteralExpression(options)) return undefined;
    const property = options.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText() === model.key.property);
    argument = property && ts.isPropertyAssignment(property) ? property.initializer : undefined;
  }
  return argument ? stringOf(resolver, argument) : undefined;
}
