/**
 * The bundled example (README's first command: `npx jwtlint examples/vulnerable-app`) is scanned the way the
 * CLI scans it — same discovery, every rule — and must produce exactly the findings listed here. Each one is
 * a real misuse planted in the app (see examples/vulnerable-app/README.md); every other line, including the
 * look-alikes listed at the end, must stay silent. When a rule is added or changed, re-check this list by
 * reading the code at each location: never add a finding here that is not a real misuse.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { discoverFiles } from '../src/discovery/index.js';
import { scanFiles } from '../src/engine/scan.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const APP = 'examples/vulnerable-app';

type Expected = [ruleId: string, file: string, line: number];

const EXPECTED: Expected[] = [
  // Manifest
  ['vulnerable-library', 'package.json', 16], // "jsonwebtoken": "^8.5.1" (CVE-2022-23540, CVE-2022-23541, ...)
  // Browser client
  ['token-in-web-storage', 'client/src/api.ts', 17], // login response's accessToken → localStorage
  ['token-in-web-storage', 'client/src/api.ts', 18], // ... and → document.cookie from script
  ['token-over-http', 'client/src/api.ts', 24], // fetch with Authorization to http://api.example.com
  ['token-in-url', 'client/src/sso-callback.ts', 4], // token handed over in the SSO redirect's URL, read by the page
  ['token-in-web-storage', 'client/src/sso-callback.ts', 6], // token from the SSO redirect → sessionStorage
  // API server
  ['hardcoded-secret', 'server/config.ts', 4], // process.env.JWT_SECRET || 'dev-secret-change-me'
  ['token-in-log', 'server/middleware/auth.ts', 7], // console.log of the Authorization header
  ['verify-without-algorithms', 'server/middleware/auth.ts', 11], // requireAuth: jwt.verify without algorithms
  ['verify-result-ignored', 'server/middleware/auth.ts', 11], // ... and its callback ignores `err`, then calls next()
  ['token-class-confusion', 'server/middleware/auth.ts', 11], // ... and accepts the 7-day refresh token (same secret, `typ` never checked)
  ['verify-without-algorithms', 'server/middleware/auth.ts', 22], // attachUser: jwt.verify without algorithms
  ['token-class-confusion', 'server/middleware/auth.ts', 22], // ... and accepts the refresh token as a session
  ['decode-without-verify', 'server/routes/admin.ts', 8], // jwt.decode of the bearer token, then trusts `role`
  ['missing-expiration', 'server/routes/auth.ts', 16], // access token signed without expiresIn
  ['insecure-token-cookie', 'server/routes/auth.ts', 18], // res.cookie('token', accessToken) without httpOnly/secure
  ['expiration-not-enforced', 'server/routes/auth.ts', 28], // ... with ignoreExpiration: true
  ['token-class-confusion', 'server/routes/auth.ts', 28], // ... and takes an access token as a refresh token (no `typ` check)
  ['token-in-url', 'server/routes/auth.ts', 43], // res.redirect(`...?token=${token}`)
  ['hardcoded-token', 'server/scripts/smoke.ts', 3], // a committed admin JWT
  // Known gap (sensitive-claims): server/routes/auth.ts:42 signs `{ ...user }`, whose `User` type (with
  // passwordHash) is declared in server/db.ts; rules see only same-file types, so it is not reported yet.
];

/** Look-alikes of misuses, found by a unique piece of their line: no rule may report on that line. */
const SILENT: [file: string, lineText: string, why: string][] = [
  ['client/src/session.ts', 'return jwtDecode<AccessClaims>(token)', 'decodes its own token in the browser, for display'],
  ['client/src/session.ts', "localStorage.setItem('theme', theme)", 'a theme is no token'],
  ['client/src/session.ts', "localStorage.setItem('table.pageSize'", 'a page size is no token'],
  ['client/src/analytics.ts', "await fetch('https://analytics.example.com", 'Authorization sent over https'],
  ['server/scripts/smoke.ts', "await fetch('http://localhost:3000/me'", 'Authorization sent to loopback'],
  ['server/routes/auth.ts', 'bcrypt.compare(password, user.passwordHash)', 'a password check is no JWT verification'],
  ['server/routes/auth.ts', "res.cookie('refresh_token'", 'the refresh cookie is httpOnly, secure and sameSite'],
  ['server/routes/auth.ts', "res.cookie('XSRF-TOKEN'", 'a CSRF token must be readable by script; it is no auth token'],
  ['server/routes/auth.ts', 'console.log(`login ok for user ${user.id}`)', 'logs the user id, not the token'],
  ['server/routes/auth.ts', "{ algorithm: 'HS256', expiresIn: '7d' }", 'a refresh token living 7 days'],
  ['server/routes/auth.ts', "{ algorithm: 'HS256', expiresIn: '15m' }", 'an access token living 15 minutes'],
  ['server/routes/partner.ts', 'decodeProtectedHeader(token)', 'decodes only the header; the token is verified before its claims are used'],
  ['server/routes/partner.ts', 'hasAuthorization: Boolean(req.headers.authorization)', 'logs a boolean derived from the Authorization header'],
  ['server/services/partner-tokens.ts', 'await jwtVerify(token, partnerKeys', 'jose jwtVerify with algorithms, issuer and audience pinned'],
];

const discovered = await discoverFiles({ cwd: repoRoot, paths: [APP], includeTests: false });
const report = scanFiles({ root: discovered.root, files: discovered.files, rules: allRules, notifications: discovered.notifications, skipped: discovered.skipped });
const prefix = `${path.relative(discovered.root, path.join(repoRoot, APP)).split(path.sep).join('/')}/`;
const found = report.findings.map((f) => `${f.ruleId} ${f.location.file.startsWith(prefix) ? f.location.file.slice(prefix.length) : f.location.file}:${f.location.line}`);
const sortKey = (line: string) => line.split(' ').reverse().join(' ');

describe(`${APP}`, () => {
  it('is scanned completely', () => {
    expect(discovered.files.length).toBeGreaterThanOrEqual(10);
    expect(report.notifications.map((n) => n.message)).toEqual([]);
  });

  it('produces exactly the planted findings', () => {
    const expected = EXPECTED.map(([ruleId, file, line]) => `${ruleId} ${file}:${line}`);
    expect([...found].sort((a, b) => sortKey(a).localeCompare(sortKey(b)))).toEqual(expected.sort((a, b) => sortKey(a).localeCompare(sortKey(b))));
  });

  it('stays silent on the look-alikes', () => {
    const noisy: string[] = [];
    for (const [file, lineText, why] of SILENT) {
      const lines = readFileSync(path.join(repoRoot, APP, file), 'utf8').split(/\r?\n/);
      const matches = lines.flatMap((text, index) => (text.includes(lineText) ? [index + 1] : []));
      expect(matches.length, `${file}: '${lineText}' must occur on exactly one line`).toBe(1);
      const reported = found.filter((f) => f.endsWith(` ${file}:${matches[0]}`));
      if (reported.length > 0) noisy.push(`${file}:${matches[0]} (${why}): ${reported.join(', ')}`);
    }
    expect(noisy).toEqual([]);
  });

  it('every rule that reports here reports at a line of the app', () => {
    for (const finding of report.findings) expect(finding.location.file.startsWith(prefix)).toBe(true);
  });
});
