import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { schemaErrors, validateWithMultitool } from './helpers/sarif-validate.js';

const repoRoot = path.resolve(import.meta.dirname, '..');

describe('SARIF of the bundled example, end to end through the built CLI', () => {
  it('has findings, exits 1, and passes the schema and the Multitool with GitHub rules', { timeout: 90_000 }, async () => {
    const result = runCli(['examples/vulnerable-app', '--format', 'sarif'], { cwd: repoRoot });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const log = JSON.parse(result.stdout) as sarif.Log;
    expect(log.runs[0].results?.length).toBeGreaterThan(3);
    for (const r of log.runs[0].results ?? []) {
      expect(r.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toMatch(/^examples\/vulnerable-app\//);
    }
    expect(schemaErrors(log)).toEqual([]);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-example-sarif-'));
    try {
      const problems = await validateWithMultitool(log, dir, 'example');
      expect(problems.filter((p) => p.level === 'error').map((p) => `${p.ruleId}: ${p.message.text ?? p.message.id}`)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
