import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface ManifestDependency {
  name: string;
  /** Version range as written in package.json. */
  range: string;
  section: 'dependencies' | 'devDependencies' | 'peerDependencies' | 'optionalDependencies';
  /** 1-based position of the dependency's key in package.json. */
  line: number;
  column: number;
  /** Version resolved by the lock file next to the manifest, when there is one. */
  locked?: string;
}

export interface PackageManifest {
  /** Absolute path of package.json. */
  path: string;
  relativePath: string;
  dependencies: ManifestDependency[];
  /** Relative path of the lock file read, if any. */
  lockfile?: string;
}

const SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/** Versions from package-lock.json (v1, v2, v3) for top-level packages. */
function readLockVersions(lockPath: string): Map<string, string> {
  const versions = new Map<string, string>();
  const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as {
    packages?: Record<string, { version?: string }>;
    dependencies?: Record<string, { version?: string }>;
  };
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    if (key.startsWith('node_modules/') && !key.slice('node_modules/'.length).includes('/node_modules/') && entry.version) {
      versions.set(key.slice('node_modules/'.length), entry.version);
    }
  }
  for (const [name, entry] of Object.entries(lock.dependencies ?? {})) if (!versions.has(name) && entry.version) versions.set(name, entry.version);
  return versions;
}

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

export type ManifestReadResult = { ok: true; manifest: PackageManifest } | { ok: false; message: string };

export function readManifest(manifestPath: string, root: string): ManifestReadResult {
  const relativePath = path.relative(root, manifestPath).split(path.sep).join('/');
  let text: string;
  let json: Record<string, unknown>;
  try {
    text = readFileSync(manifestPath, 'utf8');
    json = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    return { ok: false, message: `could not read ${relativePath}: ${error instanceof Error ? error.message : String(error)}` };
  }
  let locked = new Map<string, string>();
  let lockfile: string | undefined;
  const lockPath = path.join(path.dirname(manifestPath), 'package-lock.json');
  if (existsSync(lockPath)) {
    try {
      locked = readLockVersions(lockPath);
      lockfile = path.relative(root, lockPath).split(path.sep).join('/');
    } catch (error) {
      return { ok: false, message: `could not read ${path.relative(root, lockPath)}: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  const dependencies: ManifestDependency[] = [];
  for (const section of SECTIONS) {
    const entries = json[section];
    if (!entries || typeof entries !== 'object') continue;
    for (const [name, range] of Object.entries(entries as Record<string, unknown>)) {
      if (typeof range !== 'string') continue;
      dependencies.push({ name, range, section, ...positionOf(text, section, name), locked: locked.get(name) });
    }
  }
  return { ok: true, manifest: { path: manifestPath, relativePath, dependencies, lockfile } };
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
