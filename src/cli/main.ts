/**
 * The jwtlint command: argv → discovery → engine → formatter → stdout or --output file, and the exit code
 * (DESIGN §7): 0 no finding at level warning or error, 1 findings, 2 usage error or fatal failure.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverFiles } from '../discovery/index.js';
import { FORMATS, formatReport, isFormatName } from '../report/format.js';
import { shouldUseColor } from '../report/text.js';
import type { RuleDescriptor, ScanReport } from '../report/types.js';
import { parseCliArgs, USAGE, type RunConfig } from './args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from './errors.js';

export interface CliStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  /** Working directory the paths are relative to. */
  cwd: string;
  env: Record<string, string | undefined>;
  /** Reserved for reading file lists from stdin; unused today. */
  stdin?: NodeJS.ReadableStream;
}

function defaultIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env, stdin: process.stdin };
}

/** Runs the CLI; never throws and never calls process.exit: returns the exit code. */
export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`jwtlint: ${error.message}\nRun "jwtlint --help" for usage.\n`);
      return EXIT_USAGE;
    }
    const detail = error instanceof Error ? (io.env.JWTLINT_DEBUG ? (error.stack ?? error.message) : error.message) : String(error);
    io.stderr.write(`jwtlint: fatal: ${detail}\n`);
    return EXIT_USAGE;
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const command = parseCliArgs(argv, FORMATS);
  switch (command.kind) {
    case 'help':
      io.stdout.write(USAGE);
      return EXIT_OK;
    case 'version':
      io.stdout.write(`${readVersion()}\n`);
      return EXIT_OK;
    case 'list-rules': {
      const descriptors = await ruleDescriptors();
      const text = command.format === 'json' ? `${JSON.stringify(descriptors, null, 2)}\n` : formatRuleTable(descriptors);
      await emit(text, command.output, io);
      return EXIT_OK;
    }
    case 'scan':
      return scan(command.config, io);
  }
}

async function scan(config: RunConfig, io: CliIo): Promise<number> {
  const discovered = await discoverFiles({ cwd: io.cwd, paths: config.paths, includeTests: config.includeTests });
  // Loaded lazily: the engine pulls in the TypeScript parser, which --help, --version and usage errors don't need.
  const [{ scanFiles }, { allRules }] = await Promise.all([import('../engine/scan.js'), import('../../rules/index.js')]);
  const report: ScanReport = scanFiles({
    root: discovered.root,
    files: discovered.files,
    rules: allRules,
    notifications: discovered.notifications,
    skipped: discovered.skipped,
  });
  const color = config.output === undefined && config.format === 'text' && shouldUseColor(io.stdout, io.env);
  if (!isFormatName(config.format)) throw new Error(`invariant: format ${JSON.stringify(config.format)} passed validation`);
  const text = formatReport(report, config.format, { color, category: config.sarifCategory });
  await emit(text, config.output, io);
  return exitCodeFor(report);
}

/** 1 when any finding is at level warning or error. */
export function exitCodeFor(report: ScanReport): number {
  return report.findings.some((f) => f.level === 'error' || f.level === 'warning') ? EXIT_FINDINGS : EXIT_OK;
}

async function emit(text: string, output: string | undefined, io: CliIo): Promise<void> {
  const out = text.length === 0 || text.endsWith('\n') ? text : `${text}\n`;
  if (output === undefined) {
    io.stdout.write(out);
    return;
  }
  const target = path.resolve(io.cwd, output);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, out, 'utf8');
}

export async function ruleDescriptors(): Promise<RuleDescriptor[]> {
  const { allRules } = await import('../../rules/index.js');
  return allRules.map((rule) => rule.meta.descriptor).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function formatRuleTable(descriptors: readonly RuleDescriptor[]): string {
  const rows = [['ID', 'LEVEL', 'TITLE'], ...descriptors.map((d) => [d.id, d.level, d.title])];
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2]}`.trimEnd()).join('\n') + '\n';
}

let cachedVersion: string | undefined;

/**
 * The version in jwtlint's package.json. Found by walking up from this module, so it works both from
 * dist/src/cli/main.js (three levels below the package) and from src/cli/main.ts under a test runner.
 */
export function readVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    let text: string | undefined;
    try {
      text = readFileSync(candidate, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== undefined) {
      const pkg = JSON.parse(text) as { name?: string; version?: string };
      if (pkg.name === 'jwtlint' && typeof pkg.version === 'string') return (cachedVersion = pkg.version);
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find jwtlint's package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
