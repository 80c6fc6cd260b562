#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/src/cli/main.js (built by `npm run build`, or by `postinstall` on install;
// there is no `prepare`/`prepack` script because pre-commit reads `npm pack` stdout as the tarball name).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/launch.js', import.meta.url);

if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(`jwtlint: the compiled CLI is missing (${fileURLToPath(entry)}); run \`npm run build\` in the jwtlint package first.\n`);
  process.exit(2);
}

try {
  // launch() runs directory scans in a child node with a heap cap (see src/cli/launch.ts), everything else here.
  const cli = await import(entry.href);
  process.exitCode = await cli.launch(process.argv.slice(2), fileURLToPath(import.meta.url));
} catch (error) {
  process.stderr.write(`jwtlint: fatal: ${error instanceof Error && error.stack ? error.stack : String(error)}\n`);
  process.exitCode = 2;
}
