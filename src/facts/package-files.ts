import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Project } from '../binding/project.js';

/**
 * The source files of a package, for facts that look across the modules of one application (a claim read after
 * verification, the registration that governs a plugin's decorators, a sign call with the verification's key):
 * the nearest directory at or below the scan root that holds a `package.json` (else the scan root), walked
 * once and cached, skipping dependencies, build output and tests. Bounded: a huge tree is answered from its
 * first files only (a miss, never a crash).
 */

const SOURCE_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
/** Component files, listed for the searches that ask for them (a Vue or Svelte component providing a context). */
const COMPONENT_EXTENSIONS = new Set(['.vue', '.svelte']);
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', '.git', '.next', '.nuxt', 'vendor', 'test', 'tests', '__tests__', '__mocks__']);
const MAX_FILES = 3000;
const MAX_DEPTH = 12;

export class PackageFiles {
  private readonly listings = new Map<string, string[]>();
  private readonly mentions = new Map<string, string[]>();
  /** Per package root and name: the files whose text calls the name. */
  private readonly callers = new Map<string, readonly string[]>();

  /** @param project records, for the file under analysis, each package whose files a search read (a cached result depends on them) */
  constructor(private readonly project: Pick<Project, 'root' | 'dependOnPackage' | 'textOf'>) {}

  private get root(): string {
    return this.project.root;
  }

  /** The root directory of the package that contains `fromFile`. */
  packageRoot(fromFile: string): string {
    const root = path.resolve(this.root);
    let dir = path.dirname(path.resolve(fromFile));
    while (!path.relative(root, dir).startsWith('..') && dir !== root) {
      if (existsSync(path.join(dir, 'package.json'))) return dir;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return root;
  }

  /** The source files under a package root, in a stable order (with `.vue` and `.svelte` components when asked). */
  sourceFiles(packageRoot: string, components = false): readonly string[] {
    this.project.dependOnPackage(packageRoot);
    const key = `${components}\0${packageRoot}`;
    let files = this.listings.get(key);
    if (!files) {
      const all = listSourceFiles(packageRoot);
      this.listings.set(key, (files = components ? all : all.filter((file) => !COMPONENT_EXTENSIONS.has(path.extname(file)))));
    }
    return files;
  }

  /** The source files of the package that contains `fromFile`. */
  filesOfPackage(fromFile: string): readonly string[] {
    return this.sourceFiles(this.packageRoot(fromFile));
  }

  /**
   * The files of the package of `fromFile` whose text contains one of `words` (a cheap test before any parse;
   * the caller loads the ones it needs through the project, which records them as dependencies). With `pattern`,
   * only those whose text also matches it (the shape the caller looks for, so fewer files are parsed).
   */
  filesMentioning(fromFile: string, words: readonly string[], components = false, pattern?: RegExp): readonly string[] {
    const root = this.packageRoot(fromFile);
    this.project.dependOnPackage(root);
    const key = `${root}\0${components}\0${pattern?.source ?? ''}\0${words.join('\0')}`;
    const cached = this.mentions.get(key);
    if (cached) return cached;
    const found = this.sourceFiles(root, components).filter((file) => {
      const text = this.project.textOf(file);
      return text !== undefined && words.some((word) => text.includes(word)) && (pattern === undefined || pattern.test(text));
    });
    this.mentions.set(key, found);
    return found;
  }

  /**
   * The files whose text calls `name` (`name(` or `x.name (`): those of the package of `fromFile` first, then the
   * rest of the scan root's, each in listing order. The candidates for the callers of a function of that package
   * in other modules.
   */
  filesCalling(fromFile: string, name: string): readonly string[] {
    const own = this.packageRoot(fromFile);
    const root = path.resolve(this.root);
    if (own === root) return this.filesCallingUnder(own, name);
    // a workspace package is also called by its sibling packages, which import it by its package name
    const inPackage = this.filesCallingUnder(own, name);
    const seen = new Set(inPackage);
    return [...inPackage, ...this.filesCallingUnder(root, name).filter((file) => !seen.has(file))];
  }

  /**
   * The files of the tree under `root` whose text calls `name` (a recorded dependency). One search per name: a scan
   * asks about a few dozen names at most (19 on a 5,800-file application), and indexing every name every file calls
   * cost several times all those searches.
   */
  private filesCallingUnder(root: string, name: string): readonly string[] {
    this.project.dependOnPackage(root);
    const key = `${root}\0${name}`;
    let files = this.callers.get(key);
    if (!files) {
      // the name as a whole identifier before a call's parenthesis
      const call = new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}\\s*\\(`);
      files = this.sourceFiles(root).filter((file) => {
        const text = this.project.textOf(file);
        return text !== undefined && text.includes(name) && call.test(text);
      });
      this.callers.set(key, files);
    }
    return files;
  }
}

/** The source files under a package root, in a stable order (bounded by MAX_FILES and MAX_DEPTH). */
function listSourceFiles(packageRoot: string): string[] {
  const files: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > MAX_DEPTH || files.length >= MAX_FILES) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      // an unreadable directory holds nothing we can see; the scan's own walk reports it
      if (error instanceof Error && 'code' in error) return;
      throw error;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (files.length >= MAX_FILES) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.')) walk(full, depth + 1);
      else if (entry.isFile() && (SOURCE_EXTENSIONS.has(path.extname(entry.name)) || COMPONENT_EXTENSIONS.has(path.extname(entry.name))) && !entry.name.endsWith('.d.ts')) files.push(full);
    }
  };
  walk(packageRoot, 0);
  return files;
}

/**
 * A digest of a package's source listing (paths, sizes, modification times): a result that read a package-wide
 * search is reused only while it is unchanged, so a new sign call or claim read anywhere in the package is seen.
 */
export function packageListingDigest(packageRoot: string): string {
  const hash = createHash('sha1');
  for (const file of listSourceFiles(packageRoot)) {
    let stamp = 'unreadable';
    try {
      const stat = statSync(file);
      stamp = `${stat.size}:${stat.mtimeMs}`;
    } catch (error) {
      if (!(error instanceof Error && 'code' in error)) throw error;
    }
    hash.update(`${path.relative(packageRoot, file)}\t${stamp}\n`);
  }
  return hash.digest('hex');
}
