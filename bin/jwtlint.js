#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/src/cli/main.js (built by `npm run build`, or by `postinstall` on install;
// there is no `prepare`/`prepack` script because pre-commit reads `npm pack` stdout as the tarball name).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const loader = new URL('../dist/src/cli/load-modules.js', import.meta.url);

if (!existsSync(fileURLToPath(loader))) {
  process.stderr.write(`jwtlint: the compiled CLI is missing (${fileURLToPath(loader)}); run \`npm run build\` in the jwtlint package first.\n`);
  process.exit(2);
}

try {
  // The CLI's modules come from the one-script bundle through a V8 code cache, else as ES modules
  // (src/cli/load-modules.ts); launch() runs directory scans in a child node with a heap cap (src/cli/launch.ts).
  const { loadModule } = await import(loader.href);
  const cli = await loadModule('src/cli/launch.js');
  process.exitCode = await cli.launch(process.argv.slice(2), fileURLToPath(import.meta.url));
} catch (error) {
  process.stderr.write(`jwtlint: fatal: ${error instanceof Error && error.stack ? error.stack : String(error)}\n`);
  process.exitCode = 2;
}
