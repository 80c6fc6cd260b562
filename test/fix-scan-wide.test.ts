/**
 * The `algorithms` fix from sign calls in other modules is a scan-wide answer: the same on a cold run, a warm
 * run from the cache (also after only a signing module changed) and under --jobs; none for a part of the scan
 * (--shard, --changed), which cannot see every sign call.
 */
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { scanInJobs } from '../src/cli/jobs.js';
import { ScanCache } from '../src/engine/cache.js';
import { scanFiles } from '../src/engine/scan.js';
import { REPO_ROOT } from './helpers/run-cli.js';
import { TempProjects } from './helpers/temp-project.js';

const temps = new TempProjects();
afterAll(() => temps.cleanup());
beforeAll(() => {
  if (!existsSync(path.join(REPO_ROOT, 'dist/src/cli/job.js'))) throw new Error('dist/ is missing: run `node scripts/build.mjs` first (npm test does)');
});

const RULE = 'verify-without-algorithms';
const rules = allRules.filter((rule) => rule.meta.id === RULE);
const KEYS = "import { readFileSync } from 'node:fs';\nexport const privateKey = readFileSync('keys/private.pem');\nexport const publicKey = readFileSync('keys/public.pem');\n";
const sign = (algorithm: string) =>
  `import jwt from 'jsonwebtoken';\nimport { privateKey } from './keys';\nexport const issue = (sub: string) => jwt.sign({ sub }, privateKey, { algorithm: '${algorithm}', expiresIn: '15m' });\n`;
const VERIFY = "import jwt from 'jsonwebtoken';\nimport { publicKey } from './keys';\nexport const check = (t: string) => jwt.verify(t, publicKey);\n";

function project(): { root: string; files: string[] } {
  const root = temps.create({
    'package.json': '{ "name": "app", "private": true }\n',
    'src/keys.ts': KEYS,
    'src/issue.ts': sign('ES256'),
    'src/issue-admin.ts': sign('ES256'),
    'src/verify.ts': VERIFY,
  });
  return { root, files: ['src/issue-admin.ts', 'src/issue.ts', 'src/keys.ts', 'src/verify.ts'].map((file) => path.join(root, file)) };
}

/** The texts the findings' fixes insert, by finding location. */
const fixes = (report: ReturnType<typeof scanFiles>) =>
  report.findings
    .filter((f) => f.ruleId === RULE)
    .map((f) => `${f.location.file}:${f.location.line} ${f.fixes?.map((fix) => fix.replacements.map((r) => r.text).join('|')).join(';') ?? '-'}`);

describe('algorithms fix from sign calls of other modules', { timeout: 60_000 }, () => {
  it('is offered when every sign call with the key agrees', () => {
    const { root, files } = project();
    expect(fixes(scanFiles({ root, files, rules }))).toEqual(["src/verify.ts:3 , { algorithms: ['ES256'] }"]);
  });

  it('is the same from the cache, and follows a change of a signing module only', () => {
    const { root, files } = project();
    const scan = () => scanFiles({ root, files, rules, cache: ScanCache.open(path.join(root, '.jwtlint-cache'), 'k') });
    const cold = scan();
    const warm = scan();
    expect(warm.stats.filesParsed).toBe(0);
    expect(warm.findings).toEqual(cold.findings);
    const admin = files[0];
    writeFileSync(admin, sign('PS256'));
    utimesSync(admin, new Date(), new Date(Date.now() + 5000));
    const changed = scan();
    expect(changed.stats.filesParsed).toBe(1);
    expect(fixes(changed)).toEqual(['src/verify.ts:3 -']); // two algorithms: no guess
  });

  it('is the same under --jobs', async () => {
    const { root, files } = project();
    const whole = scanFiles({ root, files, rules });
    const jobs = await scanInJobs({ root, files, rules, jobs: 2 });
    expect(jobs.findings).toEqual(whole.findings);
  });

  it('is not offered by a part of the scan (--shard, --changed)', () => {
    const { root, files } = project();
    const part = scanFiles({ root, files: [files[3]], allFiles: files, rules });
    expect(fixes(part)).toEqual(['src/verify.ts:3 -']);
  });
});
