/**
 * Start-up: compiled code is cached across runs. Node ≥ 22.1 has this built in (`module.enableCompileCache`, which
 * must be turned on before the modules it should cover are loaded); on older versions the TypeScript compiler
 * bundle, most of what a start compiles, is loaded from a V8 code cache of its own when a file first needs parsing
 * (src/parsing/typescript-bundle.ts). `JWTLINT_CODE_CACHE=0` turns both off.
 */
import Module from 'node:module';
import { wantBundleCodeCache } from '../parsing/typescript-bundle.js';

/** Turns the cache off (`0`). */
const CODE_CACHE_ENV = 'JWTLINT_CODE_CACHE';

export function useCodeCache(env: Record<string, string | undefined>): void {
  if (env[CODE_CACHE_ENV] === '0') return;
  const builtIn = (Module as unknown as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (typeof builtIn === 'function') {
    try {
      builtIn();
    } catch {
      // no cache: an ordinary start
    }
    return;
  }
  wantBundleCodeCache();
}
