/** Access paths into a module's exports (`['promises', 'readFile']`), as the models write them: one comparison for every layer. */

/** Are the two access paths the same steps? */
export function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((step, i) => step === b[i]);
}

/** An access path without the leading `default` of a CommonJS-style import (the models leave it out). */
export function withoutDefault(path: readonly string[]): string[] {
  return path[0] === 'default' ? path.slice(1) : [...path];
}
