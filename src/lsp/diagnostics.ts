/**
 * Findings as LSP diagnostics, and the code actions offered on them. Pure functions: the server does the I/O.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionKind, DiagnosticSeverity, type CodeAction, type Diagnostic, type DiagnosticRelatedInformation, type Range, type WorkspaceEdit } from 'vscode-languageserver';
import { hasSourceExtension } from '../discovery/index.js';
import { TOOL_INFORMATION_URI, TOOL_NAME } from '../engine/tool.js';
import { ruleHelpUrl } from '../report/sarif.js';
import type { Finding, Fix, Level, SourceLocation } from '../report/types.js';

/** What a diagnostic carries for its code actions (LSP `Diagnostic.data`, returned by the client unchanged). */
interface DiagnosticData {
  fixes: { title: string; edit: WorkspaceEdit }[];
}

const SEVERITY: Record<Level, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  note: DiagnosticSeverity.Information,
};

/** Placeholder the user replaces: a suppression without a reason is hard to review. */
const SUPPRESSION_REASON_PLACEHOLDER = 'why this is safe';

function fileUri(root: string, relative: string): string {
  return pathToFileURL(path.join(root, relative)).href;
}

/** 1-based line/column (UTF-16 units, as LSP counts by default) → 0-based LSP range. */
function toRange(location: SourceLocation): Range {
  return {
    start: { line: location.line - 1, character: location.column - 1 },
    end: { line: location.endLine - 1, character: location.endColumn - 1 },
  };
}

/** `helpUri`: the rule's documentation path in the repository (RuleDescriptor.helpUri), when it has one. */
export function toDiagnostic(finding: Finding, root: string, helpUri: string | undefined): Diagnostic {
  return {
    range: toRange(finding.location),
    severity: SEVERITY[finding.level],
    code: finding.ruleId,
    ...(helpUri === undefined ? {} : { codeDescription: { href: ruleHelpUrl(TOOL_INFORMATION_URI, { helpUri }) } }),
    source: TOOL_NAME,
    message: finding.message,
    relatedInformation: [
      ...finding.related.map((related) => ({ location: { uri: fileUri(root, related.file), range: toRange(related) }, message: related.message })),
      ...flowInformation(finding, root),
    ],
    ...(finding.fixes?.length ? { data: { fixes: finding.fixes.map((fix) => ({ title: fix.description, edit: toWorkspaceEdit(fix, root) })) } satisfies DiagnosticData } : {}),
  };
}

/**
 * A finding's path (Finding.steps) as related information, numbered so an editor's list reads as the path: each
 * step that is not the primary location itself.
 */
function flowInformation(finding: Finding, root: string): DiagnosticRelatedInformation[] {
  const steps = finding.steps ?? [];
  return steps.flatMap((step, i) =>
    step.file === finding.location.file && step.line === finding.location.line && step.column === finding.location.column
      ? []
      : [{ location: { uri: fileUri(root, step.file), range: toRange(step) }, message: `step ${i + 1}/${steps.length}: ${step.message}` }],
  );
}

function toWorkspaceEdit(fix: Fix, root: string): WorkspaceEdit {
  const changes: NonNullable<WorkspaceEdit['changes']> = {};
  for (const replacement of fix.replacements) {
    const uri = fileUri(root, replacement.file);
    (changes[uri] ??= []).push({ range: toRange(replacement), newText: replacement.text });
  }
  return { changes };
}

/** The rule's own fixes of a diagnostic, as preferred quick fixes. */
export function fixActions(diagnostic: Diagnostic): CodeAction[] {
  if (diagnostic.source !== TOOL_NAME) return [];
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  return (data?.fixes ?? []).map((fix) => ({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: fix.edit }));
}

/** Diagnostics by file URI (each list sorted by position, duplicates removed). */
export function diagnosticsByFile(findings: readonly Finding[], root: string, helpUris: ReadonlyMap<string, string>): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const finding of findings) {
    const uri = fileUri(root, finding.location.file);
    const list = out.get(uri) ?? [];
    list.push(toDiagnostic(finding, root, helpUris.get(finding.ruleId)));
    out.set(uri, list);
  }
  for (const [uri, list] of out) out.set(uri, dedupe(list));
  return out;
}

function diagnosticKey(d: Diagnostic): string {
  const r = d.range;
  return `${String(d.code)}|${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}|${d.message}`;
}

export function dedupe(list: readonly Diagnostic[]): Diagnostic[] {
  const byKey = new Map<string, Diagnostic>();
  for (const d of list) if (!byKey.has(diagnosticKey(d))) byKey.set(diagnosticKey(d), d);
  return [...byKey.values()].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/**
 * "Suppress on this line": a `jwtlint-disable-next-line` comment above the diagnostic's line, indented like it.
 * Only for JavaScript/TypeScript files (a manifest finding has no comment syntax).
 */
export function suppressionAction(uri: string, diagnostic: Diagnostic, lineText: string): CodeAction | undefined {
  if (diagnostic.source !== TOOL_NAME || typeof diagnostic.code !== 'string') return undefined;
  if (!hasSourceExtension(new URL(uri).pathname)) return undefined;
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const line = diagnostic.range.start.line;
  const comment = `${indent}// jwtlint-disable-next-line ${diagnostic.code} -- ${SUPPRESSION_REASON_PLACEHOLDER}\n`;
  return {
    title: `Suppress ${diagnostic.code} on this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [uri]: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: comment }] } },
  };
}
