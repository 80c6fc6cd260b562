import path from 'node:path';
import type { ts } from 'ts-morph';
import { Project, type ProjectFile } from '../binding/project.js';
import type { ModuleResolver } from '../binding/resolve-module.js';
import { ModuleCallers } from '../dataflow/module-callers.js';
import { TokenTracker } from '../dataflow/provenance.js';
import { ValueResolver } from '../dataflow/values.js';
import { EnvWrites } from '../dataflow/env-writes.js';
import { projectFunctionOf } from '../dataflow/summaries.js';
import { carriedValuesAt } from '../dataflow/plumbing.js';
import { globalWritesElsewhere } from '../dataflow/global-writes.js';
import { PassportUsers } from '../facts/passport-users.js';
import { OperationExtractor } from '../facts/operations.js';
import { SinkExtractor } from '../facts/sinks/index.js';
import type { Parse } from '../parsing/parse-cache.js';
import { codeText } from '../parsing/embedded.js';
import type { Notification, ScanReport, SkipCount } from '../report/types.js';
import { emptyCounts, reportFromParts, type ScanCounts, type ScanPart } from './merge-reports.js';
import { passesPrefilter } from './prefilter.js';
import { isDeclarationFile } from '../discovery/file-kinds.js';
import { CalleeGate } from './callee-gate.js';
import { decodeSource, DEFAULT_MAX_FILE_BYTES, looksMinified, readSource } from './read.js';
import type { RecordData, Rule } from './rule.js';
import { KeyIdentities } from '../facts/key-identity.js';
import { KeyAlgorithms } from '../facts/key-algorithm.js';
import { EnvFiles } from '../facts/env-files.js';
import { OwnSignCalls } from '../facts/own-sign-calls.js';
import { RouteGuards } from '../facts/route-guards.js';
import { Timings } from './timing.js';
import type { ScanCache } from './cache.js';
import { collectFacts, type FileFacts } from './collect-facts.js';
import { DEFAULT_FILE_WORK_UNITS, WorkBudget, WorkBudgetExceeded } from './work-budget.js';
import { redactForCache, type PendingFinding } from './findings.js';
import { runProjectRules, type ScanRecords } from './project-rules.js';
import { describeError, runRules } from './run-rules.js';

export type { ScanRecords } from './project-rules.js';
export type { ScanPart } from './merge-reports.js';

export interface ScanInput {
  /** Absolute scan root: output paths are relative to it. */
  root: string;
  /** Absolute paths of the files to scan. */
  files: readonly string[];
  rules: readonly Rule[];
  /** Per-rule option overrides by rule id. */
  ruleOptions?: Readonly<Record<string, Record<string, unknown>>>;
  /** Notifications and skip counts from discovery, carried into the report. */
  notifications?: readonly Notification[];
  skipped?: readonly SkipCount[];
  maxFileBytes?: number;
  /** Work units allowed per file before it is abandoned with a notification (default DEFAULT_FILE_WORK_UNITS). */
  fileWorkUnits?: number;
  /** Collects time per phase and per rule when given (`--timing`). */
  timings?: Timings;
  /** Analyse files that look minified or bundled too (skipped, with a notification, by default). */
  includeMinified?: boolean;
  /** Reuses per-file results of earlier runs for unchanged files, and records this run's. */
  cache?: ScanCache;
  /**
   * Contents that stand in for files on disk (absolute path → bytes), for scanned files and for the files they
   * import: `--stdin` scans an editor's unsaved text as the file it belongs to. Not combined with `cache`.
   */
  sources?: ReadonlyMap<string, Buffer>;
  /**
   * Parses through this function instead of parsing every file afresh: the language server passes a ParseCache
   * so unchanged files keep their trees between edits. The command line leaves it unset.
   */
  parse?: Parse;
  /**
   * Module resolution kept from earlier scans of the same root (the language server's, made for these `sources`:
   * src/binding/warm-resolvers.ts). The command line leaves it unset: each scan resolves afresh.
   */
  moduleResolver?: ModuleResolver;
  /**
   * Every file of the scan when `files` is only a part of it (a --jobs child, a --shard): facts that hold scan-wide
   * (`process.env.X = 'literal'` in any file) are read from all of them, so the part does not change the answer.
   * Defaults to `files`.
   */
  allFiles?: readonly string[];
  /** Called after each file of `files` is done (progress display). */
  onFileDone?: () => void;
}

/** Does the scan analyse only some of the files it found (a --shard, --changed)? */
function isPartialScan(files: readonly string[], allFiles: readonly string[] | undefined): boolean {
  if (allFiles === undefined || allFiles === files) return false;
  const scanned = new Set(files.map((f) => path.resolve(f)));
  return allFiles.some((f) => !scanned.has(path.resolve(f)));
}

/** A Project that remembers which files were loaded to resolve values (a cached result depends on them). */
class RecordingProject extends Project {
  readonly loaded = new Set<string>();

  override load(absolutePath: string): ProjectFile | undefined {
    this.loaded.add(absolutePath);
    return super.load(absolutePath);
  }

  protected override dependOn(files: readonly string[]): void {
    for (const file of files) this.loaded.add(file);
  }
}

/** Scans files with the given rules. Never throws for a problem with one file: it becomes a notification. */
export function scanFiles(input: ScanInput): ScanReport {
  const run = new ScanRun(input);
  const files = [...new Set(input.files.map((f) => path.resolve(f)))].sort();
  for (const absolutePath of files) run.scanFile(absolutePath);
  const part = run.takePart();
  run.saveCache();
  const end = run.timings.time('project rules', () => projectRulesPart(input, files, part.records, run.project));
  return run.timings.time('finalize', () => reportFromParts([part, end], { root: input.root, rules: input.rules, skipped: input.skipped ?? [] }));
}

/**
 * The scan-level part of a scan: the package manifests of `files` and the scan-level listeners over the records of
 * every file (gathered by one scan, or by the --jobs children's parts in file order).
 */
export function projectRulesPart(
  input: Pick<ScanInput, 'root' | 'rules' | 'ruleOptions' | 'files' | 'allFiles'>,
  files: readonly string[],
  records: ScanRecords,
  project: Project = new Project(input.root),
): ScanPart {
  const part: ScanPart = { pending: [], notifications: [], records: {}, counts: emptyCounts() };
  runProjectRules(input, files, { project, pending: part.pending, notifications: part.notifications }, records, isPartialScan(input.files, input.allFiles));
  return part;
}

/** A file analysed afresh (not replayed from the cache): where its results start, for its cache entry. */
interface FreshFile {
  absolutePath: string;
  relativePath: string;
  pendingBefore: number;
  notificationsBefore: number;
  /** This file's records, by rule id. */
  records: Record<string, RecordData[]>;
}

/**
 * One scan: the state its files share, and the steps each file goes through. Files are scanned one by one and
 * their results taken in parts (`scanFiles` takes one; a --jobs child one per chunk of files it is given).
 */
export class ScanRun {
  private readonly sourceBytes: ReadonlyMap<string, Buffer>;
  readonly project: RecordingProject;
  private readonly gate: CalleeGate;
  /** A cached result is keyed by the file on disk: texts given in `sources` are never cached. */
  private readonly cache: ScanCache | undefined;
  private readonly cachedFiles = new Set<string>();
  private readonly resolver: ValueResolver;
  private readonly envWrites: EnvWrites;
  private readonly operationExtractor: OperationExtractor;
  private readonly sinkExtractor: SinkExtractor;
  private readonly tracker: TokenTracker;
  private readonly keyIdentities: KeyIdentities;
  private readonly keyAlgorithms: KeyAlgorithms;
  private readonly ownSignCalls: OwnSignCalls;
  private readonly routeGuards: RouteGuards;
  // The current part's results (see takePart)
  private records: ScanRecords = {};
  private notifications: Notification[];
  private pending: PendingFinding[] = [];
  private counts: ScanCounts = emptyCounts();
  private readonly maxBytes: number;
  private readonly workUnits: number;
  readonly timings: Timings;

  constructor(private readonly input: ScanInput) {
    this.sourceBytes = input.sources ?? new Map<string, Buffer>();
    const sourceTexts = new Map<string, string>();
    for (const [file, bytes] of this.sourceBytes) {
      const decoded = decodeSource(bytes, file, Number.POSITIVE_INFINITY);
      if (decoded.ok) sourceTexts.set(path.resolve(file), decoded.text);
    }
    this.project = new RecordingProject(input.root, sourceTexts, input.parse, input.moduleResolver);
    this.gate = new CalleeGate(this.project, (file) => this.project.loaded.add(file));
    this.cache = input.sources !== undefined && input.sources.size > 0 ? undefined : input.cache;
    const allFiles = [...new Set((input.allFiles ?? input.files).map((f) => path.resolve(f)))].sort();
    this.envWrites = new EnvWrites(this.project, allFiles, sourceTexts);
    this.resolver = new ValueResolver(this.project, this.envWrites, {
      filesMentioning: (from, words, components, pattern) => this.operationExtractor.packageFiles.filesMentioning(from, words, components, pattern),
    });
    this.timings = input.timings ?? new Timings();
    const summaryTimer = { time: <R>(run: () => R): R => this.timings.time('summaries', run) };
    this.operationExtractor = new OperationExtractor(this.resolver, (call) => this.gate.mayBeOperation(call), summaryTimer);
    this.sinkExtractor = new SinkExtractor(this.resolver, summaryTimer);
    const isSignCall = (call: ts.CallExpression | ts.NewExpression) => this.operationExtractor.operationsAt(call).some((op) => op.kind === 'sign');
    const keyOf = (key: ts.Expression) => {
      const value = this.resolver.resolve(key);
      return value.kind === 'string' ? value.value : undefined;
    };
    const passportUsers = new PassportUsers(this.operationExtractor);
    const moduleCallers = new ModuleCallers(this.project, this.operationExtractor.packageFiles, (callee) => projectFunctionOf(callee, this.resolver));
    this.tracker = new TokenTracker(
      isSignCall,
      (callee) => projectFunctionOf(callee, this.resolver),
      keyOf,
      (base, names) => carriedValuesAt(this.resolver, base, names) ?? passportUsers.carriedAt(base, names),
      (fn) => moduleCallers.callsElsewhere(fn),
      (call) => this.sinkExtractor.scriptCookieReadKey(call),
      (fromFile, name) => globalWritesElsewhere(this.operationExtractor.packageFiles, this.project, fromFile, name),
    );
    this.keyIdentities = new KeyIdentities(this.resolver, input.root);
    this.keyAlgorithms = new KeyAlgorithms(this.resolver, new EnvFiles(input.root, (file) => this.project.dependOnAgain([file])));
    this.ownSignCalls = new OwnSignCalls(this.operationExtractor, this.keyIdentities);
    this.routeGuards = new RouteGuards(this.operationExtractor, (expression) => this.tracker.requestOrigin(expression));
    this.notifications = [...(input.notifications ?? [])];
    this.maxBytes = input.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.workUnits = input.fileWorkUnits ?? DEFAULT_FILE_WORK_UNITS;
  }

  scanFile(absolutePath: string): void {
    try {
      const relativePath = this.project.relative(absolutePath);
      if (!this.replayCached(absolutePath, relativePath)) this.analyse(absolutePath, relativePath);
    } finally {
      // A broken tsconfig is named with the file whose imports met it (and cached with that file's results)
      this.notifications.push(...configNotifications(this.project));
      this.input.onFileDone?.();
    }
  }

  /** The results of the files scanned since the last part was taken (the first part starts with the input's notifications). */
  takePart(): ScanPart {
    const part: ScanPart = { pending: this.pending, notifications: this.notifications, records: this.records, counts: this.counts };
    this.pending = [];
    this.notifications = [];
    this.records = {};
    this.counts = emptyCounts();
    return part;
  }

  /** After the last file: the results of the files scanned are kept in the cache (the files not scanned leave it). */
  saveCache(): void {
    const cache = this.cache;
    if (cache) this.timings.time('cache', () => cache.save(this.cachedFiles));
  }

  /** An unchanged file's results from the cache, if it has them: true when it had. */
  private replayCached(absolutePath: string, relativePath: string): boolean {
    const cache = this.cache;
    const cached = cache && this.timings.time('cache', () => cache.lookup(this.input.root, relativePath));
    if (!cached) return false;
    this.counts.scanned += 1;
    this.cachedFiles.add(relativePath);
    this.pending.push(...cached.findings.map((finding) => ({ ...finding, secrets: [] })));
    this.notifications.push(...cached.notifications);
    this.addRecords(relativePath, cached.records);
    if (!cached.parsed) {
      if (cached.skipped === 'minified') this.counts.minified += 1;
      else if (isDeclarationFile(absolutePath)) this.counts.declarations += 1;
      else this.counts.filteredOut += 1;
    }
    return true;
  }

  /** Read, skip or parse, collect facts, run the rules, remember the results. */
  private analyse(absolutePath: string, relativePath: string): void {
    const fresh: FreshFile = { absolutePath, relativePath, pendingBefore: this.pending.length, notificationsBefore: this.notifications.length, records: {} };
    this.project.loaded.clear();
    this.project.startFile();
    const text = this.read(fresh);
    if (text === undefined || this.skippedBeforeParse(fresh, text)) return;
    const file = this.parse(fresh, text);
    if (!file) return;
    const budget = new WorkBudget(this.workUnits);
    this.notifications.push(...partialParseNotifications(file, relativePath));
    const facts = this.collect(fresh, file, budget);
    if (!facts) return;
    const { resolver, tracker, operationExtractor, keyIdentities, keyAlgorithms, ownSignCalls, routeGuards, project, pending, notifications, timings } = this;
    timings.time('rules', () =>
      runRules(this.input, file, facts, {
        resolver,
        tracker,
        operationExtractor,
        keyIdentities,
        keyAlgorithms,
        ownSignCalls,
        routeGuards,
        project,
        pending,
        notifications,
        budget,
        timings,
        records: fresh.records,
      }),
    );
    // records live until the end of the scan: a JSON copy holds no slice of this file's text (names, labels, keys)
    fresh.records = JSON.parse(JSON.stringify(fresh.records)) as Record<string, RecordData[]>;
    this.addRecords(relativePath, fresh.records);
    this.remember(fresh, text, true);
    // Findings hold locations, not nodes: the tree is released.
    project.forget(absolutePath);
  }

  /** The file's text, or undefined when it cannot be read (a notification says why). */
  private read(fresh: FreshFile): string | undefined {
    const { absolutePath, relativePath } = fresh;
    const given = this.sourceBytes.get(absolutePath);
    const read = this.timings.time('read', () => (given !== undefined ? decodeSource(given, relativePath, this.maxBytes) : readSource(absolutePath, relativePath, this.maxBytes)));
    if (!read.ok) {
      this.notifications.push(read.notification);
      return undefined;
    }
    this.counts.scanned += 1;
    this.notifications.push(...read.notifications);
    this.envWrites.observe(absolutePath, read.text);
    if (given === undefined) this.project.offerText(absolutePath, read.text);
    return read.text;
  }

  /** Is the file left unparsed (minified, declarations only, or no JWT-related code)? Its result is remembered then. */
  private skippedBeforeParse(fresh: FreshFile, text: string): boolean {
    const { absolutePath, relativePath } = fresh;
    if (!this.input.includeMinified && looksMinified(text)) {
      this.counts.minified += 1;
      this.notifications.push({
        kind: 'minified',
        level: 'note',
        file: relativePath,
        message: `skipped ${relativePath}: it looks minified or bundled (very long lines); scan its sources instead`,
      });
      this.remember(fresh, text, false, 'minified');
      return true;
    }
    // Declaration files hold types only: no call, no value, nothing that verifies, signs or leaks a token.
    if (isDeclarationFile(absolutePath)) {
      this.counts.declarations += 1;
      this.remember(fresh, text, false);
      return true;
    }
    // A file that reaches a library only through a project wrapper or barrel (`import { lib } from './jwt'`) never names it,
    // nor does one that calls an auth helper module (`security.authorize(user)`: an operation through a wrapper).
    // In a component file only the script blocks count: words in its markup or styles are not code.
    const code = codeText(absolutePath, text);
    const { gate, project } = this;
    if (
      !this.timings.time(
        'prefilter',
        () =>
          passesPrefilter(code) ||
          gate.importsLibraryProvider(absolutePath, code, project.loaded) ||
          gate.importsLibraryUser(absolutePath, code, project.loaded) ||
          gate.importsCredentialHeaders(absolutePath, code, project.loaded) ||
          gate.importsStorageHelper(absolutePath, code, project.loaded),
      )
    ) {
      this.counts.filteredOut += 1;
      this.remember(fresh, text, false);
      return true;
    }
    return false;
  }

  private parse({ absolutePath, relativePath }: FreshFile, text: string): ProjectFile | undefined {
    let file: ProjectFile;
    try {
      file = this.project.register(absolutePath, text, this.project.heldParse(absolutePath, text) ?? this.timings.time('parse', () => this.project.parse(absolutePath, text)));
    } catch (error) {
      this.notifications.push({ kind: 'parse-error', level: 'error', file: relativePath, message: `could not parse ${relativePath}: ${describeError(error)}`, fileSkipped: true });
      return undefined;
    }
    this.counts.parsed += 1;
    return file;
  }

  /** The file's facts, or undefined when they could not be collected in time or at all (a notification says why). */
  private collect({ absolutePath, relativePath }: FreshFile, file: ProjectFile, budget: WorkBudget): FileFacts | undefined {
    try {
      return this.timings.time('facts', () => collectFacts(file.sourceFile, this.operationExtractor, this.sinkExtractor, this.gate, budget));
    } catch (error) {
      if (error instanceof WorkBudgetExceeded) {
        this.notifications.push({
          kind: 'timeout',
          level: 'error',
          file: relativePath,
          message: `${relativePath} was not analysed: its work budget of ${budget.limit} units ran out during ${error.phase}`,
          fileSkipped: true,
        });
      } else {
        this.notifications.push({ kind: 'parse-error', level: 'error', file: relativePath, message: `could not analyse ${relativePath}: ${describeError(error)}`, fileSkipped: true });
      }
      this.project.forget(absolutePath);
      return undefined;
    }
  }

  /** Records a fresh file's results in the cache (with the files its analysis loaded), after its config notifications. */
  private remember(fresh: FreshFile, text: string, parsed: boolean, skipped?: 'minified'): void {
    const { project, cache, pending, notifications } = this;
    notifications.push(...configNotifications(project));
    if (!cache) return;
    this.cachedFiles.add(fresh.relativePath);
    cache.store(this.input.root, fresh.relativePath, text, {
      findings: pending.slice(fresh.pendingBefore).map(redactForCache),
      notifications: notifications.slice(fresh.notificationsBefore),
      records: fresh.records,
      dependencies: [...project.loaded].filter((dependency) => dependency !== fresh.absolutePath),
      parsed,
      skipped,
    });
  }

  private addRecords(file: string, byRule: Readonly<Record<string, RecordData[]>> | undefined): void {
    for (const [ruleId, items] of Object.entries(byRule ?? {})) for (const data of items) (this.records[ruleId] ??= []).push({ file, data });
  }
}

/** The first region nested too deeply to analyse, and the first syntax error, of a parsed file. */
function partialParseNotifications(file: ProjectFile, relativePath: string): Notification[] {
  const notifications: Notification[] = [];
  for (const region of file.skippedRegions.slice(0, 1)) {
    notifications.push({
      kind: 'parse-error',
      level: 'warning',
      file: relativePath,
      line: region.line,
      column: region.column,
      message: `${relativePath}: code nested too deeply to analyse at ${region.line}:${region.column}${file.skippedRegions.length > 1 ? ` (and ${file.skippedRegions.length - 1} more regions)` : ''} was skipped; the rest of the file was analysed`,
    });
  }
  for (const syntaxError of file.syntaxErrors.slice(0, 1)) {
    notifications.push({
      kind: 'parse-error',
      level: 'warning',
      file: relativePath,
      line: syntaxError.line,
      column: syntaxError.column,
      message: `syntax error in ${relativePath} at ${syntaxError.line}:${syntaxError.column}: ${syntaxError.message}${file.syntaxErrors.length > 1 ? ` (and ${file.syntaxErrors.length - 1} more)` : ''}; findings from the recovered parse are still reported`,
    });
  }
  return notifications;
}

function configNotifications(project: Project): Notification[] {
  return project.takeConfigProblems().map((problem) => ({
    kind: 'unreadable',
    level: 'warning',
    file: project.relative(problem.file),
    message: `${project.relative(problem.file)}: ${problem.message}; imports it governs may not resolve as the project builds them`,
  }));
}
