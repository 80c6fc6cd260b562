import { ts } from 'ts-morph';
import { blankRegions, deepRegions, MAX_NESTING } from './nesting.js';
import { codeView, type ScriptBlock, type ScriptLang } from './embedded.js';

/** A JSON module a script imports (`require('./config.json')`): parsed as JSON, its value is the module's. */
export const JSON_MODULE_EXTENSION = '.json';

export function isJsonModule(fileName: string): boolean {
  return fileName.toLowerCase().endsWith(JSON_MODULE_EXTENSION);
}

/** Script kind by extension; `.js`/`.mjs`/`.cjs` are parsed as JSX-capable JavaScript. */
function scriptKindFor(fileName: string): ts.ScriptKind {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.ts') || lower.endsWith('.mts') || lower.endsWith('.cts')) return ts.ScriptKind.TS;
  if (isJsonModule(lower)) return ts.ScriptKind.JSON;
  return ts.ScriptKind.JSX;
}

function kindOfLang(lang: ScriptLang): ts.ScriptKind {
  return lang === 'ts' ? ts.ScriptKind.TS : lang === 'tsx' ? ts.ScriptKind.TSX : ts.ScriptKind.JSX;
}

/** Original texts of component files, whose trees are parsed from their code view (same offsets; for snippets). */
const originalTexts = new WeakMap<ts.SourceFile, string>();

/** The file's text as written: for a `.vue`/`.svelte`/`.astro` file, with its markup (the tree holds the code only). */
export function originalText(sourceFile: ts.SourceFile): string {
  return originalTexts.get(sourceFile) ?? sourceFile.text;
}

/**
 * The script block of a component file at `position` (an offset of its tree), or undefined for an ordinary source
 * file or a position outside every block.
 */
export function scriptBlockAt(sourceFile: ts.SourceFile, position: number): ScriptBlock | undefined {
  const original = originalTexts.get(sourceFile);
  if (original === undefined) return undefined;
  return codeView(sourceFile.fileName, original)?.blocks.find((block) => block.start <= position && position <= block.end);
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
export function parseSource(fileName: string, original: string): ParsedFile {
  // A component file is parsed from its code view: the script blocks in place, everything else blank.
  const view = codeView(fileName, original);
  const text = view?.code ?? original;
  const kind = view ? kindOfLang(view.lang) : scriptKindFor(fileName);
  const parsed = parseNested(fileName, text, kind);
  if (view) originalTexts.set(parsed.sourceFile, original);
  return parsed;
}

function parseNested(fileName: string, text: string, kind: ts.ScriptKind): ParsedFile {
  try {
    return parseText(fileName, text, kind);
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
  }
  for (const limit of [MAX_NESTING, 100]) {
    const regions = deepRegions(text, limit);
    if (regions.length === 0) continue;
    try {
      const parsed = parseText(fileName, blankRegions(text, regions), kind);
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

function parseText(fileName: string, text: string, kind: ts.ScriptKind): ParsedFile {
  // JSDoc is not parsed: no rule reads it, and in JavaScript files it is a sizeable part of parse time.
  const options: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
  const sourceFile = ts.createSourceFile(fileName, text, options, true, kind);
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const syntaxErrors = diagnostics.map((d) => {
    const pos = sourceFile.getLineAndCharacterOfPosition(d.start ?? 0);
    return { line: pos.line + 1, column: pos.character + 1, offset: d.start ?? 0, message: ts.flattenDiagnosticMessageText(d.messageText, ' ') };
  });
  return { sourceFile, syntaxErrors, skippedRegions: [] };
}
