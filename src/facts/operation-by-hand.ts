/**
 * JWTs handled without a library (src/models/by-hand.ts): signed or verified with node crypto, decoded with
 * `JSON.parse` of a base64-decoded segment. The syntax is recognised by the by-hand-* modules; this one turns
 * what they find into operations.
 */
import { ts } from 'ts-morph';
import { BY_HAND_ASYMMETRIC, BY_HAND_DECODE, BY_HAND_VERIFY, BY_HAND_SIGN, byHand } from '../models/by-hand.js';
import { modelForPackage, normalizePath, segmentDecoderAt } from '../models/index.js';
import type { CanonicalOption } from '../models/types.js';
import { stripWrappers, type Value, type ValueResolver } from '../dataflow/values.js';
import { handSignedHmac } from './by-hand-sign.js';
import { handVerification, type HandAsymmetricVerification } from './by-hand-verify.js';
import { base64Argument, splitSegment } from './by-hand-decode.js';
import { assembleOperation, type OperationContext } from './operation-assemble.js';
import type { JwtOperation, OptionFact } from './operation-types.js';

/**
 * `createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url')`: a JWT signed by hand, or
 * verified by hand when the digest is compared with the token's signature (by-hand-verify.ts).
 */
export function signedByHand(context: OperationContext, node: ts.CallExpression): JwtOperation[] {
  const signed = handSignedHmac(node, context.resolver);
  if (!signed) return [];
  const key = { key: signed.key, keySource: signed.key ? ('argument' as const) : undefined };
  const verified = handVerification(node, signed, context.resolver);
  // raw bytes are a JWS signature only when compared with the signature segment of a token
  if (signed.bytes && !verified?.token) return [];
  const found: JwtOperation[] = [];
  if (verified) {
    const operation = assembleOperation(context, byHand, BY_HAND_VERIFY.operation, node, [signed.hmac], node);
    found.push({ ...operation, ...key, token: verified.token, option: withJwsNames(operation, BY_HAND_VERIFY.hmacAlgorithms) });
  }
  if ((!verified || verified.alsoSigns) && !signed.bytes) found.push({ ...assembleOperation(context, byHand, BY_HAND_SIGN.operation, node, [signed.hmac], node), ...key });
  return found;
}

/** `createVerify('RSA-SHA256').update(input).verify(key, signature)`: a JWT verified by hand with a public key. */
export function asymmetricByHand(context: OperationContext, node: ts.CallExpression, found: HandAsymmetricVerification): JwtOperation {
  const operation = assembleOperation(context, byHand, found.model, node, found.factory ? [found.factory] : [], node);
  return { ...operation, token: found.token, option: withJwsNames(operation, BY_HAND_ASYMMETRIC.algorithms) };
}

/**
 * `JSON.parse(atob(token.split('.')[1]))` and its Buffer / base64url variants; with `segmentGiven`, the call of
 * a same-file helper that does that to its argument (`part(token.split('.')[0])`), `argument` being the segment.
 */
export function decodedByHand(context: OperationContext, node: ts.CallExpression, argument: ts.Expression | undefined, segmentGiven = false): JwtOperation[] {
  if (!argument || ts.isSpreadElement(argument)) return [];
  const segment = segmentGiven ? argument : (base64Argument(stripWrappers(argument)) ?? libraryBase64Argument(context.resolver, stripWrappers(argument)));
  if (!segment) return [];
  const split = splitSegment(segment);
  if (!split || split.index > 1) return [];
  // a constant split apart (a sample or test token) is not data anyone sends
  if (context.resolver.resolve(split.token).kind === 'string') return [];
  const model = split.index === 0 ? BY_HAND_DECODE.header : BY_HAND_DECODE.payload;
  const operation = assembleOperation(context, byHand, model, node, [], node);
  return [{ ...operation, token: split.token }];
}

/** `b64utoutf8(s)` of jsrsasign: the string a library's base64url decoder (LibraryModel.segmentDecoders) reads. */
function libraryBase64Argument(resolver: ValueResolver, node: ts.Expression): ts.Expression | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const value = resolver.resolve(stripWrappers(node.expression));
  const library = value.kind === 'library' ? modelForPackage(value.module) : undefined;
  if (value.kind !== 'library' || !library || segmentDecoderAt(library, normalizePath(library, value.path)) !== 'base64Decode') return undefined;
  const argument = node.arguments[0];
  return argument && !ts.isSpreadElement(argument) ? argument : undefined;
}

/** The operation's options, with Node's algorithm names in `algorithms` (`'sha256'`) as the JWS ones they make (`'HS256'`). */
function withJwsNames(operation: JwtOperation, names: ReadonlyMap<string, string>): (name: CanonicalOption) => OptionFact {
  return (name) => (name === 'algorithms' ? jwsNames(operation.option(name), names) : operation.option(name));
}

function jwsNames(fact: OptionFact, names: ReadonlyMap<string, string>): OptionFact {
  if (fact.state !== 'present' || fact.value.kind !== 'array') return fact;
  const elements = fact.value.elements.map((element): Value => {
    const name = element.kind === 'string' ? names.get(element.value.toLowerCase()) : undefined;
    return name && element.kind === 'string' ? { ...element, value: name } : element;
  });
  return { ...fact, value: { ...fact.value, elements } };
}
