import { ts } from 'ts-morph';

/** Script kind by extension; `.js`/`.mjs`/`.cjs` are parsed as JSX-capable JavaScript. */
export function scriptKindFor(fileName: string): ts.ScriptKind {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.ts') || lower.endsWith('.mts') || lower.endsWith('.cts')) return ts.ScriptKind.TS;
  return ts.ScriptKind.JSX;
}

export interface ParsedFile {
  sourceFile: ts.SourceFile;
  /** Syntax errors the error-tolerant parser recovered from. */
  syntaxErrors: { line: number; column: number; message: string }[];
}

/** Parses once with parent pointers set. Never throws on bad syntax: errors are returned with the tree. */
export function parseSource(fileName: string, text: string): ParsedFile {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindFor(fileName));
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const syntaxErrors = diagnostics.map((d) => {
    const pos = sourceFile.getLineAndCharacterOfPosition(d.start ?? 0);
    return { line: pos.line + 1, column: pos.character + 1, message: ts.flattenDiagnosticMessageText(d.messageText, ' ') };
  });
  return { sourceFile, syntaxErrors };
}
