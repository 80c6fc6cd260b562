import type * as sarif from 'sarif';
import { compareStrings, sortFindings, sortNotifications } from './sort.js';
import type { Finding, Fix, FlowStep, Level, NotificationKind, RuleDescriptor, RuleExample, ScanReport, SourceLocation } from './types.js';
import { toRelativeUri } from './uri.js';

const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
export const FINGERPRINT_KEY = 'jwtlint/v1';
/** GitHub code scanning shows at most 5000 results per run; we keep the first 5000 after sorting. */
export const MAX_RESULTS_PER_RUN = 5000;
const MAX_TAGS = 10;
/** Descriptor id of the notification added when results are dropped (not a per-file NotificationKind). */
export const RESULT_LIMIT_NOTIFICATION = 'result-limit';

export interface SarifOptions {
  /** GitHub code scanning category; written as runs[0].automationDetails.id = `${category}/`. */
  category?: string;
  /** Results kept per run (default 5000). */
  maxResults?: number;
}

const NOTIFICATION_DESCRIPTIONS: Record<NotificationKind | typeof RESULT_LIMIT_NOTIFICATION, string> = {
  unreadable: 'The file could not be read.',
  binary: 'The file looks binary and was not analysed.',
  'too-large': 'The file is larger than the size limit and was not analysed.',
  minified: 'The file looks minified or bundled (very long lines) and was not analysed; scan its sources instead.',
  'invalid-encoding': 'The file is not valid text in a supported encoding and was not analysed.',
  'parse-error': 'The file has syntax errors; it was analysed partly or not at all.',
  'rule-error': 'A rule failed on the file; the other rules still ran.',
  timeout: 'Analysis of the file took too long and was stopped.',
  'not-a-file': 'The path is not a regular file.',
  [RESULT_LIMIT_NOTIFICATION]: 'There were more results than one SARIF run may hold; the rest were dropped.',
};

const PROBLEM_SEVERITY: Record<Level, 'error' | 'warning' | 'recommendation'> = {
  error: 'error',
  warning: 'warning',
  note: 'recommendation',
};

/** 'hardcoded-secret' → 'HardcodedSecret'. */
function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/** `security-severity` as GitHub wants it: a string holding a number in (0, 10], e.g. "7.5". */
function formatSecuritySeverity(ruleId: string, n: number): string {
  if (!Number.isFinite(n) || n <= 0 || n > 10) {
    throw new Error(`rule ${ruleId}: securitySeverity must be a number in (0, 10], got ${String(n)}`);
  }
  // One decimal place when that is exact (9 → "9.0", 7.5 → "7.5"); otherwise the shortest exact form.
  return Number.isInteger(n * 10) ? n.toFixed(1) : String(n);
}

function ruleTags(rule: RuleDescriptor): string[] {
  const cwes = [...new Set(rule.cwe)].sort((a, b) => a - b).map((n) => `external/cwe/cwe-${n}`);
  return ['security', ...cwes].slice(0, MAX_TAGS);
}

function fenceLanguage(example: RuleExample): string {
  const name = example.fileName ?? 'example.ts';
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? 'ts';
  const map: Record<string, string> = { ts: 'ts', mts: 'ts', cts: 'ts', tsx: 'tsx', js: 'js', mjs: 'js', cjs: 'js', jsx: 'jsx' };
  return map[ext] ?? ext;
}

function codeFence(example: RuleExample): string {
  const longestRun = Math.max(2, ...(example.code.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}${fenceLanguage(example)}\n${example.code.replace(/\n+$/, '')}\n${fence}`;
}

function indent(text: string, prefix: string): string {
  return text
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => (line.length > 0 ? prefix + line : line))
    .join('\n');
}

function optionLines(rule: RuleDescriptor): string[] {
  return Object.keys(rule.options)
    .sort(compareStrings)
    .map((name) => {
      const o = rule.options[name];
      return `- \`${name}\` (${o.type}, default \`${JSON.stringify(o.default)}\`): ${o.description}`;
    });
}

function ruleHelpMarkdown(rule: RuleDescriptor): string {
  const parts = [
    `# ${rule.title}`,
    rule.description,
    `## Why it matters\n\n${rule.rationale.trim()}`,
    `## How to fix\n\n${rule.remediation.trim()}`,
    `## Example\n\nBad:\n\n${codeFence(rule.examples.bad)}\n\nGood:\n\n${codeFence(rule.examples.good)}`,
  ];
  const options = optionLines(rule);
  if (options.length > 0) parts.push(`## Options\n\n${options.join('\n')}`);
  if (rule.references.length > 0) parts.push(`## References\n\n${rule.references.map((r) => `- ${r}`).join('\n')}`);
  return parts.join('\n\n') + '\n';
}

function ruleHelpText(rule: RuleDescriptor): string {
  const parts = [
    `${rule.title}\n\n${rule.description}`,
    `Why it matters:\n${rule.rationale.trim()}`,
    `How to fix:\n${rule.remediation.trim()}`,
    `Bad example:\n${indent(rule.examples.bad.code, '    ')}`,
    `Good example:\n${indent(rule.examples.good.code, '    ')}`,
  ];
  const options = optionLines(rule);
  if (options.length > 0) parts.push(`Options:\n${options.join('\n')}`);
  if (rule.references.length > 0) parts.push(`References:\n${rule.references.map((r) => `- ${r}`).join('\n')}`);
  return parts.join('\n\n') + '\n';
}

function joinUri(base: string, relative: string): string {
  return `${base.replace(/\/+$/, '')}/${relative.replace(/^\/+/, '')}`;
}

/** The web address of a rule's documentation page (SARIF helpUri, the editor's link on a diagnostic). */
export function ruleHelpUrl(informationUri: string, rule: Pick<RuleDescriptor, 'helpUri'>): string {
  return joinUri(joinUri(informationUri, 'blob/main'), rule.helpUri);
}

function toReportingDescriptor(rule: RuleDescriptor, informationUri: string): sarif.ReportingDescriptor {
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: { text: ruleHelpText(rule), markdown: ruleHelpMarkdown(rule) },
    helpUri: ruleHelpUrl(informationUri, rule),
    defaultConfiguration: { level: rule.level },
    properties: {
      tags: ruleTags(rule),
      precision: rule.precision,
      'problem.severity': PROBLEM_SEVERITY[rule.level],
      'security-severity': formatSecuritySeverity(rule.id, rule.securitySeverity),
    },
  };
}

function toRegion(loc: SourceLocation): sarif.Region {
  // Keep regions well formed even if the engine hands us an end before the start.
  const endLine = Math.max(loc.endLine, loc.line);
  const endColumn = endLine === loc.line ? Math.max(loc.endColumn, loc.column) : loc.endColumn;
  const region: sarif.Region = { startLine: loc.line, startColumn: loc.column, endLine, endColumn };
  if (loc.snippet !== undefined) region.snippet = { text: loc.snippet };
  return region;
}

function toPhysicalLocation(loc: SourceLocation): sarif.PhysicalLocation {
  return {
    artifactLocation: { uri: toRelativeUri(loc.file), uriBaseId: SRCROOT },
    region: toRegion(loc),
  };
}

/** A fix as SARIF artifactChanges: one per file, its replacements in order (deletedRegion + insertedContent). */
function toSarifFix(fix: Fix): sarif.Fix {
  const files = [...new Set(fix.replacements.map((r) => r.file))];
  return {
    description: { text: fix.description },
    artifactChanges: files.map((file) => ({
      artifactLocation: { uri: toRelativeUri(file), uriBaseId: SRCROOT },
      replacements: fix.replacements
        .filter((r) => r.file === file)
        .map((r) => ({
          deletedRegion: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
          ...(r.text === '' ? {} : { insertedContent: { text: r.text } }),
        })),
    })),
  };
}

/** A finding's path as one thread flow, source first (GitHub code scanning shows it as "Show paths"). */
function toCodeFlow(steps: readonly FlowStep[]): sarif.CodeFlow {
  const locations = steps.map(
    (step, i): sarif.ThreadFlowLocation => ({
      location: { physicalLocation: toPhysicalLocation(step), message: { text: step.message } },
      // the source and the sink are what a reader looks for first; the steps between are detail
      importance: i === 0 || i === steps.length - 1 ? 'essential' : 'important',
    }),
  );
  return { threadFlows: [{ locations }] };
}

function toResult(finding: Finding, ruleIndex: number): sarif.Result {
  const result: sarif.Result = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: finding.level,
    message: { text: finding.message },
    locations: [{ physicalLocation: toPhysicalLocation(finding.location) }],
  };
  if (finding.related.length > 0) {
    result.relatedLocations = finding.related.map((rel, i) => ({
      id: i + 1,
      physicalLocation: toPhysicalLocation(rel),
      message: { text: rel.message },
    }));
  }
  if (finding.steps !== undefined && finding.steps.length > 0) result.codeFlows = [toCodeFlow(finding.steps)];
  result.partialFingerprints = { [FINGERPRINT_KEY]: finding.fingerprint };
  if (finding.fixes !== undefined && finding.fixes.length > 0) result.fixes = finding.fixes.map(toSarifFix);
  if (finding.suppression !== undefined) {
    // Only present with --include-suppressed (suppressed findings are otherwise left out before toSarif).
    const suppression: sarif.Suppression = { kind: finding.suppression.kind };
    if (finding.suppression.justification !== '') suppression.justification = finding.suppression.justification;
    result.suppressions = [suppression];
  }
  return result;
}

interface NotificationInput {
  kind: string;
  level: Level;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  ruleId?: string;
}

function toSarifNotification(n: NotificationInput, descriptorIndex: Map<string, number>, ruleIndex: Map<string, number>): sarif.Notification {
  const out: sarif.Notification = {
    level: n.level,
    message: { text: n.message },
    descriptor: { id: n.kind, index: descriptorIndex.get(n.kind) },
  };
  if (n.file !== undefined) {
    const physicalLocation: sarif.PhysicalLocation = {
      artifactLocation: { uri: toRelativeUri(n.file), uriBaseId: SRCROOT },
    };
    if (n.line !== undefined) {
      physicalLocation.region = n.column !== undefined ? { startLine: n.line, startColumn: n.column } : { startLine: n.line };
    }
    out.locations = [{ physicalLocation }];
  }
  if (n.ruleId !== undefined) {
    const index = ruleIndex.get(n.ruleId);
    out.associatedRule = index === undefined ? { id: n.ruleId } : { id: n.ruleId, index };
  }
  return out;
}

/** The scan report as a SARIF 2.1.0 log with one run, ready for GitHub code scanning. Deterministic: no timestamps. */
export function toSarif(report: ScanReport, opts: SarifOptions = {}): sarif.Log {
  const maxResults = opts.maxResults ?? MAX_RESULTS_PER_RUN;
  const rules = [...report.rules].sort((a, b) => compareStrings(a.id, b.id));
  const ruleIndex = new Map<string, number>();
  rules.forEach((rule, i) => {
    if (ruleIndex.has(rule.id)) throw new Error(`toSarif: rule ${rule.id} is listed twice`);
    ruleIndex.set(rule.id, i);
  });

  const findings = sortFindings(report.findings);
  const kept = findings.slice(0, maxResults);
  const results = kept.map((f) => {
    const index = ruleIndex.get(f.ruleId);
    if (index === undefined) {
      throw new Error(`toSarif: finding in ${f.location.file} has rule ${f.ruleId}, which is not in report.rules`);
    }
    return toResult(f, index);
  });

  const notifications: NotificationInput[] = sortNotifications(report.notifications);
  const dropped = findings.length - kept.length;
  if (dropped > 0) {
    notifications.push({
      kind: RESULT_LIMIT_NOTIFICATION,
      level: 'warning',
      message: `Found ${findings.length} results; only the first ${kept.length} (sorted by file, line, column and rule) are included, ${dropped} were dropped. Narrow the scan or fix findings to see the rest.`,
    });
  }
  const kinds = [...new Set(notifications.map((n) => n.kind))].sort(compareStrings);
  const descriptorIndex = new Map(kinds.map((k, i) => [k, i]));

  const driver: sarif.ToolComponent = {
    name: report.toolName,
    version: report.toolVersion,
    semanticVersion: report.toolVersion,
    informationUri: report.informationUri,
    rules: rules.map((r) => toReportingDescriptor(r, report.informationUri)),
  };
  if (kinds.length > 0) {
    driver.notifications = kinds.map((kind) => {
      const text = NOTIFICATION_DESCRIPTIONS[kind as keyof typeof NOTIFICATION_DESCRIPTIONS] ?? kind;
      // GitHub (GH2012) wants fullDescription and help on every reportingDescriptor, notifications included.
      return { id: kind, shortDescription: { text }, fullDescription: { text }, help: { text } };
    });
  }

  const run: sarif.Run = {
    tool: { driver },
    invocations: [
      {
        executionSuccessful: !report.notifications.some((n) => n.fileSkipped === true),
        toolExecutionNotifications: notifications.map((n) => toSarifNotification(n, descriptorIndex, ruleIndex)),
      },
    ],
    // %SRCROOT% is left for the consumer to bind (GitHub binds it to the checkout): no absolute path of this machine in the log.
    originalUriBaseIds: { [SRCROOT]: { description: { text: 'The root of the scanned repository.' } } },
    results,
    columnKind: 'utf16CodeUnits',
  };
  if (opts.category !== undefined && opts.category.length > 0) {
    run.automationDetails = { id: opts.category.endsWith('/') ? opts.category : `${opts.category}/` };
  }
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}
