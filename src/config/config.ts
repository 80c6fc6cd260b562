/**
 * Configuration: discovered from the scanned directory upwards (`jwtlint.config.json`, `.jwtlintrc.json`, the
 * `jwtlint` key of `package.json`), or named with `--config FILE`. JSON only: a scanner never executes code from
 * the repository it scans. The JSON Schema is `jwtlint.schema.json` next to this module (shipped in the package).
 *
 * An invalid configuration is a UsageError (exit 2) naming the file, the key and the valid choices.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { Level, RuleDescriptor } from '../report/types.js';

export const CONFIG_FILE_NAMES = ['jwtlint.config.json', '.jwtlintrc.json'] as const;
export const PACKAGE_JSON_KEY = 'jwtlint';
export const IGNORE_FILE_NAME = '.jwtlintignore';
export const RULE_SETTINGS = ['off', 'note', 'warning', 'error'] as const;
export type RuleSetting = (typeof RULE_SETTINGS)[number];
const TOP_LEVEL_KEYS = ['$schema', 'rules', 'ignore', 'includeTests'] as const;
const RULE_OBJECT_KEYS = ['level', 'options'] as const;

export interface RuleConfig {
  /** Undefined: the rule's default level. */
  level?: RuleSetting;
  options: Record<string, unknown>;
}

export interface JwtlintConfig {
  rules: Record<string, RuleConfig>;
  /** Gitignore-style patterns, relative to `baseDir`. */
  ignore: string[];
  includeTests?: boolean;
}

export interface LoadedConfig {
  /** Absolute path of the file the configuration came from; undefined when none was found. */
  file?: string;
  /** The directory `ignore` patterns are relative to. */
  baseDir: string;
  config: JwtlintConfig;
}

/** A configuration problem: exit 2, the message names the file and the key. */
export class ConfigError extends UsageError {
  constructor(file: string, key: string | undefined, problem: string) {
    super(`invalid configuration in ${file}${key === undefined ? '' : `: ${key}`}: ${problem}`);
  }
}

export const EMPTY_CONFIG: JwtlintConfig = { rules: {}, ignore: [] };

function quote(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${quote(value)}`;
}

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
 * Validates a raw configuration object against the rules that exist. `display` is how the file is named in
 * messages; `keyPrefix` is prepended to keys (e.g. `jwtlint.` for package.json).
 */
export function validateConfig(
  raw: unknown,
  rules: readonly RuleDescriptor[],
  display: string,
  keyPrefix = '',
): JwtlintConfig {
  const root = keyPrefix.replace(/\.$/, '') || '(top level)';
  if (!isPlainObject(raw)) throw new ConfigError(display, root, `expected an object, got ${kind(raw)}`);
  for (const key of Object.keys(raw)) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) {
      throw new ConfigError(display, `${keyPrefix}${key}`, `unknown key ${quote(key)}; valid: ${TOP_LEVEL_KEYS.join(', ')}`);
    }
  }
  if (raw.$schema !== undefined && typeof raw.$schema !== 'string') {
    throw new ConfigError(display, `${keyPrefix}$schema`, `expected a string, got ${kind(raw.$schema)}`);
  }

  const config: JwtlintConfig = { rules: {}, ignore: [] };
  if (raw.includeTests !== undefined) {
    if (typeof raw.includeTests !== 'boolean') {
      throw new ConfigError(display, `${keyPrefix}includeTests`, `expected true or false, got ${kind(raw.includeTests)}`);
    }
    config.includeTests = raw.includeTests;
  }
  if (raw.ignore !== undefined) {
    if (!Array.isArray(raw.ignore)) {
      throw new ConfigError(display, `${keyPrefix}ignore`, `expected an array of gitignore-style patterns, got ${kind(raw.ignore)}`);
    }
    raw.ignore.forEach((pattern, i) => {
      if (typeof pattern !== 'string' || pattern.trim() === '') {
        throw new ConfigError(display, `${keyPrefix}ignore[${i}]`, `expected a non-empty pattern string, got ${kind(pattern)}`);
      }
    });
    config.ignore = raw.ignore as string[];
  }
  if (raw.rules !== undefined) {
    if (!isPlainObject(raw.rules)) {
      throw new ConfigError(display, `${keyPrefix}rules`, `expected an object of rule id → level, got ${kind(raw.rules)}`);
    }
    const byId = new Map(rules.map((r) => [r.id, r]));
    const ids = [...byId.keys()].sort();
    for (const [id, value] of Object.entries(raw.rules)) {
      const key = `${keyPrefix}rules.${id}`;
      const rule = byId.get(id);
      if (rule === undefined) throw new ConfigError(display, key, `unknown rule id ${quote(id)}; valid: ${ids.join(', ')}`);
      config.rules[id] = validateRuleEntry(value, rule, display, key);
    }
  }
  return config;
}

function validateLevel(value: unknown, display: string, key: string): RuleSetting {
  if (typeof value !== 'string' || !(RULE_SETTINGS as readonly string[]).includes(value)) {
    throw new ConfigError(display, key, `invalid level ${quote(value)}; valid: ${RULE_SETTINGS.join(', ')}`);
  }
  return value as RuleSetting;
}

function validateRuleEntry(value: unknown, rule: RuleDescriptor, display: string, key: string): RuleConfig {
  if (typeof value === 'string') return { level: validateLevel(value, display, key), options: {} };
  if (!isPlainObject(value)) {
    throw new ConfigError(
      display,
      key,
      `expected a level (${RULE_SETTINGS.join(', ')}) or an object { "level", "options" }, got ${kind(value)}`,
    );
  }
  for (const k of Object.keys(value)) {
    if (!(RULE_OBJECT_KEYS as readonly string[]).includes(k)) {
      throw new ConfigError(display, `${key}.${k}`, `unknown key ${quote(k)}; valid: ${RULE_OBJECT_KEYS.join(', ')}`);
    }
  }
  const entry: RuleConfig = { options: {} };
  if (value.level !== undefined) entry.level = validateLevel(value.level, display, `${key}.level`);
  if (value.options !== undefined) {
    if (!isPlainObject(value.options)) {
      throw new ConfigError(display, `${key}.options`, `expected an object of option name → value, got ${kind(value.options)}`);
    }
    const names = Object.keys(rule.options).sort();
    for (const [name, optionValue] of Object.entries(value.options)) {
      const optionKey = `${key}.options.${name}`;
      const descriptor = rule.options[name];
      if (descriptor === undefined) {
        const valid = names.length > 0 ? `valid: ${names.join(', ')}` : `rule ${rule.id} has no options`;
        throw new ConfigError(display, optionKey, `unknown option ${quote(name)}; ${valid}`);
      }
      const ok =
        descriptor.type === 'string[]'
          ? Array.isArray(optionValue) && optionValue.every((item) => typeof item === 'string')
          : descriptor.type === 'number'
            ? typeof optionValue === 'number' && Number.isFinite(optionValue)
            : typeof optionValue === descriptor.type;
      if (!ok) {
        const expected = descriptor.type === 'string[]' ? 'an array of strings' : `a ${descriptor.type}`;
        throw new ConfigError(display, optionKey, `expected ${expected}, got ${kind(optionValue)}`);
      }
      entry.options[name] = optionValue;
    }
  }
  return entry;
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
      throw new UsageError(
        `two configuration files in ${dir}: ${present.join(' and ')}; keep one (or pass --config FILE)`,
      );
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
export function loadConfig(opts: {
  cwd: string;
  startDir: string;
  configPath?: string;
  rules: readonly RuleDescriptor[];
}): LoadedConfig {
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

/** The level a finding of `ruleId` gets under this configuration (undefined: the rule's own). */
export function configuredLevel(config: JwtlintConfig, ruleId: string): Level | 'off' | undefined {
  return config.rules[ruleId]?.level;
}
