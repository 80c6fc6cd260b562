import type { LibraryModel } from './types.js';

/**
 * @elysiajs/jwt (https://elysiajs.com/plugins/jwt): `app.use(jwt({ name: 'jwt', secret, exp, alg }))`; handlers then
 * call `await jwt.sign(payload)` and `await jwt.verify(token)` (false for an invalid token) through the context.
 * The handlers' `jwt.sign(payload)` (a payload `exp` overrides the plugin's) and `jwt.verify(token)` (resolves to false for
 * an invalid token) are decorated methods reached through the context, read with the configuration of the plugin call in
 * scope, under the plugin's `name` (`jwt` by default; several plugins under different names are told apart). The plugin call itself carries the key and the signing options:
 * `secret` (hard-coded or empty), `exp` ('7d', seconds as a number; without it tokens carry no `exp` unless the
 * payload sets one), `alg` (HS256 by default).
 * Docs: https://elysiajs.com/plugins/jwt#config
 */
export const elysiaJwt: LibraryModel = {
  id: 'elysia-jwt',
  packages: ['@elysiajs/jwt'],
  defaultIsNamespace: false,
  docs: 'https://elysiajs.com/plugins/jwt',
  // the plugin call is the configuration the handlers' `jwt.sign` / `jwt.verify` read
  // the plugin decorates the context under its `name` option (default 'jwt'): `jwt({ name: 'accessJwt' })` → `ctx.accessJwt.verify(t)`
  moduleConfig: { kind: 'call', callee: [['jwt'], ['default']], optionsArg: 0, decoratesAs: { path: ['name'], default: 'jwt' } },
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
    {
      kind: 'sign',
      api: 'jwt.sign',
      callee: [],
      form: { kind: 'decorated', members: ['jwt', 'sign'] },
      payloadArg: 0,
      async: true,
      keyOption: { moduleDefault: ['secret'] },
      options: {
        algorithm: { moduleDefault: ['alg'] },
        expiresIn: { path: ['exp'], moduleDefault: ['exp'], unit: 'timespan' },
        payloadExp: { arg: 0, path: ['exp'], unit: 'timespan' },
      },
      defaults: { algorithm: 'HS256' },
      docs: 'https://elysiajs.com/plugins/jwt#jwt-sign',
    },
    {
      kind: 'verify',
      api: 'jwt.verify',
      callee: [],
      form: { kind: 'decorated', members: ['jwt', 'verify'] },
      tokenArg: 0,
      async: true,
      outcome: 'returns-boolean',
      // jose's jwtVerify with the secret as key: only HMAC algorithms, never `none`, whatever the token's header says
      requiresAlgorithms: true,
      keyOption: { moduleDefault: ['secret'] },
      options: { algorithms: { moduleDefault: ['alg'], single: true }, audience: { moduleDefault: ['aud'] }, issuer: { moduleDefault: ['iss'] } },
      defaults: { ignoreExpiration: false },
      docs: 'https://elysiajs.com/plugins/jwt#jwt-verify',
    },
  ],
};
