import { ts } from 'ts-morph';
import type { TokenOrigin, TokenOriginKind } from '../dataflow/provenance.js';
import { propertyValueExpression } from '../dataflow/object-literals.js';
import { stripWrappers, type Value } from '../dataflow/values.js';

/**
 * How rules recognise and name tokens (exported through ruleApi.ts): the phrase for where a token comes from,
 * what cannot be a token (by the shape of a compact JWT), and a token carried inside a written value. One copy, so every rule words and
 * finds tokens alike.
 */

/** Message subject for each token origin, at the start of a sentence ("A signed JWT is written to the log"). */
const ORIGIN_PHRASES: Readonly<Record<TokenOriginKind, string>> = {
  request: 'A bearer token from the request',
  signed: 'A signed JWT',
  'auth-response': 'A token from an auth response',
  storage: 'A token read from web storage',
  'outgoing-request': 'The bearer token of an outgoing request',
  'page-url': "A token from the page's URL",
};

/**
 * The message subject for a token of this origin. `wording` replaces the phrase of some origins where a rule's
 * sentence already says the rest (token-in-web-storage: a token read from storage is just "A token").
 */
export function describeTokenOrigin(kind: TokenOriginKind, wording: Partial<Record<TokenOriginKind, string>> = {}): string {
  return wording[kind] ?? ORIGIN_PHRASES[kind];
}

/** A compact JWS: `eyJ` (base64url of `{"`) header, payload and a possibly empty signature, nothing around it. */
const JWT_SHAPE = /^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Is this whole text a compact JWT (three base64url segments, a JSON header)? */
function isJwtShaped(text: string): boolean {
  return JWT_SHAPE.test(text);
}

/** A resolved value that cannot be a token: a string that is not a JWT (`''` when clearing), a number, a boolean, null, undefined. */
export function isNonTokenValue(value: Value): boolean {
  if (value.kind === 'string') return !isJwtShaped(value.value);
  return value.kind === 'number' || value.kind === 'boolean' || value.kind === 'null' || value.kind === 'undefined';
}

/** Objects and arrays nested deeper than this are not searched (a bound, not a semantic limit). */
const MAX_NESTING = 8;

/**
 * The token a written value carries: the value itself, a property or spread of an object literal, an element
 * of an array literal, or the argument of `JSON.stringify(...)` (`{ token }` logged or set as a JSON cookie).
 */
export function tokenInValue(context: { tokenOrigin(expression: ts.Expression): TokenOrigin | undefined }, expression: ts.Expression, depth = 0): TokenOrigin | undefined {
  if (depth > MAX_NESTING) return undefined;
  const node = stripWrappers(expression);
  if (ts.isObjectLiteralExpression(node)) {
    for (const property of node.properties) {
      const value = propertyValueExpression(property);
      const found = value && tokenInValue(context, value, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (ts.isArrayLiteralExpression(node)) {
    for (const element of node.elements) {
      const found = tokenInValue(context, ts.isSpreadElement(element) ? element.expression : element, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'stringify' && node.arguments[0]) {
    return tokenInValue(context, node.arguments[0], depth + 1);
  }
  return context.tokenOrigin(node);
}
