import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Lock files as dependency graphs: which version a manifest's dependency is locked at, and what that package
 * pulls in. npm (`package-lock.json` v1–v3, `npm-shrinkwrap.json`), pnpm (`pnpm-lock.yaml` v5–v9) and yarn
 * (`yarn.lock`, classic and berry). A lock file is looked for next to the manifest, then in each parent directory
 * up to the scan root (the workspace root of a monorepo).
 */

export interface LockedPackage {
  name: string;
  version: string;
  /** Where the package sits in the lock file (its key); opaque outside this module. */
  id: string;
}

export interface LockGraph {
  /** Absolute path of the lock file. */
  path: string;
  /** The package a manifest's dependency is locked at. `importer`: the manifest's directory relative to the lock file's ('' = the same). */
  direct(importer: string, name: string, range: string): LockedPackage | undefined;
  /** The packages a locked package depends on (as locked). */
  dependencies(locked: LockedPackage): LockedPackage[];
}

const LOCK_FILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock'] as const;

/** The lock file governing a manifest: next to it, else in the nearest parent directory up to `root`. */
export function findLockFile(manifestDir: string, root: string): string | undefined {
  for (let dir = manifestDir; ; dir = path.dirname(dir)) {
    for (const name of LOCK_FILES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    if (dir === root || path.dirname(dir) === dir || path.relative(root, dir).startsWith('..')) return undefined;
  }
}

/** Reads a lock file; throws with a message naming the file when it cannot be read or understood. */
export function readLockGraph(lockPath: string, text = readFileSync(lockPath, 'utf8')): LockGraph {
  const base = path.basename(lockPath);
  if (base === 'pnpm-lock.yaml') return pnpmGraph(lockPath, parseYaml(text, lockPath));
  if (base === 'yarn.lock') return text.includes('__metadata:') ? yarnBerryGraph(lockPath, parseYaml(text, lockPath)) : yarnClassicGraph(lockPath, text);
  return npmGraph(lockPath, JSON.parse(text) as NpmLock);
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringEntries = (value: unknown): [string, string][] => (isObject(value) ? Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string') : []);

/** The `yaml` package, loaded when a YAML lock file is read (so a missing install breaks only that). */
function parseYaml(text: string, lockPath: string): unknown {
  let yaml: { parse(text: string): unknown };
  try {
    yaml = createRequire(import.meta.url)('yaml') as typeof yaml;
  } catch (error) {
    throw new Error(
      `reading ${path.basename(lockPath)} needs the "yaml" package, which is not installed (run npm install in jwtlint): ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`,
    );
  }
  return yaml.parse(text);
}

// ---- npm -------------------------------------------------------------------------------------------------

interface NpmEntry {
  version?: string;
  link?: boolean;
  resolved?: string;
  dependencies?: Record<string, unknown>;
  optionalDependencies?: Record<string, unknown>;
  requires?: Record<string, unknown>;
}
interface NpmLock {
  packages?: Record<string, NpmEntry>;
  dependencies?: Record<string, NpmEntry>;
}

function npmGraph(lockPath: string, lock: NpmLock): LockGraph {
  const packages = lock.packages;
  if (isObject(packages)) {
    const entry = (key: string): NpmEntry | undefined => {
      const found = packages[key];
      return found?.link && typeof found.resolved === 'string' ? packages[found.resolved] : found;
    };
    /** Node's module resolution over lock keys: `<dir>/node_modules/<name>` from `from` up to the root. */
    const resolve = (from: string, name: string): LockedPackage | undefined => {
      for (let dir = from; ; dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '') {
        if (!dir.endsWith('node_modules')) {
          const key = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
          const found = entry(key);
          if (found?.version) return { name, version: found.version, id: key };
        }
        if (dir === '') return undefined;
      }
    };
    return {
      path: lockPath,
      direct: (importer, name) => resolve(importer, name),
      dependencies: (locked) => {
        const found = entry(locked.id);
        const names = [...Object.keys(found?.dependencies ?? {}), ...Object.keys(found?.optionalDependencies ?? {})];
        return names.flatMap((name) => resolve(locked.id, name) ?? []);
      },
    };
  }
  // lockfileVersion 1: a tree of `dependencies`; a package's `requires` resolve in its own subtree, then upwards
  const root: NpmEntry = { dependencies: lock.dependencies ?? {} };
  const at = (idPath: readonly string[]): NpmEntry | undefined => {
    let current: NpmEntry | undefined = root;
    for (const name of idPath) current = isObject(current?.dependencies?.[name]) ? (current!.dependencies![name] as NpmEntry) : undefined;
    return current;
  };
  const resolveV1 = (from: readonly string[], name: string): LockedPackage | undefined => {
    for (let depth = from.length; depth >= 0; depth -= 1) {
      const scope = from.slice(0, depth);
      const found = at([...scope, name]);
      if (found?.version) return { name, version: found.version, id: JSON.stringify([...scope, name]) };
    }
    return undefined;
  };
  return {
    path: lockPath,
    direct: (_importer, name) => resolveV1([], name),
    dependencies: (locked) => {
      const idPath = JSON.parse(locked.id) as string[];
      return Object.keys(at(idPath)?.requires ?? {}).flatMap((name) => resolveV1(idPath, name) ?? []);
    },
  };
}

// ---- pnpm ------------------------------------------------------------------------------------------------

const IMPORTER_SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;

/** `1.2.3(react@18.2.0)` → `1.2.3`. */
const withoutPeers = (version: string): string => version.replace(/\(.*$/, '');

function pnpmGraph(lockPath: string, lock: unknown): LockGraph {
  if (!isObject(lock)) throw new Error(`${path.basename(lockPath)} is not a pnpm lock file`);
  const version = Number.parseFloat(String(lock.lockfileVersion ?? '0'));
  const importers = isObject(lock.importers) ? lock.importers : { '.': lock };
  const packages = isObject(lock.packages) ? lock.packages : {};
  const snapshots = isObject(lock.snapshots) ? lock.snapshots : undefined;
  /** Lock keys for a dependency: v9 `name@1.0.0(peers)`, v6 `/name@1.0.0(peers)`, v5 `/name/1.0.0`; a value may be a key itself. */
  const keyOf = (name: string, reference: string): string => {
    if (reference.startsWith('/')) return reference;
    if (version >= 9) return `${name}@${reference}`;
    return version >= 6 ? `/${name}@${reference}` : `/${name}/${reference}`;
  };
  const locked = (name: string, reference: string): LockedPackage | undefined => {
    if (/^(link|file|workspace):/.test(reference)) return undefined;
    const key = keyOf(name, reference);
    // `/name@1.0.0` or `/@scope/name/1.0.0` as a value: the version is its last part
    const own = reference.startsWith('/') ? (reference.match(/@([^@/()]+)(?:\(|$)/)?.[1] ?? reference.split('/').pop() ?? '') : withoutPeers(reference);
    return own ? { name, version: withoutPeers(own), id: key } : undefined;
  };
  return {
    path: lockPath,
    direct: (importer, name) => {
      const record = importers[importer === '' ? '.' : importer];
      if (!isObject(record)) return undefined;
      for (const section of IMPORTER_SECTIONS) {
        const value = isObject(record[section]) ? record[section][name] : undefined;
        const reference = isObject(value) ? value.version : value;
        if (typeof reference === 'string') return locked(name, reference);
      }
      return undefined;
    },
    dependencies: (pkg) => {
      const record = snapshots?.[pkg.id] ?? packages[pkg.id] ?? packages[withoutPeers(pkg.id)];
      if (!isObject(record)) return [];
      return [...stringEntries(record.dependencies), ...stringEntries(record.optionalDependencies)].flatMap(([name, reference]) => locked(name, reference) ?? []);
    },
  };
}

// ---- yarn ------------------------------------------------------------------------------------------------

interface YarnEntry {
  version: string;
  dependencies: [string, string][];
}

function yarnGraph(lockPath: string, entries: Map<string, YarnEntry>, descriptor: (name: string, range: string) => string): LockGraph {
  const locked = (name: string, range: string): LockedPackage | undefined => {
    const id = descriptor(name, range);
    const entry = entries.get(id);
    return entry ? { name, version: entry.version, id } : undefined;
  };
  return {
    path: lockPath,
    direct: (_importer, name, range) => locked(name, range),
    dependencies: (pkg) => (entries.get(pkg.id)?.dependencies ?? []).flatMap(([name, range]) => locked(name, range) ?? []),
  };
}

/** yarn 1: blocks of `"a@^1", a@^1.2:` followed by indented `version "1.2.3"` and a `dependencies:` list. */
function yarnClassicGraph(lockPath: string, text: string): LockGraph {
  const entries = new Map<string, YarnEntry>();
  const unquote = (s: string) => s.trim().replace(/^"(.*)"$/, '$1');
  let current: YarnEntry | undefined;
  let inDependencies = false;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      current = { version: '', dependencies: [] };
      inDependencies = false;
      for (const key of line.replace(/:\s*$/, '').split(',')) entries.set(unquote(key), current);
    } else if (current && indent === 2) {
      inDependencies = /^\s*(dependencies|optionalDependencies):\s*$/.test(line);
      const version = /^\s*version\s+"?([^"\s]+)"?/.exec(line);
      if (version) current.version = version[1];
    } else if (current && inDependencies && indent >= 4) {
      const match = /^\s*("[^"]+"|\S+)\s+"?([^"]*)"?\s*$/.exec(line);
      if (match) current.dependencies.push([unquote(match[1]), match[2]]);
    }
  }
  return yarnGraph(lockPath, entries, (name, range) => `${name}@${range}`);
}

/** yarn 2+: YAML whose keys are descriptors `name@npm:^1.0.0` (several joined by `, `). */
function yarnBerryGraph(lockPath: string, lock: unknown): LockGraph {
  if (!isObject(lock)) throw new Error(`${path.basename(lockPath)} is not a yarn lock file`);
  const entries = new Map<string, YarnEntry>();
  for (const [keys, value] of Object.entries(lock)) {
    if (keys === '__metadata' || !isObject(value) || typeof value.version !== 'string') continue;
    const entry: YarnEntry = { version: value.version, dependencies: [...stringEntries(value.dependencies), ...stringEntries(value.optionalDependencies)] };
    for (const key of keys.split(',')) entries.set(key.trim(), entry);
  }
  return yarnGraph(lockPath, entries, (name, range) => (/^[a-z]+:/.test(range) ? `${name}@${range}` : `${name}@npm:${range}`));
}
