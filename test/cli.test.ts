import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './helpers/run-cli.js';

const VULNERABLE = ["import jwt from 'jsonwebtoken';", 'export function check(t: string) {', '  return jwt.verify(t, process.env.KEY!);', '}', ''].join('\n');

const CLEAN = ["import jwt from 'jsonwebtoken';", 'export function check(t: string) {', "  return jwt.verify(t, process.env.KEY!, { algorithms: ['RS256'] });", '}', ''].join('\n');

const temps: string[] = [];

function project(files: Record<string, string>): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'jwtlint-cli-')));
  temps.push(dir);
  mkdirSync(path.join(dir, '.git'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

beforeAll(() => {
  // `npm test` builds first; build here only when dist is missing (never rebuild under other running tests).
  if (!existsSync(path.join(REPO_ROOT, 'dist/src/cli/main.js'))) {
    const build = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs')], { cwd: REPO_ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stderr}`);
  }
});

afterAll(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('jwtlint CLI: usage', { timeout: 30_000 }, () => {
  it('rejects an invalid --format naming the valid choices, with nothing on stdout', () => {
    const r = runCli(['--format', 'xml', '.']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('jwtlint: invalid --format "xml"; valid: text, compact, json, sarif');
  });

  it('rejects an unknown flag naming it and the valid options', () => {
    const r = runCli(['--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('unknown option "--frobnicate"');
    expect(r.stderr).toContain('--format');
    expect(r.stderr).toContain('--include-tests');
  });

  it('rejects a flag missing its value and a boolean flag given one', () => {
    const missing = runCli(['--format']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('option --format needs a value');

    const extra = runCli(['--include-tests=yes']);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('option --include-tests does not take a value');
  });

  it('rejects --sarif-category without --format sarif', () => {
    const r = runCli(['--sarif-category', 'jwt', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--sarif-category needs --format sarif');
  });

  it('exits 2 naming a path that does not exist', () => {
    const dir = project({ 'a.ts': '' });
    const r = runCli(['src/missing'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('jwtlint: path not found: src/missing');
  });

  it('prints the package version', () => {
    const r = runCli(['--version']);
    expect(r).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('prints help naming every option', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Usage: jwtlint');
    for (const flag of ['--format', '--output', '--include-tests', '--list-rules', '--version', '--help', '--sarif-category']) {
      expect(r.stdout).toContain(flag);
    }
  });

  it('help wins over other flags', () => {
    expect(runCli(['--format', 'xml', '-h']).code).toBe(0);
  });
});

// The tests below need the engine (src/engine/scan.ts) and the rules (rules/index.ts).
describe('jwtlint CLI: rules and scans', { timeout: 60_000 }, () => {
  it('--list-rules prints a table of id, level and title', () => {
    const r = runCli(['--list-rules']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+LEVEL\s+TITLE$/);
    const row = lines.find((l) => l.startsWith('verify-without-algorithms '));
    expect(row).toMatch(/^verify-without-algorithms\s+(error|warning|note)\s+\S/);
    const ids = lines.slice(1).map((l) => l.split(/\s+/)[0]);
    expect(ids).toEqual([...ids].sort());
  });

  it('exits 1 and reports verify-without-algorithms at the call on a vulnerable project', () => {
    const dir = project({ 'src/check.ts': VULNERABLE });
    const r = runCli(['--format', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { findings: { ruleId: string; location: { file: string; line: number; column: number } }[] };
    const hits = doc.findings.filter((f) => f.ruleId === 'verify-without-algorithms');
    expect(hits.map((f) => f.location)).toMatchObject([{ file: 'src/check.ts', line: 3, column: 10 }]);
  });

  it('prints findings as text by default, without colour when not on a TTY', () => {
    const dir = project({ 'src/check.ts': VULNERABLE });
    const r = runCli([], { cwd: dir, env: { NO_COLOR: undefined } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('src/check.ts');
    expect(r.stdout).toContain('verify-without-algorithms');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('prints compact lines path:line:col', () => {
    const dir = project({ 'src/check.ts': VULNERABLE });
    const r = runCli(['--format', 'compact', 'src'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^src\/check\.ts:3:10: (error|warning): .*\[verify-without-algorithms\]$/m);
  });

  it('exits 0 on a clean project', () => {
    const dir = project({ 'src/check.ts': CLEAN });
    const r = runCli(['--format', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { findings: { ruleId: string; level: string }[] };
    expect(doc.findings.filter((f) => f.level !== 'note')).toEqual([]);
  });

  it('skips test code unless --include-tests', () => {
    const dir = project({ 'src/check.test.ts': VULNERABLE });
    expect(runCli(['--format', 'compact'], { cwd: dir }).code).toBe(0);
    const r = runCli(['--format', 'compact', '--include-tests'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('src/check.test.ts:3:10');
  });

  it('says on a line of its own when the default excludes leave nothing to scan, naming the option', () => {
    const builtOnly = project({ 'dist/check.ts': VULNERABLE });
    const r = runCli([], { cwd: builtOnly });
    expect(r.code).toBe(0);
    const line = 'Nothing was scanned: the default excludes skipped 1 source file (1 default exclude (dist, build, ...)); run with --no-default-excludes to scan them.';
    expect(r.stdout.split('\n')).toContain(line);
    expect(runCli(['--no-default-excludes', '--format', 'compact'], { cwd: builtOnly }).stdout).toContain('dist/check.ts:3:10');

    const testsOnly = project({ 'src/check.test.ts': VULNERABLE });
    expect(runCli([], { cwd: testsOnly }).stdout).toMatch(/^Nothing was scanned: .*\(1 test or fixture code \(use --include-tests\)\); run with --include-tests to scan them\.$/m);

    // A hand-written `build/` package is scanned: no such line, and the finding is reported
    const handWritten = project({ 'build/package.json': '{ "name": "build-scripts" }', 'build/check.ts': VULNERABLE });
    const scanned = runCli([], { cwd: handWritten });
    expect(scanned.code).toBe(1);
    expect(scanned.stdout).toContain('build/check.ts');
    expect(scanned.stdout).not.toContain('Nothing was scanned');
    // Anything scanned at all: no such line, even with build output skipped beside it
    expect(runCli([], { cwd: project({ 'dist/a.ts': VULNERABLE, 'src/b.ts': CLEAN }) }).stdout).not.toContain('Nothing was scanned');
  });

  it('--output writes the report to the file and nothing to stdout', () => {
    const dir = project({ 'src/check.ts': VULNERABLE });
    const r = runCli(['--format', 'sarif', '--sarif-category', 'jwt', '--output', 'reports/jwtlint.sarif'], { cwd: dir });
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const log = JSON.parse(readFileSync(path.join(dir, 'reports/jwtlint.sarif'), 'utf8')) as {
      version: string;
      runs: { automationDetails?: { id: string }; results: { ruleId: string }[] }[];
    };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].automationDetails?.id).toBe('jwt/');
    expect(log.runs[0].results.map((x) => x.ruleId)).toContain('verify-without-algorithms');
  });

  it('a fatal failure exits 2 with the message on stderr and nothing on stdout', () => {
    const dir = project({ 'src/check.ts': CLEAN, blocker: '' });
    const r = runCli(['--output', 'blocker/report.txt'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^jwtlint: fatal: .*blocker/m);
  });
});
