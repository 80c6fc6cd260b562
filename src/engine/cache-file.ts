import path from 'node:path';

// v2: entries carry the files' records for scan-level listeners (a v1 entry has none and cannot be reused).
// v3: findings carry their flow steps, and entries the files behind the function summaries they used.
// v4: entries carry the package listings their package-wide searches read.
// v5: a table of files with their stamps, which entries name by index (a helper imported by many files was
//     stored with its stamp once per importer: two thirds of the file).
const CACHE_FILE = 'results-v5.json';

/** The result cache's file in a --cache directory (its own module: the launcher checks for it before loading the engine). */
export function cacheFilePath(directory: string): string {
  return path.join(directory, CACHE_FILE);
}
