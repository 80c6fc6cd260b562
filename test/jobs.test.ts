/**
 * --jobs N: the initial split, the queue that hands out chunks and lets children take work over, the report
 * from parts, and the CLI end to end (same output as one process, cache shared, a failed child's files scanned
 * anyway); and the launcher's heap-cap re-exec with its out-of-memory fallback.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { heapCapFor, isSmallScan, scansDirectories, DEFAULT_HEAP_CAP_MB } from '../src/cli/launch.js';
import { JobQueue, type Range } from '../src/cli/job-queue.js';
import { partitionBySize, scanInJobs } from '../src/cli/jobs.js';
import { discoverFiles } from '../src/discovery/index.js';
import { mergeRecords, reportFromParts } from '../src/engine/merge-reports.js';
import { projectRulesPart, ScanRun, scanFiles, type ScanPart } from '../src/engine/scan.js';
import { REPO_ROOT, runCli } from './helpers/run-cli.js';
import { TempProjects } from './helpers/temp-project.js';

const temps = new TempProjects();
afterAll(() => temps.cleanup());

beforeAll(() => {
  if (!existsSync(path.join(REPO_ROOT, 'dist/src/cli/job.js'))) throw new Error('dist/ is missing: run `node scripts/build.mjs` first (npm test does)');
});

describe('partitionBySize', () => {
  const size = (sizes: Record<string, number>) => (file: string) => sizes[path.basename(file)] ?? 0;

  it('splits the sorted files into contiguous runs of about equal size, none empty', () => {
    const files = ['/r/e', '/r/a', '/r/c', '/r/b', '/r/d', '/r/f'];
    const runs = partitionBySize(files, size({ a: 10, b: 10, c: 10, d: 10, e: 10, f: 10 }), 3);
    expect(runs).toEqual([
      ['/r/a', '/r/b'],
      ['/r/c', '/r/d'],
      ['/r/e', '/r/f'],
    ]);
  });

  it('gives one big file a run of its own and never more runs than files', () => {
    expect(partitionBySize(['/r/a', '/r/b', '/r/c'], size({ a: 1000, b: 1, c: 1 }), 2)).toEqual([['/r/a'], ['/r/b', '/r/c']]);
    expect(partitionBySize(['/r/a', '/r/b'], size({ a: 1, b: 1 }), 8)).toEqual([['/r/a'], ['/r/b']]);
    expect(partitionBySize(['/r/a', '/r/b', '/r/c'], size({ a: 1, b: 1, c: 1000 }), 3)).toEqual([['/r/a'], ['/r/b'], ['/r/c']]);
  });

  it('keeps every file exactly once, in order, for any count', () => {
    const files = Array.from({ length: 37 }, (_, i) => `/r/f${String(i).padStart(2, '0')}`);
    for (let parts = 1; parts <= 10; parts++) {
      const runs = partitionBySize([...files].reverse(), (f) => (Number(f.slice(-2)) * 7919) % 101, parts);
      expect(runs.length).toBe(parts);
      expect(runs.every((run) => run.length > 0)).toBe(true);
      expect(runs.flat()).toEqual(files);
    }
  });
});

describe('JobQueue', () => {
  /** Hands out chunks to the jobs in turn until none is left; returns each job's chunks. */
  function drainInTurns(queue: JobQueue, jobs: number, skip: (job: number, round: number) => boolean = () => false): Range[][] {
    const taken: Range[][] = Array.from({ length: jobs }, () => []);
    const active = new Set(Array.from({ length: jobs }, (_, job) => job));
    for (let round = 0; active.size > 0 && round < 10_000; round++) {
      for (const job of [...active]) {
        if (skip(job, round)) continue;
        const chunk = queue.next(job);
        if (chunk) taken[job].push(chunk);
        else active.delete(job);
      }
    }
    return taken;
  }
  const covered = (taken: Range[][]) => taken.flat().sort((a, b) => a.start - b.start);

  it('hands each job chunks from the front of its own region', () => {
    const queue = new JobQueue([40, 40], 16);
    expect(queue.next(0)).toEqual({ start: 0, end: 16 });
    expect(queue.next(1)).toEqual({ start: 40, end: 56 });
    expect(queue.next(0)).toEqual({ start: 16, end: 32 });
    expect(queue.next(0)).toEqual({ start: 32, end: 40 });
  });

  it('lets a job whose region is used up take over the back half of the largest region left', () => {
    const queue = new JobQueue([10, 100], 16);
    expect(queue.next(0)).toEqual({ start: 0, end: 10 });
    expect(queue.next(1)).toEqual({ start: 10, end: 26 });
    // 84 files left in job 2's region: job 1 takes the last 42
    expect(queue.next(0)).toEqual({ start: 68, end: 84 });
    expect(queue.next(1)).toEqual({ start: 26, end: 42 });
  });

  it('hands out every file exactly once, also when one job is much slower', () => {
    for (const runs of [[37], [10, 90], [50, 50, 3], [1, 1]]) {
      const total = runs.reduce((a, b) => a + b, 0);
      const taken = drainInTurns(new JobQueue(runs, 4), runs.length, (job, round) => job === 0 && round % 5 !== 0);
      const ranges = covered(taken);
      expect(ranges[0].start).toBe(0);
      expect(ranges.at(-1)!.end).toBe(total);
      for (const [i, range] of ranges.slice(1).entries()) expect(range.start).toBe(ranges[i].end);
      if (runs.length > 1 && total > 40) expect(taken[1].length).toBeGreaterThan(taken[0].length); // the fast job took work over
    }
  });

  it("gives a failed job's region and unfinished chunks to the others, and drains what nobody took", () => {
    const queue = new JobQueue([20, 20], 8);
    const first = queue.next(0)!;
    queue.next(1);
    expect(queue.fail(0, [first])).toBe(20);
    const rest: Range[] = [];
    for (let chunk = queue.next(1); chunk; chunk = queue.next(1)) rest.push(chunk);
    expect(covered([rest]).reduce((n, r) => n + r.end - r.start, 0)).toBe(20 + 12);
    const other = new JobQueue([20, 20], 8);
    const chunk = other.next(1)!;
    expect(other.fail(1, [chunk])).toBe(20);
    expect(other.drain()).toEqual([
      { start: 0, end: 20 },
      { start: 20, end: 28 },
      { start: 28, end: 40 },
    ]);
    expect(other.next(0)).toBeUndefined();
  });
});

async function exampleInput() {
  const discovered = await discoverFiles({ cwd: REPO_ROOT, paths: ['examples/vulnerable-app'], includeTests: false, ignorePatterns: [] });
  return { root: discovered.root, files: discovered.files, rules: allRules, notifications: discovered.notifications, skipped: discovered.skipped };
}

describe('reportFromParts', { timeout: 60_000 }, () => {
  it('makes the report of one scan from parts that two scans took in any order (findings, notifications, stats)', async () => {
    const input = await exampleInput();
    const whole = scanFiles(input);
    const sorted = [...input.files].sort();
    for (const size of [1, 2, 5]) {
      // two scans, like two children: chunks of `size` files dealt alternately, the second scan working backwards
      const runs = [new ScanRun({ ...input, files: [], notifications: [], skipped: [] }), new ScanRun({ ...input, files: [], notifications: [], skipped: [] })];
      const starts = Array.from({ length: Math.ceil(sorted.length / size) }, (_, i) => i * size);
      const parts = new Map<number, ScanPart>();
      const dealt = [starts.filter((_, i) => i % 2 === 0), starts.filter((_, i) => i % 2 === 1).reverse()];
      dealt.forEach((chunkStarts, job) => {
        for (const start of chunkStarts) {
          for (const file of sorted.slice(start, start + size)) runs[job].scanFile(file);
          parts.set(start, runs[job].takePart());
        }
      });
      const ordered = [...parts].sort(([a], [b]) => a - b).map(([, part]) => part);
      const head: ScanPart = { pending: [], notifications: [...input.notifications], records: {}, counts: { scanned: 0, parsed: 0, filteredOut: 0, declarations: 0, minified: 0 } };
      const end = projectRulesPart(input, sorted, mergeRecords(ordered));
      expect(reportFromParts([head, ...ordered, end], { root: input.root, rules: input.rules, skipped: input.skipped })).toEqual(whole);
    }
  });

  it('reports a failed child and scans its files in this process', async () => {
    const input = await exampleInput();
    const whole = scanFiles(input);
    const failing = path.join(temps.create({ 'fail.mjs': "process.stderr.write('boom\\n'); process.exit(3);\n" }), 'fail.mjs');
    const report = await scanInJobs({ ...input, jobs: 2, childScript: failing });
    expect(report.findings).toEqual(whole.findings);
    expect(report.stats).toEqual(whole.stats);
    const failures = report.notifications.filter((n) => n.message.startsWith('job '));
    expect(failures.map((n) => n.message).sort()).toEqual([
      expect.stringMatching(
        /^job 1 of 2 failed \(it exited with status 3: boom before it had finished\); the \d+ files it had not finished were scanned by the other jobs or the main process$/,
      ),
      expect.stringMatching(
        /^job 2 of 2 failed \(it exited with status 3: boom before it had finished\); the \d+ files it had not finished were scanned by the other jobs or the main process$/,
      ),
    ]);
    expect(report.notifications.filter((n) => !n.message.startsWith('job '))).toEqual(whole.notifications);
  });
});

describe('jwtlint --jobs', { timeout: 120_000 }, () => {
  it('prints the same report as one process, for several job counts', () => {
    const one = runCli(['examples/vulnerable-app', '--format', 'json']);
    expect(one.code).toBe(1);
    for (const jobs of ['2', '3']) {
      const many = runCli(['examples/vulnerable-app', '--format', 'json', '--jobs', jobs]);
      expect(many.stderr).toBe('');
      expect(many.code).toBe(1);
      expect(many.stdout).toBe(one.stdout);
    }
  });

  it('rejects a bad job count and --jobs with --stdin', () => {
    for (const bad of ['0', 'two', '65', '-1']) {
      const result = runCli(['examples/vulnerable-app', `--jobs=${bad}`]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('invalid --jobs');
    }
    const stdin = runCli(['--stdin', '--stdin-filename', 'a.ts', '--jobs', '2']);
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toContain('--jobs cannot be combined with --stdin');
  });

  it('shares --cache: the children record every file, and a second run reuses them', () => {
    const dir = temps.create({
      'src/a.ts': "import jwt from 'jsonwebtoken';\nexport const a = (t: string) => jwt.verify(t, process.env.K!);\n",
      'src/b.ts': "import jwt from 'jsonwebtoken';\nexport const b = (t: string) => jwt.decode(t);\n",
      'src/c.ts': 'export const c = 1;\n',
    });
    const first = runCli(['.', '--format', 'json', '--jobs', '2', '--cache', '.cache', '--timing'], { cwd: dir });
    const entries = Object.keys(JSON.parse(readFileSync(path.join(dir, '.cache/results-v5.json'), 'utf8')).entries).sort();
    expect(entries).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts']);
    writeFileSync(path.join(dir, 'src/c.ts'), 'export const c = 2;\n');
    const second = runCli(['.', '--format', 'json', '--jobs', '2', '--cache', '.cache', '--timing'], { cwd: dir });
    expect(JSON.parse(second.stdout).findings).toEqual(JSON.parse(first.stdout).findings);
    expect(JSON.parse(first.stdout).findings.length).toBeGreaterThan(0);
    // Only c.ts changed: read and filtered again; a.ts and b.ts come from the cache, nothing is parsed.
    expect(first.stderr).toMatch(/phase parse\s/);
    expect(second.stderr).not.toMatch(/phase parse\s/);
  });
});

describe('heap cap', { timeout: 60_000 }, () => {
  const cwd = REPO_ROOT;

  it('re-executes directory scans only, and never when a heap size is already set or the cap is off', () => {
    expect(scansDirectories(['examples/vulnerable-app'], cwd)).toBe(true);
    expect(scansDirectories([], cwd)).toBe(true); // "." is the default target
    expect(scansDirectories(['examples/vulnerable-app/server/index.ts'], cwd)).toBe(false);
    expect(scansDirectories(['--stdin', '--stdin-filename', 'a.ts'], cwd)).toBe(false);
    expect(scansDirectories(['--list-rules'], cwd)).toBe(false);
    expect(scansDirectories(['--format', 'nope', '.'], cwd)).toBe(false);
    expect(heapCapFor(['.'], cwd, {}, [])).toBe(DEFAULT_HEAP_CAP_MB);
    expect(heapCapFor(['.'], cwd, { JWTLINT_HEAP_CAP_MB: '512' }, [])).toBe(512);
    expect(heapCapFor(['.'], cwd, { JWTLINT_HEAP_CAP_MB: '0' }, [])).toBeUndefined();
    expect(heapCapFor(['.'], cwd, { JWTLINT_HEAP_CAPPED: '384' }, [])).toBeUndefined();
    expect(heapCapFor(['.'], cwd, {}, ['--max-old-space-size=2048'])).toBeUndefined();
    expect(heapCapFor(['.'], cwd, { NODE_OPTIONS: '--max-old-space-size=900' }, [])).toBeUndefined();
  });

  it('keeps scans of small folders in this process (a bounded count of their source files)', async () => {
    expect(await isSmallScan(['examples/vulnerable-app'], cwd, 2000)).toBe(true);
    expect(await isSmallScan(['examples/vulnerable-app'], cwd, 1)).toBe(false);
    expect(await isSmallScan(['examples/vulnerable-app', '--no-default-excludes'], cwd, 1)).toBe(false);
    const small = runCli(['examples/vulnerable-app', '--format', 'compact'], { env: { JWTLINT_DEBUG: '1' } });
    expect(small.stderr).not.toContain('running the scan with --max-old-space-size');
    const forced = runCli(['examples/vulnerable-app', '--format', 'compact'], { env: { JWTLINT_DEBUG: '1', JWTLINT_IN_PROCESS_FILE_LIMIT: '0' } });
    expect(forced.stderr).toContain(`running the scan with --max-old-space-size=${DEFAULT_HEAP_CAP_MB}`);
    expect(forced.stdout).toBe(small.stdout);
  });

  it('runs a directory scan under the cap, and again without it when the capped run runs out of heap', () => {
    const normal = runCli(['examples/vulnerable-app', '--format', 'compact'], { env: { JWTLINT_DEBUG: '1', JWTLINT_IN_PROCESS_FILE_LIMIT: '0' } });
    expect(normal.stderr).toContain(`running the scan with --max-old-space-size=${DEFAULT_HEAP_CAP_MB}`);
    const starved = runCli(['examples/vulnerable-app', '--format', 'compact'], { env: { JWTLINT_HEAP_CAP_MB: '8', JWTLINT_IN_PROCESS_FILE_LIMIT: '0' } });
    expect(starved.stderr).toContain('the scan needed more than 8 MB of heap; running it again without a heap cap');
    expect(starved.code).toBe(normal.code);
    expect(starved.stdout).toBe(normal.stdout);
  });
});
