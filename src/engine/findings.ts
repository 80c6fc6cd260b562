import type { ts } from 'ts-morph';
import type { Project } from '../binding/project.js';
import { assignFingerprints } from '../report/fingerprint.js';
import { redactInText } from '../report/redact.js';
import { compareLocations, locationKey } from '../report/sort.js';
import type { Finding, Fix, FlowStep, RelatedLocation, SourceLocation } from '../report/types.js';
import type { CachedFinding } from './cache.js';
import type { RuleFix } from './fix-builders.js';
import { locationOf, SNIPPET_WIDTH, windowAround } from './locations.js';
import { formatMessage, type FlowStepDescriptor, type RecordedLocation, type ReportDescriptor, type Rule } from './rule.js';

/** Findings from rule reports to the report: located, merged, redacted, sorted and fingerprinted. */

/** A finding as a rule reported it, with the secrets it shows (redacted when the findings are finalized). */
export interface PendingFinding {
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

/** A rule's report as a finding: its message written out, its locations made. */
export function pendingFinding(rule: Rule, descriptor: ReportDescriptor, project: Project): PendingFinding {
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
    ...fixesOf(project, descriptor),
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

/** The finding's fix: a recorded one as it is, offset-based edits made line/column replacements in the file of `at`. */
function fixesOf(project: Project, descriptor: ReportDescriptor): { fixes?: Fix[] } {
  const fix = descriptor.fix;
  if (fix === undefined) return {};
  if ('replacements' in fix) return { fixes: [fix] };
  return 'kind' in descriptor.at ? { fixes: [toFix(project, descriptor.at.getSourceFile(), fix)] } : {};
}

/** A rule's offset-based edits as line/column replacements in the file's repo-relative path. */
export function toFix(project: Project, sourceFile: ts.SourceFile, fix: RuleFix): Fix {
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

/** A location kept in a record: redacted and cut to the snippet width now, since records are cached. */
export function recordedLocation(project: Project, node: ts.Node, secrets: readonly string[]): RecordedLocation {
  const location = locationOf(project, node);
  if (location.snippet === undefined) return location;
  return { ...location, snippet: windowAround(redactInText(location.snippet, secretForms(secrets)), location.column - 1, SNIPPET_WIDTH) };
}

/** Cached findings never hold a raw secret: redact them with their own secrets before they are written. */
export function redactForCache(finding: PendingFinding): CachedFinding {
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
export function finalizeFindings(pending: PendingFinding[]): Finding[] {
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
