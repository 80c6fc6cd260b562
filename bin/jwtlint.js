#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/src/cli/main.js (built by `npm run build`, or by `postinstall` on install;
// there is no `prepare`/`prepack` script because pre-commit reads `npm pack` stdout as the tarball name).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/launch.js', import.meta.url);
const bundle = fileURLToPath(new URL('../dist/jwtlint.cjs', import.meta.url));

if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(`jwtlint: the compiled CLI is missing (${fileURLToPath(entry)}); run \`npm run build\` in the jwtlint package first.\n`);
  process.exit(2);
}

/**
 * The CLI's modules: from the one-script bundle through a V8 code cache (src/parsing/cached-script.ts: a faster start
 * on Node 20), else as ES modules (`JWTLINT_BUNDLE=0` or `JWTLINT_CODE_CACHE=0`, no bundle, or any failure loading it).
 */
async function loadCli() {
  const off = process.env.JWTLINT_BUNDLE === '0' || process.env.JWTLINT_CODE_CACHE === '0';
  if (!off && existsSync(bundle)) {
    try {
      const { runCachedScript } = await import('../dist/src/parsing/cached-script.js');
      const cli = runCachedScript(bundle, 'jwtlint').exports.load('src/cli/launch.js');
      if (process.env.JWTLINT_DEBUG) process.stderr.write('jwtlint: modules from dist/jwtlint.cjs\n');
      return cli;
    } catch {
      // an unreadable or stale bundle: the ES modules below are the same code
    }
  }
  if (process.env.JWTLINT_DEBUG) process.stderr.write('jwtlint: modules from dist/src (ES modules)\n');
  return import(entry.href);
}

try {
  // launch() runs directory scans in a child node with a heap cap (see src/cli/launch.ts), everything else here.
  const cli = await loadCli();
  process.exitCode = await cli.launch(process.argv.slice(2), fileURLToPath(import.meta.url));
} catch (error) {
  process.stderr.write(`jwtlint: fatal: ${error instanceof Error && error.stack ? error.stack : String(error)}\n`);
  process.exitCode = 2;
}
