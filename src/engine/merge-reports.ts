import type { Notification, RuleDescriptor, ScanReport, SkipCount } from '../report/types.js';
import { finalizeFindings, type PendingFinding } from './findings.js';
import type { ScanRecords } from './project-rules.js';
import { TOOL_INFORMATION_URI, TOOL_NAME, TOOL_VERSION } from './tool.js';

/** How the files of a part ended: read, parsed, or left unparsed and why. */
export interface ScanCounts {
  scanned: number;
  parsed: number;
  filteredOut: number;
  declarations: number;
  minified: number;
}

export function emptyCounts(): ScanCounts {
  return { scanned: 0, parsed: 0, filteredOut: 0, declarations: 0, minified: 0 };
}

/**
 * What scanning some consecutive files of the sorted file list produced, before findings are merged, redacted and
 * fingerprinted: one scan makes one part, a --jobs child one per chunk of files it is given, and the scan-level
 * rules one more. Pending findings still carry the secrets they reveal (a part never leaves the machine: the
 * redaction needs every part's secrets).
 */
export interface ScanPart {
  pending: PendingFinding[];
  notifications: Notification[];
  /** The part's records for scan-level listeners, by rule id, in file order. */
  records: ScanRecords;
  counts: ScanCounts;
}

/**
 * The report of a scan from its parts in file order (scan-level part last): findings met at one place (a secret
 * declared in a module two files import) merged into one, every finding redacted of every secret any part found,
 * fingerprints over the whole set, notifications in order without repeats (a problem met by two parts, or
 * replayed from the cache and met again), and the counts summed. Concatenating parts in file order gives the
 * lists one scan of every file gives, so the report is that scan's.
 */
export function reportFromParts(parts: readonly ScanPart[], whole: { root: string; rules: readonly { meta: { descriptor: RuleDescriptor } }[]; skipped: readonly SkipCount[] }): ScanReport {
  const counts = emptyCounts();
  for (const part of parts) for (const key of Object.keys(counts) as (keyof ScanCounts)[]) counts[key] += part.counts[key];
  const skipped = [...whole.skipped];
  if (counts.filteredOut > 0) skipped.push({ reason: 'no JWT-related code (prefilter)', count: counts.filteredOut });
  if (counts.declarations > 0) skipped.push({ reason: 'declaration files (types only, no code to analyse)', count: counts.declarations });
  if (counts.minified > 0) skipped.push({ reason: 'minified or bundled', count: counts.minified });
  const notifications = parts.flatMap((part) => part.notifications);
  return {
    toolName: TOOL_NAME,
    toolVersion: TOOL_VERSION,
    informationUri: TOOL_INFORMATION_URI,
    root: whole.root,
    findings: finalizeFindings(parts.flatMap((part) => part.pending)),
    notifications: [...new Map(notifications.map((n) => [JSON.stringify(n), n])).values()],
    rules: whole.rules.map((rule) => rule.meta.descriptor),
    stats: { filesScanned: counts.scanned, filesParsed: counts.parsed, skipped },
  };
}

/** The records of parts in file order, concatenated per rule. */
export function mergeRecords(parts: readonly ScanPart[]): ScanRecords {
  const records: ScanRecords = {};
  for (const part of parts) for (const [ruleId, items] of Object.entries(part.records)) (records[ruleId] ??= []).push(...items);
  return records;
}
