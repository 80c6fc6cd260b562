import path from 'node:path';

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
