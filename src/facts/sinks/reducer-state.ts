import { ts } from 'ts-morph';
import { REDUCER_COMBINERS, SLICE_FACTORIES } from '../../models/stores.js';
import type { Value, ValueResolver } from '../../dataflow/values.js';
import { samePath, withoutDefault } from './common.js';

/**
 * The state fields of a Redux reducer (src/models/stores.ts): per slice of `combineReducers({ auth, ui })`, or under
 * '' for a single slice. Read from the definitions only: a slice's initial state, a reducer's state default.
 */

/** Slice name → the fields of its state; undefined when the reducer cannot be read. */
export function reducerSlices(expression: ts.Expression, resolver: ValueResolver): Map<string, string[]> | undefined {
  const value = resolver.resolve(expression);
  const combined = combinedSlices(value, resolver);
  if (combined) return combined;
  const fields = stateFields(value, resolver);
  return fields ? new Map([['', fields]]) : undefined;
}

/** The library call a value is the result of (`combineReducers(...)` → that call), with the function's path. */
function resultOf(value: Value, members: number): { call: ts.CallExpression; module: string; path: string[] } | undefined {
  if (value.kind !== 'library') return undefined;
  const path = withoutDefault(value.path);
  const called = path.length - members - 1;
  const call = value.sites[value.sites.length - 1];
  if (called < 0 || path[called] !== '()' || !call || !ts.isCallExpression(call)) return undefined;
  return { call, module: value.module, path: path.slice(0, called) };
}

function argumentOf(call: ts.CallExpression, index: number, resolver: ValueResolver): Value | undefined {
  const argument = call.arguments[index];
  return argument && !ts.isSpreadElement(argument) ? resolver.resolve(argument) : undefined;
}

function combinedSlices(value: Value, resolver: ValueResolver): Map<string, string[]> | undefined {
  const result = resultOf(value, 0);
  const combiner = result && REDUCER_COMBINERS.find((entry) => entry.modules.includes(result.module) && samePath(entry.path, result.path));
  const slices = result && combiner ? argumentOf(result.call, combiner.slicesArg, resolver) : undefined;
  if (slices?.kind !== 'object') return undefined;
  return new Map([...slices.props].map(([name, slice]) => [name, stateFields(slice.value, resolver) ?? []]));
}

/** `createSlice({ initialState: { token: '' } }).reducer`, `(state = { token: null }, action) => ...`: the state's fields. */
function stateFields(value: Value, resolver: ValueResolver): string[] | undefined {
  const result = resultOf(value, 1);
  const factory = result && SLICE_FACTORIES.find((entry) => entry.modules.includes(result.module) && samePath(entry.path, result.path));
  if (result && factory && value.kind === 'library' && value.path[value.path.length - 1] === factory.reducerMember) {
    const options = argumentOf(result.call, factory.optionsArg, resolver);
    const state = options?.kind === 'object' ? options.props.get(factory.stateOption)?.value : undefined;
    return state?.kind === 'object' ? [...state.props.keys()] : undefined;
  }
  if (value.kind !== 'function' || !ts.isFunctionLike(value.node)) return undefined;
  const initial = value.node.parameters[0]?.initializer;
  const state = initial ? resolver.resolve(initial) : undefined;
  return state?.kind === 'object' ? [...state.props.keys()] : undefined;
}
