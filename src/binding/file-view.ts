import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

type Kind = 'file' | 'directory' | null;

/**
 * A folder's entries as one read gives them. `kinds` holds the entries a listing can type (files and folders;
 * a link or an entry of unknown type is stat'ed when asked for); `folded` holds every name lower-cased, so that
 * a name absent from it is absent on a case-insensitive file system too. `foldable` is false when a name is not
 * printable ASCII (Unicode case folding and normalization could then match names a lower-casing cannot): every
 * absent name is stat'ed then.
 */
interface Listing {
  kinds: Map<string, Kind | 'other'>;
  folded: Set<string>;
  foldable: boolean;
}

/** A character outside printable ASCII. */
const NOT_PLAIN_ASCII = /[^ -~]/;
/** `//`, a `.` or `..` segment, a trailing separator (POSIX). */
const NOT_NORMAL = /\/\/|\/\.\.?(?:\/|$)|\/$/;

/** An absolute, normalized path that names an entry of a folder (its listing can answer for it). */
function isPlainPath(file: string): boolean {
  if (path.sep === '/') return file.length > 1 && file.startsWith('/') && !NOT_NORMAL.test(file);
  const name = path.basename(file);
  return path.isAbsolute(file) && name !== '' && path.join(path.dirname(file), name) === file;
}

/**
 * The file system as module resolution sees it, memoised for one run: texts that stand in for files (the
 * --stdin buffer) exist even when they are not on disk, and every stat is done once. Whether a file exists is
 * read from its folder's listing (one read per folder): resolving an import probes several names in the same
 * folder (`x.ts`, `x.tsx`, `x/index.ts`, a package.json, ...), and a stat per name was most of resolution's
 * system time on large trees.
 */
export class FileView {
  private readonly kinds = new Map<string, Kind>();
  private readonly listings = new Map<string, Listing | null>();
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

  private kind(file: string): Kind {
    let kind = this.kinds.get(file);
    if (kind === undefined) {
      kind = this.listed(file);
      if (kind === undefined) kind = statKind(file);
      this.kinds.set(file, kind);
    }
    return kind;
  }

  /** The kind of a path as its folder's listing says, or undefined when only a stat can tell. */
  private listed(file: string): Kind | undefined {
    const entry = this.entry(file);
    if (entry === undefined) return undefined;
    const { listing, name } = entry;
    if (listing === null) return null; // the folder is not there: nothing in it is
    const kind = listing.kinds.get(name);
    if (kind !== undefined) return kind === 'other' ? undefined : kind;
    // absent as spelled: absent everywhere unless another spelling could name it (a case-insensitive system)
    return listing.foldable && !NOT_PLAIN_ASCII.test(name) && !listing.folded.has(name.toLowerCase()) ? null : undefined;
  }

  /** The listing of the path's folder and the path's name in it; undefined when no listing can answer for it. */
  private entry(file: string): { listing: Listing | null; name: string } | undefined {
    if (!isPlainPath(file)) return undefined;
    const slash = file.lastIndexOf(path.sep);
    const listing = this.listing(slash === 0 ? path.sep : file.slice(0, slash));
    return listing === undefined ? undefined : { listing, name: file.slice(slash + 1) };
  }

  /** The path's entry in its folder's listing as spelled (a link or an unknown type is 'other'). */
  private spelledKind(file: string): Kind | 'other' | undefined {
    const entry = this.entry(file);
    return entry?.listing?.kinds.get(entry.name);
  }

  private readonly linkFree = new Map<string, boolean>();

  /** Are the folder and its ancestors plain folders spelled as on disk (none a link)? Then a path in it is its own real path. */
  private isLinkFree(folder: string): boolean {
    if (folder === path.sep) return true;
    let known = this.linkFree.get(folder);
    if (known === undefined) {
      known = this.spelledKind(folder) === 'directory' && this.isLinkFree(path.dirname(folder));
      this.linkFree.set(folder, known);
    }
    return known;
  }

  /** The folder's listing; null when there is no such folder, undefined when it cannot be listed (then stat). */
  private listing(folder: string): Listing | null | undefined {
    const known = this.listings.get(folder);
    if (known !== undefined || this.listings.has(folder)) return known ?? null;
    let listing: Listing | null | undefined;
    try {
      const kinds = new Map<string, Kind | 'other'>();
      const folded = new Set<string>();
      let foldable = true;
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        kinds.set(entry.name, entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : 'other');
        folded.add(entry.name.toLowerCase());
        if (NOT_PLAIN_ASCII.test(entry.name)) foldable = false;
      }
      listing = { kinds, folded, foldable };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // a missing folder, or a path through a file: nothing is there; anything else (no read permission) is stat'ed
      listing = code === 'ENOENT' || code === 'ENOTDIR' ? null : undefined;
    }
    if (listing !== undefined) this.listings.set(folder, listing);
    return listing;
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
    if (real === undefined && path.sep === '/') {
      // listings answer for a path through plain folders (each spelled as on disk): it is its own real path
      const kind = this.spelledKind(file);
      if ((kind === 'file' || kind === 'directory') && this.isLinkFree(path.dirname(file))) real = file;
    }
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

function statKind(file: string): Kind {
  try {
    const stat = statSync(file, { throwIfNoEntry: false });
    return stat?.isFile() ? 'file' : stat?.isDirectory() ? 'directory' : null;
  } catch {
    return null; // a looping link, a permission problem: not there for resolution
  }
}
