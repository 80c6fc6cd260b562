import type { Finding, Level } from '../report/types.js';
import { EXIT_FINDINGS, EXIT_OK } from './errors.js';

export interface ExitOutcome {
  code: number;
  warnings: number;
  tooManyWarnings: boolean;
}

const RANK: Record<Level, number> = { note: 0, warning: 1, error: 2 };

/**
 * 1 when a finding is at or above `failOn` (default warning) — except that with `maxWarnings`, warnings fail
 * only when there are more than `maxWarnings` of them (and then whatever `failOn` says, as in ESLint).
 * Suppressed findings never count.
 */
export function exitCodeFor(findings: readonly Finding[], failOn: Level = 'warning', maxWarnings?: number): ExitOutcome {
  const active = findings.filter((f) => f.suppression === undefined);
  const warnings = active.filter((f) => f.level === 'warning').length;
  const tooManyWarnings = maxWarnings !== undefined && warnings > maxWarnings;
  const failing = active.some((f) => {
    if (RANK[f.level] < RANK[failOn]) return false;
    if (f.level === 'warning' && maxWarnings !== undefined) return false;
    return true;
  });
  return { code: failing || tooManyWarnings ? EXIT_FINDINGS : EXIT_OK, warnings, tooManyWarnings };
}
