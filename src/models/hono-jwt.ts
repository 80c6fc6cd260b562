import type { LibraryModel, OptionLocation } from './types.js';

/**
 * hono/jwt (https://hono.dev/docs/helpers/jwt, https://hono.dev/docs/middleware/builtin/jwt).
 * - `sign(payload, key, alg = 'HS256')` and `verify(token, key, alg = 'HS256')`: the algorithm is a
 *   POSITIONAL single name (newer releases also accept `verify(token, key, { alg, iss, ... })`).
 *   Without it, HS256 is used whatever the key is, so a PEM public key becomes an HMAC secret
 *   (CVE-2026-22817, fixed in 4.11.4 where the middleware requires `alg`).
 * - `verifyWithJwks(token, { jwks_uri, keys, allowedAlgorithms, verification: { iss, aud } }, init)` verifies
 *   with the key of a JSON Web Key Set chosen by the token's `kid`. Before 4.11.4 there was no
 *   `allowedAlgorithms` and the algorithm came from the JWK or the token header (GHSA published 2026-01-13);
 *   since then it is required and HS256/384/512 are refused. `verification.exp: false` turns the expiry check
 *   off, as `exp: false` does in `verify`'s options object (modeled as a negated `ignoreExpiration`).
 * - `decode(token)` returns `{ header, payload }` without verifying.
 * - `jwt({ secret, alg, cookie, headerName })` middleware verifies the bearer token.
 * - `exp`, `nbf`, `iat` are always checked when present; `exp` comes only from the payload.
 * Also reachable as `Jwt.sign/verify/decode` from 'hono/utils/jwt'.
 */
const algorithmAt: OptionLocation = { arg: 2, single: true, alternatives: [{ arg: 2, path: ['alg'], single: true }] };

export const honoJwt: LibraryModel = {
  id: 'hono-jwt',
  packages: ['hono/jwt', 'hono/utils/jwt', 'hono/utils/jwt/jwt'],
  defaultIsNamespace: false,
  keySetFetches: [{ callee: [['verifyWithJwks']], urlArg: 1, urlPath: ['jwks_uri'], returnsKeySet: false }],
  docs: 'https://hono.dev/docs/helpers/jwt',
  operations: [
    {
      kind: 'verify',
      api: 'verify',
      callee: [['verify'], ['Jwt', 'verify']],
      tokenArg: 0,
      keyArg: 1,
      async: true,
      options: {
        algorithms: algorithmAt,
        issuer: { arg: 2, path: ['iss'] },
        audience: { arg: 2, path: ['aud'] },
        ignoreExpiration: { arg: 2, path: ['exp'], negated: true },
      },
      defaults: { algorithms: ['HS256'], ignoreExpiration: false },
      docs: 'https://hono.dev/docs/helpers/jwt#verify',
    },
    {
      kind: 'verify',
      api: 'verifyWithJwks',
      callee: [['verifyWithJwks'], ['Jwt', 'verifyWithJwks']],
      tokenArg: 0,
      async: true,
      keySet: true,
      keyOption: { arg: 1, path: ['jwks_uri'], alternatives: [{ arg: 1, path: ['keys'] }] },
      options: {
        algorithms: { arg: 1, path: ['allowedAlgorithms'] },
        issuer: { arg: 1, path: ['verification', 'iss'] },
        audience: { arg: 1, path: ['verification', 'aud'] },
        ignoreExpiration: { arg: 1, path: ['verification', 'exp'], negated: true },
      },
      defaults: { ignoreExpiration: false },
      docs: 'https://hono.dev/docs/middleware/builtin/jwk',
    },
    {
      kind: 'verify',
      api: 'jwt',
      callee: [['jwt']],
      middleware: true,
      keyOption: { arg: 0, path: ['secret'] },
      options: { algorithms: { arg: 0, path: ['alg'], single: true } },
      defaults: { algorithms: ['HS256'], ignoreExpiration: false },
      docs: 'https://hono.dev/docs/middleware/builtin/jwt',
    },
    {
      kind: 'decode',
      api: 'decode',
      callee: [['decode'], ['Jwt', 'decode']],
      tokenArg: 0,
      decodes: 'complete',
      docs: 'https://hono.dev/docs/helpers/jwt#decode',
    },
    {
      kind: 'sign',
      api: 'sign',
      callee: [['sign'], ['Jwt', 'sign']],
      payloadArg: 0,
      keyArg: 1,
      async: true,
      options: {
        algorithm: { arg: 2 },
        payloadExp: { arg: 0, path: ['exp'], unit: 'epoch-seconds' },
      },
      defaults: { algorithm: 'HS256' },
      docs: 'https://hono.dev/docs/helpers/jwt#sign',
    },
  ],
  // Known verification bypasses (vulnerable-library; `npm run advisories` checks them against the GitHub Advisory Database)
  advisories: [
    {
      ghsa: 'GHSA-f67f-6cw9-8mq4',
      cve: 'CVE-2026-22817',
      package: 'hono',
      // Advisory: "prior to 4.11.4"; the JWT middleware now requires `alg`.
      affected: '<4.11.4',
      fixed: ['4.11.4'],
      summary: 'the JWT middleware verifies with HS256 by default whatever the key is, so with a public key configured a token signed with HS256 and that key verifies (algorithm confusion)',
      url: 'https://github.com/advisories/GHSA-f67f-6cw9-8mq4',
      feature: { name: 'the JWT middleware (hono/jwt)', specifiers: ['hono/jwt'] },
    },
    {
      ghsa: 'GHSA-3vhc-576x-3qv4',
      cve: 'CVE-2026-22818',
      package: 'hono',
      // Advisory: "prior to 4.11.4"; the JWK middleware now requires an allowlist of asymmetric algorithms.
      affected: '<4.11.4',
      fixed: ['4.11.4'],
      summary: 'the JWK/JWKS middleware lets the token header `alg` choose the verification algorithm when the JWK names none (algorithm confusion)',
      url: 'https://github.com/advisories/GHSA-3vhc-576x-3qv4',
      feature: { name: 'the JWK middleware (hono/jwk)', specifiers: ['hono/jwk'] },
    },
  ],
};
