import { sortFindings, sortNotifications, sortSkipped } from './sort.js';
import type { Finding, Fix, FlowStep, Notification, RelatedLocation, ScanReport, SourceLocation } from './types.js';

/** Rebuilt key by key so the key order is fixed whatever order the engine built its objects in. */
function location(l: SourceLocation): Record<string, unknown> {
  const out: Record<string, unknown> = { file: l.file, line: l.line, column: l.column, endLine: l.endLine, endColumn: l.endColumn };
  if (l.snippet !== undefined) out.snippet = l.snippet;
  return out;
}

function related(r: RelatedLocation | FlowStep): Record<string, unknown> {
  return { ...location(r), message: r.message };
}

function fix(x: Fix): Record<string, unknown> {
  return {
    description: x.description,
    replacements: x.replacements.map((r) => ({ file: r.file, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn, text: r.text })),
  };
}

function finding(f: Finding): Record<string, unknown> {
  return {
    ruleId: f.ruleId,
    level: f.level,
    message: f.message,
    location: location(f.location),
    related: f.related.map(related),
    ...(f.steps?.length ? { steps: f.steps.map(related) } : {}),
    fingerprint: f.fingerprint,
    ...(f.fixes?.length ? { fixes: f.fixes.map(fix) } : {}),
  };
}

function notification(n: Notification): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: n.kind, level: n.level, message: n.message };
  if (n.file !== undefined) out.file = n.file;
  if (n.line !== undefined) out.line = n.line;
  if (n.column !== undefined) out.column = n.column;
  if (n.ruleId !== undefined) out.ruleId = n.ruleId;
  out.fileSkipped = n.fileSkipped === true;
  return out;
}

/** `{ version, findings, notifications, stats }`, pretty-printed with a trailing newline; `version` is the tool version. */
export function formatJson(report: ScanReport): string {
  const doc = {
    version: report.toolVersion,
    findings: sortFindings(report.findings).map(finding),
    notifications: sortNotifications(report.notifications).map(notification),
    stats: {
      filesScanned: report.stats.filesScanned,
      filesParsed: report.stats.filesParsed,
      skipped: sortSkipped(report.stats.skipped).map((s) => ({ reason: s.reason, count: s.count })),
    },
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
