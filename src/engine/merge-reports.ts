import { assignFingerprints } from '../report/fingerprint.js';
import { compareLocations, locationKey } from '../report/sort.js';
import type { Finding, Notification, RuleDescriptor, ScanReport, SkipCount } from '../report/types.js';

/**
 * Combines the reports of scans over disjoint parts of one file set (--jobs children) into the report a single
 * scan of the whole set gives: findings reported by two parts at one place (a secret declared in a module both
 * parts import, a package manifest both parts share) become one with the union of their related locations,
 * and fingerprints are recomputed over the whole set so occurrence indices match a single scan.
 */
export function mergeScanReports(
  parts: readonly ScanReport[],
  whole: { root: string; rules: readonly RuleDescriptor[]; notifications: readonly Notification[]; skipped: readonly SkipCount[] },
): ScanReport {
  if (parts.length === 0) throw new Error('mergeScanReports: no reports to merge');
  const byPlace = new Map<string, Omit<Finding, 'fingerprint'>>();
  for (const part of parts) {
    for (const finding of part.findings) {
      const key = `${finding.ruleId}\0${locationKey(finding.location)}`;
      const existing = byPlace.get(key);
      if (existing === undefined) {
        const { fingerprint: _omitted, ...rest } = finding;
        byPlace.set(key, { ...rest, related: [...finding.related] });
        continue;
      }
      for (const related of finding.related) {
        if (!existing.related.some((r) => locationKey(r) === locationKey(related))) existing.related.push(related);
      }
      existing.related.sort(compareLocations);
    }
  }
  const findings = assignFingerprints([...byPlace.values()].sort((a, b) => compareLocations(a.location, b.location) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)));

  const notifications = [...whole.notifications];
  // Notifications about a shared file (an unreadable manifest) come from every part that read it: keep the
  // first part's, and skip the same notification from later parts.
  const fromEarlierParts = new Set<string>();
  for (const part of parts) {
    const keys = part.notifications.map((notification) => JSON.stringify(notification));
    part.notifications.forEach((notification, i) => {
      if (!fromEarlierParts.has(keys[i])) notifications.push(notification);
    });
    for (const key of keys) fromEarlierParts.add(key);
  }

  const skipped = new Map<string, SkipCount>();
  for (const entry of [...whole.skipped, ...parts.flatMap((p) => p.stats.skipped)]) {
    const known = skipped.get(entry.reason);
    skipped.set(entry.reason, known ? { ...known, count: known.count + entry.count } : { ...entry });
  }

  return {
    ...parts[0],
    root: whole.root,
    findings,
    notifications,
    rules: [...whole.rules],
    stats: {
      filesScanned: parts.reduce((sum, p) => sum + p.stats.filesScanned, 0),
      filesParsed: parts.reduce((sum, p) => sum + p.stats.filesParsed, 0),
      skipped: [...skipped.values()],
    },
  };
}
