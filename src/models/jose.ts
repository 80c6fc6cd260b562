import type { LibraryModel } from './types.js';

/**
 * jose v4+ (https://github.com/panva/jose). ESM with named exports only.
 * - `jwtVerify(jwt, key, options)` / `compactVerify(jws, key, options)` accept any algorithm that fits
 *   the key unless `algorithms` is given.
 * - `decodeJwt(jwt)` returns claims without verification; `decodeProtectedHeader(token)` the header only.
 * - `new SignJWT(payload).setProtectedHeader({ alg }).setExpirationTime('2h').sign(key)` signs.
 */
export const jose: LibraryModel = {
  id: 'jose',
  packages: ['jose', 'jose/jwt/verify', 'jose/jwt/decode', 'jose/jwt/sign', 'jose/jws/compact/verify'],
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
  ],
};
