import type { AccessPath, LibraryModel } from './types.js';

/**
 * next-auth / Auth.js (https://authjs.dev): session tokens are JWTs (encrypted JWE by default) made and read with
 * `secret` (`AUTH_SECRET` / `NEXTAUTH_SECRET` when not given).
 * - `NextAuth({ secret, session: { strategy: 'jwt', maxAge }, jwt: { maxAge, encode, decode }, providers })`
 *   (next-auth 4 and 5), `Auth(request, config)` of @auth/core: the configuration is the signer of every session
 *   token. `session.maxAge` / `jwt.maxAge` are seconds (default 30 days, refreshed while the user is active).
 * - `getToken({ req, secret })` (next-auth/jwt, @auth/core/jwt) reads and decrypts the session token of a request;
 *   `encode({ token, secret, salt, maxAge })` / `decode({ token, secret, salt })` are the low-level functions.
 * A hard-coded `secret` (or a literal fallback of the environment variable) lets anyone forge sessions.
 * Docs: https://next-auth.js.org/configuration/options#secret, https://authjs.dev/reference/core#authconfig
 */
const CONFIG_CALLS: readonly AccessPath[] = [['default'], ['NextAuth'], ['Auth']];

export const nextAuth: LibraryModel = {
  id: 'next-auth',
  packages: ['next-auth', 'next-auth/jwt', '@auth/core', '@auth/core/jwt'],
  defaultIsNamespace: false,
  docs: 'https://authjs.dev/reference/core#authconfig',
  // `jwt: { encode, decode }` overrides: `decode({ token, secret, salt })` gets the session cookie of the request
  // (https://authjs.dev/reference/core/jwt#decode); one that does not verify it trusts whatever the client sends.
  requestCallbacks: [
    { callee: CONFIG_CALLS, configArg: 0, configTypes: ['NextAuthOptions', 'AuthOptions', 'NextAuthConfig', 'AuthConfig'], path: ['jwt', 'decode'], param: 0, member: 'token' },
  ],
  operations: [
    {
      kind: 'sign',
      api: 'NextAuth',
      callee: CONFIG_CALLS,
      keyOption: { arg: 0, path: ['secret'], alternatives: [{ arg: 1, path: ['secret'] }] },
      options: {
        expiresIn: {
          arg: 0,
          path: ['session', 'maxAge'],
          unit: 'seconds',
          alternatives: [
            { arg: 0, path: ['jwt', 'maxAge'], unit: 'seconds' },
            { arg: 1, path: ['session', 'maxAge'], unit: 'seconds' },
          ],
        },
      },
      defaults: { expiresIn: 30 * 24 * 60 * 60 },
      docs: 'https://next-auth.js.org/configuration/options#session',
    },
    {
      kind: 'verify',
      api: 'getToken',
      callee: [['getToken'], ['decode']],
      tokenOption: { arg: 0, path: ['token'] },
      keyOption: { arg: 0, path: ['secret'] },
      async: true,
      defaults: { ignoreExpiration: false },
      docs: 'https://next-auth.js.org/tutorials/securing-pages-and-api-routes#using-gettoken',
    },
    {
      kind: 'sign',
      api: 'encode',
      callee: [['encode']],
      payloadOption: { arg: 0, path: ['token'] },
      keyOption: { arg: 0, path: ['secret'] },
      options: { expiresIn: { arg: 0, path: ['maxAge'], unit: 'seconds' } },
      defaults: { expiresIn: 30 * 24 * 60 * 60 },
      async: true,
      docs: 'https://authjs.dev/reference/core/jwt#encode',
    },
  ],
  // Known verification bypasses (vulnerable-library; `npm run advisories` checks them against the GitHub Advisory Database)
  advisories: [
    {
      ghsa: 'GHSA-v64w-49xw-qq89',
      cve: 'CVE-2023-48309',
      package: 'next-auth',
      // Advisory: "prior to version 4.24.5", applications that rely on the default Middleware authorization.
      affected: '<4.24.5',
      fixed: ['4.24.5'],
      summary: 'the default Middleware authorization accepts a NextAuth.js-issued JWT from an interrupted OAuth sign-in (state, PKCE or nonce) as a session, a mock signed-in user',
      url: 'https://github.com/advisories/GHSA-v64w-49xw-qq89',
      feature: { name: 'the default Middleware authorization (next-auth/middleware)', specifiers: ['next-auth/middleware'] },
    },
  ],
};
