import { HMAC_ALGORITHMS } from './algorithms.js';
import type { LibraryModel } from './types.js';

/**
 * passport-jwt (https://github.com/mikenicholson/passport-jwt). CommonJS.
 * - `new JwtStrategy(options, verify)` with `const { Strategy: JwtStrategy, ExtractJwt } = require('passport-jwt')`;
 *   in NestJS `class S extends PassportStrategy(Strategy) { constructor() { super(options) } }` (the
 *   `super(...)` call is the construction; `PassportStrategy` from @nestjs/passport is a subclass factory).
 * - Options: `secretOrKey` (or `secretOrKeyProvider(request, rawJwtToken, done)`), `jwtFromRequest`
 *   (required; `ExtractJwt.fromAuthHeaderAsBearerToken()`, `fromUrlQueryParameter(name)`, ...), `issuer`,
 *   `audience`, `algorithms`, `ignoreExpiration`, `passReqToCallback`, and `jsonWebTokenOptions` passed to
 *   jsonwebtoken.verify. The top-level `issuer`/`audience`/`algorithms`/`ignoreExpiration` override the
 *   same keys inside `jsonWebTokenOptions`; `maxAge` and `clockTolerance` live only there.
 * - Verification is jsonwebtoken's: without `algorithms` the list is derived from the key.
 */
const jwtOption = (name: string) => ({ arg: 0, path: [name], alternatives: [{ arg: 0, path: ['jsonWebTokenOptions', name] }] });

export const passportJwt: LibraryModel = {
  id: 'passport-jwt',
  packages: ['passport-jwt'],
  defaultIsNamespace: true,
  docs: 'https://github.com/mikenicholson/passport-jwt#readme',
  operations: [
    {
      kind: 'verify',
      api: 'JwtStrategy',
      secretAlgorithms: HMAC_ALGORITHMS,
      callee: [['Strategy']],
      form: { kind: 'construct' },
      middleware: true,
      keyOption: { arg: 0, path: ['secretOrKey'], alternatives: [{ arg: 0, path: ['secretOrKeyProvider'] }] },
      callbackArg: 1,
      options: {
        algorithms: jwtOption('algorithms'),
        audience: jwtOption('audience'),
        issuer: jwtOption('issuer'),
        subject: { arg: 0, path: ['jsonWebTokenOptions', 'subject'] },
        ignoreExpiration: jwtOption('ignoreExpiration'),
        clockTolerance: { arg: 0, path: ['jsonWebTokenOptions', 'clockTolerance'], unit: 'seconds' },
        maxAge: { arg: 0, path: ['jsonWebTokenOptions', 'maxAge'], unit: 'timespan' },
      },
      defaults: { ignoreExpiration: false },
      docs: 'https://github.com/mikenicholson/passport-jwt#configure-strategy',
    },
  ],
  // `PassportStrategy(Strategy, 'name')` registers the strategy under that name, else under passport-jwt's own, 'jwt'
  // (https://docs.nestjs.com/recipes/passport#named-strategies)
  subclassFactories: [{ module: '@nestjs/passport', path: ['PassportStrategy'], baseArg: 0, nameArg: 1 }],
  strategyName: 'jwt',
  queryTokenExtractors: [
    { path: ['ExtractJwt', 'fromUrlQueryParameter'], api: 'ExtractJwt.fromUrlQueryParameter', nameArg: 0, docs: 'https://github.com/mikenicholson/passport-jwt#included-extractors' },
  ],
};
