import { ts } from 'ts-morph';
import { isEqualityOperator } from '../parsing/operators.js';
import { enclosingFunction, findDeclaration } from '../binding/scope.js';
import { callSitesOf, functionName } from '../dataflow/call-sites.js';
import { stripWrappers, type Value, type ValueResolver } from '../dataflow/values.js';
import { BY_HAND_ASYMMETRIC, BY_HAND_VERIFY } from '../models/by-hand.js';
import type { OperationModel } from '../models/types.js';
import { splitSegment } from './by-hand-decode.js';
import { signingInputParts, type HandSignedHmac } from './by-hand-sign.js';
import { withoutDefault } from '../models/access-paths.js';

/**
 * JWTs verified by hand (model: BY_HAND_VERIFY in src/models/by-hand.ts): the HMAC a hand signer computes
 * (by-hand-sign.ts) is a verification when its digest is compared with a received signature —
 *   createHmac('sha256', key).update(`${h}.${p}`).digest('base64url') === signature
 * directly, through a variable, through conversions (`.replace(/=/g, '')`, `Buffer.from(...)`), with a
 * compare function (`timingSafeEqual`, `Buffer.compare`, `.equals`, tsscmp), or as the result of a function of
 * this file that its callers compare. A digest that is only returned into a token or header is a signature.
 */

export interface HandComparison {
  /** The comparison of the computed signature with the received one. */
  compare: ts.Node;
  /** The received signature. */
  signature: ts.Expression;
}

export interface HandVerification {
  comparisons: readonly HandComparison[];
  /** The token whose signature (or signed segments) are read from `token.split('.')`, when that can be seen. */
  token: ts.Expression | undefined;
  /** The digest also flows somewhere that compares nothing (a helper that signs and verifies). */
  alsoSigns: boolean;
}

const MAX_STEPS = 12;
const MAX_HOPS = 2;

/** How the digest of a hand-signed HMAC is used: compared (a verification), or not (a signature). */
export function handVerification(digest: ts.CallExpression, signed: HandSignedHmac, resolver: ValueResolver): HandVerification | undefined {
  const flow = { comparisons: [] as HandComparison[], escapes: false };
  follow(digest, resolver, 0, flow);
  if (flow.comparisons.length === 0) return undefined;
  const token = tokenOf(
    flow.comparisons.map((c) => c.signature),
    signed.parts,
  );
  return { comparisons: flow.comparisons, token, alsoSigns: flow.escapes };
}

/** The token whose segments these are: signatures (`split('.')[2]`) or the signed header and payload. */
function tokenOf(signatures: readonly ts.Expression[], parts: readonly [ts.Expression, ts.Expression]): ts.Expression | undefined {
  const candidates: [ts.Expression, number][] = [...signatures.map((signature): [ts.Expression, number] => [unwrapBuffer(signature), 2]), [parts[0], 0], [parts[1], 1]];
  for (const [expression, index] of candidates) {
    const segment = splitSegment(expression);
    if (segment?.index === index) return segment.token;
  }
  return undefined;
}

/** `Buffer.from(s, 'base64url')` → `s`. */
function unwrapBuffer(expression: ts.Expression): ts.Expression {
  const node = stripWrappers(expression);
  if (!ts.isCallExpression(node)) return node;
  const callee = stripWrappers(node.expression);
  const first = node.arguments[0];
  const isFrom =
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === BY_HAND_VERIFY.bufferFrom.object &&
    callee.name.text === BY_HAND_VERIFY.bufferFrom.method;
  return isFrom && first && !ts.isSpreadElement(first) ? stripWrappers(first) : node;
}

export interface HandAsymmetricVerification {
  model: OperationModel;
  /** The `createVerify(algorithm)` call, whose algorithm argument is the allowlist (chain form only). */
  factory: ts.CallExpression | undefined;
  token: ts.Expression | undefined;
}

/**
 * node:crypto public-key verification of a JWT signing input: `createVerify(alg).update(input).verify(key, sig)`
 * or `crypto.verify(alg, Buffer.from(input), key, sig)`. `value` is the resolved callee of `node`.
 */
export function handAsymmetricVerification(node: ts.CallExpression, value: Extract<Value, { kind: 'library' }>): HandAsymmetricVerification | undefined {
  if (!BY_HAND_ASYMMETRIC.modules.includes(value.module)) return undefined;
  const path = withoutDefault(value.path);
  const { chain, oneShot } = BY_HAND_ASYMMETRIC;
  const argument = (call: ts.CallExpression, index: number): ts.Expression | undefined => {
    const found = call.arguments[index];
    return found && !ts.isSpreadElement(found) ? found : undefined;
  };
  const isChain = path.length === 5 && path[0] === chain.factory && path[1] === '()' && path[2] === chain.update && path[3] === '()' && path[4] === chain.verify;
  if (isChain) {
    const [factory, update] = value.sites;
    const data = update && ts.isCallExpression(update) ? argument(update, 0) : undefined;
    const parts = data ? signingInputParts(unwrapBuffer(data)) : undefined;
    if (!parts || !factory || !ts.isCallExpression(factory)) return undefined;
    const signature = argument(node, chain.signatureArg);
    return { model: chain.operation, factory, token: tokenOf(signature ? [signature] : [], parts) };
  }
  if (path.length === 1 && path[0] === oneShot.name) {
    const data = argument(node, oneShot.dataArg);
    const parts = data ? signingInputParts(unwrapBuffer(data)) : undefined;
    if (!parts) return undefined;
    const signature = argument(node, oneShot.signatureArg);
    return { model: oneShot.operation, factory: undefined, token: tokenOf(signature ? [signature] : [], parts) };
  }
  return undefined;
}

interface Flow {
  comparisons: HandComparison[];
  escapes: boolean;
}

/** Follows the digest up through conversions, variables and returns to the comparisons it reaches. */
function follow(expression: ts.Expression, resolver: ValueResolver, hops: number, flow: Flow): void {
  let current: ts.Expression = expression;
  for (let step = 0; step < MAX_STEPS; step += 1) {
    const parent: ts.Node = current.parent;
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isAwaitExpression(parent)) {
      current = parent;
      continue;
    }
    if (ts.isPropertyAccessExpression(parent) && parent.expression === current && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
      const call = parent.parent;
      if (BY_HAND_VERIFY.conversionMethods.has(parent.name.text)) {
        current = call;
        continue;
      }
      const other = call.arguments[0];
      if (BY_HAND_VERIFY.compareMethods.has(parent.name.text) && other && !ts.isSpreadElement(other)) flow.comparisons.push({ compare: call, signature: other });
      else flow.escapes = true;
      return;
    }
    if (ts.isCallExpression(parent) && parent.arguments.some((argument) => argument === current)) {
      const kind = callKind(parent, resolver);
      if (kind === 'buffer') {
        current = parent;
        continue;
      }
      const callee = stripWrappers(parent.expression);
      const receiver = ts.isPropertyAccessExpression(callee) && BY_HAND_VERIFY.compareMethods.has(callee.name.text) ? callee.expression : undefined;
      const other = kind === 'compare' ? parent.arguments.find((argument) => argument !== current && !ts.isSpreadElement(argument)) : receiver;
      if (other) flow.comparisons.push({ compare: parent, signature: other });
      else flow.escapes = true;
      return;
    }
    if (ts.isBinaryExpression(parent) && isEqualityOperator(parent.operatorToken.kind)) {
      const other = parent.left === current ? parent.right : parent.left;
      if (!isLiteral(other)) flow.comparisons.push({ compare: parent, signature: other });
      return;
    }
    if (ts.isVariableDeclaration(parent) && parent.initializer === current && ts.isIdentifier(parent.name) && hops < MAX_HOPS) {
      const references = referencesOf(parent, parent.name);
      if (references.length === 0) flow.escapes = true;
      for (const reference of references) follow(reference, resolver, hops + 1, flow);
      return;
    }
    const fn = returningFunction(parent, current);
    if (fn && hops < MAX_HOPS) {
      const name = functionName(fn);
      const calls = name ? callSitesOf(name, fn) : [];
      if (calls.length === 0) flow.escapes = true;
      for (const call of calls) follow(call, resolver, hops + 1, flow);
      return;
    }
    flow.escapes = true;
    return;
  }
  flow.escapes = true;
}

/** The function whose result `expression` is (`return expression`, `=> expression`). */
function returningFunction(parent: ts.Node, expression: ts.Expression): ts.FunctionLikeDeclaration | undefined {
  if (ts.isArrowFunction(parent) && parent.body === expression) return parent;
  if (!ts.isReturnStatement(parent)) return undefined;
  const fn = enclosingFunction(parent);
  return ts.isSourceFile(fn) || !ts.isFunctionLike(fn) ? undefined : (fn as ts.FunctionLikeDeclaration);
}

/** `Buffer.from(digest)` keeps the signature; a compare function compares it. */
function callKind(call: ts.CallExpression, resolver: ValueResolver): 'buffer' | 'compare' | undefined {
  const callee = stripWrappers(call.expression);
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && !findDeclaration(callee.expression.text, callee.expression)) {
    const global = callee.expression.text;
    const method = callee.name.text;
    if (global === BY_HAND_VERIFY.bufferFrom.object && method === BY_HAND_VERIFY.bufferFrom.method) return 'buffer';
    if (BY_HAND_VERIFY.compareGlobals.some((entry) => entry.object === global && entry.method === method)) return 'compare';
    return undefined;
  }
  if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee)) return undefined;
  const value = resolver.resolve(callee);
  if (value.kind !== 'library') return undefined;
  const path = withoutDefault(value.path);
  const matches = BY_HAND_VERIFY.compareFunctions.some(
    (entry) => entry.modules.includes(value.module) && entry.path.length === path.length && entry.path.every((step, i) => path[i] === step),
  );
  return matches ? 'compare' : undefined;
}

/** Reads of a variable after its declaration, in the function that declares it. */
function referencesOf(declaration: ts.VariableDeclaration, name: ts.Identifier): ts.Identifier[] {
  const found: ts.Identifier[] = [];
  const stack: ts.Node[] = [enclosingFunction(declaration)];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isIdentifier(node) && node !== name && node.text === name.text && node.pos > declaration.end && !isMemberName(node) && findDeclaration(node.text, node)?.node === declaration)
      found.push(node);
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return found;
}

function isMemberName(node: ts.Identifier): boolean {
  return (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) || (ts.isPropertyAssignment(node.parent) && node.parent.name === node);
}

function isLiteral(expression: ts.Expression): boolean {
  const e = stripWrappers(expression);
  return ts.isStringLiteralLike(e) || ts.isNumericLiteral(e) || e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined');
}
