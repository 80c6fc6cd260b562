import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The file system as module resolution sees it, memoised for one run: texts that stand in for files (the
 * --stdin buffer) exist even when they are not on disk, and every stat is done once.
 */
export class FileView {
  private readonly kinds = new Map<string, 'file' | 'directory' | null>();
  private readonly realpaths = new Map<string, string>();
  /** Folders that hold a stand-in text (they exist for resolution even when the file is not on disk). */
  private readonly sourceFolders = new Set<string>();

  constructor(private readonly sources: ReadonlyMap<string, string> = new Map()) {
    for (const file of sources.keys()) {
      for (let folder = path.dirname(file); !this.sourceFolders.has(folder); folder = path.dirname(folder)) {
        this.sourceFolders.add(folder);
        if (path.dirname(folder) === folder) break;
      }
    }
  }

  private kind(file: string): 'file' | 'directory' | null {
    let kind = this.kinds.get(file);
    if (kind === undefined) {
      try {
        const stat = statSync(file, { throwIfNoEntry: false });
        kind = stat?.isFile() ? 'file' : stat?.isDirectory() ? 'directory' : null;
      } catch {
        kind = null; // a looping link, a permission problem: not there for resolution
      }
      this.kinds.set(file, kind);
    }
    return kind;
  }

  fileExists(file: string): boolean {
    return this.sources.has(file) || this.kind(file) === 'file';
  }

  directoryExists(folder: string): boolean {
    return this.sourceFolders.has(folder) || this.kind(folder) === 'directory';
  }

  readFile(file: string): string | undefined {
    const source = this.sources.get(file);
    if (source !== undefined) return source;
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  }

  realpath(file: string): string {
    let real = this.realpaths.get(file);
    if (real === undefined) {
      try {
        real = realpathSync.native(file);
      } catch {
        real = file;
      }
      this.realpaths.set(file, real);
    }
    return real;
  }

  /** Parsed JSON of a file, or undefined when it is missing or not JSON (never throws). */
  readJson(file: string): unknown {
    const text = this.fileExists(file) ? this.readFile(file) : undefined;
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
    } catch {
      return undefined;
    }
  }
}
