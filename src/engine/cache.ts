import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_LISTING_DEPENDENCY } from '../binding/project.js';
import { packageListingDigest } from '../facts/package-files.js';
import type { Fix, FlowStep, Notification, RelatedLocation, SourceLocation } from '../report/types.js';
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

export interface CacheEntry extends FileStamp {
  /** Files read while analysing this one (imports resolved across files), with their stamps. */
  dependencies: Record<string, FileStamp>;
  /** Packages whose source listing a package-wide search read (relative root → listing digest). */
  packages?: Record<string, string>;
  findings: CachedFinding[];
  notifications: Notification[];
  /** What the file recorded for scan-level listeners, by rule id (already redacted). */
  records?: Record<string, RecordData[]>;
  parsed: boolean;
  /** Why an unparsed file was not analysed, when it was not the prefilter (a minified bundle). */
  skipped?: 'minified';
}

interface CacheFile {
  key: string;
  entries: Record<string, CacheEntry>;
}

// v2: entries carry the files' records for scan-level listeners (a v1 entry has none and cannot be reused).
// v3: findings carry their flow steps, and entries the files behind the function summaries they used.
// v4: entries carry the package listings their package-wide searches read.
const CACHE_FILE = 'results-v4.json';

function contentHash(text: string | Buffer): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * Per-file results keyed by content hash, tool version and effective configuration (the `key`). A file is
 * reused when it and every file its analysis read are unchanged: size and mtime first (no read), content
 * hash when those differ.
 */
export class ScanCache {
  private entries: Record<string, CacheEntry> = {};
  private readonly stamps = new Map<string, FileStamp | null>();
  /** Listing digests of packages, computed once per run. */
  private readonly listings = new Map<string, string>();
  hits = 0;
  misses = 0;

  private constructor(
    private readonly directory: string,
    private readonly key: string,
  ) {}

  /** Opens (or starts) the cache in `directory`; a cache written with another key is discarded. */
  static open(directory: string, key: string): ScanCache {
    const cache = new ScanCache(directory, key);
    try {
      const stored = JSON.parse(readFileSync(path.join(directory, CACHE_FILE), 'utf8')) as CacheFile;
      if (stored.key === key && stored.entries && typeof stored.entries === 'object') cache.entries = stored.entries;
    } catch (error) {
      // A missing or corrupt cache is an empty cache: it is rewritten at the end of the run.
      if (!(error instanceof SyntaxError) && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return cache;
  }

  /** Current stamp of a file (memoised for the run); null when it cannot be read. */
  stampOf(absolutePath: string, knownText?: string): FileStamp | null {
    const cached = this.stamps.get(absolutePath);
    if (cached !== undefined && knownText === undefined) return cached;
    let stamp: FileStamp | null = null;
    try {
      const stat = statSync(absolutePath);
      stamp = { size: stat.size, mtimeMs: stat.mtimeMs, hash: contentHash(knownText ?? readFileSync(absolutePath)) };
    } catch (error) {
      if (!(error as NodeJS.ErrnoException).code) throw error;
    }
    this.stamps.set(absolutePath, stamp);
    return stamp;
  }

  private listingOf(packageRoot: string): string {
    let digest = this.listings.get(packageRoot);
    if (digest === undefined) this.listings.set(packageRoot, (digest = packageListingDigest(packageRoot)));
    return digest;
  }

  private unchanged(absolutePath: string, stamp: FileStamp): boolean {
    try {
      const stat = statSync(absolutePath);
      if (stat.size === stamp.size && stat.mtimeMs === stamp.mtimeMs) return true;
      if (stat.size !== stamp.size) return false;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code) return false;
      throw error;
    }
    return this.stampOf(absolutePath)?.hash === stamp.hash;
  }

  /** The cached results of a file when it and its dependencies are unchanged. */
  lookup(root: string, relativePath: string): CacheEntry | undefined {
    const entry = this.entries[relativePath];
    const hit =
      entry !== undefined &&
      this.unchanged(path.join(root, relativePath), entry) &&
      Object.entries(entry.dependencies).every(([dependency, stamp]) => this.unchanged(path.join(root, dependency), stamp)) &&
      Object.entries(entry.packages ?? {}).every(([packageRoot, digest]) => this.listingOf(path.join(root, packageRoot)) === digest);
    if (hit) this.hits += 1;
    else this.misses += 1;
    return hit ? entry : undefined;
  }

  store(
    root: string,
    relativePath: string,
    text: string,
    result: {
      findings: CachedFinding[];
      notifications: Notification[];
      records?: Record<string, RecordData[]>;
      dependencies: readonly string[];
      parsed: boolean;
      skipped?: 'minified';
    },
  ): void {
    const stamp = this.stampOf(path.join(root, relativePath), text);
    if (!stamp) return;
    const dependencies: Record<string, FileStamp> = {};
    const packages: Record<string, string> = {};
    for (const dependency of result.dependencies) {
      if (dependency.startsWith(PACKAGE_LISTING_DEPENDENCY)) {
        const packageRoot = dependency.slice(PACKAGE_LISTING_DEPENDENCY.length);
        packages[path.relative(root, packageRoot).split(path.sep).join('/') || '.'] = this.listingOf(packageRoot);
        continue;
      }
      const dependencyStamp = this.stampOf(dependency);
      if (!dependencyStamp) return; // cannot vouch for it next time: do not cache
      dependencies[path.relative(root, dependency).split(path.sep).join('/')] = dependencyStamp;
    }
    const records = result.records && Object.keys(result.records).length > 0 ? { records: result.records } : {};
    this.entries[relativePath] = {
      ...stamp,
      dependencies,
      ...(Object.keys(packages).length > 0 ? { packages } : {}),
      findings: result.findings,
      notifications: result.notifications,
      ...records,
      parsed: result.parsed,
      ...(result.skipped ? { skipped: result.skipped } : {}),
    };
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
    Object.assign(this.entries, entries);
  }

  /** Writes the cache atomically; the folder ignores itself in git. */
  save(keep: ReadonlySet<string>): void {
    if (this.deferred) {
      this.kept = {};
      for (const name of keep) if (this.entries[name] !== undefined) this.kept[name] = this.entries[name];
      return;
    }
    mkdirSync(this.directory, { recursive: true });
    writeFileSync(path.join(this.directory, '.gitignore'), '# jwtlint result cache\n*\n');
    const entries: Record<string, CacheEntry> = {};
    for (const name of Object.keys(this.entries).sort()) if (keep.has(name)) entries[name] = this.entries[name];
    const file = path.join(this.directory, CACHE_FILE);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ key: this.key, entries } satisfies CacheFile));
    renameSync(temporary, file);
  }
}
