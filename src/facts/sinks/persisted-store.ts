import { ts } from 'ts-morph';
import { singleDefinition } from '../../dataflow/definitions.js';
import { namesAuthToken } from '../../models/http.js';
import { PERSISTED_STORES, WEB_STORAGE_ENGINES, type PersistedStoreModel } from '../../models/stores.js';
import { stripWrappers, type Value, type ValueResolver } from '../../dataflow/values.js';
import { returnedExpressions } from '../../dataflow/summaries.js';
import { samePath, withoutDefault } from './common.js';
import { reducerSlices } from './reducer-state.js';
import { valueAtPath } from '../../dataflow/object-literals.js';
import type { TokenSink } from './types.js';

/**
 * Persisted front-end stores (src/models/stores.ts): a token field of a state persisted to web storage is a
 * web-storage sink at the persisting call, keyed by the field, with no value (what is stored there is set later).
 */

const WEB_STORAGE_TEXT = /\b(localStorage|sessionStorage)\b/;

export function persistedStoreSinks(node: ts.CallExpression, resolver: ValueResolver): TokenSink[] {
  const callee = stripWrappers(node.expression);
  if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee)) return [];
  const value = resolver.resolve(callee);
  if (value.kind !== 'library') return [];
  const path = withoutDefault(value.path);
  const model = PERSISTED_STORES.find((candidate) => candidate.modules.includes(value.module) && samePath(candidate.path, path));
  if (!model) return [];
  const found = persistedFields(model, node, resolver);
  if (!found) return [];
  const storage = storageOf(model, found.options);
  if (!storage) return [];
  return found.fields.filter((field) => namesAuthToken(field)).map((field) => ({ kind: 'web-storage' as const, node: found.at, api: `${storage} (${model.api})`, values: [], key: field }));
}

interface Found {
  fields: string[];
  options: Value | undefined;
  /** Where to report: the persisting call, or the persist option of a store definition. */
  at: ts.Node;
}

function argumentValue(node: ts.CallExpression, index: number, resolver: ValueResolver): Value | undefined {
  const argument = node.arguments[index];
  return argument && !ts.isSpreadElement(argument) ? resolver.resolve(argument) : undefined;
}

function persistedFields(model: PersistedStoreModel, node: ts.CallExpression, resolver: ValueResolver): Found | undefined {
  const fields = model.fields;
  if (fields.kind === 'names') {
    const options = argumentValue(node, model.optionsArg, resolver);
    const list = valueAtPath(options, fields.path);
    const reducer = fields.reducer && node.arguments[fields.reducer.arg];
    const slices = reducer && !ts.isSpreadElement(reducer) ? reducerSlices(reducer, resolver) : undefined;
    // no list in options that are all seen: every slice but the excepted ones (redux-persist's default)
    const unlisted = !list && options?.kind === 'object' && !options.open;
    if (!slices || !fields.reducer || (!list && !unlisted)) return list ? { fields: listedNames(list), options, at: node } : undefined;
    const except = new Set(listedNames(valueAtPath(options, fields.reducer.exceptPath) ?? { kind: 'undefined', node }));
    const persisted = list ? listedNames(list) : [...slices.keys()].filter((name) => !except.has(name));
    // a slice listed by its name persists its fields
    return { fields: persisted.flatMap((name) => [name, ...(slices.get(name) ?? [])]), options, at: node };
  }
  if (fields.kind === 'creator') {
    const options = argumentValue(node, model.optionsArg, resolver);
    const creator = node.arguments[fields.arg];
    let names = creator && !ts.isSpreadElement(creator) ? returnedFields(creator) : [];
    const partialize = fields.partialize && options?.kind === 'object' ? options.props.get(fields.partialize) : undefined;
    if (partialize) {
      const narrowed = returnedFields(partialize.node);
      if (narrowed.length === 0) return undefined; // cannot see what is kept
      names = narrowed;
    }
    return { fields: names, options, at: node };
  }
  // pinia: defineStore(id, { state, persist }) or defineStore(id, setup, { persist })
  const second = node.arguments[1];
  if (!second || ts.isSpreadElement(second)) return undefined;
  const secondValue = resolver.resolve(second);
  const optionsNode = secondValue.kind === 'object' ? second : node.arguments[2];
  const options = optionsNode && !ts.isSpreadElement(optionsNode) ? resolver.resolve(optionsNode) : undefined;
  const flag = options?.kind === 'object' ? options.props.get(fields.flag) : undefined;
  if (!flag || flag.value.kind === 'undefined' || flag.value.kind === 'null' || (flag.value.kind === 'boolean' && !flag.value.value)) return undefined;
  const stateSource = secondValue.kind === 'object' ? secondValue.props.get('state')?.node : second;
  let names = stateSource ? returnedFields(stateSource) : [];
  if (flag.value.kind === 'object') {
    const narrow = fields.narrow.map((name) => (flag.value.kind === 'object' ? flag.value.props.get(name) : undefined)).find(Boolean);
    if (narrow) names = listedNames(narrow.value);
  }
  return { fields: names, options: flag.value.kind === 'object' ? flag.value : undefined, at: flag.node };
}

/** Names in a persisted-keys list: `'token'`, `'auth.token'` (its last step), `{ auth: ['token'] }`. */
function listedNames(list: Value): string[] {
  if (list.kind !== 'array') return [];
  const names: string[] = [];
  for (const element of list.elements) {
    if (element.kind === 'string') names.push(element.value.split('.').pop() ?? element.value);
    else if (element.kind === 'object') {
      for (const [key, inner] of element.props) {
        names.push(key);
        names.push(...listedNames(inner.value));
      }
    }
  }
  return names;
}

/** Property names of the object literal a function (or property holding one) returns: `(set) => ({ token: null })`. */
function returnedFields(node: ts.Node): string[] {
  let target: ts.Node = node;
  if (ts.isPropertyAssignment(target)) target = target.initializer;
  if (ts.isMethodDeclaration(target) && target.body) return objectsOf(returnedExpressions(target.body));
  target = stripWrappers(target as ts.Expression);
  // persist(devtools((set) => ...)) and similar wrappers: the innermost function argument
  while (ts.isCallExpression(target) && target.arguments[0] && !ts.isSpreadElement(target.arguments[0])) target = stripWrappers(target.arguments[0]);
  if (!ts.isArrowFunction(target) && !ts.isFunctionExpression(target)) return [];
  if (!ts.isBlock(target.body)) return objectsOf([target.body]);
  return objectsOf(returnedExpressions(target.body));
}

/**
 * The state's field names, and one level into a field that holds an object (`account: { name: '', token: '' }`, or
 * a returned `account` made by `ref({ token: '' })` / `reactive({ ... })`) as dotted names: the whole object is
 * serialised into the storage.
 */
function objectsOf(expressions: readonly ts.Expression[]): string[] {
  const names: string[] = [];
  for (const expression of expressions) {
    const object = stripWrappers(expression);
    if (!ts.isObjectLiteralExpression(object)) continue;
    for (const property of object.properties) {
      const name = property.name;
      if (!name || !(ts.isIdentifier(name) || ts.isStringLiteral(name))) continue;
      names.push(name.text);
      const nested = nestedObject(property);
      for (const inner of nested ? objectsOf([nested]).filter((field) => !field.includes('.')) : []) names.push(`${name.text}.${inner}`);
    }
  }
  return names;
}

/** The object literal a state field holds: written in place, or the initial value of the ref/reactive a returned name holds. */
function nestedObject(property: ts.ObjectLiteralElementLike): ts.Expression | undefined {
  let value: ts.Expression | undefined = ts.isPropertyAssignment(property) ? property.initializer : undefined;
  if (ts.isShorthandPropertyAssignment(property)) {
    const definition = singleDefinition(property.name);
    value = definition?.kind === 'value' && definition.steps.length === 0 ? definition.expression : undefined;
  }
  let node = value && stripWrappers(value);
  // `ref({ token: '' })`, `reactive({ ... })`: the state object is the argument
  if (node && ts.isCallExpression(node) && node.arguments.length === 1 && !ts.isSpreadElement(node.arguments[0])) node = stripWrappers(node.arguments[0]);
  return node && ts.isObjectLiteralExpression(node) ? node : undefined;
}

/** The web storage the state goes to, or undefined when the storage option names something else (cookies, IndexedDB, AsyncStorage). */
function storageOf(model: PersistedStoreModel, options: Value | undefined): string | undefined {
  const option = model.storageOption && options?.kind === 'object' ? options.props.get(model.storageOption) : undefined;
  if (!option) return model.storage;
  const value = option.value;
  const engine = value.kind === 'library' ? WEB_STORAGE_ENGINES.find((entry) => entry.module.test(value.module)) : undefined;
  if (engine) return engine.storage;
  const match = WEB_STORAGE_TEXT.exec(option.node.getText());
  return match ? match[1] : undefined;
}
