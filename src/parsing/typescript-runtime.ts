/**
 * The TypeScript compiler API at run time. Source files write `import { ts } from 'ts-morph'` (what the type
 * checker and the tests see); the build points those imports of the emitted JavaScript here (scripts/build.mjs).
 * jwtlint uses only `ts`, which ts-morph re-exports from the compiler bundle of @ts-morph/common: importing
 * ts-morph from an ES module made Node compile ts-morph and @ts-morph/common (4 MB) and lex ts-morph's bundle
 * for its named exports at every start, a few hundred milliseconds of a pre-commit run. Requiring the compiler
 * bundle itself skips both (and src/cli/code-cache.ts may already have loaded it from a V8 code cache).
 */
import { createRequire } from 'node:module';
import type { ts as typescript } from 'ts-morph';

const requireHere = createRequire(import.meta.url);
const compilerBundle = createRequire(requireHere.resolve('ts-morph')).resolve('@ts-morph/common/dist/typescript.js');

export const ts = requireHere(compilerBundle) as typeof typescript;
