import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { advisoryPackages } from '../models/advisories.js';
import { findLockFile, readLockGraph, type LockedPackage, type LockGraph } from './lockfiles.js';

/** A package with known advisories that a direct dependency pulls in, at its locked version. */
export interface TransitiveDependency {
  name: string;
  version: string;
  /** Package names from the direct dependency's dependency down to this package's parent (empty: pulled in directly by it). */
  via: string[];
}

export interface ManifestDependency {
  name: string;
  /** Version range as written in package.json. */
  range: string;
  section: 'dependencies' | 'devDependencies' | 'peerDependencies' | 'optionalDependencies';
  /** 1-based position of the dependency's key in package.json. */
  line: number;
  column: number;
  /** Version resolved by the lock file governing the manifest, when there is one. */
  locked?: string;
  /** Packages with advisories that this dependency pulls in, as locked (lock file only; empty without one). */
  transitive: TransitiveDependency[];
}

export interface PackageManifest {
  /** Absolute path of package.json. */
  path: string;
  relativePath: string;
  dependencies: ManifestDependency[];
  /** Relative path of the lock file read, if any (next to the manifest or at the workspace root above it). */
  lockfile?: string;
  /**
   * Scanned application files under this manifest's directory (the caller leaves test code out) that import one
   * of `specifiers` or a subpath of it, as paths relative to the scan root. Reads the files when first asked.
   */
  importers(specifiers: readonly string[]): string[];
}

const SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;
/** Steps of the walk through one dependency's locked dependencies (a huge graph yields what was found so far). */
const MAX_GRAPH_STEPS = 20_000;

/** Finds `"name":` inside the given section of the manifest text: line and column of the key. */
function positionOf(text: string, section: string, name: string): { line: number; column: number } {
  const sectionIndex = text.search(new RegExp(`"${section}"\\s*:`));
  const keyPattern = new RegExp(`"${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"\\s*:`, 'g');
  keyPattern.lastIndex = Math.max(0, sectionIndex);
  const match = keyPattern.exec(text);
  const offset = match ? match.index : Math.max(0, sectionIndex);
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

export interface ManifestReadOptions {
  /** Packages whose transitive occurrences are collected (default: every package with an advisory). */
  tracked?: ReadonlySet<string>;
  /** Lock files already read in this scan (a workspace's manifests share the lock file at its root). */
  locks?: Map<string, LockGraph | Error | undefined>;
}

/** `warning`: the manifest was read but its lock file could not be (the declared ranges are used). */
export type ManifestReadResult = { ok: true; manifest: PackageManifest; warning?: string } | { ok: false; message: string };

/**
 * Reads package.json with the lock file that governs it. `files` are the scanned application files, test code left
 * out (for `importers`).
 */
export function readManifest(manifestPath: string, root: string, files: readonly string[] = [], options: ManifestReadOptions = {}): ManifestReadResult {
  const tracked = options.tracked ?? advisoryPackages();
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const relativePath = relative(manifestPath);
  let text: string;
  let json: Record<string, unknown>;
  try {
    text = readFileSync(manifestPath, 'utf8');
    json = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    return { ok: false, message: `could not read ${relativePath}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const dir = path.dirname(manifestPath);
  const lockPath = findLockFile(dir, root);
  let graph: LockGraph | undefined;
  let warning: string | undefined;
  if (lockPath) {
    const read = options.locks?.has(lockPath) ? options.locks.get(lockPath) : lockGraphOf(lockPath, tracked);
    options.locks?.set(lockPath, read);
    if (read instanceof Error) warning = `could not read ${relative(lockPath)} (the ranges in ${relativePath} are checked instead): ${read.message}`;
    else graph = read;
  }
  const importer = lockPath ? path.relative(path.dirname(lockPath), dir).split(path.sep).join('/') : '';
  const dependencies: ManifestDependency[] = [];
  for (const section of SECTIONS) {
    const entries = json[section];
    if (!entries || typeof entries !== 'object') continue;
    for (const [name, range] of Object.entries(entries as Record<string, unknown>)) {
      if (typeof range !== 'string') continue;
      const locked = section === 'peerDependencies' ? undefined : graph?.direct(importer, name, range);
      const transitive = graph && locked ? pulledIn(graph, locked, tracked) : [];
      dependencies.push({ name, range, section, ...positionOf(text, section, name), locked: locked?.version, transitive });
    }
  }
  // the files a manifest governs are picked when first asked: a tree of many packages asks for few of them
  const governed = () => files.filter((file) => file.startsWith(dir + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`));
  const manifest: PackageManifest = { path: manifestPath, relativePath, dependencies, lockfile: graph ? relative(graph.path) : undefined, importers: importersOf(governed, relative) };
  return { ok: true, manifest, ...(warning ? { warning } : {}) };
}

/**
 * A lock file's graph, or the error that kept it from being read. A lock file that names no tracked package is
 * not parsed (a large pnpm or yarn lock costs seconds to parse): nothing in it could match an advisory.
 */
function lockGraphOf(lockPath: string, tracked: ReadonlySet<string>): LockGraph | Error | undefined {
  try {
    const text = readFileSync(lockPath, 'utf8');
    if (![...tracked].some((name) => text.includes(name))) return undefined;
    return readLockGraph(lockPath, text);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Tracked packages reachable from a locked package through its locked dependencies (breadth first: shortest chain). */
function pulledIn(graph: LockGraph, start: LockedPackage, tracked: ReadonlySet<string>): TransitiveDependency[] {
  const found: TransitiveDependency[] = [];
  const seen = new Set<string>([start.id]);
  const queue: { locked: LockedPackage; via: string[] }[] = graph.dependencies(start).map((locked) => ({ locked, via: [] }));
  for (let steps = 0; queue.length > 0 && steps < MAX_GRAPH_STEPS; steps += 1) {
    const { locked, via } = queue.shift()!;
    if (seen.has(locked.id)) continue;
    seen.add(locked.id);
    if (tracked.has(locked.name) && !found.some((f) => f.name === locked.name && f.version === locked.version)) found.push({ name: locked.name, version: locked.version, via });
    for (const next of graph.dependencies(locked)) if (!seen.has(next.id)) queue.push({ locked: next, via: [...via, locked.name] });
  }
  return found;
}

const IMPORT_SPECIFIER = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

/** `importers(specifiers)`: the files that import a specifier (or a subpath of it); file texts are read once. */
function importersOf(governed: () => readonly string[], relative: (file: string) => string): (specifiers: readonly string[]) => string[] {
  let imports: Map<string, Set<string>> | undefined;
  return (specifiers) => {
    if (!imports) {
      imports = new Map();
      for (const file of governed()) {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code) continue; // unreadable files are reported by the scan itself
          throw error;
        }
        imports.set(file, new Set([...text.matchAll(IMPORT_SPECIFIER)].map((match) => match[1])));
      }
    }
    const matches = (specifier: string) => specifiers.some((wanted) => specifier === wanted || specifier.startsWith(`${wanted}/`));
    return [...imports].filter(([, specs]) => [...specs].some(matches)).map(([file]) => relative(file));
  };
}

/** package.json files governing the scanned files: each file's directory and its parents up to the root. */
export function manifestsFor(files: readonly string[], root: string): string[] {
  const seen = new Set<string>();
  const found: string[] = [];
  for (const file of files) {
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      if (seen.has(dir)) break;
      seen.add(dir);
      const candidate = path.join(dir, 'package.json');
      if (!candidate.includes(`${path.sep}node_modules${path.sep}`) && existsSync(candidate)) found.push(candidate);
      if (dir === root || path.dirname(dir) === dir || path.relative(root, dir).startsWith('..')) break;
    }
  }
  return found.sort();
}
