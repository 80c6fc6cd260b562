/**
 * Configuration: discovered from the scanned directory upwards (`jwtlint.config.json`, `.jwtlintrc.json`, the
 * `jwtlint` key of `package.json`), or named with `--config FILE`. JSON only: a scanner never executes code from
 * the repository it scans. The JSON Schema is `jwtlint.schema.json` next to this module (shipped in the package).
 *
 * An invalid configuration is a UsageError (exit 2) naming the file, the key and the valid choices (validate.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { RuleDescriptor } from '../report/types.js';
import { ConfigError, type JwtlintConfig, validateConfig } from './validate.js';

const CONFIG_FILE_NAMES = ['jwtlint.config.json', '.jwtlintrc.json'] as const;
const PACKAGE_JSON_KEY = 'jwtlint';
const IGNORE_FILE_NAME = '.jwtlintignore';

export interface LoadedConfig {
  /** Absolute path of the file the configuration came from; undefined when none was found. */
  file?: string;
  /** The directory `ignore` patterns are relative to. */
  baseDir: string;
  config: JwtlintConfig;
}

const EMPTY_CONFIG: JwtlintConfig = { rules: {}, ignore: [] };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads and parses a JSON file; a syntax error names the file (and the position when JSON.parse gives it). */
function readJson(file: string, display: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`configuration file not found: ${display}`);
    throw new UsageError(`cannot read configuration file ${display}: ${code ?? String(error)}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConfigError(display, undefined, `not valid JSON (${detail}); jwtlint configuration is JSON only`);
  }
}

/**
 * The configuration file that applies to `startDir`: the nearest directory at or above it holding
 * `jwtlint.config.json`, `.jwtlintrc.json` or a package.json with a `jwtlint` key (in that order within a
 * directory). Having two configuration files in one directory is an error (which one wins would be a guess).
 */
export function findConfigFile(startDir: string): { file: string; fromPackageJson: boolean } | undefined {
  for (let dir = path.resolve(startDir); ; ) {
    const present = CONFIG_FILE_NAMES.filter((name) => isReadableFile(path.join(dir, name)));
    if (present.length > 1) {
      throw new UsageError(`two configuration files in ${dir}: ${present.join(' and ')}; keep one (or pass --config FILE)`);
    }
    if (present.length === 1) return { file: path.join(dir, present[0]), fromPackageJson: false };
    const pkg = path.join(dir, 'package.json');
    if (isReadableFile(pkg)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(pkg, 'utf8')) as unknown;
      } catch (error) {
        // A broken package.json is not ours to report unless it is meant to configure jwtlint.
        if (!(error instanceof SyntaxError)) throw error;
        parsed = undefined;
      }
      if (isPlainObject(parsed) && PACKAGE_JSON_KEY in parsed) return { file: pkg, fromPackageJson: true };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isReadableFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return false;
    throw error;
  }
}

/** How a configuration file is named in messages: relative to cwd when inside it. */
function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/**
 * Loads the configuration: `--config FILE` when given (relative to cwd; a package.json is read through its
 * `jwtlint` key), else the nearest one above `startDir`, else the empty configuration.
 */
export function loadConfig(opts: { cwd: string; startDir: string; configPath?: string; rules: readonly RuleDescriptor[] }): LoadedConfig {
  let file: string;
  let fromPackageJson: boolean;
  if (opts.configPath !== undefined) {
    file = path.resolve(opts.cwd, opts.configPath);
    fromPackageJson = path.basename(file) === 'package.json';
  } else {
    const found = findConfigFile(opts.startDir);
    if (found === undefined) return { baseDir: path.resolve(opts.startDir), config: { ...EMPTY_CONFIG } };
    ({ file, fromPackageJson } = found);
  }
  const display = displayPath(file, opts.cwd);
  const raw = readJson(file, opts.configPath ?? display);
  if (fromPackageJson) {
    if (!isPlainObject(raw) || !(PACKAGE_JSON_KEY in raw)) {
      throw new ConfigError(display, PACKAGE_JSON_KEY, 'package.json has no "jwtlint" key');
    }
    return { file, baseDir: path.dirname(file), config: validateConfig(raw[PACKAGE_JSON_KEY], opts.rules, display, `${PACKAGE_JSON_KEY}.`) };
  }
  return { file, baseDir: path.dirname(file), config: validateConfig(raw, opts.rules, display) };
}

/**
 * Patterns of the nearest `.jwtlintignore` at or above `startDir` (gitignore syntax, relative to its directory),
 * or undefined when there is none.
 */
export function loadIgnoreFile(startDir: string): { file: string; baseDir: string; patterns: string[] } | undefined {
  for (let dir = path.resolve(startDir); ; ) {
    const file = path.join(dir, IGNORE_FILE_NAME);
    if (isReadableFile(file)) {
      const patterns = readFileSync(file, 'utf8')
        .split(/\r?\n/)
        .map((line) => line.replace(/(?<!\\)\s+$/, ''))
        .filter((line) => line !== '' && !line.startsWith('#'));
      return { file, baseDir: dir, patterns };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Re-bases gitignore-style patterns written relative to `baseDir` so they apply relative to `root` (discovery
 * matches ignore patterns against root-relative paths). When `baseDir` is the root or above it, patterns are kept.
 */
export function rebasePatterns(patterns: readonly string[], baseDir: string, root: string): string[] {
  const rel = path.relative(root, baseDir).split(path.sep).join('/');
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return [...patterns];
  return patterns.map((original) => {
    const negated = original.startsWith('!');
    let pattern = negated ? original.slice(1) : original;
    const body = pattern.replace(/\/+$/, '');
    if (pattern.startsWith('/')) pattern = `${rel}${pattern}`;
    else if (body.includes('/')) pattern = `${rel}/${pattern}`;
    else pattern = `${rel}/**/${pattern}`;
    return negated ? `!${pattern}` : pattern;
  });
}
