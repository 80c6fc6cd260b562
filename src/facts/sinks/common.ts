import { ts } from 'ts-morph';
import { stripWrappers, type ValueResolver } from '../../dataflow/values.js';

/** Small syntax helpers shared by the sink families. */

export { samePath, withoutDefault } from '../../models/access-paths.js';

/**
 * The string an expression resolves to, if it resolves to one. A configurable name with a literal default
 * (`config.storageKey || 'auth_token'`, `process.env.COOKIE ?? 'jwt'`) is its default: the name the code uses
 * unless configured otherwise.
 */
export function stringOf(resolver: ValueResolver, expression: ts.Expression): string | undefined {
  const value = resolver.resolve(expression);
  if (value.kind === 'fallback' && value.fallback.kind === 'string') return value.fallback.value;
  return value.kind === 'string' ? value.value : undefined;
}

/** The value expression of a property node recorded by the resolver (assignment or shorthand). */
export function propertyValueExpression(node: ts.Node): ts.Expression | undefined {
  if (ts.isPropertyAssignment(node)) return node.initializer;
  if (ts.isShorthandPropertyAssignment(node)) return node.name;
  return undefined;
}

/** How a call's receiver is named in a sink's `api`: `this.logger`, `res`, `ctx.cookies`. */
export function receiverLabel(receiver: ts.Expression): string {
  const node = stripWrappers(receiver);
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return `${receiverLabel(node.expression)}.${node.name.text}`;
  if (node.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  return 'logger';
}

/** The named values of an object literal (`{ token, state: 'x' }`); none for anything else. */
export function objectEntries(object: ts.Expression): { name?: string; value: ts.Expression }[] {
  const entries: { name?: string; value: ts.Expression }[] = [];
  if (!ts.isObjectLiteralExpression(object)) return entries;
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property)) entries.push({ name: propertyNameOf(property.name), value: property.initializer });
    else if (ts.isShorthandPropertyAssignment(property)) entries.push({ name: property.name.text, value: property.name });
  }
  return entries;
}

function propertyNameOf(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}
