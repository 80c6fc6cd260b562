import { sanitizeLine } from './sanitize.js';
import { sortFindings, sortNotifications } from './sort.js';
import type { Finding, Notification, ScanReport } from './types.js';

/**
 * The regular expression of the gcc problem matcher (GitHub Actions, VS Code `$gcc`). Every line of the
 * compact format matches it: group 1 path, 2 line, 3 column, 4 severity, 5 message.
 */
export const GCC_PROBLEM_PATTERN = /^(.*):(\d+):(\d+):\s+(warning|error):\s+(.*)$/;

/**
 * `path:line:col: error: message [rule-id]`. The gcc matcher only knows error and warning, so notes are
 * printed as `warning: (note) message [rule-id]`.
 */
function formatCompactFinding(f: Finding): string {
  const severity = f.level === 'error' ? 'error' : 'warning';
  const note = f.level === 'note' ? '(note) ' : '';
  return `${sanitizeLine(f.location.file)}:${f.location.line}:${f.location.column}: ${severity}: ${note}${sanitizeLine(f.message)} [${f.ruleId}]`;
}

/** `path:line:col: warning: could not analyse|partly analysed: message [jwtlint/<kind>]` (line and column 1 when unknown). */
function formatCompactNotification(n: Notification): string {
  const file = n.file === undefined ? '.' : sanitizeLine(n.file);
  const rule = n.ruleId === undefined ? '' : ` (rule ${n.ruleId})`;
  return `${file}:${n.line ?? 1}:${n.column ?? 1}: warning: ${n.fileSkipped ? 'could not analyse' : 'partly analysed'}: ${sanitizeLine(n.message)}${rule} [jwtlint/${n.kind}]`;
}

/** One line per finding, then one per notification; empty when there are neither. */
export function formatCompact(report: ScanReport): string {
  const lines = [...sortFindings(report.findings).map(formatCompactFinding), ...sortNotifications(report.notifications).map(formatCompactNotification)];
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}
