import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Level } from '../report/types.js';
import { UsageError } from './errors.js';
import { parseShard, type ShardSpec } from '../engine/shard.js';

/** What the command line asks for, validated. `format` is checked against the formats the caller passes in. */
export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'list-rules'; format: string; output?: string }
  | { kind: 'merge-sarif'; inputs: string[]; output?: string }
  | { kind: 'lsp' }
  | { kind: 'scan'; config: RunConfig };

export const FAIL_ON_LEVELS = ['error', 'warning', 'note'] as const;

export interface RunConfig {
  paths: string[];
  format: string;
  /** Path of the report file (relative to cwd); nothing but errors goes to the terminal then. */
  output?: string;
  /** True when --include-tests was given (the configuration's includeTests applies otherwise). */
  includeTests: boolean;
  sarifCategory?: string;
  /** --config FILE (relative to cwd). */
  configPath?: string;
  /** --stdin: the text to scan comes from stdin, as if it were the file `stdinFilename`. */
  stdin: boolean;
  stdinFilename?: string;
  maxWarnings?: number;
  failOn: Level;
  quiet: boolean;
  /** --color / --no-color; undefined: decided by NO_COLOR, FORCE_COLOR and the TTY. */
  color?: boolean;
  /** --changed [REF]: scan only files changed against REF (null: the merge base with the default branch). */
  changed?: { ref: string | null };
  baseline?: string;
  writeBaseline?: string;
  includeSuppressed: boolean;
  reportUnusedDisableDirectives: boolean;
  /** --cache DIR: reuse per-file results of earlier runs (pre-commit). */
  cacheDir?: string;
  /** --timing: time per phase and rule on stderr. */
  timing: boolean;
  noDefaultExcludes: boolean;
  /** --shard K/N: scan only the K-th of N deterministic parts of the file set (CI matrix). */
  shard?: ShardSpec;
  /** --include-minified: analyse minified or bundled files too. */
  includeMinified: boolean;
  /** --max-file-size BYTES: larger files are skipped with a notification (default 2 MB). */
  maxFileBytes?: number;
  /** --jobs N: analyse the files in N child processes (default 1: the benchmark shows one is fastest on 2 cores). */
  jobs: number;
  /** --fix: apply the findings' safe fixes to the files; --fix-dry-run: print them as a unified diff instead. */
  fix: 'apply' | 'dry-run' | undefined;
}

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  'include-tests': { type: 'boolean' },
  stdin: { type: 'boolean' },
  'stdin-filename': { type: 'string' },
  changed: { type: 'boolean' },
  'max-warnings': { type: 'string' },
  'fail-on': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  'include-suppressed': { type: 'boolean' },
  'report-unused-disable-directives': { type: 'boolean' },
  'sarif-category': { type: 'string' },
  cache: { type: 'string' },
  timing: { type: 'boolean' },
  'no-default-excludes': { type: 'boolean' },
  'include-minified': { type: 'boolean' },
  'max-file-size': { type: 'string' },
  shard: { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  'list-rules': { type: 'boolean' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const OPTION_NAMES: readonly string[] = Object.keys(OPTIONS).map((name) => `--${name}`);

export const USAGE = `Usage: jwtlint [options] [paths...]

Finds JWT misuse in JavaScript and TypeScript code, and in the scripts of .vue, .svelte and .astro files.
Paths default to "."; directories are walked (honouring .gitignore, .jwtlintignore and the configuration's
"ignore", skipping node_modules, build output and test code), files are scanned as given.

Output:
  -f, --format <name>        text (default), compact (gcc problem matcher), json, sarif, github
                             (GitHub Actions annotations)
  -o, --output <file>        write the report to <file> instead of stdout
      --sarif-category <id>  SARIF run category for GitHub code scanning (with --format sarif)
  -q, --quiet                report errors only
      --color, --no-color    force colour on or off (default: on a TTY; NO_COLOR and FORCE_COLOR apply)

What to scan:
  -c, --config <file>        configuration file (default: jwtlint.config.json, .jwtlintrc.json or the
                             "jwtlint" key of package.json, found from the scanned directory upwards)
      --include-tests        also scan test and fixture code (test/, __tests__/, *.test.*, ...)
      --changed[=<ref>]      scan only files changed against <ref> (default: the merge base with the
                             default branch), including uncommitted and untracked files
      --stdin                scan the source text on stdin (needs --stdin-filename)
      --stdin-filename <p>   the path the stdin text is scanned as (configuration and ignores apply)
      --no-default-excludes  do not skip node_modules, build output, tests, minified and .d.ts files
                             (declaration files are then read and counted; they hold no code to analyse)

Exit status:
      --fail-on <level>      lowest level that makes the exit code 1: error, warning (default), note
      --max-warnings <n>     exit 1 when there are more than <n> warnings (whatever --fail-on says)

Suppressions and baselines:
      --report-unused-disable-directives  report jwtlint-disable comments that suppress nothing (as errors)
      --include-suppressed   keep suppressed findings in SARIF output, marked as suppressions[] "inSource"
      --baseline <file>      report only findings that are not recorded in <file>
      --write-baseline <file>  record the current findings in <file> (then exit 0)

Other:
      --cache <dir>          reuse results for unchanged files between runs (e.g. .jwtlint-cache)
      --timing               print time per phase and per rule on stderr
      --shard <K/N>          scan only part K of N of the files (split by path hash; for CI matrices)
  -j, --jobs <n>             analyse files in n processes (default 1; same output, in the same order)
      --include-minified     also analyse files that look minified or bundled (skipped by default)
      --max-file-size <n>    skip (and report) files larger than n bytes; k/m suffixes allowed (default 2m)
      --fix                  apply the safe fixes some findings carry, then report what is left
      --fix-dry-run          print those fixes as a unified diff instead of the report (files are not changed)

Subcommands:
  jwtlint merge-sarif <a.sarif> <b.sarif> ... [--output FILE]
                             merge the SARIF logs of --shard runs into one run
  jwtlint lsp --stdio        run the language server (diagnostics and quick fixes in editors) on stdin/stdout
      --list-rules           list the rules (id, level, title) and exit
  -v, --version              print the version and exit
  -h, --help                 print this help and exit

Exit codes: 0 no finding at or above the --fail-on level, 1 findings, 2 usage or configuration error or
fatal failure.
`;

/**
 * `--changed` takes an optional value, which node:util parseArgs cannot express: `--changed=REF` always names the
 * ref; `--changed REF` does when REF is not an option and not an existing path (then it is a path to scan).
 */
function extractChanged(argv: readonly string[], cwd: string): { rest: string[]; changed?: { ref: string | null } } {
  const rest: string[] = [];
  let changed: { ref: string | null } | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg.startsWith('--changed=')) {
      const ref = arg.slice('--changed='.length);
      if (ref.trim() === '') throw new UsageError('invalid --changed=""; expected a git ref such as origin/main');
      changed = { ref };
    } else if (arg === '--changed') {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('-') && !existsSync(path.resolve(cwd, next))) {
        changed = { ref: next };
        i++;
      } else {
        changed = { ref: null };
      }
    } else {
      rest.push(arg);
    }
  }
  return { rest, changed };
}

function nonEmpty(flag: string, value: string | undefined, expected: string): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError(`invalid ${flag} ""; expected ${expected}`);
  return value;
}

/** Parses argv (without node and script). Throws UsageError naming the bad flag or value and the valid choices. */
export function parseCliArgs(argv: readonly string[], formats: readonly string[], cwd = process.cwd()): CliCommand {
  if (argv[0] === 'merge-sarif') return parseMergeSarif(argv.slice(1));
  if (argv[0] === 'lsp') return parseLsp(argv.slice(1));
  const { rest, changed } = extractChanged(argv, cwd);
  const { values, positionals } = parseOptions(rest);

  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const output = outputOptions(values, formats);
  if (values['list-rules']) return { kind: 'list-rules', format: output.format, output: output.output };
  return { kind: 'scan', config: scanConfig(values, positionals, changed, output) };
}

function parseOptions(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw toUsageError(error);
  }
}

type OptionValues = ReturnType<typeof parseOptions>['values'];

/** --format, --output and --sarif-category (SARIF only). */
function outputOptions(values: OptionValues, formats: readonly string[]): Pick<RunConfig, 'format' | 'output' | 'sarifCategory'> {
  const format = values.format ?? 'text';
  if (!formats.includes(format)) {
    throw new UsageError(`invalid --format ${JSON.stringify(format)}; valid: ${formats.join(', ')}`);
  }
  const output = nonEmpty('--output', values.output, 'a file path');
  const category = values['sarif-category'];
  if (category !== undefined) {
    if (format !== 'sarif') {
      throw new UsageError(`--sarif-category needs --format sarif (got --format ${JSON.stringify(format)})`);
    }
    if (category.trim() === '') throw new UsageError('invalid --sarif-category ""; expected a non-empty name');
  }
  return { format, output, sarifCategory: category };
}

/** --fail-on and --max-warnings. */
function exitOptions(values: OptionValues): Pick<RunConfig, 'failOn' | 'maxWarnings'> {
  const failOn = values['fail-on'] ?? 'warning';
  if (!(FAIL_ON_LEVELS as readonly string[]).includes(failOn)) {
    throw new UsageError(`invalid --fail-on ${JSON.stringify(failOn)}; valid: ${FAIL_ON_LEVELS.join(', ')}`);
  }
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    const raw = values['max-warnings'];
    if (!/^\d+$/.test(raw)) throw new UsageError(`invalid --max-warnings ${JSON.stringify(raw)}; expected a whole number >= 0`);
    maxWarnings = Number(raw);
  }
  return { failOn: failOn as Level, maxWarnings };
}

/** --color / --no-color; undefined when neither is given. */
function colorOption(values: OptionValues): boolean | undefined {
  if (values.color && values['no-color']) throw new UsageError('--color and --no-color contradict each other; give one');
  return values.color ? true : values['no-color'] ? false : undefined;
}

/** --stdin with --stdin-filename, which exclude paths and --changed. */
function stdinOptions(values: OptionValues, positionals: readonly string[], changed: RunConfig['changed']): Pick<RunConfig, 'stdin' | 'stdinFilename'> {
  const stdin = values.stdin ?? false;
  const stdinFilename = nonEmpty('--stdin-filename', values['stdin-filename'], 'the path the stdin text is scanned as');
  if (stdin && stdinFilename === undefined) throw new UsageError('--stdin needs --stdin-filename PATH (the path the text is scanned as)');
  if (!stdin && stdinFilename !== undefined) throw new UsageError('--stdin-filename needs --stdin');
  if (stdin && positionals.length > 0) {
    throw new UsageError(`--stdin scans stdin only; unexpected paths: ${positionals.map((p) => JSON.stringify(p)).join(', ')}`);
  }
  if (stdin && changed) throw new UsageError('--stdin and --changed cannot be combined');
  return { stdin, stdinFilename };
}

/** --fix or --fix-dry-run (not both; --fix cannot write to stdin). */
function fixOption(values: OptionValues, stdin: boolean): RunConfig['fix'] {
  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run contradict each other; give one');
  if (values.fix && stdin) throw new UsageError('--fix cannot write to stdin; use --fix-dry-run to see the fixes as a diff');
  return values.fix ? 'apply' : values['fix-dry-run'] ? 'dry-run' : undefined;
}

/** The scan's configuration; the options are checked in this order, so the first problem is the one reported. */
function scanConfig(values: OptionValues, positionals: string[], changed: RunConfig['changed'], output: Pick<RunConfig, 'format' | 'output' | 'sarifCategory'>): RunConfig {
  const { failOn, maxWarnings } = exitOptions(values);
  const color = colorOption(values);
  const { stdin, stdinFilename } = stdinOptions(values, positionals, changed);
  const fix = fixOption(values, stdin);
  const includeSuppressed = values['include-suppressed'] ?? false;
  if (includeSuppressed && output.format !== 'sarif') {
    throw new UsageError(`--include-suppressed needs --format sarif (got --format ${JSON.stringify(output.format)}); other formats never show suppressed findings`);
  }
  return {
    paths: positionals.length > 0 ? positionals : stdin ? [] : ['.'],
    format: output.format,
    output: output.output,
    includeTests: values['include-tests'] ?? false,
    sarifCategory: output.sarifCategory,
    configPath: nonEmpty('--config', values.config, 'a configuration file path'),
    stdin,
    stdinFilename,
    maxWarnings,
    failOn,
    quiet: values.quiet ?? false,
    color,
    changed,
    baseline: nonEmpty('--baseline', values.baseline, 'a baseline file path'),
    writeBaseline: nonEmpty('--write-baseline', values['write-baseline'], 'a baseline file path'),
    includeSuppressed,
    reportUnusedDisableDirectives: values['report-unused-disable-directives'] ?? false,
    cacheDir: nonEmpty('--cache', values.cache, 'a cache directory'),
    fix,
    timing: values.timing ?? false,
    noDefaultExcludes: values['no-default-excludes'] ?? false,
    shard: values.shard === undefined ? undefined : shardOrThrow(values.shard),
    includeMinified: values['include-minified'] ?? false,
    maxFileBytes: values['max-file-size'] === undefined ? undefined : byteSize(values['max-file-size']),
    jobs: values.jobs === undefined ? 1 : jobCount(values.jobs, stdin),
  };
}

/** `2097152`, `512k`, `2m` → bytes. */
function byteSize(text: string): number {
  const match = /^(\d+)([kKmM]?)$/.exec(text.trim());
  if (!match || Number(match[1]) === 0) throw new UsageError(`invalid --max-file-size ${JSON.stringify(text)}; expected a positive number of bytes, optionally with k or m (e.g. 512k, 2m)`);
  const unit = match[2].toLowerCase();
  return Number(match[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 * 1024 : 1);
}

const MAX_JOBS = 64;

function jobCount(text: string, stdin: boolean): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || Number(text) > MAX_JOBS) {
    throw new UsageError(`invalid --jobs ${JSON.stringify(text)}; expected a whole number from 1 to ${MAX_JOBS}`);
  }
  if (stdin && Number(text) > 1) throw new UsageError('--jobs cannot be combined with --stdin (one file is scanned)');
  return Number(text);
}

function shardOrThrow(text: string): ShardSpec {
  const shard = parseShard(text);
  if (!shard) throw new UsageError(`invalid --shard ${JSON.stringify(text)}; expected K/N with 1 <= K <= N, e.g. 2/4`);
  return shard;
}

function parseMergeSarif(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { output: { type: 'string', short: 'o' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw toUsageError(error);
  }
  if (parsed.positionals.length === 0) throw new UsageError('merge-sarif needs the SARIF files to merge: jwtlint merge-sarif a.sarif b.sarif [--output FILE]');
  return { kind: 'merge-sarif', inputs: parsed.positionals, output: nonEmpty('--output', parsed.values.output, 'a file path') };
}

/** The language server talks over stdio only (the transport every LSP client offers). */
function parseLsp(argv: readonly string[]): CliCommand {
  if (argv.length !== 1 || argv[0] !== '--stdio') {
    throw new UsageError(`lsp needs exactly --stdio (got ${JSON.stringify(argv.join(' '))}): jwtlint lsp --stdio`);
  }
  return { kind: 'lsp' };
}

/** Turns node:util parseArgs errors into messages in jwtlint's style. */
function toUsageError(error: unknown): Error {
  if (!(error instanceof Error)) return new UsageError(String(error));
  const code = (error as NodeJS.ErrnoException).code;
  const quoted = /'([^']+)'/.exec(error.message)?.[1];
  const valid = `valid: ${OPTION_NAMES.join(', ')}`;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option ${JSON.stringify(quoted ?? error.message)}; ${valid}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const name = /--[\w-]+/.exec(quoted ?? error.message)?.[0] ?? quoted ?? '';
      if (/does not take an argument/.test(error.message)) {
        return new UsageError(`option ${name} does not take a value`);
      }
      return new UsageError(`option ${name} needs a value`);
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`unexpected argument ${JSON.stringify(quoted ?? error.message)}`);
    default:
      return error;
  }
}
