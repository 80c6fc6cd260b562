import type { ts } from 'ts-morph';
import type { PropertyWrite } from './definitions.js';
import type { Value } from './values.js';

/**
 * An object value with the writes made into it after its definition applied (`payload.password = hash`,
 * `Object.assign(options, defaults)`): the value resolver's view of a mutated object. `resolve` gives the value of
 * a written expression.
 */

type Resolve = (expression: ts.Expression) => Value;

/** The object with the property writes applied, in order. */
export function withWrites(object: Value, writes: readonly PropertyWrite[], resolve: Resolve): Value {
  let current = object;
  for (const write of writes) current = withWrite(current, write.path, write, resolve);
  return current;
}

/** One write at a path of the object; a merge (`Object.assign`) at the empty path copies the source's properties. */
export function withWrite(object: Value, path: readonly string[], write: PropertyWrite, resolve: Resolve): Value {
  if (write.element) return withElement(object, path, write.element, resolve);
  if (object.kind !== 'object') return object;
  const props = new Map(object.props);
  if (path.length === 0) {
    const source = write.merge ? resolve(write.merge) : undefined;
    if (source?.kind !== 'object') return { ...object, props, open: true };
    for (const [key, value] of source.props) props.set(key, value);
    return { ...object, props, open: object.open || source.open };
  }
  const [first, ...rest] = path;
  if (rest.length === 0 && !write.merge) {
    if (!write.value) return { ...object, open: true };
    props.set(first, { value: resolve(write.value), node: write.node });
    return { ...object, props };
  }
  const inner = props.get(first);
  // `x.a.b = v` where `x.a` is not known: nothing to write into
  if (!inner) return object.open ? object : { ...object, open: true };
  props.set(first, { value: withWrite(inner.value, rest, write, resolve), node: inner.node });
  return { ...object, props };
}

/** An element added to the array at a path of the value (`x.roles.push(v)`); anything else there is left as it is. */
function withElement(value: Value, path: readonly string[], element: ts.Expression, resolve: Resolve): Value {
  if (path.length === 0) return value.kind === 'array' ? { ...value, elements: [...value.elements, resolve(element)] } : value;
  const inner = value.kind === 'object' ? value.props.get(path[0]) : undefined;
  if (value.kind !== 'object' || !inner) return value;
  const props = new Map(value.props);
  props.set(path[0], { value: withElement(inner.value, path.slice(1), element, resolve), node: inner.node });
  return { ...value, props };
}
