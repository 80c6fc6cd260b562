import { ts } from 'ts-morph';
import { stripWrappers, unknownAt, type PropertyValue, type Value } from './values.js';
import { singleDefinition } from './definitions.js';

/** Parts of object literals the value resolver reads: property names, property values, conditional spreads. */

/** The expression a property of an object literal contributes: its initializer, its shorthand name, or the spread object. */
export function propertyValueExpression(property: ts.ObjectLiteralElementLike): ts.Expression | undefined {
  if (ts.isPropertyAssignment(property)) return property.initializer;
  if (ts.isShorthandPropertyAssignment(property)) return property.name;
  return ts.isSpreadAssignment(property) ? property.expression : undefined;
}

/** The text of a property name: an identifier, a literal, or a computed name that resolves to a string or number. */
export function propertyNameText(name: ts.PropertyName, resolve: (expression: ts.Expression) => Value): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isPrivateIdentifier(name)) return undefined;
  if (ts.isComputedPropertyName(name)) {
    const key = resolve(name.expression);
    if (key.kind === 'string') return key.value;
    if (key.kind === 'number') return String(key.value);
  }
  return undefined;
}

/**
 * What a spread adds to an object literal when it is conditional: `...(https ? { secure: true } : {})`,
 * `...(isProd && { secure: true })`. A property every alternative sets to the same literal keeps it; one that
 * only some alternatives set, or set differently, becomes unknown (it may or may not be there); a property no
 * alternative sets is left as it was. Undefined when the spread is not conditional or an alternative is
 * neither an object nor nothing (the caller then treats the spread as unknown).
 */
export function conditionalSpread(expression: ts.Expression, resolve: (expression: ts.Expression) => Value): { props: Map<string, PropertyValue>; open: boolean } | undefined {
  const node = stripWrappers(expression);
  let branches: ts.Expression[];
  if (ts.isConditionalExpression(node)) branches = [node.whenTrue, node.whenFalse];
  else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) branches = [node.right];
  else return undefined;
  const objects: Extract<Value, { kind: 'object' }>[] = [];
  let maybeNothing = branches.length === 1; // `c && {…}` adds nothing when c is falsy
  for (const branch of branches) {
    const value = resolve(branch);
    if (value.kind === 'object') objects.push(value);
    else if (value.kind === 'null' || value.kind === 'undefined' || value.kind === 'boolean') maybeNothing = true;
    else return undefined;
  }
  const props = new Map<string, PropertyValue>();
  const keys = new Set(objects.flatMap((object) => [...object.props.keys()]));
  for (const key of keys) {
    const set = objects.map((object) => object.props.get(key));
    const first = set[0];
    const agreed = !maybeNothing && first !== undefined && set.every((property) => property !== undefined && sameLiteral(property.value, first.value));
    const at = set.find((property) => property !== undefined)!.node;
    props.set(key, agreed ? first : { value: unknownAt(at), node: at });
  }
  return { props, open: objects.some((object) => object.open) };
}

function sameLiteral(a: Value, b: Value): boolean {
  if (a.kind === 'string' && b.kind === 'string') return a.value === b.value;
  if (a.kind === 'boolean' && b.kind === 'boolean') return a.value === b.value;
  if (a.kind === 'number' && b.kind === 'number') return a.value === b.value;
  return false;
}

/** The value at `path` inside an object value (`['signOptions', 'expiresIn']`), when every step is visible. */
export function valueAtPath(value: Value | undefined, path: readonly string[]): Value | undefined {
  return path.length === 0 ? value : propertyAtPath(value, path)?.value;
}

/** The property at `path` inside an object value, with the node that writes it; undefined for an empty path. */
export function propertyAtPath(value: Value | undefined, path: readonly string[]): PropertyValue | undefined {
  let current = value;
  let found: PropertyValue | undefined;
  for (const step of path) {
    found = current?.kind === 'object' ? current.props.get(step) : undefined;
    current = found?.value;
  }
  return found;
}

/** The value written for `name` in an object literal (`{ name: v }`, `{ name }`), when it is written there. */
export function propertyInitializer(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && property.name.text === name) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return property.name;
  }
  return undefined;
}

/**
 * The expression written at `path` inside an object literal an expression is, or a name holds (`{ access_token: t }`
 * at ['access_token'] → t); spreads are looked into when the property is not written. Undefined when not visible.
 */
export function expressionAtPath(expression: ts.Expression, path: readonly string[], depth = 0): ts.Expression | undefined {
  if (path.length === 0) return expression;
  if (depth > 8) return undefined;
  const node = stripWrappers(expression);
  if (ts.isIdentifier(node)) {
    const definition = singleDefinition(node);
    return definition?.kind === 'value' && definition.steps.length === 0 ? expressionAtPath(definition.expression, path, depth + 1) : undefined;
  }
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  const written = propertyInitializer(node, path[0]);
  if (written) return expressionAtPath(written, path.slice(1), depth + 1);
  for (const spread of node.properties.filter(ts.isSpreadAssignment)) {
    const found = expressionAtPath(spread.expression, path, depth + 1);
    if (found) return found;
  }
  return undefined;
}
