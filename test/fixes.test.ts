/**
 * Fixes as data: every fixture with a `<name>.fixed` sibling is scanned alone, all its findings' fixes are
 * applied, and the result must equal the `.fixed` text exactly, parse without syntax errors, and scan again with
 * exactly the fixed findings gone (no new finding of any rule). Every other fixture file whose findings carry fixes
 * is fixed the same way and must parse with its fixed findings gone. Plus --fix and --fix-dry-run end to end.
 */
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { afterAll, describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { applyFixes, fixesByFile } from '../src/engine/apply-fixes.js';
import { SOURCE_EXTENSIONS } from '../src/discovery/index.js';
import { scanFiles } from '../src/engine/scan.js';
import { parseSource } from '../src/parsing/parse.js';
import { runCli } from './helpers/run-cli.js';
import { TempProjects } from './helpers/temp-project.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const fixturesRoot = path.join(repoRoot, 'fixtures');
const fixedFiles = fg.sync('**/*.fixed', { cwd: fixturesRoot }).sort();

/** A fixture file alone, or every file of its multi-file case (a folder under the rule's folder). */
function scanSet(source: string): string[] {
  const parts = source.split('/');
  if (parts.length === 2) return [path.join(fixturesRoot, source)];
  return fg.sync('**/*.{ts,tsx,js,mjs,cjs}', { cwd: path.join(fixturesRoot, parts[0], parts[1]), absolute: true }).sort();
}

function ruleCounts(findings: readonly { ruleId: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.ruleId] = (counts[f.ruleId] ?? 0) + 1;
  return counts;
}

describe('fix fixtures', () => {
  it('exist for every rule that offers fixes', () => {
    const dirs = new Set(fixedFiles.map((f) => f.split('/')[0]));
    expect([...dirs].sort()).toEqual(['expiration-not-enforced', 'insecure-token-cookie', 'verify-without-algorithms']);
  });

  for (const fixed of fixedFiles) {
    const source = fixed.replace(/\.fixed$/, '');
    it(source, () => {
      const { after, applied, offered } = checkFixes(source);
      expect(applied).toBe(offered); // no fix overlaps another in a fixture
      expect(after).toBe(readFileSync(path.join(fixturesRoot, fixed), 'utf8'));
    });
  }
});

describe('every fix the fixtures offer', () => {
  // one scan of all fixtures finds the files with fixes; each is then fixed and scanned again with its case
  const sources = fg.sync(`**/*.{${SOURCE_EXTENSIONS.map((extension) => extension.slice(1)).join(',')}}`, { cwd: fixturesRoot, absolute: true }).sort();
  const withFixes = fixesByFile(scanFiles({ root: fixturesRoot, files: sources, rules: allRules }).findings);
  it('are offered somewhere', () => expect(withFixes.length).toBeGreaterThan(fixedFiles.length));
  for (const { file } of withFixes.filter((entry) => !fixedFiles.includes(`${entry.file}.fixed`))) {
    // with every fixture of its rule: a fix in a shared module belongs to an operation in the fixture that uses it
    const ruleFiles = sources.filter((source) => source.startsWith(path.join(fixturesRoot, file.split('/')[0], path.sep)));
    it(`${file}: parses after the fix, its findings gone`, () => {
      expect(checkFixes(file, ruleFiles).applied).toBeGreaterThan(0);
    });
  }
});

/**
 * Scans a fixture with its case, applies every fix of its findings and checks that the text parses and that a new
 * scan finds exactly the fixed findings gone (no new finding of any rule).
 */
function checkFixes(source: string, files = scanSet(source)): { after: string; applied: number; offered: number } {
  const abs = path.join(fixturesRoot, source);
  const before = readFileSync(abs, 'utf8');
  const first = scanFiles({ root: fixturesRoot, files, rules: allRules });
  const fileFixes = fixesByFile(first.findings).find((entry) => entry.file === source)!;
  expect(fileFixes?.file).toBe(source);
  const { text: after, applied } = applyFixes(before, fileFixes.fixes);
  const parsed = parseSource(abs, after).sourceFile as unknown as { parseDiagnostics: unknown[] };
  expect(parsed.parseDiagnostics).toEqual([]);
  const second = scanFiles({ root: fixturesRoot, files, rules: allRules, sources: new Map([[abs, Buffer.from(after)]]) });
  expect(ruleCounts(second.findings)).toEqual(ruleCounts(first.findings.filter((f) => !applied.includes(f))));
  return { after, applied: applied.length, offered: fileFixes.fixes.length };
}

describe('--fix and --fix-dry-run on the bundled example app', () => {
  const projects = new TempProjects();
  afterAll(() => projects.cleanup());

  it('prints a unified diff and changes nothing with --fix-dry-run; fixes in place with --fix', () => {
    const root = projects.create({});
    cpSync(path.join(repoRoot, 'examples', 'vulnerable-app'), root, { recursive: true });
    const files = fg.sync('**/*.{ts,js}', { cwd: root, ignore: ['node_modules/**'] }).sort();
    const texts = () => files.map((f) => readFileSync(path.join(root, f), 'utf8'));
    const original = texts();
    const count = (args: string[]) => (JSON.parse(runCli(['.', '--format', 'json', ...args], { cwd: root }).stdout) as { findings: unknown[] }).findings.length;
    const before = count([]);

    const dry = runCli(['.', '--fix-dry-run'], { cwd: root });
    expect(dry.stdout).toMatch(/^-{0,3}=*\n?--- a\/|^={3,}\n--- a\//m);
    expect(dry.stdout).toMatch(/^\+.*httpOnly: true/m);
    expect(texts()).toEqual(original);

    const fix = runCli(['.', '--fix', '--format', 'json'], { cwd: root });
    expect(fix.stderr).toMatch(/^jwtlint: fixed [1-9]\d* findings? in [1-9]\d* files?$/m);
    const remaining = (JSON.parse(fix.stdout) as { findings: unknown[] }).findings.length;
    expect(remaining).toBeLessThan(before);
    expect(count([])).toBe(remaining); // what --fix reports is what a new scan finds
    for (const [i, text] of texts().entries()) {
      const parsed = parseSource(files[i], text).sourceFile as unknown as { parseDiagnostics: unknown[] };
      expect(parsed.parseDiagnostics).toEqual([]);
    }
  }, 60_000);
});
