import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isInside, toPosix } from '../paths.js';

/**
 * The `.gitignore` files that apply to the walked trees, with git's semantics: each file's patterns match paths
 * relative to its directory, deeper files override shallower ones, and nothing under an excluded directory can be
 * re-included. The root's `.git/info/exclude` applies first.
 */
export class GitignoreIndex {
  /** Directory → matchers, lowest precedence first. */
  private readonly levels = new Map<string, Ignore[]>();
  private readonly loaded = new Set<string>();
  private readonly dirCache = new Map<string, boolean>();
  private readonly chainCache = new Map<string, readonly string[]>();

  constructor(private readonly root: string) {}

  /** Loads `.gitignore` files in the directories from the root down to `base`'s parent (and the root's info/exclude). */
  async loadAncestors(base: string): Promise<void> {
    if (!isInside(this.root, base)) return;
    await this.loadFile(this.root, path.join(this.root, '.git', 'info', 'exclude'));
    const chain: string[] = [];
    for (let dir = path.dirname(base); isInside(this.root, dir); dir = path.dirname(dir)) {
      chain.unshift(dir);
      if (dir === this.root) break;
    }
    for (const dir of chain) await this.load(dir);
  }

  async load(dir: string): Promise<void> {
    await this.loadFile(dir, path.join(dir, '.gitignore'));
  }

  private async loadFile(dir: string, file: string): Promise<void> {
    if (this.loaded.has(file)) return;
    this.loaded.add(file);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return; // no such ignore file: nothing to apply
      throw error;
    }
    const list = this.levels.get(dir) ?? [];
    list.push(ignore().add(text));
    this.levels.set(dir, list);
    this.dirCache.clear();
    this.chainCache.clear();
  }

  ignores(abs: string): boolean {
    if (this.levels.size === 0) return false;
    const parent = path.dirname(abs);
    if (this.dirIgnored(parent)) return true;
    return this.evaluate(abs, false);
  }

  private dirIgnored(dir: string): boolean {
    const cached = this.dirCache.get(dir);
    if (cached !== undefined) return cached;
    const parent = path.dirname(dir);
    const result = parent !== dir && (this.dirIgnored(parent) || this.evaluate(dir, true));
    this.dirCache.set(dir, result);
    return result;
  }

  /** The cascade for one path, shallow to deep, each level relative to its own directory. */
  private evaluate(target: string, isDir: boolean): boolean {
    let ignored = false;
    for (const dir of this.chainFor(path.dirname(target))) {
      const rel = toPosix(target.slice(dir.endsWith(path.sep) ? dir.length : dir.length + 1)) + (isDir ? '/' : '');
      for (const ig of this.levels.get(dir) ?? []) {
        const r = ig.test(rel);
        if (r.ignored) ignored = true;
        else if (r.unignored) ignored = false;
      }
    }
    return ignored;
  }

  /** Directories holding ignore files at or above `dir`, shallowest first (memoised per directory). */
  private chainFor(dir: string): readonly string[] {
    const cached = this.chainCache.get(dir);
    if (cached !== undefined) return cached;
    const parent = path.dirname(dir);
    const above = parent === dir ? [] : this.chainFor(parent);
    const chain = this.levels.has(dir) ? [...above, dir] : above;
    this.chainCache.set(dir, chain);
    return chain;
  }
}
