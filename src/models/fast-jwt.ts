import type { LibraryModel } from './types.js';

/**
 * fast-jwt (https://github.com/nearform/fast-jwt). Factories take every option; the functions they return
 * take only the token or payload:
 * - `createVerifier({ key, algorithms, allowedAud, allowedIss, allowedSub, ignoreExpiration, clockTolerance,
 *   maxAge, complete, cache })(token)`: without `algorithms` the list is derived from the key (the
 *   CVE-2023-48223 confusion for PEM public keys with HS256 in < 3.3.2). `key` may be an async function.
 * - `createSigner({ key, algorithm, expiresIn, notBefore, aud, iss, sub, jti })(payload)`; `algorithm`
 *   defaults to HS256 for string keys (or the key's own algorithm for PEM), 'none' when `key` is missing
 *   and `algorithm: 'none'`.
 * - `createDecoder({ complete })(token)` does not verify.
 * - Token type: the verifier's `checkTyp: 'at+jwt'` rejects other `typ` headers; the signer sets `typ` (default
 *   'JWT') or `header: { typ }`.
 * - DURATIONS ARE MILLISECONDS: `expiresIn`, `notBefore`, `maxAge`, `clockTolerance` are numbers of ms
 *   (strings use @lukeed/ms notation: '2h', '15m').
 * - The option that turns the expiry check off is `ignoreExpiration` (older docs/issues say `ignoreExp`;
 *   both are read).
 */
export const fastJwt: LibraryModel = {
  id: 'fast-jwt',
  packages: ['fast-jwt'],
  defaultIsNamespace: false,
  docs: 'https://github.com/nearform/fast-jwt#readme',
  operations: [
    {
      kind: 'verify',
      api: 'createVerifier',
      callee: [['createVerifier', '()']],
      form: { kind: 'factory' },
      tokenArg: 0,
      keyOption: { arg: 0, path: ['key'], fromFactory: true },
      // `key: (decoded) => key` or `(decoded, callback)`, decoded = { header, payload, signature }
      keyResolver: { headerParam: 0, headerPath: ['header'], callback: { param: 1, keyArg: 1 }, returnsKey: true },
      options: {
        algorithms: { arg: 0, path: ['algorithms'], fromFactory: true },
        audience: { arg: 0, path: ['allowedAud'], fromFactory: true },
        issuer: { arg: 0, path: ['allowedIss'], fromFactory: true },
        subject: { arg: 0, path: ['allowedSub'], fromFactory: true },
        typ: { arg: 0, path: ['checkTyp'], fromFactory: true },
        ignoreExpiration: { arg: 0, path: ['ignoreExpiration'], fromFactory: true, alternatives: [{ arg: 0, path: ['ignoreExp'], fromFactory: true }] },
        clockTolerance: { arg: 0, path: ['clockTolerance'], fromFactory: true, unit: 'timespan-ms' },
        maxAge: { arg: 0, path: ['maxAge'], fromFactory: true, unit: 'timespan-ms' },
        complete: { arg: 0, path: ['complete'], fromFactory: true },
      },
      defaults: { ignoreExpiration: false, clockTolerance: 0 },
      docs: 'https://github.com/nearform/fast-jwt#createverifier',
    },
    {
      kind: 'decode',
      api: 'createDecoder',
      callee: [['createDecoder', '()']],
      form: { kind: 'factory' },
      tokenArg: 0,
      options: { complete: { arg: 0, path: ['complete'], fromFactory: true } },
      docs: 'https://github.com/nearform/fast-jwt#createdecoder',
    },
    {
      kind: 'sign',
      api: 'createSigner',
      callee: [['createSigner', '()']],
      form: { kind: 'factory' },
      payloadArg: 0,
      keyOption: { arg: 0, path: ['key'], fromFactory: true },
      options: {
        algorithm: { arg: 0, path: ['algorithm'], fromFactory: true },
        expiresIn: { arg: 0, path: ['expiresIn'], fromFactory: true, unit: 'timespan-ms' },
        audience: { arg: 0, path: ['aud'], fromFactory: true },
        issuer: { arg: 0, path: ['iss'], fromFactory: true },
        subject: { arg: 0, path: ['sub'], fromFactory: true },
        // `header.typ` overrides `typ`
        typ: { arg: 0, path: ['header', 'typ'], fromFactory: true, alternatives: [{ arg: 0, path: ['typ'], fromFactory: true }] },
        payloadExp: { arg: 0, path: ['exp'], unit: 'epoch-seconds' },
      },
      docs: 'https://github.com/nearform/fast-jwt#createsigner',
    },
  ],
};
