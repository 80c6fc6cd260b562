import { ts } from 'ts-morph';
import type { Value, ValueResolver } from '../dataflow/values.js';
import { PROJECTION_METHODS, PROJECTION_OPTIONS } from '../models/orm.js';

/**
 * Query projections: which calls restrict the columns an ORM query returns. A projection that only leaves fields
 * out (Mongoose `.select('-password')`, `{ password: 0 }`) still returns the whole entity but those fields.
 */

const PROJECTIONS = new Set(PROJECTION_METHODS);
const PROJECTION_KEYS = new Set(PROJECTION_OPTIONS);

/** Does a query call restrict the columns it returns (`{ select: {...} }`, `{ attributes: [...] }`)? */
export function selectsColumns(call: ts.CallExpression, resolver: ValueResolver): boolean {
  for (const argument of call.arguments) {
    if (ts.isSpreadElement(argument)) continue;
    const value = resolver.resolve(argument);
    if (value.kind === 'object' && [...value.props.keys()].some((key) => PROJECTION_KEYS.has(key)) && !leavesOutOnly(value.props.get('projection')?.value)) return true;
  }
  return false;
}

/** Is the method a projection chained on a query (`.select(...)`) that keeps only some columns? */
export function isNarrowingProjection(method: string, call: ts.CallExpression, resolver: ValueResolver): boolean {
  if (!PROJECTIONS.has(method)) return false;
  const argument = call.arguments[0];
  return !(argument && !ts.isSpreadElement(argument) && leavesOutOnly(resolver.resolve(argument)));
}

export const isProjectionMethod = (method: string): boolean => PROJECTIONS.has(method);

/** `'-password -salt'`, `{ password: 0, salt: false }`: a projection that names only fields to leave out. */
function leavesOutOnly(value: Value | undefined): boolean {
  if (value?.kind === 'string') {
    const fields = value.value.split(/\s+/).filter((field) => field !== '');
    return fields.length > 0 && fields.every((field) => field.startsWith('-'));
  }
  if (value?.kind !== 'object' || value.open || value.props.size === 0) return false;
  return [...value.props.values()].every(({ value: field }) => (field.kind === 'number' && field.value === 0) || (field.kind === 'boolean' && !field.value));
}
