import { HMAC_ALGORITHMS } from './algorithms.js';
import type { LibraryModel } from './types.js';

/**
 * koa-jwt (https://github.com/koajs/jwt): Koa middleware; the module itself is the factory
 * (`app.use(jwt({ secret: process.env.JWT_SECRET }))`). CommonJS.
 * - Verification is jsonwebtoken's `verify(token, secret, opts)` with the middleware options, so
 *   `algorithms` is optional (derived from the key when missing), and `audience`, `issuer`,
 *   `ignoreExpiration`, `clockTolerance` (seconds), `maxAge` (vercel/ms) pass through.
 * - `secret`: string, Buffer, an array of secrets, or a function `(header, payload) => key`
 *   (e.g. jwks-rsa's `koaJwtSecret`).
 * - `isRevoked(ctx, decodedToken, token) => Promise<boolean>`.
 * - `passthrough: true` (canonical `continueOnFailure`): when the token is missing or fails verification the
 *   middleware still calls `next()`, leaving `ctx.state.user` unset (the error is in `ctx.state.jwtOriginalError`);
 *   every downstream handler must then check for a user itself. Default false.
 *   https://github.com/koajs/jwt#passthrough
 */
export const koaJwt: LibraryModel = {
  id: 'koa-jwt',
  packages: ['koa-jwt'],
  defaultIsNamespace: true,
  docs: 'https://github.com/koajs/jwt#readme',
  operations: [
    {
      kind: 'verify',
      api: 'koa-jwt',
      secretAlgorithms: HMAC_ALGORITHMS,
      callee: [[]],
      middleware: true,
      keyOption: { arg: 0, path: ['secret'] },
      // `secret: (header, payload) => Promise<key>` (jwks-rsa koaJwtSecret's `({ alg, kid })`): https://github.com/koajs/jwt#retrieving-the-secret
      keyResolver: { headerParam: 0, headerPath: [], returnsKey: true },
      options: {
        algorithms: { arg: 0, path: ['algorithms'] },
        audience: { arg: 0, path: ['audience'] },
        issuer: { arg: 0, path: ['issuer'] },
        subject: { arg: 0, path: ['subject'] },
        ignoreExpiration: { arg: 0, path: ['ignoreExpiration'] },
        clockTolerance: { arg: 0, path: ['clockTolerance'], unit: 'seconds' },
        maxAge: { arg: 0, path: ['maxAge'], unit: 'timespan' },
        isRevoked: { arg: 0, path: ['isRevoked'] },
        continueOnFailure: { arg: 0, path: ['passthrough'] },
      },
      defaults: { ignoreExpiration: false, continueOnFailure: false },
      docs: 'https://github.com/koajs/jwt#usage',
    },
  ],
};
