import type { LibraryModel } from './types.js';

/**
 * jws (https://github.com/brianloveswords/node-jws), the JWS layer under jsonwebtoken. CommonJS.
 * - `jws.verify(signature, algorithm, secretOrKey)`: the algorithm is a single positional name and is
 *   required since 3.0 (it used to come from the header — GHSA-869p-cjfg-cm3x / CVE-2015-9235); the
 *   canonical `algorithms` option is presented as a one-element list. The two-argument form
 *   `jws.verify(signature, key)` of jws < 3 is modeled too (`arityForms`): no allowlist, key second. It RETURNS `false` for a bad
 *   signature instead of throwing (it throws only for a missing or unknown algorithm).
 * - `jws.decode(signature)` returns `{ header, payload, signature }` without verifying.
 * - `jws.sign({ header: { alg }, payload, secret | privateKey, encoding })`: everything in one object;
 *   `alg: 'none'` produces an unsigned token.
 * - `jws.createSign` / `createVerify` streams take the same options (modeled for the key and algorithm).
 * No expiry handling at all: jws does not look at claims, so expiration options do not exist here.
 */
export const jws: LibraryModel = {
  id: 'jws',
  packages: ['jws'],
  defaultIsNamespace: true,
  docs: 'https://github.com/brianloveswords/node-jws#readme',
  operations: [
    {
      kind: 'verify',
      api: 'jws.verify',
      callee: [['verify']],
      tokenArg: 0,
      keyArg: 2,
      requiresAlgorithms: true,
      outcome: 'returns-boolean',
      options: { algorithms: { arg: 1, single: true } },
      // jws < 3: `verify(signature, key)` took the algorithm from the token's own header (CVE-2015-9235):
      // a verification without an allowlist, with the key second. No algorithm argument exists to read.
      arityForms: [{ arity: 2, override: { keyArg: 1, requiresAlgorithms: false, options: { algorithms: { arg: 2, single: true } } } }],
      docs: 'https://github.com/brianloveswords/node-jws#jwsverifysignature-algorithm-secretorkey',
    },
    {
      kind: 'verify',
      api: 'jws.createVerify',
      callee: [['createVerify']],
      requiresAlgorithms: true,
      keyOption: {
        arg: 0,
        path: ['secret'],
        alternatives: [
          { arg: 0, path: ['publicKey'] },
          { arg: 0, path: ['key'] },
        ],
      },
      options: {
        algorithms: { arg: 0, path: ['algorithm'], single: true },
      },
      docs: 'https://github.com/brianloveswords/node-jws#jwscreateverifyoptions',
    },
    {
      kind: 'decode',
      api: 'jws.decode',
      callee: [['decode']],
      tokenArg: 0,
      decodes: 'complete',
      docs: 'https://github.com/brianloveswords/node-jws#jwsdecodesignature',
    },
    {
      kind: 'sign',
      api: 'jws.sign',
      callee: [['sign'], ['createSign']],
      keyOption: {
        arg: 0,
        path: ['secret'],
        alternatives: [
          { arg: 0, path: ['privateKey'] },
          { arg: 0, path: ['key'] },
        ],
      },
      options: {
        algorithm: { arg: 0, path: ['header', 'alg'] },
        typ: { arg: 0, path: ['header', 'typ'] },
        payloadExp: { arg: 0, path: ['payload', 'exp'], unit: 'epoch-seconds' },
      },
      payloadOption: { arg: 0, path: ['payload'] },
      docs: 'https://github.com/brianloveswords/node-jws#jwssignoptions',
    },
  ],
  // Known verification bypasses (vulnerable-library; `npm run advisories` checks them against the GitHub Advisory Database)
  advisories: [
    {
      ghsa: 'GHSA-869p-cjfg-cm3x',
      cve: 'CVE-2025-65945',
      package: 'jws',
      // Advisory: "<=3.2.2 || 4.0.0"; fixed in 3.2.3 and 4.0.1.
      affected: '<=3.2.2 || 4.0.0',
      fixed: ['3.2.3', '4.0.1'],
      summary: 'HMAC verification with createVerify() and a secret looked up from token data can be bypassed',
      url: 'https://github.com/advisories/GHSA-869p-cjfg-cm3x',
      // Preconditions of the advisory: the application calls jws.createVerify() itself (jsonwebtoken does not).
      feature: { name: 'jws.createVerify() called by the application', specifiers: ['jws'] },
    },
  ],
};
