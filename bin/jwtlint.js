#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/src/cli/main.js (built by `npm run build`, or by `postinstall` on install;
// there is no `prepare`/`prepack` script because pre-commit reads `npm pack` stdout as the tarball name).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);

if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(
    `jwtlint: the compiled CLI is missing (${fileURLToPath(entry)}); run \`npm run build\` in the jwtlint package first.\n`,
  );
  process.exit(2);
}

try {
  const cli = await import(entry.href);
  process.exitCode = await cli.main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`jwtlint: fatal: ${error instanceof Error && error.stack ? error.stack : String(error)}\n`);
  process.exitCode = 2;
}
