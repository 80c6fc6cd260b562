import type { LibraryModel } from './types.js';

/**
 * jwt-simple (https://github.com/hokaccha/node-jwt-simple). CommonJS.
 * - `jwt.decode(token, key, noVerify, algorithm)`: verifies by default. `noVerify === true` skips the
 *   signature check entirely (reported as a decode, `verifiesSignature: false`). Without `algorithm` the
 *   algorithm comes from the token header (RS256 when the key looks like a PEM public key) — the root of
 *   CVE-2016-10555 (< 0.3.1 used the header unconditionally). `none` is not supported.
 *   Expiry (`exp`) and `nbf` are checked when present; there are no options for leeway or audience.
 * - `jwt.encode(payload, key, algorithm = 'HS256', options)`: no expiry option — only `exp` in the payload.
 */
export const jwtSimple: LibraryModel = {
  id: 'jwt-simple',
  packages: ['jwt-simple'],
  defaultIsNamespace: true,
  docs: 'https://github.com/hokaccha/node-jwt-simple#readme',
  operations: [
    {
      kind: 'verify',
      api: 'jwt.decode',
      callee: [['decode']],
      tokenArg: 0,
      keyArg: 1,
      noVerifyArg: 2,
      options: { algorithms: { arg: 3, single: true } },
      defaults: { ignoreExpiration: false },
      docs: 'https://github.com/hokaccha/node-jwt-simple#decode-params',
    },
    {
      kind: 'sign',
      api: 'jwt.encode',
      callee: [['encode']],
      payloadArg: 0,
      keyArg: 1,
      options: {
        algorithm: { arg: 2 },
        payloadExp: { arg: 0, path: ['exp'], unit: 'epoch-seconds' },
      },
      defaults: { algorithm: 'HS256' },
      docs: 'https://github.com/hokaccha/node-jwt-simple#readme',
    },
  ],
};
