import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_EXCLUDED_DIRS, SOURCE_EXTENSIONS } from './discover.js';

const SOURCE = new Set<string>(SOURCE_EXTENSIONS);

/**
 * Do the folders hold more than `limit` source files? A bounded walk for the launcher's choice of process, not
 * a discovery: it stops at the first file past the limit, follows no links and applies no ignore files, so it
 * can only over-count (and over-counting only costs a child process).
 */
export function holdsMoreSourceFilesThan(folders: readonly string[], limit: number, defaultExcludes: boolean): boolean {
  let count = 0;
  const stack = [...folders];
  while (stack.length > 0) {
    const folder = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      continue; // unreadable: discovery reports it
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (entry.name === '.git' || (defaultExcludes && (entry.name === 'node_modules' || DEFAULT_EXCLUDED_DIRS.has(entry.name)))) continue;
        stack.push(path.join(folder, entry.name));
      } else if (entry.isFile() && SOURCE.has(path.extname(entry.name)) && ++count > limit) {
        return true;
      }
    }
  }
  return false;
}
