import { FileView } from './file-view.js';
import { vendoredPackageOf } from './vendored.js';
import path from 'node:path';
import type { ts } from 'ts-morph';
import { parseSource, type ParsedFile } from '../parsing/parse.js';
import type { Parse } from '../parsing/parse-cache.js';
import { type ExportNames, exportNamesOf } from './export-names.js';
import { ModuleResolver } from './resolve-module.js';
import { SourceTexts } from './source-texts.js';
import type { ConfigProblem } from './tsconfig.js';

export interface ProjectFile extends ParsedFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the scan root, forward slashes. */
  relativePath: string;
  text: string;
}

/** Marks a dependency on the source listing of a package (a directory), not on one file. */
export const PACKAGE_LISTING_DEPENDENCY = 'package-listing:';

/** Files whose text is the module's code (a component file's exports are in its script blocks: not read by text). */
const SCRIPT_FILE = /\.[cm]?[jt]sx?$/i;
/** Dependency trees kept at once; an evicted one is parsed again if needed (rare: imports cluster by file). */
const MAX_LOADED = 256;
/**
 * Source bytes of the dependency trees kept between files (a tree takes about ten times its text, and the answers
 * remembered about it more). A tree of package sources imports large modules, so the count alone let them fill a
 * third of the 256 MB heap. The trees the file under analysis loaded are never evicted while it is analysed (an
 * eviction there meant parsing the same module again and again), so the budget holds between files: 2 MB is as fast
 * as 4 MB on both benchmark corpora, with less memory held.
 */
const MAX_LOADED_BYTES = 2_000_000;
/** Source bytes of dependency trees held while one file is analysed, however many it uses. */
const MAX_IN_USE_BYTES = 8_000_000;

/**
 * The set of files the analysis can see. Files being scanned are registered by the engine; files they
 * import are read and parsed lazily, once, the first time a value is resolved through them.
 */
export class Project {
  private readonly files = new Map<string, ProjectFile | null>();
  /** Files parsed only to resolve values, least recently used first: at most MAX_LOADED trees are kept (memory stays bounded). */
  private readonly loadedOrder: string[] = [];
  /** Text length of the trees in loadedOrder. */
  private loadedBytes = 0;
  /** Answers of textPasses, by key and file. */
  private readonly textAnswers = new Map<string, boolean>();
  /** What each module's text may export (undefined: unreadable), for mayExport. */
  private readonly exportNames = new Map<string, ExportNames | undefined>();
  /** Dependency trees loaded since the file under analysis began (startFile): not evicted until it is done. */
  private readonly inUse = new Set<string>();
  private readonly resolver: ModuleResolver;
  /** Texts of the files read besides the scanned ones, each read from disk once per scan. */
  private readonly texts = new SourceTexts();

  /**
   * @param sources texts that stand in for files (absolute path → text): the --stdin text is the file it is
   *   scanned as, also when another file imports it and even when that file is not on disk yet.
   * @param parse how a file's text becomes a tree: a ParseCache's in a long-lived process, parseSource otherwise.
   * @param resolver module resolution kept from earlier scans of the same root with the same stand-in files (a
   *   long-lived process's, src/binding/warm-resolvers.ts); a fresh one otherwise.
   */
  constructor(
    readonly root: string,
    private readonly sources: ReadonlyMap<string, string> = new Map(),
    readonly parse: Parse = parseSource,
    resolver?: ModuleResolver,
  ) {
    if (resolver && resolver.root !== root) throw new Error(`a module resolver for ${resolver.root} cannot serve a scan of ${root}`);
    this.resolver = resolver ?? new ModuleResolver(root, sources);
  }

  relative(absolutePath: string): string {
    return path.relative(this.root, absolutePath).split(path.sep).join('/');
  }

  register(absolutePath: string, text: string, parsed: ParsedFile): ProjectFile {
    const file: ProjectFile = { ...parsed, path: absolutePath, relativePath: this.relative(absolutePath), text };
    // a scanned file is held until forgotten: it leaves the evictable dependency trees if it was one
    const index = this.loadedOrder.indexOf(absolutePath);
    if (index >= 0) {
      this.loadedOrder.splice(index, 1);
      this.loadedBytes -= this.files.get(absolutePath)?.text.length ?? 0;
    }
    this.files.set(absolutePath, file);
    return file;
  }

  /** The tree of exactly this text held already (the file was loaded as another file's dependency): parsing again gives the same. */
  heldParse(absolutePath: string, text: string): ParsedFile | undefined {
    const held = this.files.get(absolutePath);
    return held && held.text === text ? held : undefined;
  }

  /** How many parsed trees are held right now (scanned files not yet released plus cached dependencies). */
  get heldTrees(): number {
    let count = 0;
    for (const file of this.files.values()) if (file) count += 1;
    return count;
  }

  /**
   * A scanned file is done: its tree is dropped (unless an importer loaded it as a dependency before). Kept as a
   * dependency tree it pinned, through the answers remembered about its nodes, every tree its analysis touched:
   * the package corpus twice over ran out of the 256 MB heap.
   */
  forget(absolutePath: string): void {
    if (this.files.get(absolutePath) && !this.loadedOrder.includes(absolutePath)) this.files.delete(absolutePath);
  }

  fileOf(node: ts.Node): ProjectFile | undefined {
    return this.files.get(node.getSourceFile().fileName) ?? undefined;
  }

  /** Loads a file that is only needed to resolve a value; undefined when it cannot be read. */
  load(absolutePath: string): ProjectFile | undefined {
    for (const files of this.collecting) files.add(absolutePath);
    const cached = this.files.get(absolutePath);
    if (cached) this.touch(absolutePath);
    if (cached !== undefined) return cached ?? undefined;
    const source = this.sources.get(absolutePath);
    const file = source !== undefined ? this.parsed(absolutePath, source) : this.readDependency(absolutePath);
    this.files.set(absolutePath, file);
    if (file) this.keepLoaded(absolutePath, file);
    return file ?? undefined;
  }

  /**
   * Does the file's text pass `test` (named by `key`)? A cheap test before `load`: most files a search walks, or an
   * import leads to, are not what it looks for. Answered once per file and key in a scan (no read per call site),
   * and recorded as a dependency as `load` is: the answer changes when the file does.
   */
  textPasses(absolutePath: string, key: string, test: (text: string) => boolean): boolean {
    this.dependOnAgain([absolutePath]);
    const answerKey = `${key}\0${absolutePath}`;
    let known = this.textAnswers.get(answerKey);
    if (known === undefined) {
      const text = this.textOf(absolutePath);
      this.textAnswers.set(answerKey, (known = text !== undefined && test(text)));
    }
    return known;
  }

  /**
   * May the module export `name`, by its text and the texts of the modules it `export *`s from
   * (./export-names.ts)? False only when sure, so a lookup can skip the parse. Recorded as a dependency as `load` is.
   */
  mayExport(absolutePath: string, name: string, seen = new Set<string>()): boolean {
    if (seen.has(absolutePath)) return false; // a cycle of `export *`: the other modules are asked on the way
    seen.add(absolutePath);
    this.dependOnAgain([absolutePath]);
    let names = this.exportNames.get(absolutePath);
    if (!this.exportNames.has(absolutePath)) {
      const text = SCRIPT_FILE.test(absolutePath) ? this.textOf(absolutePath) : undefined;
      this.exportNames.set(absolutePath, (names = text === undefined ? undefined : exportNamesOf(text)));
    }
    if (names === undefined || names.open || names.names.has(name)) return true;
    if (name === 'default') return false; // `export *` does not pass a default export on
    return names.stars.some((specifier) => {
      const target = this.resolveImport(absolutePath, specifier);
      return target !== undefined && this.mayExport(target, name, seen);
    });
  }

  /**
   * A file's text without parsing it: the held tree's, a stand-in's, or read from disk once per scan (undefined:
   * unreadable or too large). Every text test of a module that is not scanned reads it here. Not a dependency by
   * itself: a caller whose answer depends on the text records that (`textPasses`, `dependOnPackage`).
   */
  textOf(absolutePath: string): string | undefined {
    const held = this.files.get(absolutePath);
    return held !== undefined ? held?.text : (this.sources.get(absolutePath) ?? this.texts.read(absolutePath));
  }

  /** A scanned file's text as the scan read it: later reads of the file as a module take it from here. */
  offerText(absolutePath: string, text: string): void {
    if (!this.sources.has(absolutePath)) this.texts.offer(absolutePath, text);
  }

  /** A new file is about to be analysed: the trees the last one used may be evicted again. */
  startFile(): void {
    this.inUse.clear();
    this.evictPastBudget();
  }

  /** A held tree is used again: it is in use for the file under analysis, and the last a dependency tree to evict. */
  private touch(absolutePath: string): void {
    this.inUse.add(absolutePath);
    const index = this.loadedOrder.indexOf(absolutePath);
    if (index >= 0 && index < this.loadedOrder.length - 1) {
      this.loadedOrder.splice(index, 1);
      this.loadedOrder.push(absolutePath);
    }
  }

  /** Holds a dependency tree, evicting the oldest past MAX_LOADED trees or MAX_LOADED_BYTES of text. */
  private keepLoaded(absolutePath: string, file: ProjectFile): void {
    this.loadedOrder.push(absolutePath);
    this.loadedBytes += file.text.length;
    this.inUse.add(absolutePath);
    this.evictPastBudget();
  }

  /**
   * Evicts the oldest trees the current file has not used until the held ones fit the budget; past the hard limits
   * (MAX_LOADED trees, MAX_IN_USE_BYTES) used ones go too: such a file parses some modules again, memory stays bounded.
   */
  private evictPastBudget(): void {
    const overCount = () => this.loadedOrder.length > MAX_LOADED;
    this.evictWhile(
      (file) => !this.inUse.has(file),
      () => overCount() || this.loadedBytes > MAX_LOADED_BYTES,
    );
    this.evictWhile(
      () => true,
      () => overCount() || this.loadedBytes > MAX_IN_USE_BYTES,
    );
  }

  private evictWhile(evictable: (file: string) => boolean, over: () => boolean): void {
    let index = 0;
    while (index < this.loadedOrder.length && this.loadedOrder.length > 1 && over()) {
      const candidate = this.loadedOrder[index];
      if (!evictable(candidate)) {
        index += 1;
        continue;
      }
      this.loadedOrder.splice(index, 1);
      this.loadedBytes -= this.files.get(candidate)?.text.length ?? 0;
      this.files.delete(candidate);
    }
  }

  private parsed(absolutePath: string, text: string): ProjectFile {
    return { ...this.parse(absolutePath, text), path: absolutePath, relativePath: this.relative(absolutePath), text };
  }

  private readDependency(absolutePath: string): ProjectFile | null {
    const text = this.texts.read(absolutePath);
    return text === undefined ? null : this.parsed(absolutePath, text);
  }

  /**
   * The project file an import specifier names (relative, through tsconfig `paths`/`baseUrl`, a workspace
   * package, a `#subpath` import: see ModuleResolver), inside the scan root; undefined for a package or an
   * import that leads nowhere.
   */
  resolveImport(fromFile: string, specifier: string): string | undefined {
    const resolution = this.resolver.resolve(fromFile, specifier);
    if (resolution.dependsOn.length > 0) this.dependOnAgain(resolution.dependsOn);
    return resolution.projectFile; // the resolver's root is this project's (checked in the constructor)
  }

  private vendorView: FileView | undefined;
  private readonly vendored = new Map<string, string | undefined>();

  /** The package a project file is a kept copy of (`libs/jsonwebtoken/index.js`, src/binding/vendored.ts), when `isPackage` names it. */
  vendoredPackage(file: string, isPackage: (name: string) => boolean): string | undefined {
    if (!this.vendored.has(file)) {
      this.vendorView ??= new FileView(this.sources);
      this.vendored.set(file, vendoredPackageOf(this.vendorView, file, isPackage));
    }
    return this.vendored.get(file);
  }

  /** Problems with tsconfig/jsconfig files met since the last call (reported once per run). */
  takeConfigProblems(): ConfigProblem[] {
    return this.resolver.takeConfigProblems();
  }

  /** Called with the config and manifest files a resolution was read from (a cached result depends on them). */
  protected dependOn(_files: readonly string[]): void {}

  /** File sets of the memoised computations under way (collectDependencies), innermost last. */
  private readonly collecting: Set<string>[] = [];

  /**
   * Runs a computation whose answer is memoised across the files of a scan (a function summary), and returns with
   * its value every file it loaded or read a module resolution from: a later file that reuses the answer without
   * loading them depends on them all the same (`dependOnAgain`), so editing a helper module re-checks its callers.
   */
  collectDependencies<T>(compute: () => T): { value: T; files: ReadonlySet<string> } {
    const files = new Set<string>();
    this.collecting.push(files);
    try {
      return { value: compute(), files };
    } finally {
      this.collecting.pop();
    }
  }

  /**
   * The analysis under way read a text search over a package's source files (src/facts/package-files.ts): its
   * answer holds as long as that package's listing (files, sizes, times) does, recorded as a marked dependency.
   */
  dependOnPackage(packageRoot: string): void {
    this.dependOnAgain([`${PACKAGE_LISTING_DEPENDENCY}${packageRoot}`]);
  }

  /** The analysis under way depends on files a memoised answer was computed from. */
  dependOnAgain(files: Iterable<string>): void {
    const list = Array.isArray(files) ? (files as readonly string[]) : [...files];
    for (const collected of this.collecting) for (const file of list) collected.add(file);
    this.dependOn(list);
  }
}
