/**
 * The TypeScript compiler API at run time. Source files write `import { ts } from 'ts-morph'` (what the type
 * checker and the tests see); the build points those imports of the emitted JavaScript here (scripts/build.mjs).
 * jwtlint uses only `ts`, which ts-morph re-exports from the compiler bundle of @ts-morph/common: importing
 * ts-morph from an ES module made Node compile ts-morph and @ts-morph/common (4 MB) and lex ts-morph's bundle
 * for its named exports at every start, a few hundred milliseconds of a pre-commit run.
 *
 * The bundle is loaded on first use, not at import: a run whose files all come from the cache, or all fail the
 * prefilter, never parses and never pays for it. Until then `ts` is a stand-in that loads the bundle when any
 * member is read and then replaces itself (an ES module binding is live: importers see the real API from then on,
 * with no indirection left on the hot paths). No module reads `ts` while it is being imported.
 */
import type { ts as typescript } from 'ts-morph';
import { loadCompilerBundle } from './typescript-bundle.js';

type TypeScript = typeof typescript;

function load(): TypeScript {
  const real = loadCompilerBundle() as TypeScript;
  ts = real;
  return real;
}

export let ts: TypeScript = new Proxy({} as TypeScript, { get: (_target, key) => Reflect.get(load(), key) });
