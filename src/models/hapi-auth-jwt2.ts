import { HMAC_ALGORITHMS } from './algorithms.js';
import type { LibraryModel } from './types.js';

/**
 * hapi-auth-jwt2 (https://github.com/dwyl/hapi-auth-jwt2): a Hapi auth scheme over jsonwebtoken. CommonJS.
 * - `await server.register(require('hapi-auth-jwt2'))` then `server.auth.strategy(name, 'jwt', { key, validate,
 *   verifyOptions })`. `key`: secret/public key, list of keys, or `(decoded) => ({ key })` (jwks-rsa's `hapiJwt2Key`).
 * - `verifyOptions` go to `jwt.verify`: `algorithms` (without it the list is derived from the key), `audience`,
 *   `issuer`, `ignoreExpiration`, `maxAge`, `clockTolerance` (seconds).
 * - `validate(decoded, request, h) => ({ isValid })` runs only for verified tokens (the place for revocation).
 * - By default the token is also read from the `token` query parameter: `urlKey` names another parameter, `urlKey: false`
 *   or `''` turns it off (canonical `queryParameter`; any other value is the default). The `token` cookie is read
 *   too (`cookieKey`), which is no URL.
 * Docs: https://github.com/dwyl/hapi-auth-jwt2#documentation
 */
const verifyOption = (name: string) => ({ arg: 2, path: ['verifyOptions', name] });

export const hapiAuthJwt2: LibraryModel = {
  id: 'hapi-auth-jwt2',
  packages: ['hapi-auth-jwt2'],
  defaultIsNamespace: true,
  docs: 'https://github.com/dwyl/hapi-auth-jwt2#readme',
  moduleConfig: { kind: 'plugin', method: 'register', pluginArg: 0, optionsArg: 1, pluginProperty: 'plugin' },
  operations: [
    {
      kind: 'verify',
      secretAlgorithms: HMAC_ALGORITHMS,
      api: "server.auth.strategy('jwt')",
      callee: [],
      form: { kind: 'decorated', members: ['auth', 'strategy'], argument: { index: 1, value: 'jwt' } },
      middleware: true,
      keyOption: { arg: 2, path: ['key'] },
      options: {
        algorithms: verifyOption('algorithms'),
        audience: verifyOption('audience'),
        issuer: verifyOption('issuer'),
        subject: verifyOption('subject'),
        ignoreExpiration: verifyOption('ignoreExpiration'),
        maxAge: { ...verifyOption('maxAge'), unit: 'timespan' },
        clockTolerance: { ...verifyOption('clockTolerance'), unit: 'seconds' },
        queryParameter: { arg: 2, path: ['urlKey'] },
      },
      defaults: { ignoreExpiration: false, queryParameter: 'token' },
      docs: 'https://github.com/dwyl/hapi-auth-jwt2#documentation',
    },
  ],
};
