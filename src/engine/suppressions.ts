/**
 * In-source suppressions, applied to a finished scan (pure functions over findings and source text):
 *
 * - `// jwtlint-disable-next-line <rule-id>[, <rule-id>] -- reason` — the line after the comment;
 * - `// jwtlint-disable-line <rule-id>[, ...] -- reason` (or a block comment) — the line of the comment;
 * - `/* jwtlint-disable <rule-id>[, ...] -- reason *\/` — the whole file.
 *
 * Without rule ids a directive applies to every rule. The text after ` -- ` is the justification (SARIF
 * `suppressions[].justification`). Directives are read from comments only (the file is tokenised by the
 * TypeScript parser), so the same words inside a string literal do nothing.
 */
import { ts } from 'ts-morph';
import { parseSource } from '../parsing/parse.js';
import { computeFingerprint } from '../report/fingerprint.js';
import type { Finding, RuleDescriptor } from '../report/types.js';

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable';

export interface DisableDirective {
  kind: DirectiveKind;
  /** Repo-relative path (forward slashes), as in Finding.location.file. */
  file: string;
  /** Position of the comment (1-based line and UTF-16 column). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The line the directive covers (undefined for file-level directives). */
  targetLine?: number;
  /** Empty: every rule. */
  ruleIds: string[];
  justification: string;
  /** The comment's text (one line of it), for snippets. */
  snippet: string;
}

export const DIRECTIVE_MARKER = 'jwtlint-disable';
const DIRECTIVE_RE = /^jwtlint-(disable-next-line|disable-line|disable)(?=\s|$)([\s\S]*)$/;

/** The disable directives in a file's comments. Cheap when the file does not mention them. */
export function parseDirectives(file: string, text: string): DisableDirective[] {
  if (!text.includes(DIRECTIVE_MARKER)) return [];
  const sourceFile = parseSource(file, text).sourceFile;
  // Comments are read from the parsed code (a component file's markup is blank there), lines from the text
  const code = sourceFile.text;
  const lines = text.split(/\r\n|\r|\n|\u2028|\u2029/);
  const seen = new Set<number>();
  const out: DisableDirective[] = [];
  const addRanges = (ranges: ts.CommentRange[] | undefined) => {
    for (const range of ranges ?? []) {
      if (seen.has(range.pos)) continue;
      seen.add(range.pos);
      const directive = toDirective(file, sourceFile, code.slice(range.pos, range.end), range, lines);
      if (directive) out.push(directive);
    }
  };
  // Every comment is leading trivia of some token or trailing trivia after one: visiting every node's full
  // start and end finds them all (iteratively: deep nesting cannot overflow the stack).
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop()!;
    addRanges(ts.getLeadingCommentRanges(code, node.getFullStart()));
    addRanges(ts.getTrailingCommentRanges(code, node.getEnd()));
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

function toDirective(file: string, sourceFile: ts.SourceFile, comment: string, range: ts.CommentRange, lines: readonly string[]): DisableDirective | undefined {
  const isBlock = range.kind === ts.SyntaxKind.MultiLineCommentTrivia;
  const body = (isBlock ? comment.slice(2, -2) : comment.slice(2)).trim();
  const match = DIRECTIVE_RE.exec(body);
  if (!match) return undefined;
  const kind = match[1] as DirectiveKind;
  const rest = match[2];
  const separator = /\s-{2,}\s|\s-{2,}$/.exec(rest);
  const list = separator ? rest.slice(0, separator.index) : rest;
  const justification = separator ? rest.slice(separator.index + separator[0].length).trim() : '';
  const ruleIds = [...new Set(list.split(/[\s,]+/).filter((id) => id.length > 0))];
  const start = sourceFile.getLineAndCharacterOfPosition(range.pos);
  const end = sourceFile.getLineAndCharacterOfPosition(range.end);
  const directive: DisableDirective = {
    kind,
    file,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    ruleIds,
    justification: justification.replace(/\s+/g, ' '),
    snippet: lines[start.line] ?? '',
  };
  if (kind === 'disable-next-line') directive.targetLine = end.line + 2;
  else if (kind === 'disable-line') directive.targetLine = start.line + 1;
  return directive;
}

export interface UnusedDirective {
  directive: DisableDirective;
  /** The rule ids of the directive that suppressed nothing; empty when the directive names no rule. */
  ruleIds: string[];
  /** Rule ids that are not rules at all. */
  unknownRuleIds: string[];
}

export interface SuppressionResult {
  /** Every finding; suppressed ones carry `suppression`. Order is kept. */
  findings: Finding[];
  suppressedCount: number;
  unused: UnusedDirective[];
}

function covers(directive: DisableDirective, finding: Finding): boolean {
  if (directive.file !== finding.location.file) return false;
  if (directive.ruleIds.length > 0 && !directive.ruleIds.includes(finding.ruleId)) return false;
  return directive.kind === 'disable' || directive.targetLine === finding.location.line;
}

/**
 * Marks the findings covered by a directive as suppressed (`suppression: { kind: 'inSource', justification }`),
 * and lists directives (and rule ids within them) that covered nothing. A line directive wins over a
 * file-level one for the justification. `knownRuleIds` decides which ids are unknown.
 */
export function applySuppressions(findings: readonly Finding[], directives: readonly DisableDirective[], knownRuleIds: ReadonlySet<string>): SuppressionResult {
  const used = new Map<DisableDirective, Set<string>>();
  const byFile = new Map<string, DisableDirective[]>();
  for (const d of directives) {
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  }
  let suppressedCount = 0;
  const out = findings.map((finding) => {
    const candidates = (byFile.get(finding.location.file) ?? []).filter((d) => covers(d, finding));
    if (candidates.length === 0) return finding;
    for (const d of candidates) {
      const set = used.get(d) ?? new Set<string>();
      set.add(finding.ruleId);
      used.set(d, set);
    }
    const chosen = candidates.find((d) => d.kind !== 'disable') ?? candidates[0];
    suppressedCount += 1;
    return { ...finding, suppression: { kind: 'inSource' as const, justification: chosen.justification } };
  });
  const unused: UnusedDirective[] = [];
  for (const d of directives) {
    const hit = used.get(d);
    const unknownRuleIds = d.ruleIds.filter((id) => !knownRuleIds.has(id));
    if (d.ruleIds.length === 0) {
      if (hit === undefined) unused.push({ directive: d, ruleIds: [], unknownRuleIds: [] });
      continue;
    }
    const idle = d.ruleIds.filter((id) => !hit?.has(id));
    if (idle.length > 0) unused.push({ directive: d, ruleIds: idle, unknownRuleIds });
  }
  return { findings: out, suppressedCount, unused };
}

const UNUSED_DIRECTIVE_RULE_ID = 'unused-disable-directive';

/** The pseudo-rule under which `--report-unused-disable-directives` reports (so SARIF can describe it). */
export const UNUSED_DIRECTIVE_RULE: RuleDescriptor = {
  id: UNUSED_DIRECTIVE_RULE_ID,
  title: 'Unused jwtlint-disable directive',
  description: 'A jwtlint-disable comment suppresses no finding.',
  rationale:
    'A suppression that no longer matches a finding hides nothing today but will silently hide a future finding of the same rule on that line or in that file. Remove it so suppressions stay an accurate list of accepted risks.',
  remediation: 'Delete the directive, or the rule ids in it that no longer report anything. Unknown rule ids are typos: `jwtlint --list-rules` lists the valid ones.',
  level: 'error',
  precision: 'very-high',
  securitySeverity: 0.1,
  cwe: [],
  references: [],
  options: {},
  examples: {
    bad: { code: '// jwtlint-disable-next-line verify-without-algorithms -- pinned below\nconst sum = 1 + 1;\n' },
    good: { code: 'const sum = 1 + 1;\n' },
  },
  helpUri: 'docs/integrations/configuration.md#unused-directives',
};

const DIRECTIVE_TEXT: Record<DirectiveKind, string> = {
  'disable-next-line': 'jwtlint-disable-next-line',
  'disable-line': 'jwtlint-disable-line',
  disable: 'jwtlint-disable',
};

/** Unused directives as findings of UNUSED_DIRECTIVE_RULE at `level`. */
export function unusedDirectiveFindings(unused: readonly UnusedDirective[], level: Finding['level'] = 'error'): Finding[] {
  const occurrences = new Map<string, number>();
  return unused.map(({ directive: d, ruleIds, unknownRuleIds }) => {
    const scope = d.kind === 'disable' ? 'in this file' : `on line ${d.targetLine}`;
    let message: string;
    if (ruleIds.length === 0) {
      message = `Unused ${DIRECTIVE_TEXT[d.kind]} directive: no finding was reported ${scope}.`;
    } else {
      const known = ruleIds.filter((id) => !unknownRuleIds.includes(id));
      const parts: string[] = [];
      if (known.length > 0) parts.push(`no finding of ${known.join(', ')} was reported ${scope}`);
      if (unknownRuleIds.length > 0) parts.push(`${unknownRuleIds.map((id) => JSON.stringify(id)).join(', ')} ${unknownRuleIds.length === 1 ? 'is not a rule' : 'are not rules'}`);
      message = `Unused ${DIRECTIVE_TEXT[d.kind]} directive: ${parts.join('; ')}.`;
    }
    const key = `${d.file}\0${d.snippet.trim()}`;
    const index = occurrences.get(key) ?? 0;
    occurrences.set(key, index + 1);
    return {
      ruleId: UNUSED_DIRECTIVE_RULE_ID,
      level,
      message,
      location: { file: d.file, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn, snippet: d.snippet },
      related: [],
      fingerprint: computeFingerprint(UNUSED_DIRECTIVE_RULE_ID, d.file, `${d.snippet} ${ruleIds.join(',')}`, index),
    };
  });
}
