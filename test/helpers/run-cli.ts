import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/jwtlint.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node bin/jwtlint.js ...args` (the built CLI in dist/, so `node scripts/build.mjs` must have run) as a
 * child process in `cwd`, with no stdin and colour disabled unless `env` says otherwise.
 */
export function runCli(args: readonly string[], opts: { cwd?: string; env?: Record<string, string | undefined> } = {}): CliResult {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...opts.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  if (result.status === null) throw new Error(`jwtlint was killed by ${String(result.signal)}\nstderr: ${result.stderr}`);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
