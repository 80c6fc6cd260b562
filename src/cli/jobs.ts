/**
 * --jobs N: the discovered files are split into N contiguous runs of the sorted file list with about the same
 * number of bytes each, each run is scanned by a child process (src/cli/job.ts), and the children's reports are
 * merged into the report one process would have produced (same findings, fingerprints and order).
 * A child that fails does not lose its files: they are scanned again in this process, with a notification.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CacheEntry } from '../engine/cache.js';
import { mergeScanReports } from '../engine/merge-reports.js';
import { scanEndReport, type ScanInput, type ScanRecords } from '../engine/scan.js';
import type { Notification, ScanReport } from '../report/types.js';
import { HEAP_CAPPED_ENV } from './launch.js';

export interface JobSpec {
  root: string;
  files: string[];
  /** Every file of the scan (scan-wide facts), when `files` is a part. */
  allFiles?: readonly string[];
  ruleIds: string[];
  ruleOptions?: Readonly<Record<string, Record<string, unknown>>>;
  includeMinified?: boolean;
  maxFileBytes?: number;
  cache?: { directory: string; key: string };
  timing: boolean;
}

export interface JobResult {
  report: ScanReport;
  timings?: { phases: Record<string, number>; rules: Record<string, number> };
  cacheEntries?: Record<string, CacheEntry>;
  /** The part's records for scan-level listeners, which the parent runs over all parts. */
  records?: ScanRecords;
}

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

/** dist/src/cli/job.js, also when this module runs from source under a test runner (after a build). */
function jobScript(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return path.join(path.dirname(here), '..', '..', 'dist', 'src', 'cli', 'job.js');
  return path.join(path.dirname(here), 'job.js');
}

function runChild(script: string, specPath: string, outPath: string, onFilesDone: (count: number) => void): Promise<{ ok: true; result: JobResult } | { ok: false; reason: string }> {
  return new Promise((resolve) => {
    const stderr: Buffer[] = [];
    const child = spawn(process.execPath, [...process.execArgv, script, specPath, outPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, [HEAP_CAPPED_ENV]: process.env[HEAP_CAPPED_ENV] ?? 'jobs' },
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdout.on('data', (chunk: Buffer) => onFilesDone(chunk.length));
    child.on('error', (error) => resolve({ ok: false, reason: error.message }));
    child.on('close', (status, signal) => {
      if (status === 0) {
        try {
          resolve({ ok: true, result: JSON.parse(readFileSync(outPath, 'utf8')) as JobResult });
        } catch (error) {
          resolve({ ok: false, reason: `its report could not be read (${error instanceof Error ? error.message : String(error)})` });
        }
        return;
      }
      const detail = Buffer.concat(stderr).toString('utf8').trim().split('\n').filter(Boolean).slice(-1)[0];
      resolve({ ok: false, reason: `it exited with ${signal ?? `status ${status}`}${detail ? `: ${detail}` : ''}` });
    });
  });
}

export interface JobsInput extends ScanInput {
  jobs: number;
  /** Where the cache lives and its key (children read it; this process writes the merged entries). */
  cacheLocation?: { directory: string; key: string };
  /** The child's script (default dist/src/cli/job.js). */
  childScript?: string;
}

/** Scans `input.files` in `input.jobs` child processes; same report as `scanFiles(input)`. */
export async function scanInJobs(input: JobsInput, scanInProcess: (input: ScanInput) => ScanReport): Promise<ScanReport> {
  const runs = partitionBySize(input.files, fileSize, input.jobs);
  const temp = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-jobs-'));
  try {
    const outcomes = await Promise.all(
      runs.map((files, i) => {
        const spec: JobSpec = {
          root: input.root,
          files,
          allFiles: input.allFiles ?? input.files,
          ruleIds: input.rules.map((rule) => rule.meta.id),
          ruleOptions: input.ruleOptions,
          includeMinified: input.includeMinified,
          maxFileBytes: input.maxFileBytes,
          cache: input.cacheLocation,
          timing: input.timings !== undefined,
        };
        const specPath = path.join(temp, `job-${i + 1}.json`);
        writeFileSync(specPath, JSON.stringify(spec));
        return runChild(input.childScript ?? jobScript(), specPath, path.join(temp, `result-${i + 1}.json`), (count) => {
          for (let n = 0; n < count; n++) input.onFileDone?.();
        });
      }),
    );
    const reports: ScanReport[] = [];
    const partRecords: ScanRecords[] = [];
    const failures: Notification[] = [];
    const cachedFiles = new Set<string>();
    outcomes.forEach((outcome, i) => {
      if (outcome.ok) {
        reports.push(outcome.result.report);
        partRecords[i] = outcome.result.records ?? {};
        if (outcome.result.timings) input.timings?.addAll(outcome.result.timings);
        if (outcome.result.cacheEntries) {
          input.cache?.adopt(outcome.result.cacheEntries);
          for (const file of Object.keys(outcome.result.cacheEntries)) cachedFiles.add(file);
        }
        return;
      }
      failures.push({
        kind: 'rule-error',
        level: 'warning',
        message: `job ${i + 1} of ${runs.length} failed (${outcome.reason}); its ${runs[i].length} file${runs[i].length === 1 ? ' was' : 's were'} scanned in the main process instead`,
      });
      reports.push(
        scanInProcess({
          ...input,
          files: runs[i],
          notifications: [],
          skipped: [],
          cache: undefined,
          onFileDone: undefined,
          deferScanEnd: (records) => {
            partRecords[i] = records;
          },
        }),
      );
    });
    // Runs are contiguous slices of the sorted file list: concatenated in run order, records keep file order.
    const records: ScanRecords = {};
    for (const part of partRecords) for (const [ruleId, items] of Object.entries(part ?? {})) (records[ruleId] ??= []).push(...items);
    reports.push(scanEndReport(input, records));
    const merged = mergeScanReports(reports, {
      root: input.root,
      rules: input.rules.map((rule) => rule.meta.descriptor),
      notifications: [...(input.notifications ?? []), ...failures],
      skipped: input.skipped ?? [],
    });
    input.cache?.save(cachedFiles);
    return merged;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
