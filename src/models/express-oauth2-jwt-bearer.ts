import type { LibraryModel } from './types.js';

/**
 * express-oauth2-jwt-bearer (https://github.com/auth0/node-oauth2-jwt-bearer): Express middleware that verifies OAuth
 * 2.0 access tokens (Auth0 and any OIDC issuer). `app.use(auth({ audience, issuerBaseURL }))`.
 * - Each option falls back to an environment variable (`AUDIENCE`, `ISSUER_BASE_URL`, `ISSUER`, `JWKS_URI`, `SECRET`,
 *   `TOKEN_SIGNING_ALG`); the middleware asserts at startup that an audience is set and that the issuer is known
 *   (`issuerBaseURL`, or `issuer` with `jwksUri` or `secret`), so a missing audience or issuer fails loudly rather than
 *   silently: not modeled as a missing check.
 * - Keys come from the issuer's JWKS (asymmetric algorithms only, the discovery document's list) unless `secret` is
 *   given, which needs `tokenSigningAlg` HS256/384/512: a hard-coded `secret` is a hard-coded verification secret.
 * - `clockTolerance` (seconds, default 5) and `maxTokenAge` (seconds); `exp` is always enforced.
 * - `authRequired: false` lets requests without a token through but still rejects an invalid one (not "continue on failure").
 * Docs: https://auth0.github.io/node-oauth2-jwt-bearer/functions/auth.html
 */
export const expressOauth2JwtBearer: LibraryModel = {
  id: 'express-oauth2-jwt-bearer',
  packages: ['express-oauth2-jwt-bearer'],
  defaultIsNamespace: false,
  docs: 'https://github.com/auth0/node-oauth2-jwt-bearer/tree/main/packages/express-oauth2-jwt-bearer#readme',
  identityProvider: true,
  // keys from the issuer's JWKS, at `jwksUri` when it is given
  keySetFetches: [{ callee: [['auth']], urlArg: 0, urlPath: ['jwksUri'], returnsKeySet: false }],
  operations: [
    {
      kind: 'verify',
      api: 'auth',
      callee: [['auth']],
      middleware: true,
      keyOption: { arg: 0, path: ['secret'] },
      options: {
        clockTolerance: { arg: 0, path: ['clockTolerance'], unit: 'seconds' },
        maxAge: { arg: 0, path: ['maxTokenAge'], unit: 'seconds' },
      },
      defaults: { ignoreExpiration: false, clockTolerance: 5 },
      docs: 'https://auth0.github.io/node-oauth2-jwt-bearer/interfaces/AuthOptions.html',
    },
  ],
};
