import path from 'node:path';
import { ts } from 'ts-morph';
import { COMPONENT_EXTENSIONS } from '../parsing/embedded.js';
import { JSON_MODULE_EXTENSION } from '../parsing/parse.js';
import { isInside } from '../paths.js';
import { FileView } from './file-view.js';
import { hasRemovableExtension, type Lookup, type LookupHost, lookUpModule, matchingPathsKey, typeRootsMayHold } from './typescript-lookup.js';
import { ConfigFinder, type ConfigProblem, type ModuleConfig } from './tsconfig.js';
import { packageNameOf, Workspaces, type Workspace } from './workspaces.js';
import { rootedImport } from './rooted-imports.js';
/** Where an import specifier leads, and which config and manifest files that answer was read from. */
export interface ModuleResolution {
  /** The absolute path of the project file, or undefined: a package, or not resolvable (unknown). */
  file?: string;
  /** Config and manifest files the answer depends on (a cached result must be re-checked when they change). */
  dependsOn: readonly string[];
  /** `file` when it lies inside the resolver's root: a project file. */
  projectFile?: string;
}

/** The answers kept for one importing folder. */
interface FolderAnswers {
  folder: string;
  /** Relative specifiers → answers. */
  relative: Map<string, ModuleResolution>;
  /** Set when the folder's first bare specifier is resolved. */
  bare?: BareScope;
}

/** Folders that share a config, a workspace and a package scope, and their answers for bare specifiers. */
interface BareScope {
  config: ModuleConfig;
  workspace?: Workspace;
  scope?: string;
  answers: Map<string, ModuleResolution>;
}

/** TypeScript's resolution host with the members module lookups use (src/binding/typescript-lookup.ts). */
type Host = ts.ModuleResolutionHost & LookupHost & { directoryExists(folder: string): boolean };

/** Extensions of files that hold code, in TypeScript's order of preference. */
const CODE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const DECLARATION = /\.d\.[mc]?ts$/;
/** Folder names build tools write to: `dist/esm/index.js` of a workspace package is built from `src/index.ts`. */
const OUTPUT_FOLDERS = new Set(['dist', 'build', 'lib', 'out', 'esm', 'cjs', 'es', 'mjs', 'umd', 'types', 'typings']);
const NODE_MODULES = `${path.sep}node_modules`;
/** Is the first `node_modules` in the path, if any, a whole folder name (`/node_modules/`, not `/node_modules_x`)? */
function firstNodeModulesIsFolder(file: string): boolean {
  const at = file.indexOf(NODE_MODULES);
  const next = at < 0 ? '' : file.charAt(at + NODE_MODULES.length);
  return next === '' || next === path.sep;
}
const isRelative = (specifier: string) => specifier.startsWith('.') || path.isAbsolute(specifier);
/** What TypeScript reads as a relative specifier (`./x`, `../x`, `.`, `..`). */
const TS_RELATIVE = /^\.\.?(?:$|[\\/])/;
/**
 * `Comp.vue.ts` for an import of `./Comp.vue`: TypeScript tries the specifier with `.ts` appended, and a component
 * file is allowed to answer to that name, so `paths`, `baseUrl` and relative imports reach components alike.
 */
const COMPONENT_STAND_IN = new RegExp(`(?:${COMPONENT_EXTENSIONS.map((e) => e.replace('.', '\\.')).join('|')})\\.ts$`, 'i');

/**
 * Module resolution as TypeScript does it (`ts.resolveModuleName`): tsconfig/jsconfig `paths` and `baseUrl`
 * with `extends` (nearest config per folder), `.js` specifiers naming `.ts` sources, index files, package.json
 * `exports` and `#imports`, and workspace packages imported by name (to their sources when no build output
 * exists). Installed dependencies are never resolved into: a bare specifier that names no project file is a
 * package, and one that looks like an alias but leads nowhere stays unresolved.
 *
 * Bare specifiers are resolved on a view of the tree in which `node_modules` holds only the workspace
 * packages (as a package manager would link them): the answer is the same installed or not, and no
 * installed dependency is ever read.
 */
export class ModuleResolver {
  private readonly view: FileView;
  private readonly configs: ConfigFinder;
  private readonly workspaces: Workspaces;
  private readonly projectHost: Host;
  private readonly packageHost: Host;
  /** Per config: one TypeScript resolution cache per host. */
  private readonly caches = new Map<ModuleConfig, { project: ts.ModuleResolutionCache; packages: ts.ModuleResolutionCache }>();
  /** Answers per importing folder (everything resolution depends on is per folder). */
  private readonly folders = new Map<string, FolderAnswers>();
  /** The importing file of the last call and its folder's answers (a file's imports are resolved one after another). */
  private lastFile = '';
  private lastFolder?: FolderAnswers;
  private readonly packageFolders = new Map<string, string | null>();
  /** Answers for bare specifiers per config, keyed by workspace and package scope. */
  private readonly bareScopes = new Map<ModuleConfig, Map<string, BareScope>>();
  private readonly rootPrefix: string;
  /** Config and manifest files the answers given so far were read from. */
  private readonly inputs = new Set<string>();

  constructor(
    readonly root: string,
    sources: ReadonlyMap<string, string> = new Map(),
  ) {
    this.rootPrefix = root.endsWith(path.sep) ? root : root + path.sep;
    this.view = new FileView(sources);
    this.configs = new ConfigFinder(root, this.view);
    this.workspaces = new Workspaces(root, this.view);
    const view = this.view;
    const fileExists = (file: string) => view.fileExists(file) || (COMPONENT_STAND_IN.test(file) && view.fileExists(file.slice(0, -3)));
    const common = { getCurrentDirectory: () => root, useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames };
    this.projectHost = {
      ...common,
      fileExists,
      directoryExists: (folder) => view.directoryExists(folder),
      readFile: (file) => view.readFile(file),
      realpath: (file) => view.realpath(file),
    };
    const linked = (file: string) => this.linkedPath(file);
    this.packageHost = {
      ...common,
      fileExists: (file) => {
        const target = linked(file);
        return typeof target === 'string' && fileExists(target);
      },
      directoryExists: (folder) => {
        const target = linked(folder);
        return target === true || (typeof target === 'string' && view.directoryExists(target));
      },
      readFile: (file) => {
        const target = linked(file);
        return typeof target === 'string' ? view.readFile(target) : undefined;
      },
      realpath: (file) => {
        const target = linked(file);
        return typeof target === 'string' ? view.realpath(target) : file;
      },
    };
  }

  /** Problems with config files met since the last call (each reported once per run). */
  takeConfigProblems(): ConfigProblem[] {
    return this.configs.takeProblems();
  }

  resolve(fromFile: string, specifier: string): ModuleResolution {
    let at = this.lastFolder;
    if (fromFile !== this.lastFile || !at) {
      const folder = path.dirname(fromFile);
      at = this.folders.get(folder);
      if (!at) this.folders.set(folder, (at = { folder, relative: new Map() }));
      this.lastFile = fromFile;
      this.lastFolder = at;
    }
    const relative = isRelative(specifier);
    let answer = relative ? at.relative.get(specifier) : at.bare?.answers.get(specifier);
    if (!answer) {
      try {
        answer = this.resolveUncached(fromFile, at, specifier, relative);
      } catch {
        answer = { dependsOn: [] }; // a resolver failure on odd input is an unknown import, never a crash
      }
      // answers are normalized paths: one under the root's prefix is inside it
      if (answer.file !== undefined && (answer.file.startsWith(this.rootPrefix) || isInside(this.root, answer.file))) answer.projectFile = answer.file;
      if (relative) at.relative.set(specifier, answer);
      else at.bare?.answers.set(specifier, answer);
      for (const file of answer.dependsOn) this.inputs.add(file);
    }
    return answer;
  }

  /** Was an answer given so far read from this file (a config with its `extends` chain, a manifest)? */
  readFrom(file: string): boolean {
    return this.inputs.has(file);
  }

  private resolveUncached(fromFile: string, at: FolderAnswers, specifier: string, relative: boolean): ModuleResolution {
    return relative ? this.resolveRelative(fromFile, at.folder, specifier) : this.resolveBare(fromFile, specifier, (at.bare ??= this.bareScopeOf(at.folder)));
  }

  private resolveRelative(fromFile: string, folder: string, specifier: string): ModuleResolution {
    const config = this.configs.forFolder(folder);
    const resolved =
      this.relativeFile(folder, specifier, config) ?? this.decided(this.relativeLookup(folder, specifier, config), () => this.typescript(specifier, fromFile, config, 'project'));
    return { file: resolved && this.codeFileFor(resolved, false), dependsOn: config.files };
  }

  /**
   * A bare specifier means the same in every folder that shares the config, the workspace and the package scope
   * (`#imports` and a package's own name are read from the nearest package.json): it is resolved once there.
   */
  private bareScopeOf(folder: string): BareScope {
    const config = this.configs.forFolder(folder);
    const workspace = this.workspaces.forFolder(folder);
    const scope = this.packageFolderOf(folder);
    const key = `${workspace?.folder ?? ''}\0${scope ?? ''}`;
    let scopes = this.bareScopes.get(config);
    if (!scopes) this.bareScopes.set(config, (scopes = new Map()));
    let shared = scopes.get(key);
    if (!shared) scopes.set(key, (shared = { config, workspace, scope, answers: new Map() }));
    return shared;
  }

  private resolveBare(fromFile: string, specifier: string, { config, workspace, scope }: BareScope): ModuleResolution {
    const member = workspace?.packages.get(packageNameOf(specifier));
    const dependsOn = [...config.files, ...(workspace?.files ?? [])];
    // A plain package name: nothing in the project can answer to it (the common case), unless the package's root is on the module path
    if (!specifier.startsWith('#') && !member && !config.mayAlias(specifier)) {
      const rooted = scope && rootedImport(this.view, scope, specifier);
      return rooted ? { file: rooted, dependsOn: [...dependsOn, path.join(scope, 'package.json')] } : { dependsOn };
    }
    if (specifier.startsWith('#') && scope) dependsOn.push(path.join(scope, 'package.json'));
    if (member) dependsOn.push(path.join(member, 'package.json'));
    const resolved = this.decided(this.bareLookup(path.dirname(fromFile), specifier, config), () => this.typescript(specifier, fromFile, config, 'packages'));
    let file = resolved && !resolved.includes(`${NODE_MODULES}${path.sep}`) ? this.codeFileFor(resolved, true) : undefined;
    if (!file && member && workspace) file = this.workspaceSource(workspace, member, specifier);
    return { file, dependsOn };
  }

  /**
   * The answer TypeScript gives for a relative specifier in the common cases, found with a few cached stats
   * (TypeScript's resolver was most of the cost of resolving a large tree's imports): `./x` is `x.ts`, `x.tsx`
   * or `x.d.ts`, else — when no folder `x` exists — `x.js` or `x.jsx`; `./x.js` is the `.ts`/`.tsx`/`.d.ts`
   * source named by it, else the file itself (likewise `.mjs`/`.cjs`), when no folder of that name exists. Anything else (a folder, another
   * extension, `rootDirs` or `moduleSuffixes` in the config) is left to TypeScript: undefined.
   */
  private relativeFile(folder: string, specifier: string, config: ModuleConfig): string | undefined {
    if (config.options.rootDirs || config.options.moduleSuffixes || specifier.endsWith('/') || specifier.endsWith('.')) return undefined;
    const base = path.resolve(folder, specifier);
    const extension = /\.[mc]?js$/.exec(base)?.[0];
    // `./config.json`: the file itself (a configuration whose values the code reads)
    if (base.endsWith(JSON_MODULE_EXTENSION)) return this.probe(base, ['']);
    if (!extension && /\.[^./\\]+$/.test(path.basename(base))) return undefined; // `./Comp.vue`, `./x.ts`
    const stem = extension ? base.slice(0, -extension.length) : base;
    const typed = extension === '.mjs' ? ['.mts', '.d.mts'] : extension === '.cjs' ? ['.cts', '.d.cts'] : ['.ts', '.tsx', '.d.ts'];
    let found = this.probe(stem, typed);
    if (!found) {
      if (this.view.directoryExists(base)) return undefined; // an index file or a package.json entry
      // `require('./config')` is config.json when no script of that name exists (Node's order)
      found = extension ? (this.probe(base, ['']) ?? (extension === '.js' ? this.probe(stem, ['.jsx']) : undefined)) : this.probe(base, ['.js', '.jsx', JSON_MODULE_EXTENSION]);
    }
    // TypeScript resolves the real path of files under node_modules (an installed package may be a link)
    return found && found.includes(`${NODE_MODULES}${path.sep}`) && !config.options.preserveSymlinks ? this.view.realpath(found) : found;
  }

  /** ts.resolveModuleName with the `import` conditions, then the `require` ones. */
  private typescript(specifier: string, fromFile: string, config: ModuleConfig, hostKind: 'project' | 'packages'): string | undefined {
    const host = hostKind === 'project' ? this.projectHost : this.packageHost;
    const cache = this.cachesFor(config)[hostKind];
    for (const mode of [ts.ModuleKind.ESNext, ts.ModuleKind.CommonJS] as const) {
      const resolved = ts.resolveModuleName(specifier, fromFile, config.options, host, cache, undefined, mode).resolvedModule;
      if (resolved) return this.asResolved(resolved.resolvedFileName);
      if (isRelative(specifier)) break; // conditions only matter for package maps
    }
    return undefined;
  }

  /** A path TypeScript resolved to, as an answer: `Comp.vue.ts`, which only the host said exists, is `Comp.vue`. */
  private asResolved(resolvedFileName: string): string {
    const file = path.resolve(resolvedFileName);
    return COMPONENT_STAND_IN.test(file) && !this.view.fileExists(file) ? file.slice(0, -3) : file;
  }

  /** A lookup's answer, or TypeScript's resolver's when the lookup leaves the case to it. */
  private decided(lookup: Lookup, typescript: () => string | undefined): string | undefined {
    if (lookup === 'undecided') return typescript();
    return lookup === 'none' ? undefined : this.asResolved(lookup.file);
  }

  /** TypeScript's answer for a relative specifier, as a lookup on the project host (src/binding/typescript-lookup.ts). */
  private relativeLookup(folder: string, specifier: string, config: ModuleConfig): Lookup {
    const options = config.options;
    // `rootDirs` are tried first, `moduleSuffixes` change every probe; a `.x` or `\` specifier is TypeScript's to read
    if (options.rootDirs || options.moduleSuffixes?.length || !TS_RELATIVE.test(specifier) || specifier.includes('\\')) return 'undecided';
    return lookUpModule(path.resolve(folder, specifier), this.projectHost, specifier.endsWith('/') || /(?:^|\/)\.\.?$/.test(specifier));
  }

  /**
   * TypeScript's answer for a bare specifier, followed step by step as its resolver does: the best `paths` pattern
   * (its substitutions in order; a match that finds nothing skips `baseUrl`), else `baseUrl`; then `#imports`, the
   * package's own name and the `node_modules` folders. Only the project and the workspace packages linked into
   * `node_modules` can answer, so where neither can, the answer is certain without TypeScript: 'none'.
   */
  private bareLookup(folder: string, specifier: string, config: ModuleConfig): Lookup {
    const options = config.options;
    // `node_modules_x/` before a `node_modules/` makes the package host read the latter as it is (linkedPath)
    if (options.moduleSuffixes?.length || specifier.includes('\\') || !firstNodeModulesIsFolder(folder)) return 'undecided';
    const match = options.paths ? matchingPathsKey(options.paths, specifier) : undefined;
    if (match) {
      const substitutions = options.paths?.[match.key];
      if (!Array.isArray(substitutions)) return 'undecided';
      const base = options.baseUrl ?? (typeof options.pathsBasePath === 'string' ? options.pathsBasePath : this.root);
      for (const substitution of substitutions) {
        // TypeScript tries a substitution with an extension as it is first
        if (typeof substitution !== 'string' || hasRemovableExtension(substitution) || substitution.includes('\\')) return 'undecided';
        const target = match.star === undefined ? substitution : substitution.replace('*', match.star);
        const found = this.lookUpAlias(path.resolve(base, target), target.endsWith('/'));
        if (found !== 'none') return found;
      }
    } else if (options.baseUrl) {
      const found = this.lookUpAlias(path.resolve(options.baseUrl, specifier), specifier.endsWith('/'));
      if (found !== 'none') return found;
    }
    if (specifier.startsWith('#') || (options.typeRoots && typeRootsMayHold(options.typeRoots, specifier, this.packageHost)) || this.mayNameOwnPackage(folder, specifier)) return 'undecided';
    if (specifier.includes(':')) return 'none'; // TypeScript does not look a URL-like name up in node_modules
    const name = packageNameOf(specifier);
    const linked = this.linkedPackageNames(folder);
    const typesName = `@types/${name.startsWith('@') && name.includes('/') ? name.slice(1).replace('/', '__') : name}`;
    return linked.has(name) || linked.has(typesName) ? 'undecided' : 'none';
  }

  /** A `paths` or `baseUrl` target, looked up on the package host; TypeScript takes the real path of one in node_modules. */
  private lookUpAlias(candidate: string, folderOnly: boolean): Lookup {
    return candidate.includes(NODE_MODULES) ? 'undecided' : lookUpModule(candidate, this.packageHost, folderOnly);
  }

  /**
   * Could TypeScript resolve the specifier as the package's own name (`exports` of the nearest package.json, found
   * on the package host from the folder upwards)? True also when that manifest cannot be read as JSON.
   */
  private mayNameOwnPackage(folder: string, specifier: string): boolean {
    const scope = this.packageScope(folder);
    return scope === 'unreadable' || (scope !== null && scope.name !== undefined && scope.exports && specifier.startsWith(scope.name));
  }

  private readonly scopes = new Map<string, { name?: string; exports: boolean } | 'unreadable' | null>();

  /** The nearest package.json on the package host from `folder` up to the file system root: its name and whether it has `exports`. */
  private packageScope(folder: string): { name?: string; exports: boolean } | 'unreadable' | null {
    let scope = this.scopes.get(folder);
    if (scope === undefined) {
      const manifest = path.join(folder, 'package.json');
      const parent = path.dirname(folder);
      if (this.packageHost.directoryExists(folder) && this.packageHost.fileExists(manifest)) {
        const text = this.packageHost.readFile(manifest) ?? '';
        let json: unknown;
        try {
          json = text === '' ? {} : JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
        } catch {
          json = undefined;
        }
        const fields = json && typeof json === 'object' ? (json as { name?: unknown; exports?: unknown }) : undefined;
        scope = fields ? { name: typeof fields.name === 'string' ? fields.name : undefined, exports: Boolean(fields.exports) } : 'unreadable';
      } else {
        scope = parent === folder ? null : this.packageScope(parent);
      }
      this.scopes.set(folder, scope);
    }
    return scope;
  }

  private readonly linkedNames = new Map<string, ReadonlySet<string>>();

  /**
   * The workspace package names a `node_modules` lookup from `folder` can reach on the package host: the members
   * of every workspace declared in the folder or an ancestor (not inside `node_modules`), up to the file system root.
   */
  private linkedPackageNames(folder: string): ReadonlySet<string> {
    let names = this.linkedNames.get(folder);
    if (!names) {
      const parent = path.dirname(folder);
      const above = parent === folder ? new Set<string>() : this.linkedPackageNames(parent);
      const workspace = folder.includes(NODE_MODULES) ? undefined : this.workspaces.at(folder);
      names = workspace && workspace.packages.size > 0 ? new Set([...above, ...workspace.packages.keys()]) : above;
      this.linkedNames.set(folder, names);
    }
    return names;
  }

  private cachesFor(config: ModuleConfig): { project: ts.ModuleResolutionCache; packages: ts.ModuleResolutionCache } {
    let caches = this.caches.get(config);
    if (!caches) {
      const canonical = (file: string) => (ts.sys.useCaseSensitiveFileNames ? file : file.toLowerCase());
      caches = { project: ts.createModuleResolutionCache(this.root, canonical, config.options), packages: ts.createModuleResolutionCache(this.root, canonical, config.options) };
      this.caches.set(config, caches);
    }
    return caches;
  }

  /**
   * The file that holds the code of a resolved module. A declaration file stands for the JavaScript beside it
   * (`x.d.ts` → `x.js`); reached through a package name, a declaration file or build output of a workspace
   * package stands for the source it was built from, when that is there. A declaration file with no code is
   * kept (it still declares the types).
   */
  private codeFileFor(file: string, viaPackage: boolean): string {
    const declaration = DECLARATION.exec(file);
    if (viaPackage && (declaration || this.isBuildOutput(file))) {
      const packageFolder = this.packageFolderOf(path.dirname(file));
      const source = packageFolder ? this.sourceFor(packageFolder, path.relative(packageFolder, file)) : undefined;
      if (source) return source;
    }
    if (!declaration) return file;
    const flavour = declaration[0].slice(2, -2); // '.', '.m' or '.c'
    const stem = file.slice(0, declaration.index);
    return this.probe(stem, flavour === '.' ? ['.js', '.jsx'] : [`${flavour}js`]) ?? file;
  }

  /** A file under a build folder (`dist/`, `lib/`, ...) of a workspace package. */
  private isBuildOutput(file: string): boolean {
    const packageFolder = this.packageFolderOf(path.dirname(file));
    if (!packageFolder || !OUTPUT_FOLDERS.has(path.relative(packageFolder, file).split(path.sep)[0])) return false;
    const workspace = this.workspaces.forFolder(packageFolder);
    return workspace !== undefined && [...workspace.packages.values()].includes(packageFolder);
  }

  /**
   * `dist/esm/auth/index.d.ts` in a package → `src/auth/index.ts` or `auth/index.ts`, whichever exists: the build
   * folders are dropped from the front of the path and the sources looked for under `src/` and the package root.
   */
  private sourceFor(packageFolder: string, relativeFile: string): string | undefined {
    const segments = relativeFile
      .replace(DECLARATION, '')
      .replace(/\.[mc]?[jt]sx?$/, '')
      .split(path.sep);
    while (segments.length > 1 && OUTPUT_FOLDERS.has(segments[0])) segments.shift();
    const stem = segments.join(path.sep);
    for (const base of [path.join(packageFolder, 'src', stem), path.join(packageFolder, stem)]) {
      const found = this.probe(base, CODE_EXTENSIONS) ?? this.probe(path.join(base, 'index'), CODE_EXTENSIONS);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * A workspace package whose entry points name build output that is not there (not built yet, or ignored by
   * git): the sources they are built from, else `src/index` / `index` (with the subpath for `pkg/sub`).
   */
  private workspaceSource(workspace: Workspace, packageFolder: string, specifier: string): string | undefined {
    const subpath = specifier.slice(packageNameOf(specifier).length).replace(/^\//, '');
    const manifest = (this.view.readJson(path.join(packageFolder, 'package.json')) ?? {}) as Record<string, unknown>;
    const entries =
      subpath === ''
        ? [...stringsIn(exportsEntry(manifest.exports, '.')), ...['source', 'module', 'main', 'types', 'typings'].flatMap((k) => stringsIn(manifest[k]))]
        : stringsIn(exportsEntry(manifest.exports, `./${subpath}`));
    for (const entry of entries) {
      if (entry.includes('*')) continue;
      const target = path.resolve(packageFolder, entry);
      if (!isInside(packageFolder, target)) continue;
      const source = this.sourceFor(packageFolder, path.relative(packageFolder, target));
      if (source) return source;
    }
    const found = this.sourceFor(packageFolder, subpath === '' ? 'index' : subpath.split('/').join(path.sep));
    return found && isInside(workspace.folder, found) ? found : undefined;
  }

  private probe(base: string, extensions: readonly string[]): string | undefined {
    for (const extension of extensions) if (this.view.fileExists(base + extension)) return base + extension;
    return undefined;
  }

  /** The nearest folder with a package.json, from `folder` upwards inside the scan root. */
  private packageFolderOf(folder: string): string | undefined {
    const known = this.packageFolders.get(folder);
    if (known !== undefined) return known ?? undefined;
    const parent = path.dirname(folder);
    const found = this.view.fileExists(path.join(folder, 'package.json'))
      ? folder
      : folder !== this.root && parent !== folder && isInside(this.root, parent)
        ? this.packageFolderOf(parent)
        : undefined;
    this.packageFolders.set(folder, found ?? null);
    return found;
  }

  /**
   * The package view's answer for a path: the path itself outside `node_modules`; inside, a workspace package
   * linked at its workspace root (`<root>/node_modules/@scope/name/...` → the package folder), `true` for the
   * `node_modules` and scope folders that hold such links, and undefined for everything installed.
   */
  private linkedPath(file: string): string | true | undefined {
    const at = file.indexOf(NODE_MODULES);
    if (at < 0) return file;
    const after = file.slice(at + NODE_MODULES.length);
    if (after !== '' && !after.startsWith(path.sep)) return file; // `node_modules_x`: an ordinary name
    const workspace = this.workspaces.at(file.slice(0, at));
    if (!workspace) return undefined;
    const parts = after.split(path.sep).filter(Boolean);
    if (parts.length === 0) return true;
    const scoped = parts[0].startsWith('@');
    if (scoped && parts.length === 1) return [...workspace.packages.keys()].some((name) => name.startsWith(`${parts[0]}/`)) || undefined;
    const nameLength = scoped ? 2 : 1;
    const packageFolder = workspace.packages.get(parts.slice(0, nameLength).join('/'));
    if (!packageFolder) return undefined;
    const target = path.join(packageFolder, ...parts.slice(nameLength));
    return target.includes(NODE_MODULES) ? this.linkedPath(target) : target;
  }
}

/** The target of an `exports` map for a subpath (`"."` also for the sugar forms), any conditions. */
function exportsEntry(exports: unknown, subpath: string): unknown {
  if (typeof exports === 'string' || Array.isArray(exports)) return subpath === '.' ? exports : undefined;
  if (!exports || typeof exports !== 'object') return undefined;
  const keys = Object.keys(exports);
  if (keys.some((key) => key.startsWith('.'))) return (exports as Record<string, unknown>)[subpath];
  return subpath === '.' ? exports : undefined; // a conditions object for "."
}

/** Every string in a conditions tree, in the author's order (`source`/`import`/`types` first as written). */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}
