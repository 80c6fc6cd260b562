/**
 * Applying the fixes of findings to file texts (for `--fix`, `--fix-dry-run` and tests). Like ESLint, fixes whose
 * edits overlap an earlier fix's are left out of this pass (running again applies them to the new text).
 */
import type { Finding, Fix, Replacement } from '../report/types.js';

export interface FileFixes {
  /** Repo-relative path. */
  file: string;
  fixes: { finding: Finding; fix: Fix }[];
}

/** The first fix of each active finding, grouped by the file its edits are in. */
export function fixesByFile(findings: readonly Finding[]): FileFixes[] {
  const byFile = new Map<string, FileFixes>();
  for (const finding of findings) {
    const fix = finding.fixes?.[0];
    if (finding.suppression !== undefined || fix === undefined || fix.replacements.length === 0) continue;
    const file = fix.replacements[0].file;
    if (fix.replacements.some((r) => r.file !== file)) continue; // one file per fix keeps a fix atomic
    const entry = byFile.get(file) ?? { file, fixes: [] };
    entry.fixes.push({ finding, fix });
    byFile.set(file, entry);
  }
  return [...byFile.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Offsets where lines start, with the parser's line terminators (CR LF, LF, CR, U+2028, U+2029). */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  const terminator = /\r\n|[\n\r\u2028\u2029]/g;
  for (let match = terminator.exec(text); match !== null; match = terminator.exec(text)) starts.push(match.index + match[0].length);
  return starts;
}

/** Offset of a 1-based line and UTF-16 column. */
function offsetOf(lineStarts: readonly number[], line: number, column: number): number {
  return lineStarts[line - 1] + column - 1;
}

/**
 * Applies non-overlapping fixes (in the order given) to `text`; returns the new text and the fixes applied.
 */
export function applyFixes(text: string, fixes: readonly { finding: Finding; fix: Fix }[]): { text: string; applied: Finding[] } {
  const lineStarts = lineStartsOf(text);
  const taken: { start: number; end: number }[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  const applied: Finding[] = [];
  for (const { finding, fix } of fixes) {
    const ranges = fix.replacements.map((r: Replacement) => ({
      start: offsetOf(lineStarts, r.line, r.column),
      end: offsetOf(lineStarts, r.endLine, r.endColumn),
      text: r.text,
    }));
    // Touching ranges count as overlapping too: two insertions at one point would have no defined order.
    if (ranges.some((r) => taken.some((t) => r.start <= t.end && t.start <= r.end))) continue;
    taken.push(...ranges);
    edits.push(...ranges);
    applied.push(finding);
  }
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const edit of edits) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return { text: out, applied };
}
