/**
 * Loading the TypeScript compiler bundle (~9 MB of JavaScript), from a V8 code cache when one is wanted and there:
 * compiling the bundle is most of what loading the parser costs, and with the cache the load takes about a third of
 * the time (bench/RESULTS.md). Node ≥ 22.1 has this built in (`module.enableCompileCache`, turned on by
 * src/cli/code-cache.ts); on older versions this module does it for the one bundle.
 *
 * The cache lives in the user's own cache folder (`$XDG_CACHE_HOME/jwtlint`, else `~/.cache/jwtlint`; on Windows
 * `%LOCALAPPDATA%\jwtlint`), never in a shared temporary folder, keyed by Node version, architecture and the
 * bundle's path, size and mtime; V8 also rejects data that does not match the source. Any failure means an ordinary
 * `require`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

interface NodeModuleInternals {
  _nodeModulePaths(folder: string): string[];
}

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
      compileWithCodeCache(file);
    } catch {
      // an unreadable cache folder or an unexpected layout: the bundle is required the ordinary way
    }
  }
  return requireHere(file);
}

function compileWithCodeCache(file: string): void {
  const stat = statSync(file);
  const key = createHash('sha1').update(`${process.version} ${process.arch} ${file} ${stat.size} ${stat.mtimeMs}`).digest('hex').slice(0, 16);
  const cacheFile = path.join(cacheFolder(), `typescript-${key}.v8`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const folder = path.dirname(file);
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const compiled = script.runInThisContext() as (...args: unknown[]) => void;
  const loaded = new Module(file);
  loaded.filename = file;
  loaded.paths = (Module as unknown as NodeModuleInternals)._nodeModulePaths(folder);
  compiled.call(loaded.exports, loaded.exports, createRequire(file), loaded, file, folder);
  loaded.loaded = true;
  requireHere.cache[file] = loaded;
  if (cachedData && !script.cachedDataRejected) return;
  // Written at exit, so the functions the scan compiled lazily are in it too.
  process.once('exit', () => {
    try {
      mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
    } catch {
      // a read-only install: no cache, every start compiles as before
    }
  });
}

function cacheFolder(): string {
  if (process.platform === 'win32' && process.env.LOCALAPPDATA) return path.join(process.env.LOCALAPPDATA, 'jwtlint');
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'jwtlint');
}
