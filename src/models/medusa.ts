import type { LibraryModel } from './types.js';

/**
 * Medusa 2 (https://docs.medusajs.com/resources/references/medusa-config#http): the store and admin APIs sign and
 * verify their session and customer JWTs with `projectConfig.http.jwtSecret`, given to `defineConfig` in
 * medusa-config.ts, for `http.jwtExpiresIn` (default '1d'). The starter writes `process.env.JWT_SECRET ||
 * 'supersecret'`: a deployment without the variable signs every token with a published secret.
 */
export const medusa: LibraryModel = {
  id: 'medusa',
  packages: ['@medusajs/framework/utils', '@medusajs/utils'],
  defaultIsNamespace: false,
  docs: 'https://docs.medusajs.com/resources/references/medusa-config#http',
  operations: [
    {
      kind: 'sign',
      api: 'defineConfig',
      callee: [['defineConfig']],
      keyOption: { arg: 0, path: ['projectConfig', 'http', 'jwtSecret'] },
      options: { expiresIn: { arg: 0, path: ['projectConfig', 'http', 'jwtExpiresIn'], unit: 'timespan' } },
      defaults: { expiresIn: 24 * 60 * 60, algorithm: 'HS256' },
      docs: 'https://docs.medusajs.com/resources/references/medusa-config#jwtsecret',
    },
  ],
};
