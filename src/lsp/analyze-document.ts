/**
 * One editor buffer analysed as the command line would analyse that file: the same scan root, configuration,
 * ignores, default excludes, rules, levels and in-source suppressions. The texts of every open buffer stand in
 * for the files on disk, so unsaved edits in an imported module count too.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { allRules } from '../../rules/index.js';
import { applyConfiguredLevels, planScan, selectRules, suppressInSource } from '../cli/analysis.js';
import { walkExcludeReason } from '../discovery/index.js';
import { scanFiles } from '../engine/scan.js';
import type { WarmModuleResolvers } from '../binding/warm-resolvers.js';
import type { Parse } from '../parsing/parse-cache.js';
import type { Finding, Notification } from '../report/types.js';

export interface DocumentAnalysis {
  /** Absolute scan root; finding paths are relative to it. */
  root: string;
  /** Active (unsuppressed) findings of the scan, wherever they are located. */
  findings: Finding[];
  notifications: Notification[];
  /** Why the file is not analysed (ignored, excluded by default), when it is not. */
  skipped?: string;
}

const descriptors = allRules.map((rule) => rule.meta.descriptor);
const knownRuleIds = new Set(allRules.map((rule) => rule.meta.id));
/** Rule id → documentation path in the repository. */
export const ruleHelpUris: ReadonlyMap<string, string> = new Map(descriptors.map((d) => [d.id, d.helpUri]));

/** Project state a long-lived process keeps between analyses, each part checked against content before reuse. */
export interface WarmState {
  /** Keeps trees of unchanged texts (a ParseCache's). */
  parse?: Parse;
  /** Keeps module resolution while configs, manifests and the set of files stay the same. */
  resolvers?: WarmModuleResolvers;
}

/**
 * Analyses `file` (absolute). `workspaceFolder` is the editor's folder holding it (the command line's working
 * directory); `overlays` maps absolute paths of open buffers to their text. Throws a UsageError for a broken
 * configuration file, as the command line does.
 */
export async function analyzeDocument(file: string, workspaceFolder: string | undefined, overlays: ReadonlyMap<string, string>, warm: WarmState = {}): Promise<DocumentAnalysis> {
  const startDir = path.dirname(file);
  const scanPlan = planScan({ cwd: workspaceFolder ?? startDir, targets: [file], startDir, includeTests: false }, descriptors);
  const skipped = await walkExcludeReason({ root: scanPlan.root, cwd: scanPlan.root, paths: [], includeTests: scanPlan.includeTests, ignorePatterns: scanPlan.ignorePatterns }, file);
  if (skipped !== undefined) return { root: scanPlan.root, findings: [], notifications: [], skipped };

  const { rules, ruleOptions } = selectRules(allRules, scanPlan.config);
  const sources = new Map<string, Buffer>();
  for (const [abs, text] of overlays) sources.set(abs, Buffer.from(text, 'utf8'));
  const moduleResolver = warm.resolvers?.resolverFor(scanPlan.root, overlays);
  let report = scanFiles({ root: scanPlan.root, files: [file], rules, ruleOptions, sources, ...(warm.parse ? { parse: warm.parse } : {}), ...(moduleResolver ? { moduleResolver } : {}) });
  report = applyConfiguredLevels(report, scanPlan.config);
  const readText = (relative: string): string | undefined => {
    const abs = path.join(report.root, relative);
    const open = overlays.get(abs);
    if (open !== undefined) return open;
    try {
      return readFileSync(abs, 'utf8');
    } catch (error) {
      // The engine already reported an unreadable file; it simply has no directives.
      if ((error as NodeJS.ErrnoException).code !== undefined) return undefined;
      throw error;
    }
  };
  const suppressed = suppressInSource(report, readText, knownRuleIds);
  const findings = suppressed.findings.filter((finding) => finding.suppression === undefined);
  return { root: report.root, findings, notifications: report.notifications };
}
