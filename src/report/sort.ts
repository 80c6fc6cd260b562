import type { Finding, Notification, SkipCount } from './types.js';

/** Code-unit order: identical on every machine and locale (unlike localeCompare). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Identifies a position: file, line and column. */
export const locationKey = (l: { file: string; line: number; column: number }): string => `${l.file}\0${l.line}\0${l.column}`;

/** Orders positions by file, then line, then column. */
export const compareLocations = (a: { file: string; line: number; column: number }, b: { file: string; line: number; column: number }): number =>
  compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column;

function compareFindings(a: Finding, b: Finding): number {
  const la = a.location;
  const lb = b.location;
  return (
    compareStrings(la.file, lb.file) ||
    la.line - lb.line ||
    la.column - lb.column ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message, b.message) ||
    la.endLine - lb.endLine ||
    la.endColumn - lb.endColumn ||
    compareStrings(a.fingerprint, b.fingerprint)
  );
}

/** Findings sorted by file, line, column, rule id, message (then end position and fingerprint). Returns a copy. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

function compareNotifications(a: Notification, b: Notification): number {
  // Notifications without a file come first.
  if (a.file === undefined && b.file !== undefined) return -1;
  if (a.file !== undefined && b.file === undefined) return 1;
  return (
    compareStrings(a.file ?? '', b.file ?? '') ||
    compareStrings(a.kind, b.kind) ||
    compareStrings(a.message, b.message) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    compareStrings(a.ruleId ?? '', b.ruleId ?? '') ||
    compareStrings(a.level, b.level) ||
    Number(a.fileSkipped === true) - Number(b.fileSkipped === true)
  );
}

/** Notifications sorted by file, kind, message (then position and rule id). Returns a copy. */
export function sortNotifications(notifications: readonly Notification[]): Notification[] {
  return [...notifications].sort(compareNotifications);
}

/** Skip reasons with a positive count, most frequent first, then by reason. Returns a copy. */
export function sortSkipped(skipped: readonly SkipCount[]): SkipCount[] {
  return skipped.filter((s) => s.count > 0).sort((a, b) => b.count - a.count || compareStrings(a.reason, b.reason));
}
