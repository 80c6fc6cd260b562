import { readFileSync } from 'node:fs';
import type { ts } from 'ts-morph';
import type { Project } from '../binding/project.js';
import { detach } from '../parsing/detach.js';
import { originalText } from '../parsing/parse.js';
import type { SourceLocation } from '../report/types.js';
import type { RecordedLocation, TextPosition } from './rule.js';

/** Source locations of findings and records: a node, a position in a text file (a manifest), or one already made. */

/** Snippets are kept whole (up to this) until secrets are redacted, then cut to SNIPPET_WIDTH around the column. */
const MAX_RAW_SNIPPET = 100_000;
export const SNIPPET_WIDTH = 400;

const textCache = new Map<string, string[]>();
// (text positions are only used for package manifests, which are small)
function textLocationOf(project: Project, position: TextPosition): SourceLocation {
  let lines = textCache.get(position.file);
  if (!lines) {
    lines = readFileSync(position.file, 'utf8').split(/\r\n|\r|\n/);
    textCache.set(position.file, lines);
  }
  return {
    file: project.relative(position.file),
    line: position.line,
    column: position.column,
    endLine: position.line,
    endColumn: position.column + position.length,
    snippet: (lines[position.line - 1] ?? '').slice(0, MAX_RAW_SNIPPET),
  };
}

export function locationOf(project: Project, at: ts.Node | TextPosition | RecordedLocation): SourceLocation {
  if ('endLine' in at) return at;
  if (!('kind' in at)) return textLocationOf(project, at);
  const node = at;
  const sourceFile = node.getSourceFile();
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
  const lineStarts = sourceFile.getLineStarts();
  const lineStart = lineStarts[start.line];
  const lineEnd = start.line + 1 < lineStarts.length ? lineStarts[start.line + 1] : sourceFile.text.length;
  // A component file's tree holds only its script code: the snippet comes from the text as written
  // detached: a slice would keep the whole file text alive for as long as the finding or record that holds it
  const snippet = detach(
    originalText(sourceFile)
      .slice(lineStart, lineEnd)
      .replace(/[\r\n\u2028\u2029]+$/, ''),
  );
  return {
    file: project.relative(sourceFile.fileName),
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    snippet: snippet.length > MAX_RAW_SNIPPET ? windowAround(snippet, start.character, MAX_RAW_SNIPPET) : snippet,
  };
}

/** `width` characters of `text` around column `column0` (0-based), with an ellipsis where it is cut. */
export function windowAround(text: string, column0: number, width: number): string {
  if (text.length <= width) return text;
  const start = Math.max(0, Math.min(column0 - Math.floor(width / 4), text.length - width));
  return (start > 0 ? '…' : '') + text.slice(start, start + width) + (start + width < text.length ? '…' : '');
}
