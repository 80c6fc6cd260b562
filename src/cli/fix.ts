/**
 * `--fix` and `--fix-dry-run`: the fixes of the active findings applied to the files' texts, written in place or
 * shown as a unified diff.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { applyFixes, fixesByFile } from '../engine/apply-fixes.js';
import type { Finding } from '../report/types.js';

export interface FileChange {
  /** Repo-relative path. */
  file: string;
  before: string;
  after: string;
  /** The findings whose fixes were applied. */
  fixed: Finding[];
}

/** The changed text of each file that has fixable findings (`readText` gives the current text). */
export function planFixes(findings: readonly Finding[], readText: (relative: string) => string | undefined): FileChange[] {
  const changes: FileChange[] = [];
  for (const { file, fixes } of fixesByFile(findings)) {
    const before = readText(file);
    if (before === undefined) continue;
    const { text: after, applied } = applyFixes(before, fixes);
    if (applied.length > 0 && after !== before) changes.push({ file, before, after, fixed: applied });
  }
  return changes;
}

/** One unified diff for all changes, with git-style a/ and b/ paths. */
export function unifiedDiff(changes: readonly FileChange[]): string {
  return changes.map((c) => createTwoFilesPatch(`a/${c.file}`, `b/${c.file}`, c.before, c.after, undefined, undefined, { context: 3 })).join('');
}

export function writeChanges(root: string, changes: readonly FileChange[]): void {
  for (const change of changes) writeFileSync(path.join(root, change.file), change.after, 'utf8');
}
