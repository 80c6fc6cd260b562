import type { AccessPath, LibraryModel } from './types.js';

/**
 * firebase-admin (https://github.com/firebase/firebase-admin-node): verifies Firebase Auth ID tokens and session
 * cookies, and mints custom tokens. CommonJS; `firebase-admin/auth` is the modular entry.
 * - `admin.auth().verifyIdToken(idToken, checkRevoked = false)`, `getAuth().verifyIdToken(...)`,
 *   `app.auth().verifyIdToken(...)`; `verifySessionCookie(cookie, checkRevoked = false)` the same for session cookies.
 *   Keys (Google's), algorithm (RS256), audience (the project id), issuer (securetoken.google.com/<project>) and
 *   expiry are all checked by the SDK: none of them can be configured or turned off.
 * - `checkRevoked: true` also rejects tokens revoked by `revokeRefreshTokens(uid)` or of disabled users (one extra
 *   request): the revocation hook (canonical `isRevoked`), missing when a request's token is verified without it.
 *   https://firebase.google.com/docs/auth/admin/manage-sessions#detect_id_token_revocation
 * - `createCustomToken(uid, developerClaims?)` signs a token (RS256, one hour, with the service account key) whose
 *   developer claims end up in the user's ID tokens.
 * Docs: https://firebase.google.com/docs/auth/admin/verify-id-tokens
 */
const AUTH_PATHS: readonly AccessPath[] = [
  ['auth', '()'],
  ['getAuth', '()'],
  ['initializeApp', '()', 'auth', '()'],
  ['app', '()', 'auth', '()'],
];
const on = (method: string): AccessPath[] => AUTH_PATHS.map((path) => [...path, method]);

export const firebaseAdmin: LibraryModel = {
  id: 'firebase-admin',
  packages: ['firebase-admin', 'firebase-admin/auth', 'firebase-admin/app'],
  defaultIsNamespace: true,
  docs: 'https://firebase.google.com/docs/reference/admin/node/firebase-admin.auth',
  identityProvider: true,
  operations: [
    {
      kind: 'verify',
      api: 'auth.verifyIdToken',
      callee: on('verifyIdToken'),
      tokenArg: 0,
      async: true,
      options: { isRevoked: { arg: 1, name: 'checkRevoked' } },
      defaults: { ignoreExpiration: false, isRevoked: false },
      docs: 'https://firebase.google.com/docs/auth/admin/verify-id-tokens#verify_id_tokens_using_the_firebase_admin_sdk',
    },
    {
      kind: 'verify',
      api: 'auth.verifySessionCookie',
      callee: on('verifySessionCookie'),
      tokenArg: 0,
      async: true,
      options: { isRevoked: { arg: 1, name: 'checkRevoked' } },
      defaults: { ignoreExpiration: false, isRevoked: false },
      docs: 'https://firebase.google.com/docs/auth/admin/manage-cookies#verify_session_cookie_and_check_permissions',
    },
    {
      kind: 'sign',
      api: 'auth.createCustomToken',
      callee: on('createCustomToken'),
      payloadArg: 1,
      async: true,
      // always RS256 with the service account key, always one hour (https://firebase.google.com/docs/auth/admin/create-custom-tokens)
      defaults: { algorithm: 'RS256', expiresIn: 3600 },
      docs: 'https://firebase.google.com/docs/auth/admin/create-custom-tokens#create_custom_tokens_using_the_firebase_admin_sdk',
    },
  ],
};
