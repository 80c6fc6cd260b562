import type { LibraryModel } from './types.js';

/**
 * @elysiajs/jwt (https://elysiajs.com/plugins/jwt): `app.use(jwt({ name: 'jwt', secret, exp, alg }))`; handlers then
 * call `await jwt.sign(payload)` and `await jwt.verify(token)` (false for an invalid token) through the context.
 * The plugin call carries the key and the signing options, so it is modeled as both the signer and the verifier:
 * `secret` (hard-coded or empty), `exp` ('7d', seconds as a number; without it tokens carry no `exp` unless the
 * payload sets one), `alg` (HS256 by default).
 * Docs: https://elysiajs.com/plugins/jwt#config
 */
export const elysiaJwt: LibraryModel = {
  id: 'elysia-jwt',
  packages: ['@elysiajs/jwt'],
  defaultIsNamespace: false,
  docs: 'https://elysiajs.com/plugins/jwt',
  operations: [
    {
      kind: 'sign',
      api: 'jwt() plugin',
      callee: [['jwt'], ['default']],
      keyOption: { arg: 0, path: ['secret'] },
      options: {
        algorithm: { arg: 0, path: ['alg'] },
        expiresIn: { arg: 0, path: ['exp'], unit: 'timespan' },
        audience: { arg: 0, path: ['aud'] },
        issuer: { arg: 0, path: ['iss'] },
      },
      defaults: { algorithm: 'HS256' },
      docs: 'https://elysiajs.com/plugins/jwt#config',
    },
  ],
};
