import type { LibraryModel } from './types.js';

/**
 * node-jose (https://github.com/cisco/node-jose). CommonJS; every operation returns a promise.
 * - `JWS.createVerify(keyOrKeystore, { algorithms, allowEmbeddedKey })` returns a verifier; `await
 *   verifier.verify(token, opts)` checks the signature only (JWS: no claim is read, `exp` included). Without
 *   `algorithms` every algorithm the key supports is accepted (`'*'` and `'!name'` patterns are allowed).
 * - `JWS.createSign({ format: 'compact', fields: { alg } }, key).update(payload).final()` signs.
 * - Keys: `JWK.asKey(pem | jwk, form)` imports one; `JWK.createKeyStore()` / `JWK.asKeyStore(jwks)` make key sets
 *   from which `createVerify` picks by `kid`.
 * Docs: https://github.com/cisco/node-jose#signatures
 */
export const nodeJose: LibraryModel = {
  id: 'node-jose',
  packages: ['node-jose'],
  defaultIsNamespace: true,
  docs: 'https://github.com/cisco/node-jose#readme',
  operations: [
    {
      kind: 'verify',
      api: 'JWS.createVerify',
      callee: [
        ['JWS', 'createVerify', '()', 'verify'],
        ['JWS', 'createVerify', '()'],
      ],
      form: { kind: 'factory' },
      tokenArg: 0,
      async: true,
      keyOption: { arg: 0, fromFactory: true },
      options: { algorithms: { arg: 1, path: ['algorithms'], fromFactory: true, alternatives: [{ arg: 1, path: ['algorithms'] }] } },
      docs: 'https://github.com/cisco/node-jose#verifying-a-jws',
    },
    {
      kind: 'sign',
      api: 'JWS.createSign',
      callee: [['JWS', 'createSign']],
      keyArg: 1,
      async: true,
      options: { algorithm: { arg: 0, path: ['fields', 'alg'], alternatives: [{ arg: 0, path: ['alg'] }] }, typ: { arg: 0, path: ['fields', 'typ'] } },
      docs: 'https://github.com/cisco/node-jose#signing-content',
    },
  ],
  keyImports: [{ callee: [['JWK', 'asKey']], materialArg: 0, kind: 'jwk' }],
};
