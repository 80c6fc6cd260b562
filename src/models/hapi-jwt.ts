import type { LibraryModel, OptionLocation } from './types.js';

/**
 * @hapi/jwt (https://hapi.dev/module/jwt/): JWT for Hapi. CommonJS (`const Jwt = require('@hapi/jwt')`).
 * - Auth scheme: `await server.register(Jwt)` then `server.auth.strategy(name, 'jwt', { keys, verify, validate })`.
 *   `keys`: a secret string/Buffer, `{ key, algorithms }`, a list of them, or a function. `verify: { aud, iss, sub,
 *   nbf, exp, maxAgeSec, timeSkewSec }`: `aud`, `iss`, `sub` are required and may be `false` (not checked);
 *   `exp: false` turns the expiry check off. `verify: false` skips verification altogether (tokens checked upstream).
 * - `Jwt.token.generate(payload, secret | { key, algorithm }, { ttlSec, header })` signs (HS256 by default; no `exp`
 *   unless `ttlSec` or the payload sets it). `Jwt.token.decode(token)` decodes; `Jwt.token.verify(artifacts, secret,
 *   { aud, iss, sub, exp, maxAgeSec, timeSkewSec })` checks a decoded token's signature and claims.
 * Docs: https://hapi.dev/module/jwt/api/
 */
const keyIn = (arg: number, path: readonly string[]): OptionLocation => ({ arg, path: [...path, 'key'], alternatives: [{ arg, path: [...path] }] });
const claimChecks = (arg: number, base: readonly string[]) => ({
  audience: { arg, path: [...base, 'aud'] },
  issuer: { arg, path: [...base, 'iss'] },
  subject: { arg, path: [...base, 'sub'] },
  ignoreExpiration: { arg, path: [...base, 'exp'], negated: true },
  maxAge: { arg, path: [...base, 'maxAgeSec'], unit: 'seconds' as const },
  clockTolerance: { arg, path: [...base, 'timeSkewSec'], unit: 'seconds' as const },
});

export const hapiJwt: LibraryModel = {
  id: 'hapi-jwt',
  packages: ['@hapi/jwt'],
  defaultIsNamespace: true,
  docs: 'https://hapi.dev/module/jwt/api/',
  moduleConfig: { kind: 'plugin', method: 'register', pluginArg: 0, optionsArg: 1, pluginProperty: 'plugin' },
  operations: [
    {
      kind: 'verify',
      api: "server.auth.strategy('jwt')",
      callee: [],
      form: { kind: 'decorated', members: ['auth', 'strategy'], argument: { index: 1, value: 'jwt' } },
      middleware: true,
      keyOption: keyIn(2, ['keys']),
      options: { algorithms: { arg: 2, path: ['keys', 'algorithms'] }, ...claimChecks(2, ['verify']) },
      // algorithms default to the key's family (HS* for a string secret), never to the token's header
      requiresAlgorithms: true,
      defaults: { ignoreExpiration: false },
      docs: 'https://hapi.dev/module/jwt/api/#authentication-strategy',
    },
    {
      kind: 'sign',
      api: 'Jwt.token.generate',
      callee: [['token', 'generate']],
      payloadArg: 0,
      keyOption: keyIn(1, []),
      options: {
        algorithm: { arg: 1, path: ['algorithm'] },
        expiresIn: { arg: 2, path: ['ttlSec'], unit: 'seconds' },
        payloadExp: { arg: 0, path: ['exp'], unit: 'epoch-seconds' },
      },
      defaults: { algorithm: 'HS256' },
      docs: 'https://hapi.dev/module/jwt/api/#tokengeneratepayload-secret-options',
    },
    {
      kind: 'decode',
      api: 'Jwt.token.decode',
      callee: [['token', 'decode']],
      tokenArg: 0,
      decodes: 'complete',
      docs: 'https://hapi.dev/module/jwt/api/#tokendecodetoken-options',
    },
    {
      kind: 'verify',
      api: 'Jwt.token.verify',
      callee: [['token', 'verify']],
      tokenArg: 0,
      keyOption: keyIn(1, []),
      options: { algorithms: { arg: 1, path: ['algorithms'] }, ...claimChecks(2, []) },
      requiresAlgorithms: true,
      defaults: { ignoreExpiration: false },
      docs: 'https://hapi.dev/module/jwt/api/#tokenverifyartifacts-secret-options',
    },
  ],
};
