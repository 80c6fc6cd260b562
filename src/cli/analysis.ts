/**
 * The steps of an analysis that the command line and the language server share: where the scan root is and
 * which configuration applies, which rules run with which options, and what the configuration and in-source
 * directives do to the engine's findings. Each step is a pure function of its inputs (plus the files it reads).
 */
import path from 'node:path';
import { loadConfig, loadIgnoreFile, rebasePatterns, type LoadedConfig } from '../config/config.js';
import { findScanRoot } from '../discovery/index.js';
import { isInside } from '../paths.js';
import { applySuppressions, DIRECTIVE_MARKER, parseDirectives, type DisableDirective } from '../engine/suppressions.js';
import type { Rule } from '../engine/rule.js';
import type { Level, RuleDescriptor, ScanReport } from '../report/types.js';

export interface ScanPlan {
  root: string;
  config: LoadedConfig;
  ignorePatterns: string[];
  includeTests: boolean;
}

export interface PlanRequest {
  /** Directory relative paths and `configPath` are resolved from. */
  cwd: string;
  /** Absolute paths of the targets (files or directories). */
  targets: readonly string[];
  /** Where the configuration and `.jwtlintignore` search starts. */
  startDir: string;
  configPath?: string;
  includeTests: boolean;
}

/** The deepest directory containing every target (a file counts as its directory). */
export function commonDirectory(targets: readonly string[]): string {
  let dir = targets[0];
  for (const target of targets) {
    while (!isInside(dir, target)) dir = path.dirname(dir);
  }
  return dir;
}

/** Configuration, ignore files and the scan root for the targets. */
export function planScan(request: PlanRequest, rules: readonly RuleDescriptor[]): ScanPlan {
  const cwd = path.resolve(request.cwd);
  const fromCwd = findScanRoot(cwd);
  // The same root discovery picks: the repository of cwd when it holds every target, else that of the targets.
  let root = request.targets.every((t) => isInside(fromCwd, t)) ? fromCwd : findScanRoot(request.startDir);
  for (const t of request.targets) while (!isInside(root, t)) root = path.dirname(root);
  const config = loadConfig({ cwd, startDir: request.startDir, configPath: request.configPath, rules });
  const ignorePatterns = rebasePatterns(config.config.ignore, config.baseDir, root);
  const ignoreFile = loadIgnoreFile(request.startDir);
  if (ignoreFile) ignorePatterns.push(...rebasePatterns(ignoreFile.patterns, ignoreFile.baseDir, root));
  return { root, config, ignorePatterns, includeTests: request.includeTests || config.config.includeTests === true };
}

/** Rules switched off are not run; configured options go to the engine (levels are applied to findings later). */
export function selectRules(all: readonly Rule[], config: LoadedConfig): { rules: Rule[]; ruleOptions: Record<string, Record<string, unknown>> } {
  const rules = all.filter((rule) => config.config.rules[rule.meta.id]?.level !== 'off');
  const ruleOptions: Record<string, Record<string, unknown>> = {};
  for (const [id, entry] of Object.entries(config.config.rules)) if (Object.keys(entry.options).length > 0) ruleOptions[id] = entry.options;
  return { rules, ruleOptions };
}

/** The configured level of each rule replaces its default, in findings and in the rule descriptors. */
export function applyConfiguredLevels(report: ScanReport, config: LoadedConfig): ScanReport {
  const levelOf = (ruleId: string): Level | undefined => {
    const level = config.config.rules[ruleId]?.level;
    return level === undefined || level === 'off' ? undefined : level;
  };
  return {
    ...report,
    findings: report.findings.map((f) => {
      const level = levelOf(f.ruleId);
      return level === undefined || level === f.level ? f : { ...f, level };
    }),
    rules: report.rules.map((d) => {
      const level = levelOf(d.id);
      return level === undefined ? d : { ...d, level };
    }),
  };
}

/** The `jwtlint-disable` directives of the given files (repo-relative paths); unreadable files have none. */
function directivesIn(files: Iterable<string>, readText: (relative: string) => string | undefined): DisableDirective[] {
  const directives: DisableDirective[] = [];
  for (const file of files) {
    const text = readText(file);
    if (text !== undefined && text.includes(DIRECTIVE_MARKER)) directives.push(...parseDirectives(file, text));
  }
  return directives;
}

/** Marks findings covered by in-source directives (read from the files the findings are in). */
export function suppressInSource(
  report: ScanReport,
  readText: (relative: string) => string | undefined,
  knownRuleIds: ReadonlySet<string>,
  extraFiles: Iterable<string> = [],
): ReturnType<typeof applySuppressions> {
  const files = new Set(report.findings.map((f) => f.location.file));
  for (const file of extraFiles) files.add(file);
  return applySuppressions(report.findings, directivesIn(files, readText), knownRuleIds);
}
