import { afterAll, describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatGithubFinding } from '../src/report/github.js';
import { runCli } from './helpers/run-cli.js';
import { TempProjects, VULNERABLE } from './helpers/temp-project.js';

const temps = new TempProjects();
afterAll(() => temps.cleanup());

describe('--format github', () => {
  it('escapes data and properties as the workflow-command parser expects', () => {
    expect(escapeData('100%\r\nnext')).toBe('100%25%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
  });

  it('maps levels to error/warning/notice and gives columns only on one line', () => {
    const base = { ruleId: 'r', message: 'bad: x, y', related: [], fingerprint: 'f' };
    expect(formatGithubFinding({ ...base, level: 'note', location: { file: 'src/a,b.ts', line: 3, column: 5, endLine: 3, endColumn: 9 } })).toBe(
      '::notice file=src/a%2Cb.ts,line=3,endLine=3,col=5,endColumn=9,title=jwtlint r::bad: x, y',
    );
    expect(formatGithubFinding({ ...base, level: 'warning', location: { file: 'a.ts', line: 3, column: 5, endLine: 4, endColumn: 2 } })).toBe(
      '::warning file=a.ts,line=3,endLine=4,title=jwtlint r::bad: x, y',
    );
  });

  it('emits one annotation per finding from the CLI', { timeout: 60_000 }, () => {
    const dir = temps.create({ 'src/a.ts': VULNERABLE });
    const r = runCli(['--format', 'github'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=src\/a\.ts,line=3,endLine=3,col=10,endColumn=\d+,title=jwtlint verify-without-algorithms::.+$/m);
    for (const line of r.stdout.trimEnd().split('\n')) expect(line).toMatch(/^::(error|warning|notice) [^:]*::/);
  });
});
