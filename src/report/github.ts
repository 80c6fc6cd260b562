import { sortFindings, sortNotifications } from './sort.js';
import type { Finding, Level, Notification, ScanReport } from './types.js';

/**
 * GitHub Actions workflow commands (`::error file=src/a.ts,line=3,col=10,endLine=3,endColumn=20,title=...::message`):
 * each finding becomes an annotation on the pull request's diff. Paths are relative to the scan root, which is the
 * repository root in a checkout. https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
const COMMAND: Record<Level, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', note: 'notice' };

/** Escapes the message part of a workflow command. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value (file, title) of a workflow command: also `:` and `,`. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(name: string, properties: [string, string | number | undefined][], message: string): string {
  const props = properties
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${name}${props.length > 0 ? ` ${props}` : ''}::${escapeData(message)}`;
}

export function formatGithubFinding(f: Finding): string {
  const loc = f.location;
  const sameLine = loc.endLine === loc.line;
  return command(
    COMMAND[f.level],
    [
      ['file', loc.file],
      ['line', loc.line],
      ['endLine', loc.endLine],
      // GitHub accepts columns only within one line.
      ['col', sameLine ? loc.column : undefined],
      ['endColumn', sameLine ? loc.endColumn : undefined],
      ['title', `jwtlint ${f.ruleId}`],
    ],
    f.message,
  );
}

function formatGithubNotification(n: Notification): string {
  const what = n.fileSkipped ? 'could not analyse' : 'partly analysed';
  return command(
    n.level === 'error' ? 'error' : 'warning',
    [
      ['file', n.file],
      ['line', n.file === undefined ? undefined : n.line],
      ['col', n.file === undefined || n.line === undefined ? undefined : n.column],
      ['title', `jwtlint ${what}${n.ruleId === undefined ? '' : ` (rule ${n.ruleId})`}`],
    ],
    n.message,
  );
}

/** One workflow command per finding, then per notification; empty when there are neither. */
export function formatGithub(report: ScanReport): string {
  const lines = [...sortFindings(report.findings).map(formatGithubFinding), ...sortNotifications(report.notifications).map(formatGithubNotification)];
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}
