import { builtinModules } from 'node:module';
import path from 'node:path';
import type { FileView } from './file-view.js';
import { JSON_MODULE_EXTENSION } from '../parsing/parse.js';
import { packageNameOf } from './workspaces.js';

/**
 * Bare specifiers that name a file of the package itself (`require('config.json')`, `require('_helpers/db')`):
 * Node finds them when the application puts its root on the module path (`rootpath`, `app-module-path`,
 * `NODE_PATH=.`). Only a path (a `/` in it, or a `.json` file) whose first segment is no dependency the manifest
 * declares and no Node built-in, and that names an existing file: a package import is never taken for one.
 */

const SOURCE_EXTENSIONS = ['', '.js', '.ts', '.cjs', '.mjs', '.jsx', '.tsx', '/index.js', '/index.ts'];
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
const BUILTINS: ReadonlySet<string> = new Set(builtinModules);

/** Declared dependencies per package folder, per view (a manifest is read once however many specifiers ask). */
const declared = new WeakMap<FileView, Map<string, ReadonlySet<string>>>();

function declaredDependencies(view: FileView, packageFolder: string): ReadonlySet<string> {
  let byFolder = declared.get(view);
  if (!byFolder) declared.set(view, (byFolder = new Map()));
  let names = byFolder.get(packageFolder);
  if (!names) byFolder.set(packageFolder, (names = readDependencies(view, packageFolder)));
  return names;
}

function readDependencies(view: FileView, packageFolder: string): ReadonlySet<string> {
  const manifest = (view.readJson(path.join(packageFolder, 'package.json')) ?? {}) as Record<string, unknown>;
  const names = DEPENDENCY_FIELDS.flatMap((field) => {
    const entries = manifest[field];
    return entries && typeof entries === 'object' ? Object.keys(entries) : [];
  });
  return new Set(names);
}

/** The file of the package a rooted bare specifier names, or undefined. */
export function rootedImport(view: FileView, packageFolder: string, specifier: string): string | undefined {
  if (specifier.startsWith('@') || specifier.startsWith('node:') || !(specifier.includes('/') || specifier.endsWith(JSON_MODULE_EXTENSION))) return undefined;
  const name = packageNameOf(specifier);
  if (BUILTINS.has(name) || declaredDependencies(view, packageFolder).has(name)) return undefined;
  const base = path.join(packageFolder, ...specifier.split('/'));
  for (const extension of SOURCE_EXTENSIONS) if (view.fileExists(base + extension)) return base + extension;
  return undefined;
}
