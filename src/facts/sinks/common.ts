import { ts } from 'ts-morph';
import { stripWrappers, type ValueResolver } from '../../dataflow/values.js';

/** Small syntax helpers shared by the sink families. */

/** A path's leading `default` step is dropped: ESM default imports and CommonJS requires reach the same entry. */
export function withoutDefault(path: readonly string[]): string[] {
  return path[0] === 'default' ? path.slice(1) : [...path];
}

export function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((step, i) => step === b[i]);
}

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
