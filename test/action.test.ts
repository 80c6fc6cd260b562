import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countResults, planAction, runAction } from '../src/cli/action.js';
import { REPO_ROOT } from './helpers/run-cli.js';
import { TempProjects, VULNERABLE } from './helpers/temp-project.js';

const temps = new TempProjects();
const scratch = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-action-'));
afterAll(() => {
  temps.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

const validator = path.join(REPO_ROOT, 'node_modules/@action-validator/cli/cli.mjs');
function validate(file: string) {
  return spawnSync(process.execPath, [validator, file], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

/** The first ```yaml block of a markdown file that contains `marker`. */
function yamlBlock(markdownFile: string, marker: string): string {
  const text = readFileSync(path.join(REPO_ROOT, markdownFile), 'utf8');
  const block = [...text.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes(marker));
  if (block === undefined) throw new Error(`${markdownFile} has no yaml block with ${marker}`);
  return block;
}

describe('action.yml and the example workflow (offline validation with action-validator)', () => {
  it('action.yml is a valid composite action that uploads with upload-sarif@v4 and a category', () => {
    const r = validate(path.join(REPO_ROOT, 'action.yml'));
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const text = readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8');
    expect(text).toMatch(/^ {2}using: composite$/m);
    expect(text).toContain('uses: github/codeql-action/upload-sarif@v4');
    expect(text).toMatch(/^ {8}category: \$\{\{ inputs\.category \}\}$/m);
    expect(text).toContain('node "$GITHUB_ACTION_PATH/dist/src/cli/action.js"');
  });

  it('the documented code scanning workflow is valid and has security-events: write', () => {
    const workflow = yamlBlock('docs/integrations/github-code-scanning.md', 'upload-sarif@v4');
    expect(workflow).toMatch(/security-events: write/);
    expect(workflow).toMatch(/category: /);
    const file = path.join(scratch, 'workflow.yml');
    writeFileSync(file, workflow);
    const r = validate(file);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it('the documented sharded matrix workflow is valid, scans every shard and uploads one merged run', () => {
    const workflow = yamlBlock('docs/integrations/github-code-scanning.md', 'merge-sarif');
    expect(workflow).toContain('--shard ${{ matrix.shard }}/4');
    expect(workflow).toMatch(/shard: \[1, 2, 3, 4\]/);
    expect(workflow).toContain('jwtlint merge-sarif shard-*.sarif --output jwtlint.sarif');
    expect(workflow).toMatch(/security-events: write/);
    const file = path.join(scratch, 'sharded.yml');
    writeFileSync(file, workflow);
    const r = validate(file);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it('the validator does reject a broken action (the check can fail)', () => {
    const file = path.join(scratch, 'action.yml');
    writeFileSync(file, readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8').replace('using: composite', 'usin: composite'));
    expect(validate(file).status).not.toBe(0);
  });
});

describe('the action script', () => {
  it('turns inputs into a jwtlint command line', () => {
    expect(planAction({ INPUT_PATH: 'src  lib\napps', RUNNER_TEMP: '/tmp/r', INPUT_FAIL_ON: 'none' })).toEqual({
      argv: ['src', 'lib', 'apps', '--format', 'sarif', '--output', '/tmp/r/jwtlint.sarif'],
      sarifFile: '/tmp/r/jwtlint.sarif',
      failOn: undefined,
    });
    expect(planAction({ INPUT_CONFIG: 'cfg.json', INPUT_CHANGED: 'true', INPUT_FAIL_ON: 'warning', INPUT_SARIF_FILE: 'out.sarif' }).argv).toEqual([
      '.',
      '--format',
      'sarif',
      '--output',
      'out.sarif',
      '--config',
      'cfg.json',
      '--changed',
      '--fail-on',
      'warning',
    ]);
    expect(planAction({ INPUT_CHANGED: 'origin/release' }).argv).toContain('--changed=origin/release');
    expect(() => planAction({ INPUT_FAIL_ON: 'sometimes' })).toThrow('invalid input fail-on "sometimes"; valid: none, error, warning, note');
  });

  it('runs jwtlint, writes the SARIF file, the step outputs and a summary', { timeout: 60_000 }, async () => {
    const dir = temps.create({ 'src/a.ts': VULNERABLE });
    const outputs = path.join(dir, 'gh-output');
    const summary = path.join(dir, 'gh-summary');
    writeFileSync(outputs, '');
    const chunks: string[] = [];
    const io = { stdout: { write: (s: string) => chunks.push(s) }, stderr: { write: (s: string) => chunks.push(s) }, cwd: dir };
    const code = await runAction({ INPUT_PATH: '.', INPUT_FAIL_ON: 'error', RUNNER_TEMP: dir, GITHUB_OUTPUT: outputs, GITHUB_STEP_SUMMARY: summary }, io);
    expect(code).toBe(0); // findings never fail this step: the upload comes first
    const sarifFile = path.join(dir, 'jwtlint.sarif');
    const counted = countResults(readFileSync(sarifFile, 'utf8'));
    expect(counted.byRule.get('verify-without-algorithms')).toBe(1);
    const out = Object.fromEntries(
      readFileSync(outputs, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(/=(.*)/s).slice(0, 2)),
    );
    expect(out).toEqual({ 'exit-code': '1', 'sarif-file': sarifFile, findings: String(counted.total), fail: 'true' });
    expect(readFileSync(summary, 'utf8')).toContain('| `verify-without-algorithms` | 1 |');

    const none = await runAction({ INPUT_PATH: '.', RUNNER_TEMP: dir, GITHUB_OUTPUT: outputs }, io);
    expect(none).toBe(0);
    expect(readFileSync(outputs, 'utf8').trim().split('\n').pop()).toBe('fail=false');

    const broken = await runAction({ INPUT_PATH: 'missing-dir', RUNNER_TEMP: dir, GITHUB_OUTPUT: outputs }, io);
    expect(broken).toBe(2);
  });
});
