/**
 * A --jobs child process, started by src/cli/jobs.ts with an IPC channel: it sets up one scan from the `start`
 * message, scans each `chunk` of files it is sent and answers with that chunk's part (raw results, before
 * suppressions, baselines and levels, which the parent applies to the merged report), and on `end` sends its
 * timings and cache entries and disconnects.
 */
import { allRules } from '../../rules/index.js';
import { ScanCache } from '../engine/cache.js';
import { ScanRun } from '../engine/scan.js';
import { Timings } from '../engine/timing.js';
import type { FromJob, JobSpec, ToJob } from './jobs.js';

interface Job {
  run: ScanRun;
  cache?: ScanCache;
  timings?: Timings;
}

function startJob(spec: JobSpec): Job {
  const ids = new Set(spec.ruleIds);
  const cache = spec.cache === undefined ? undefined : ScanCache.open(spec.cache.directory, spec.cache.key).deferWrites();
  const timings = spec.timing ? new Timings() : undefined;
  const run = new ScanRun({
    root: spec.root,
    files: [],
    allFiles: spec.allFiles,
    rules: allRules.filter((rule) => ids.has(rule.meta.id)),
    ruleOptions: spec.ruleOptions,
    includeMinified: spec.includeMinified,
    maxFileBytes: spec.maxFileBytes,
    cache,
    timings,
  });
  return { run, cache, timings };
}

function reply(message: FromJob, then?: () => void): void {
  process.send!(message, undefined, {}, () => then?.());
}

if (process.send === undefined) {
  process.stderr.write('job.js is started by jwtlint --jobs (it needs an IPC channel)\n');
  process.exitCode = 2;
} else {
  let job: Job | undefined;
  process.on('message', (message: ToJob) => {
    if (message.kind === 'start') {
      job = startJob(message.spec);
    } else if (message.kind === 'chunk') {
      for (const file of message.files) job!.run.scanFile(file);
      reply({ kind: 'part', start: message.start, part: job!.run.takePart() });
    } else {
      job!.run.saveCache();
      reply({ kind: 'done', timings: job!.timings?.toJSON(), cacheEntries: job!.cache?.keptEntries() }, () => process.disconnect());
    }
  });
}
