import { HMAC_ALGORITHMS } from './algorithms.js';
import type { KeyResolverModel, LibraryModel, OperationModel, OptionLocation } from './types.js';

/**
 * @fastify/jwt (https://github.com/fastify/fastify-jwt; formerly `fastify-jwt`): a Fastify plugin on top of
 * fast-jwt (jsonwebtoken before v4).
 * - Registered once: `fastify.register(fastifyJwt, { secret, sign: {...}, verify: {...}, decode: {...} })`.
 *   `secret` is a string/Buffer, `{ private, public }`, or a function. `sign` / `verify` hold defaults.
 * - It decorates Fastify objects, so the operations have no import at the call site:
 *   `fastify.jwt.sign(payload, [options])`, `fastify.jwt.verify(token, [options])`,
 *   `fastify.jwt.decode(token)`, `request.jwtVerify([options])`, `request.jwtDecode([{ decode: { complete } }])`,
 *   `reply.jwtSign(payload, [options])`. The `request.*` methods read the token from that request themselves
 *   (Authorization header, or the cookie named in the `cookie` option); `jwtDecode` does not verify it. They are recognised only where a registration of the plugin is in
 *   scope (same file or an ancestor directory).
 * - Option names are fast-jwt's (`algorithms`, `allowedAud`, `allowedIss`, `ignoreExpiration`, `maxAge`,
 *   `clockTolerance`; sign: `algorithm`, `expiresIn`, `aud`, `iss`), BUT the plugin converts durations
 *   itself: numbers are SECONDS, strings @lukeed/ms notation ('15m', '1 hour').
 * - Verification without `verify.algorithms` accepts what fast-jwt derives from the key.
 * - `trusted: (request, decodedToken) => boolean | Promise<boolean>` (registration option) rejects revoked
 *   tokens in `request.jwtVerify()` (https://github.com/fastify/fastify-jwt#trusted).
 */
const verifyAt = (arg: number, name: string, unit?: OptionLocation['unit']): OptionLocation => ({ arg, path: [name], moduleDefault: ['verify', name], ...(unit ? { unit } : {}) });
const signAt = (arg: number, name: string, unit?: OptionLocation['unit']): OptionLocation => ({ arg, path: [name], moduleDefault: ['sign', name], ...(unit ? { unit } : {}) });

const verifyOptions = (arg: number): OperationModel['options'] => ({
  algorithms: verifyAt(arg, 'algorithms'),
  audience: verifyAt(arg, 'allowedAud'),
  issuer: verifyAt(arg, 'allowedIss'),
  subject: verifyAt(arg, 'allowedSub'),
  typ: verifyAt(arg, 'checkTyp'),
  ignoreExpiration: verifyAt(arg, 'ignoreExpiration'),
  clockTolerance: verifyAt(arg, 'clockTolerance', 'timespan'),
  maxAge: verifyAt(arg, 'maxAge', 'timespan'),
  complete: verifyAt(arg, 'complete'),
});
/** `secret: (request, token) => key` or `(request, token, callback)`, token = { header, payload }: https://github.com/fastify/fastify-jwt#secret-required */
const keyResolver: KeyResolverModel = { headerParam: 1, headerPath: ['header'], callback: { param: 2, keyArg: 1 }, returnsKey: true };
const verifyKey = (arg: number): OptionLocation => ({
  arg,
  path: ['key'],
  moduleDefault: ['secret', 'public'],
  alternatives: [{ arg, path: ['key'], moduleDefault: ['secret'] }],
});

const signOptions = (arg: number): OperationModel['options'] => ({
  algorithm: signAt(arg, 'algorithm'),
  expiresIn: signAt(arg, 'expiresIn', 'timespan'),
  audience: signAt(arg, 'aud'),
  issuer: signAt(arg, 'iss'),
  subject: signAt(arg, 'sub'),
  payloadExp: { arg: 0, path: ['exp'], unit: 'epoch-seconds' },
});
const signKey = (arg: number): OptionLocation => ({
  arg,
  path: ['key'],
  moduleDefault: ['secret', 'private'],
  alternatives: [{ arg, path: ['key'], moduleDefault: ['secret'] }],
});

const docs = 'https://github.com/fastify/fastify-jwt#api-spec';

export const fastifyJwt: LibraryModel = {
  id: 'fastify-jwt',
  packages: ['@fastify/jwt', 'fastify-jwt'],
  defaultIsNamespace: true,
  docs: 'https://github.com/fastify/fastify-jwt#readme',
  moduleConfig: { kind: 'plugin', method: 'register', pluginArg: 0, optionsArg: 1, namedExports: ['fastifyJwt'] },
  operations: [
    {
      kind: 'verify',
      api: 'fastify.jwt.verify',
      callee: [],
      form: { kind: 'decorated', members: ['jwt', 'verify'] },
      tokenArg: 0,
      keyOption: verifyKey(1),
      keyResolver,
      secretAlgorithms: HMAC_ALGORITHMS,
      options: verifyOptions(1),
      defaults: { ignoreExpiration: false },
      docs,
    },
    {
      kind: 'verify',
      api: 'request.jwtVerify',
      callee: [],
      form: { kind: 'decorated', members: ['jwtVerify'] },
      tokenFromReceiver: true,
      middleware: true,
      async: true,
      keyOption: verifyKey(0),
      keyResolver,
      secretAlgorithms: HMAC_ALGORITHMS,
      // The revocation hook is the registration option `trusted(request, decodedToken)`.
      options: { ...verifyOptions(0), isRevoked: { moduleDefault: ['trusted'] } },
      defaults: { ignoreExpiration: false },
      docs,
    },
    {
      kind: 'decode',
      api: 'fastify.jwt.decode',
      callee: [],
      form: { kind: 'decorated', members: ['jwt', 'decode'] },
      tokenArg: 0,
      options: { complete: { arg: 1, path: ['complete'], moduleDefault: ['decode', 'complete'] } },
      docs,
    },
    {
      kind: 'decode',
      api: 'request.jwtDecode',
      callee: [],
      form: { kind: 'decorated', members: ['jwtDecode'] },
      tokenFromReceiver: true,
      async: true,
      options: { complete: { arg: 0, path: ['decode', 'complete'], moduleDefault: ['decode', 'complete'] } },
      docs,
    },
    { kind: 'sign', api: 'fastify.jwt.sign', callee: [], form: { kind: 'decorated', members: ['jwt', 'sign'] }, payloadArg: 0, keyOption: signKey(1), options: signOptions(1), docs },
    { kind: 'sign', api: 'reply.jwtSign', callee: [], form: { kind: 'decorated', members: ['jwtSign'] }, payloadArg: 0, async: true, keyOption: signKey(1), options: signOptions(1), docs },
  ],
};
