import { describe, expect, it } from 'vitest';
import { formatCompact, GCC_PROBLEM_PATTERN } from '../src/report/compact.js';
import { computeFingerprint, normalizeSnippet } from '../src/report/fingerprint.js';
import { FORMATS, formatReport, isFormatName } from '../src/report/format.js';
import { formatJson } from '../src/report/json.js';
import { redactInText, redactSecret } from '../src/report/redact.js';
import { sortFindings, sortNotifications } from '../src/report/sort.js';
import { codeFrame, formatText, shouldUseColor } from '../src/report/text.js';
import type { ScanReport } from '../src/report/types.js';
import { sampleReport } from './helpers/sample-report.js';

const ANSI = /\u001b\[/;

function shuffled(): ScanReport {
  const r = sampleReport();
  r.findings = [r.findings[2], r.findings[0], r.findings[3], r.findings[1]];
  r.notifications = [r.notifications[1], r.notifications[2], r.notifications[0]];
  r.stats.skipped.reverse();
  r.rules.reverse();
  return r;
}

describe('redaction', () => {
  it('keeps at most 4 characters, never more than a quarter, and the length', () => {
    expect(redactSecret('supersecretvalue')).toBe('supe…(16 chars)');
    expect(redactSecret('supersecret1')).toBe('sup…(12 chars)'); // a quarter of 12 is 3
    expect(redactSecret('abcdefg')).toBe('a…(7 chars)');
    expect(redactSecret('abc')).toBe('…(3 chars)');
    expect(redactSecret('x')).toBe('…(1 char)');
    expect(redactSecret('')).toBe('…(0 chars)');
    expect(redactSecret('🔑🔑🔑🔑🔑🔑🔑🔑')).toBe('🔑🔑…(8 chars)');
  });

  it('never lets the raw secret through, for secrets of any length', () => {
    for (const secret of ['hunter2!', 'correct horse battery staple', 'a-very-long-jwt-signing-secret-0123456789']) {
      const out = redactSecret(secret);
      expect(out).not.toContain(secret);
      expect(out.length).toBeLessThan(secret.length + 12);
      expect(out).toContain(`(${secret.length} chars)`);
      expect(secret.startsWith(out.slice(0, out.indexOf('…')))).toBe(true);
    }
  });

  it('redacts every occurrence in text, longest secret first, in one pass', () => {
    const text = "jwt.sign(p, 'supersecretvalue'); jwt.verify(t, 'supersecretvalue'); const k = 'supersecret';";
    const out = redactInText(text, ['supersecret', 'supersecretvalue']);
    expect(out).toBe("jwt.sign(p, 'supe…(16 chars)'); jwt.verify(t, 'supe…(16 chars)'); const k = 'su…(11 chars)';");
    expect(out).not.toContain('supersecret');
    // A secret that appears in a redaction's own text is not redacted again.
    expect(redactInText('key=abcdefgh', ['abcdefgh', 'chars'])).toBe('key=ab…(8 chars)');
    expect(redactInText('a.b+c', ['.', ''])).toBe('a…(1 char)b+c');
    expect(redactInText('nothing here', [])).toBe('nothing here');
  });
});

describe('fingerprints', () => {
  it('are 32 hex digits, stable, and ignore whitespace differences', () => {
    const a = computeFingerprint('hardcoded-secret', 'src/a.ts', normalizeSnippet("jwt.sign(p,  'x')\n"), 0);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(computeFingerprint('hardcoded-secret', 'src/a.ts', "  jwt.sign(p, 'x')", 0)).toBe(a);
    expect(computeFingerprint('hardcoded-secret', 'src/a.ts', "jwt.sign(p, 'x')", 1)).not.toBe(a);
    expect(computeFingerprint('hardcoded-secret', 'src/b.ts', "jwt.sign(p, 'x')", 0)).not.toBe(a);
    expect(computeFingerprint('none-algorithm', 'src/a.ts', "jwt.sign(p, 'x')", 0)).not.toBe(a);
    expect(() => computeFingerprint('r', 'f', 's', -1)).toThrow(/occurrenceIndex/);
  });
});

describe('sorting', () => {
  it('orders findings by file, line, column, rule, message and notifications by file, kind, message', () => {
    const f = sortFindings(shuffled().findings).map((x) => `${x.location.file}:${x.location.line}:${x.location.column}`);
    expect(f).toEqual(['src/auth/config.ts:3:42', 'src/my app/clé.ts:5:15', 'src/my app/clé.ts:21:29', 'web/login.tsx:14:5']);
    const n = sortNotifications(shuffled().notifications).map((x) => x.file);
    expect(n).toEqual(['public/vendor.min.js', 'src/broken file.ts', 'src/legacy/old.js']);
  });

  it('makes every format independent of input order', () => {
    for (const format of FORMATS) {
      const a = formatReport(sampleReport(), format, { color: false });
      expect(formatReport(shuffled(), format, { color: false })).toBe(a);
      expect(formatReport(sampleReport(), format, { color: false })).toBe(a);
    }
  });

  it('does not mutate the report', () => {
    const r = shuffled();
    const before = JSON.stringify(r);
    for (const format of FORMATS) formatReport(r, format, { color: true, category: 'x' });
    expect(JSON.stringify(r)).toBe(before);
  });
});

describe('text format', () => {
  const text = formatText(sampleReport(), { color: false });
  const lines = text.split('\n');

  it('groups findings under a header per file, in order', () => {
    const headers = lines.filter((l) => /^\S/.test(l) && !/problems|Could not/.test(l));
    expect(headers).toEqual(['src/auth/config.ts', 'src/my app/clé.ts', 'web/login.tsx']);
    const i = lines.indexOf('src/my app/clé.ts');
    expect(lines[i + 1]).toMatch(/^ {2}5:15 {3}error {4}The verification key .* {2}hardcoded-secret$/);
    expect(text).toContain('  21:29  warning  The algorithms allowlist');
    expect(text).toContain('    related: src/auth/sign.ts:8:10  used to sign here');
  });

  it('prints the path of a finding that comes through a flow, one compact line a step', () => {
    const i = lines.indexOf('    step 1: src/auth/config.ts:3:42  hard-coded secret');
    expect(i).toBeGreaterThan(0);
    expect(lines.slice(i, i + 3)).toEqual([
      '    step 1: src/auth/config.ts:3:42  hard-coded secret',
      '    step 2: src/my app/clé.ts:1:10  imported as `secret`',
      '    step 3: src/my app/clé.ts:21:3  reaches jwt.verify',
    ]);
    expect(lines.filter((l) => l.startsWith('    step '))).toHaveLength(3);
  });

  it('shows a one-line code frame with a caret under the column', () => {
    const i = lines.findIndex((l) => l.startsWith('    3 | '));
    expect(lines[i]).toBe("    3 | export const secret = process.env.JWT || 'supe…(16 chars)';");
    const caret = lines[i + 1];
    expect(caret.indexOf('^') - caret.indexOf('|') - 2).toBe(41);
    expect(lines[i][caret.indexOf('^')]).toBe("'");
    // Tabs before the column are kept so the caret lines up.
    expect(codeFrame("\tconst key = 'x';", 5, 14)).toEqual(["    5 | \tconst key = 'x';", '      | \t            ^']);
  });

  it('cuts very long lines to a window around the column', () => {
    const long = 'a'.repeat(500) + 'TOKEN' + 'b'.repeat(500);
    const [code, caret] = codeFrame(long, 1, 501);
    expect(code.length).toBeLessThan(140);
    expect(code[caret.indexOf('^')]).toBe('T');
  });

  it('lists notifications and a summary with skip reasons and counts per rule', () => {
    expect(text).toContain('Could not fully analyse 3 files:\n');
    expect(text).toContain("  src/broken file.ts:4:17  parse-error  Syntax error: ')' expected.  (skipped)");
    expect(text).toContain('  src/legacy/old.js:10:3  rule-error  Rule algorithm-confusion threw');
    expect(text).toContain('4 problems (2 errors, 1 warning, 1 note) in 3 files — scanned 42 files, skipped 15 (reasons: 12 ignored by .gitignore, 3 tests)\n');
    expect(text.endsWith('  2  hardcoded-secret\n  1  algorithm-confusion\n  1  token-in-web-storage\n')).toBe(true);
  });

  it('summarises an empty report', () => {
    const r = sampleReport();
    r.findings = [];
    r.notifications = [];
    r.stats = { filesScanned: 1, filesParsed: 1, skipped: [] };
    expect(formatText(r, { color: false })).toBe('0 problems (0 errors, 0 warnings, 0 notes) in 0 files — scanned 1 file, skipped 0\n');
  });

  it('uses ANSI codes only when asked', () => {
    expect(text).not.toMatch(ANSI);
    const colored = formatText(sampleReport(), { color: true });
    expect(colored).toMatch(ANSI);
    expect(colored).toContain('\u001b[31merror\u001b[39m');
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(text);
  });

  it('neutralises control characters from scanned files', () => {
    const r = sampleReport();
    r.findings[0].message = 'evil \u001b[2Jmessage\nsecond line';
    r.findings[0].location.snippet = 'x\u001b]0;title\u0007';
    for (const out of [formatText(r, { color: false }), formatCompact(r)]) {
      expect(out).not.toMatch(/[\u001b\u0007]/);
      expect(out).not.toContain('\nsecond line');
    }
  });
});

describe('shouldUseColor', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  it('colours a TTY unless TERM is dumb', () => {
    expect(shouldUseColor(tty, {})).toBe(true);
    expect(shouldUseColor({}, {})).toBe(false);
    expect(shouldUseColor(pipe, {})).toBe(false);
    expect(shouldUseColor(tty, { TERM: 'dumb' })).toBe(false);
  });
  it('honours NO_COLOR (any non-empty value), which beats FORCE_COLOR', () => {
    expect(shouldUseColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColor(tty, { NO_COLOR: 'false' })).toBe(false);
    expect(shouldUseColor(tty, { NO_COLOR: '' })).toBe(true);
    expect(shouldUseColor(tty, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
  });
  it('honours FORCE_COLOR, with 0 and false disabling', () => {
    expect(shouldUseColor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(shouldUseColor(pipe, { FORCE_COLOR: '3' })).toBe(true);
    expect(shouldUseColor(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(shouldUseColor(tty, { FORCE_COLOR: 'false' })).toBe(false);
    expect(shouldUseColor(pipe, { FORCE_COLOR: '' })).toBe(false);
  });
});

describe('compact format', () => {
  const out = formatCompact(sampleReport());
  const lines = out.trimEnd().split('\n');

  it('prints one gcc-matcher line per finding and per notification', () => {
    expect(lines).toHaveLength(7);
    for (const line of lines) expect(line).toMatch(GCC_PROBLEM_PATTERN);
    expect(GCC_PROBLEM_PATTERN.source).toBe('^(.*):(\\d+):(\\d+):\\s+(warning|error):\\s+(.*)$');
    expect(lines[0]).toBe("src/auth/config.ts:3:42: error: The signing key is the hard-coded literal 'supe…(16 chars)'. [hardcoded-secret]");
    const [, file, line, col, severity] = GCC_PROBLEM_PATTERN.exec(lines[1])!;
    expect([file, line, col, severity]).toEqual(['src/my app/clé.ts', '5', '15', 'error']);
  });

  it('prints notes as warnings with the real level in the message', () => {
    expect(lines).toContain('web/login.tsx:14:5: warning: (note) The JWT is written to localStorage, where any script on the page can read it. [token-in-web-storage]');
  });

  it('prints notifications with their kind', () => {
    expect(lines).toContain('public/vendor.min.js:1:1: warning: could not analyse: File is 3.2 MB, over the 2 MB limit. [jwtlint/too-large]');
    expect(lines).toContain("src/broken file.ts:4:17: warning: could not analyse: Syntax error: ')' expected. [jwtlint/parse-error]");
  });

  it('prints nothing for an empty report', () => {
    expect(formatCompact({ ...sampleReport(), findings: [], notifications: [] })).toBe('');
  });
});

describe('json format', () => {
  it('has fixed top-level and nested key order', () => {
    const out = formatJson(sampleReport());
    expect(out.endsWith('}\n')).toBe(true);
    const doc = JSON.parse(out) as Record<string, unknown> & { findings: Record<string, unknown>[]; notifications: Record<string, unknown>[] };
    expect(Object.keys(doc)).toEqual(['version', 'findings', 'notifications', 'stats']);
    expect(doc.version).toBe('0.1.0');
    expect(Object.keys(doc.findings[0])).toEqual(['ruleId', 'level', 'message', 'location', 'related', 'steps', 'fingerprint']);
    expect(Object.keys(doc.findings[1])).toEqual(['ruleId', 'level', 'message', 'location', 'related', 'fingerprint']);
    expect(Object.keys(doc.findings[0].location as object)).toEqual(['file', 'line', 'column', 'endLine', 'endColumn', 'snippet']);
    expect(Object.keys(doc.notifications[2])).toEqual(['kind', 'level', 'message', 'file', 'line', 'column', 'ruleId', 'fileSkipped']);
    expect(doc.stats).toEqual({
      filesScanned: 42,
      filesParsed: 40,
      skipped: [
        { reason: 'ignored by .gitignore', count: 12 },
        { reason: 'tests', count: 3 },
      ],
    });
  });

  it('does not depend on the key order of the input objects', () => {
    const r = sampleReport();
    r.findings = r.findings.map((f) => ({
      ...(f.fixes ? { fixes: f.fixes } : {}),
      ...(f.steps ? { steps: f.steps } : {}),
      fingerprint: f.fingerprint,
      related: f.related,
      location: f.location,
      message: f.message,
      level: f.level,
      ruleId: f.ruleId,
    }));
    expect(formatJson(r)).toBe(formatJson(sampleReport()));
  });
});

describe('formatReport', () => {
  it('knows exactly the five formats', () => {
    expect(FORMATS).toEqual(['text', 'compact', 'json', 'sarif', 'github']);
    expect(isFormatName('sarif')).toBe(true);
    expect(isFormatName('xml')).toBe(false);
  });

  it('pretty-prints SARIF with a trailing newline and passes the category through', () => {
    const out = formatReport(sampleReport(), 'sarif', { color: true, category: 'jwtlint' });
    expect(out.startsWith('{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n')).toBe(true);
    expect(out.endsWith('\n}\n')).toBe(true);
    expect(out).not.toMatch(ANSI);
    expect(JSON.parse(out).runs[0].automationDetails).toEqual({ id: 'jwtlint/' });
  });
});
