import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Project } from '../binding/project.js';
import { isTestPath } from '../discovery/discover.js';
import type { LockGraph } from '../facts/lockfiles.js';
import { manifestsFor, readManifest } from '../facts/manifests.js';
import type { Notification } from '../report/types.js';
import { pendingFinding, type PendingFinding } from './findings.js';
import type { FileRecord } from './rule.js';
import { describeError, ruleOptions, type RuleSet } from './run-rules.js';

/** Scan-level rules: package manifests of the scanned files, and what every file recorded (`scanEnd`). */

/** What the files of a scan recorded, by rule id, in file order. */
export type ScanRecords = Record<string, FileRecord[]>;

/** Project-level listeners: package manifests of the scanned files, then the scan-level listeners over the files' records. */
export function runProjectRules(
  input: RuleSet & { root: string },
  files: readonly string[],
  state: { project: Project; pending: PendingFinding[]; notifications: Notification[] },
  records: ScanRecords | undefined,
  partial = false,
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
        partial,
        report: (descriptor) => state.pending.push(pendingFinding(rule, descriptor, state.project)),
        packageOf,
      });
      for (const manifest of manifests) listeners.manifest?.(manifest);
      if (records && listeners.scanEnd) {
        const ruleRecords = records[rule.meta.id] ?? [];
        try {
          listeners.scanEnd(ruleRecords);
        } catch (error) {
          state.notifications.push({ kind: 'rule-error', level: 'error', ruleId: rule.meta.id, message: `rule ${rule.meta.id} failed at the end of the scan: ${describeError(error)}` });
        }
      }
    } catch (error) {
      state.notifications.push({ kind: 'rule-error', level: 'error', ruleId: rule.meta.id, message: `rule ${rule.meta.id} failed on package manifests: ${describeError(error)}` });
    }
  }
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
