import type { AccessPath, LibraryModel } from './types.js';

/**
 * jsrsasign (https://github.com/kjur/jsrsasign): JWS/JWT in `KJUR.jws.JWS` (also reached as `rs.jws.JWS`). CommonJS.
 * - `JWS.verify(sJWS, key, acceptAlgs)` returns a BOOLEAN (false for an invalid signature, it does not throw).
 *   Without `acceptAlgs` any algorithm of the header is accepted, including HS256 with a public-key PEM as the HMAC
 *   secret (algorithm confusion). `acceptAlgs` is an array of names (an object `{ alg: [...] }` is accepted too).
 * - `JWS.verifyJWT(sJWT, key, { alg, iss, sub, aud, verifyAt, gracePeriod, jti })` also returns a boolean; `alg` is
 *   mandatory (it throws without it); `iss`/`aud`/`sub` are checked only when given; `exp`/`nbf` are checked when
 *   present, with `gracePeriod` seconds of tolerance.
 * - `JWS.sign(alg, header, payload, key, pass)`: `alg` null takes it from the header; 'none' issues unsigned tokens.
 * - `JWS.parse(sJWS)` and `JWS.readSafeJSONString(b64utoutf8(part))` read a token without verifying it.
 * Docs: https://kjur.github.io/jsrsasign/api/symbols/KJUR.jws.JWS.html
 */
const JWS_PATHS: readonly AccessPath[] = [
  ['KJUR', 'jws', 'JWS'],
  ['jws', 'JWS'],
];
const on = (method: string): AccessPath[] => JWS_PATHS.map((path) => [...path, method]);

export const jsrsasign: LibraryModel = {
  id: 'jsrsasign',
  packages: ['jsrsasign'],
  defaultIsNamespace: true,
  docs: 'https://kjur.github.io/jsrsasign/api/symbols/KJUR.jws.JWS.html',
  operations: [
    {
      kind: 'verify',
      api: 'JWS.verify',
      callee: on('verify'),
      tokenArg: 0,
      keyArg: 1,
      outcome: 'returns-boolean',
      options: { algorithms: { arg: 2 } },
      docs: 'https://kjur.github.io/jsrsasign/api/symbols/KJUR.jws.JWS.html#.verify',
    },
    {
      kind: 'verify',
      api: 'JWS.verifyJWT',
      callee: on('verifyJWT'),
      tokenArg: 0,
      keyArg: 1,
      outcome: 'returns-boolean',
      requiresAlgorithms: true,
      options: {
        algorithms: { arg: 2, path: ['alg'] },
        issuer: { arg: 2, path: ['iss'] },
        audience: { arg: 2, path: ['aud'] },
        subject: { arg: 2, path: ['sub'] },
        clockTolerance: { arg: 2, path: ['gracePeriod'], unit: 'seconds' },
      },
      defaults: { ignoreExpiration: false, clockTolerance: 0 },
      docs: 'https://kjur.github.io/jsrsasign/api/symbols/KJUR.jws.JWS.html#.verifyJWT',
    },
    {
      kind: 'sign',
      api: 'JWS.sign',
      callee: on('sign'),
      payloadArg: 2,
      keyArg: 3,
      options: {
        algorithm: { arg: 0, alternatives: [{ arg: 1, path: ['alg'] }] },
        typ: { arg: 1, path: ['typ'] },
        payloadExp: { arg: 2, path: ['exp'], unit: 'epoch-seconds' },
      },
      docs: 'https://kjur.github.io/jsrsasign/api/symbols/KJUR.jws.JWS.html#.sign',
    },
    {
      kind: 'decode',
      api: 'JWS.parse',
      callee: on('parse'),
      tokenArg: 0,
      decodes: 'complete',
      docs: 'https://kjur.github.io/jsrsasign/api/symbols/KJUR.jws.JWS.html#.parse',
    },
  ],
  keyImports: [{ callee: [['KEYUTIL', 'getKey']], materialArg: 0, kind: 'jwk' }],
  // `JWS.readSafeJSONString(b64utoutf8(token.split('.')[1]))`: the payload read without verification
  // (https://kjur.github.io/jsrsasign/api/symbols/KJUR.jws.JWS.html#.readSafeJSONString, https://kjur.github.io/jsrsasign/api/symbols/global__.html#b64utoutf8)
  segmentDecoders: { jsonParse: on('readSafeJSONString'), base64Decode: [['b64utoutf8']] },
};
