import type { LibraryModel } from './types.js';

/**
 * jwt-decode (https://github.com/auth0/jwt-decode): decodes without verifying, by design.
 * - v3: `import jwt_decode from 'jwt-decode'` / `require('jwt-decode')` is the function itself.
 * - v4: `import { jwtDecode } from 'jwt-decode'`.
 * - `jwtDecode(token, { header: true })` returns the header (only), not the payload (`headerWhen`).
 */
export const jwtDecode: LibraryModel = {
  id: 'jwt-decode',
  packages: ['jwt-decode'],
  defaultIsNamespace: false,
  docs: 'https://github.com/auth0/jwt-decode#readme',
  operations: [
    {
      kind: 'decode',
      api: 'jwtDecode',
      callee: [['jwtDecode'], ['default'], []],
      tokenArg: 0,
      // `{ header: true }` returns the header itself (not `{ header, payload }`: there is no complete form)
      headerWhen: { arg: 1, path: ['header'] },
      docs: 'https://github.com/auth0/jwt-decode#usage',
    },
  ],
};
