import type { LibraryModel, OperationModel } from './types.js';

/**
 * Decoding a JWT without a library: `JSON.parse(base64decode(token.split('.')[1]))`. The facts layer
 * recognises the shape; this model names it and lists the base64 decoders it accepts.
 */
export const BASE64_DECODER_FUNCTIONS: ReadonlySet<string> = new Set(['atob', 'base64UrlDecode', 'base64urlDecode', 'b64decode', 'decodeBase64', 'base64Decode']);
/** `X.decode(s)` where X is one of these. */
export const BASE64_DECODER_OBJECTS: ReadonlySet<string> = new Set(['base64url', 'Base64', 'base64', 'b64']);
export const BASE64_ENCODINGS: ReadonlySet<string> = new Set(['base64', 'base64url']);

const decodePayload: OperationModel = { kind: 'decode', api: 'JSON.parse of the base64-decoded payload', callee: [], tokenArg: 0, decodes: 'payload' };
const decodeHeader: OperationModel = { kind: 'decode', api: 'JSON.parse of the base64-decoded header', callee: [], tokenArg: 0, decodes: 'header' };

/**
 * Signing a JWT without a library: an HMAC over the JWS signing input, base64url-encoded (RFC 7515 §5.1):
 * `createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url')`. The key is checked like any
 * signing key. Only an HMAC whose data is a two-part `a.b` signing input and whose digest is base64/base64url
 * counts: a webhook signature (`hex`, or `${timestamp}.${body}` in hex), a password or cookie HMAC over one
 * value, or a three-part input is not a JWT.
 */
const signHmac: OperationModel = {
  kind: 'sign',
  api: 'createHmac().digest() over a JWT signing input',
  callee: [],
  docs: 'https://datatracker.ietf.org/doc/html/rfc7515#section-5.1',
};

export const byHand: LibraryModel = {
  id: 'by-hand',
  packages: [],
  defaultIsNamespace: false,
  docs: 'https://datatracker.ietf.org/doc/html/rfc7519#section-7.2',
  operations: [decodePayload, decodeHeader, signHmac],
};

export const BY_HAND_SIGN = {
  operation: signHmac,
  /** Modules whose `createHmac(algorithm, key)` makes the HMAC; a default import is the namespace. */
  modules: ['crypto', 'node:crypto'] as readonly string[],
  factory: 'createHmac',
  keyArg: 1,
  /** `hmac.update(data)`: the data signed; several calls are concatenated. */
  updateMethod: 'update',
  /** `hmac.digest(encoding)`: the call that completes the signature (the operation's location). */
  digestMethod: 'digest',
  /** JWS signatures are base64url; a `base64` digest is made url-safe afterwards by hand. */
  encodings: new Set(['base64url', 'base64']) as ReadonlySet<string>,
  /** What separates header and payload in the signing input. */
  separator: '.',
} as const;

export const BY_HAND_DECODE = { payload: decodePayload, header: decodeHeader } as const;

/** The call that completes a decode by hand: `JSON.parse(...)` (object and method name). */
export const BY_HAND_PARSE_CALL = { object: 'JSON', method: 'parse' } as const;
