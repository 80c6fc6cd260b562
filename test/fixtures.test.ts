import { readFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { scanFiles } from '../src/engine/scan.js';
import { SOURCE_EXTENSIONS } from '../src/discovery/index.js';
import { checkAnnotations, parseAnnotations, type FoundFinding } from './helpers/annotations.js';

const fixturesRoot = path.resolve(import.meta.dirname, '..', 'fixtures');
const SOURCE = `**/*.{${SOURCE_EXTENSIONS.map((extension) => extension.slice(1)).join(',')}}`;
const knownRules = new Map(allRules.map((rule) => [rule.meta.id, new Set(Object.keys(rule.meta.messages))]));

/**
 * All fixtures are scanned as one project (multi-file cases import each other by relative path), with every
 * rule on. Each file's findings must match its inline annotations exactly.
 */
const files = fg.sync(SOURCE, { cwd: fixturesRoot, absolute: true }).sort();
const report = scanFiles({ root: fixturesRoot, files, rules: allRules });
const byFile = new Map<string, FoundFinding[]>();
for (const finding of report.findings) {
  const list = byFile.get(finding.location.file) ?? [];
  list.push({ ruleId: finding.ruleId, file: finding.location.file, line: finding.location.line, level: finding.level, messageId: finding.messageId });
  byFile.set(finding.location.file, list);
}

describe('fixtures', () => {
  it('finds fixture files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('scans every fixture without engine or rule errors', () => {
    const problems = report.notifications.filter((n) => n.kind === 'rule-error' || n.fileSkipped);
    expect(problems.map((n) => n.message)).toEqual([]);
  });

  it('names where a URL token is: the path of a dynamic route segment, the query string otherwise', () => {
    const messages = report.findings.filter((f) => f.location.file === 'token-in-url/next-dynamic-route/pages/api/deploy/[refreshToken].ts').map((f) => f.message);
    expect(messages).toEqual([expect.stringContaining('read from the URL path (query.refreshToken)'), expect.stringContaining('read from the query string (query.access_token)')]);
  });

  it('reports findings in files that cannot hold annotations (JSON modules) exactly where expected', () => {
    const expected: Record<string, string[]> = {
      'hardcoded-secret/json-config/config.json': ['hardcoded-secret@3'],
      'hardcoded-secret/json-config/refresh.json': ['hardcoded-secret@1'],
      'hardcoded-secret/rooted-requires/config.json': ['hardcoded-secret@2'],
    };
    const sources = new Set(files.map((file) => path.relative(fixturesRoot, file).split(path.sep).join('/')));
    const found: Record<string, string[]> = {};
    // package manifests are checked by the vulnerable-library tests
    for (const [file, findings] of byFile) if (!sources.has(file) && path.basename(file) !== 'package.json') found[file] = findings.map((f) => `${f.ruleId}@${f.line}`);
    expect(found).toEqual(expected);
  });

  for (const absolute of files) {
    const relative = path.relative(fixturesRoot, absolute).split(path.sep).join('/');
    it(relative, () => {
      const annotations = parseAnnotations(readFileSync(absolute, 'utf8'));
      const problems = checkAnnotations(relative, annotations, byFile.get(relative) ?? [], knownRules);
      expect(problems).toEqual([]);
    });
  }
});
