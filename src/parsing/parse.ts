import { ts } from 'ts-morph';
import { blankRegions, deepRegions, MAX_NESTING } from './nesting.js';

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
  syntaxErrors: { line: number; column: number; offset: number; message: string }[];
  /** Regions left out because they were nested too deeply to parse (positions in the original text). */
  skippedRegions: { line: number; column: number; start: number; end: number }[];
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/**
 * Parses once with parent pointers set. Never throws on bad syntax: errors are returned with the tree.
 * Input nested too deeply for the recursive parser is parsed with those regions blanked out.
 */
export function parseSource(fileName: string, text: string): ParsedFile {
  try {
    return parseText(fileName, text, []);
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
  }
  for (const limit of [MAX_NESTING, 100]) {
    const regions = deepRegions(text, limit);
    if (regions.length === 0) continue;
    try {
      const parsed = parseText(fileName, blankRegions(text, regions), []);
      const skippedRegions = regions.map((region) => {
        const position = parsed.sourceFile.getLineAndCharacterOfPosition(region.start);
        return { line: position.line + 1, column: position.character + 1, start: region.start, end: region.end };
      });
      // Syntax errors caused by the blanking itself are not the user's
      const syntaxErrors = parsed.syntaxErrors.filter((e) => !regions.some((r) => e.offset >= r.start && e.offset <= r.end + 1));
      return { ...parsed, syntaxErrors, skippedRegions };
    } catch (error) {
      if (!isStackOverflow(error)) throw error;
    }
  }
  throw new RangeError('Maximum call stack size exceeded while parsing');
}

function parseText(fileName: string, text: string, skippedRegions: ParsedFile['skippedRegions']): ParsedFile {
  // JSDoc is not parsed: no rule reads it, and in JavaScript files it is a sizeable part of parse time.
  const options: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
  const sourceFile = ts.createSourceFile(fileName, text, options, true, scriptKindFor(fileName));
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const syntaxErrors = diagnostics.map((d) => {
    const pos = sourceFile.getLineAndCharacterOfPosition(d.start ?? 0);
    return { line: pos.line + 1, column: pos.character + 1, offset: d.start ?? 0, message: ts.flattenDiagnosticMessageText(d.messageText, ' ') };
  });
  return { sourceFile, syntaxErrors, skippedRegions };
}
