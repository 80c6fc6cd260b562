/**
 * Process launch: decides whether this run should execute under a V8 heap cap, and re-executes node with one
 * when it should.
 *
 * Why: on a whole-tree scan the live set stays small (ASTs are released file by file and dependency trees are
 * held in a bounded LRU: ~100-150 MB after a full GC on the benchmark corpus), but V8 sizes its heap from the
 * machine's memory and grows it lazily, so peak RSS reached ~500 MB on the corpus and more on a tree twice its
 * size. Under a 256 MB old-space cap the results are identical, the time the same, and peak RSS ~300-360 MB on
 * both trees (bench/RESULTS.md).
 * `--max-old-space-size` has no effect once the isolate runs, hence the re-exec. It costs one node start
 * (~50 ms), so it is done only for directory scans of more than IN_PROCESS_FILE_LIMIT source files: a
 * pre-commit run on a few named files, or a scan of a small project, stays in-process.
 * If the capped child runs out of heap anyway (an unusually large project), the scan is run again uncapped.
 * A --cache run over an existing cache decides later, in this process, once it knows how many files the cache
 * cannot answer (CappedRelaunch): a warm run analyses few files and saves the second start.
 *
 * Only cheap modules are imported here: the TypeScript parser is loaded by the scan itself.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { cacheFilePath } from '../engine/cache-file.js';
import { FORMATS } from '../report/format.js';
import { parseCliArgs } from './args.js';
import { useCodeCache } from './code-cache.js';

export const DEFAULT_HEAP_CAP_MB = 256;
/** Set in the capped child (so it does not re-exec again) and in --jobs children. */
export const HEAP_CAPPED_ENV = 'JWTLINT_HEAP_CAPPED';
/** Overrides the cap in MB; 0 turns the re-exec off. */
export const HEAP_CAP_ENV = 'JWTLINT_HEAP_CAP_MB';

type Env = Record<string, string | undefined>;

/** The cap to apply (MB), or undefined when this process should run the CLI itself. */
export function heapCapFor(argv: readonly string[], cwd: string, env: Env, execArgv: readonly string[]): number | undefined {
  if (env[HEAP_CAPPED_ENV] !== undefined) return undefined;
  const flags = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (flags.some((flag) => /^--max-old-space-size(=|$)/.test(flag))) return undefined; // the user chose a heap size
  const override = env[HEAP_CAP_ENV];
  const cap = override === undefined || !/^\d+$/.test(override.trim()) ? DEFAULT_HEAP_CAP_MB : Number(override);
  if (cap === 0) return undefined;
  return scansDirectories(argv, cwd) ? cap : undefined;
}

/** True when argv asks for a scan of at least one directory (the default "." included). */
export function scansDirectories(argv: readonly string[], cwd: string): boolean {
  return scannedDirectories(argv, cwd).folders.length > 0;
}

/** The directories argv asks to scan (absolute), whether default excludes apply, and the --cache directory. */
function scannedDirectories(argv: readonly string[], cwd: string): { folders: string[]; defaultExcludes: boolean; cacheDir?: string } {
  let command;
  try {
    command = parseCliArgs(argv, FORMATS, cwd);
  } catch {
    return { folders: [], defaultExcludes: true }; // usage errors are reported by the CLI itself
  }
  if (command.kind !== 'scan' || command.config.stdin) return { folders: [], defaultExcludes: true };
  const cacheDir = command.config.cacheDir === undefined ? undefined : path.resolve(cwd, command.config.cacheDir);
  const folders = command.config.paths
    .map((target) => path.resolve(cwd, target))
    .filter((target) => {
      try {
        return statSync(target).isDirectory();
      } catch {
        return false;
      }
    });
  return { folders, defaultExcludes: !command.config.noDefaultExcludes, cacheDir };
}

/** Does argv name a --cache directory that holds a result cache? */
function hasResultCache(argv: readonly string[], cwd: string): boolean {
  const { cacheDir } = scannedDirectories(argv, cwd);
  return cacheDir !== undefined && existsSync(cacheFilePath(cacheDir));
}

/**
 * The way back to the heap-capped child for a scan that started in this process: run it when more than
 * `fileLimit` files are left to analyse once the cache has answered for the others (before anything is written).
 * `run` resolves to the child's exit code, or to undefined when it ran out of heap (then the scan goes on here).
 */
export interface CappedRelaunch {
  fileLimit: number;
  run(): Promise<number | undefined>;
}

/**
 * Source files up to which a directory scan stays in this process: measured on application folders of 200 to
 * 1,100 files, an uncapped scan peaked at 170-250 MB, well under the 400 MB the cap is there to keep, while
 * the capped child costs a second node start.
 */
export const IN_PROCESS_FILE_LIMIT = 2000;
/** Overrides IN_PROCESS_FILE_LIMIT (a number of files; 0: every directory scan runs under the cap). */
export const IN_PROCESS_LIMIT_ENV = 'JWTLINT_IN_PROCESS_FILE_LIMIT';

function inProcessLimit(env: Env): number {
  const override = env[IN_PROCESS_LIMIT_ENV]?.trim();
  return override !== undefined && /^\d+$/.test(override) ? Number(override) : IN_PROCESS_FILE_LIMIT;
}

/** Is this directory scan small enough to run without the heap-capped child? Walks at most the limit's files. */
export async function isSmallScan(argv: readonly string[], cwd: string, limit: number): Promise<boolean> {
  const { folders, defaultExcludes } = scannedDirectories(argv, cwd);
  const { holdsMoreSourceFilesThan } = await import('../discovery/size-estimate.js');
  return !holdsMoreSourceFilesThan(folders, limit, defaultExcludes);
}

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs `script argv` in a child node with the heap cap; resolves to its exit code, or to undefined when it ran
 * out of heap (V8 aborts: SIGABRT) so the caller can run the scan uncapped.
 */
export function runCapped(script: string, argv: readonly string[], capMb: number, env: Env): Promise<number | undefined> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${capMb}`, ...process.execArgv, script, ...argv], {
      stdio: 'inherit',
      env: { ...env, [HEAP_CAPPED_ENV]: String(capMb) },
    });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const handlers = FORWARDED_SIGNALS.map((signal) => [signal, forward(signal)] as const);
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const done = (code: number | undefined) => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      resolve(code);
    };
    child.on('error', () => done(undefined));
    child.on('exit', (status, signal) => {
      if (signal === 'SIGABRT' || status === 134) {
        process.stderr.write(`jwtlint: the scan needed more than ${capMb} MB of heap; running it again without a heap cap\n`);
        done(undefined);
      } else if (signal !== null) {
        done(128 + (signalNumbers[signal] ?? 1));
      } else {
        done(status ?? 2);
      }
    });
  });
}

const signalNumbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** Entry point used by bin/jwtlint.js: the exit code of the run. */
export async function launch(argv: readonly string[], script: string): Promise<number> {
  const cap = heapCapFor(argv, process.cwd(), process.env, process.execArgv);
  const fileLimit = inProcessLimit(process.env);
  const capped = async () => {
    if (process.env.JWTLINT_DEBUG) process.stderr.write(`jwtlint: running the scan with --max-old-space-size=${cap}\n`);
    return runCapped(script, argv, cap!, process.env);
  };
  let relaunch: CappedRelaunch | undefined;
  if (cap !== undefined && hasResultCache(argv, process.cwd())) {
    relaunch = { fileLimit, run: capped };
  } else if (cap !== undefined && !(await isSmallScan(argv, process.cwd(), fileLimit))) {
    const code = await capped();
    if (code !== undefined) return code;
  }
  useCodeCache(process.env);
  const { main } = await import('./main.js');
  return main([...argv], undefined, relaunch);
}
