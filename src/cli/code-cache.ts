/**
 * Start-up: the TypeScript compiler bundle (~9 MB of JavaScript) is compiled from a V8 code cache when one is
 * there. Compiling it is most of what loading the parser costs; with the cache the load takes about a third
 * of the time (bench/RESULTS.md). Node ≥ 22.1 has this built in (`module.enableCompileCache`), and it is used
 * instead when present.
 *
 * The cache lives in the user's own cache folder (`$XDG_CACHE_HOME/jwtlint`, else `~/.cache/jwtlint`; on
 * Windows `%LOCALAPPDATA%\jwtlint`), never in a shared temporary folder, keyed by Node version, architecture and
 * the bundle's path, size and mtime; V8 also rejects data that does not match the source. Any failure means an
 * ordinary `require` later. `JWTLINT_CODE_CACHE=0` turns it off.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/** Turns the cache off (`0`). */
const CODE_CACHE_ENV = 'JWTLINT_CODE_CACHE';

interface NodeModuleInternals {
  _nodeModulePaths(folder: string): string[];
}

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
  try {
    loadTypeScriptBundle();
  } catch {
    // an unreadable cache folder or an unexpected layout: the parser is required the ordinary way
  }
}

function loadTypeScriptBundle(): void {
  const requireHere = createRequire(import.meta.url);
  const morph = requireHere.resolve('ts-morph');
  const file = createRequire(morph).resolve('@ts-morph/common/dist/typescript.js');
  if (requireHere.cache[file]) return;
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
