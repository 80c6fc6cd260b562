/**
 * Baselines: `--write-baseline FILE` records the current findings; `--baseline FILE` reports only findings that
 * are not in it. Findings are matched by fingerprint (rule id, file, normalised code of the reported line and
 * occurrence index — never the line number), so a baseline survives code moving up or down. Matching counts
 * multiplicity: two identical entries absorb two findings, not three.
 */
import type { Finding } from '../report/types.js';
import { compareStrings, sortFindings } from '../report/sort.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  ruleId: string;
  file: string;
  fingerprint: string;
  /** For people reading the file; not used for matching. */
  line?: number;
  message?: string;
}

export interface Baseline {
  tool: 'jwtlint';
  version: typeof BASELINE_VERSION;
  findings: BaselineEntry[];
}

/** A baseline holding `findings` (already redacted, so no secret is written), deterministic order. */
export function createBaseline(findings: readonly Finding[]): Baseline {
  const entries = sortFindings(findings).map((f) => ({
    ruleId: f.ruleId,
    file: f.location.file,
    fingerprint: f.fingerprint,
    line: f.location.line,
    message: f.message,
  }));
  return { tool: 'jwtlint', version: BASELINE_VERSION, findings: entries };
}

export function serializeBaseline(baseline: Baseline): string {
  return JSON.stringify(baseline, null, 2) + '\n';
}

/** Parses a baseline file's text; throws an Error naming what is wrong (the CLI turns it into exit 2). */
export function parseBaseline(text: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('expected an object { tool, version, findings }');
  const doc = raw as Record<string, unknown>;
  if (doc.tool !== 'jwtlint') throw new Error(`"tool" must be "jwtlint", got ${JSON.stringify(doc.tool)}`);
  if (doc.version !== BASELINE_VERSION) {
    throw new Error(`unsupported "version" ${JSON.stringify(doc.version)}; this jwtlint reads version ${BASELINE_VERSION}`);
  }
  if (!Array.isArray(doc.findings)) throw new Error('"findings" must be an array');
  const findings = doc.findings.map((entry, i): BaselineEntry => {
    const e = entry as Record<string, unknown> | null;
    if (typeof e !== 'object' || e === null) throw new Error(`findings[${i}] must be an object`);
    for (const key of ['ruleId', 'file', 'fingerprint'] as const) {
      if (typeof e[key] !== 'string' || e[key] === '') throw new Error(`findings[${i}].${key} must be a non-empty string`);
    }
    return { ruleId: e.ruleId as string, file: e.file as string, fingerprint: e.fingerprint as string };
  });
  return { tool: 'jwtlint', version: BASELINE_VERSION, findings };
}

export interface BaselineResult {
  /** Findings not in the baseline (new ones), order kept. */
  findings: Finding[];
  /** How many findings the baseline absorbed. */
  matched: number;
  /** Baseline entries that matched no finding (fixed since, or moved to another file). */
  stale: BaselineEntry[];
}

function key(ruleId: string, file: string, fingerprint: string): string {
  return `${ruleId}\0${file}\0${fingerprint}`;
}

/** Drops findings recorded in the baseline (by rule id, file and fingerprint, counting duplicates). */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline): BaselineResult {
  const remaining = new Map<string, BaselineEntry[]>();
  for (const entry of baseline.findings) {
    const k = key(entry.ruleId, entry.file, entry.fingerprint);
    const list = remaining.get(k);
    if (list) list.push(entry);
    else remaining.set(k, [entry]);
  }
  let matched = 0;
  const kept: Finding[] = [];
  for (const f of findings) {
    const list = remaining.get(key(f.ruleId, f.location.file, f.fingerprint));
    if (list && list.length > 0) {
      list.pop();
      matched += 1;
    } else {
      kept.push(f);
    }
  }
  const stale = [...remaining.values()].flat().sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.ruleId, b.ruleId) || compareStrings(a.fingerprint, b.fingerprint));
  return { findings: kept, matched, stale };
}
