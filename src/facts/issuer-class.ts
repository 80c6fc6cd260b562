import { ts } from 'ts-morph';
import { findDeclaration } from '../binding/scope.js';
import { projectFunctionOf } from '../dataflow/summaries.js';
import { stripWrappers, type Value } from '../dataflow/values.js';
import { isKeySetUrl, isKeySetUrlField, isRemoteKeySet, providerOfIssuer, providerOfKeyName } from '../models/identity-providers.js';
import { isPemText } from './key-algorithm.js';
import type { JwtOperation } from './operations.js';

/**
 * Who issues the tokens a verification accepts, as far as the code shows:
 * - `foreign`: another issuer — an identity-provider SDK, a JSON Web Key Set (remote or a provider's URL), or a
 *   well-known provider's issuer. One such issuer signs for many applications.
 * - `own`: the application's own shared secret (HMAC algorithms only, a secret from the environment or the
 *   code, a key named a secret, or a key derived per user such as `SECRET + user.password`), any key in a
 *   file that also signs tokens, or a key the application signs with elsewhere (the other half of a pair its
 *   module exports, the secret of a module registration whose sign calls are in other modules): tokens this
 *   service signs itself.
 * - `unknown`: neither can be told (a public key from the environment, an unknown key).
 */
export type IssuerClass = { kind: 'foreign'; evidence: string; node: ts.Node } | { kind: 'own' } | { kind: 'unknown' };

type Resolve = (expression: ts.Expression) => Value;

const PUBLIC_KEY_NAME = /public|cert|pem|jwks|pub_?key/i;

/**
 * Evidence in a function given as the key (`getKey(header, cb)`, express-jwt `secret: (req, token) => ...`) or
 * whose result is the key (`pems.get(kid)` with `pems = await this.getJWKs()`): a remote key set, a JWKS URL
 * (also a template such as `${server}/realms/${realm}/protocol/openid-connect/certs`), or a discovery
 * document's key-set field (`this.config.jwks_uri`).
 */
function foreignInFunction(fn: ts.Node, resolve: Resolve): { evidence: string; node: ts.Node } | undefined {
  let found: { evidence: string; node: ts.Node } | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isStringLiteralLike(node) && isKeySetUrl(node.text)) found = { evidence: `keys from ${node.text}`, node };
    else if (ts.isTemplateExpression(node) && isKeySetUrl(templateText(node))) found = { evidence: `keys from ${templateText(node)}`, node };
    else if (ts.isPropertyAccessExpression(node) && isKeySetUrlField(node.name.text)) found = { evidence: `keys from the discovery document's ${node.name.text}`, node };
    else if (ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node.parent)) {
      const value = resolve(node);
      if (value.kind === 'library' && isRemoteKeySet(value.module, value.path)) found = { evidence: 'a remote key set', node };
    } else if (ts.isPropertyAccessExpression(node)) {
      const value = resolve(node.expression);
      if (value.kind === 'library' && isRemoteKeySet(value.module, value.path)) found = { evidence: 'a remote key set', node };
    }
    if (!found) node.forEachChild(visit);
  };
  visit(fn);
  return found;
}

/** A template's text with a `*` for each substitution, for URL patterns. */
function templateText(node: ts.TemplateExpression): string {
  return [node.head.text, ...node.templateSpans.map((span) => `*${span.literal.text}`)].join('');
}

function foreignKey(value: Value, resolve: Resolve): { evidence: string; node: ts.Node } | undefined {
  if (value.kind === 'library' && isRemoteKeySet(value.module, value.path)) return { evidence: 'a remote key set', node: value.node };
  if (value.kind === 'string' && isKeySetUrl(value.value)) return { evidence: `keys from ${value.value}`, node: value.node };
  if (value.kind === 'function') return foreignInFunction(value.node, resolve);
  const name = value.kind === 'env' ? value.name : value.kind === 'fallback' && value.primary.kind === 'env' ? value.primary.name : undefined;
  const provider = name !== undefined ? providerOfKeyName(name) : undefined;
  if (provider) return { evidence: `${provider}'s key (process.env.${name})`, node: value.node };
  return undefined;
}

const MAX_KEY_STEPS = 4;
/** Methods that pick one key out of a set (`pems.get(kid)`, `keys.find(k => k.kid === kid)`). */
const PICK_METHODS = new Set(['get', 'find', 'at']);

/**
 * Evidence in the project function whose result the key is: the key is that call's result (`await getKey(kid)`),
 * a key picked from it (`pems.get(kid)`, `keys[kid]`), or a const holding either.
 */
function foreignKeyProducer(expression: ts.Expression, resolve: Resolve, depth = 0): { evidence: string; node: ts.Node } | undefined {
  if (depth > MAX_KEY_STEPS) return undefined;
  const node = stripWrappers(expression);
  if (ts.isAwaitExpression(node)) return foreignKeyProducer(node.expression, resolve, depth + 1);
  if (ts.isElementAccessExpression(node)) return foreignKeyProducer(node.expression, resolve, depth + 1);
  if (ts.isIdentifier(node)) {
    const declaration = findDeclaration(node.text, node);
    const initializer = declaration?.kind === 'variable' && declaration.steps.length === 0 ? declaration.node.initializer : undefined;
    return initializer ? foreignKeyProducer(initializer, resolve, depth + 1) : undefined;
  }
  if (!ts.isCallExpression(node)) return undefined;
  const callee = stripWrappers(node.expression);
  if (ts.isPropertyAccessExpression(callee) && PICK_METHODS.has(callee.name.text)) {
    const picked = foreignKeyProducer(callee.expression, resolve, depth + 1);
    if (picked) return picked;
  }
  const fn = projectFunctionOf(callee, { resolve });
  return fn ? foreignInFunction(fn, resolve) : undefined;
}

/** A key whose expression names a provider's key (`this.keycloakRealmPublicKey`, `config.get('KEYCLOAK_PUBLIC_KEY')`). */
function providerKeyName(expression: ts.Expression | undefined): { evidence: string; node: ts.Node } | undefined {
  if (!expression) return undefined;
  const text = stripWrappers(expression).getText();
  const provider = text.length < 200 && PUBLIC_KEY_NAME.test(text) ? providerOfKeyName(text) : undefined;
  return provider ? { evidence: `${provider}'s key (${text})`, node: expression } : undefined;
}

/** A literal issuer that belongs to a well-known provider (option value or array of them). */
function providerIssuer(value: Value): { evidence: string; node: ts.Node } | undefined {
  const values = value.kind === 'array' ? value.elements : [value];
  for (const element of values) {
    const provider = element.kind === 'string' ? providerOfIssuer(element.value) : undefined;
    if (provider && element.kind === 'string') return { evidence: `${provider} issuer ${element.value}`, node: element.node };
  }
  return undefined;
}

/** Is the key this application's own shared secret? */
function ownSecret(operation: JwtOperation, key: Value | undefined): boolean {
  const algorithms = operation.option('algorithms');
  if (algorithms.state === 'present' && algorithms.value.kind === 'array' && !algorithms.value.open && algorithms.value.elements.length > 0) {
    return algorithms.value.elements.every((element) => element.kind === 'string' && /^HS\d+$/.test(element.value));
  }
  if (!key) return false;
  switch (key.kind) {
    case 'env':
      return !PUBLIC_KEY_NAME.test(key.name);
    case 'fallback':
      return key.primary.kind === 'env' && !PUBLIC_KEY_NAME.test(key.primary.name);
    case 'string':
      return !isPemText(key.value);
    case 'bytes':
      return key.keyKind === 'secret' || (key.keyKind === undefined && (key.source.kind === 'string' || key.source.kind === 'env' || operation.model.bytesKeyIsSecret === true));
    default:
      return false;
  }
}

/** A key whose expression names a shared secret (`config.jwt.secret`, `this.config.get('auth.secret')`) and no public key. */
function namedSecret(expression: ts.Expression | undefined): boolean {
  if (!expression) return false;
  const text = stripWrappers(expression).getText();
  return text.length < 200 && /secret/i.test(text) && !PUBLIC_KEY_NAME.test(text);
}

/** A key computed by concatenation or a template (`SECRET + user.password`): a per-user secret of this service. */
function derivedSecret(expression: ts.Expression | undefined): boolean {
  if (!expression) return false;
  const node = stripWrappers(expression);
  return (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) || ts.isTemplateExpression(node);
}

/** What the caller knows about the application's own sign calls. */
export interface OwnSigning {
  /**
   * The file also signs tokens: a token service of the application, so a verification there without evidence
   * of another issuer checks the application's own tokens (also with a key pair).
   */
  signsInFile: boolean;
  /** The application signs elsewhere with this verification's key (asked last, only when nothing else tells). */
  signsWithSameKey?: () => boolean;
}

export function issuerClassOf(operation: JwtOperation, resolve: Resolve, own: OwnSigning = { signsInFile: false }): IssuerClass {
  if (operation.library.identityProvider) return { kind: 'foreign', evidence: `an identity provider (${operation.api})`, node: operation.node };
  const secret = operation.option('secret');
  const key = operation.key ? resolve(operation.key) : secret.state === 'present' ? secret.value : undefined;
  if (operation.keyIsKeySet) return { kind: 'foreign', evidence: 'a JSON Web Key Set', node: operation.key ?? operation.node };
  const fromKey = (key ? foreignKey(key, resolve) : undefined) ?? (operation.key ? (foreignKeyProducer(operation.key, resolve) ?? providerKeyName(operation.key)) : undefined);
  if (fromKey) return { kind: 'foreign', ...fromKey };
  const issuer = operation.option('issuer');
  const fromIssuer = issuer.state === 'present' ? providerIssuer(issuer.value) : undefined;
  if (fromIssuer) return { kind: 'foreign', ...fromIssuer };
  if (ownSecret(operation, key) || derivedSecret(operation.key) || namedSecret(operation.key) || own.signsInFile || own.signsWithSameKey?.()) return { kind: 'own' };
  const fetched = operation.key ? keySetFetchedAround(operation.call, resolve) : undefined;
  if (fetched) return { kind: 'foreign', ...fetched };
  return { kind: 'unknown' };
}

/**
 * A verification that runs where a key set is fetched: in the response handler of a request for a JWKS URL, or in
 * a function that requests one before (`request({ url: `${iss}/.well-known/jwks.json` }, (err, res, body) => {
 * jwt.verify(token, jwkToPem(body.keys[0]), ...) })`). The key it is given, which is not the application's own
 * secret (asked first), comes from that key set.
 */
function keySetFetchedAround(call: ts.Node, resolve: Resolve): { evidence: string; node: ts.Node } | undefined {
  // the verification's function and the one around it (a response callback inside the function that sends the
  // request): not further out, where an application factory may configure unrelated issuers
  let levels = 0;
  for (let node = call.parent; node && !ts.isSourceFile(node) && levels < KEY_SET_FETCH_LEVELS; node = node.parent) {
    if (!ts.isFunctionLike(node)) continue;
    levels += 1;
    const found = foreignInFunction(node, resolve);
    if (found) return found;
  }
  return undefined;
}

const KEY_SET_FETCH_LEVELS = 2;
