import path from 'node:path';
import { ts } from 'ts-morph';
import { COMPONENT_EXTENSIONS } from '../parsing/embedded.js';
import { isInside } from '../paths.js';
import { FileView } from './file-view.js';
import { ConfigFinder, type ConfigProblem, type ModuleConfig } from './tsconfig.js';
import { packageNameOf, Workspaces, type Workspace } from './workspaces.js';

/** Where an import specifier leads, and which config and manifest files that answer was read from. */
export interface ModuleResolution {
  /** The absolute path of the project file, or undefined: a package, or not resolvable (unknown). */
  file?: string;
  /** Config and manifest files the answer depends on (a cached result must be re-checked when they change). */
  dependsOn: readonly string[];
}

/** Extensions of files that hold code, in TypeScript's order of preference. */
const CODE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const DECLARATION = /\.d\.[mc]?ts$/;
/** Folder names build tools write to: `dist/esm/index.js` of a workspace package is built from `src/index.ts`. */
const OUTPUT_FOLDERS = new Set(['dist', 'build', 'lib', 'out', 'esm', 'cjs', 'es', 'mjs', 'umd', 'types', 'typings']);
const NODE_MODULES = `${path.sep}node_modules`;
const isRelative = (specifier: string) => specifier.startsWith('.') || path.isAbsolute(specifier);
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
  private readonly projectHost: ts.ModuleResolutionHost;
  private readonly packageHost: ts.ModuleResolutionHost;
  /** Per config: one TypeScript resolution cache per host. */
  private readonly caches = new Map<ModuleConfig, { project: ts.ModuleResolutionCache; packages: ts.ModuleResolutionCache }>();
  /** Answers per importing folder and specifier (everything resolution depends on is per folder). */
  private readonly answers = new Map<string, ModuleResolution>();
  private readonly packageFolders = new Map<string, string | null>();
  /** Answers for bare specifiers per config, keyed by workspace, package scope and specifier. */
  private readonly bareAnswers = new Map<ModuleConfig, Map<string, ModuleResolution>>();
  /** Config and manifest files the answers given so far were read from. */
  private readonly inputs = new Set<string>();

  constructor(
    readonly root: string,
    sources: ReadonlyMap<string, string> = new Map(),
  ) {
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
    const folder = path.dirname(fromFile);
    const key = `${folder}\0${specifier}`;
    let answer = this.answers.get(key);
    if (!answer) {
      try {
        answer = this.resolveUncached(fromFile, folder, specifier);
      } catch {
        answer = { dependsOn: [] }; // a resolver failure on odd input is an unknown import, never a crash
      }
      this.answers.set(key, answer);
      for (const file of answer.dependsOn) this.inputs.add(file);
    }
    return answer;
  }

  /** Was an answer given so far read from this file (a config with its `extends` chain, a manifest)? */
  readFrom(file: string): boolean {
    return this.inputs.has(file);
  }

  private resolveUncached(fromFile: string, folder: string, specifier: string): ModuleResolution {
    const config = this.configs.forFolder(folder);
    if (isRelative(specifier)) {
      const resolved = this.relativeFile(folder, specifier, config) ?? this.typescript(specifier, fromFile, config, 'project');
      return { file: resolved && this.codeFileFor(resolved, false), dependsOn: config.files };
    }
    const workspace = this.workspaces.forFolder(folder);
    // A bare specifier means the same in every folder that shares the config, the workspace and the package
    // scope (`#imports` and a package's own name are read from the nearest package.json): resolve it once there.
    const scope = this.packageFolderOf(folder);
    const sharedKey = `${workspace?.folder ?? ''}\0${scope ?? ''}\0${specifier}`;
    let shared = this.bareAnswers.get(config);
    if (!shared) this.bareAnswers.set(config, (shared = new Map()));
    let answer = shared.get(sharedKey);
    if (!answer) shared.set(sharedKey, (answer = this.resolveBare(fromFile, specifier, config, workspace, scope)));
    return answer;
  }

  private resolveBare(fromFile: string, specifier: string, config: ModuleConfig, workspace: Workspace | undefined, scope: string | undefined): ModuleResolution {
    const member = workspace?.packages.get(packageNameOf(specifier));
    const dependsOn = [...config.files, ...(workspace?.files ?? [])];
    // A plain package name: nothing in the project can answer to it (the common case, decided without I/O)
    if (!specifier.startsWith('#') && !member && !config.mayAlias(specifier)) return { dependsOn };
    if (specifier.startsWith('#') && scope) dependsOn.push(path.join(scope, 'package.json'));
    if (member) dependsOn.push(path.join(member, 'package.json'));
    const resolved = this.typescript(specifier, fromFile, config, 'packages');
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
    if (!extension && /\.[^./\\]+$/.test(path.basename(base))) return undefined; // `./x.json`, `./Comp.vue`, `./x.ts`
    const stem = extension ? base.slice(0, -extension.length) : base;
    const typed = extension === '.mjs' ? ['.mts', '.d.mts'] : extension === '.cjs' ? ['.cts', '.d.cts'] : ['.ts', '.tsx', '.d.ts'];
    let found = this.probe(stem, typed);
    if (!found) {
      if (this.view.directoryExists(base)) return undefined; // an index file or a package.json entry
      found = extension ? (this.probe(base, ['']) ?? (extension === '.js' ? this.probe(stem, ['.jsx']) : undefined)) : this.probe(base, ['.js', '.jsx']);
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
      if (resolved) {
        const file = path.resolve(resolved.resolvedFileName);
        return COMPONENT_STAND_IN.test(file) && !this.view.fileExists(file) ? file.slice(0, -3) : file;
      }
      if (isRelative(specifier)) break; // conditions only matter for package maps
    }
    return undefined;
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
