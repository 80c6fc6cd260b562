import path from 'node:path';
import { ts } from 'ts-morph';
import { isInside } from '../paths.js';
import type { FileView } from './file-view.js';

/** The compiler options that govern module resolution for the files of one folder. */
export interface ModuleConfig {
  /** The tsconfig.json / jsconfig.json, or undefined when none governs the folder (defaults apply). */
  configPath?: string;
  options: ts.CompilerOptions;
  /** The config files the options were read from (the config, its `extends` chain, a referenced config). */
  files: readonly string[];
  /** True when a bare specifier may name a project file through `baseUrl` or `paths`. */
  mayAlias(specifier: string): boolean;
}

/** A config that could not be read as it is: reported once, its usable part still applies. */
export interface ConfigProblem {
  file: string;
  message: string;
}

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];
/** How deep a solution-style config's `references` are followed in search of the config that defines aliases. */
const MAX_REFERENCE_DEPTH = 2;
/**
 * Diagnostics that make a config say less than its author meant for module resolution: JSON syntax, an
 * unreadable or missing extended file, an `extends` cycle. Option checks (unknown or deprecated options, no
 * input files) change nothing here and are not reported.
 */
const REPORTED_CODES = new Set([5083, 5012, 6053, 18000]);
/** "Compiler option '{0}' requires a value of type {1}": reported for the options resolution reads. */
const WRONG_OPTION_TYPE = 5024;
const RESOLUTION_OPTIONS = /'(?:paths|baseUrl|rootDirs|customConditions)'/;

/**
 * Resolution is done the way a bundler-era TypeScript project resolves: extensionless and index imports,
 * `.js` naming `.ts`, `exports`/`imports` maps, JavaScript files included, whatever the config's own module
 * setting (a scan must find the file whichever way the project is built).
 */
function resolutionOptions(options: ts.CompilerOptions): ts.CompilerOptions {
  return { ...options, moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext, allowJs: true, resolveJsonModule: false, traceResolution: false };
}

function pathPatternMatches(pattern: string, specifier: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === specifier;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  return specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix);
}

function moduleConfig(configPath: string | undefined, options: ts.CompilerOptions, files: readonly string[]): ModuleConfig {
  const patterns = Object.keys(options.paths ?? {});
  const hasBaseUrl = options.baseUrl !== undefined;
  let resolution: ts.CompilerOptions | undefined;
  return {
    configPath,
    // computed when a module is first resolved: a fully cached run never loads the compiler (typescript-runtime.ts)
    get options() {
      resolution ??= resolutionOptions(options);
      return resolution;
    },
    files,
    mayAlias: (specifier) => hasBaseUrl || patterns.some((pattern) => pathPatternMatches(pattern, specifier)),
  };
}

/**
 * Finds and reads the nearest tsconfig.json (else jsconfig.json) of each folder, inside the scan root, with
 * its `extends` chain (TypeScript's own reader), memoised per folder and per config. A broken config never
 * stops a scan: what TypeScript could read of it applies, and the problem is recorded once.
 */
export class ConfigFinder {
  private readonly byFolder = new Map<string, ModuleConfig>();
  private readonly byPath = new Map<string, ModuleConfig>();
  private readonly defaults = moduleConfig(undefined, {}, []);
  private readonly pending: ConfigProblem[] = [];
  private readonly parseHost: ts.ParseConfigHost;

  constructor(
    private readonly root: string,
    private readonly view: FileView,
  ) {
    this.parseHost = {
      // read when a config is parsed: constructing a finder loads nothing of the compiler (typescript-runtime.ts)
      get useCaseSensitiveFileNames() {
        return ts.sys.useCaseSensitiveFileNames;
      },
      // Only the options matter here: the file list of `include` is never expanded (that would walk the tree).
      readDirectory: () => [],
      fileExists: (file) => view.fileExists(file),
      readFile: (file) => view.readFile(file),
    };
  }

  /** Problems found since the last call (each config's are reported once per run). */
  takeProblems(): ConfigProblem[] {
    return this.pending.splice(0);
  }

  forFolder(folder: string): ModuleConfig {
    const known = this.byFolder.get(folder);
    if (known) return known;
    let config: ModuleConfig | undefined;
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(folder, name);
      if (this.view.fileExists(candidate)) {
        config = this.load(candidate, 0);
        break;
      }
    }
    const parent = path.dirname(folder);
    if (!config) config = folder !== this.root && parent !== folder && isInside(this.root, parent) ? this.forFolder(parent) : this.defaults;
    this.byFolder.set(folder, config);
    return config;
  }

  private load(configPath: string, depth: number): ModuleConfig {
    const known = this.byPath.get(configPath);
    if (known) return known;
    this.byPath.set(configPath, this.defaults); // a reference cycle ends here
    const config = this.read(configPath, depth);
    this.byPath.set(configPath, config);
    return config;
  }

  private read(configPath: string, depth: number): ModuleConfig {
    let parsed: ts.ParsedCommandLine;
    let extended: readonly string[] = [];
    try {
      const sourceFile = ts.readJsonConfigFile(configPath, (file) => this.view.readFile(file));
      parsed = ts.parseJsonSourceFileConfigFileContent(sourceFile, this.parseHost, path.dirname(configPath), undefined, configPath);
      extended = (sourceFile.extendedSourceFiles ?? []).map((file) => path.resolve(file)).filter((file) => this.view.fileExists(file));
      // JSON syntax errors are kept on the source file (not a public field, stable across TypeScript versions)
      const syntax = (sourceFile as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
      this.record(configPath, [...syntax, ...parsed.errors]);
    } catch (error) {
      // TypeScript's reader should not throw; if it does, the config is as good as absent
      this.pending.push({ file: configPath, message: `could not read ${path.basename(configPath)}: ${error instanceof Error ? error.message : String(error)}` });
      return moduleConfig(configPath, {}, [configPath]);
    }
    const files = [configPath, ...extended];
    const options = parsed.options;
    if (options.paths === undefined && options.baseUrl === undefined && depth < MAX_REFERENCE_DEPTH) {
      // A solution-style config (`files: []`, `references`): the aliases live in a referenced config
      for (const reference of parsed.projectReferences ?? []) {
        const referenced = this.referencedConfig(reference.path);
        const config = referenced ? this.load(referenced, depth + 1) : undefined;
        if (config?.configPath && (config.options.paths !== undefined || config.options.baseUrl !== undefined)) {
          return { ...config, configPath, files: [...files, ...config.files] };
        }
      }
    }
    return moduleConfig(configPath, options, files);
  }

  private referencedConfig(reference: string): string | undefined {
    const file = this.view.directoryExists(reference) ? path.join(reference, 'tsconfig.json') : reference;
    return this.view.fileExists(file) && isInside(this.root, file) ? file : undefined;
  }

  private record(configPath: string, diagnostics: readonly ts.Diagnostic[]): void {
    for (const diagnostic of diagnostics) {
      if (diagnostic.category !== ts.DiagnosticCategory.Error) continue;
      const isSyntax = diagnostic.code < 2000;
      const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
      const wrongResolutionOption = diagnostic.code === WRONG_OPTION_TYPE && RESOLUTION_OPTIONS.test(text);
      if (!isSyntax && !REPORTED_CODES.has(diagnostic.code) && !wrongResolutionOption) continue;
      // `extends` naming an npm package that is not installed: a scan needs no install, so that is not a problem
      if (diagnostic.code === 6053 && /^File '(?![./\\]|[A-Za-z]:)/.test(text)) continue;
      const where = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined;
      const file = diagnostic.file ? path.resolve(diagnostic.file.fileName) : configPath;
      this.pending.push({ file, message: `${where ? `${where.line + 1}:${where.character + 1} ` : ''}${text}` });
      return; // one problem per config is enough to point at it
    }
  }
}
