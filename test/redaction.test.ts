import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { scanFiles } from '../src/engine/scan.js';
import { FORMATS, formatReport } from '../src/report/format.js';
import { runCli } from './helpers/run-cli.js';

/** Secrets planted in a small project; none of them may appear in any output, in full. */
const SIGNING_SECRET = 'k3y-Th4t-Must-N3ver-L34k-0123456789';
const FALLBACK_SECRET = 'fallback-s3cret-value-that-is-long';
const PRIVATE_KEY_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj';
const PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----\\n${PRIVATE_KEY_BODY}\\n-----END PRIVATE KEY-----`;

const root = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-redaction-'));
mkdirSync(path.join(root, '.git'));
writeFileSync(path.join(root, 'config.ts'), `export const FALLBACK = process.env.JWT_SECRET || '${FALLBACK_SECRET}';\n`);
writeFileSync(
  path.join(root, 'auth.ts'),
  [
    "import jwt from 'jsonwebtoken';",
    "import { FALLBACK } from './config';",
    `export const a = (t: string) => jwt.verify(t, '${SIGNING_SECRET}');`,
    `export const b = (p: object) => jwt.sign(p, FALLBACK, { algorithm: 'HS256', expiresIn: '1h' });`,
    `export const c = (p: object) => jwt.sign(p, '${PRIVATE_KEY}', { algorithm: 'RS256', expiresIn: '1h' });`,
    `export const d = (t: string) => { console.log('${SIGNING_SECRET}', jwt.verify(t, FALLBACK, { algorithms: ['HS256'] })); };`,
    '',
  ].join('\n'),
);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const RAW = [SIGNING_SECRET, FALLBACK_SECRET, PRIVATE_KEY_BODY];

describe('secrets are redacted in every output', () => {
  const report = scanFiles({ root, files: [path.join(root, 'auth.ts'), path.join(root, 'config.ts')], rules: allRules });

  it('the project really has secret findings (so the test can fail)', () => {
    expect(report.findings.filter((f) => f.ruleId === 'hardcoded-secret').length).toBeGreaterThanOrEqual(3);
  });

  for (const format of FORMATS) {
    it(`${format}: no raw secret, but the redacted form is there`, () => {
      const output = formatReport(report, format, { color: false });
      for (const secret of RAW) expect(output).not.toContain(secret);
      expect(output).toMatch(/k3y-…\(35 chars\)|k3y…\(35 chars\)/);
    });
  }

  it('through the CLI in every format, including snippets of other rules on the same line', () => {
    for (const format of FORMATS) {
      const result = runCli(['.', '--format', format], { cwd: root });
      expect(result.code).toBe(1);
      for (const secret of RAW) {
        expect(result.stdout).not.toContain(secret);
        expect(result.stderr).not.toContain(secret);
      }
    }
  }, 60_000);
});
