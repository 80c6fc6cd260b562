import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyBaseline, createBaseline, parseBaseline, serializeBaseline } from '../src/engine/baseline.js';
import type { Finding } from '../src/report/types.js';
import { runCli } from './helpers/run-cli.js';
import { TempProjects, VULNERABLE } from './helpers/temp-project.js';

const temps = new TempProjects();
afterAll(() => temps.cleanup());

const f = (fingerprint: string, line: number): Finding => ({
  ruleId: 'r',
  level: 'error',
  message: 'm',
  location: { file: 'a.ts', line, column: 1, endLine: line, endColumn: 2 },
  related: [],
  fingerprint,
});

describe('baseline (unit)', () => {
  it('matches by fingerprint, not line, counting duplicates; round-trips through JSON', () => {
    const baseline = parseBaseline(serializeBaseline(createBaseline([f('x', 1), f('x', 2), f('y', 3)])));
    const result = applyBaseline([f('x', 10), f('x', 11), f('x', 12), f('z', 1)], baseline);
    expect(result.findings.map((x) => [x.fingerprint, x.location.line])).toEqual([
      ['x', 12],
      ['z', 1],
    ]);
    expect(result.matched).toBe(2);
    expect(result.stale.map((e) => e.fingerprint)).toEqual(['y']);
  });

  it('rejects malformed baselines with the reason', () => {
    expect(() => parseBaseline('[]')).toThrow(/expected an object/);
    expect(() => parseBaseline('{"tool":"jwtlint","version":2,"findings":[]}')).toThrow(/unsupported "version" 2/);
    expect(() => parseBaseline('{"tool":"jwtlint","version":1,"findings":[{"ruleId":"r"}]}')).toThrow(/findings\[0\]\.file/);
  });
});

describe('baseline (CLI)', { timeout: 60_000 }, () => {
  it('--write-baseline records current findings; --baseline reports only new ones, even after lines move', () => {
    const dir = temps.create({ 'src/a.ts': VULNERABLE });
    const w = runCli(['--write-baseline', '.jwtlint-baseline.json'], { cwd: dir });
    expect(w.code).toBe(0);
    expect(w.stderr).toMatch(/wrote \d+ findings? to baseline/);
    const recorded = JSON.parse(readFileSync(path.join(dir, '.jwtlint-baseline.json'), 'utf8')) as { findings: { ruleId: string; file: string }[] };
    expect(recorded.findings.some((e) => e.ruleId === 'verify-without-algorithms' && e.file === 'src/a.ts')).toBe(true);

    // Move the code down five lines: still baselined.
    writeFileSync(path.join(dir, 'src/a.ts'), '\n\n// moved\n\n\n' + VULNERABLE);
    const moved = runCli(['--format', 'compact', '--baseline', '.jwtlint-baseline.json'], { cwd: dir });
    expect(moved.stdout).toBe('');
    expect(moved.code).toBe(0);
    // Without the baseline the findings are back, at their new lines.
    expect(runCli(['--format', 'compact'], { cwd: dir }).stdout).toContain('src/a.ts:8:10');

    // A new finding in another file is reported.
    writeFileSync(path.join(dir, 'src/b.ts'), VULNERABLE);
    const added = runCli(['--format', 'compact', '--baseline', '.jwtlint-baseline.json'], { cwd: dir });
    expect(added.code).toBe(1);
    expect(added.stdout).toContain('src/b.ts:3:10');
    expect(added.stdout).not.toContain('src/a.ts');
  });

  it('a missing or invalid baseline exits 2', () => {
    const dir = temps.create({ 'src/a.ts': VULNERABLE, 'bad.json': '{"tool":"other"}' });
    const missing = runCli(['--baseline', 'nope.json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read baseline nope.json: file not found');
    const bad = runCli(['--baseline', 'bad.json'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid baseline bad.json: "tool" must be "jwtlint"');
  });
});
