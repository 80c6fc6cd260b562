/**
 * Build-named folders that hold hand-written code. `build/`, `dist/` and `out/` are skipped by default as build
 * output, but some projects keep sources there: a package of build tooling, a deploy script, a server named
 * `build`. Such a folder is scanned when it looks written by hand:
 *   - it has a package.json of its own (build output rarely is a package root);
 *   - it holds no source maps (`*.map`: emitted next to compiled code);
 *   - no tsconfig/jsconfig in the project names it (or a folder around it) as `outDir`.
 * A folder ignored by git is skipped by the `.gitignore` check before this applies.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The build-output folder names that may hold hand-written code. */
export const BUILD_NAMED_DIRS: ReadonlySet<string> = new Set(['build', 'dist', 'out']);

const CONFIG_NAME = /^(?:tsconfig(?:\.[\w-]+)*|jsconfig)\.json$/;
/** How many `extends` steps are followed to find an inherited outDir. */
const MAX_EXTENDS = 5;

export interface WalkedFile {
  /** Path relative to the walked folder, forward slashes. */
  rel: string;
  /** File name. */
  name: string;
}

/**
 * The build-named folders under `base` (relative paths, forward slashes) that hold hand-written code.
 * `configsAbove` are config files outside the walked tree (in the folders from the scan root down) that may
 * name an `outDir` inside it.
 */
export function handWrittenBuildFolders(base: string, files: readonly WalkedFile[], configsAbove: readonly string[]): Set<string> {
  const candidates = new Set<string>();
  for (const file of files) {
    const folder = path.posix.dirname(file.rel);
    if (file.name === 'package.json' && BUILD_NAMED_DIRS.has(path.posix.basename(folder))) candidates.add(folder);
  }
  if (candidates.size === 0) return candidates;
  for (const file of files) {
    if (!file.name.endsWith('.map')) continue;
    for (const folder of candidates) if (file.rel.startsWith(`${folder}/`)) candidates.delete(folder);
  }
  if (candidates.size === 0) return candidates;
  const configs = [...configsAbove, ...files.filter((file) => CONFIG_NAME.test(file.name)).map((file) => path.join(base, file.rel))];
  const outDirs = configs.flatMap((config) => outDirOf(config, 0) ?? []);
  for (const folder of candidates) {
    const abs = path.join(base, folder);
    if (outDirs.some((outDir) => abs === outDir || abs.startsWith(outDir + path.sep) || outDir.startsWith(abs + path.sep))) candidates.delete(folder);
  }
  return candidates;
}

/** The config files directly in `dir` that may name an outDir (tsconfig*.json, jsconfig.json). */
export function isCompilerConfig(name: string): boolean {
  return CONFIG_NAME.test(name);
}

/** The absolute `compilerOptions.outDir` of a tsconfig, following relative `extends`; undefined when none. */
function outDirOf(configFile: string, depth: number): string | undefined {
  let config: unknown;
  try {
    config = JSON.parse(withoutJsonComments(readFileSync(configFile, 'utf8')));
  } catch (error) {
    // An unreadable or malformed config names no outDir; the folder is judged by the other signs.
    if ((error as NodeJS.ErrnoException).code !== undefined || error instanceof SyntaxError) return undefined;
    throw error;
  }
  if (typeof config !== 'object' || config === null) return undefined;
  const { compilerOptions, extends: parents } = config as { compilerOptions?: { outDir?: unknown }; extends?: unknown };
  if (typeof compilerOptions?.outDir === 'string') return path.resolve(path.dirname(configFile), compilerOptions.outDir);
  if (depth >= MAX_EXTENDS) return undefined;
  for (const parent of (Array.isArray(parents) ? parents : [parents]).reverse()) {
    if (typeof parent !== 'string' || !parent.startsWith('.')) continue; // package configs set no project outDir
    const file = path.resolve(path.dirname(configFile), parent.endsWith('.json') ? parent : `${parent}.json`);
    const inherited = outDirOf(file, depth + 1);
    if (inherited !== undefined) return inherited;
  }
  return undefined;
}

/** tsconfig files are JSON with comments and trailing commas: both removed, strings kept as they are. */
function withoutJsonComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      out += text.slice(i, end + 1);
      i = end + 1;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}
