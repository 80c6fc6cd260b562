import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { isDeclarationFile } from '../src/discovery/file-kinds.js';
import { scanFiles } from '../src/engine/scan.js';
import { TempProjects } from './helpers/temp-project.js';

const temps = new TempProjects();
afterAll(() => temps.cleanup());

describe('declaration files', () => {
  it('recognises .d.ts, .d.mts, .d.cts and arbitrary-extension declarations, and nothing else', () => {
    for (const file of ['a.d.ts', 'x/b.d.mts', 'c.d.cts', 'styles.d.css.ts', 'UPPER.D.TS']) expect(isDeclarationFile(file), file).toBe(true);
    for (const file of ['a.ts', 'd.ts', 'a.dts', 'a.d.js', 'bad.d.ts.bak', 'a.d/x.ts']) expect(isDeclarationFile(file), file).toBe(false);
  });

  it('are read and counted, but not analysed: they hold no code that runs', () => {
    const code = "import jwt from 'jsonwebtoken';\nexport const check = (t: string) => jwt.verify(t, 'hard-coded-secret-value');\n";
    const dir = temps.create({
      'src/auth.ts': code,
      'src/auth.d.ts': "import jwt from 'jsonwebtoken';\nexport declare const check: (t: string) => ReturnType<typeof jwt.verify>; // Authorization: Bearer\n",
    });
    const report = scanFiles({ root: dir, files: [path.join(dir, 'src/auth.ts'), path.join(dir, 'src/auth.d.ts')], rules: allRules });
    expect(report.stats.filesScanned).toBe(2);
    expect(report.stats.filesParsed).toBe(1);
    expect(report.stats.skipped).toContainEqual({ reason: 'declaration files (types only, no code to analyse)', count: 1 });
    expect(new Set(report.findings.map((f) => f.location.file))).toEqual(new Set(['src/auth.ts']));
  });
});
