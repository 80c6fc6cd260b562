/**
 * File discovery: turns the paths given on the command line into the list of source files to scan.
 *
 * - Directories are walked (fast-glob, symlinks not followed) with the excludes below; files named
 *   explicitly are scanned whenever they have a source extension (a pre-commit hook passes file names and the
 *   user named them), except under `node_modules`.
 * - `.gitignore` files are honoured (the root's `.git/info/exclude`, then every `.gitignore` from the scan root
 *   down, each matching paths relative to its own directory, deeper files overriding shallower ones, and no
 *   re-inclusion under an excluded directory, as in git).
 * - Default-exclude and test/fixture directory names are matched on the path *below* the directory being walked,
 *   so `jwtlint fixtures/` scans the fixtures the user pointed at, while `jwtlint .` skips them.
 * - Symlinks are never followed out of the scan root; dangling and looping links are counted, never fatal.
 */
import { access, lstat, realpath, stat } from 'node:fs/promises';
import { constants, existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import type { Notification, SkipCount } from '../report/types.js';
import { isDeclarationFile } from './file-kinds.js';
import { BUILD_NAMED_DIRS, handWrittenBuildFolders, isCompilerConfig } from './build-folders.js';
import { COMPONENT_EXTENSIONS } from '../parsing/embedded.js';
import { UsageError } from '../errors.js';
import { GitignoreIndex } from './gitignore.js';
import { fastGlob, isInside, toPosix } from '../paths.js';

export interface DiscoveryOptions {
  /** Directory the paths are relative to (the user's working directory). */
  cwd: string;
  /** Files and directories to scan; `['.']` when empty. */
  paths: string[];
  /** Scan test and fixture code too. */
  includeTests: boolean;
  /** Extra gitignore-style patterns, relative to the scan root (from configuration). Apply to explicit files too. */
  ignorePatterns?: string[];
  /**
   * Turn off every default exclude: node_modules, build output, tests, minified and declaration files
   * (used to benchmark on an installed package corpus). `.gitignore` and ignore patterns still apply.
   */
  noDefaultExcludes?: boolean;
}

export interface DiscoveryResult {
  /** Absolute scan root: the git top-level directory containing cwd (nearest `.git` entry walking up), else cwd. */
  root: string;
  /** Absolute, sorted, unique. */
  files: string[];
  /** Files not scanned, counted by reason (only non-zero counts, in a fixed order). */
  skipped: SkipCount[];
  notifications: Notification[];
}

/** The reasons used in `DiscoveryResult.skipped`, in reporting order. */
export const SKIP_REASONS = {
  gitignore: 'ignored by .gitignore',
  ignorePatterns: 'ignored by ignore patterns',
  defaultExclude: 'default exclude (dist, build, ...)',
  declaration: 'declaration file',
  minified: 'minified',
  tests: 'test or fixture code (use --include-tests)',
  nodeModules: 'node_modules',
  symlinkOutsideRoot: 'symlink outside root',
  brokenSymlink: 'broken or looping symlink',
  notSource: 'not a JavaScript, TypeScript, Vue, Svelte or Astro file',
} as const;

export type SkipReason = (typeof SKIP_REASONS)[keyof typeof SKIP_REASONS];

/**
 * The option that scans the files skipped for a reason (named in the summary when nothing else was scanned).
 * Declaration files, minified bundles and node_modules have none: that is not code to scan for the project.
 */
const SKIP_OPTIONS: ReadonlyMap<SkipReason, string> = new Map([
  [SKIP_REASONS.defaultExclude, '--no-default-excludes'],
  [SKIP_REASONS.tests, '--include-tests'],
]);

/** Scanned extensions: script files, and component files whose script blocks are analysed (src/parsing/embedded.ts). */
export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', ...COMPONENT_EXTENSIONS] as const;

/** Directory names skipped by default when walking (generated, bundled or third-party code). */
export const DEFAULT_EXCLUDED_DIRS: ReadonlySet<string> = new Set([
  'dist',
  'build',
  'out',
  'coverage',
  '.next',
  '.nuxt',
  'vendor',
  '.svelte-kit',
  '.astro',
  '.output',
  '.turbo',
  '.vercel',
  '.yarn',
  '.pnpm-store',
  'bower_components',
  'jspm_packages',
]);

/** Directory names holding test or fixture code, skipped unless `includeTests` (`e2e/`, `cypress/`: end-to-end suites). */
const TEST_DIRS: ReadonlySet<string> = new Set(['test', 'tests', '__tests__', '__mocks__', 'fixtures', '__fixtures__', 'e2e', 'cypress']);

const SOURCE_EXT_RE = new RegExp(`(?:${SOURCE_EXTENSIONS.map((e) => e.replace('.', '\\.')).join('|')})$`, 'i');
const MINIFIED_RE = /[.-]min\.[mc]?js$/i;
/** `x.test.ts`, `x.spec.ts`, and the end-to-end forms `x.e2e.ts`, `x.e2e-spec.ts`, `x.e2e-test.ts`, `x.cy.ts` (Cypress). */
const TEST_FILE_RE = /\.(?:test|spec|e2e|e2e-spec|e2e-test|cy)\.[^./]+$/i;

/** Is a path (relative, `/`-separated) test or fixture code by the default excludes? */
export function isTestPath(relativePath: string): boolean {
  const segments = relativePath.split('/');
  return TEST_FILE_RE.test(segments[segments.length - 1] ?? '') || segments.slice(0, -1).some((segment) => TEST_DIRS.has(segment));
}

export function hasSourceExtension(fileName: string): boolean {
  return SOURCE_EXT_RE.test(fileName);
}

/** The directory holding the nearest `.git` entry (directory, or file for worktrees/submodules) at or above cwd, else cwd. */
export function findScanRoot(cwd: string): string {
  const start = path.resolve(cwd);
  for (let dir = start; ; ) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}

/**
 * The root output paths are relative to: the repository of the working directory when every target is in
 * it (so paths are repo-relative even when run from a subdirectory), else the repository (or directory)
 * of the scanned paths, widened to their common ancestor.
 */
function scanRootFor(cwd: string, targets: readonly { abs: string; isDirectory: boolean }[]): string {
  const fromCwd = findScanRoot(cwd);
  if (targets.every((t) => isInside(fromCwd, t.abs))) return fromCwd;
  const first = targets[0];
  let root = findScanRoot(first.isDirectory ? first.abs : path.dirname(first.abs));
  for (const target of targets) {
    while (!isInside(root, target.abs)) root = path.dirname(root);
  }
  return root;
}

export async function discoverFiles(opts: DiscoveryOptions): Promise<DiscoveryResult> {
  const cwd = path.resolve(opts.cwd);
  const paths = opts.paths.length > 0 ? opts.paths : ['.'];

  // Validate every path before doing any work, so a typo fails fast with the path the user typed.
  const targets: { given: string; abs: string; isSymlink: boolean; isDirectory: boolean }[] = [];
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    const info = await lstat(abs).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw new UsageError(`path not found: ${given}`);
      throw error;
    });
    targets.push({ given, abs, isSymlink: info.isSymbolicLink(), isDirectory: info.isDirectory() });
  }
  const root = scanRootFor(cwd, targets);
  const state = new DiscoveryState(root, realpathSync(root), opts);

  for (const target of targets) {
    await state.addExplicit(target.given, target.abs, target.isSymlink, cwd);
  }
  return state.result();
}

/**
 * Why a walk of `root` would skip the file `abs`, or undefined when it would scan it: for a file that is not
 * discovered by a walk but must follow the same excludes (an editor's open buffer).
 */
export async function walkExcludeReason(opts: DiscoveryOptions & { root: string }, abs: string): Promise<SkipReason | undefined> {
  const state = new DiscoveryState(opts.root, realpathSync(opts.root), opts);
  return state.reasonForWalkedFile(abs);
}

class DiscoveryState {
  private readonly files = new Map<string, { display: string; viaSymlink: boolean }>();
  /** Real path → reason, for files skipped so far (a file accepted through another path is un-skipped). */
  private readonly skippedFiles = new Map<string, SkipReason>();
  private readonly notifications: Notification[] = [];
  private readonly extraIgnore: Ignore | undefined;
  private readonly gitignore: GitignoreIndex;

  constructor(
    private readonly root: string,
    private readonly rootReal: string,
    private readonly opts: DiscoveryOptions,
  ) {
    const patterns = opts.ignorePatterns ?? [];
    this.extraIgnore = patterns.length > 0 ? ignore().add(patterns) : undefined;
    this.gitignore = new GitignoreIndex(root);
  }

  async addExplicit(given: string, abs: string, isSymlink: boolean, cwd: string): Promise<void> {
    let real = abs;
    if (isSymlink) {
      const resolved = await resolveLink(abs);
      if (resolved === undefined) {
        this.brokenLink(abs);
        return this.skip(SKIP_REASONS.brokenSymlink, abs);
      }
      if (isInside(this.root, abs) && !isInside(this.rootReal, resolved)) return this.skip(SKIP_REASONS.symlinkOutsideRoot, abs);
      real = resolved;
    }
    const info = await stat(abs);
    if (info.isDirectory()) {
      if (hasSourceExtension(abs)) {
        this.notifications.push({
          kind: 'not-a-file',
          level: 'note',
          message: `${given} is a directory, not a source file; it is scanned as a directory`,
          file: this.displayRelative(abs),
        });
      }
      return this.walk(abs);
    }
    if (!info.isFile()) {
      this.notifications.push({
        kind: 'not-a-file',
        level: 'warning',
        message: `${given} is not a regular file or directory; skipped`,
        file: this.displayRelative(abs),
        fileSkipped: true,
      });
      return;
    }
    if (!isSymlink) real = await realpath(abs);
    const typedSegments = path
      .relative(cwd, abs)
      .split(path.sep)
      .filter((s) => s !== '..');
    if (!this.opts.noDefaultExcludes && typedSegments.includes('node_modules')) return this.skip(SKIP_REASONS.nodeModules, real);
    if (!hasSourceExtension(abs)) return this.skip(SKIP_REASONS.notSource, real);
    if (this.ignoredByPatterns(abs)) return this.skip(SKIP_REASONS.ignorePatterns, real);
    this.accept(abs, real, isSymlink);
  }

  /** Walks a directory with all the excludes. */
  private async walk(base: string): Promise<void> {
    const baseReal = await realpath(base);
    const entries = await fastGlob()('**', {
      cwd: base,
      dot: true,
      onlyFiles: false,
      followSymbolicLinks: false,
      objectMode: true,
      // An unreadable directory must not end the walk; it is found and reported below instead.
      suppressErrors: true,
      ignore: this.opts.noDefaultExcludes ? ['**/.git/**'] : ['**/node_modules/**', '**/.git/**'],
    });
    // A directory the walk found something in was listed; only the empty-looking ones may be unreadable. Checked
    // together, not one await at a time: a large tree has thousands of directories.
    const listed = new Set(entries.map((e) => path.dirname(e.path)));
    const directories = [base, ...entries.filter((e) => e.dirent.isDirectory() && !listed.has(e.path)).map((e) => path.join(base, e.path))];
    const listable = await Promise.all(directories.map((directory) => (directory === base && listed.has('.') ? true : isListable(directory))));
    for (const [i, directory] of directories.entries()) {
      if (!listable[i]) {
        this.notifications.push({
          kind: 'unreadable',
          level: 'error',
          file: this.displayRelative(directory),
          message: `could not read directory ${this.displayRelative(directory)}: permission denied; files in it were not scanned`,
          fileSkipped: true,
        });
      }
    }

    await this.gitignore.loadAncestors(base);
    const candidates: { rel: string; abs: string; real: string; viaSymlink: boolean }[] = [];
    for (const entry of entries) {
      const rel = entry.path;
      const abs = path.join(base, rel);
      if (entry.dirent.isFile()) {
        if (entry.name === '.gitignore') await this.gitignore.load(path.dirname(abs));
        if (hasSourceExtension(entry.name)) candidates.push({ rel, abs, real: path.join(baseReal, rel), viaSymlink: false });
      } else if (entry.dirent.isSymbolicLink()) {
        const resolved = await resolveLink(abs);
        if (resolved === undefined) {
          if (hasSourceExtension(entry.name)) this.skip(SKIP_REASONS.brokenSymlink, abs);
          // Named, not only counted: it may stand for a source file or a folder of them. Links named like other
          // files (a README, an image) cannot hold code.
          if (hasSourceExtension(entry.name) || path.extname(entry.name) === '') this.brokenLink(abs);
          continue;
        }
        const target = await stat(resolved);
        if (!isInside(this.rootReal, resolved)) {
          if (target.isDirectory() || hasSourceExtension(entry.name)) this.skip(SKIP_REASONS.symlinkOutsideRoot, abs);
          continue;
        }
        // Links to directories inside the root are not followed: their contents are reached by their real path.
        if (target.isFile() && hasSourceExtension(entry.name)) candidates.push({ rel, abs, real: resolved, viaSymlink: true });
      }
      // Directories (including ones named like `x.ts`), sockets and FIFOs are not files to scan.
    }

    const handWritten = this.opts.noDefaultExcludes ? new Set<string>() : this.handWrittenBuildFolders(base, entries);
    for (const c of candidates) {
      const reason = this.excludeReason(c.rel, c.abs, handWritten);
      if (reason !== undefined) this.skip(reason, c.real);
      else this.accept(c.abs, c.real, c.viaSymlink);
    }
  }

  async reasonForWalkedFile(abs: string): Promise<SkipReason | undefined> {
    if (!isInside(this.root, abs)) return SKIP_REASONS.ignorePatterns;
    const rel = toPosix(path.relative(this.root, abs));
    if (!this.opts.noDefaultExcludes && rel.split('/').includes('node_modules')) return SKIP_REASONS.nodeModules;
    if (!hasSourceExtension(abs)) return SKIP_REASONS.notSource;
    await this.gitignore.loadAncestors(abs);
    return this.excludeReason(rel, abs, this.opts.noDefaultExcludes ? new Set() : this.handWrittenOnPath(rel));
  }

  /** The build-named folders on one file's path that hold hand-written code (as a walk of the root would find). */
  private handWrittenOnPath(rel: string): Set<string> {
    const segments = rel.split('/').slice(0, -1);
    const found = new Set<string>();
    segments.forEach((segment, i) => {
      if (!BUILD_NAMED_DIRS.has(segment)) return;
      const parent = path.join(this.root, ...segments.slice(0, i));
      const glob = fastGlob();
      const entries = glob.sync(`${glob.escapePath(segment)}/**`, { cwd: parent, dot: true, objectMode: true, suppressErrors: true, ignore: ['**/node_modules/**', '**/.git/**'] });
      if (this.handWrittenBuildFolders(parent, entries).has(segment)) found.add(segments.slice(0, i + 1).join('/'));
    });
    return found;
  }

  /** Build-named folders of the walked tree that hold hand-written code (scanned despite their name). */
  private handWrittenBuildFolders(base: string, entries: readonly fg.Entry[]): Set<string> {
    const files = entries.filter((e) => e.dirent.isFile()).map((e) => ({ rel: e.path, name: e.name }));
    const configsAbove: string[] = [];
    for (let dir = base; isInside(this.root, dir); dir = path.dirname(dir)) {
      configsAbove.push(
        ...listDirectory(dir)
          .filter(isCompilerConfig)
          .map((name) => path.join(dir, name)),
      );
      if (dir === this.root) break;
    }
    return handWrittenBuildFolders(base, files, configsAbove);
  }

  private excludeReason(rel: string, abs: string, handWritten: ReadonlySet<string>): SkipReason | undefined {
    if (this.gitignore.ignores(abs)) return SKIP_REASONS.gitignore;
    if (this.ignoredByPatterns(abs)) return SKIP_REASONS.ignorePatterns;
    if (this.opts.noDefaultExcludes) return undefined;
    const segments = rel.split('/');
    const name = segments.pop() ?? rel;
    const excludedFolder = (s: string, i: number) => DEFAULT_EXCLUDED_DIRS.has(s) && !handWritten.has(segments.slice(0, i + 1).join('/'));
    if (segments.some(excludedFolder)) return SKIP_REASONS.defaultExclude;
    if (isDeclarationFile(name)) return SKIP_REASONS.declaration;
    if (MINIFIED_RE.test(name)) return SKIP_REASONS.minified;
    if (!this.opts.includeTests && (TEST_FILE_RE.test(name) || segments.some((s) => TEST_DIRS.has(s)))) return SKIP_REASONS.tests;
    return undefined;
  }

  private brokenLink(abs: string): void {
    if (this.gitignore.ignores(abs) || this.ignoredByPatterns(abs)) return;
    const file = this.displayRelative(abs);
    this.notifications.push({ kind: 'not-a-file', level: 'note', file, message: `${file} is a symlink that dangles or loops; not followed` });
  }

  private ignoredByPatterns(abs: string): boolean {
    if (this.extraIgnore === undefined || !isInside(this.root, abs)) return false;
    return this.extraIgnore.ignores(toPosix(path.relative(this.root, abs)));
  }

  private accept(abs: string, real: string, viaSymlink: boolean): void {
    const existing = this.files.get(real);
    if (existing === undefined) {
      // Acceptance wins over a skip through another path (e.g. `jwtlint . test/a.test.ts`).
      this.skippedFiles.delete(real);
      this.files.set(real, { display: abs, viaSymlink });
    } else if (existing.viaSymlink && !viaSymlink) {
      // Prefer the file's own path to a link pointing at it.
      this.files.set(real, { display: abs, viaSymlink });
    }
  }

  private skip(reason: SkipReason, key: string): void {
    if (this.files.has(key) || this.skippedFiles.has(key)) return;
    this.skippedFiles.set(key, reason);
  }

  private displayRelative(abs: string): string {
    return toPosix(path.relative(this.root, abs));
  }

  result(): DiscoveryResult {
    const files = [...new Set([...this.files.values()].map((f) => f.display))].sort(compareStrings);
    const counts = new Map<SkipReason, number>();
    for (const reason of this.skippedFiles.values()) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    const skipped: SkipCount[] = [];
    for (const reason of Object.values(SKIP_REASONS)) {
      const count = counts.get(reason) ?? 0;
      const option = SKIP_OPTIONS.get(reason);
      if (count > 0) skipped.push(option === undefined ? { reason, count } : { reason, count, option });
    }
    return { root: this.root, files, skipped, notifications: this.notifications };
  }
}

/** Real path of a symlink's target, or undefined when it dangles or loops. */
async function resolveLink(abs: string): Promise<string | undefined> {
  try {
    return await realpath(abs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** The names in a directory; none when it cannot be listed (a config that cannot be read names no outDir). */
function listDirectory(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== undefined) return [];
    throw error;
  }
}

async function isListable(directory: string): Promise<boolean> {
  try {
    await access(directory, constants.R_OK | constants.X_OK);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return false;
    if (code === 'ENOENT') return true; // vanished during the walk: nothing left to miss
    throw error;
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
