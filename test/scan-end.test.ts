/**
 * Scan-level listeners (`scanEnd`): a rule that groups operations across files sees every file's records — on a
 * cold run, on a warm run that takes unchanged files from the cache, and under --jobs — and nothing from
 * another package when its key names only an environment variable.
 */
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
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

const RULE = 'token-class-confusion';
const rules = allRules.filter((rule) => rule.meta.id === RULE);
const TOKENS_SHARED = [
  "import jwt from 'jsonwebtoken';",
  'export function issue(sub: string) {',
  "  const accessToken = jwt.sign({ sub, role: 'user' }, process.env.JWT_SECRET!, { expiresIn: '15m' });",
  "  const refreshToken = jwt.sign({ sub }, process.env.JWT_SECRET!, { expiresIn: '30d' });",
  '  return { accessToken, refreshToken };',
  '}',
  '',
].join('\n');
const TOKENS_SEPARATE = TOKENS_SHARED.replace('{ sub }, process.env.JWT_SECRET!', '{ sub }, process.env.REFRESH_SECRET!');
const VERIFY = ["import jwt from 'jsonwebtoken';", "export const check = (t: string) => jwt.verify(t, process.env.JWT_SECRET!, { algorithms: ['HS256'] });", ''].join('\n');

function project(): { root: string; files: string[] } {
  const root = temps.create({
    'package.json': '{ "name": "app", "private": true }\n',
    'src/auth/tokens.ts': TOKENS_SHARED,
    'src/middleware/verify.ts': VERIFY,
    'src/util.ts': 'export const one = 1;\n',
  });
  return { root, files: ['src/auth/tokens.ts', 'src/middleware/verify.ts', 'src/util.ts'].map((file) => path.join(root, file)) };
}

const places = (report: ReturnType<typeof scanFiles>) => report.findings.filter((f) => f.ruleId === RULE).map((f) => `${f.location.file}:${f.location.line}`);

describe('scan-level listeners', { timeout: 60_000 }, () => {
  it('group operations of different files', () => {
    const { root, files } = project();
    expect(places(scanFiles({ root, files, rules }))).toEqual(['src/auth/tokens.ts:4', 'src/middleware/verify.ts:2']);
  });

  it('see cached files on a warm run, and fresh records of a changed file', () => {
    const { root, files } = project();
    const cacheDir = path.join(root, '.jwtlint-cache');
    const scan = () => scanFiles({ root, files, rules, cache: ScanCache.open(cacheDir, 'k') });
    const cold = scan();
    const warm = scan();
    expect(warm.stats.filesParsed).toBe(0);
    expect(warm.findings).toEqual(cold.findings);
    // only the signing module changes: the verifying module's cached record must meet the new sign records
    const tokens = files[0];
    writeFileSync(tokens, TOKENS_SEPARATE);
    utimesSync(tokens, new Date(), new Date(Date.now() + 5000));
    const changed = scan();
    expect(changed.stats.filesParsed).toBe(1);
    expect(places(changed)).toEqual([]);
  });

  it('run over every part under --jobs, also when a child fails', async () => {
    const { root, files } = project();
    const whole = scanFiles({ root, files, rules });
    expect(places(whole)).toHaveLength(2);
    const jobs = await scanInJobs({ root, files, rules, jobs: 3 });
    expect(jobs.findings).toEqual(whole.findings);
    const failing = path.join(temps.create({ 'fail.mjs': 'process.exit(3);\n' }), 'fail.mjs');
    const fallback = await scanInJobs({ root, files, rules, jobs: 2, childScript: failing });
    expect(fallback.findings).toEqual(whole.findings);
  });

  it('keep packages apart for environment variables', () => {
    const root = temps.create({
      'services/auth/package.json': '{ "name": "auth" }\n',
      'services/auth/tokens.ts': TOKENS_SHARED,
      'services/api/package.json': '{ "name": "api" }\n',
      'services/api/verify.ts': VERIFY,
    });
    const files = ['services/auth/tokens.ts', 'services/api/verify.ts'].map((file) => path.join(root, file));
    expect(places(scanFiles({ root, files, rules }))).toEqual([]);
  });

  it('never put a literal key into the cache', () => {
    const secret = 'records-must-not-store-this-secret-7';
    const root = temps.create({
      'package.json': '{ "name": "app" }\n',
      'src/tokens.ts': TOKENS_SHARED.replaceAll('process.env.JWT_SECRET!', `'${secret}'`),
      'src/verify.ts': VERIFY.replace('process.env.JWT_SECRET!', `'${secret}'`),
    });
    const files = ['src/tokens.ts', 'src/verify.ts'].map((file) => path.join(root, file));
    const cacheDir = path.join(root, '.jwtlint-cache');
    const cold = scanFiles({ root, files, rules, cache: ScanCache.open(cacheDir, 'k') });
    expect(places(cold)).toEqual(['src/tokens.ts:4', 'src/verify.ts:2']);
    expect(readFileSync(path.join(cacheDir, 'results-v5.json'), 'utf8')).not.toContain(secret);
    expect(JSON.stringify(cold.findings)).not.toContain(secret);
  });
});
