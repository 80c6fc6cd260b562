import { afterAll, describe, expect, it } from 'vitest';
import { applySuppressions, parseDirectives, unusedDirectiveFindings } from '../src/engine/suppressions.js';
import type { Finding } from '../src/report/types.js';
import { runCli } from './helpers/run-cli.js';
import { TempProjects } from './helpers/temp-project.js';

const temps = new TempProjects();
afterAll(() => temps.cleanup());

function finding(ruleId: string, line: number, file = 'src/a.ts'): Finding {
  return { ruleId, level: 'error', message: 'm', location: { file, line, column: 1, endLine: line, endColumn: 2 }, related: [], fingerprint: `${ruleId}${line}` };
}
const known = new Set(['verify-without-algorithms', 'hardcoded-secret', 'token-in-log']);

describe('suppression directives', () => {
  const text = [
    'const a = 1; // jwtlint-disable-line hardcoded-secret -- test key, rotated',
    '// jwtlint-disable-next-line verify-without-algorithms, token-in-log -- legacy, see #12',
    'verify();',
    "const s = '// jwtlint-disable-line verify-without-algorithms';",
    '/* jwtlint-disable token-in-log */',
    '/* jwtlint-disable-next-line',
    '   hardcoded-secret */',
    'x();',
    '// jwtlint-disable-next-line',
    'y();',
  ].join('\n');
  const directives = parseDirectives('src/a.ts', text);

  it('parses line, next-line (after multi-line comments too) and file-level directives from comments only', () => {
    expect(directives.map((d) => [d.kind, d.line, d.targetLine, d.ruleIds, d.justification])).toEqual([
      ['disable-line', 1, 1, ['hardcoded-secret'], 'test key, rotated'],
      ['disable-next-line', 2, 3, ['verify-without-algorithms', 'token-in-log'], 'legacy, see #12'],
      ['disable', 5, undefined, ['token-in-log'], ''],
      ['disable-next-line', 6, 8, ['hardcoded-secret'], ''],
      ['disable-next-line', 9, 10, [], ''],
    ]);
  });

  it('suppresses only the named rules on the covered lines, with the justification', () => {
    const findings = [
      finding('hardcoded-secret', 1),
      finding('verify-without-algorithms', 1),
      finding('verify-without-algorithms', 3),
      finding('verify-without-algorithms', 4), // the directive in a string does nothing
      finding('token-in-log', 99), // file-level
      finding('token-in-log', 3, 'src/other.ts'),
      finding('verify-without-algorithms', 10), // no rule ids: every rule
    ];
    const result = applySuppressions(findings, directives, known);
    expect(result.findings.map((f) => f.suppression?.justification ?? null)).toEqual(['test key, rotated', null, 'legacy, see #12', null, '', null, '']);
    expect(result.suppressedCount).toBe(4);
    // verify-without-algorithms on line 3 used the next-line directive; token-in-log on line 3 did not happen there,
    // and the directive on line 6 covered nothing.
    expect(result.unused.map((u) => [u.directive.line, u.ruleIds])).toEqual([
      [2, ['token-in-log']],
      [6, ['hardcoded-secret']],
    ]);
  });

  it('reports unused directives and unknown rule ids as findings', () => {
    const d = parseDirectives('src/a.ts', '// jwtlint-disable-next-line verify-without-algoritms\nfoo();\n');
    const { unused } = applySuppressions([], d, known);
    const [f] = unusedDirectiveFindings(unused);
    expect(f.ruleId).toBe('unused-disable-directive');
    expect(f.message).toContain('"verify-without-algoritms" is not a rule');
    expect(f.location.line).toBe(1);
  });
});

const SOURCE = [
  "import jwt from 'jsonwebtoken';",
  'export function a(t: string) {',
  '  // jwtlint-disable-next-line verify-without-algorithms -- tokens come from our own gateway',
  "  return jwt.verify(t, process.env.KEY!, { audience: 'x', issuer: 'y' });",
  '}',
  'export function b(t: string) {',
  "  return jwt.verify(t, process.env.KEY!, { audience: 'x', issuer: 'y' }); // jwtlint-disable-line token-in-log",
  '}',
  '',
].join('\n');

interface SarifLog {
  runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[]; suppressions?: { kind: string; justification?: string }[] }[] }[];
}

describe('suppressions in the CLI', { timeout: 60_000 }, () => {
  it('leaves suppressed findings out of SARIF by default; --include-suppressed keeps them as inSource with the justification', () => {
    const dir = temps.create({ 'src/a.ts': SOURCE });
    const plain = runCli(['--format', 'sarif'], { cwd: dir });
    expect(plain.code).toBe(1);
    const results = (JSON.parse(plain.stdout) as SarifLog).runs[0].results.filter((r) => r.ruleId === 'verify-without-algorithms');
    expect(results.map((r) => r.locations[0].physicalLocation.region.startLine)).toEqual([7]);

    const kept = JSON.parse(runCli(['--format', 'sarif', '--include-suppressed'], { cwd: dir }).stdout) as SarifLog;
    const all = kept.runs[0].results.filter((r) => r.ruleId === 'verify-without-algorithms');
    expect(all.map((r) => [r.locations[0].physicalLocation.region.startLine, r.suppressions ?? null])).toEqual([
      [4, [{ kind: 'inSource', justification: 'tokens come from our own gateway' }]],
      [7, null],
    ]);
  });

  it('a fully suppressed file exits 0; --report-unused-disable-directives reports the stale directive and exits 1', () => {
    const dir = temps.create({ 'src/a.ts': SOURCE.split('\n').slice(0, 5).join('\n') + '\nexport const n = 1; // jwtlint-disable-line token-in-log\n' });
    const r = runCli(['--format', 'compact'], { cwd: dir });
    expect(r.stdout).not.toContain('verify-without-algorithms');
    expect(r.code).toBe(0);
    const u = runCli(['--format', 'compact', '--report-unused-disable-directives'], { cwd: dir });
    expect(u.code).toBe(1);
    expect(u.stdout).toMatch(/^src\/a\.ts:6:\d+: error: Unused jwtlint-disable-line directive: no finding of token-in-log was reported on line 6\. \[unused-disable-directive\]$/m);
    expect(u.stdout).not.toMatch(/src\/a\.ts:3:.*unused-disable-directive/);
  });
});
