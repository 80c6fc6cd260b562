import { readFileSync } from 'node:fs';

/** Tool identity, read from package.json so there is one version number. */
function readVersion(): string {
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'jwtlint' && manifest.version) return manifest.version;
    } catch (error) {
      if (!(error instanceof Error && 'code' in error) && !(error instanceof SyntaxError)) throw error;
    }
  }
  throw new Error('jwtlint: cannot find its own package.json');
}

export const TOOL_NAME = 'jwtlint';
export const TOOL_VERSION = readVersion();
export const TOOL_INFORMATION_URI = 'https://github.com/jwtlint/jwtlint';
