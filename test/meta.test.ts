/**
 * Every rule's metadata is complete and true (DESIGN.md §4): it drives the CLI, SARIF, the docs pages and
 * these tests. Each rule's bad example is reported by the rule and its good example is not, when scanned
 * with every rule as a real project; and each rule has fixtures with positives and near misses.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import type { Rule } from '../src/engine/ruleApi.js';
import { scanFiles } from '../src/engine/scan.js';
import type { RuleExample } from '../src/report/types.js';
import { parseAnnotations } from './helpers/annotations.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const rulesDir = path.join(repoRoot, 'rules');
const fixturesDir = path.join(repoRoot, 'fixtures');
const KEBAB = /^[a-z]+(-[a-z]+)*$/;
const LEVELS = ['error', 'warning', 'note'];
const PRECISIONS = ['very-high', 'high', 'medium', 'low'];
const OPTION_TYPES = ['number', 'boolean', 'string', 'string[]'];
const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

const ruleFileIds = readdirSync(rulesDir)
  .filter((name) => name.endsWith('.ts') && name !== 'index.ts' && !name.endsWith('.d.ts'))
  .map((name) => name.slice(0, -'.ts'.length))
  .sort();

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Scans an example as a one-file project with every rule (plus this one, if rules/index.ts does not list it yet). A manifest example (package.json) needs a source
 * file beside it, as in a real project: manifests are found from the scanned files.
 */
function scanExample(rule: Rule, which: 'bad' | 'good', example: RuleExample) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `jwtlint-example-${rule.meta.id}-${which}-`));
  tempDirs.push(dir);
  const fileName = example.fileName ?? 'example.ts';
  const target = path.join(dir, fileName);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, example.code);
  const files = [target];
  if (!SOURCE.test(fileName)) {
    // Not a source file (package.json): scan a source file beside it, which the manifest governs.
    const companion = path.join(path.dirname(target), 'index.js');
    writeFileSync(companion, 'module.exports = {};\n');
    files.splice(0, 1, companion);
  }
  const rules = allRules.includes(rule) ? allRules : [...allRules, rule];
  return scanFiles({ root: dir, files, rules });
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

const nonEmpty = (value: unknown): boolean => typeof value === 'string' && value.trim().length > 0;

describe('rule list', () => {
  it('rules/index.ts lists every rule file, sorted by id, each once', () => {
    const ids = allRules.map((rule) => rule.meta.id);
    expect(new Set(ids).size, `duplicate ids in rules/index.ts: ${ids.join(', ')}`).toBe(ids.length);
    expect(ids, 'rules/index.ts must be sorted by id').toEqual([...ids].sort());
    expect([...ids].sort(), 'rules/index.ts must list exactly the files under rules/').toEqual(ruleFileIds);
  });
});

describe.each(ruleFileIds)('%s', (fileId) => {
  // The rule as its own file exports it, so its meta is checked even before rules/index.ts lists it.
  let rule: Rule;
  beforeAll(async () => {
    const module = (await import(/* @vite-ignore */ pathToFileURL(path.join(rulesDir, `${fileId}.ts`)).href)) as { default?: Rule };
    if (!module.default) throw new Error(`rules/${fileId}.ts must default-export its rule`);
    rule = module.default;
  });

  it('id is kebab-case, equals its file name, and rules/index.ts lists the rule', () => {
    expect(rule.meta.id).toBe(fileId);
    expect(fileId).toMatch(KEBAB);
    expect(
      allRules.find((candidate) => candidate.meta.id === fileId),
      `rules/${fileId}.ts is not listed in rules/index.ts`,
    ).toBe(rule);
  });

  it('meta is complete', () => {
    const meta = rule.meta;
    for (const field of ['title', 'description', 'rationale', 'remediation'] as const) expect(nonEmpty(meta[field]), `meta.${field} is empty`).toBe(true);
    expect(meta.title.trim()).toBe(meta.title);
    expect(LEVELS).toContain(meta.level);
    expect(PRECISIONS).toContain(meta.precision);
    expect(meta.securitySeverity).toBeGreaterThan(0);
    expect(meta.securitySeverity).toBeLessThanOrEqual(10);
    expect(meta.cwe.length, 'at least one CWE').toBeGreaterThan(0);
    for (const cwe of meta.cwe) expect(Number.isInteger(cwe) && cwe > 0, `CWE ${cwe} is not a positive integer`).toBe(true);
    expect(new Set(meta.cwe).size).toBe(meta.cwe.length);
    expect(meta.references.length, 'at least one reference').toBeGreaterThan(0);
    for (const reference of meta.references) expect(reference).toMatch(/^https:\/\/\S+$/);
    expect(meta.descriptor.helpUri).toBe(`docs/rules/${meta.id}.md`);
  });

  it('messages are non-empty', () => {
    const messages = Object.entries(rule.meta.messages);
    expect(messages.length, 'at least one message').toBeGreaterThan(0);
    for (const [id, template] of messages) {
      expect(id).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
      expect(nonEmpty(template), `message ${id} is empty`).toBe(true);
    }
  });

  it('every option has a type, a default of that type and a description', () => {
    for (const [name, option] of Object.entries(rule.meta.options ?? {})) {
      expect(name).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(OPTION_TYPES, `option ${name}: type`).toContain(option.type);
      expect(option.default, `option ${name}: default`).toBeDefined();
      const matches =
        option.type === 'string[]'
          ? Array.isArray(option.default) && option.default.every((item) => typeof item === 'string')
          : typeof option.default === option.type && !(option.type === 'number' && !Number.isFinite(option.default));
      expect(matches, `option ${name}: default ${JSON.stringify(option.default)} is not a ${option.type}`).toBe(true);
      expect(nonEmpty(option.description), `option ${name}: description`).toBe(true);
    }
  });

  it('the bad example is reported by this rule', () => {
    const report = scanExample(rule, 'bad', rule.meta.examples.bad);
    expect(report.notifications.filter((n) => n.kind === 'rule-error' || n.kind === 'parse-error').map((n) => n.message)).toEqual([]);
    expect(report.findings.filter((f) => f.ruleId === fileId).length, 'bad example: no finding of this rule').toBeGreaterThan(0);
  });

  it('the good example is not reported by this rule', () => {
    const report = scanExample(rule, 'good', rule.meta.examples.good);
    expect(report.notifications.filter((n) => n.kind === 'rule-error' || n.kind === 'parse-error').map((n) => n.message)).toEqual([]);
    expect(report.findings.filter((f) => f.ruleId === fileId).map((f) => `${f.location.line}: ${f.message}`)).toEqual([]);
  });

  it(`has fixtures/${fileId}/ with positives (\`// expect\`) and near misses (\`// ok\`)`, () => {
    const dir = path.join(fixturesDir, fileId);
    expect(existsSync(dir), `fixtures/${fileId}/ does not exist`).toBe(true);
    // Any file counts: manifest fixtures (package.json) carry their annotations their own way.
    const annotations = listFiles(dir)
      .flatMap((file) => parseAnnotations(readFileSync(file, 'utf8')))
      .filter((annotation) => annotation.ruleId === fileId);
    let positives = annotations.some((a) => a.kind === 'expect');
    if (!positives && rule.createProject) {
      // A manifest rule reports in package.json, which cannot carry a `//` annotation: its positives are
      // the findings this rule reports in the fixture's manifests.
      const sources = listFiles(dir).filter((file) => SOURCE.test(file));
      const report = scanFiles({ root: dir, files: sources, rules: allRules.includes(rule) ? allRules : [...allRules, rule] });
      positives = report.findings.some((f) => f.ruleId === fileId && path.posix.basename(f.location.file) === 'package.json');
    }
    expect(positives, `no "// expect: ${fileId}" under fixtures/${fileId}/${rule.createProject ? ' and no finding in its package.json files' : ''}`).toBe(true);
    expect(
      annotations.some((a) => a.kind === 'ok'),
      `no "// ok: ${fileId}" under fixtures/${fileId}/`,
    ).toBe(true);
  });
});
