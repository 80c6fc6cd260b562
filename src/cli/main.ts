/**
 * The jwtlint command: argv → configuration → discovery → engine → suppressions, baseline, levels → formatter →
 * stdout or --output file, and the exit code (DESIGN §7): 0 no finding at or above the --fail-on level (and not
 * more warnings than --max-warnings), 1 findings, 2 usage or configuration error or fatal failure. This module
 * dispatches the commands; the scan itself is scan-command.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FORMATS } from '../report/format.js';
import type { RuleDescriptor } from '../report/types.js';
import { parseCliArgs, USAGE } from './args.js';
import { EXIT_OK, EXIT_USAGE, UsageError } from './errors.js';
import { emit, type CliIo } from './io.js';
import type { CappedRelaunch } from './launch.js';
import { scan } from './scan-command.js';
import { TOOL_VERSION } from '../engine/tool.js';

function defaultIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env, stdin: process.stdin, progressFd: 2 };
}

/**
 * Runs the CLI; never throws and never calls process.exit: returns the exit code. `relaunch` (from the launcher)
 * lets a scan move into the heap-capped child once it knows it has many files to analyse.
 */
export async function main(argv: string[], io: CliIo = defaultIo(), relaunch?: CappedRelaunch): Promise<number> {
  try {
    return await run(argv, io, relaunch);
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

async function run(argv: string[], io: CliIo, relaunch: CappedRelaunch | undefined): Promise<number> {
  const command = parseCliArgs(argv, FORMATS, io.cwd);
  switch (command.kind) {
    case 'help':
      io.stdout.write(USAGE);
      return EXIT_OK;
    case 'version':
      io.stdout.write(`${TOOL_VERSION}\n`);
      return EXIT_OK;
    case 'list-rules': {
      const descriptors = await ruleDescriptors();
      const text = command.format === 'json' ? `${JSON.stringify(descriptors, null, 2)}\n` : formatRuleTable(descriptors);
      await emit(text, command.output, io);
      return EXIT_OK;
    }
    case 'merge-sarif': {
      const { mergeSarif } = await import('../report/merge-sarif.js');
      const logs = command.inputs.map((input) => {
        let text: string;
        try {
          text = readFileSync(path.resolve(io.cwd, input), 'utf8');
        } catch {
          throw new UsageError(`merge-sarif: cannot read ${JSON.stringify(input)}`);
        }
        try {
          return JSON.parse(text);
        } catch {
          throw new UsageError(`merge-sarif: ${JSON.stringify(input)} is not JSON`);
        }
      });
      let merged;
      try {
        merged = mergeSarif(logs);
      } catch (error) {
        throw new UsageError(`merge-sarif: ${error instanceof Error ? error.message : String(error)}`);
      }
      await emit(`${JSON.stringify(merged, null, 2)}\n`, command.output, io);
      return EXIT_OK;
    }
    case 'lsp': {
      const { startLanguageServer } = await import('../lsp/server.js');
      const connection = startLanguageServer();
      // Runs until the client says exit (or closes the pipe); the exit notification ends the process.
      await new Promise<void>((resolve) => connection.onExit(() => resolve()));
      return EXIT_OK;
    }
    case 'scan':
      return scan(command.config, io, relaunch);
  }
}

async function ruleDescriptors(): Promise<RuleDescriptor[]> {
  const { allRules } = await import('../../rules/index.js');
  return allRules.map((rule) => rule.meta.descriptor).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function formatRuleTable(descriptors: readonly RuleDescriptor[]): string {
  const rows = [['ID', 'LEVEL', 'TITLE'], ...descriptors.map((d) => [d.id, d.level, d.title])];
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2]}`.trimEnd()).join('\n') + '\n';
}
