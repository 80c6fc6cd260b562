import { HMAC_ALGORITHMS } from './algorithms.js';
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
      secretAlgorithms: HMAC_ALGORITHMS,
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
  // Known verification bypasses (vulnerable-library; `npm run advisories` checks them against the GitHub Advisory Database)
  advisories: [
    {
      ghsa: 'GHSA-c2ff-88x2-x9pg',
      cve: 'CVE-2023-48223',
      package: 'fast-jwt',
      // Advisory: "prior to version 3.3.2".
      affected: '<3.3.2',
      fixed: ['3.3.2'],
      summary: 'public keys with a `BEGIN RSA PUBLIC KEY` header are not recognised, so HS256 tokens signed with the public key verify (algorithm confusion)',
      url: 'https://github.com/advisories/GHSA-c2ff-88x2-x9pg',
    },
    {
      ghsa: 'GHSA-mvf2-f6gm-w987',
      cve: 'CVE-2026-34950',
      package: 'fast-jwt',
      // Advisory: "6.1.0 and earlier" (incomplete fix of CVE-2023-48223); the trim() fix shipped in 6.2.0.
      affected: '<=6.1.0',
      fixed: ['6.2.0'],
      summary: 'an RSA public key with leading whitespace is classified as an HMAC secret, re-enabling algorithm confusion',
      url: 'https://github.com/advisories/GHSA-mvf2-f6gm-w987',
    },
    {
      ghsa: 'GHSA-gmvf-9v4p-v8jc',
      cve: 'CVE-2026-44351',
      package: 'fast-jwt',
      // Advisory: "<= 6.2.3"; patched in 6.2.4.
      affected: '<=6.2.3',
      fixed: ['6.2.4'],
      summary: 'an async key resolver returning an empty string makes the verifier check HS256 signatures against an empty key, so anyone can forge tokens',
      url: 'https://github.com/advisories/GHSA-gmvf-9v4p-v8jc',
    },
    {
      ghsa: 'GHSA-ww5h-9m49-7xx4',
      cve: 'CVE-2026-107722',
      package: 'fast-jwt',
      // Advisory: 6.2.0 up to (not including) 6.3.0, the incomplete fix of CVE-2026-34950: trim() strips whitespace only.
      affected: '>=6.2.0 <6.3.0',
      fixed: ['6.3.0'],
      summary: 'a public key preceded by any non-whitespace byte (a comment line, a control character) is still classified as an HMAC secret, re-enabling algorithm confusion',
      url: 'https://github.com/advisories/GHSA-ww5h-9m49-7xx4',
    },
    {
      ghsa: 'GHSA-g3jj-5cmm-3hxx',
      cve: 'CVE-2026-107724',
      package: 'fast-jwt',
      // Advisory: "= 6.2.4"; fixed in 6.3.0.
      affected: '6.2.4',
      fixed: ['6.3.0'],
      summary: 'a public JWK or JWKS given as JSON text is used as an HMAC secret, so a token signed with HS256 and that public JSON verifies',
      url: 'https://github.com/advisories/GHSA-g3jj-5cmm-3hxx',
    },
    {
      ghsa: 'GHSA-8wpc-h4q6-8fxv',
      cve: 'CVE-2026-107720',
      package: 'fast-jwt',
      // Advisory: "<= 6.3.0"; fixed in 6.3.1.
      affected: '<=6.3.0',
      fixed: ['6.3.1'],
      summary: 'an empty or null key together with an explicit `algorithms` list skips signature verification entirely',
      url: 'https://github.com/advisories/GHSA-8wpc-h4q6-8fxv',
    },
  ],
};
