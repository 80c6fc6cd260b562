/**
 * The scan command: targets → plan (configuration, rules) → files scanned by the engine → configured levels,
 * in-source suppressions, baseline, fixes, --quiet → report written → exit code.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ignore from 'ignore';
import { discoverFiles, hasSourceExtension } from '../discovery/index.js';
import { applyBaseline, createBaseline, parseBaseline, serializeBaseline } from '../engine/baseline.js';
import type { ScanCache } from '../engine/cache.js';
import type { Rule } from '../engine/rule.js';
import type { ScanInput } from '../engine/scan.js';
import { NESTED_PHASES, type Timings } from '../engine/timing.js';
import { UNUSED_DIRECTIVE_RULE, unusedDirectiveFindings } from '../engine/suppressions.js';
import { formatReport, isFormatName } from '../report/format.js';
import { shouldUseColor } from '../report/text.js';
import type { Finding, Notification, ScanReport } from '../report/types.js';
import { applyConfiguredLevels, commonDirectory, planScan, selectRules, suppressInSource, type ScanPlan } from './analysis.js';
import { toPosix } from '../paths.js';
import type { RunConfig } from './args.js';
import { changedFiles } from './changed.js';
import { UsageError } from './errors.js';
import { exitCodeFor } from './exit-code.js';
import { emit, type CliIo } from './io.js';
import type { CappedRelaunch } from './launch.js';
import { startProgress } from './progress.js';
import { TOOL_VERSION } from '../engine/tool.js';

type ScanFiles = (input: ScanInput) => ScanReport;
type RuleOptions = Record<string, Record<string, unknown>>;

/** The text read from stdin with --stdin, and the path it is scanned as. */
interface StdinSource {
  abs: string;
  bytes: Buffer;
  text: string;
}

/** What scanning the files needs: the plan, the selected rules, the cache and the engine's entry point. */
interface ScanSetup {
  cwd: string;
  scanPlan: ScanPlan;
  rules: readonly Rule[];
  ruleOptions: RuleOptions;
  cache?: ScanCache;
  cacheLocation?: { directory: string; key: string };
  timings?: Timings;
  scanFiles: ScanFiles;
}

/** The engine's report, and the absolute paths of the files scanned (read again only for --report-unused-disable-directives). */
interface Scanned {
  report: ScanReport;
  scanned: readonly string[];
}

export async function scan(runConfig: RunConfig, io: CliIo, relaunch?: CappedRelaunch): Promise<number> {
  const cwd = path.resolve(io.cwd);
  // Loaded lazily: the engine pulls in the TypeScript parser, which --help, --version and usage errors don't need.
  const [{ scanFiles }, { allRules }, { ScanCache }, { Timings }] = await Promise.all([
    import('../engine/scan.js'),
    import('../../rules/index.js'),
    import('../engine/cache.js'),
    import('../engine/timing.js'),
  ]);
  const { targets, stdinSource } = await scanTargets(runConfig, cwd, io);
  const startDir = runConfig.stdin ? path.dirname(targets[0]) : commonDirectory(targets.map((t) => t));
  const scanPlan = planScan(
    { cwd, targets, startDir, configPath: runConfig.configPath, includeTests: runConfig.includeTests },
    allRules.map((r) => r.meta.descriptor),
  );
  const { rules, ruleOptions } = selectRules(allRules, scanPlan.config);
  const timings = runConfig.timing ? new Timings() : undefined;
  const location = cacheLocation(runConfig, cwd, rules, ruleOptions);
  const cache = location === undefined ? undefined : ScanCache.open(location.directory, location.key);
  const setup: ScanSetup = { cwd, scanPlan, rules, ruleOptions, cache, cacheLocation: location, timings, scanFiles };

  const scanned = stdinSource !== undefined ? scanStdin(stdinSource, setup) : await scanDiscovered(runConfig, io, setup, relaunch);
  if ('exitCode' in scanned) return scanned.exitCode; // the heap-capped child did the scan and wrote the report
  const report = applyConfiguredLevels(scanned.report, scanPlan.config);
  const readText = sourceReader(report.root, stdinSource);
  const suppressed = applySuppressions(report, readText, runConfig, scanned.scanned, allRules, scanPlan);
  const active = suppressed.findings.filter((f) => f.suppression === undefined);
  const baselined = await applyBaselines(active, runConfig, cwd, io);
  const fixed = await applyFixes(baselined, readText, runConfig, report.root, io);
  const keptSuppressed = runConfig.includeSuppressed ? suppressed.findings.filter((f) => f.suppression !== undefined) : [];
  const final = quietFilter(suppressed.report, fixed.current, keptSuppressed, runConfig.quiet);

  if (timings) io.stderr.write(formatTimings(timings.toJSON()));
  await writeReport(final.report, fixed.fixDiff, runConfig, io);
  const outcome = exitCodeFor(final.current, runConfig.failOn, runConfig.maxWarnings);
  if (outcome.tooManyWarnings) {
    io.stderr.write(`jwtlint: ${outcome.warnings} warnings exceed --max-warnings ${runConfig.maxWarnings}\n`);
  }
  return outcome.code;
}

/** The absolute targets: the paths given, or with --stdin the path the stdin text is scanned as (and that text). */
async function scanTargets(runConfig: RunConfig, cwd: string, io: CliIo): Promise<{ targets: string[]; stdinSource?: StdinSource }> {
  if (!runConfig.stdin) return { targets: runConfig.paths.map((p) => path.resolve(cwd, p)) };
  const abs = path.resolve(cwd, runConfig.stdinFilename!);
  if (!hasSourceExtension(abs)) {
    throw new UsageError(`--stdin-filename ${JSON.stringify(runConfig.stdinFilename)} is not a JavaScript, TypeScript, Vue, Svelte or Astro file name`);
  }
  const bytes = await readStdin(io);
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { targets: [abs], stdinSource: { abs, bytes, text } };
}

async function readStdin(io: CliIo): Promise<Buffer> {
  if (io.stdin === undefined) throw new UsageError('--stdin: no standard input available');
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/**
 * Scans the stdin text as the file at `source.abs` (which need not exist on disk yet): the text stands in for
 * that file, so paths, fingerprints, the configuration and ignores are those of the real path, and its relative
 * imports resolve in the real project (and a project file importing it sees the stdin text).
 */
function scanStdin(source: StdinSource, { scanPlan, rules, ruleOptions, scanFiles }: ScanSetup): Scanned {
  const posix = toPosix(path.relative(scanPlan.root, source.abs));
  const ignored = posix.split('/').includes('node_modules') || (scanPlan.ignorePatterns.length > 0 && ignore().add(scanPlan.ignorePatterns).ignores(posix));
  if (ignored) {
    return { report: scanFiles({ root: scanPlan.root, files: [], rules, ruleOptions, skipped: [{ reason: 'ignored by ignore patterns', count: 1 }] }), scanned: [] };
  }
  const report = scanFiles({ root: scanPlan.root, files: [source.abs], rules, ruleOptions, sources: new Map([[source.abs, source.bytes]]) });
  return { report, scanned: [source.abs] };
}

/**
 * Discovers the files under the targets, keeps the --shard and --changed ones, and scans them (in --jobs processes),
 * or has the heap-capped child scan them when the cache leaves too many to analyse in this process.
 */
async function scanDiscovered(runConfig: RunConfig, io: CliIo, setup: ScanSetup, relaunch: CappedRelaunch | undefined): Promise<Scanned | { exitCode: number }> {
  const discovered = await discoverFiles({
    cwd: setup.cwd,
    paths: runConfig.paths,
    includeTests: setup.scanPlan.includeTests,
    ignorePatterns: setup.scanPlan.ignorePatterns,
    noDefaultExcludes: runConfig.noDefaultExcludes,
  });
  const files = await selectFiles(discovered.root, discovered.files, runConfig, setup.cwd, io);
  if (relaunch !== undefined && exceedsInProcessLimit(discovered.root, files, setup.cache, relaunch.fileLimit)) {
    const exitCode = await relaunch.run();
    if (exitCode !== undefined) return { exitCode };
  }
  const progress = startProgress({
    enabled: io.progressFd !== undefined && io.stderr.isTTY === true && io.env.JWTLINT_NO_PROGRESS === undefined,
    fd: io.progressFd ?? 2,
    total: files.length,
    delayMs: io.env.JWTLINT_PROGRESS_DELAY_MS !== undefined ? Number(io.env.JWTLINT_PROGRESS_DELAY_MS) : undefined,
  });
  try {
    const scanInput = {
      root: discovered.root,
      files,
      allFiles: discovered.files,
      rules: setup.rules,
      ruleOptions: setup.ruleOptions,
      notifications: discovered.notifications,
      skipped: discovered.skipped,
      cache: setup.cache,
      timings: setup.timings,
      includeMinified: runConfig.includeMinified,
      maxFileBytes: runConfig.maxFileBytes,
      onFileDone: () => progress.advance(),
    };
    if (runConfig.jobs > 1 && files.length > 1) {
      const { scanInJobs } = await import('./jobs.js');
      return { report: await scanInJobs({ ...scanInput, jobs: runConfig.jobs, cacheLocation: setup.cacheLocation }), scanned: files };
    }
    return { report: setup.scanFiles(scanInput), scanned: files };
  } finally {
    await progress.stop();
  }
}

/** Are more than `limit` of the files left to analyse once the cache has answered for the ones it can? */
function exceedsInProcessLimit(root: string, files: readonly string[], cache: ScanCache | undefined, limit: number): boolean {
  if (files.length <= limit) return false;
  let fresh = 0;
  for (const file of files) {
    if (cache?.answers(root, toPosix(path.relative(root, file))) !== true && ++fresh > limit) return true;
  }
  return false;
}

/** The discovered files of this --shard, and of those the ones --changed names. */
async function selectFiles(root: string, discovered: string[], runConfig: RunConfig, cwd: string, io: CliIo): Promise<string[]> {
  let files = discovered;
  if (runConfig.shard) {
    const { selectShard } = await import('../engine/shard.js');
    const relative = new Map(files.map((f) => [path.relative(root, f).split(path.sep).join('/'), f]));
    files = selectShard([...relative.keys()], runConfig.shard).map((r) => relative.get(r)!);
  }
  if (runConfig.changed) {
    const changed = changedFiles(cwd, runConfig.changed.ref, io.env);
    const real = new Set([...changed.files].map((f) => safeRealpath(f)));
    files = files.filter((f) => real.has(safeRealpath(f)));
  }
  return files;
}

function safeRealpath(file: string): string {
  try {
    return realpathSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path.resolve(file);
    throw error;
  }
}

/** Reads a scanned file's text by its path relative to the root (the stdin text for the stdin file); undefined when unreadable. */
function sourceReader(root: string, stdinSource: StdinSource | undefined): (relative: string) => string | undefined {
  return (relative) => {
    const abs = path.join(root, relative);
    if (stdinSource !== undefined && abs === stdinSource.abs) return stdinSource.text;
    try {
      return readFileSync(abs, 'utf8');
    } catch (error) {
      // The engine already reported an unreadable file; it simply has no directives.
      if ((error as NodeJS.ErrnoException).code !== undefined) return undefined;
      throw error;
    }
  };
}

/** In-source suppressions; with --report-unused-disable-directives, also findings for directives that suppress nothing. */
function applySuppressions(
  report: ScanReport,
  readText: (relative: string) => string | undefined,
  runConfig: RunConfig,
  scanned: readonly string[],
  allRules: readonly Rule[],
  scanPlan: ScanPlan,
): { report: ScanReport; findings: Finding[] } {
  const extraFiles = runConfig.reportUnusedDisableDirectives ? scanned.map((abs) => toPosix(path.relative(report.root, abs))) : [];
  const suppressed = suppressInSource(report, readText, new Set(allRules.map((r) => r.meta.id)), extraFiles);
  if (!runConfig.reportUnusedDisableDirectives) return { report, findings: suppressed.findings };
  // Directives naming a rule that is switched off are not "unused": the configuration hides what they cover.
  const offIds = new Set(
    Object.entries(scanPlan.config.config.rules)
      .filter(([, e]) => e.level === 'off')
      .map(([id]) => id),
  );
  const unused = suppressed.unused.map((u) => ({ ...u, ruleIds: u.ruleIds.filter((id) => !offIds.has(id)) })).filter((u) => u.directive.ruleIds.length === 0 || u.ruleIds.length > 0);
  const extra = unusedDirectiveFindings(unused);
  if (extra.length === 0) return { report, findings: suppressed.findings };
  return { report: { ...report, rules: [...report.rules, UNUSED_DIRECTIVE_RULE] }, findings: [...suppressed.findings, ...extra] };
}

/** --write-baseline records the active findings (then none are reported); --baseline drops the ones it records. */
async function applyBaselines(active: Finding[], runConfig: RunConfig, cwd: string, io: CliIo): Promise<Finding[]> {
  if (runConfig.writeBaseline !== undefined) {
    const target = path.resolve(cwd, runConfig.writeBaseline);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, serializeBaseline(createBaseline(active)), 'utf8');
    io.stderr.write(`jwtlint: wrote ${active.length} finding${active.length === 1 ? '' : 's'} to baseline ${runConfig.writeBaseline}\n`);
    return [];
  }
  if (runConfig.baseline === undefined) return active;
  const target = path.resolve(cwd, runConfig.baseline);
  let text: string;
  try {
    text = await readFile(target, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read baseline ${runConfig.baseline}: ${code === 'ENOENT' ? 'file not found (create it with --write-baseline)' : (code ?? String(error))}`);
  }
  let baseline;
  try {
    baseline = parseBaseline(text);
  } catch (error) {
    throw new UsageError(`invalid baseline ${runConfig.baseline}: ${(error as Error).message}`);
  }
  return applyBaseline(active, baseline).findings;
}

/** --fix / --fix-dry-run: the safe fixes of the findings that are left, written (those findings drop) or as a diff. */
async function applyFixes(
  current: Finding[],
  readText: (relative: string) => string | undefined,
  runConfig: RunConfig,
  root: string,
  io: CliIo,
): Promise<{ current: Finding[]; fixDiff?: string }> {
  if (runConfig.fix === undefined) return { current };
  const { planFixes, unifiedDiff, writeChanges } = await import('./fix.js');
  const changes = planFixes(current, readText);
  if (runConfig.fix === 'dry-run') return { current, fixDiff: unifiedDiff(changes) };
  writeChanges(root, changes);
  const fixed = new Set(changes.flatMap((c) => c.fixed));
  io.stderr.write(`jwtlint: fixed ${fixed.size} finding${fixed.size === 1 ? '' : 's'} in ${changes.length} file${changes.length === 1 ? '' : 's'}\n`);
  return { current: current.filter((f) => !fixed.has(f)) };
}

/**
 * The report with its final findings (kept suppressed ones after the others) and notifications, and the findings that
 * count for the exit code; with --quiet, errors only.
 */
function quietFilter(report: ScanReport, current: Finding[], keptSuppressed: Finding[], quiet: boolean): { report: ScanReport; current: Finding[] } {
  let notifications: Notification[] = report.notifications;
  if (quiet) {
    current = current.filter((f) => f.level === 'error');
    keptSuppressed = keptSuppressed.filter((f) => f.level === 'error');
    notifications = notifications.filter((n) => n.level === 'error');
  }
  return { report: { ...report, findings: [...current, ...keptSuppressed], notifications }, current };
}

/** The report in the --format asked for (or the --fix-dry-run diff), to stdout or --output. */
async function writeReport(report: ScanReport, fixDiff: string | undefined, runConfig: RunConfig, io: CliIo): Promise<void> {
  const color = runConfig.format === 'text' && (runConfig.color ?? (runConfig.output === undefined && shouldUseColor(io.stdout, io.env)));
  if (!isFormatName(runConfig.format)) throw new Error(`invariant: format ${JSON.stringify(runConfig.format)} passed validation`);
  const text = fixDiff ?? formatReport(report, runConfig.format, { color, category: runConfig.sarifCategory });
  await emit(text, runConfig.output, io);
}

function cacheLocation(runConfig: RunConfig, cwd: string, rules: readonly Rule[], ruleOptions: RuleOptions): { directory: string; key: string } | undefined {
  return runConfig.cacheDir === undefined ? undefined : { directory: path.resolve(cwd, runConfig.cacheDir), key: cacheKey(rules, ruleOptions, runConfig.includeMinified) };
}

/** Everything a cached per-file result depends on besides the files themselves. */
function cacheKey(rules: readonly Rule[], ruleOptions: RuleOptions, includeMinified: boolean): string {
  const input = JSON.stringify({ version: TOOL_VERSION, rules: rules.map((r) => r.meta.id), ruleOptions, includeMinified });
  return createHash('sha256').update(input).digest('hex').slice(0, 32);
}

function formatTimings(t: { phases: Record<string, number>; rules: Record<string, number> }): string {
  const lines = ['jwtlint timing (ms):'];
  for (const [name, ms] of Object.entries(t.phases)) lines.push(`  phase ${name.padEnd(16)} ${ms}${NESTED_PHASES[name] ? `  (${NESTED_PHASES[name]})` : ''}`);
  for (const [name, ms] of Object.entries(t.rules)) lines.push(`  rule  ${name.padEnd(32)} ${ms}`);
  return lines.join('\n') + '\n';
}
