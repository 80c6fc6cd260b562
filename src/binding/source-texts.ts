import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';

/**
 * The texts of the files a scan reads besides the files it analyses: modules an import leads to, the modules the
 * callee gate tests by text, and package-wide text searches (src/facts/package-files.ts). Each file is read from
 * disk once per scan: these readers used to read the same module again for every question (on an application tree,
 * ten thousand reads of four thousand files). Texts are kept up to a byte budget; past it a text is read and
 * handed out but not kept, so memory stays bounded on any tree (the first files kept are the ones asked most: the
 * package listings come first).
 */

/** Files larger than this are not modules an import or a text search should read (generated bundles). */
export const MAX_SOURCE_TEXT_BYTES = 1_000_000;
/** Text kept at once (UTF-16 code units, about bytes for source code); an application tree's sources fit. */
const DEFAULT_BUDGET = 32_000_000;

export class SourceTexts {
  /** Text by absolute path; null: unreadable or too large (asked again, answered the same). */
  private readonly texts = new Map<string, string | null>();
  private held = 0;

  constructor(private readonly budget = DEFAULT_BUDGET) {}

  /** The file's text, or undefined when it cannot be read or is larger than MAX_SOURCE_TEXT_BYTES. */
  read(absolutePath: string): string | undefined {
    const known = this.texts.get(absolutePath);
    if (known !== undefined) return known ?? undefined;
    const text = readSmallTextFile(absolutePath, MAX_SOURCE_TEXT_BYTES);
    const size = text?.length ?? 0;
    if (this.held + size <= this.budget) {
      this.texts.set(absolutePath, text ?? null);
      this.held += size;
    }
    return text;
  }

  /**
   * A text the scan has just read and decoded for analysis: kept as if read here (budget allowing), so a later
   * import or text search of the same file does not open it again. A file already known keeps its text.
   */
  offer(absolutePath: string, text: string): void {
    if (this.texts.has(absolutePath) || text.length > MAX_SOURCE_TEXT_BYTES || this.held + text.length > this.budget) return;
    this.texts.set(absolutePath, text);
    this.held += text.length;
  }
}

/**
 * A source file's text, or undefined when it cannot be read (a file-system error: the file itself is reported when it
 * is scanned) or is larger than `maxBytes` (a generated bundle, not a module an import or a text search should read).
 * One open: the size is asked of the open file, not of the path again.
 */
function readSmallTextFile(absolutePath: string, maxBytes: number): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(absolutePath, 'r');
    const stat = fstatSync(fd);
    if (stat.isFile() && stat.size <= maxBytes) return readFileSync(fd, 'utf8');
  } catch (error) {
    if (!(error instanceof Error && 'code' in error)) throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return undefined;
}
