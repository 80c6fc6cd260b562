/**
 * The jwtlint command: argv → configuration → discovery → engine → suppressions, baseline, levels → formatter →
 * stdout or --output file, and the exit code (DESIGN §7): 0 no finding at or above the --fail-on level (and not
 * more warnings than --max-warnings), 1 findings, 2 usage or configuration error or fatal failure.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ignore from 'ignore';
import { discoverFiles, hasSourceExtension } from '../discovery/index.js';
import { applyBaseline, createBaseline, parseBaseline, serializeBaseline } from '../engine/baseline.js';
import { UNUSED_DIRECTIVE_RULE, unusedDirectiveFindings } from '../engine/suppressions.js';
import type { Rule } from '../engine/rule.js';
import { FORMATS, formatReport, isFormatName } from '../report/format.js';
import { shouldUseColor } from '../report/text.js';
import type { Finding, Level, Notification, RuleDescriptor, ScanReport } from '../report/types.js';
import { applyConfiguredLevels, commonDirectory, planScan, selectRules, suppressInSource, toPosix, type ScanPlan } from './analysis.js';
import { parseCliArgs, USAGE, type RunConfig } from './args.js';
import { changedFiles } from './changed.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from './errors.js';
import { startProgress } from './progress.js';

export interface CliStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  /** Working directory the paths are relative to. */
  cwd: string;
  env: Record<string, string | undefined>;
  /** The text scanned with --stdin. */
  stdin?: NodeJS.ReadableStream;
  /** File descriptor the progress indicator writes to (it runs in a worker thread); none: no indicator. */
  progressFd?: number;
}

function defaultIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env, stdin: process.stdin, progressFd: 2 };
}

/** Runs the CLI; never throws and never calls process.exit: returns the exit code. */
export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`jwtlint: ${error.message}\nRun "jwtlint --help" for usage.\n`);
      return EXIT_USAGE;
    }
    const detail = error instanceof Error ? (io.env.JWTLINT_DEBUG ? (error.stack ?? error.message) : error.message) : String(error);
    io.stderr.write(`jwtlint: fatal: ${detail}\n`);
    return EXIT_USAGE;
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const command = parseCliArgs(argv, FORMATS, io.cwd);
  switch (command.kind) {
    case 'help':
      io.stdout.write(USAGE);
      return EXIT_OK;
    case 'version':
      io.stdout.write(`${readVersion()}\n`);
      return EXIT_OK;
    case 'list-rules': {
      const descriptors = await ruleDescriptors();
      const text = command.format === 'json' ? `${JSON.stringify(descriptors, null, 2)}\n` : formatRuleTable(descriptors);
      await emit(text, command.output, io);
      return EXIT_OK;
    }
    case 'merge-sarif': {
      const { mergeSarif } = await import('../report/merge-sarif.js');
      const logs = command.inputs.map((input) => {
        let text: string;
        try {
          text = readFileSync(path.resolve(io.cwd, input), 'utf8');
        } catch {
          throw new UsageError(`merge-sarif: cannot read ${JSON.stringify(input)}`);
        }
        try {
          return JSON.parse(text);
        } catch {
          throw new UsageError(`merge-sarif: ${JSON.stringify(input)} is not JSON`);
        }
      });
      let merged;
      try {
        merged = mergeSarif(logs);
      } catch (error) {
        throw new UsageError(`merge-sarif: ${error instanceof Error ? error.message : String(error)}`);
      }
      await emit(`${JSON.stringify(merged, null, 2)}\n`, command.output, io);
      return EXIT_OK;
    }
    case 'lsp': {
      const { startLanguageServer } = await import('../lsp/server.js');
      const connection = startLanguageServer();
      // Runs until the client says exit (or closes the pipe); the exit notification ends the process.
      await new Promise<void>((resolve) => connection.onExit(() => resolve()));
      return EXIT_OK;
    }
    case 'scan':
      return scan(command.config, io);
  }
}

async function readStdin(io: CliIo): Promise<Buffer> {
  if (io.stdin === undefined) throw new UsageError('--stdin: no standard input available');
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

async function scan(runConfig: RunConfig, io: CliIo): Promise<number> {
  const cwd = path.resolve(io.cwd);
  // Loaded lazily: the engine pulls in the TypeScript parser, which --help, --version and usage errors don't need.
  const [{ scanFiles }, { allRules }, { ScanCache }, { Timings }] = await Promise.all([
    import('../engine/scan.js'),
    import('../../rules/index.js'),
    import('../engine/cache.js'),
    import('../engine/timing.js'),
  ]);
  const descriptors = allRules.map((r) => r.meta.descriptor);

  let stdinSource: { abs: string; bytes: Buffer; text: string } | undefined;
  let targets: string[];
  if (runConfig.stdin) {
    const abs = path.resolve(cwd, runConfig.stdinFilename!);
    if (!hasSourceExtension(abs)) {
      throw new UsageError(`--stdin-filename ${JSON.stringify(runConfig.stdinFilename)} is not a JavaScript, TypeScript, Vue, Svelte or Astro file name`);
    }
    targets = [abs];
    const bytes = await readStdin(io);
    let text = bytes.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    stdinSource = { abs, bytes, text };
  } else {
    targets = runConfig.paths.map((p) => path.resolve(cwd, p));
  }
  const startDir = runConfig.stdin ? path.dirname(targets[0]) : commonDirectory(targets.map((t) => t));
  const scanPlan = planScan({ cwd, targets, startDir, configPath: runConfig.configPath, includeTests: runConfig.includeTests }, descriptors);
  const config = scanPlan.config.config;
  const { rules, ruleOptions } = selectRules(allRules, scanPlan.config);

  const timings = runConfig.timing ? new Timings() : undefined;
  const location = cacheLocation(runConfig, cwd, rules, ruleOptions);
  const cache = location === undefined ? undefined : ScanCache.open(location.directory, location.key);

  let report: ScanReport;
  /** Absolute paths of the files scanned (read again only for --report-unused-disable-directives). */
  let scanned: readonly string[] = [];
  if (stdinSource !== undefined) {
    const fromStdin = scanStdin(stdinSource, scanPlan, rules, ruleOptions, scanFiles);
    report = fromStdin.report;
    scanned = fromStdin.scanned;
  } else {
    const discovered = await discoverFiles({
      cwd,
      paths: runConfig.paths,
      includeTests: scanPlan.includeTests,
      ignorePatterns: scanPlan.ignorePatterns,
      noDefaultExcludes: runConfig.noDefaultExcludes,
    });
    let files = discovered.files;
    const allFiles = files;
    if (runConfig.shard) {
      const { selectShard } = await import('../engine/shard.js');
      const relative = new Map(files.map((f) => [path.relative(discovered.root, f).split(path.sep).join('/'), f]));
      files = selectShard([...relative.keys()], runConfig.shard).map((r) => relative.get(r)!);
    }
    if (runConfig.changed) {
      const changed = changedFiles(cwd, runConfig.changed.ref, io.env);
      const real = new Set([...changed.files].map((f) => safeRealpath(f)));
      files = files.filter((f) => real.has(safeRealpath(f)));
    }
    scanned = files;
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
        allFiles,
        rules,
        ruleOptions,
        notifications: discovered.notifications,
        skipped: discovered.skipped,
        cache,
        timings,
        includeMinified: runConfig.includeMinified,
        maxFileBytes: runConfig.maxFileBytes,
        onFileDone: () => progress.advance(),
      };
      if (runConfig.jobs > 1 && files.length > 1) {
        const { scanInJobs } = await import('./jobs.js');
        report = await scanInJobs({ ...scanInput, jobs: runConfig.jobs, cacheLocation: location }, scanFiles);
      } else {
        report = scanFiles(scanInput);
      }
    } finally {
      await progress.stop();
    }
  }

  report = applyConfiguredLevels(report, scanPlan.config);

  // In-source suppressions.
  const readText = (relative: string): string | undefined => {
    const abs = path.join(report.root, relative);
    if (stdinSource !== undefined && abs === stdinSource.abs) return stdinSource.text;
    try {
      return readFileSync(abs, 'utf8');
    } catch (error) {
      // The engine already reported an unreadable file; it simply has no directives.
      if ((error as NodeJS.ErrnoException).code !== undefined) return undefined;
      throw error;
    }
  };
  const extraFiles = runConfig.reportUnusedDisableDirectives ? scanned.map((abs) => toPosix(path.relative(report.root, abs))) : [];
  const suppressed = suppressInSource(report, readText, new Set(allRules.map((r) => r.meta.id)), extraFiles);
  let findings = suppressed.findings;
  if (runConfig.reportUnusedDisableDirectives) {
    // Directives naming a rule that is switched off are not "unused": the configuration hides what they cover.
    const offIds = new Set(Object.entries(config.rules).filter(([, e]) => e.level === 'off').map(([id]) => id));
    const unused = suppressed.unused
      .map((u) => ({ ...u, ruleIds: u.ruleIds.filter((id) => !offIds.has(id)) }))
      .filter((u) => u.directive.ruleIds.length === 0 || u.ruleIds.length > 0);
    const extra = unusedDirectiveFindings(unused);
    if (extra.length > 0) {
      findings = [...findings, ...extra];
      report = { ...report, rules: [...report.rules, UNUSED_DIRECTIVE_RULE] };
    }
  }

  // Baselines.
  const active = findings.filter((f) => f.suppression === undefined);
  let keptSuppressed = runConfig.includeSuppressed ? findings.filter((f) => f.suppression !== undefined) : [];
  let current = active;
  if (runConfig.writeBaseline !== undefined) {
    const target = path.resolve(cwd, runConfig.writeBaseline);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, serializeBaseline(createBaseline(active)), 'utf8');
    io.stderr.write(`jwtlint: wrote ${active.length} finding${active.length === 1 ? '' : 's'} to baseline ${runConfig.writeBaseline}\n`);
    current = [];
  } else if (runConfig.baseline !== undefined) {
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
    current = applyBaseline(active, baseline).findings;
  }

  // --fix / --fix-dry-run: the safe fixes of the findings that are left.
  let fixDiff: string | undefined;
  if (runConfig.fix !== undefined) {
    const { planFixes, unifiedDiff, writeChanges } = await import('./fix.js');
    const changes = planFixes(current, readText);
    if (runConfig.fix === 'dry-run') {
      fixDiff = unifiedDiff(changes);
    } else {
      writeChanges(report.root, changes);
      const fixed = new Set(changes.flatMap((c) => c.fixed));
      current = current.filter((f) => !fixed.has(f));
      io.stderr.write(`jwtlint: fixed ${fixed.size} finding${fixed.size === 1 ? '' : 's'} in ${changes.length} file${changes.length === 1 ? '' : 's'}\n`);
    }
  }

  // --quiet: errors only.
  let notifications: Notification[] = report.notifications;
  if (runConfig.quiet) {
    current = current.filter((f) => f.level === 'error');
    keptSuppressed = keptSuppressed.filter((f) => f.level === 'error');
    notifications = notifications.filter((n) => n.level === 'error');
  }
  report = { ...report, findings: [...current, ...keptSuppressed], notifications };

  if (timings) io.stderr.write(formatTimings(timings.toJSON()));

  const color =
    runConfig.format === 'text' && (runConfig.color ?? (runConfig.output === undefined && shouldUseColor(io.stdout, io.env)));
  if (!isFormatName(runConfig.format)) throw new Error(`invariant: format ${JSON.stringify(runConfig.format)} passed validation`);
  const text = fixDiff ?? formatReport(report, runConfig.format, { color, category: runConfig.sarifCategory });
  await emit(text, runConfig.output, io);

  const outcome = exitCodeFor(current, runConfig.failOn, runConfig.maxWarnings);
  if (outcome.tooManyWarnings) {
    io.stderr.write(`jwtlint: ${outcome.warnings} warnings exceed --max-warnings ${runConfig.maxWarnings}\n`);
  }
  return outcome.code;
}

function safeRealpath(file: string): string {
  try {
    return realpathSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path.resolve(file);
    throw error;
  }
}

/**
 * Scans the stdin text as the file at `source.abs` (which need not exist on disk yet): the text stands in for
 * that file, so paths, fingerprints, the configuration and ignores are those of the real path, and its relative
 * imports resolve in the real project (and a project file importing it sees the stdin text).
 */
function scanStdin(
  source: { abs: string; bytes: Buffer },
  scanPlan: ScanPlan,
  rules: readonly Rule[],
  ruleOptions: Record<string, Record<string, unknown>>,
  scanFiles: (input: import('../engine/scan.js').ScanInput) => ScanReport,
): { report: ScanReport; scanned: string[] } {
  const posix = toPosix(path.relative(scanPlan.root, source.abs));
  const ignored =
    posix.split('/').includes('node_modules') ||
    (scanPlan.ignorePatterns.length > 0 && ignore().add(scanPlan.ignorePatterns).ignores(posix));
  if (ignored) {
    return { report: scanFiles({ root: scanPlan.root, files: [], rules, ruleOptions, skipped: [{ reason: 'ignored by ignore patterns', count: 1 }] }), scanned: [] };
  }
  const report = scanFiles({ root: scanPlan.root, files: [source.abs], rules, ruleOptions, sources: new Map([[source.abs, source.bytes]]) });
  return { report, scanned: [source.abs] };
}

function cacheLocation(runConfig: RunConfig, cwd: string, rules: readonly Rule[], ruleOptions: Record<string, Record<string, unknown>>): { directory: string; key: string } | undefined {
  return runConfig.cacheDir === undefined ? undefined : { directory: path.resolve(cwd, runConfig.cacheDir), key: cacheKey(rules, ruleOptions, runConfig.includeMinified) };
}

/** Everything a cached per-file result depends on besides the files themselves. */
function cacheKey(rules: readonly Rule[], ruleOptions: Record<string, Record<string, unknown>>, includeMinified: boolean): string {
  const input = JSON.stringify({ version: readVersion(), rules: rules.map((r) => r.meta.id), ruleOptions, includeMinified });
  return createHash('sha256').update(input).digest('hex').slice(0, 32);
}

function formatTimings(t: { phases: Record<string, number>; rules: Record<string, number> }): string {
  const lines = ['jwtlint timing (ms):'];
  for (const [name, ms] of Object.entries(t.phases)) lines.push(`  phase ${name.padEnd(16)} ${ms}`);
  for (const [name, ms] of Object.entries(t.rules)) lines.push(`  rule  ${name.padEnd(32)} ${ms}`);
  return lines.join('\n') + '\n';
}

export interface ExitOutcome {
  code: number;
  warnings: number;
  tooManyWarnings: boolean;
}

const RANK: Record<Level, number> = { note: 0, warning: 1, error: 2 };

/**
 * 1 when a finding is at or above `failOn` (default warning) — except that with `maxWarnings`, warnings fail
 * only when there are more than `maxWarnings` of them (and then whatever `failOn` says, as in ESLint).
 * Suppressed findings never count.
 */
export function exitCodeFor(findings: readonly Finding[], failOn: Level = 'warning', maxWarnings?: number): ExitOutcome {
  const active = findings.filter((f) => f.suppression === undefined);
  const warnings = active.filter((f) => f.level === 'warning').length;
  const tooManyWarnings = maxWarnings !== undefined && warnings > maxWarnings;
  const failing = active.some((f) => {
    if (RANK[f.level] < RANK[failOn]) return false;
    if (f.level === 'warning' && maxWarnings !== undefined) return false;
    return true;
  });
  return { code: failing || tooManyWarnings ? EXIT_FINDINGS : EXIT_OK, warnings, tooManyWarnings };
}

async function emit(text: string, output: string | undefined, io: CliIo): Promise<void> {
  const out = text.length === 0 || text.endsWith('\n') ? text : `${text}\n`;
  if (output === undefined) {
    io.stdout.write(out);
    return;
  }
  const target = path.resolve(io.cwd, output);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, out, 'utf8');
}

export async function ruleDescriptors(): Promise<RuleDescriptor[]> {
  const { allRules } = await import('../../rules/index.js');
  return allRules.map((rule) => rule.meta.descriptor).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function formatRuleTable(descriptors: readonly RuleDescriptor[]): string {
  const rows = [['ID', 'LEVEL', 'TITLE'], ...descriptors.map((d) => [d.id, d.level, d.title])];
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2]}`.trimEnd()).join('\n') + '\n';
}

let cachedVersion: string | undefined;

/**
 * The version in jwtlint's package.json. Found by walking up from this module, so it works both from
 * dist/src/cli/main.js (three levels below the package) and from src/cli/main.ts under a test runner.
 */
export function readVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    let text: string | undefined;
    try {
      text = readFileSync(candidate, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== undefined) {
      const pkg = JSON.parse(text) as { name?: string; version?: string };
      if (pkg.name === 'jwtlint' && typeof pkg.version === 'string') return (cachedVersion = pkg.version);
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find jwtlint's package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
