/**
 * Environment validation libraries, as data: a call that reads `process.env` through a schema gives an object whose
 * members are the variables, each the variable's value or, when it is unset, the schema's default. A committed
 * default of a secret is then a fallback like `process.env.JWT_SECRET || 'dev'` (src/dataflow/env-schemas.ts).
 *
 * - `specs`: where the schema's fields are: an argument of the call (`cleanEnv(process.env, { ... })`), objects at
 *   properties of it (`createEnv({ server: { ... } })`), or the argument of the call that made the schema the method
 *   is called on (`z.object({ ... }).parse(process.env)`; then `envArg` must be `process.env`).
 * - `defaults`: how a field's default is written: an option of its validator call (`str({ default: 'x' })`) or a
 *   method of its chain (`z.string().min(32).default('x')`).
 */
export interface EnvSchemaModel {
  modules: readonly string[];
  /** Access paths of the reading call (a leading `default` is ignored); `()` marks a call's result. */
  paths: readonly (readonly string[])[];
  specs: { arg: number; properties?: readonly string[] } | { receiverArg: number; envArg: number };
  defaults: { options: readonly string[] } | { method: string };
  docs: string;
}

export const ENV_SCHEMAS: readonly EnvSchemaModel[] = [
  {
    modules: ['envalid'],
    paths: [['cleanEnv']],
    specs: { arg: 1 },
    // not `devDefault`: envalid refuses to start in production without the variable
    defaults: { options: ['default'] },
    docs: 'https://github.com/af/envalid#validator-types',
  },
  {
    modules: ['@t3-oss/env-core', '@t3-oss/env-nextjs', '@t3-oss/env-nuxt'],
    paths: [['createEnv']],
    specs: { arg: 0, properties: ['server', 'shared'] },
    defaults: { method: 'default' },
    docs: 'https://env.t3.gg/docs/core',
  },
  {
    // `import { z } from 'zod'` (path from `z`) and `import * as z from 'zod'` (path from `object`)
    modules: ['zod', 'zod/v4'],
    paths: [
      ['z', 'object', '()', 'parse'],
      ['object', '()', 'parse'],
    ],
    specs: { receiverArg: 0, envArg: 0 },
    defaults: { method: 'default' },
    docs: 'https://zod.dev/api#defaults',
  },
];
