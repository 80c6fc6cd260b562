import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedVersion: string | undefined;

/**
 * The version in jwtlint's package.json. Found by walking up from this module, so it works both from
 * dist/src/cli/version.js (three levels below the package) and from src/cli/version.ts under a test runner.
 */
export function readVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    let text: string | undefined;
    try {
      text = readFileSync(candidate, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== undefined) {
      const pkg = JSON.parse(text) as { name?: string; version?: string };
      if (pkg.name === 'jwtlint' && typeof pkg.version === 'string') return (cachedVersion = pkg.version);
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find jwtlint's package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
