import type { LibraryModel } from './types.js';

/**
 * jwt-decode (https://github.com/auth0/jwt-decode): decodes without verifying, by design.
 * - v3: `import jwt_decode from 'jwt-decode'` / `require('jwt-decode')` is the function itself.
 * - v4: `import { jwtDecode } from 'jwt-decode'`.
 * - `{ header: true }` as second argument decodes the header only.
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
      options: { complete: { arg: 1, path: ['header'] } },
      docs: 'https://github.com/auth0/jwt-decode#usage',
    },
  ],
};
