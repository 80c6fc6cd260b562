/**
 * --jobs N: the sorted file list is scanned by N child processes (src/cli/job.ts), which are handed chunks of
 * consecutive files as they go (src/cli/job-queue.ts: each works through its own region, then takes over half
 * of the largest region left), and send back each chunk's results as a part. The parts, put in file order and
 * followed by the scan-level rules run here over every part's records, make exactly the report one process
 * makes (src/engine/merge-reports.ts). A child that fails does not lose its files: the others, or this process,
 * scan what it had not finished, and a notification says so.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CacheEntry } from '../engine/cache.js';
import { emptyCounts, mergeRecords, reportFromParts, type ScanPart } from '../engine/merge-reports.js';
import { projectRulesPart, ScanRun, type ScanInput } from '../engine/scan.js';
import { Timings } from '../engine/timing.js';
import type { Notification, ScanReport } from '../report/types.js';
import { JobQueue, type Range } from './job-queue.js';
import { HEAP_CAPPED_ENV } from './launch.js';

/** What a child needs to set up its scan (the files come in chunks). */
export interface JobSpec {
  root: string;
  /** Every file of the scan (scan-wide facts). */
  allFiles: readonly string[];
  ruleIds: string[];
  ruleOptions?: Readonly<Record<string, Record<string, unknown>>>;
  includeMinified?: boolean;
  maxFileBytes?: number;
  cache?: { directory: string; key: string };
  timing: boolean;
}

type TimingsJson = { phases: Record<string, number>; rules: Record<string, number> };

/** Messages from the parent to a child. */
export type ToJob = { kind: 'start'; spec: JobSpec } | { kind: 'chunk'; start: number; files: string[] } | { kind: 'end' };
/** Messages from a child: one part per chunk, then its timings and cache entries when told to end. */
export type FromJob = { kind: 'part'; start: number; part: ScanPart } | { kind: 'done'; timings?: TimingsJson; cacheEntries?: Record<string, CacheEntry> };

/** Chunks a child holds at once: it starts the next while its last part travels and the parent answers. */
const CHUNKS_IN_FLIGHT = 2;

/** Splits sorted files into at most `parts` contiguous runs of roughly equal total size (no empty run). */
export function partitionBySize(files: readonly string[], sizeOf: (file: string) => number, parts: number): string[][] {
  const sorted = [...new Set(files.map((f) => path.resolve(f)))].sort();
  const count = Math.max(1, Math.min(parts, sorted.length));
  const sizes = sorted.map((file) => Math.max(1, sizeOf(file)));
  const total = sizes.reduce((a, b) => a + b, 0);
  const runs: string[][] = [];
  let current: string[] = [];
  let accumulated = 0;
  sorted.forEach((file, i) => {
    current.push(file);
    accumulated += sizes[i];
    const filesLeft = sorted.length - i - 1;
    const runsLeft = count - runs.length - 1;
    // Close this run when it has reached its share, as long as every later run can still get a file.
    if (runsLeft > 0 && filesLeft >= runsLeft && (accumulated >= (total * (runs.length + 1)) / count || filesLeft === runsLeft)) {
      runs.push(current);
      current = [];
    }
  });
  if (current.length > 0) runs.push(current);
  return runs;
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0; // the child reports the unreadable file
  }
}

/**
 * dist/src/cli/job-entry.js (which starts the child as the CLI starts, then runs job.js), also when this module runs
 * from source under a test runner (after a build).
 */
function jobScript(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return path.join(path.dirname(here), '..', '..', 'dist', 'src', 'cli', 'job-entry.js');
  return path.join(path.dirname(here), 'job-entry.js');
}

export interface JobsInput extends ScanInput {
  jobs: number;
  /** Where the cache lives and its key (children read it; this process writes the merged entries). */
  cacheLocation?: { directory: string; key: string };
  /** The child's script (default dist/src/cli/job-entry.js). */
  childScript?: string;
}

/** What the children of one scan share: the files, the queue, and what they sent back. */
interface JobsState {
  input: JobsInput;
  files: readonly string[];
  spec: JobSpec;
  queue: JobQueue;
  jobCount: number;
  /** Parts by the index of their chunk's first file. */
  parts: Map<number, ScanPart>;
  failures: Notification[];
  cachedFiles: Set<string>;
}

/** Scans `input.files` in `input.jobs` child processes; the same report as `scanFiles(input)`. */
export async function scanInJobs(input: JobsInput): Promise<ScanReport> {
  const files = [...new Set(input.files.map((f) => path.resolve(f)))].sort();
  const runs = partitionBySize(files, fileSize, input.jobs);
  const allFiles = input.allFiles ?? input.files;
  const spec: JobSpec = {
    root: input.root,
    allFiles,
    ruleIds: input.rules.map((rule) => rule.meta.id),
    ruleOptions: input.ruleOptions,
    includeMinified: input.includeMinified,
    maxFileBytes: input.maxFileBytes,
    cache: input.cacheLocation,
    timing: input.timings !== undefined,
  };
  const state: JobsState = {
    input,
    files,
    spec,
    queue: new JobQueue(runs.map((run) => run.length)),
    jobCount: runs.length,
    parts: new Map(),
    failures: [],
    cachedFiles: new Set(),
  };
  await Promise.all(runs.map((_, job) => runJob(state, job)));
  scanLeftovers(state);

  const ordered = [...state.parts].sort(([a], [b]) => a - b).map(([, part]) => part);
  const timings = input.timings ?? new Timings();
  const end = timings.time('project rules', () => projectRulesPart(input, files, mergeRecords(ordered)));
  const head: ScanPart = { pending: [], notifications: [...(input.notifications ?? []), ...state.failures], records: {}, counts: emptyCounts() };
  const report = timings.time('finalize', () => reportFromParts([head, ...ordered, end], { root: input.root, rules: input.rules, skipped: input.skipped ?? [] }));
  input.cache?.save(state.cachedFiles);
  return report;
}

/** Files no child finished (every child failed, or one failed after the others had ended): scanned here. */
function scanLeftovers({ input, files, queue, parts }: JobsState): void {
  const left = queue.drain();
  if (left.length === 0) return;
  const run = new ScanRun({ ...input, files: [], allFiles: input.allFiles ?? input.files, notifications: [], skipped: [], cache: undefined });
  for (const range of left) {
    for (const file of files.slice(range.start, range.end)) run.scanFile(file);
    parts.set(range.start, run.takePart());
  }
}

/** Runs child `job` until the queue has nothing left for it; resolves when it has exited (never rejects). */
function runJob(state: JobsState, job: number): Promise<void> {
  const { input, files, queue } = state;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, input.childScript ?? jobScript()], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
      env: { ...process.env, [HEAP_CAPPED_ENV]: process.env[HEAP_CAPPED_ENV] ?? 'jobs' },
    });
    const inFlight = new Map<number, Range>();
    const stderr: Buffer[] = [];
    let endSent = false;
    let ended = false;
    const send = (message: ToJob) => {
      if (child.connected) child.send(message, () => {}); // a child that is gone is handled on exit
    };
    const feed = () => {
      const range = queue.next(job);
      if (range) {
        inFlight.set(range.start, range);
        send({ kind: 'chunk', start: range.start, files: files.slice(range.start, range.end) });
      } else if (inFlight.size === 0 && !endSent) {
        endSent = true;
        send({ kind: 'end' });
      }
    };
    const exit = (reason: string | undefined) => {
      if (ended) return;
      ended = true;
      if (reason !== undefined) fail(state, job, [...inFlight.values()], reason);
      resolve();
    };
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('message', (message: FromJob) => {
      if (message.kind === 'part') {
        const range = inFlight.get(message.start);
        if (range === undefined) return;
        inFlight.delete(message.start);
        state.parts.set(message.start, message.part);
        for (let n = range.start; n < range.end; n++) input.onFileDone?.();
        feed();
        return;
      }
      if (message.timings) input.timings?.addAll(message.timings);
      if (message.cacheEntries) {
        input.cache?.adopt(message.cacheEntries);
        for (const file of Object.keys(message.cacheEntries)) state.cachedFiles.add(file);
      }
      exit(undefined);
    });
    child.on('error', (error) => exit(error.message));
    child.on('close', (status, signal) => {
      const detail = Buffer.concat(stderr).toString('utf8').trim().split('\n').filter(Boolean).slice(-1)[0];
      exit(`it exited with ${signal ?? `status ${status}`}${detail ? `: ${detail}` : ''} before it had finished`);
    });
    send({ kind: 'start', spec: state.spec });
    for (let n = 0; n < CHUNKS_IN_FLIGHT; n++) feed();
  });
}

/** Child `job` failed: the files it had not finished go back to the queue, and a notification says so. */
function fail(state: JobsState, job: number, unfinished: Range[], reason: string): void {
  const count = state.queue.fail(job, unfinished);
  state.failures.push({
    kind: 'rule-error',
    level: 'warning',
    message: `job ${job + 1} of ${state.jobCount} failed (${reason}); ${count === 1 ? 'the file' : `the ${count} files`} it had not finished ${count === 1 ? 'was' : 'were'} scanned by the other jobs or the main process`,
  });
}
