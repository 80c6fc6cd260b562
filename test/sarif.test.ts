import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type * as sarif from 'sarif';
import { ghStrictConfig, multitool, sarifSchemaPath as schemaPath, validateWithMultitool } from './helpers/sarif-validate.js';
import { describe, expect, it } from 'vitest';
import { formatReport } from '../src/report/format.js';
import { FINGERPRINT_KEY, MAX_RESULTS_PER_RUN, RESULT_LIMIT_NOTIFICATION, SRCROOT, toSarif } from '../src/report/sarif.js';
import type { Finding, ScanReport } from '../src/report/types.js';
import { SPACED_FILE, sampleReport } from './helpers/sample-report.js';

function run(log: sarif.Log): sarif.Run {
  expect(log.runs).toHaveLength(1);
  return log.runs[0];
}

function allArtifactLocations(r: sarif.Run): sarif.ArtifactLocation[] {
  const out: sarif.ArtifactLocation[] = [];
  for (const result of r.results ?? []) {
    for (const loc of [...(result.locations ?? []), ...(result.relatedLocations ?? [])]) {
      if (loc.physicalLocation?.artifactLocation) out.push(loc.physicalLocation.artifactLocation);
    }
  }
  for (const n of r.invocations?.[0].toolExecutionNotifications ?? []) {
    for (const loc of n.locations ?? []) if (loc.physicalLocation?.artifactLocation) out.push(loc.physicalLocation.artifactLocation);
  }
  return out;
}

function manyFindings(n: number): Finding[] {
  return Array.from({ length: n }, (_, i) => ({
    ruleId: 'hardcoded-secret',
    level: 'error' as const,
    message: `finding ${i}`,
    // Reverse order, so the cap must keep the first after sorting, not the first given.
    location: { file: `src/f${String(n - i).padStart(5, '0')}.ts`, line: 1, column: 1, endLine: 1, endColumn: 5 },
    related: [],
    fingerprint: i.toString(16).padStart(32, '0'),
  }));
}

describe('toSarif: JSON schema', () => {
  it('validates against the SARIF 2.1.0 schema shipped with the multitool', () => {
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    for (const log of [toSarif(sampleReport()), toSarif(sampleReport(), { category: 'jwtlint' })]) {
      const ok = validate(JSON.parse(JSON.stringify(log)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
    // Negative control: the compiled schema does reject a malformed log.
    const broken = JSON.parse(JSON.stringify(toSarif(sampleReport()))) as { runs: { results: { level: string }[] }[] };
    broken.runs[0].results[0].level = 'fatal';
    expect(validate(broken)).toBe(false);
  });
});

describe('toSarif: SARIF multitool with the GitHub rules', () => {
  const onLinux = process.platform === 'linux';

  it.skipIf(!onLinux)(
    'reports no error for our output, and does report GH1006 for an absolute file URI (negative control)',
    async () => {
      expect(existsSync(multitool), `multitool binary missing at ${multitool}`).toBe(true);
      expect(existsSync(ghStrictConfig), `GitHub strict config missing at ${ghStrictConfig}`).toBe(true);
      const dir = mkdtempSync(path.join(tmpdir(), 'jwtlint-sarif-'));
      try {
        for (const [name, log] of [
          ['plain', toSarif(sampleReport())],
          ['category', toSarif(sampleReport(), { category: 'jwtlint/js' })],
          ['capped', toSarif({ ...sampleReport(), findings: [...sampleReport().findings, ...manyFindings(5)] }, { maxResults: 3 })],
        ] as const) {
          const errors = (await validateWithMultitool(log, dir, name)).filter((r) => r.level === 'error');
          expect(errors.map((r) => `${name}: ${r.ruleId} ${JSON.stringify(r.message)}`)).toEqual([]);
        }

        // Negative control: proves the GitHub rules and the strict config are really applied.
        const broken = toSarif(sampleReport());
        const loc = broken.runs[0].results![0].locations![0].physicalLocation!.artifactLocation!;
        loc.uri = 'file:///home/dev/project/src/a.ts';
        delete loc.uriBaseId;
        const brokenErrors = (await validateWithMultitool(broken, dir, 'broken')).filter((r) => r.level === 'error');
        expect(brokenErrors.map((r) => r.ruleId)).toContain('GH1006');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});

describe('toSarif: what the validators do not check', () => {
  const log = toSarif(sampleReport());
  const r = run(log);
  const rules = r.tool.driver.rules ?? [];

  it('has the log header and a complete driver', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(r.tool.driver).toMatchObject({
      name: 'jwtlint',
      version: '0.1.0',
      semanticVersion: '0.1.0',
      informationUri: 'https://github.com/jwtlint/jwtlint',
    });
  });

  it('describes every rule with help, helpUri, default level and GitHub properties', () => {
    expect(rules.map((x) => x.id)).toEqual(['algorithm-confusion', 'hardcoded-secret', 'token-in-web-storage']);
    const secret = rules.find((x) => x.id === 'hardcoded-secret')!;
    expect(secret.name).toBe('HardcodedSecret');
    expect(secret.shortDescription?.text).toBe('Hard-coded JWT secret');
    expect(secret.fullDescription?.text).toMatch(/^Finds JWT signing/);
    expect(secret.helpUri).toBe('https://github.com/jwtlint/jwtlint/blob/main/docs/rules/hardcoded-secret.md');
    expect(secret.defaultConfiguration?.level).toBe('error');
    expect(secret.help?.markdown).toContain('## Why it matters');
    expect(secret.help?.markdown).toContain("```ts\nimport jwt from 'jsonwebtoken';\njwt.sign(payload, 'supersecret');\n```");
    expect(secret.help?.text).toContain('How to fix:');
    expect(secret.help?.text).not.toContain('```');
    expect(secret.properties?.['problem.severity']).toBe('error');
    expect(rules.find((x) => x.id === 'token-in-web-storage')!.properties?.['problem.severity']).toBe('recommendation');
    expect(rules.find((x) => x.id === 'algorithm-confusion')!.help?.markdown).toContain('```js\n');

    for (const rule of rules) {
      const props = rule.properties!;
      const severity = props['security-severity'];
      expect(typeof severity).toBe('string');
      expect(severity).toMatch(/^\d+(\.\d+)?$/);
      const n = Number(severity);
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThanOrEqual(10);
      expect(props.tags).toContain('security');
      expect((props.tags as string[]).length).toBeLessThanOrEqual(10);
      expect(['very-high', 'high', 'medium', 'low']).toContain(props.precision);
    }
    expect(secret.properties?.tags).toEqual(['security', 'external/cwe/cwe-321', 'external/cwe/cwe-798']);
    expect(secret.properties?.['security-severity']).toBe('9.0');
    expect(rules.find((x) => x.id === 'algorithm-confusion')!.properties?.['security-severity']).toBe('7.5');
  });

  it('caps tags at 10 and rejects a security-severity outside (0, 10]', () => {
    const report = sampleReport();
    report.rules[0].cwe = Array.from({ length: 20 }, (_, i) => 100 + i);
    const tags = toSarif(report).runs[0].tool.driver.rules!.find((x) => x.id === report.rules[0].id)!.properties!.tags!;
    expect(tags).toHaveLength(10);
    expect(tags[0]).toBe('security');
    for (const bad of [0, -1, 10.5, Number.NaN]) {
      const r2 = sampleReport();
      r2.rules[0].securitySeverity = bad;
      expect(() => toSarif(r2)).toThrow(/securitySeverity/);
    }
  });

  it('points every result at its rule with ruleIndex, and sorts results', () => {
    const results = r.results!;
    expect(results).toHaveLength(4);
    for (const result of results) {
      expect(rules[result.ruleIndex!].id).toBe(result.ruleId);
      expect(result.partialFingerprints?.[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{32}$/);
    }
    const keys = results.map((x) => {
      const p = x.locations![0].physicalLocation!;
      return [decodeURIComponent(p.artifactLocation!.uri!), p.region!.startLine, p.region!.startColumn, x.ruleId];
    });
    expect(keys).toEqual([
      ['src/auth/config.ts', 3, 42, 'hardcoded-secret'],
      ['src/my app/clé.ts', 5, 15, 'hardcoded-secret'],
      ['src/my app/clé.ts', 21, 29, 'algorithm-confusion'],
      ['web/login.tsx', 14, 5, 'token-in-web-storage'],
    ]);
  });

  it('fails loudly on a finding whose rule is not described', () => {
    const report = sampleReport();
    report.findings[0].ruleId = 'no-such-rule';
    expect(() => toSarif(report)).toThrow(/no-such-rule/);
  });

  it('uses relative, percent-encoded URIs based on %SRCROOT%, and never the absolute root', () => {
    const locations = allArtifactLocations(r);
    expect(locations.length).toBeGreaterThan(6);
    for (const loc of locations) {
      expect(loc.uriBaseId).toBe(SRCROOT);
      expect(loc.uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
      expect(loc.uri).not.toMatch(/^\//);
      expect(loc.uri).toMatch(/^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]+$/);
    }
    const uris = locations.map((l) => l.uri);
    expect(uris).toContain('src/my%20app/cl%C3%A9.ts');
    expect(uris).toContain('src/broken%20file.ts');
    expect(r.originalUriBaseIds?.[SRCROOT]?.uri).toBeUndefined();
    expect(JSON.stringify(r)).not.toContain('/home/dev');
    expect(SPACED_FILE).toBe('src/my app/clé.ts');
  });

  it('writes fixes as artifactChanges with deleted regions and inserted content', () => {
    const results = run(toSarif(sampleReport())).results ?? [];
    const withFix = results.filter((r) => r.fixes !== undefined);
    expect(withFix).toHaveLength(1);
    expect(withFix[0].fixes).toEqual([
      {
        description: { text: 'Keep the token in memory' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'web/login.tsx', uriBaseId: SRCROOT },
            replacements: [
              { deletedRegion: { startLine: 14, startColumn: 5, endLine: 14, endColumn: 44 }, insertedContent: { text: 'session.token = res.token;' } },
              { deletedRegion: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 1 } },
            ],
          },
        ],
      },
    ]);
  });

  it('carries regions with columns, snippets and numbered related locations', () => {
    const result = r.results!.find((x) => x.ruleId === 'hardcoded-secret' && x.relatedLocations)!;
    expect(result.locations![0].physicalLocation!.region).toEqual({
      startLine: 3,
      startColumn: 42,
      endLine: 3,
      endColumn: 60,
      snippet: { text: "export const secret = process.env.JWT || 'supe…(16 chars)';" },
    });
    expect(result.relatedLocations!.map((x) => [x.id, x.message?.text])).toEqual([
      [1, 'used to sign here'],
      [2, 'used to verify here'],
    ]);
    expect(result.message.text).toContain('supe…(16 chars)');
  });

  it("writes a finding's path as one code flow, source first, without changing its fingerprint", () => {
    const result = r.results!.find((x) => x.ruleId === 'hardcoded-secret' && x.codeFlows)!;
    const locations = result.codeFlows![0].threadFlows[0].locations;
    expect(locations.map((l) => [l.location!.physicalLocation!.artifactLocation!.uri, l.location!.physicalLocation!.region!.startLine, l.location!.message!.text, l.importance])).toEqual([
      ['src/auth/config.ts', 3, 'hard-coded secret', 'essential'],
      ['src/my%20app/cl%C3%A9.ts', 1, 'imported as `secret`', 'important'],
      ['src/my%20app/cl%C3%A9.ts', 21, 'reaches jwt.verify', 'essential'],
    ]);
    // findings without a path have no code flow, and a path is no part of the fingerprint
    expect(r.results!.filter((x) => x.codeFlows)).toHaveLength(1);
    const withoutSteps = sampleReport();
    for (const finding of withoutSteps.findings) delete finding.steps;
    const plain = run(toSarif(withoutSteps)).results!;
    expect(plain.map((x) => x.partialFingerprints)).toEqual(r.results!.map((x) => x.partialFingerprints));
  });

  it('reports per-file problems as tool execution notifications', () => {
    const inv = r.invocations![0];
    expect(inv.executionSuccessful).toBe(false);
    const notes = inv.toolExecutionNotifications!;
    expect(notes.map((n) => n.descriptor?.id)).toEqual(['too-large', 'parse-error', 'rule-error']);
    const ruleError = notes.find((n) => n.descriptor?.id === 'rule-error')!;
    expect(ruleError.level).toBe('error');
    expect(ruleError.associatedRule).toEqual({ id: 'algorithm-confusion', index: 0 });
    expect(ruleError.locations![0].physicalLocation).toEqual({
      artifactLocation: { uri: 'src/legacy/old.js', uriBaseId: SRCROOT },
      region: { startLine: 10, startColumn: 3 },
    });
    for (const n of notes) expect(r.tool.driver.notifications![n.descriptor!.index!].id).toBe(n.descriptor!.id);

    const ok = sampleReport();
    ok.notifications = ok.notifications.filter((n) => n.fileSkipped !== true);
    expect(toSarif(ok).runs[0].invocations![0].executionSuccessful).toBe(true);
  });

  it('writes automationDetails only when a category is given', () => {
    expect(r.automationDetails).toBeUndefined();
    expect(JSON.stringify(log)).not.toContain('automationDetails');
    expect(run(toSarif(sampleReport(), { category: 'jwtlint' })).automationDetails).toEqual({ id: 'jwtlint/' });
    expect(run(toSarif(sampleReport(), { category: 'jwtlint/' })).automationDetails).toEqual({ id: 'jwtlint/' });
  });

  it('has no timestamps and is byte-deterministic, whatever order the input is in', () => {
    const a = formatReport(sampleReport(), 'sarif', { color: false });
    const shuffled = sampleReport();
    shuffled.findings.reverse();
    shuffled.notifications.reverse();
    shuffled.rules.reverse();
    const b = formatReport(shuffled, 'sarif', { color: false });
    expect(b).toBe(a);
    expect(a.endsWith('}\n')).toBe(true);
    expect(a).toContain('\n  "version": "2.1.0"');
    expect(a).not.toMatch(/Time(Utc)?"/);
  });

  it(`keeps the first ${MAX_RESULTS_PER_RUN} results after sorting and says how many were dropped`, () => {
    const report: ScanReport = { ...sampleReport(), notifications: [], findings: manyFindings(MAX_RESULTS_PER_RUN + 7) };
    const capped = run(toSarif(report));
    expect(capped.results).toHaveLength(MAX_RESULTS_PER_RUN);
    const first = capped.results![0].locations![0].physicalLocation!.artifactLocation!.uri;
    const last = capped.results![MAX_RESULTS_PER_RUN - 1].locations![0].physicalLocation!.artifactLocation!.uri;
    expect(first).toBe('src/f00001.ts');
    expect(last).toBe(`src/f0${MAX_RESULTS_PER_RUN}.ts`);
    const notes = capped.invocations![0].toolExecutionNotifications!;
    expect(notes).toHaveLength(1);
    expect(notes[0].level).toBe('warning');
    expect(notes[0].descriptor?.id).toBe(RESULT_LIMIT_NOTIFICATION);
    expect(notes[0].message.text).toContain('7 were dropped');
    expect(capped.invocations![0].executionSuccessful).toBe(true);

    const exact = run(toSarif({ ...report, findings: manyFindings(MAX_RESULTS_PER_RUN) }));
    expect(exact.results).toHaveLength(MAX_RESULTS_PER_RUN);
    expect(exact.invocations![0].toolExecutionNotifications).toEqual([]);
  });
});
