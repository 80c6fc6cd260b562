import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import { Project, type ProjectFile } from '../binding/project.js';
import { TokenTracker } from '../dataflow/provenance.js';
import { ValueResolver } from '../dataflow/values.js';
import { EnvWrites } from '../dataflow/env-writes.js';
import { projectFunctionOf, returnedExpressions } from '../dataflow/summaries.js';
import { OperationExtractor, type JwtOperation } from '../facts/operations.js';
import { SinkExtractor, type TokenSink } from '../facts/sinks/index.js';
import { originalText } from '../parsing/parse.js';
import type { Parse } from '../parsing/parse-cache.js';
import { codeText } from '../parsing/embedded.js';
import { assignFingerprints } from '../report/fingerprint.js';
import { compareLocations, locationKey } from '../report/sort.js';
import { redactInText } from '../report/redact.js';
import type { Finding, Fix, FlowStep, Notification, RelatedLocation, ScanReport, SkipCount, SourceLocation } from '../report/types.js';
import { passesPrefilter } from './prefilter.js';
import { isDeclarationFile } from '../discovery/file-kinds.js';
import { isTestPath } from '../discovery/discover.js';
import { CalleeGate } from './callee-gate.js';
import { decodeSource, DEFAULT_MAX_FILE_BYTES, looksMinified, readSource } from './read.js';
import { manifestsFor, readManifest } from '../facts/manifests.js';
import type { LockGraph } from '../facts/lockfiles.js';
import type { RuleFix } from './fix-builders.js';
import { intoWrapper, wrappedOperation, wrappedSink, type WrappedFact } from './flow-steps.js';
import { formatMessage, type FileRecord, type FlowStepDescriptor, type RecordData, type RecordedLocation, type ReportDescriptor, type Rule, type RuleContext, type RuleListeners, type TextPosition } from './rule.js';
import { KeyIdentities } from '../facts/key-identity.js';
import { existsSync } from 'node:fs';
import { TOOL_INFORMATION_URI, TOOL_NAME, TOOL_VERSION } from './tool.js';
import { Timings } from './timing.js';
import type { CachedFinding, ScanCache } from './cache.js';

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
  /** Analysis time allowed per file before it is abandoned with a notification (default 30 s, wall clock). */
  fileTimeBudgetMs?: number;
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
   * Every file of the scan when `files` is only a part of it (a --jobs child, a --shard): facts that hold scan-wide
   * (`process.env.X = 'literal'` in any file) are read from all of them, so the part does not change the answer.
   * Defaults to `files`.
   */
  allFiles?: readonly string[];
  /** Called after each file of `files` is done (progress display). */
  onFileDone?: () => void;
  /**
   * When given, scan-level listeners (`scanEnd`) do not run: the files' records are handed to this function
   * instead (a --jobs child passes them to the parent, which runs `scanEndReport` over every part's records).
   */
  deferScanEnd?: (records: ScanRecords) => void;
}

/** What the files of a scan recorded, by rule id, in file order. */
export type ScanRecords = Record<string, FileRecord[]>;

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

export const DEFAULT_FILE_TIME_BUDGET_MS = 30_000;

/** Thrown inside a file's analysis when its time budget is spent. */
class TimeBudgetExceeded extends Error {
  constructor(readonly phase: string) {
    super(`time budget exceeded during ${phase}`);
  }
}

interface PendingFinding {
  ruleId: string;
  messageId?: string;
  level: Finding['level'];
  message: string;
  location: SourceLocation;
  related: RelatedLocation[];
  steps?: FlowStep[];
  secrets: string[];
  fixes?: Fix[];
}

interface FileFacts {
  /** Library operations, and operations through project wrappers in other modules (`via` set), in source order. */
  operations: JwtOperation[];
  sinks: TokenSink[];
  literals: (ts.StringLiteral | ts.NoSubstitutionTemplateLiteral)[];
}

const textCache = new Map<string, string[]>();
// (text positions are only used for package manifests, which are small)
function textLocationOf(project: Project, position: TextPosition): SourceLocation {
  let lines = textCache.get(position.file);
  if (!lines) {
    lines = readFileSync(position.file, 'utf8').split(/\r\n|\r|\n/);
    textCache.set(position.file, lines);
  }
  return {
    file: project.relative(position.file),
    line: position.line,
    column: position.column,
    endLine: position.line,
    endColumn: position.column + position.length,
    snippet: (lines[position.line - 1] ?? '').slice(0, MAX_RAW_SNIPPET),
  };
}

function locationOf(project: Project, at: ts.Node | TextPosition | RecordedLocation): SourceLocation {
  if ('endLine' in at) return at;
  if (!('kind' in at)) return textLocationOf(project, at);
  const node = at;
  const sourceFile = node.getSourceFile();
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
  const lineStarts = sourceFile.getLineStarts();
  const lineStart = lineStarts[start.line];
  const lineEnd = start.line + 1 < lineStarts.length ? lineStarts[start.line + 1] : sourceFile.text.length;
  // A component file's tree holds only its script code: the snippet comes from the text as written
  const snippet = originalText(sourceFile).slice(lineStart, lineEnd).replace(/[\r\n\u2028\u2029]+$/, '');
  return {
    file: project.relative(sourceFile.fileName),
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    snippet: snippet.length > MAX_RAW_SNIPPET ? windowAround(snippet, start.character, MAX_RAW_SNIPPET) : snippet,
  };
}

/** Snippets are kept whole (up to this) until secrets are redacted, then cut to SNIPPET_WIDTH around the column. */
const MAX_RAW_SNIPPET = 100_000;
const SNIPPET_WIDTH = 400;

function windowAround(text: string, column0: number, width: number): string {
  if (text.length <= width) return text;
  const start = Math.max(0, Math.min(column0 - Math.floor(width / 4), text.length - width));
  return (start > 0 ? '…' : '') + text.slice(start, start + width) + (start + width < text.length ? '…' : '');
}

/** One walk over the tree collects everything rules listen to. Iterative: deep nesting cannot overflow the stack. */
function collectFacts(sourceFile: ts.SourceFile, operations: OperationExtractor, sinks: SinkExtractor, gate: CalleeGate, wantLiterals: boolean, deadline: number): FileFacts {
  const facts: FileFacts = { operations: [], sinks: [...sinks.fileLevelSinks(sourceFile)], literals: [] };
  const stack: ts.Node[] = [sourceFile];
  let visited = 0;
  while (stack.length > 0) {
    const node = stack.pop()!;
    visited += 1;
    if ((visited & 1023) === 0 && Date.now() > deadline) throw new TimeBudgetExceeded('fact collection');
    if (ts.isCallExpression(node)) {
      const direct = gate.mayBeOperation(node) ? operations.operationsAt(node) : [];
      facts.operations.push(...direct);
      facts.sinks.push(...sinks.sinksAtCall(node));
      if (direct.length === 0 && gate.mayBeWrapperCall(node)) {
        facts.operations.push(...operations.wrapperOperationsAt(node));
        facts.sinks.push(...sinks.wrapperSinksAt(node));
      }
    } else if (ts.isNewExpression(node)) {
      if (gate.mayBeOperation(node)) facts.operations.push(...operations.operationsAt(node));
    } else if (ts.isBinaryExpression(node)) {
      facts.sinks.push(...sinks.sinksAtAssignment(node));
    } else if (wantLiterals && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) {
      facts.literals.push(node);
    }
    const children: ts.Node[] = [];
    node.forEachChild((child) => {
      children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]);
  }
  const byPosition = (a: { node: ts.Node }, b: { node: ts.Node }) => a.node.getStart() - b.node.getStart();
  facts.operations.sort(byPosition);
  facts.sinks.sort(byPosition);
  return facts;
}

function ruleOptions(rule: Rule, overrides: Record<string, unknown> | undefined): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [name, descriptor] of Object.entries(rule.meta.options ?? {})) options[name] = descriptor.default;
  return { ...options, ...(overrides ?? {}) };
}

/** Scans files with the given rules. Never throws for a problem with one file: it becomes a notification. */
export function scanFiles(input: ScanInput): ScanReport {
  const sourceBytes = input.sources ?? new Map<string, Buffer>();
  const sourceTexts = new Map<string, string>();
  for (const [file, bytes] of sourceBytes) {
    const decoded = decodeSource(bytes, file, Number.POSITIVE_INFINITY);
    if (decoded.ok) sourceTexts.set(path.resolve(file), decoded.text);
  }
  const project = new RecordingProject(input.root, sourceTexts, input.parse);
  const gate = new CalleeGate(project, (file) => project.loaded.add(file));
  // A cached result is keyed by the file on disk: texts given in `sources` are never cached.
  const cache = input.sources !== undefined && input.sources.size > 0 ? undefined : input.cache;
  const cachedFiles = new Set<string>();
  const resolver = new ValueResolver(project, new EnvWrites(project, [...new Set((input.allFiles ?? input.files).map((f) => path.resolve(f)))].sort(), sourceTexts));
  const operationExtractor = new OperationExtractor(resolver);
  const sinkExtractor = new SinkExtractor(resolver);
  const isSignCall = (call: ts.CallExpression | ts.NewExpression) => operationExtractor.operationsAt(call).some((op) => op.kind === 'sign');
  const tracker = new TokenTracker(isSignCall, (callee) => projectFunctionOf(callee, resolver));
  const keyIdentities = new KeyIdentities(resolver, input.root);
  const records: ScanRecords = {};
  const addRecords = (file: string, byRule: Readonly<Record<string, RecordData[]>> | undefined) => {
    for (const [ruleId, items] of Object.entries(byRule ?? {})) for (const data of items) (records[ruleId] ??= []).push({ file, data });
  };
  const notifications: Notification[] = [...(input.notifications ?? [])];
  const pending: PendingFinding[] = [];
  const maxBytes = input.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const budget = input.fileTimeBudgetMs ?? DEFAULT_FILE_TIME_BUDGET_MS;
  const timings = input.timings ?? new Timings();
  let filesParsed = 0;
  let filesScanned = 0;
  let filteredOut = 0;
  let declarations = 0;
  let minified = 0;

  const files = [...new Set(input.files.map((f) => path.resolve(f)))].sort();
  for (const absolutePath of files) {
    try {
      const relativePath = project.relative(absolutePath);
      const cached = cache && timings.time('cache', () => cache.lookup(input.root, relativePath));
      if (cached) {
        filesScanned += 1;
        cachedFiles.add(relativePath);
        pending.push(...cached.findings.map((finding) => ({ ...finding, secrets: [] })));
        notifications.push(...cached.notifications);
        addRecords(relativePath, cached.records);
        if (!cached.parsed) {
          if (cached.skipped === 'minified') minified += 1;
          else if (isDeclarationFile(absolutePath)) declarations += 1;
          else filteredOut += 1;
        }
        continue;
      }
      const pendingBefore = pending.length;
      const notificationsBefore = notifications.length;
      project.loaded.clear();
      const fileRecords: Record<string, RecordData[]> = {};
      const remember = (text: string, parsed: boolean, skipped?: 'minified') => {
        notifications.push(...configNotifications(project));
        if (!cache) return;
        cachedFiles.add(relativePath);
        cache.store(input.root, relativePath, text, {
          findings: pending.slice(pendingBefore).map(redactForCache),
          notifications: notifications.slice(notificationsBefore),
          records: fileRecords,
          dependencies: [...project.loaded].filter((dependency) => dependency !== absolutePath),
          parsed,
          skipped,
        });
      };
      const given = sourceBytes.get(absolutePath);
      const read = timings.time('read', () => (given !== undefined ? decodeSource(given, relativePath, maxBytes) : readSource(absolutePath, relativePath, maxBytes)));
      if (!read.ok) {
        notifications.push(read.notification);
        continue;
      }
      filesScanned += 1;
      notifications.push(...read.notifications);
      if (!input.includeMinified && looksMinified(read.text)) {
        minified += 1;
        notifications.push({ kind: 'minified', level: 'note', file: relativePath, message: `skipped ${relativePath}: it looks minified or bundled (very long lines); scan its sources instead` });
        remember(read.text, false, 'minified');
        continue;
      }
      // Declaration files hold types only: no call, no value, nothing that verifies, signs or leaks a token.
      if (isDeclarationFile(absolutePath)) {
        declarations += 1;
        remember(read.text, false);
        continue;
      }
      // A file that reaches a library only through a project wrapper or barrel (`import { lib } from './jwt'`) never names it,
      // nor does one that calls an auth helper module (`security.authorize(user)`: an operation through a wrapper).
      // In a component file only the script blocks count: words in its markup or styles are not code.
      const code = codeText(absolutePath, read.text);
      if (!timings.time('prefilter', () => passesPrefilter(code) || gate.importsLibraryProvider(absolutePath, code, project.loaded) || gate.importsLibraryUser(absolutePath, code, project.loaded))) {
        filteredOut += 1;
        remember(read.text, false);
        continue;
      }
      let file: ProjectFile;
      try {
        file = project.register(absolutePath, read.text, timings.time('parse', () => project.parse(absolutePath, read.text)));
      } catch (error) {
        notifications.push({ kind: 'parse-error', level: 'error', file: relativePath, message: `could not parse ${relativePath}: ${describe(error)}`, fileSkipped: true });
        continue;
      }
      filesParsed += 1;
      const deadline = Date.now() + budget;
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
      let facts: FileFacts;
      try {
        facts = timings.time('facts', () => collectFacts(file.sourceFile, operationExtractor, sinkExtractor, gate, true, deadline));
      } catch (error) {
        if (error instanceof TimeBudgetExceeded) {
          notifications.push({ kind: 'timeout', level: 'error', file: relativePath, message: `${relativePath} was not analysed: its ${budget} ms time budget ran out during ${error.phase}`, fileSkipped: true });
        } else {
          notifications.push({ kind: 'parse-error', level: 'error', file: relativePath, message: `could not analyse ${relativePath}: ${describe(error)}`, fileSkipped: true });
        }
        project.forget(absolutePath);
        continue;
      }
      timings.time('rules', () => runRules(input, file, facts, { resolver, tracker, operationExtractor, keyIdentities, project, pending, notifications, deadline, budget, timings, records: fileRecords }));
      addRecords(relativePath, fileRecords);
      remember(read.text, true);
      // Findings hold locations, not nodes: the tree can go (it is parsed again only if a later file imports it).
      project.forget(absolutePath);
    } finally {
      // A broken tsconfig is named with the file whose imports met it (and cached with that file's results)
      notifications.push(...configNotifications(project));
      input.onFileDone?.();
    }
  }

  if (cache) timings.time('cache', () => cache.save(cachedFiles));

  if (input.deferScanEnd) input.deferScanEnd(records);
  timings.time('project rules', () => runProjectRules(input, files, { project, pending, notifications }, input.deferScanEnd ? undefined : records));

  const skipped = [...(input.skipped ?? [])];
  if (filteredOut > 0) skipped.push({ reason: 'no JWT-related code (prefilter)', count: filteredOut });
  if (declarations > 0) skipped.push({ reason: 'declaration files (types only, no code to analyse)', count: declarations });
  if (minified > 0) skipped.push({ reason: 'minified or bundled', count: minified });
  return {
    toolName: TOOL_NAME,
    toolVersion: TOOL_VERSION,
    informationUri: TOOL_INFORMATION_URI,
    root: input.root,
    findings: timings.time('finalize', () => finalizeFindings(pending)),
    // a config problem replayed from the cache with one file may be met again by a file analysed afresh
    notifications: [...new Map(notifications.map((n) => [JSON.stringify(n), n])).values()],
    rules: input.rules.map((rule) => rule.meta.descriptor),
    stats: { filesScanned, filesParsed, skipped },
  };
}

function configNotifications(project: Project): Notification[] {
  return project.takeConfigProblems().map((problem) => ({
    kind: 'unreadable',
    level: 'warning',
    file: project.relative(problem.file),
    message: `${project.relative(problem.file)}: ${problem.message}; imports it governs may not resolve as the project builds them`,
  }));
}

function describe(error: unknown): string {
  if (error instanceof RangeError) return 'nesting too deep to analyse';
  return error instanceof Error ? error.message : String(error);
}

function pendingFinding(rule: Rule, descriptor: ReportDescriptor, project: Project): PendingFinding {
  const template = rule.meta.messages[descriptor.messageId];
  if (template === undefined) throw new Error(`rule ${rule.meta.id} has no message '${descriptor.messageId}'`);
  return {
    ruleId: rule.meta.id,
    messageId: descriptor.messageId,
    level: descriptor.level ?? rule.meta.level,
    message: formatMessage(template, descriptor.data),
    location: locationOf(project, descriptor.at),
    related: (descriptor.related ?? []).map((related) => ({ ...locationOf(project, related.at), message: related.message })),
    ...(descriptor.steps?.length ? { steps: stepLocations(project, descriptor.steps) } : {}),
    secrets: descriptor.secrets ?? [],
    ...(descriptor.fix !== undefined && 'kind' in descriptor.at ? { fixes: [toFix(project, descriptor.at.getSourceFile(), descriptor.fix)] } : {}),
  };
}

/** A finding's path as locations; steps that start at the same place as the one before join it (`…; returned by …`). */
function stepLocations(project: Project, steps: readonly FlowStepDescriptor[]): FlowStep[] {
  const out: FlowStep[] = [];
  for (const step of steps) {
    const location = { ...locationOf(project, step.at), message: step.message };
    const previous = out[out.length - 1];
    if (previous && previous.file === location.file && previous.line === location.line && previous.column === location.column) {
      if (!previous.message.includes(location.message)) previous.message = `${previous.message}; ${location.message}`;
    } else out.push(location);
  }
  return out;
}

/** A rule's offset-based edits as line/column replacements in the file's repo-relative path. */
function toFix(project: Project, sourceFile: ts.SourceFile, fix: RuleFix): Fix {
  const file = project.relative(sourceFile.fileName);
  const position = (offset: number) => sourceFile.getLineAndCharacterOfPosition(offset);
  return {
    description: fix.description,
    replacements: fix.edits.map((edit) => {
      const start = position(edit.start);
      const end = position(edit.end);
      return { file, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, text: edit.text };
    }),
  };
}

/** Project-level listeners: package manifests of the scanned files, then the scan-level listeners over the files' records. */
function runProjectRules(
  input: Pick<ScanInput, 'root' | 'rules' | 'ruleOptions'>,
  files: readonly string[],
  state: Pick<RunState, 'project' | 'pending' | 'notifications'>,
  records: ScanRecords | undefined,
): void {
  const projectRules = input.rules.filter((rule) => rule.createProject);
  if (projectRules.length === 0) return;
  const packageOf = packageResolver(input.root);
  const manifests = [];
  // which dependencies application code imports (vulnerable-library levels): test and fixture code do not ship
  const applicationFiles = files.filter((file) => !isTestPath(path.relative(input.root, file).split(path.sep).join('/')));
  const locks = new Map<string, LockGraph | Error | undefined>();
  for (const manifestPath of manifestsFor(files, input.root)) {
    const read = readManifest(manifestPath, input.root, applicationFiles, { locks });
    if (read.ok) manifests.push(read.manifest);
    if (read.ok && read.warning) state.notifications.push({ kind: 'unreadable', level: 'warning', file: state.project.relative(manifestPath), message: read.warning });
    if (!read.ok) state.notifications.push({ kind: 'unreadable', level: 'warning', file: state.project.relative(manifestPath), message: read.message });
  }
  for (const rule of projectRules) {
    try {
      const listeners = rule.createProject!({
        options: ruleOptions(rule, input.ruleOptions?.[rule.meta.id]),
        report: (descriptor) => state.pending.push(pendingFinding(rule, descriptor, state.project)),
        packageOf,
      });
      for (const manifest of manifests) listeners.manifest?.(manifest);
      if (records && listeners.scanEnd) {
        const ruleRecords = records[rule.meta.id] ?? [];
        try {
          listeners.scanEnd(ruleRecords);
        } catch (error) {
          state.notifications.push({ kind: 'rule-error', level: 'error', ruleId: rule.meta.id, message: `rule ${rule.meta.id} failed at the end of the scan: ${describe(error)}` });
        }
      }
    } catch (error) {
      state.notifications.push({ kind: 'rule-error', level: 'error', ruleId: rule.meta.id, message: `rule ${rule.meta.id} failed on package manifests: ${describe(error)}` });
    }
  }
}

/**
 * The scan-level findings over records gathered by several scans of parts of one file set (--jobs): the same
 * findings `scanFiles` reports over the whole set, as a report part for `mergeScanReports`.
 */
export function scanEndReport(input: Pick<ScanInput, 'root' | 'rules' | 'ruleOptions'>, records: ScanRecords): ScanReport {
  const project = new Project(input.root);
  const pending: PendingFinding[] = [];
  const notifications: Notification[] = [];
  runProjectRules(input, [], { project, pending, notifications }, records);
  return {
    toolName: TOOL_NAME,
    toolVersion: TOOL_VERSION,
    informationUri: TOOL_INFORMATION_URI,
    root: input.root,
    findings: finalizeFindings(pending),
    notifications,
    rules: input.rules.map((rule) => rule.meta.descriptor),
    stats: { filesScanned: 0, filesParsed: 0, skipped: [] },
  };
}

/** `packageOf` of scan-level contexts: the nearest directory with a package.json, at or below the root, else the file. */
function packageResolver(root: string): (file: string) => string {
  const byDirectory = new Map<string, string | undefined>();
  const lookup = (directory: string): string | undefined => {
    if (byDirectory.has(directory)) return byDirectory.get(directory);
    let found: string | undefined;
    if (existsSync(path.join(root, directory, 'package.json'))) found = directory;
    else if (directory !== '.' && directory !== '') found = lookup(path.posix.dirname(directory));
    byDirectory.set(directory, found);
    return found;
  };
  return (file) => lookup(path.posix.dirname(file)) ?? file;
}

interface RunState {
  resolver: ValueResolver;
  keyIdentities: KeyIdentities;
  /** This file's records, by rule id. */
  records: Record<string, RecordData[]>;
  tracker: TokenTracker;
  operationExtractor: OperationExtractor;
  project: Project;
  pending: PendingFinding[];
  notifications: Notification[];
  deadline: number;
  budget: number;
  timings: Timings;
}

function runRules(input: ScanInput, file: ProjectFile, facts: FileFacts, state: RunState): void {
  const scanned = { relativePath: file.relativePath, sourceFile: file.sourceFile };
  const operationsByNode = new Map<ts.Node, JwtOperation[]>();
  for (const operation of facts.operations) {
    // library operations only: a wrapper call is not itself a library call (its result may be anything the wrapper returns)
    if (!operation.via) operationsByNode.set(operation.node, [...(operationsByNode.get(operation.node) ?? []), operation]);
  }

  for (const [index, rule] of input.rules.entries()) {
    const ruleId = rule.meta.id;
    if (Date.now() > state.deadline) {
      const skippedRules = input.rules.slice(index).map((r) => r.meta.id).join(', ');
      state.notifications.push({
        kind: 'timeout',
        level: 'warning',
        file: file.relativePath,
        message: `${file.relativePath} was partly analysed: its ${state.budget} ms time budget ran out before rules ${skippedRules} ran`,
      });
      return;
    }
    const guard = (what: string, run: () => void): void => {
      const start = performance.now();
      try {
        run();
      } catch (error) {
        state.notifications.push({
          kind: 'rule-error',
          level: 'error',
          file: file.relativePath,
          ruleId,
          message: `rule ${ruleId} failed on ${file.relativePath} (${what}): ${describe(error)}`,
        });
      } finally {
        state.timings.addRule(ruleId, performance.now() - start);
      }
    };
    /** The operation or sink through a wrapper being dispatched: the library call or sink inside is a related location and the end of its path. */
    let via: WrappedFact | undefined;
    const context: RuleContext = {
      file: scanned,
      options: ruleOptions(rule, input.ruleOptions?.[ruleId]),
      operations: facts.operations,
      resolve: (expression) => state.resolver.resolve(expression),
      tokenOrigin: (expression) => state.tracker.tokenOrigin(expression),
      requestOrigin: (expression) => state.tracker.requestOrigin(expression),
      operationsAt: (node) => operationsByNode.get(node) ?? state.operationExtractor.operationsAt(node),
      registrations: () => state.operationExtractor.registrationsIn(scanned.sourceFile),
      returnedBy: (node) => {
        const fn = state.operationExtractor.summaries.functionAt(node);
        return fn ? returnedExpressions(fn.body) : [];
      },
      claimReadAfterVerify: (claim) => state.operationExtractor.claimReadAfterVerify(claim, scanned.sourceFile.fileName),
      keyIdentity: (expression) => state.keyIdentities.of(expression),
      report: (descriptor: ReportDescriptor) => {
        // a finding on an operation through a wrapper points at the library call inside as well
        const related = via ? [...(descriptor.related ?? []), { at: via.inner.node, message: `${via.inner.api}, inside the called function` }] : descriptor.related;
        const steps = via ? intoWrapper(descriptor.steps, via) : descriptor.steps;
        state.pending.push(pendingFinding(rule, { ...descriptor, related, steps }, state.project));
      },
      record: (data) => {
        (state.records[ruleId] ??= []).push(data);
      },
      locate: (node, secrets = []) => recordedLocation(state.project, node, secrets),
    };
    let listeners: RuleListeners = {};
    guard('create', () => {
      listeners = rule.create(context);
    });
    for (const operation of facts.operations) {
      const listener = listeners[operation.kind];
      // Operations through a project wrapper go only to rules whose problem is carried by an argument
      if (!listener || (operation.via && !rule.meta.wrapperCalls)) continue;
      via = operation.via ? wrappedOperation(operation, operation.via) : undefined;
      guard(`${operation.kind} at line ${operation.node.getSourceFile().getLineAndCharacterOfPosition(operation.node.getStart()).line + 1}`, () => listener(operation));
      via = undefined;
    }
    if (listeners.tokenSink) {
      for (const sink of facts.sinks) {
        // sinks through a project function go only to rules that follow wrappers, with the inner sink as related location
        if (sink.via && !rule.meta.wrapperCalls) continue;
        via = sink.via ? wrappedSink(sink, sink.via) : undefined;
        guard('token sink', () => listeners.tokenSink!(sink));
        via = undefined;
      }
    }
    if (listeners.stringLiteral) for (const literal of facts.literals) guard('string literal', () => listeners.stringLiteral!(literal));
    if (listeners.endFile) guard('end of file', () => listeners.endFile!());
  }
}


/** A location kept in a record: redacted and cut to the snippet width now, since records are cached. */
function recordedLocation(project: Project, node: ts.Node, secrets: readonly string[]): RecordedLocation {
  const location = locationOf(project, node);
  if (location.snippet === undefined) return location;
  return { ...location, snippet: windowAround(redactInText(location.snippet, secretForms(secrets)), location.column - 1, SNIPPET_WIDTH) };
}

/** Cached findings never hold a raw secret: redact them with their own secrets before they are written. */
function redactForCache(finding: PendingFinding): CachedFinding {
  const secrets = secretForms(finding.secrets);
  const redact = <T extends SourceLocation>(location: T): T => (location.snippet === undefined ? location : { ...location, snippet: redactInText(location.snippet, secrets) });
  return {
    ruleId: finding.ruleId,
    messageId: finding.messageId,
    level: finding.level,
    message: redactInText(finding.message, secrets),
    location: redact(finding.location),
    related: finding.related.map((related) => ({ ...redact(related), message: redactInText(related.message, secrets) })),
    ...(finding.steps ? { steps: finding.steps.map((step) => ({ ...redact(step), message: redactInText(step.message, secrets) })) } : {}),
    ...(finding.fixes === undefined ? {} : { fixes: finding.fixes }),
  };
}

/**
 * Every way a secret can appear in output: as its value, as it is written in source (escapes such as
 * `\n` in a PEM string), and each of its lines on its own (a multi-line key shows one line per snippet).
 */
function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(secret.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/'/g, "\\'"));
    for (const line of secret.split(/\r\n|\r|\n/)) if (line.trim().length >= 8 && !/^-----(BEGIN|END) /.test(line.trim())) forms.add(line.trim());
  }
  return [...forms];
}

/** Merges findings reported twice at one place, redacts secrets everywhere, sorts, fingerprints. */
function finalizeFindings(pending: PendingFinding[]): Finding[] {
  const merged = new Map<string, PendingFinding>();
  for (const finding of pending) {
    const key = `${finding.ruleId}\0${locationKey(finding.location)}`;
    const existing = merged.get(key);
    if (!existing) {
      merged.set(key, { ...finding, related: [...finding.related], secrets: [...finding.secrets] });
      continue;
    }
    for (const related of finding.related) {
      if (!existing.related.some((r) => locationKey(r) === locationKey(related))) existing.related.push(related);
    }
    existing.secrets.push(...finding.secrets);
  }
  const secrets = secretForms([...merged.values()].flatMap((f) => f.secrets));
  const redactLocation = <T extends SourceLocation>(location: T): T =>
    location.snippet === undefined ? location : { ...location, snippet: windowAround(redactInText(location.snippet, secrets), location.column - 1, SNIPPET_WIDTH) };
  const findings = [...merged.values()]
    .map((f) => ({
      ruleId: f.ruleId,
      messageId: f.messageId,
      level: f.level,
      message: redactInText(f.message, secrets),
      location: redactLocation(f.location),
      related: f.related.sort(compareLocations).map((r) => ({ ...redactLocation(r), message: redactInText(r.message, secrets) })),
      ...(f.steps ? { steps: f.steps.map((s) => ({ ...redactLocation(s), message: redactInText(s.message, secrets) })) } : {}),
      ...(f.fixes === undefined ? {} : { fixes: f.fixes }),
    }))
    .sort((a, b) => compareLocations(a.location, b.location) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  return assignFingerprints(findings);
}
