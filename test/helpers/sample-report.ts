import type { Finding, RuleDescriptor, ScanReport } from '../../src/report/types.js';

/**
 * A realistic scan report for formatter and SARIF tests: three rules, findings with related locations,
 * a path with a space and a non-ASCII character, and notifications (one for a file that was skipped).
 * Findings and notifications are deliberately out of order so sorting is exercised.
 */
function sampleRules(): RuleDescriptor[] {
  return [
    {
      id: 'hardcoded-secret',
      title: 'Hard-coded JWT secret',
      description: 'Finds JWT signing and verification keys written as literals in source code.',
      rationale: 'Anyone who can read the repository can **forge tokens** with a secret committed to it.',
      remediation: 'Load the key from a secret store or an environment variable, with no literal fallback.',
      level: 'error',
      precision: 'high',
      securitySeverity: 9,
      cwe: [798, 321],
      references: ['https://cwe.mitre.org/data/definitions/798.html'],
      options: {
        minLength: { type: 'number', default: 1, description: 'Ignore literals shorter than this.' },
      },
      examples: {
        bad: { code: "import jwt from 'jsonwebtoken';\njwt.sign(payload, 'supersecret');\n" },
        good: { code: "import jwt from 'jsonwebtoken';\njwt.sign(payload, process.env.JWT_SECRET!);\n" },
      },
      helpUri: 'docs/rules/hardcoded-secret.md',
    },
    {
      id: 'algorithm-confusion',
      title: 'Algorithm confusion',
      description: 'Finds verification that accepts both symmetric and asymmetric algorithms with one key.',
      rationale: 'An attacker can sign an HS256 token with the **public** key and have it accepted.',
      remediation: 'Pin `algorithms` to the family of the key, e.g. `["RS256"]`.',
      level: 'warning',
      precision: 'medium',
      securitySeverity: 7.5,
      cwe: [327, 347],
      references: [],
      options: {},
      examples: {
        bad: { code: "jwt.verify(token, publicKey, { algorithms: ['HS256', 'RS256'] });\n", fileName: 'example.js' },
        good: { code: "jwt.verify(token, publicKey, { algorithms: ['RS256'] });\n", fileName: 'example.js' },
      },
      helpUri: 'docs/rules/algorithm-confusion.md',
    },
    {
      id: 'token-in-web-storage',
      title: 'Token in web storage',
      description: 'Finds JWTs written to localStorage or sessionStorage.',
      rationale: 'Any script on the page, including one injected through XSS, can read web storage.',
      remediation: 'Keep the token in an `HttpOnly`, `Secure`, `SameSite` cookie.',
      level: 'note',
      precision: 'high',
      securitySeverity: 4.3,
      cwe: [922],
      references: ['https://owasp.org/www-community/HttpOnly'],
      options: {},
      examples: {
        bad: { code: "localStorage.setItem('token', token);\n", fileName: 'example.tsx' },
        good: { code: "await fetch('/session', { method: 'POST', credentials: 'include' });\n", fileName: 'example.tsx' },
      },
      helpUri: 'docs/rules/token-in-web-storage.md',
    },
  ];
}

export const SPACED_FILE = 'src/my app/clé.ts';

function sampleFindings(): Finding[] {
  return [
    {
      ruleId: 'token-in-web-storage',
      level: 'note',
      message: 'The JWT is written to localStorage, where any script on the page can read it.',
      location: { file: 'web/login.tsx', line: 14, column: 5, endLine: 14, endColumn: 44, snippet: "    localStorage.setItem('jwt', res.token);" },
      related: [],
      fingerprint: '0123456789abcdef0123456789abcdef',
      fixes: [
        {
          description: 'Keep the token in memory',
          replacements: [
            { file: 'web/login.tsx', line: 14, column: 5, endLine: 14, endColumn: 44, text: 'session.token = res.token;' },
            { file: 'web/login.tsx', line: 2, column: 1, endLine: 2, endColumn: 1, text: '' },
          ],
        },
      ],
    },
    {
      ruleId: 'hardcoded-secret',
      level: 'error',
      message: "The signing key is the hard-coded literal 'supe…(16 chars)'.",
      location: { file: 'src/auth/config.ts', line: 3, column: 42, endLine: 3, endColumn: 60, snippet: "export const secret = process.env.JWT || 'supe…(16 chars)';" },
      related: [
        { file: 'src/auth/sign.ts', line: 8, column: 10, endLine: 8, endColumn: 36, snippet: '  return jwt.sign(payload, secret);', message: 'used to sign here' },
        { file: SPACED_FILE, line: 21, column: 3, endLine: 21, endColumn: 30, snippet: '  jwt.verify(token, secret);', message: 'used to verify here' },
      ],
      steps: [
        { file: 'src/auth/config.ts', line: 3, column: 42, endLine: 3, endColumn: 60, snippet: "export const secret = process.env.JWT || 'supe…(16 chars)';", message: 'hard-coded secret' },
        { file: SPACED_FILE, line: 1, column: 10, endLine: 1, endColumn: 16, snippet: "import { secret } from '../auth/config';", message: 'imported as `secret`' },
        { file: SPACED_FILE, line: 21, column: 3, endLine: 21, endColumn: 30, snippet: '  jwt.verify(token, secret);', message: 'reaches jwt.verify' },
      ],
      fingerprint: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    },
    {
      ruleId: 'algorithm-confusion',
      level: 'warning',
      message: 'The algorithms allowlist mixes HS256 and RS256; a public key could be used as an HMAC secret.',
      location: { file: SPACED_FILE, line: 21, column: 29, endLine: 23, endColumn: 4, snippet: "  jwt.verify(token, secret, { algorithms: ['HS256', 'RS256'] });" },
      related: [{ file: SPACED_FILE, line: 2, column: 1, endLine: 2, endColumn: 40, message: 'the key is read from a PEM file here' }],
      fingerprint: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
    },
    {
      ruleId: 'hardcoded-secret',
      level: 'error',
      message: "The verification key is the hard-coded literal 'dev-…(18 chars)'.",
      location: { file: SPACED_FILE, line: 5, column: 15, endLine: 5, endColumn: 35, snippet: "\tconst key = 'dev-…(18 chars)';" },
      related: [],
      fingerprint: 'cccccccccccccccccccccccccccccccc',
    },
  ];
}

export function sampleReport(): ScanReport {
  return {
    toolName: 'jwtlint',
    toolVersion: '0.1.0',
    informationUri: 'https://github.com/jwtlint/jwtlint',
    root: '/home/dev/my project',
    findings: sampleFindings(),
    notifications: [
      {
        kind: 'rule-error',
        level: 'error',
        message: 'Rule algorithm-confusion threw: Cannot read properties of undefined.',
        file: 'src/legacy/old.js',
        line: 10,
        column: 3,
        ruleId: 'algorithm-confusion',
      },
      {
        kind: 'parse-error',
        level: 'warning',
        message: "Syntax error: ')' expected.",
        file: 'src/broken file.ts',
        line: 4,
        column: 17,
        fileSkipped: true,
      },
      {
        kind: 'too-large',
        level: 'note',
        message: 'File is 3.2 MB, over the 2 MB limit.',
        file: 'public/vendor.min.js',
        fileSkipped: true,
      },
    ],
    rules: sampleRules(),
    stats: {
      filesScanned: 42,
      filesParsed: 40,
      skipped: [
        { reason: 'tests', count: 3 },
        { reason: 'ignored by .gitignore', count: 12 },
        { reason: 'no JWT library used', count: 0 },
      ],
    },
  };
}
