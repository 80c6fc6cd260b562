import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

/** What the command line asks for, validated. `format` is checked against the formats the caller passes in. */
export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'list-rules'; format: string; output?: string }
  | { kind: 'scan'; config: RunConfig };

export interface RunConfig {
  paths: string[];
  format: string;
  /** Path of the report file (relative to cwd); nothing but errors goes to the terminal then. */
  output?: string;
  includeTests: boolean;
  sarifCategory?: string;
}

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'include-tests': { type: 'boolean' },
  'list-rules': { type: 'boolean' },
  'sarif-category': { type: 'string' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const OPTION_NAMES: readonly string[] = Object.keys(OPTIONS).map((name) => `--${name}`);

export const USAGE = `Usage: jwtlint [options] [paths...]

Finds JWT misuse in JavaScript and TypeScript code. Paths default to "."; directories are walked
(honouring .gitignore, skipping node_modules, build output and test code), files are scanned as given.

Options:
  -f, --format <name>        output format: text (default), compact, json, sarif
  -o, --output <file>        write the report to <file> instead of stdout
      --include-tests        also scan test and fixture code (test/, __tests__/, *.test.*, ...)
      --sarif-category <id>  SARIF run category for GitHub code scanning (with --format sarif)
      --list-rules           list the rules (id, level, title) and exit
  -v, --version              print the version and exit
  -h, --help                 print this help and exit

Exit codes: 0 no finding at level warning or error, 1 findings, 2 usage error or fatal failure.
`;

/** Parses argv (without node and script). Throws UsageError naming the bad flag or value and the valid choices. */
export function parseCliArgs(argv: readonly string[], formats: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw toUsageError(error);
  }
  const { values, positionals } = parsed;

  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const format = values.format ?? 'text';
  if (!formats.includes(format)) {
    throw new UsageError(`invalid --format ${JSON.stringify(format)}; valid: ${formats.join(', ')}`);
  }
  if (values.output !== undefined && values.output.trim() === '') {
    throw new UsageError('invalid --output ""; expected a file path');
  }
  const category = values['sarif-category'];
  if (category !== undefined) {
    if (format !== 'sarif') {
      throw new UsageError(`--sarif-category needs --format sarif (got --format ${JSON.stringify(format)})`);
    }
    if (category.trim() === '') throw new UsageError('invalid --sarif-category ""; expected a non-empty name');
  }

  if (values['list-rules']) return { kind: 'list-rules', format, output: values.output };

  return {
    kind: 'scan',
    config: {
      paths: positionals.length > 0 ? positionals : ['.'],
      format,
      output: values.output,
      includeTests: values['include-tests'] ?? false,
      sarifCategory: category,
    },
  };
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
