/**
 * Runs a CommonJS script through a V8 code cache: compiling JavaScript is most of what loading a large script
 * costs at start-up, and with the cache V8 deserializes the compiled code instead. Used for the TypeScript compiler
 * bundle (src/parsing/typescript-bundle.ts) and for jwtlint's own modules bundled into one script (dist/jwtlint.cjs,
 * written by scripts/cjs-bundle.mjs, loaded by bin/jwtlint.js). Node ≥ 22.1 has a compile cache of its own; this is
 * for Node 20, which has none.
 *
 * The cache lives in the user's own cache folder (`$XDG_CACHE_HOME/jwtlint`, else `~/.cache/jwtlint`; on Windows
 * `%LOCALAPPDATA%\jwtlint`), never in a shared temporary folder, keyed by Node version, architecture, Node's flags
 * and the script's path, size and mtime; V8 also rejects data that does not match the source. A missing or rejected cache
 * means an ordinary compile; the cache is (re)written at exit, so it holds the functions the run compiled lazily too.
 *
 * Imports node built-ins only: the launcher loads this module before anything else.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

interface NodeModuleInternals {
  _nodeModulePaths(folder: string): string[];
}

/**
 * Compiles and runs `file` as a CommonJS module (its `require` resolves from its own folder), through the code cache
 * named `name`. Returns the module; throws what reading or running it throws (the caller falls back).
 */
export function runCachedScript(file: string, name: string): Module {
  const stat = statSync(file);
  // V8 rejects code cached under other flags: the heap-capped scan (--max-old-space-size) and an uncapped pre-commit
  // run each keep their own file, or each start would throw away, and rewrite, what the other wrote
  const flags = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  const key = createHash('sha1').update(`${process.version} ${process.arch} ${flags} ${file} ${stat.size} ${stat.mtimeMs}`).digest('hex').slice(0, 16);
  const cacheFile = path.join(cacheFolder(), `${name}-${key}.v8`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const folder = path.dirname(file);
  const source = readScriptSource(file);
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const compiled = script.runInThisContext() as (...args: unknown[]) => void;
  const loaded = new Module(file);
  loaded.filename = file;
  loaded.paths = (Module as unknown as NodeModuleInternals)._nodeModulePaths(folder);
  compiled.call(loaded.exports, loaded.exports, createRequire(file), loaded, file, folder);
  loaded.loaded = true;
  // a cache written by a run that used few functions (the launcher that only started the heap-capped scan) is
  // replaced by the next run's, which holds what that run compiled too
  const partial = cachedData !== undefined && cachedData.length < source.length * PARTIAL_CACHE_RATIO;
  if (!cachedData || script.cachedDataRejected || partial) process.once('exit', () => writeCache(cacheFile, name, script));
  return loaded;
}

/**
 * The script's text. The compiler bundle is plain ASCII: read as bytes and taken one byte per character, it is ready in
 * about two thirds of the time a UTF-8 read takes (the same text; any other script is decoded as UTF-8).
 */
function readScriptSource(file: string): string {
  const bytes = readFileSync(file);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** A cache smaller than this share of its script's source holds only a few of its functions (a scan's holds 15–75%). */
const PARTIAL_CACHE_RATIO = 0.1;
/** Cache files kept per script name: the newest, for the flag sets in use (an upgrade's old ones are removed). */
const KEPT_CACHES = 4;

function writeCache(cacheFile: string, name: string, script: vm.Script): void {
  try {
    const folder = path.dirname(cacheFile);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheFile);
    removeOldCaches(folder, name);
  } catch {
    // a read-only home: no cache, every start compiles as before
  }
}

/** Removes all but the KEPT_CACHES newest cache files of `name` (each build of a script has a key of its own). */
function removeOldCaches(folder: string, name: string): void {
  const files = readdirSync(folder)
    .filter((entry) => entry.startsWith(`${name}-`) && entry.endsWith('.v8'))
    .map((entry) => ({ entry, time: statSync(path.join(folder, entry)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const { entry } of files.slice(KEPT_CACHES)) rmSync(path.join(folder, entry), { force: true });
}

function cacheFolder(): string {
  if (process.platform === 'win32' && process.env.LOCALAPPDATA) return path.join(process.env.LOCALAPPDATA, 'jwtlint');
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'jwtlint');
}
