import { HMAC_ALGORITHMS } from './algorithms.js';
import type { LibraryModel, OperationModel, OptionLocation } from './types.js';

/**
 * @nestjs/jwt (https://github.com/nestjs/jwt): a NestJS wrapper around jsonwebtoken.
 * - Configured once: `JwtModule.register({ secret, publicKey, privateKey, signOptions, verifyOptions })` or
 *   `JwtModule.registerAsync({ useFactory: (config) => ({ ... }) })` (also `new JwtService(options)`), or not at all:
 *   `imports: [JwtModule]` gives every `JwtService` empty options.
 *   Those options are DEFAULTS for every `JwtService` call: `signOptions` are merged under the options of
 *   `sign`/`signAsync`, `verifyOptions` under those of `verify`/`verifyAsync`.
 * - `JwtService` is reached through constructor injection (`constructor(private jwtService: JwtService)`).
 * - Key: `options.secret || module.secret`, then `privateKey` (sign) / `publicKey` (verify), call first.
 * - Semantics and units are jsonwebtoken's: `expiresIn` / `maxAge` seconds or vercel/ms, `clockTolerance`
 *   seconds, `ignoreExpiration`; verification without `algorithms` derives them from the key.
 * Which registration applies is decided by the facts layer (same file first, then the nearest ancestor
 * directory); when that is ambiguous, defaults are unknown.
 */
const callOrModule = (name: string, moduleGroup: 'signOptions' | 'verifyOptions', unit?: OptionLocation['unit']): OptionLocation => ({
  arg: 1,
  path: [name],
  moduleDefault: [moduleGroup, name],
  ...(unit ? { unit } : {}),
});

const service = (method: string): string[][] => [['JwtService', 'new', method]];

const verifyOptions: OperationModel['options'] = {
  algorithms: callOrModule('algorithms', 'verifyOptions'),
  ignoreExpiration: callOrModule('ignoreExpiration', 'verifyOptions'),
  clockTolerance: callOrModule('clockTolerance', 'verifyOptions', 'seconds'),
  maxAge: callOrModule('maxAge', 'verifyOptions', 'timespan'),
  audience: callOrModule('audience', 'verifyOptions'),
  issuer: callOrModule('issuer', 'verifyOptions'),
  subject: callOrModule('subject', 'verifyOptions'),
  complete: callOrModule('complete', 'verifyOptions'),
};
const verifyKey: OptionLocation = {
  arg: 1,
  path: ['secret'],
  moduleDefault: ['secret'],
  alternatives: [{ arg: 1, path: ['publicKey'], moduleDefault: ['publicKey'] }],
};

const signOptions: OperationModel['options'] = {
  algorithm: callOrModule('algorithm', 'signOptions'),
  expiresIn: callOrModule('expiresIn', 'signOptions', 'timespan'),
  audience: callOrModule('audience', 'signOptions'),
  issuer: callOrModule('issuer', 'signOptions'),
  subject: callOrModule('subject', 'signOptions'),
  typ: { arg: 1, path: ['header', 'typ'], moduleDefault: ['signOptions', 'header', 'typ'] },
  payloadExp: { arg: 0, path: ['exp'], unit: 'epoch-seconds' },
};
const signKey: OptionLocation = {
  arg: 1,
  path: ['secret'],
  moduleDefault: ['secret'],
  alternatives: [{ arg: 1, path: ['privateKey'], moduleDefault: ['privateKey'] }],
};

export const nestjsJwt: LibraryModel = {
  id: 'nestjs-jwt',
  packages: ['@nestjs/jwt'],
  defaultIsNamespace: false,
  docs: 'https://docs.nestjs.com/security/authentication#jwt-token',
  moduleConfig: {
    kind: 'call',
    callee: [
      ['JwtModule', 'register'],
      ['JwtModule', 'registerAsync'],
    ],
    optionsArg: 0,
    factoryProperty: 'useFactory',
    instanceOf: ['JwtService'],
    bareModule: { path: ['JwtModule'], listedIn: 'imports' },
  },
  operations: [
    {
      kind: 'verify',
      api: 'jwtService.verify',
      callee: service('verify'),
      tokenArg: 0,
      keyOption: verifyKey,
      secretAlgorithms: HMAC_ALGORITHMS,
      options: verifyOptions,
      defaults: { ignoreExpiration: false },
      docs: 'https://github.com/nestjs/jwt#api-spec',
    },
    {
      kind: 'verify',
      api: 'jwtService.verifyAsync',
      callee: service('verifyAsync'),
      tokenArg: 0,
      async: true,
      keyOption: verifyKey,
      secretAlgorithms: HMAC_ALGORITHMS,
      options: verifyOptions,
      defaults: { ignoreExpiration: false },
      docs: 'https://github.com/nestjs/jwt#api-spec',
    },
    { kind: 'sign', api: 'jwtService.sign', callee: service('sign'), payloadArg: 0, keyOption: signKey, options: signOptions, docs: 'https://github.com/nestjs/jwt#api-spec' },
    {
      kind: 'sign',
      api: 'jwtService.signAsync',
      callee: service('signAsync'),
      payloadArg: 0,
      async: true,
      keyOption: signKey,
      options: signOptions,
      docs: 'https://github.com/nestjs/jwt#api-spec',
    },
    {
      kind: 'decode',
      api: 'jwtService.decode',
      callee: service('decode'),
      tokenArg: 0,
      options: { complete: { arg: 1, path: ['complete'] } },
      docs: 'https://github.com/nestjs/jwt#api-spec',
    },
  ],
};
