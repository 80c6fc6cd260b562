import path from 'node:path';
import { fastGlob, isInside } from '../paths.js';
import type { FileView } from './file-view.js';

/** A monorepo root: its workspace packages by name, and the files that list them. */
export interface Workspace {
  folder: string;
  /** package name → package folder. */
  packages: ReadonlyMap<string, string>;
  /** The manifest files the package list was read from (a cached result depends on them). */
  files: readonly string[];
}

/** Workspace packages are found under their roots; never inside installed dependencies. */
const PACKAGE_IGNORE = ['**/node_modules/**', '**/.git/**'];

/**
 * npm / yarn `workspaces` (package.json) and pnpm `pnpm-workspace.yaml` roots, found from a folder upwards
 * inside the scan root, memoised per folder. A workspace package is imported by its name, installed or not.
 */
export class Workspaces {
  private readonly governing = new Map<string, Workspace | null>();
  private readonly declared = new Map<string, Workspace | null>();

  constructor(
    private readonly root: string,
    private readonly view: FileView,
  ) {}

  /** The workspace whose root is `folder` or its nearest ancestor that declares one (inside the scan root). */
  forFolder(folder: string): Workspace | undefined {
    const known = this.governing.get(folder);
    if (known !== undefined) return known ?? undefined;
    const parent = path.dirname(folder);
    const workspace = this.at(folder) ?? (folder !== this.root && parent !== folder && isInside(this.root, parent) ? this.forFolder(parent) : undefined);
    this.governing.set(folder, workspace ?? null);
    return workspace;
  }

  /** The workspace declared in `folder` itself, if any. */
  at(folder: string): Workspace | undefined {
    const known = this.declared.get(folder);
    if (known !== undefined) return known ?? undefined;
    const workspace = this.read(folder);
    this.declared.set(folder, workspace ?? null);
    return workspace;
  }

  private read(folder: string): Workspace | undefined {
    const manifestPath = path.join(folder, 'package.json');
    const pnpmPath = path.join(folder, 'pnpm-workspace.yaml');
    const files: string[] = [];
    const patterns: string[] = [];
    const pnpmText = this.view.fileExists(pnpmPath) ? this.view.readFile(pnpmPath) : undefined;
    if (pnpmText !== undefined) {
      files.push(pnpmPath);
      patterns.push(...pnpmPackagePatterns(pnpmText));
    }
    const manifest = this.view.readJson(manifestPath) as { workspaces?: unknown } | undefined;
    const declared = manifest && typeof manifest === 'object' ? workspacePatterns(manifest.workspaces) : [];
    if (declared.length > 0) {
      files.push(manifestPath);
      patterns.push(...declared);
    }
    if (files.length === 0) return undefined;
    return { folder, packages: this.packagesMatching(folder, patterns), files };
  }

  private packagesMatching(folder: string, patterns: readonly string[]): Map<string, string> {
    const include = patterns.filter((p) => !p.startsWith('!')).map((p) => `${trimSlashes(p)}/package.json`);
    const ignore = [...PACKAGE_IGNORE, ...patterns.filter((p) => p.startsWith('!')).map((p) => `${trimSlashes(p.slice(1))}/**`)];
    const packages = new Map<string, string>();
    let manifests: string[] = [];
    try {
      manifests = fastGlob().sync(include, { cwd: folder, ignore, absolute: true, onlyFiles: true, suppressErrors: true, followSymbolicLinks: false });
    } catch {
      return packages; // an unreadable folder or a pattern fast-glob rejects: no packages from it
    }
    for (const manifestPath of manifests.sort()) {
      const name = (this.view.readJson(path.normalize(manifestPath)) as { name?: unknown } | undefined)?.name;
      if (typeof name === 'string' && name !== '' && !packages.has(name)) packages.set(name, path.dirname(path.normalize(manifestPath)));
    }
    return packages;
  }
}

/** `workspaces: [...]` (npm, yarn) or `workspaces: { packages: [...] }` (yarn classic). */
function workspacePatterns(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value && typeof value === 'object' ? (value as { packages?: unknown }).packages : undefined;
  return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : [];
}

/**
 * The `packages:` list of a pnpm-workspace.yaml, block (`- 'apps/*'`) or flow (`['apps/*']`) style. Only this key
 * is read, so a small line reader is enough (no YAML dependency).
 */
export function pnpmPackagePatterns(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => /^packages\s*:/.test(line));
  if (start < 0) return [];
  const unquote = (s: string) =>
    s
      .trim()
      .replace(/^(['"])(.*)\1$/, '$2')
      .trim();
  const inline = /^packages\s*:\s*\[(.*)\]/.exec(lines[start].replace(/\s+#.*$/, ''));
  if (inline) return inline[1].split(',').map(unquote).filter(Boolean);
  const patterns: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    const item = /^\s+-\s*(.+?)\s*(?:\s#.*)?$/.exec(line);
    if (!item) break; // the next top-level key
    patterns.push(unquote(item[1]));
  }
  return patterns.filter(Boolean);
}

function trimSlashes(pattern: string): string {
  return pattern.trim().replace(/^\.\//, '').replace(/\/+$/, '');
}

/** The package part of a bare specifier: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
