import type { LibraryModel, OptionLocation } from './types.js';

/**
 * @tsndr/cloudflare-worker-jwt (https://github.com/tsndr/cloudflare-worker-jwt): JWT on Web Crypto for Workers.
 * ESM; `import jwt from '@tsndr/cloudflare-worker-jwt'` (a default object) or named `sign`, `verify`, `decode`.
 * - `await jwt.verify(token, secret, { algorithm, clockTolerance, throwError })` RESOLVES TO A FALSY VALUE for an
 *   invalid token unless `throwError: true` (boolean in v2, the decoded token or undefined in v3): a caller that does
 *   not test it accepts every token. `algorithm` (default HS256, also as a bare string third argument) is the one
 *   algorithm accepted, never the header's. `exp`/`nbf` are checked when present.
 * - `await jwt.sign(payload, secret, { algorithm, header })` (or a bare algorithm string): `exp` only from the payload.
 * - `jwt.decode(token)` decodes without verifying.
 * Docs: https://github.com/tsndr/cloudflare-worker-jwt#usage
 */
const algorithmAt = (path: string): OptionLocation => ({ arg: 2, path: [path], single: true, alternatives: [{ arg: 2, single: true }] });

export const cloudflareWorkerJwt: LibraryModel = {
  id: 'cloudflare-worker-jwt',
  packages: ['@tsndr/cloudflare-worker-jwt'],
  defaultIsNamespace: true,
  docs: 'https://github.com/tsndr/cloudflare-worker-jwt#readme',
  operations: [
    {
      kind: 'verify',
      api: 'jwt.verify',
      callee: [['verify']],
      tokenArg: 0,
      keyArg: 1,
      async: true,
      outcome: 'returns-boolean',
      requiresAlgorithms: true,
      options: { algorithms: algorithmAt('algorithm'), clockTolerance: { arg: 2, path: ['clockTolerance'], unit: 'seconds' } },
      defaults: { algorithms: ['HS256'], ignoreExpiration: false, clockTolerance: 0 },
      docs: 'https://github.com/tsndr/cloudflare-worker-jwt#verify',
    },
    {
      kind: 'sign',
      api: 'jwt.sign',
      callee: [['sign']],
      payloadArg: 0,
      keyArg: 1,
      async: true,
      options: {
        algorithm: { arg: 2, path: ['algorithm'], alternatives: [{ arg: 2 }] },
        payloadExp: { arg: 0, path: ['exp'], unit: 'epoch-seconds' },
      },
      defaults: { algorithm: 'HS256' },
      docs: 'https://github.com/tsndr/cloudflare-worker-jwt#sign',
    },
    {
      kind: 'decode',
      api: 'jwt.decode',
      callee: [['decode']],
      tokenArg: 0,
      decodes: 'complete',
      docs: 'https://github.com/tsndr/cloudflare-worker-jwt#decode',
    },
  ],
};
