import { HMAC_ALGORITHMS } from './algorithms.js';
import type { LibraryModel } from './types.js';

/**
 * jsonwebtoken (https://github.com/auth0/node-jsonwebtoken). CommonJS: `import jwt from 'jsonwebtoken'`
 * and `require('jsonwebtoken')` are the same object.
 * - v9 refuses `none` unless listed and rejects asymmetric keys under HS*; v8 and earlier accepted both.
 * - `verify(token, secretOrPublicKey, [options, callback])`: without `algorithms` the allowed list is
 *   derived from the key type, which is what algorithm-confusion attacks exploit on v8.
 * - `decode(token, [options])` does not verify anything.
 * - v8 vs v9 (https://github.com/auth0/node-jsonwebtoken/wiki/Migration-Notes:-v8-to-v9): v9 rejects
 *   RSA keys under 2048 bits, refuses `none` unless `algorithms` lists it (and then only with a falsy key),
 *   and refuses a key of the wrong type for the algorithm (`allowInvalidAsymmetricKeyTypes` turns that off).
 *   On v8 and earlier, `verify(token, null)` with an `alg: none` token succeeded, and a PEM public key
 *   could be used as an HMAC secret when `algorithms` was missing (CVE-2022-23540, CVE-2022-23541).
 * - Durations: `expiresIn`, `notBefore`, `maxAge` are seconds when numbers and vercel/ms strings otherwise;
 *   `clockTolerance` is a number of seconds. `exp` is enforced unless `ignoreExpiration: true`.
 * - `sign` defaults to HS256 (RS256 etc. must be asked for); `algorithm: 'none'` issues unsigned tokens.
 * - The callback is the last argument: `verify(t, k, cb)` and `verify(t, k, opts, cb)` both exist; an
 *   options position holding a function counts as omitted options.
 */
export const jsonwebtoken: LibraryModel = {
  id: 'jsonwebtoken',
  packages: ['jsonwebtoken'],
  defaultIsNamespace: true,
  docs: 'https://github.com/auth0/node-jsonwebtoken#readme',
  operations: [
    {
      kind: 'verify',
      api: 'jwt.verify',
      callee: [['verify']],
      tokenArg: 0,
      keyArg: 1,
      secretAlgorithms: HMAC_ALGORITHMS,
      callbackArg: 3,
      // getKey(header, callback): https://github.com/auth0/node-jsonwebtoken#jwtverifytoken-secretorpublickey-options-callback
      keyResolver: { headerParam: 0, headerPath: [], callback: { param: 1, keyArg: 1 }, returnsKey: false },
      options: {
        algorithms: { arg: 2, path: ['algorithms'] },
        ignoreExpiration: { arg: 2, path: ['ignoreExpiration'] },
        clockTolerance: { arg: 2, path: ['clockTolerance'], unit: 'seconds' },
        maxAge: { arg: 2, path: ['maxAge'], unit: 'timespan' },
        audience: { arg: 2, path: ['audience'] },
        issuer: { arg: 2, path: ['issuer'] },
        subject: { arg: 2, path: ['subject'] },
        complete: { arg: 2, path: ['complete'] },
      },
      defaults: { ignoreExpiration: false, clockTolerance: 0 },
      docs: 'https://github.com/auth0/node-jsonwebtoken#jwtverifytoken-secretorpublickey-options-callback',
    },
    {
      kind: 'decode',
      api: 'jwt.decode',
      callee: [['decode']],
      tokenArg: 0,
      options: { complete: { arg: 1, path: ['complete'] } },
      docs: 'https://github.com/auth0/node-jsonwebtoken#jwtdecodetoken--options',
    },
    {
      kind: 'sign',
      api: 'jwt.sign',
      callee: [['sign']],
      payloadArg: 0,
      keyArg: 1,
      callbackArg: 3,
      options: {
        algorithm: { arg: 2, path: ['algorithm'] },
        expiresIn: { arg: 2, path: ['expiresIn'], unit: 'timespan' },
        payloadExp: { arg: 0, path: ['exp'], unit: 'epoch-seconds' },
        audience: { arg: 2, path: ['audience'] },
        issuer: { arg: 2, path: ['issuer'] },
        subject: { arg: 2, path: ['subject'] },
        typ: { arg: 2, path: ['header', 'typ'] },
      },
      defaults: { algorithm: 'HS256' },
      docs: 'https://github.com/auth0/node-jsonwebtoken#jwtsignpayload-secretorprivatekey-options-callback',
    },
  ],
  // Known verification bypasses (vulnerable-library; `npm run advisories` checks them against the GitHub Advisory Database)
  advisories: [
    {
      ghsa: 'GHSA-qwph-4952-7xr6',
      cve: 'CVE-2022-23540',
      package: 'jsonwebtoken',
      // Advisory: "versions <=8.5.1"; fixed in 9.0.0.
      affected: '<9.0.0',
      fixed: ['9.0.0'],
      summary: 'jwt.verify() without an algorithm list and with a falsy key falls back to the `none` algorithm, so unsigned tokens pass',
      url: 'https://github.com/advisories/GHSA-qwph-4952-7xr6',
    },
    {
      ghsa: 'GHSA-hjrf-2m68-5959',
      cve: 'CVE-2022-23541',
      package: 'jsonwebtoken',
      // Advisory: "versions <=8.5.1"; fixed in 9.0.0.
      affected: '<9.0.0',
      fixed: ['9.0.0'],
      summary: 'a key-retrieval function serving both symmetric and asymmetric keys lets tokens signed with HS256 and the public key verify (algorithm confusion)',
      url: 'https://github.com/advisories/GHSA-hjrf-2m68-5959',
    },
  ],
};
