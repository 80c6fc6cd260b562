import { createHash } from 'node:crypto';

/** Collapses every run of whitespace to one space and trims the ends. Idempotent. */
export function normalizeSnippet(snippet: string): string {
  return snippet.replace(/\s+/g, ' ').trim();
}

/**
 * A stable fingerprint for a finding (SARIF `partialFingerprints["jwtlint/v1"]`): the first 32 hex digits of
 * sha256 over the rule id, the repo-relative file, the whitespace-normalised text of the reported code, and
 * the index of this occurrence among findings with the same first three parts (0 for the first).
 * It does not depend on line numbers, so it survives code moving up or down.
 */
export function computeFingerprint(ruleId: string, file: string, normalizedSnippet: string, occurrenceIndex: number): string {
  if (!Number.isInteger(occurrenceIndex) || occurrenceIndex < 0) {
    throw new Error(`computeFingerprint: occurrenceIndex must be a non-negative integer, got ${String(occurrenceIndex)}`);
  }
  const input = [ruleId, file, normalizeSnippet(normalizedSnippet), String(occurrenceIndex)].join('\u0000');
  return createHash('sha256').update(input, 'utf8').digest('hex').slice(0, 32);
}

/**
 * Gives findings, already in report order (file, line, column, rule id), their fingerprints: the occurrence
 * index counts earlier findings with the same rule, file and normalised snippet.
 */
export function assignFingerprints<T extends { ruleId: string; location: { file: string; snippet?: string } }>(findings: readonly T[]): (T & { fingerprint: string })[] {
  const occurrences = new Map<string, number>();
  return findings.map((f) => {
    const normalized = normalizeSnippet(f.location.snippet ?? '');
    const key = `${f.ruleId}\0${f.location.file}\0${normalized}`;
    const index = occurrences.get(key) ?? 0;
    occurrences.set(key, index + 1);
    return { ...f, fingerprint: computeFingerprint(f.ruleId, f.location.file, normalized, index) };
  });
}
