import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { findConfigFile, loadConfig, loadIgnoreFile, rebasePatterns } from '../src/config/config.js';
import { ConfigError, validateConfig } from '../src/config/validate.js';
import { REPO_ROOT, runCli } from './helpers/run-cli.js';
import { CLEAN, TempProjects, VULNERABLE } from './helpers/temp-project.js';

const temps = new TempProjects();
afterAll(() => temps.cleanup());
const descriptors = allRules.map((r) => r.meta.descriptor);
const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'src/config/jwtlint.schema.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
const schemaValidates = ajv.compile(schema);

const TOLERANT = [
  "import jwt from 'jsonwebtoken';",
  "export const check = (t: string) => jwt.verify(t, process.env.KEY!, { algorithms: ['RS256'], audience: 'a', issuer: 'i', clockTolerance: 600 });",
  '',
].join('\n');

interface JsonReport {
  findings: { ruleId: string; level: string; location: { file: string; line: number } }[];
}
const json = (stdout: string) => JSON.parse(stdout) as JsonReport;

describe('configuration: validation', () => {
  it('accepts levels, options, ignore and includeTests, and the schema agrees', () => {
    const raw = {
      $schema: './node_modules/jwtlint/src/config/jwtlint.schema.json',
      rules: { 'verify-without-algorithms': 'warning', 'expiration-not-enforced': { level: 'error', options: { maxClockToleranceSeconds: 900 } }, 'token-in-log': 'off' },
      ignore: ['generated/**'],
      includeTests: true,
    };
    const config = validateConfig(raw, descriptors, 'jwtlint.config.json');
    expect(config.rules['verify-without-algorithms']).toEqual({ level: 'warning', options: {} });
    expect(config.rules['expiration-not-enforced']).toEqual({ level: 'error', options: { maxClockToleranceSeconds: 900 } });
    expect(config.ignore).toEqual(['generated/**']);
    expect(config.includeTests).toBe(true);
    expect(schemaValidates(raw)).toBe(true);
  });

  it.each([
    [{ rules: { 'verify-without-algorithms': 'fatal' } }, 'rules.verify-without-algorithms', 'invalid level "fatal"; valid: off, note, warning, error'],
    [{ rules: { 'no-such-rule': 'off' } }, 'rules.no-such-rule', 'unknown rule id "no-such-rule"; valid: '],
    [{ rules: { 'verify-without-algorithms': { options: { nope: 1 } } } }, 'rules.verify-without-algorithms.options.nope', 'unknown option "nope"'],
    [
      { rules: { 'expiration-not-enforced': { options: { maxClockToleranceSeconds: '5m' } } } },
      'rules.expiration-not-enforced.options.maxClockToleranceSeconds',
      'expected a number, got string "5m"',
    ],
    [{ rules: { 'expiration-not-enforced': { severity: 'error' } } }, 'rules.expiration-not-enforced.severity', 'unknown key "severity"; valid: level, options'],
    [{ ignores: [] }, 'ignores', 'unknown key "ignores"; valid: $schema, rules, ignore, includeTests'],
    [{ ignore: 'dist' }, 'ignore', 'expected an array'],
    [{ includeTests: 'yes' }, 'includeTests', 'expected true or false, got string "yes"'],
    [{ rules: { 'token-in-log': 5 } }, 'rules.token-in-log', 'expected a level (off, note, warning, error) or an object { "level", "options" }, got number 5'],
    [{ rules: { 'token-in-log': { level: 'loud' } } }, 'rules.token-in-log.level', 'invalid level "loud"; valid: off, note, warning, error'],
    [{ rules: { 'token-over-http': { options: { allowedHosts: 'a.test' } } } }, 'rules.token-over-http.options.allowedHosts', 'expected an array of strings, got string "a.test"'],
    [{ rules: { 'token-over-http': { options: { allowedHosts: ['a.test', 3] } } } }, 'rules.token-over-http.options.allowedHosts[1]', 'expected a string, got number 3'],
    [{ rules: [] }, 'rules', 'expected an object, got an array'],
    [{ ignore: ['ok/**', '  '] }, 'ignore[1]', 'expected a non-blank string, got string "  "'],
    [[], '(top level)', 'expected an object, got an array'],
    [{ rules: { 'token-in-log': { options: { x: 1 } } } }, 'rules.token-in-log.options.x', 'unknown option "x"; rule token-in-log has no options'],
  ])('rejects %j naming the key and the valid choices (and so does the schema where it can)', (raw, key, problem) => {
    let error: unknown;
    try {
      validateConfig(raw, descriptors, 'cfg.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`invalid configuration in cfg.json: ${key}: ${problem}`);
    // The schema file is generic over rule ids and options (validateConfig narrows it to the rules at run time).
    if (!key.includes('no-such-rule') && !key.includes('options.')) expect(schemaValidates(raw)).toBe(false);
  });

  it('re-bases ignore patterns written relative to a subdirectory', () => {
    expect(rebasePatterns(['gen/', '/top.ts', 'a/b.ts', '!keep.ts'], '/r/pkg', '/r')).toEqual(['pkg/**/gen/', 'pkg/top.ts', 'pkg/a/b.ts', '!pkg/**/keep.ts']);
    expect(rebasePatterns(['gen/'], '/r', '/r')).toEqual(['gen/']);
  });
});

describe('configuration: discovery', () => {
  it('finds jwtlint.config.json, .jwtlintrc.json and the package.json key upwards, nearest first', () => {
    const dir = temps.create({
      'package.json': JSON.stringify({ name: 'x', jwtlint: { includeTests: true } }),
      'a/.jwtlintrc.json': '{}',
      'a/b/c/file.ts': '',
      'd/e/file.ts': '',
    });
    expect(findConfigFile(path.join(dir, 'a/b/c'))).toEqual({ file: path.join(dir, 'a/.jwtlintrc.json'), fromPackageJson: false });
    expect(findConfigFile(path.join(dir, 'd/e'))).toEqual({ file: path.join(dir, 'package.json'), fromPackageJson: true });
    const loaded = loadConfig({ cwd: dir, startDir: path.join(dir, 'd/e'), rules: descriptors });
    expect(loaded.config.includeTests).toBe(true);
    writeFileSync(path.join(dir, 'a/jwtlint.config.json'), '{}');
    expect(() => findConfigFile(path.join(dir, 'a/b'))).toThrow(/two configuration files/);
  });

  it('reads the nearest .jwtlintignore', () => {
    const dir = temps.create({ '.jwtlintignore': '# comment\n\ngenerated/\n', 'src/x.ts': '' });
    expect(loadIgnoreFile(path.join(dir, 'src'))).toEqual({ file: path.join(dir, '.jwtlintignore'), baseDir: dir, patterns: ['generated/'] });
  });
});

describe('configuration: CLI', { timeout: 60_000 }, () => {
  it('an invalid configuration exits 2 naming the file, the key and the valid choices', () => {
    const dir = temps.create({ 'jwtlint.config.json': JSON.stringify({ rules: { 'verify-without-algorithms': 'fatal' } }), 'src/a.ts': VULNERABLE });
    const r = runCli(['--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('invalid configuration in jwtlint.config.json: rules.verify-without-algorithms: invalid level "fatal"; valid: off, note, warning, error');
  });

  it('an unknown rule id or option exits 2; invalid JSON names the file; JSON only', () => {
    const unknownRule = temps.create({ '.jwtlintrc.json': JSON.stringify({ rules: { 'verify-without-algorithm': 'off' } }), 'src/a.ts': VULNERABLE });
    const r1 = runCli([], { cwd: unknownRule });
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/\.jwtlintrc\.json: rules\.verify-without-algorithm: unknown rule id "verify-without-algorithm"; valid: .*verify-without-algorithms/);
    const unknownOption = temps.create({ 'package.json': JSON.stringify({ jwtlint: { rules: { 'token-over-http': { options: { hosts: [] } } } } }), 'src/a.ts': VULNERABLE });
    const r2 = runCli([], { cwd: unknownOption });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('invalid configuration in package.json: jwtlint.rules.token-over-http.options.hosts: unknown option "hosts"; valid: allowedHosts');
    const broken = temps.create({ 'jwtlint.config.json': '{ rules: {} }', 'src/a.ts': VULNERABLE });
    const r3 = runCli([], { cwd: broken });
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/invalid configuration in jwtlint\.config\.json: not valid JSON/);
  });

  it('rules can be switched off or given another level; options reach the rule', () => {
    const base = { 'src/a.ts': VULNERABLE, 'src/b.ts': TOLERANT };
    const none = temps.create(base);
    const before = json(runCli(['--format', 'json'], { cwd: none }).stdout).findings;
    expect(before.some((f) => f.ruleId === 'verify-without-algorithms' && f.level === 'error')).toBe(true);
    expect(before.some((f) => f.ruleId === 'expiration-not-enforced' && f.location.file === 'src/b.ts')).toBe(true);

    const configured = temps.create({
      ...base,
      'jwtlint.config.json': JSON.stringify({
        rules: { 'verify-without-algorithms': 'note', 'expiration-not-enforced': { options: { maxClockToleranceSeconds: 900 } }, 'missing-audience-or-issuer': 'off' },
      }),
    });
    const r = runCli(['--format', 'json'], { cwd: configured });
    const after = json(r.stdout).findings;
    expect(after.filter((f) => f.ruleId === 'verify-without-algorithms').map((f) => f.level)).toEqual(['note']);
    expect(after.some((f) => f.ruleId === 'expiration-not-enforced')).toBe(false);
    expect(after.some((f) => f.ruleId === 'missing-audience-or-issuer')).toBe(false);
    expect(r.code).toBe(0); // only notes left
    const sarif = JSON.parse(runCli(['--format', 'sarif'], { cwd: configured }).stdout) as { runs: { tool: { driver: { rules: { id: string }[] } } }[] };
    expect(sarif.runs[0].tool.driver.rules.map((x) => x.id)).not.toContain('missing-audience-or-issuer');
  });

  it('--config FILE overrides discovery', () => {
    const dir = temps.create({ 'jwtlint.config.json': '{}', 'other.json': JSON.stringify({ rules: { 'verify-without-algorithms': 'off' } }), 'src/a.ts': VULNERABLE });
    expect(json(runCli(['--format', 'json'], { cwd: dir }).stdout).findings.some((f) => f.ruleId === 'verify-without-algorithms')).toBe(true);
    const r = runCli(['--format', 'json', '--config', 'other.json'], { cwd: dir });
    expect(json(r.stdout).findings.some((f) => f.ruleId === 'verify-without-algorithms')).toBe(false);
    const missing = runCli(['--config', 'nope.json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('configuration file not found: nope.json');
  });

  it('is discovered from the scanned directory upwards (a subpackage config applies to its files)', () => {
    const dir = temps.create({ 'pkg/jwtlint.config.json': JSON.stringify({ rules: { 'verify-without-algorithms': 'off' } }), 'pkg/src/a.ts': VULNERABLE, 'src/a.ts': VULNERABLE });
    expect(json(runCli(['--format', 'json', 'pkg'], { cwd: dir }).stdout).findings.some((f) => f.ruleId === 'verify-without-algorithms')).toBe(false);
    expect(json(runCli(['--format', 'json', 'src'], { cwd: dir }).stdout).findings.some((f) => f.ruleId === 'verify-without-algorithms')).toBe(true);
  });

  it('honours ignore patterns, .jwtlintignore and includeTests', () => {
    const dir = temps.create({
      'jwtlint.config.json': JSON.stringify({ ignore: ['generated/'], includeTests: true }),
      '.jwtlintignore': 'legacy/**\n',
      'generated/a.ts': VULNERABLE,
      'legacy/b.ts': VULNERABLE,
      'src/c.test.ts': VULNERABLE,
      'src/d.ts': CLEAN,
    });
    const files = new Set(json(runCli(['--format', 'json'], { cwd: dir }).stdout).findings.map((f) => f.location.file));
    expect([...files]).toEqual(['src/c.test.ts']);
  });
});
