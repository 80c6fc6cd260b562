import type { LibraryModel } from './types.js';

/**
 * Payload CMS (https://payloadcms.com/docs/configuration/overview): `buildConfig({ secret })` (`payload` 3,
 * `payload/config` 2) is the secret every auth collection's login tokens are signed and verified with (HS256, for
 * the collection's `auth.tokenExpiration`, 7200 s by default). The templates write `process.env.PAYLOAD_SECRET || ''`:
 * a deployment without the variable signs with a known key.
 */
export const payloadCms: LibraryModel = {
  id: 'payload-cms',
  packages: ['payload', 'payload/config'],
  defaultIsNamespace: false,
  docs: 'https://payloadcms.com/docs/configuration/overview',
  operations: [
    {
      kind: 'sign',
      api: 'buildConfig',
      callee: [['buildConfig']],
      keyOption: { arg: 0, path: ['secret'] },
      defaults: { expiresIn: 7200, algorithm: 'HS256' },
      docs: 'https://payloadcms.com/docs/authentication/overview#config-options',
    },
  ],
};
