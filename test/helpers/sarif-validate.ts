import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type * as sarif from 'sarif';

const execFileAsync = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const multitoolDir = path.join(repoRoot, 'node_modules', '@microsoft', 'sarif-multitool-linux');
export const multitool = path.join(multitoolDir, 'Sarif.Multitool');
export const sarifSchemaPath = path.join(multitoolDir, 'sarif-2.1.0.json');
/** GitHub's ingestion rules as errors; kept in the repository so a clone with nothing beside it can run the tests. */
export const ghStrictConfig = path.join(repoRoot, 'test', 'sarif', 'github-rules.xml');

/** Validates with the official SARIF Multitool and GitHub's rules; returns its results (read from its output log: it exits 0 even on errors). */
export async function validateWithMultitool(log: sarif.Log, dir: string, name: string): Promise<sarif.Result[]> {
  const input = path.join(dir, `${name}.sarif`);
  const output = path.join(dir, `${name}.validation.sarif`);
  writeFileSync(input, JSON.stringify(log, null, 2));
  await execFileAsync(multitool, ['validate', input, '--output', output, '--rule-kind', 'Gh;Sarif', '--config', ghStrictConfig, '--log', 'ForceOverwrite', '--quiet'], {
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
    timeout: 55_000,
  });
  const validation = JSON.parse(readFileSync(output, 'utf8')) as sarif.Log;
  return validation.runs.flatMap((r) => r.results ?? []);
}

/** JSON-schema errors of a log against the schema shipped with the Multitool (empty = valid). */
export function schemaErrors(log: unknown): string[] {
  const schema = JSON.parse(readFileSync(sarifSchemaPath, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
