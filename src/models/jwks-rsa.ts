import type { LibraryModel } from './types.js';

/**
 * jwks-rsa (https://github.com/auth0/node-jwks-rsa): fetches the signing keys of an issuer from its JWKS URL and
 * picks one per token by `kid`. It verifies nothing itself: it is the KEY of express-jwt, koa-jwt, passport-jwt,
 * @fastify/jwt and hapi-auth-jwt2 (`expressJwtSecret`, `koaJwtSecret`, `passportJwtSecret`, `hapiJwt2Key[Async]`),
 * or of a `jwt.verify` through `jwksClient({ jwksUri }).getSigningKey(kid)`.
 * - The keys it returns are PUBLIC keys (RSA/EC `use: 'sig'` keys of the set, as PEM): an HMAC algorithm next to
 *   such a secret (`algorithms: ['HS256']`) accepts tokens signed with the public key as the HMAC secret.
 * - `jwksUri` over plain `http://` to a non-loopback host lets a network attacker serve their own keys
 *   (`keySetFetches` below; token-over-http reports it).
 * Docs: https://github.com/auth0/node-jwks-rsa#usage
 */
export const jwksRsa: LibraryModel = {
  id: 'jwks-rsa',
  packages: ['jwks-rsa'],
  defaultIsNamespace: true,
  docs: 'https://github.com/auth0/node-jwks-rsa#readme',
  operations: [],
  keyImports: [
    {
      callee: [['expressJwtSecret'], ['koaJwtSecret'], ['passportJwtSecret'], ['hapiJwt2Key'], ['hapiJwt2KeyAsync']],
      materialArg: 0,
      kind: 'public',
    },
  ],
  // the client and its helpers fetch the set from `jwksUri`: https://github.com/auth0/node-jwks-rsa#usage
  keySetFetches: [
    {
      callee: [[], ['JwksClient'], ['expressJwtSecret'], ['koaJwtSecret'], ['passportJwtSecret'], ['hapiJwt2Key'], ['hapiJwt2KeyAsync']],
      urlArg: 0,
      urlPath: ['jwksUri'],
      returnsKeySet: true,
    },
  ],
};
