/**
 * A --jobs child process: `node job.js SPEC.json OUT.json` scans the files named in the spec with the rules it
 * names and writes the raw scan report (before suppressions, baselines and levels, which the parent applies to
 * the merged report), its timings and its cache entries to OUT.json. It writes one byte to stdout per file
 * done, which the parent counts for its progress display.
 */
import { readFileSync, writeFileSync, writeSync } from 'node:fs';
import { allRules } from '../../rules/index.js';
import { ScanCache } from '../engine/cache.js';
import { scanFiles, type ScanRecords } from '../engine/scan.js';
import { Timings } from '../engine/timing.js';
import type { JobResult, JobSpec } from './jobs.js';

function runJob(specPath: string, outPath: string): void {
  const spec = JSON.parse(readFileSync(specPath, 'utf8')) as JobSpec;
  const ids = new Set(spec.ruleIds);
  const rules = allRules.filter((rule) => ids.has(rule.meta.id));
  const cache = spec.cache === undefined ? undefined : ScanCache.open(spec.cache.directory, spec.cache.key).deferWrites();
  const timings = spec.timing ? new Timings() : undefined;
  let records: ScanRecords = {};
  const report = scanFiles({
    root: spec.root,
    files: spec.files,
    allFiles: spec.allFiles,
    rules,
    ruleOptions: spec.ruleOptions,
    includeMinified: spec.includeMinified,
    maxFileBytes: spec.maxFileBytes,
    cache,
    timings,
    onFileDone: () => writeSync(1, '.'),
    // scan-level listeners need every part's records: the parent runs them
    deferScanEnd: (kept) => {
      records = kept;
    },
  });
  const result: JobResult = { report, timings: timings?.toJSON(), cacheEntries: cache?.keptEntries(), records };
  writeFileSync(outPath, JSON.stringify(result));
}

const [specPath, outPath] = process.argv.slice(2);
if (specPath === undefined || outPath === undefined) {
  process.stderr.write('usage: job.js SPEC.json OUT.json (started by jwtlint --jobs)\n');
  process.exitCode = 2;
} else {
  runJob(specPath, outPath);
}
