import { createRequire } from 'node:module';
import path from 'node:path';
import type FastGlob from 'fast-glob';

/** Path helpers every layer shares (one `isInside`: a folder named `..x` is inside, `../x` is not). */

/** Is `target` `dir` itself or inside it? */
export function isInside(dir: string, target: string): boolean {
  const rel = path.relative(dir, target);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** A path with `/` separators. */
export function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

let fastGlobModule: typeof FastGlob | undefined;

/** fast-glob, loaded on first use: a scan of named files walks no folder and skips its two dozen modules at start. */
export function fastGlob(): typeof FastGlob {
  fastGlobModule ??= createRequire(import.meta.url)('fast-glob') as typeof FastGlob;
  return fastGlobModule;
}
