/**
 * The names a module may export, read from its text alone (no parse). A superset of what it exports, so "not among
 * them" is a sure no: a lookup through `export * from` barrels then parses only the modules that can hold the name
 * (without it, a barrel over a hundred modules was parsed whole, and again after eviction, for each name imported
 * through it).
 */
export interface ExportNames {
  /** Names the text itself may export: declarations, `export { }` lists, `export * as`, `default`. */
  readonly names: ReadonlySet<string>;
  /** Specifiers of `export * from`: other names may come from those modules. */
  readonly stars: readonly string[];
  /** Any name may be exported (CommonJS, `export =`, a destructuring export): the text cannot say no. */
  readonly open: boolean;
}

/** CommonJS exports, `export =`, and exports whose names only a parse can list. */
const OPEN_EXPORTS = /\bexports\b|\bexport\s*=|\bexport\s+(?:declare\s+)?(?:const|let|var|using)\s*[{[]/;
const DECLARATION = /\bexport\s+(?:declare\s+)?(?:default\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\s*\*?|class|interface|type|enum|const\s+enum|namespace|module|import)\s*([\w$]+)/g;
const VARIABLES = /\bexport\s+(?:declare\s+)?(?:const|let|var|using)\s+/g;
/** The end of a variable statement: a semicolon, or a line starting at column 0 that does not close a bracket. */
const STATEMENT_END = /;|\n(?=[^\s}\])])/g;
/** A declarator's name: the statement's start or a comma, then a name (object keys after commas come too: a superset). */
const DECLARATOR = /(?:^|,)\s*([\w$]+)/g;
const LIST = /\bexport\s+(?:type\s+)?\{([^}]*)\}/g;
const NAMESPACE = /\bexport\s*\*\s*as\s+([\w$]+)/g;
const STAR = /\bexport\s+(?:type\s+)?\*\s*from\s*['"]([^'"]+)['"]/g;

/** The names `text` may export; a text with no `export` exports nothing unless it is CommonJS. */
export function exportNamesOf(text: string): ExportNames {
  const names = new Set<string>();
  if (OPEN_EXPORTS.test(text)) return { names, stars: [], open: true };
  if (!text.includes('export')) return { names, stars: [], open: false };
  if (/\bexport\s+default\b/.test(text)) names.add('default');
  for (const match of text.matchAll(DECLARATION)) names.add(match[1]);
  for (const match of text.matchAll(NAMESPACE)) names.add(match[1]);
  for (const match of text.matchAll(VARIABLES)) for (const name of declaratorNames(text, match.index + match[0].length)) names.add(name);
  for (const match of text.matchAll(LIST)) for (const name of listedNames(match[1])) names.add(name);
  return { names, stars: [...text.matchAll(STAR)].map((match) => match[1]), open: false };
}

/** The names a variable statement starting at `start` declares (and a few more). */
function declaratorNames(text: string, start: number): string[] {
  STATEMENT_END.lastIndex = start;
  const end = STATEMENT_END.exec(text)?.index ?? text.length;
  return [...text.slice(start, end).matchAll(DECLARATOR)].map((match) => match[1]);
}

/** The exported names of an `export { a, b as c, type d, 'e' as f }` list. */
function listedNames(list: string): string[] {
  return list
    .split(',')
    .map((part) => part.trim().replace(/^type\s+/, ''))
    .filter((part) => part !== '')
    .map((part) =>
      part
        .split(/\s+as\s+/)
        .pop()!
        .replace(/^['"]|['"]$/g, ''),
    );
}
