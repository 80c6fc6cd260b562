/**
 * Loading the TypeScript compiler bundle (~9 MB of JavaScript), from a V8 code cache when one is wanted
 * (src/parsing/cached-script.ts): compiling the bundle is most of what loading the parser costs, and with the cache the
 * load takes about a third of the time. Node ≥ 22.1 has this built in (`module.enableCompileCache`, turned on by
 * src/cli/code-cache.ts). Any failure means an ordinary `require`.
 */
import { createRequire } from 'node:module';
import { runCachedScript } from './cached-script.js';

const requireHere = createRequire(import.meta.url);

/** The compiler bundle ts-morph re-exports `ts` from. */
function compilerBundlePath(): string {
  return createRequire(requireHere.resolve('ts-morph')).resolve('@ts-morph/common/dist/typescript.js');
}

let codeCacheWanted = false;

/** Load the bundle through a V8 code cache when it is loaded (the CLI asks for it; tests and the library do not). */
export function wantBundleCodeCache(): void {
  codeCacheWanted = true;
}

/** The compiler bundle's exports, compiled from the code cache when wanted. */
export function loadCompilerBundle(): unknown {
  const file = compilerBundlePath();
  if (codeCacheWanted && !requireHere.cache[file]) {
    try {
      requireHere.cache[file] = runCachedScript(file, 'typescript');
    } catch {
      // an unreadable cache folder or an unexpected layout: the bundle is required the ordinary way
    }
  }
  return requireHere(file);
}
