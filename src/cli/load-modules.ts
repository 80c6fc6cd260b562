/**
 * How a jwtlint process loads its own modules: from the one-script bundle (dist/jwtlint.cjs, written by
 * scripts/cjs-bundle.mjs) through a V8 code cache (src/parsing/cached-script.ts: a faster start on Node 20), else as
 * ES modules (`JWTLINT_BUNDLE=0` or `JWTLINT_CODE_CACHE=0`, no bundle, or any failure loading it). The CLI
 * (bin/jwtlint.js) and each --jobs child (./job-entry.ts) start through it, so both start the same way.
 *
 * Imports node built-ins and cached-script only: it runs before anything else is loaded.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCachedScript } from '../parsing/cached-script.js';

/** dist/, the folder module ids are relative to (`src/cli/launch.js`). */
const DIST = new URL('../../', import.meta.url);

type Bundle = { load(id: string): unknown };
let bundle: Bundle | null | undefined;

/** The bundle's loader, or null when the ES modules are to be used. */
function bundleLoader(env: Record<string, string | undefined>): Bundle | null {
  if (bundle !== undefined) return bundle;
  bundle = null;
  const file = fileURLToPath(new URL('jwtlint.cjs', DIST));
  if (env.JWTLINT_BUNDLE === '0' || env.JWTLINT_CODE_CACHE === '0' || !existsSync(file)) return bundle;
  try {
    bundle = runCachedScript(file, 'jwtlint').exports as Bundle;
  } catch {
    // an unreadable or stale bundle: the ES modules are the same code
  }
  return bundle;
}

function debug(env: Record<string, string | undefined>, message: string): void {
  if (env.JWTLINT_DEBUG) process.stderr.write(`jwtlint: ${message}\n`);
}

/**
 * The exports of the module `id` of dist/ (`src/cli/launch.js`), run from the bundle when it can be, else imported.
 * A process uses one or the other for all its modules: the two hold separate copies of every module's state.
 */
export async function loadModule<T>(id: string, env: Record<string, string | undefined> = process.env): Promise<T> {
  const loader = bundleLoader(env);
  if (loader) {
    try {
      const exports = loader.load(id) as T;
      debug(env, `modules from dist/jwtlint.cjs: ${id}`);
      return exports;
    } catch {
      // a module the bundle lacks or cannot run: imported below
    }
  }
  debug(env, `modules from dist/src (ES modules): ${id}`);
  return (await import(new URL(id, DIST).href)) as T;
}
