import type { LibraryModel } from './types.js';

/**
 * google-auth-library (https://github.com/googleapis/google-auth-library-nodejs): verifies Google ID tokens
 * ("Sign in with Google", IAP, Cloud Run/Pub/Sub push tokens). CommonJS.
 * - `new OAuth2Client(clientId?)` then `await client.verifyIdToken({ idToken, audience, maxExpiry })` → LoginTicket
 *   (`ticket.getPayload()`); also `verifyIdToken(options, callback)`. googleapis exposes the same class as
 *   `new google.auth.OAuth2(...)`.
 * - Signature keys are Google's certificates, fetched by the client (RS256 only): no key or algorithm option.
 * - The issuer is always checked (`accounts.google.com` / `https://accounts.google.com`), so it binds a token to
 *   Google, not to this application. `audience` is checked ONLY when given: without it an ID token Google issued to
 *   ANY client application is accepted (a token from another site is replayed here). Reported as a verification
 *   without audience (the issuer is not modeled as an option: it cannot be changed).
 * - `exp` is always enforced; `maxExpiry` (seconds, default 86400) caps the lifetime `exp - iat` a token may claim.
 * - `verifySignedJwtWithCertsAsync(jwt, certs, requiredAudience, issuers, maxExpiry)`: the low-level form.
 * Docs: https://cloud.google.com/nodejs/docs/reference/google-auth-library/latest/google-auth-library/oauth2client#_google_auth_library_OAuth2Client_verifyIdToken_member_1_
 */
const CLIENT_PATHS = [
  ['OAuth2Client', 'new'],
  ['google', 'auth', 'OAuth2', 'new'],
] as const;

export const googleAuthLibrary: LibraryModel = {
  id: 'google-auth-library',
  packages: ['google-auth-library', 'googleapis'],
  defaultIsNamespace: true,
  docs: 'https://github.com/googleapis/google-auth-library-nodejs#readme',
  identityProvider: true,
  operations: [
    {
      kind: 'verify',
      api: 'OAuth2Client.verifyIdToken',
      callee: CLIENT_PATHS.map((path) => [...path, 'verifyIdToken']),
      tokenOption: { arg: 0, path: ['idToken'] },
      callbackArg: 1,
      async: true,
      options: {
        audience: { arg: 0, path: ['audience'] },
        maxAge: { arg: 0, path: ['maxExpiry'], unit: 'seconds' },
      },
      defaults: { ignoreExpiration: false, algorithms: ['RS256'] },
      docs: 'https://github.com/googleapis/google-auth-library-nodejs#oauth2',
    },
    {
      kind: 'verify',
      api: 'OAuth2Client.verifySignedJwtWithCertsAsync',
      callee: CLIENT_PATHS.map((path) => [...path, 'verifySignedJwtWithCertsAsync']),
      tokenArg: 0,
      async: true,
      options: {
        audience: { arg: 2 },
        issuer: { arg: 3 },
        maxAge: { arg: 4, unit: 'seconds' },
      },
      defaults: { ignoreExpiration: false },
      docs: 'https://cloud.google.com/nodejs/docs/reference/google-auth-library/latest/google-auth-library/oauth2client',
    },
  ],
};
