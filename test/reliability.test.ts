import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { discoverFiles } from '../src/discovery/index.js';
import { scanFiles } from '../src/engine/scan.js';
import { defineRule } from '../src/engine/rule.js';
import { FORMATS, formatReport } from '../src/report/format.js';
import { parseSource } from '../src/parsing/parse.js';
import { makeHostileTree } from './helpers/hostile-tree.js';
import { runCli } from './helpers/run-cli.js';

const root = makeHostileTree();
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function scanTree(options: { maxFileBytes?: number } = {}) {
  const discovered = await discoverFiles({ cwd: root, paths: ['.'], includeTests: false });
  return scanFiles({
    root: discovered.root,
    files: discovered.files,
    rules: allRules,
    notifications: discovered.notifications,
    skipped: discovered.skipped,
    maxFileBytes: options.maxFileBytes ?? 2 * 1024 * 1024,
  });
}

describe('hostile input', () => {
  it('survives every case and reports exactly what it could and could not analyse', { timeout: 60_000 }, async () => {
    const report = await scanTree({ maxFileBytes: 1_000_000 });
    const findings = report.findings.map((f) => `${f.location.file}:${f.location.line}:${f.location.column} ${f.ruleId}`);
    expect(findings).toEqual([
      'bom.ts:2:1 verify-without-algorithms',
      'cr-only.ts:3:1 verify-without-algorithms',
      'crlf.ts:3:1 verify-without-algorithms',
      'deep-binary.ts:2:1 verify-without-algorithms',
      'deep-brackets.js:2:1 verify-without-algorithms',
      'deep-members.ts:2:1 verify-without-algorithms',
      'deep-parens.ts:2:1 verify-without-algorithms',
      'folder.ts/inside.ts:2:1 verify-without-algorithms',
      'invalid-utf8.ts:3:1 verify-without-algorithms',
      'long-line.js:1:500037 verify-without-algorithms',
      // a stray NUL byte in a string literal: analysed, not skipped as binary
      'stray-nul.ts:3:1 verify-without-algorithms',
      'syntax-error.ts:3:1 verify-without-algorithms',
      // UTF-16 columns: each emoji counts two
      'unicode.ts:2:20 verify-without-algorithms',
    ]);
    const notes = report.notifications.map((n) => `${n.file ?? ''} ${n.kind}${n.fileSkipped ? ' skipped' : ''}`).sort();
    expect(notes).toEqual([
      'binary.ts binary skipped',
      'bundle.min.cjs.js minified',
      // named, not only counted: a dangling link to a source file, and two links pointing at each other
      'dangling.ts not-a-file',
      'deep-brackets.js parse-error',
      'deep-parens.ts parse-error',
      'huge.ts too-large skipped',
      'invalid-utf8.ts invalid-encoding',
      'loop-a not-a-file',
      'loop-b not-a-file',
      'syntax-error.ts parse-error',
    ]);
    expect(report.stats.skipped.map((s) => s.reason).join('\n')).toMatch(/symlink/);
  });

  it('reports the size limit it applied', { timeout: 60_000 }, async () => {
    const report = await scanTree({ maxFileBytes: 1_000_000 });
    const tooLarge = report.notifications.find((n) => n.kind === 'too-large');
    expect(tooLarge?.message).toMatch(/huge\.ts: \d+ bytes exceeds the 1000000-byte limit/);
  });

  it('files that vanish between discovery and reading become notifications', { timeout: 60_000 }, async () => {
    const discovered = await discoverFiles({ cwd: root, paths: ['.'], includeTests: false });
    const ghost = path.join(root, 'ghost.ts');
    writeFileSync(ghost, "import jwt from 'jsonwebtoken';\n");
    unlinkSync(ghost);
    const report = scanFiles({ root, files: [...discovered.files, ghost], rules: allRules });
    expect(report.notifications.find((n) => n.file === 'ghost.ts')).toMatchObject({ kind: 'unreadable', fileSkipped: true });
  });

  it('a file that changes between discovery and reading is analysed as it is when read', { timeout: 60_000 }, async () => {
    const changing = path.join(root, 'changing.ts');
    writeFileSync(changing, 'export const nothing = 1;\n');
    const discovered = await discoverFiles({ cwd: root, paths: ['changing.ts'], includeTests: false });
    writeFileSync(changing, "import jwt from 'jsonwebtoken';\n\n\njwt.verify(t, k, { audience: 'a' });\n");
    const report = scanFiles({ root, files: discovered.files, rules: allRules });
    unlinkSync(changing);
    expect(report.findings.map((f) => `${f.location.file}:${f.location.line} ${f.ruleId}`)).toEqual(['changing.ts:4 verify-without-algorithms']);
  });

  it('an unreadable or missing configuration file is a clear usage error', { timeout: 30_000 }, () => {
    mkdirSync(path.join(root, 'config-dir.json'), { recursive: true });
    const unreadable = runCli(['.', '--config', 'config-dir.json'], { cwd: root });
    expect(unreadable.code).toBe(2);
    expect(unreadable.stdout).toBe('');
    expect(unreadable.stderr).toMatch(/^jwtlint: cannot read configuration file config-dir\.json: EISDIR/);
    const missing = runCli(['.', '--config', 'nope.json'], { cwd: root });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^jwtlint: configuration file not found: nope\.json/);
  });

  it('marks the run unsuccessful in SARIF when a file could not be analysed at all', { timeout: 30_000 }, () => {
    const result = runCli(['.', '--format', 'sarif'], { cwd: root });
    expect(result.code).toBe(1);
    const sarif = JSON.parse(result.stdout);
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
    const notified = sarif.runs[0].invocations[0].toolExecutionNotifications.map(
      (n: { locations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => n.locations?.[0]?.physicalLocation.artifactLocation.uri,
    );
    expect(notified).toContain('binary.ts');
    expect(result.stdout).not.toContain(root);
  });

  it('applies --max-file-size and names the limit', { timeout: 30_000 }, () => {
    const result = runCli(['folder.ts', '--max-file-size', '40', '--format', 'compact'], { cwd: root });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/folder\.ts\/inside\.ts:1:1: warning: could not analyse: skipped folder\.ts\/inside\.ts: \d+ bytes exceeds the 40-byte limit \[jwtlint\/too-large\]/);
    expect(runCli(['.', '--max-file-size', 'lots'], { cwd: root }).stderr).toMatch(/invalid --max-file-size "lots"/);
  });

  it('a rule that throws becomes a notification naming the rule and file; other rules still report', () => {
    const file = path.join(root, 'folder.ts', 'inside.ts');
    const broken = defineRule({
      meta: { ...allRules[0].meta, id: 'always-throws', messages: { x: 'x' } },
      create: () => ({
        verify() {
          throw new Error('boom');
        },
      }),
    });
    const report = scanFiles({ root, files: [file], rules: [broken, ...allRules] });
    expect(report.notifications).toEqual([expect.objectContaining({ kind: 'rule-error', ruleId: 'always-throws', file: 'folder.ts/inside.ts', message: expect.stringContaining('boom') })]);
    expect(report.findings.map((f) => f.ruleId)).toContain('verify-without-algorithms');
  });

  it('abandons a file whose work budget runs out, with a notification', () => {
    const file = path.join(root, 'folder.ts', 'inside.ts');
    const report = scanFiles({ root, files: [file], rules: allRules, fileWorkUnits: 0 });
    expect(report.notifications.map((n) => n.kind)).toEqual(['timeout']);
    expect(report.notifications[0].message).toContain('work budget of 0 units ran out during fact collection');
    expect(report.findings).toEqual([]);
  });

  it("runs the rules a file's work budget still covers and names the others", () => {
    const file = path.join(root, 'folder.ts', 'inside.ts');
    const scan = (fileWorkUnits: number) => scanFiles({ root, files: [file], rules: allRules, fileWorkUnits });
    expect(scan(1_000_000).notifications).toEqual([]);
    // the smallest budget that covers the fact walk leaves rules to name
    let [low, high] = [0, 1_000_000];
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (scan(middle).notifications.some((n) => n.message.includes('during fact collection'))) low = middle + 1;
      else high = middle;
    }
    expect(scan(low).notifications).toEqual([
      expect.objectContaining({
        kind: 'timeout',
        level: 'warning',
        message: expect.stringMatching(/partly analysed: its work budget of \d+ units ran out before rules algorithm-confusion, /),
      }),
    ]);
  });

  it('blanks out only the deeply nested region, keeping positions', () => {
    const text = `const a = 1;\nconst x = ${'('.repeat(5000)}1${')'.repeat(5000)};\nconst b = 2;\n`;
    const parsed = parseSource('/x.ts', text);
    expect(parsed.skippedRegions.length).toBe(1);
    expect(parsed.sourceFile.getLineAndCharacterOfPosition(parsed.sourceFile.text.indexOf('const b')).line).toBe(2);
  });

  it('is deterministic: two runs give byte-identical output in every format', { timeout: 60_000 }, async () => {
    const first = await scanTree();
    const second = await scanTree();
    for (const format of FORMATS) {
      const a = formatReport(first, format, { color: false });
      expect(formatReport(second, format, { color: false })).toBe(a);
      expect(a.length).toBeGreaterThan(0);
    }
    // and through the CLI, where discovery order and process state could differ
    const cliFirst = runCli(['.', '--format', 'sarif'], { cwd: root });
    const cliSecond = runCli(['.', '--format', 'sarif'], { cwd: root });
    expect(cliSecond.stdout).toBe(cliFirst.stdout);
  });

  // Permissions only bind a non-root user: as root the test drops to `nobody`, which needs to read this checkout.
  const isRoot = process.getuid?.() === 0;
  const nobodyCanRunTool = !isRoot || spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, path.resolve('bin/jwtlint.js'), '--version']).status === 0;
  it.skipIf(!nobodyCanRunTool)('reports unreadable files and directories and scans the rest', { timeout: 30_000 }, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-perm-'));
    try {
      chmodSync(dir, 0o755);
      for (const sub of ['.git', 'ok', 'locked']) mkdirSync(path.join(dir, sub), { mode: 0o755 });
      const source = "import jwt from 'jsonwebtoken';\njwt.verify(t, k, { audience: 'api' });\n";
      for (const file of ['ok/a.ts', 'locked/b.ts', 'unreadable.ts']) writeFileSync(path.join(dir, file), source, { mode: 0o644 });
      chmodSync(path.join(dir, 'locked'), 0o000);
      chmodSync(path.join(dir, 'unreadable.ts'), 0o000);
      // root reads everything: drop to an unprivileged user so permissions apply
      const asNobody = isRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
      const command = [...asNobody, process.execPath, path.resolve('bin/jwtlint.js'), '.', '--format', 'compact'];
      const result = spawnSync(command[0], command.slice(1), { cwd: dir, encoding: 'utf8' });
      expect(result.status).toBe(1);
      expect(result.stdout.split('\n').filter(Boolean)).toEqual([
        'ok/a.ts:2:1: error: jwt.verify verifies a token without an algorithm allowlist: pass `algorithms` with the exact algorithms your issuer uses. [verify-without-algorithms]',
        'locked:1:1: warning: could not analyse: could not read directory locked: permission denied; files in it were not scanned [jwtlint/unreadable]',
        'unreadable.ts:1:1: warning: could not analyse: could not read unreadable.ts: permission denied [jwtlint/unreadable]',
      ]);
    } finally {
      chmodSync(path.join(dir, 'locked'), 0o755);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never lists a path outside the root', { timeout: 30_000 }, () => {
    expect(readdirSync(root)).toContain('outside');
    const result = runCli(['.', '--format', 'json'], { cwd: root });
    expect(result.stdout).not.toMatch(/"\.\.\//);
  });
});
