import { HMAC_ALGORITHMS } from './algorithms.js';
import type { LibraryModel, OperationModel } from './types.js';

/**
 * express-jwt (https://github.com/auth0/express-jwt): Express middleware that verifies the bearer token
 * with jsonwebtoken and sets `req.auth` (v7) / `req.user` (≤ 6).
 * - ≤ 6: CommonJS, the module itself is the middleware factory: `app.use(jwt({ secret, algorithms }))`.
 *   `algorithms` became mandatory in 6.0.0 (CVE-2020-15084); ≤ 5 accepted any algorithm, so a working
 *   call without `algorithms` in this form is the vulnerable version and is reported.
 * - ≥ 7: `import { expressjwt } from 'express-jwt'`; `algorithms` is required (throws without it).
 * - `secret`: string, Buffer, or a function `(req, payload, done)` / `(req, token) => Promise<key>`
 *   (v7 `GetVerificationKey`, e.g. jwks-rsa's `expressJwtSecret`).
 * - Every other option is passed to `jsonwebtoken.verify` (audience, issuer, ignoreExpiration, maxAge,
 *   clockTolerance in seconds / vercel/ms).
 * - `isRevoked(req, payload, done)` (≤ 6) / `isRevoked(req, token) => Promise<boolean>` (v7).
 * - `credentialsRequired: false` lets requests WITHOUT a token through (optional authentication) but still
 *   rejects a present, invalid token with 401, so it is not `continueOnFailure`: verification failure still stops
 *   the request (see fixtures/verify-result-ignored/express-jwt.ts).
 */
const verifyOptions: OperationModel['options'] = {
  algorithms: { arg: 0, path: ['algorithms'] },
  audience: { arg: 0, path: ['audience'] },
  issuer: { arg: 0, path: ['issuer'] },
  subject: { arg: 0, path: ['subject'] },
  ignoreExpiration: { arg: 0, path: ['ignoreExpiration'] },
  clockTolerance: { arg: 0, path: ['clockTolerance'], unit: 'seconds' },
  maxAge: { arg: 0, path: ['maxAge'], unit: 'timespan' },
  isRevoked: { arg: 0, path: ['isRevoked'] },
};

export const expressJwt: LibraryModel = {
  id: 'express-jwt',
  packages: ['express-jwt'],
  defaultIsNamespace: true,
  docs: 'https://github.com/auth0/express-jwt#readme',
  operations: [
    {
      kind: 'verify',
      api: 'expressjwt',
      callee: [['expressjwt']],
      middleware: true,
      requiresAlgorithms: true,
      keyOption: { arg: 0, path: ['secret'] },
      // `secret: (req, token) => key`, token = { header, payload }: https://github.com/auth0/express-jwt#retrieve-key-dynamically
      keyResolver: { headerParam: 1, headerPath: ['header'], returnsKey: true },
      options: verifyOptions,
      defaults: { ignoreExpiration: false },
      docs: 'https://github.com/auth0/express-jwt#usage',
    },
    {
      kind: 'verify',
      api: 'express-jwt',
      callee: [[]],
      middleware: true,
      keyOption: { arg: 0, path: ['secret'] },
      // jsonwebtoken's verify underneath: a shared secret allows only HMAC algorithms
      secretAlgorithms: HMAC_ALGORITHMS,
      // 6: `secret: (req, header, payload, done)` (<= 5 passed the payload second: just as unverified)
      keyResolver: { headerParam: 1, headerPath: [], callback: { param: 3, keyArg: 1 }, returnsKey: false },
      options: verifyOptions,
      defaults: { ignoreExpiration: false },
      docs: 'https://github.com/auth0/express-jwt/tree/v6.1.2#usage',
    },
  ],
  // Known verification bypasses (vulnerable-library; `npm run advisories` checks them against the GitHub Advisory Database)
  advisories: [
    {
      ghsa: 'GHSA-6g6m-m6h5-w9gf',
      cve: 'CVE-2020-15084',
      package: 'express-jwt',
      // Advisory: "up to and including 5.3.3"; fixed in 6.0.0, which makes `algorithms` mandatory.
      affected: '<6.0.0',
      fixed: ['6.0.0'],
      summary: '`algorithms` is not enforced, which with jwks-rsa secrets allows an authorization bypass',
      url: 'https://github.com/advisories/GHSA-6g6m-m6h5-w9gf',
    },
  ],
};
