import { BYTES, JSON_GLOBAL, NODE_CRYPTO } from './runtime.js';
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

/**
 * Verifying a JWT without a library: the same HMAC over the token's `header.payload`, compared with its
 * signature (`===`, `timingSafeEqual`, `Buffer.compare`, `.equals`, a constant-time compare package). The
 * algorithm is the HMAC's hash (`createHmac('sha256', …)` verifies HS256 and nothing else): the facts layer
 * presents it as the canonical `algorithms` allowlist, translated by BY_HAND_VERIFY.hmacAlgorithms. Such a
 * check never reads `exp`: the code around it must.
 */
const verifyHmac: OperationModel = {
  kind: 'verify',
  api: 'createHmac() signature check by hand',
  callee: [],
  options: { algorithms: { arg: 0, fromFactory: true, single: true } },
  outcome: 'returns-boolean',
  docs: 'https://datatracker.ietf.org/doc/html/rfc7515#section-5.2',
};

/**
 * Verifying an RS/PS/ES-signed JWT without a library, with node:crypto:
 * `createVerify('RSA-SHA256').update(`${h}.${p}`).verify(publicKey, signature, 'base64url')` and
 * `crypto.verify('sha256', Buffer.from(`${h}.${p}`), publicKey, signature)`. The hash name is presented as
 * the canonical `algorithms` allowlist (BY_HAND_ASYMMETRIC.algorithms); a bare hash name there does not say
 * RSA or ECDSA (the key decides) and is presented as the RSA algorithm of that hash.
 */
const verifyAsymmetricChain: OperationModel = {
  kind: 'verify',
  api: 'createVerify().verify() by hand',
  callee: [],
  keyArg: 0,
  options: { algorithms: { arg: 0, fromFactory: true, single: true } },
  outcome: 'returns-boolean',
  docs: 'https://nodejs.org/api/crypto.html#class-verify',
};
const verifyAsymmetricOneShot: OperationModel = {
  kind: 'verify',
  api: 'crypto.verify() by hand',
  callee: [],
  keyArg: 2,
  options: { algorithms: { arg: 0, single: true } },
  outcome: 'returns-boolean',
  docs: 'https://nodejs.org/api/crypto.html#cryptoverifyalgorithm-data-key-signature-callback',
};

export const byHand: LibraryModel = {
  id: 'by-hand',
  packages: [],
  defaultIsNamespace: false,
  docs: 'https://datatracker.ietf.org/doc/html/rfc7519#section-7.2',
  operations: [decodePayload, decodeHeader, signHmac, verifyHmac, verifyAsymmetricChain, verifyAsymmetricOneShot],
};

/** How a compact JWS is taken apart by hand: `token.split('.')` gives header, payload and signature. */
export const BY_HAND_SEGMENTS = {
  separator: '.',
  count: 3,
  /** base64url clean-up applied to a segment (`.replace(/-/g, '+')`, padding): still the same segment. */
  cleanupMethods: new Set(['replace', 'replaceAll', 'padEnd']) as ReadonlySet<string>,
} as const;

/** node:crypto public-key verification of a JWT signing input (see verifyAsymmetricChain). */
export const BY_HAND_ASYMMETRIC = {
  modules: NODE_CRYPTO.modules,
  /** `createVerify(algorithm).update(input).verify(key, signature, encoding)`. */
  chain: { operation: verifyAsymmetricChain, factory: 'createVerify', update: 'update', verify: 'verify', signatureArg: 1 },
  /** `crypto.verify(algorithm, data, key, signature)`. */
  oneShot: { operation: verifyAsymmetricOneShot, name: 'verify', dataArg: 1, signatureArg: 3 },
  /** Node's signature algorithm names (lower case) and the JWS algorithm each stands for. */
  algorithms: new Map([
    ['rsa-sha256', 'RS256'],
    ['rsa-sha384', 'RS384'],
    ['rsa-sha512', 'RS512'],
    ['sha256withrsaencryption', 'RS256'],
    ['ecdsa-with-sha256', 'ES256'],
    ['ecdsa-with-sha384', 'ES384'],
    ['ecdsa-with-sha512', 'ES512'],
    ['sha256', 'RS256'],
    ['sha384', 'RS384'],
    ['sha512', 'RS512'],
  ]) as ReadonlyMap<string, string>,
} as const;

/** Where a hand-made HMAC of the signing input is compared with the token's signature. */
export const BY_HAND_VERIFY = {
  operation: verifyHmac,
  /** Node's HMAC hash names and the JWS algorithm each one makes (RFC 7518 §3.2). Other hashes are no JWS algorithm. */
  hmacAlgorithms: new Map([
    ['sha256', 'HS256'],
    ['sha384', 'HS384'],
    ['sha512', 'HS512'],
  ]) as ReadonlyMap<string, string>,
  /** Functions that compare two values: module exports (`[]` = the module itself) and `Global.method`. */
  compareFunctions: [
    { modules: NODE_CRYPTO.modules, path: ['timingSafeEqual'] },
    { modules: ['tsscmp', 'scmp', 'secure-compare', 'safe-compare'], path: [] },
  ] as readonly { modules: readonly string[]; path: readonly string[] }[],
  compareGlobals: [{ object: BYTES.buffer.global, method: BYTES.buffer.compare }] as readonly { object: string; method: string }[],
  /** `a.equals(b)` (Buffer). */
  compareMethods: new Set(['equals']) as ReadonlySet<string>,
  /** Conversions between the digest and the comparison: the value compared is still the signature. */
  conversionMethods: new Set(['replace', 'replaceAll', 'toString', 'trim', 'padEnd', 'slice']) as ReadonlySet<string>,
  /** `Buffer.from(digest)` before a byte comparison. */
  bufferFrom: { object: BYTES.buffer.global, method: BYTES.buffer.from },
} as const;

export const BY_HAND_SIGN = {
  operation: signHmac,
  /** Modules whose `createHmac(algorithm, key)` makes the HMAC; a default import is the namespace. */
  modules: NODE_CRYPTO.modules,
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
export const BY_HAND_PARSE_CALL = { object: JSON_GLOBAL.global, method: JSON_GLOBAL.parse } as const;

/**
 * Text a file verifying or signing JWTs by hand contains even when it never says "JWT" or "token": a node:crypto
 * HMAC or verifier next to a split on '.' (for the text prefilter; both must appear).
 */
export const BY_HAND_PREFILTER: readonly RegExp[] = [/\bcreate(?:Hmac|Verify)\s*\(|\bcrypto\.verify\s*\(/, /\.split\(\s*['"`]\.['"`]\s*\)|\.join\(\s*['"`]\.['"`]\s*\)|\$\{[^}]+\}\.\$\{/];
