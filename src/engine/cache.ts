import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_LISTING_DEPENDENCY } from '../binding/project.js';
import { packageListingDigest } from '../facts/package-files.js';
import type { Fix, FlowStep, Notification, RelatedLocation, SourceLocation } from '../report/types.js';
import { cacheFilePath } from './cache-file.js';
import type { RecordData } from './rule.js';

/** A finding as cached: already redacted, never holding a raw secret. */
export interface CachedFinding {
  ruleId: string;
  messageId?: string;
  level: 'error' | 'warning' | 'note';
  message: string;
  location: SourceLocation;
  related: RelatedLocation[];
  steps?: FlowStep[];
  fixes?: Fix[];
}

interface FileStamp {
  size: number;
  mtimeMs: number;
  hash: string;
}

/** What a cached file's analysis produced, as the scan replays it. */
export interface CachedResult {
  findings: CachedFinding[];
  notifications: Notification[];
  /** What the file recorded for scan-level listeners, by rule id (already redacted). */
  records?: Record<string, RecordData[]>;
  parsed: boolean;
  /** Why an unparsed file was not analysed, when it was not the prefilter (a minified bundle). */
  skipped?: 'minified';
}

/** One file's cache entry with its stamps, as a --jobs child hands it to the parent process. */
export interface CacheEntry extends FileStamp, CachedResult {
  /** Files read while analysing this one (imports resolved across files), with their stamps. */
  dependencies: Record<string, FileStamp>;
  /** Packages whose source listing a package-wide search read (relative root → listing digest). */
  packages?: Record<string, string>;
}

/** An entry as stored: its dependencies are indices into the file table, and empty parts are left out. */
interface StoredEntry {
  dependencies?: number[];
  packages?: Record<string, string>;
  findings?: CachedFinding[];
  notifications?: Notification[];
  records?: Record<string, RecordData[]>;
  parsed?: true;
  skipped?: 'minified';
}

/** relative path, size, mtimeMs, content hash */
type FileRow = [string, number, number, string];

interface CacheFile {
  key: string;
  /** Every file an entry names (the entry's own file and its dependencies), each once, with its stamp. */
  files: FileRow[];
  entries: Record<string, StoredEntry>;
}

const NO_FINDINGS: CachedFinding[] = [];
const NO_NOTIFICATIONS: Notification[] = [];

function contentHash(text: string | Buffer): string {
  return createHash('sha1').update(text).digest('hex');
}

const toPosix = (relative: string) => relative.split(path.sep).join('/');

/**
 * Per-file results keyed by content hash, tool version and effective configuration (the `key`). A file is
 * reused when it and every file its analysis read are unchanged: size and mtime first (one stat per file and
 * run, no read), content hash when the mtime differs but not the size (a touched file keeps its results, and
 * its new mtime is recorded). A run that changes nothing leaves the cache file as it was.
 */
export class ScanCache {
  /** Relative paths of the files entries name (loaded ones first), and their indices. */
  private readonly paths: string[] = [];
  private readonly indices = new Map<string, number>();
  /** Entries and stamps as loaded (by file index): lookups compare with these all run long. */
  private readonly stored: Record<string, StoredEntry>;
  private readonly storedStamps: FileRow[];
  /** Entries and stamps recorded by this run (files analysed afresh, touched files, entries of --jobs children). */
  private readonly fresh = new Map<string, StoredEntry>();
  private readonly freshStamps = new Map<number, FileStamp>();
  private readonly verdicts = new Map<number, boolean>();
  private readonly current = new Map<string, FileStamp | null>();
  /** Listing digests of packages, computed once per run. */
  private readonly listings = new Map<string, string>();
  private readonly loaded: boolean;
  hits = 0;
  misses = 0;

  private constructor(
    private readonly directory: string,
    private readonly key: string,
    stored: CacheFile | undefined,
  ) {
    this.loaded = stored !== undefined;
    this.stored = stored?.entries ?? {};
    this.storedStamps = stored?.files ?? [];
    // Row i is file i; a row that is not a well-formed one still takes its place, so later rows keep their index.
    this.storedStamps.forEach((row, i) => {
      const name = Array.isArray(row) && typeof row[0] === 'string' ? row[0] : `\0${i}`;
      this.paths.push(name);
      if (!this.indices.has(name)) this.indices.set(name, i);
    });
  }

  /** Opens (or starts) the cache in `directory`; a cache written with another key is discarded. */
  static open(directory: string, key: string): ScanCache {
    let stored: CacheFile | undefined;
    try {
      const file = JSON.parse(readFileSync(cacheFilePath(directory), 'utf8')) as CacheFile;
      if (file.key === key && isObject(file.entries) && Array.isArray(file.files)) stored = file;
    } catch (error) {
      // A missing or corrupt cache is an empty cache: it is rewritten at the end of the run.
      if (!(error instanceof SyntaxError) && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return new ScanCache(directory, key, stored);
  }

  /** The cached results of a file when it and its dependencies are unchanged. */
  lookup(root: string, relativePath: string): CachedResult | undefined {
    const entry = this.answering(root, relativePath);
    if (entry === undefined) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    return resultOf(entry);
  }

  /** Would `lookup` answer for this file? (What it checks is remembered: the lookup itself then costs nothing more.) */
  answers(root: string, relativePath: string): boolean {
    return this.answering(root, relativePath) !== undefined;
  }

  private answering(root: string, relativePath: string): StoredEntry | undefined {
    const entry = Object.hasOwn(this.stored, relativePath) ? this.stored[relativePath] : undefined;
    const hit =
      entry !== undefined &&
      this.unchanged(root, this.indexOf(relativePath)) &&
      (entry.dependencies ?? []).every((dependency) => this.unchanged(root, dependency)) &&
      Object.entries(entry.packages ?? {}).every(([packageRoot, digest]) => this.listingOf(path.join(root, packageRoot)) === digest);
    return hit ? entry : undefined;
  }

  store(
    root: string,
    relativePath: string,
    text: string,
    result: CachedResult & {
      dependencies: readonly string[];
    },
  ): void {
    const stamp = this.stampOf(root, relativePath, text);
    if (!stamp) return;
    const stamps = new Map<number, FileStamp>();
    const packages: Record<string, string> = {};
    for (const dependency of result.dependencies) {
      if (dependency.startsWith(PACKAGE_LISTING_DEPENDENCY)) {
        const packageRoot = dependency.slice(PACKAGE_LISTING_DEPENDENCY.length);
        packages[toPosix(path.relative(root, packageRoot)) || '.'] = this.listingOf(packageRoot);
        continue;
      }
      const relative = toPosix(path.relative(root, dependency));
      const dependencyStamp = this.stampOf(root, relative);
      if (!dependencyStamp) return; // cannot vouch for it next time: do not cache
      stamps.set(this.indexOf(relative), dependencyStamp);
    }
    this.freshStamps.set(this.indexOf(relativePath), stamp);
    for (const [file, fileStamp] of stamps) this.freshStamps.set(file, fileStamp);
    this.fresh.set(relativePath, storedEntry({ ...result, dependencies: [...stamps.keys()], packages }));
  }

  /**
   * A cache whose `save` keeps its entries in memory instead of writing them: a --jobs child hands them to the
   * parent process (`keptEntries`), which writes one file for the whole run.
   */
  deferWrites(): this {
    this.deferred = true;
    return this;
  }

  private deferred = false;
  private kept: Record<string, CacheEntry> = {};

  /** The entries a deferred `save` kept. */
  keptEntries(): Record<string, CacheEntry> {
    return this.kept;
  }

  /** Adds entries recorded by another process of the same run (same key). */
  adopt(entries: Record<string, CacheEntry>): void {
    for (const [name, entry] of Object.entries(entries)) {
      this.freshStamps.set(this.indexOf(name), { size: entry.size, mtimeMs: entry.mtimeMs, hash: entry.hash });
      const dependencies = Object.entries(entry.dependencies).map(([dependency, stamp]) => {
        const index = this.indexOf(dependency);
        this.freshStamps.set(index, { size: stamp.size, mtimeMs: stamp.mtimeMs, hash: stamp.hash });
        return index;
      });
      this.fresh.set(name, storedEntry({ ...entry, dependencies, packages: entry.packages ?? {} }));
    }
  }

  /** Writes the entries of the files in `keep` atomically, unless they are exactly what was loaded; the folder ignores itself in git. */
  save(keep: ReadonlySet<string>): void {
    if (this.deferred) {
      this.kept = {};
      for (const name of keep) {
        const entry = this.entryOf(name);
        const exchanged = entry && this.exchanged(name, entry);
        if (exchanged) this.kept[name] = exchanged;
      }
      return;
    }
    if (this.loaded && this.fresh.size === 0 && this.freshStamps.size === 0 && this.keepsEverythingLoaded(keep)) return;
    const files: FileRow[] = [];
    const renumbered = new Map<number, number>();
    const rowOf = (index: number): number => {
      let row = renumbered.get(index);
      if (row === undefined) {
        const stamp = this.stampFor(index)!;
        renumbered.set(index, (row = files.length));
        files.push([this.paths[index], stamp.size, stamp.mtimeMs, stamp.hash]);
      }
      return row;
    };
    const entries: Record<string, StoredEntry> = {};
    for (const name of [...keep].sort()) {
      const entry = this.entryOf(name);
      const own = this.indexOf(name);
      if (entry === undefined || [own, ...(entry.dependencies ?? [])].some((file) => this.stampFor(file) === undefined)) continue;
      rowOf(own);
      entries[name] = entry.dependencies ? { ...entry, dependencies: entry.dependencies.map(rowOf) } : entry;
    }
    mkdirSync(this.directory, { recursive: true });
    const ignoreFile = path.join(this.directory, '.gitignore');
    if (!existsSync(ignoreFile)) writeFileSync(ignoreFile, '# jwtlint result cache\n*\n');
    const file = cacheFilePath(this.directory);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ key: this.key, files, entries } satisfies CacheFile));
    renameSync(temporary, file);
  }

  private keepsEverythingLoaded(keep: ReadonlySet<string>): boolean {
    let loaded = 0;
    for (const name in this.stored) if (Object.hasOwn(this.stored, name)) loaded += 1;
    if (keep.size !== loaded) return false;
    for (const name of keep) if (!Object.hasOwn(this.stored, name)) return false;
    return true;
  }

  private indexOf(relativePath: string): number {
    let index = this.indices.get(relativePath);
    if (index === undefined) {
      this.indices.set(relativePath, (index = this.paths.length));
      this.paths.push(relativePath);
    }
    return index;
  }

  private entryOf(name: string): StoredEntry | undefined {
    return this.fresh.get(name) ?? (Object.hasOwn(this.stored, name) ? this.stored[name] : undefined);
  }

  /** The stamp to record for a file: this run's when it took one, else the loaded one (which a hit confirmed). */
  private stampFor(index: number): FileStamp | undefined {
    const fresh = this.freshStamps.get(index);
    if (fresh !== undefined) return fresh;
    const row = this.storedStamps[index];
    return row && { size: row[1], mtimeMs: row[2], hash: row[3] };
  }

  /** The entry as a --jobs child hands it on; undefined when a stamp is missing (the entry is not vouched for). */
  private exchanged(name: string, entry: StoredEntry): CacheEntry | undefined {
    const own = this.stampFor(this.indexOf(name));
    const dependencies: Record<string, FileStamp> = {};
    for (const dependency of entry.dependencies ?? []) {
      const stamp = this.stampFor(dependency);
      if (stamp === undefined) return undefined;
      dependencies[this.paths[dependency]] = stamp;
    }
    return own && { ...own, dependencies, ...(entry.packages ? { packages: entry.packages } : {}), ...resultOf(entry) };
  }

  /** Is a file as it was when its stamp was stored? Decided once per run. */
  private unchanged(root: string, index: number): boolean {
    let verdict = this.verdicts.get(index);
    if (verdict === undefined) {
      verdict = this.compare(root, index);
      this.verdicts.set(index, verdict);
    }
    return verdict;
  }

  private compare(root: string, index: number): boolean {
    const row = this.storedStamps[index];
    if (!Array.isArray(row)) return false;
    const relativePath = this.paths[index];
    const stat = this.statOf(path.join(root, relativePath));
    if (stat === null || stat.size !== row[1]) return false;
    if (stat.mtimeMs === row[2]) return true;
    // Touched but maybe not changed (a checkout, a formatter that rewrote the same text): the content decides.
    const now = this.stampOf(root, relativePath);
    if (now === null || now.hash !== row[3]) return false;
    this.freshStamps.set(index, now);
    return true;
  }

  private readonly stats = new Map<string, { size: number; mtimeMs: number } | null>();

  private statOf(absolutePath: string): { size: number; mtimeMs: number } | null {
    let known = this.stats.get(absolutePath);
    if (known === undefined) {
      try {
        const stat = statSync(absolutePath, { throwIfNoEntry: false });
        known = stat === undefined ? null : { size: stat.size, mtimeMs: stat.mtimeMs };
      } catch (error) {
        if (!(error as NodeJS.ErrnoException).code) throw error;
        known = null;
      }
      this.stats.set(absolutePath, known);
    }
    return known;
  }

  /** Current stamp of a file (memoised for the run); null when it cannot be read. `knownText` is its text as just read. */
  private stampOf(root: string, relativePath: string, knownText?: string): FileStamp | null {
    const cached = this.current.get(relativePath);
    if (cached !== undefined && knownText === undefined) return cached;
    const absolutePath = path.join(root, relativePath);
    let stamp: FileStamp | null = null;
    const stat = this.statOf(absolutePath);
    if (stat !== null) {
      try {
        stamp = { ...stat, hash: contentHash(knownText ?? readFileSync(absolutePath)) };
      } catch (error) {
        if (!(error as NodeJS.ErrnoException).code) throw error;
      }
    }
    this.current.set(relativePath, stamp);
    return stamp;
  }

  private listingOf(packageRoot: string): string {
    let digest = this.listings.get(packageRoot);
    if (digest === undefined) this.listings.set(packageRoot, (digest = packageListingDigest(packageRoot)));
    return digest;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function storedEntry(result: CachedResult & { dependencies: number[]; packages: Record<string, string> }): StoredEntry {
  return {
    ...(result.dependencies.length > 0 ? { dependencies: result.dependencies } : {}),
    ...(Object.keys(result.packages).length > 0 ? { packages: result.packages } : {}),
    ...(result.findings.length > 0 ? { findings: result.findings } : {}),
    ...(result.notifications.length > 0 ? { notifications: result.notifications } : {}),
    ...(result.records && Object.keys(result.records).length > 0 ? { records: result.records } : {}),
    ...(result.parsed ? { parsed: true as const } : {}),
    ...(result.skipped ? { skipped: result.skipped } : {}),
  };
}

function resultOf(entry: StoredEntry): CachedResult {
  return {
    findings: entry.findings ?? NO_FINDINGS,
    notifications: entry.notifications ?? NO_NOTIFICATIONS,
    ...(entry.records ? { records: entry.records } : {}),
    parsed: entry.parsed === true,
    ...(entry.skipped ? { skipped: entry.skipped } : {}),
  };
}
