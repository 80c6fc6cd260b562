/**
 * vulnerable-library reports in package.json, which the fixture harness does not read annotations from:
 * this test asserts its exact findings on fixtures/vulnerable-library/, the advisory data and the semver
 * checker it relies on.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { scanFiles } from '../src/engine/scan.js';
import { matchAdvisories, minVersion, formatVersion, parseRange, resolvesToAffected, satisfies } from '../src/facts/semver.js';
import { advisories } from '../src/models/advisories.js';
import { readLockGraph } from '../src/facts/lockfiles.js';

const root = path.resolve(import.meta.dirname, '..', 'fixtures', 'vulnerable-library');

describe('vulnerable-library on fixtures/vulnerable-library', () => {
  const files = fg.sync('**/*.{ts,js}', { cwd: root, absolute: true }).sort();
  const report = scanFiles({ root, files, rules: allRules });
  const findings = report.findings.filter((finding) => finding.ruleId === 'vulnerable-library');

  it('runs without errors', () => {
    expect(report.notifications.filter((n) => n.kind === 'rule-error' || n.kind === 'unreadable').map((n) => n.message)).toEqual([]);
  });

  it('reports exactly the affected dependencies, at their line in package.json and at the right level', () => {
    expect(findings.map((f) => `${f.location.file}:${f.location.line}:${f.location.column} ${f.level}`).sort()).toEqual([
      'dev-shipped/package.json:5:5 error', // jsonwebtoken ^8.5.1: a devDependency that application code imports (bundled)
      'dev-shipped/package.json:6:5 note', // jws 3.2.1: a devDependency only test code imports
      'hono-feature/package.json:5:5 error', // hono 4.11.3 with hono/jwt imported
      'locked/package.json:5:5 note', // hono ^4.0.0 locked at 4.11.3, neither affected middleware imported
      'npm-transitive/package.json:6:5 error', // koa-jwt 3.6.0 → nested jsonwebtoken 8.5.1
      'pnpm-workspace/packages/api/package.json:6:5 note', // express-jwt → jsonwebtoken 9.0.2 → jws 3.2.2, createVerify not used
      'pnpm-workspace/packages/api/package.json:8:5 error', // passport-jwt 4.0.0 → jsonwebtoken 8.5.1 (root lock file)
      'range-only/package.json:13:5 note', // express-jwt 5.3.3 (devDependencies, not imported)
      'range-only/package.json:14:5 note', // fast-jwt >=3.3.2 <7 (devDependencies, not imported)
      'range-only/package.json:6:5 error', // fast-jwt ^6.2.0 admits 6.2.0, affected by GHSA-ww5h-9m49-7xx4 among others
      'range-only/package.json:8:5 error', // jsonwebtoken ^8.5.1
      'range-only/package.json:9:5 note', // jws ~3.2.2: createVerify is not used (jws not imported)
      'yarn-berry/package.json:6:5 error', // passport-jwt → jsonwebtoken 8.5.1 (yarn berry)
      'yarn-berry/package.json:7:5 note', // hono 4.10.2 without its JWT middleware
      'yarn-classic/package.json:5:5 error', // express-jwt 6.1.2 → jsonwebtoken 8.5.1 (yarn 1)
    ]);
  });

  it('names the advisories, the version checked, the chain and the fix', () => {
    const at = (file: string, line: number, level = 'error') => findings.find((f) => f.location.file === file && f.location.line === line && f.level === level)!.message;
    expect(at('range-only/package.json', 8)).toContain('CVE-2022-23540');
    expect(at('range-only/package.json', 8)).toContain('jsonwebtoken 8.5.1 (lowest version allowed by "^8.5.1")');
    expect(at('range-only/package.json', 8)).toContain('Upgrade to 9.0.0 or later');
    expect(at('range-only/package.json', 6)).toContain('GHSA-ww5h-9m49-7xx4');
    expect(at('range-only/package.json', 13, 'note')).toContain('express-jwt 5.3.3 (pinned in package.json)');
    expect(at('range-only/package.json', 13, 'note')).toContain('devDependency that no scanned application code imports');
    expect(at('range-only/package.json', 14, 'note')).toContain('Upgrade to 6.3.1 or later');
    expect(at('locked/package.json', 5, 'note')).toContain('hono 4.11.3 (locked in locked/package-lock.json)');
    expect(at('locked/package.json', 5, 'note')).toContain('which no scanned file imports');
    expect(at('hono-feature/package.json', 5)).toContain('GHSA-f67f-6cw9-8mq4 in the JWT middleware (hono/jwt), which hono-feature/app.ts uses');
    expect(at('hono-feature/package.json', 5)).not.toContain('GHSA-3vhc-576x-3qv4');
    expect(at('npm-transitive/package.json', 6)).toContain('jsonwebtoken 8.5.1 (locked in npm-transitive/package-lock.json, pulled in by koa-jwt)');
    expect(at('npm-transitive/package.json', 6)).toContain('Upgrade koa-jwt to a version that depends on jsonwebtoken 9.0.0 or later, or override jsonwebtoken');
    expect(at('pnpm-workspace/packages/api/package.json', 8)).toContain('(locked in pnpm-workspace/pnpm-lock.yaml, pulled in by passport-jwt)');
    expect(at('yarn-classic/package.json', 5)).toContain('(locked in yarn-classic/yarn.lock, pulled in by express-jwt)');
    expect(at('yarn-berry/package.json', 6)).toContain('jsonwebtoken 8.5.1 (locked in yarn-berry/yarn.lock, pulled in by passport-jwt)');
  });

  it('trusts the lock file over the range: jws ^4.0.0 locked at 4.0.1 and jsonwebtoken >=8.5.1 locked at 9.0.2 are fine', () => {
    expect(findings.filter((f) => f.location.file === 'locked/package.json' && f.location.line !== 5)).toEqual([]);
  });

  it('reads the dependency of a workspace package from the lock file at the workspace root, and ignores what a dev-only tool pulls in', () => {
    // mock-jwt-kit (devDependencies, a test tool) locks jsonwebtoken 8.5.1: tooling, not reported
    expect(findings.filter((f) => f.location.file === 'pnpm-workspace/packages/api/package.json' && f.location.line === 11)).toEqual([]);
    expect(findings.filter((f) => f.location.file.startsWith('pnpm-workspace/packages/tools/'))).toEqual([]);
  });

  it('does not report peer ranges or versions it cannot determine', () => {
    expect(findings.filter((f) => f.location.file === 'unresolvable/package.json')).toEqual([]);
    expect(findings.filter((f) => f.location.file === 'range-only/package.json' && f.location.line === 17)).toEqual([]);
  });
});

describe('advisory table', () => {
  it('every entry has source ids, a parseable range, and fixed versions outside it', () => {
    for (const advisory of advisories) {
      expect(advisory.ghsa).toMatch(/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/);
      if (advisory.cve) expect(advisory.cve).toMatch(/^CVE-\d{4}-\d{4,}$/);
      expect(advisory.url).toMatch(/^https:\/\//);
      expect(parseRange(advisory.affected), advisory.ghsa).toBeDefined();
      expect(advisory.fixed.length).toBeGreaterThan(0);
      for (const fixed of advisory.fixed) expect(satisfies(fixed, advisory.affected), `${advisory.ghsa}: ${fixed}`).toBe(false);
    }
  });

  it('matches the ranges stated by the advisories', () => {
    const affected = (name: string, version: string) => matchAdvisories({ name, range: version })?.advisories.map((a) => a.cve ?? a.ghsa) ?? [];
    expect(affected('jsonwebtoken', '8.5.1')).toEqual(['CVE-2022-23540', 'CVE-2022-23541']);
    expect(affected('jsonwebtoken', '9.0.0')).toEqual([]);
    expect(affected('express-jwt', '5.3.3')).toEqual(['CVE-2020-15084']);
    expect(affected('express-jwt', '6.0.0')).toEqual([]);
    expect(affected('fast-jwt', '3.3.1')).toEqual(['CVE-2023-48223', 'CVE-2026-34950', 'CVE-2026-44351', 'CVE-2026-107720']);
    expect(affected('fast-jwt', '6.2.0')).toEqual(['CVE-2026-44351', 'CVE-2026-107722', 'CVE-2026-107720']);
    expect(affected('fast-jwt', '6.2.4')).toEqual(['CVE-2026-107722', 'CVE-2026-107724', 'CVE-2026-107720']);
    expect(affected('fast-jwt', '6.3.0')).toEqual(['CVE-2026-107720']);
    expect(affected('fast-jwt', '6.3.1')).toEqual([]);
    expect(affected('hono', '4.11.3')).toEqual(['CVE-2026-22817', 'CVE-2026-22818']);
    expect(affected('hono', '4.11.4')).toEqual([]);
    expect(affected('jws', '3.2.2')).toEqual(['CVE-2025-65945']);
    expect(affected('jws', '4.0.0')).toEqual(['CVE-2025-65945']);
    expect(affected('jws', '3.2.3')).toEqual([]);
    expect(affected('jws', '4.0.1')).toEqual([]);
    expect(affected('jwt-simple', '0.3.0')).toEqual(['CVE-2016-10555', 'GHSA-8v5f-hp78-jgxq']);
    expect(affected('jwt-simple', '0.5.2')).toEqual(['GHSA-8v5f-hp78-jgxq']);
    expect(affected('jwt-simple', '0.5.3')).toEqual([]);
    expect(affected('jose', '1.0.0')).toEqual([]);
    expect(affected('next-auth', '4.24.4')).toEqual(['CVE-2023-48309']);
    expect(affected('next-auth', '4.24.5')).toEqual([]);
    expect(affected('next-auth', '5.0.0-beta.25')).toEqual([]);
  });

  it('suggests the lowest version that fixes every matched advisory', () => {
    expect(matchAdvisories({ name: 'fast-jwt', range: '^3.1.0' })?.fixedIn).toBe('6.3.1');
    expect(matchAdvisories({ name: 'jws', range: '4.0.0' })?.fixedIn).toBe('4.0.1');
    expect(matchAdvisories({ name: 'jws', range: '^3.0.0' })?.fixedIn).toBe('3.2.3');
    expect(matchAdvisories({ name: 'jwt-simple', range: '0.2.0' })?.fixedIn).toBe('0.5.3');
  });
});

describe('semver', () => {
  it.each([
    ['8.5.1', '<9.0.0', true],
    ['9.0.0', '<9.0.0', false],
    ['9.0.0-beta.1', '<9.0.0', false],
    ['1.2.3', '^1.2.0', true],
    ['2.0.0', '^1.2.0', false],
    ['0.2.5', '^0.2.3', true],
    ['0.3.0', '^0.2.3', false],
    ['0.0.3', '^0.0.3', true],
    ['0.0.4', '^0.0.3', false],
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['1.9.9', '1.x', true],
    ['2.0.0', '1.x', false],
    ['1.4.0', '1.*', true],
    ['3.2.2', '<=3.2.2 || 4.0.0', true],
    ['4.0.0', '<=3.2.2 || 4.0.0', true],
    ['4.0.1', '<=3.2.2 || 4.0.0', false],
    ['1.5.0', '1.2 - 2.3.4', true],
    ['2.3.4', '1.2 - 2.3.4', true],
    ['2.3.5', '1.2 - 2.3.4', false],
    ['2.9.0', '1.2 - 2', true],
    ['3.0.0', '1.2 - 2', false],
    ['1.1.9', '1.2 - 2', false],
    ['1.0.0', '*', true],
    ['5.0.0', '>= 4.11.4', true],
    ['4.11.3', '>=4.11.4', false],
    ['1.2.3', '>1.2', false],
    ['1.3.0', '>1.2', true],
    ['1.2.9', '<=1.2', true],
    ['1.3.0', '<=1.2', false],
    ['1.2.3-beta.2', '>=1.2.3-beta.1', true],
    ['1.2.4-beta.2', '>=1.2.3-beta.1', false],
    ['1.2.3', '=1.2.3', true],
    ['1.2.3', 'v1.2.3', true],
    ['1.2.3', '>=1.0.0 <1.2.3', false],
  ] as const)('%s satisfies %s: %s', (version, range, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });

  it.each([
    ['^8.5.1', '8.5.1'],
    ['>=1.2.3 <2', '1.2.3'],
    ['>1.2.3', '1.2.4'],
    ['*', '0.0.0'],
    ['', '0.0.0'],
    ['1.x || >=3', '1.0.0'],
    ['<2', '0.0.0'],
    ['~0.3', '0.3.0'],
    ['1.2 - 2', '1.2.0'],
    ['>=3 || ^2.1', '2.1.0'],
  ])('lowest version of %s is %s', (range, expected) => {
    const lowest = minVersion(range);
    expect(lowest && formatVersion(lowest)).toBe(expected);
  });

  it.each(['>2 <1', 'latest', 'github:auth0/node-jsonwebtoken', 'file:../x', 'workspace:*', 'npm:jsonwebtoken@^8'])('%s has no known lowest version', (range) => {
    expect(minVersion(range)).toBeUndefined();
  });

  it('uses the locked version exactly when there is one', () => {
    expect(resolvesToAffected({ range: '^8.0.0', locked: '8.5.1' }, '<9.0.0')).toEqual({ version: '8.5.1', basis: 'lock', affected: true });
    expect(resolvesToAffected({ range: '>=8.0.0', locked: '9.0.2' }, '<9.0.0')).toEqual({ version: '9.0.2', basis: 'lock', affected: false });
    expect(resolvesToAffected({ range: '>=8' }, '<9.0.0')).toEqual({ version: '8.0.0', basis: 'range', affected: true });
    expect(resolvesToAffected({ range: 'latest' }, '<9.0.0')).toBeUndefined();
  });
});

describe('lock files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jwtlint-locks-'));
  const graphOf = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return readLockGraph(file);
  };
  /** Names and versions reachable from `name` (breadth first). */
  const closure = (graph: ReturnType<typeof readLockGraph>, name: string, range = '') => {
    const start = graph.direct('', name, range);
    const seen: string[] = [];
    const queue = start ? [start] : [];
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (seen.includes(`${next.name}@${next.version}`)) continue;
      seen.push(`${next.name}@${next.version}`);
      queue.push(...graph.dependencies(next));
    }
    return seen;
  };

  it('reads package-lock v1 trees', () => {
    const graph = graphOf(
      'package-lock.json',
      JSON.stringify({
        lockfileVersion: 1,
        dependencies: {
          'express-jwt': { version: '5.3.3', requires: { jsonwebtoken: '^8.1.0' }, dependencies: { jsonwebtoken: { version: '8.1.0', requires: { jws: '^3.1.4' } } } },
          jsonwebtoken: { version: '9.0.2', requires: { jws: '^3.2.2' } },
          jws: { version: '3.2.3' },
        },
      }),
    );
    expect(closure(graph, 'express-jwt')).toEqual(['express-jwt@5.3.3', 'jsonwebtoken@8.1.0', 'jws@3.2.3']);
    expect(graph.direct('', 'jsonwebtoken', '^9.0.0')?.version).toBe('9.0.2');
  });

  it('reads pnpm v6 and v5 lock files of a single project', () => {
    const v6 = graphOf(
      'pnpm-lock.yaml',
      [
        "lockfileVersion: '6.0'",
        'dependencies:',
        '  express-jwt:',
        '    specifier: ^5.3.0',
        '    version: 5.3.3',
        'packages:',
        '  /express-jwt@5.3.3:',
        '    dependencies:',
        '      jsonwebtoken: 8.5.1',
        '  /jsonwebtoken@8.5.1:',
        '    dependencies:',
        '      jws: 3.2.2',
        '  /jws@3.2.2:',
        '    dev: false',
        '',
      ].join('\n'),
    );
    expect(closure(v6, 'express-jwt')).toEqual(['express-jwt@5.3.3', 'jsonwebtoken@8.5.1', 'jws@3.2.2']);
    const v5 = graphOf(
      'pnpm-lock.yaml',
      [
        'lockfileVersion: 5.4',
        'specifiers:',
        '  koa-jwt: ^3.6.0',
        'dependencies:',
        '  koa-jwt: 3.6.0',
        'packages:',
        '  /koa-jwt/3.6.0:',
        '    dependencies:',
        '      jsonwebtoken: 8.5.1',
        '  /jsonwebtoken/8.5.1:',
        '    dev: false',
        '',
      ].join('\n'),
    );
    expect(closure(v5, 'koa-jwt')).toEqual(['koa-jwt@3.6.0', 'jsonwebtoken@8.5.1']);
  });

  it('fails with a message naming the file on a lock file it cannot parse', () => {
    expect(() => graphOf('package-lock.json', '{ not json')).toThrow();
    expect(() => graphOf('pnpm-lock.yaml', '- just\n- a list\n')).toThrow(/pnpm-lock.yaml is not a pnpm lock file/);
  });
});
