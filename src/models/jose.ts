import type { LibraryModel } from './types.js';

/**
 * jose v4+ (https://github.com/panva/jose). ESM with named exports only.
 * - `jwtVerify(jwt, key, options)` / `compactVerify(jws, key, options)` accept any algorithm that fits
 *   the key unless `algorithms` is given.
 * - `decodeJwt(jwt)` returns claims without verification; `decodeProtectedHeader(token)` the header only.
 * - `new SignJWT(payload).setProtectedHeader({ alg }).setExpirationTime('2h').sign(key)` signs;
 *   `new CompactSign(bytes).setProtectedHeader({ alg }).sign(key)` signs raw payloads.
 * - `new UnsecuredJWT(payload).encode()` issues an UNSIGNED token (alg 'none'); `UnsecuredJWT.decode(jwt)`
 *   reads one without any signature (reported as a decode).
 * - Keys: `importPKCS8(pem, alg)` (private), `importSPKI(pem, alg)` / `importX509(pem, alg)` (public),
 *   `importJWK(jwk, alg)` (depends on the JWK), `createSecretKey` is node's. `createRemoteJWKSet(url)` /
 *   `createLocalJWKSet(jwks)` return key-resolving functions (asymmetric keys from a key set).
 * - Claims: `exp` is always enforced (no option to turn it off); `clockTolerance` and `maxTokenAge` are
 *   seconds when numbers, and jose time spans ('5 minutes', '2h') when strings.
 */
export const jose: LibraryModel = {
  id: 'jose',
  packages: [
    'jose',
    'jose/jwt/verify',
    'jose/jwt/decode',
    'jose/jwt/sign',
    'jose/jwt/unsecured',
    'jose/jws/compact/verify',
    'jose/jws/compact/sign',
    'jose/key/import',
    'jose/util/decode_jwt',
    'jose/util/decode_protected_header',
  ],
  defaultIsNamespace: false,
  docs: 'https://github.com/panva/jose/tree/main/docs',
  operations: [
    {
      kind: 'verify',
      api: 'jwtVerify',
      callee: [['jwtVerify']],
      tokenArg: 0,
      keyArg: 1,
      async: true,
      defaults: { ignoreExpiration: false },
      options: {
        algorithms: { arg: 2, path: ['algorithms'] },
        clockTolerance: { arg: 2, path: ['clockTolerance'], unit: 'timespan' },
        maxAge: { arg: 2, path: ['maxTokenAge'], unit: 'timespan' },
        audience: { arg: 2, path: ['audience'] },
        issuer: { arg: 2, path: ['issuer'] },
        subject: { arg: 2, path: ['subject'] },
      },
      docs: 'https://github.com/panva/jose/blob/main/docs/jwt/verify/functions/jwtVerify.md',
    },
    {
      kind: 'verify',
      api: 'compactVerify',
      callee: [['compactVerify']],
      tokenArg: 0,
      keyArg: 1,
      async: true,
      options: { algorithms: { arg: 2, path: ['algorithms'] } },
      docs: 'https://github.com/panva/jose/blob/main/docs/jws/compact/verify/functions/compactVerify.md',
    },
    {
      kind: 'decode',
      api: 'decodeJwt',
      callee: [['decodeJwt']],
      tokenArg: 0,
      docs: 'https://github.com/panva/jose/blob/main/docs/util/decode_jwt/functions/decodeJwt.md',
    },
    {
      kind: 'decode',
      api: 'decodeProtectedHeader',
      callee: [['decodeProtectedHeader']],
      tokenArg: 0,
      decodes: 'header',
      docs: 'https://github.com/panva/jose/blob/main/docs/util/decode_protected_header/functions/decodeProtectedHeader.md',
    },
    {
      kind: 'sign',
      api: 'SignJWT',
      callee: [['SignJWT']],
      construct: true,
      builder: { terminal: 'sign', keyArgOfTerminal: 0, payloadArgOfConstructor: 0 },
      async: true,
      options: {
        algorithm: { method: 'setProtectedHeader', path: ['alg'] },
        expiresIn: { method: 'setExpirationTime', unit: 'jose-time' },
        audience: { method: 'setAudience' },
        issuer: { method: 'setIssuer' },
        payloadExp: { arg: 0, path: ['exp'], unit: 'epoch-seconds' },
      },
      docs: 'https://github.com/panva/jose/blob/main/docs/jwt/sign/classes/SignJWT.md',
    },
    {
      kind: 'sign',
      api: 'CompactSign',
      callee: [['CompactSign']],
      construct: true,
      builder: { terminal: 'sign', keyArgOfTerminal: 0, payloadArgOfConstructor: 0 },
      async: true,
      options: { algorithm: { method: 'setProtectedHeader', path: ['alg'] } },
      docs: 'https://github.com/panva/jose/blob/main/docs/jws/compact/sign/classes/CompactSign.md',
    },
    {
      kind: 'sign',
      api: 'UnsecuredJWT',
      callee: [['UnsecuredJWT']],
      construct: true,
      unsigned: true,
      builder: { terminal: 'encode', payloadArgOfConstructor: 0 },
      options: {
        expiresIn: { method: 'setExpirationTime', unit: 'jose-time' },
        audience: { method: 'setAudience' },
        issuer: { method: 'setIssuer' },
        payloadExp: { arg: 0, path: ['exp'], unit: 'epoch-seconds' },
      },
      docs: 'https://github.com/panva/jose/blob/main/docs/jwt/unsecured/classes/UnsecuredJWT.md',
    },
    {
      kind: 'decode',
      api: 'UnsecuredJWT.decode',
      callee: [['UnsecuredJWT', 'decode']],
      tokenArg: 0,
      verifiesSignature: false,
      // it accepts exactly the tokens whose header says alg 'none' (and checks the claims given as options)
      defaults: { algorithms: ['none'] },
      options: {
        audience: { arg: 1, path: ['audience'] },
        issuer: { arg: 1, path: ['issuer'] },
        subject: { arg: 1, path: ['subject'] },
        clockTolerance: { arg: 1, path: ['clockTolerance'], unit: 'timespan' },
        maxAge: { arg: 1, path: ['maxTokenAge'], unit: 'timespan' },
      },
      docs: 'https://github.com/panva/jose/blob/main/docs/jwt/unsecured/classes/UnsecuredJWT.md',
    },
  ],
  keyImports: [
    { callee: [['importPKCS8']], materialArg: 0, kind: 'private', algorithmArg: 1 },
    { callee: [['importSPKI']], materialArg: 0, kind: 'public', algorithmArg: 1 },
    { callee: [['importX509']], materialArg: 0, kind: 'public', algorithmArg: 1 },
    { callee: [['importJWK']], materialArg: 0, kind: 'jwk', algorithmArg: 1 },
  ],
};
