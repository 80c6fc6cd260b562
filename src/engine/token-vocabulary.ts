import type { TokenOriginKind } from '../dataflow/provenance.js';
import type { Value } from '../dataflow/values.js';

/**
 * How rules recognise and name tokens (exported through ruleApi.ts): the phrase for where a token comes from,
 * and what cannot be a token (by the shape of a compact JWT). One copy, so every rule words and finds tokens alike (a token
 * carried inside a written value: the rule context's `heldTokenOrigin`, src/dataflow/serialized.ts).
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
