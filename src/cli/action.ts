/**
 * The script run by the composite GitHub Action (action.yml at the repository root): turns the action's inputs
 * (INPUT_* environment variables) into a jwtlint command line, runs it in-process with SARIF output, and writes
 * the step outputs (sarif-file, findings, exit-code, fail) to $GITHUB_OUTPUT and a summary to
 * $GITHUB_STEP_SUMMARY. It never fails the step for findings (the SARIF must be uploaded first); action.yml's last
 * step fails the job afterwards when `fail-on` says so. Usage errors (exit 2) fail the step at once.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FAIL_ON_LEVELS } from './args.js';
import type { CliIo } from './io.js';
import { main } from './main.js';

export interface ActionPlan {
  argv: string[];
  sarifFile: string;
  /** Undefined when fail-on is "none". */
  failOn?: string;
}

/** Splits a multi-value input (spaces or new lines). */
function words(value: string | undefined): string[] {
  return (value ?? '').split(/\s+/).filter((w) => w.length > 0);
}

/** The jwtlint command line for the action inputs. Throws an Error naming a bad input. */
export function planAction(env: Record<string, string | undefined>): ActionPlan {
  const paths = words(env.INPUT_PATH);
  const temp = env.RUNNER_TEMP && env.RUNNER_TEMP !== '' ? env.RUNNER_TEMP : '.';
  const sarifFile = env.INPUT_SARIF_FILE && env.INPUT_SARIF_FILE.trim() !== '' ? env.INPUT_SARIF_FILE.trim() : path.join(temp, 'jwtlint.sarif');
  const argv = [...(paths.length > 0 ? paths : ['.']), '--format', 'sarif', '--output', sarifFile];
  const config = (env.INPUT_CONFIG ?? '').trim();
  if (config !== '') argv.push('--config', config);
  const changed = (env.INPUT_CHANGED ?? '').trim();
  if (changed === 'true') argv.push('--changed');
  else if (changed !== '' && changed !== 'false') argv.push(`--changed=${changed}`);
  const failOnInput = (env.INPUT_FAIL_ON ?? 'none').trim() || 'none';
  let failOn: string | undefined;
  if (failOnInput !== 'none') {
    if (!(FAIL_ON_LEVELS as readonly string[]).includes(failOnInput)) {
      throw new Error(`invalid input fail-on ${JSON.stringify(failOnInput)}; valid: none, ${FAIL_ON_LEVELS.join(', ')}`);
    }
    failOn = failOnInput;
    argv.push('--fail-on', failOn);
  }
  return { argv, sarifFile, failOn };
}

/** Results per rule in a SARIF log. */
export function countResults(sarifText: string): { total: number; byRule: Map<string, number> } {
  const log = JSON.parse(sarifText) as { runs?: { results?: { ruleId?: string }[] }[] };
  const byRule = new Map<string, number>();
  let total = 0;
  for (const run of log.runs ?? []) {
    for (const result of run.results ?? []) {
      total += 1;
      const id = result.ruleId ?? '(none)';
      byRule.set(id, (byRule.get(id) ?? 0) + 1);
    }
  }
  return { total, byRule };
}

/** Runs the action; returns the process exit code for the step (0 unless jwtlint could not run). */
export async function runAction(env: Record<string, string | undefined>, io: Omit<CliIo, 'env'>): Promise<number> {
  let plan: ActionPlan;
  try {
    plan = planAction(env);
  } catch (error) {
    io.stderr.write(`::error title=jwtlint::${(error as Error).message}\n`);
    return 2;
  }
  io.stdout.write(`jwtlint ${plan.argv.join(' ')}\n`);
  const code = await main(plan.argv, { ...io, env });
  const outputs: [string, string][] = [['exit-code', String(code)]];
  if (code === 2) {
    writeOutputs(env, outputs);
    return 2;
  }
  const sarifPath = path.resolve(io.cwd, plan.sarifFile);
  const { total, byRule } = countResults(readFileSync(sarifPath, 'utf8'));
  outputs.push(['sarif-file', sarifPath], ['findings', String(total)], ['fail', String(plan.failOn !== undefined && code === 1)]);
  writeOutputs(env, outputs);
  if (env.GITHUB_STEP_SUMMARY) {
    const rows = [...byRule].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id, n]) => `| \`${id}\` | ${n} |`);
    const summary = ['### jwtlint', '', `${total} result${total === 1 ? '' : 's'} in the SARIF file.`, ''];
    if (rows.length > 0) summary.push('| rule | results |', '|---|---:|', ...rows, '');
    appendFileSync(env.GITHUB_STEP_SUMMARY, summary.join('\n') + '\n');
  }
  io.stdout.write(`jwtlint: ${total} result${total === 1 ? '' : 's'} written to ${plan.sarifFile}\n`);
  return 0;
}

function writeOutputs(env: Record<string, string | undefined>, outputs: [string, string][]): void {
  const lines = outputs.map(([key, value]) => `${key}=${value.replace(/[\r\n]/g, ' ')}`).join('\n') + '\n';
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, lines);
}

// Run when executed directly (node dist/src/cli/action.js), not when imported by tests.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runAction(process.env, { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), stdin: process.stdin }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`jwtlint: fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
