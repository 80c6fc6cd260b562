/**
 * Parsed files kept between scans of one long-lived process (the language server): a file whose text is
 * unchanged is not parsed again, so an edit re-parses only the buffers it changed. Entries are keyed by path
 * and checked against the full text (content, not time stamps, decides), least recently used ones dropped
 * beyond a bound. Reusing a tree across scans is safe: trees are never mutated, and the per-tree indexes
 * built on them (scopes, assignments, call sites) depend on the syntax alone.
 */
import { parseSource, type ParsedFile } from './parse.js';

export type Parse = (fileName: string, text: string) => ParsedFile;

/**
 * An analysis touches the edited file and the modules its values resolve through (a handful to a few hundred);
 * a thousand trees cover several open buffers while keeping memory to a few hundred MB at most.
 */
const DEFAULT_MAX_FILES = 1000;

export class ParseCache {
  private readonly entries = new Map<string, { text: string; parsed: ParsedFile }>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxFiles = DEFAULT_MAX_FILES) {}

  /** The tree of `text` for `fileName`, parsed now only when that text was not the last one parsed for it. */
  readonly parse: Parse = (fileName, text) => {
    const entry = this.entries.get(fileName);
    if (entry !== undefined && entry.text === text) {
      this.hits += 1;
      // most recently used last
      this.entries.delete(fileName);
      this.entries.set(fileName, entry);
      return entry.parsed;
    }
    this.misses += 1;
    const parsed = parseSource(fileName, text);
    this.entries.delete(fileName);
    this.entries.set(fileName, { text, parsed });
    if (this.entries.size > this.maxFiles) this.entries.delete(this.entries.keys().next().value as string);
    return parsed;
  };

  get size(): number {
    return this.entries.size;
  }
}
