import type { LibraryModel } from './types.js';

/**
 * jsonwebtoken (https://github.com/auth0/node-jsonwebtoken). CommonJS: `import jwt from 'jsonwebtoken'`
 * and `require('jsonwebtoken')` are the same object.
 * - v9 refuses `none` unless listed and rejects asymmetric keys under HS*; v8 and earlier accepted both.
 * - `verify(token, secretOrPublicKey, [options, callback])`: without `algorithms` the allowed list is
 *   derived from the key type, which is what algorithm-confusion attacks exploit on v8.
 * - `decode(token, [options])` does not verify anything.
 */
export const jsonwebtoken: LibraryModel = {
  id: 'jsonwebtoken',
  packages: ['jsonwebtoken'],
  defaultIsNamespace: true,
  docs: 'https://github.com/auth0/node-jsonwebtoken#readme',
  operations: [
    {
      kind: 'verify',
      api: 'jwt.verify',
      callee: [['verify']],
      tokenArg: 0,
      keyArg: 1,
      callbackArg: 3,
      options: {
        algorithms: { arg: 2, path: ['algorithms'] },
        ignoreExpiration: { arg: 2, path: ['ignoreExpiration'] },
        clockTolerance: { arg: 2, path: ['clockTolerance'], unit: 'seconds' },
        maxAge: { arg: 2, path: ['maxAge'], unit: 'timespan' },
        audience: { arg: 2, path: ['audience'] },
        issuer: { arg: 2, path: ['issuer'] },
        subject: { arg: 2, path: ['subject'] },
        complete: { arg: 2, path: ['complete'] },
      },
      docs: 'https://github.com/auth0/node-jsonwebtoken#jwtverifytoken-secretorpublickey-options-callback',
    },
    {
      kind: 'decode',
      api: 'jwt.decode',
      callee: [['decode']],
      tokenArg: 0,
      options: { complete: { arg: 1, path: ['complete'] } },
      docs: 'https://github.com/auth0/node-jsonwebtoken#jwtdecodetoken--options',
    },
    {
      kind: 'sign',
      api: 'jwt.sign',
      callee: [['sign']],
      payloadArg: 0,
      keyArg: 1,
      callbackArg: 3,
      options: {
        algorithm: { arg: 2, path: ['algorithm'] },
        expiresIn: { arg: 2, path: ['expiresIn'], unit: 'timespan' },
        payloadExp: { arg: 0, path: ['exp'], unit: 'epoch-seconds' },
        audience: { arg: 2, path: ['audience'] },
        issuer: { arg: 2, path: ['issuer'] },
      },
      docs: 'https://github.com/auth0/node-jsonwebtoken#jwtsignpayload-secretorprivatekey-options-callback',
    },
  ],
};
