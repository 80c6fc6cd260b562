import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from './helpers/run-cli.js';
import { CLEAN, TempProjects, VULNERABLE } from './helpers/temp-project.js';

const temps = new TempProjects();
afterAll(() => temps.cleanup());

/** verify-without-algorithms (error) at line 3 plus missing-audience-or-issuer (note). */
const NOTE_ONLY = ["import jwt from 'jsonwebtoken';", 'export function check(t: string) {', "  return jwt.verify(t, process.env.KEY!, { algorithms: ['RS256'] });", '}', ''].join('\n');

interface JsonReport {
  findings: { ruleId: string; level: string; location: { file: string; line: number } }[];
}

function stdinRun(args: string[], cwd: string, input: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI options', { timeout: 90_000 }, () => {
  it('--stdin --stdin-filename scans stdin as that path, with its configuration and ignores', () => {
    const dir = temps.create({ 'jwtlint.config.json': JSON.stringify({ ignore: ['generated/'] }), 'src/existing.ts': CLEAN });
    const r = stdinRun(['--stdin', '--stdin-filename', 'src/new-file.ts', '--format', 'compact'], dir, VULNERABLE);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^src\/new-file\.ts:3:10: error: .*\[verify-without-algorithms\]$/m);
    expect(r.stdout).not.toContain('existing');
    const ignored = stdinRun(['--stdin', '--stdin-filename', 'generated/x.ts', '--format', 'compact'], dir, VULNERABLE);
    expect(ignored).toMatchObject({ code: 0, stdout: '' });
    const rel = stdinRun(['--stdin', '--stdin-filename', 'src/a.ts', '--format', 'compact', '--config', 'none.json'], dir, VULNERABLE);
    expect(rel.code).toBe(2);
    expect(runCli(['--stdin'], { cwd: dir }).stderr).toContain('--stdin needs --stdin-filename');
  });

  it('--stdin follows the relative imports of the stdin text into the project, and the text replaces the file on disk', () => {
    const dir = temps.create({
      'src/config.ts': "export const JWT_SECRET = 'correct-horse-battery-staple';\n",
      // On disk the file is clean; the editor's unsaved text (stdin) is not.
      'src/auth.ts': "import jwt from 'jsonwebtoken';\nexport const sign = (sub: string) => jwt.sign({ sub }, process.env.K!, { expiresIn: '1h' });\n",
    });
    const unsaved = "import jwt from 'jsonwebtoken';\nimport { JWT_SECRET } from './config';\nexport const sign = (sub: string) => jwt.sign({ sub }, JWT_SECRET, { expiresIn: '1h' });\n";
    const r = stdinRun(['--stdin', '--stdin-filename', 'src/auth.ts', '--format', 'json'], dir, unsaved);
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.stdout) as JsonReport).findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`);
    expect(findings).toEqual(['hardcoded-secret src/config.ts:1']);
    expect(r.stdout).not.toContain('correct-horse-battery-staple');
    // The file on disk is untouched, and scanning it finds nothing.
    expect(runCli(['src/auth.ts', '--format', 'compact'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
  });

  it('--cache results depend on --include-minified: a bundle skipped in one run is analysed in the next', () => {
    const bundle = `var jwt=require("jsonwebtoken");module.exports=function(t){return jwt.verify(t,process.env.K)};${'x=1;'.repeat(20_000)}\n`;
    const dir = temps.create({ 'src/bundle.js': bundle });
    const findings = (args: string[]) => (JSON.parse(runCli(['.', '--format', 'json', '--cache', '.cache', ...args], { cwd: dir }).stdout) as JsonReport).findings.map((f) => f.ruleId);
    expect(findings([])).toEqual([]);
    expect(findings([])).toEqual([]);
    expect(findings(['--include-minified'])).toContain('verify-without-algorithms');
    expect(findings([])).toEqual([]);
  });

  it('--fail-on sets the lowest failing level; --max-warnings tolerates up to N warnings; --quiet shows errors only', () => {
    const notes = temps.create({ 'src/a.ts': NOTE_ONLY });
    expect(runCli(['--format', 'compact'], { cwd: notes }).code).toBe(0);
    expect(runCli(['--format', 'compact', '--fail-on', 'note'], { cwd: notes }).code).toBe(1);
    expect(runCli(['--fail-on', 'fatal'], { cwd: notes }).stderr).toContain('invalid --fail-on "fatal"; valid: error, warning, note');

    const warnings = temps.create({
      'jwtlint.config.json': JSON.stringify({ rules: { 'verify-without-algorithms': 'warning' } }),
      'src/a.ts': VULNERABLE,
      'src/b.ts': VULNERABLE,
    });
    expect(runCli(['--format', 'compact'], { cwd: warnings }).code).toBe(1);
    expect(runCli(['--format', 'compact', '--max-warnings', '2'], { cwd: warnings }).code).toBe(0);
    const over = runCli(['--format', 'compact', '--max-warnings', '1'], { cwd: warnings });
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('2 warnings exceed --max-warnings 1');
    expect(runCli(['--format', 'compact', '--fail-on', 'error'], { cwd: warnings }).code).toBe(0);
    expect(runCli(['--format', 'compact', '--fail-on', 'error', '--max-warnings', '1'], { cwd: warnings }).code).toBe(1);
    expect(runCli(['--max-warnings', '-1'], { cwd: warnings }).code).toBe(2);

    // An error (no allowlist) and a note (middleware without a revocation check).
    const guard = "import { expressjwt } from 'express-jwt';\nexport const guard = expressjwt({ secret: process.env.KEY!, algorithms: ['HS256'] });\n";
    const mixed = temps.create({ 'src/a.ts': VULNERABLE, 'src/guard.ts': guard });
    const all = (JSON.parse(runCli(['--format', 'json'], { cwd: mixed }).stdout) as JsonReport).findings.map((f) => f.level);
    expect(all).toContain('note');
    const quiet = (JSON.parse(runCli(['--format', 'json', '--quiet'], { cwd: mixed }).stdout) as JsonReport).findings.map((f) => f.level);
    expect(quiet.length).toBeGreaterThan(0);
    expect(new Set(quiet)).toEqual(new Set(['error']));
  });

  it('colour: --color forces it, --no-color and NO_COLOR turn it off, FORCE_COLOR turns it on off a TTY', () => {
    const dir = temps.create({ 'src/a.ts': VULNERABLE });
    const esc = '\u001b[';
    expect(runCli([], { cwd: dir, env: { NO_COLOR: undefined } }).stdout).not.toContain(esc);
    expect(runCli(['--color'], { cwd: dir }).stdout).toContain(esc);
    expect(runCli([], { cwd: dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout).toContain(esc);
    expect(runCli(['--no-color'], { cwd: dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout).not.toContain(esc);
    expect(runCli([], { cwd: dir, env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stdout).not.toContain(esc);
    expect(runCli(['--color', '--no-color'], { cwd: dir }).code).toBe(2);
  });

  it('shows a progress indicator on stderr only when stderr is a TTY', () => {
    const dir = temps.create({ 'src/a.ts': VULNERABLE });
    // A pseudo-terminal (python's pty module) as the child's stdin, stdout and stderr; the report goes to a file.
    const script = 'import pty, sys\nstatus = pty.spawn(sys.argv[1:])\nsys.exit(status >> 8)\n';
    const args = [BIN, '--format', 'json', '--output', 'out.json'];
    const env = { ...process.env, JWTLINT_PROGRESS_DELAY_MS: '0' };
    const tty = spawnSync('python3', ['-c', script, process.execPath, ...args], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
    expect(tty.status).toBe(1);
    expect(tty.stdout).toMatch(/jwtlint: scanning [01]\/1 file \((0|100)%\) \d+s/);
    expect(tty.stdout).toContain('\r\u001b[K'); // the line is erased when the scan ends
    const piped = spawnSync(process.execPath, args, { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
    expect(piped.status).toBe(1);
    expect(piped.stderr).toBe('');
  });
});

describe('--changed in a real git repository', { timeout: 90_000 }, () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });

  it('scans only files changed against the merge base with the default branch, or against REF', () => {
    const dir = temps.create({ 'src/old.ts': VULNERABLE, 'src/edited.ts': CLEAN, 'src/same.ts': VULNERABLE }, { git: false });
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
    git(dir, 'checkout', '-qb', 'feature');
    writeFileSync(path.join(dir, 'src/edited.ts'), VULNERABLE);
    git(dir, 'commit', '-qam', 'edit');
    writeFileSync(path.join(dir, 'src/untracked.ts'), VULNERABLE);
    // main moves on after the branch point: its changes are not ours.
    git(dir, 'checkout', '-q', 'main');
    writeFileSync(path.join(dir, 'src/main-only.ts'), VULNERABLE);
    git(dir, 'add', 'src/main-only.ts');
    git(dir, 'commit', '-qm', 'main moves');
    git(dir, 'checkout', '-q', 'feature');

    const files = (args: string[]) => [...new Set((JSON.parse(runCli(['--format', 'json', ...args], { cwd: dir }).stdout) as JsonReport).findings.map((f) => f.location.file))].sort();
    expect(files([])).toEqual(['src/edited.ts', 'src/old.ts', 'src/same.ts', 'src/untracked.ts']);
    expect(files(['--changed'])).toEqual(['src/edited.ts', 'src/untracked.ts']);
    expect(files(['--changed=HEAD'])).toEqual(['src/untracked.ts']);
    expect(files(['--changed', 'HEAD', 'src'])).toEqual(['src/untracked.ts']);
    const bad = runCli(['--changed=no-such-ref'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown git ref "no-such-ref"');
  });
});
