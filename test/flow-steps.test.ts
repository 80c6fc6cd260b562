import path from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { scanFiles } from '../src/engine/scan.js';
import { assignFingerprints } from '../src/report/fingerprint.js';
import { toDiagnostic } from '../src/lsp/diagnostics.js';
import type { Finding } from '../src/report/types.js';

/**
 * Findings that come through a flow carry their path (Finding.steps): source first, the reported operation or
 * sink last. Each multi-file fixture folder is scanned as its own project.
 */
const fixturesRoot = path.resolve(import.meta.dirname, '..', 'fixtures');

function scanFolder(folder: string): Finding[] {
  const root = path.join(fixturesRoot, folder);
  const files = fg.sync('**/*.ts', { cwd: root, absolute: true }).sort();
  return scanFiles({ root, files, rules: allRules }).findings;
}

/** `file:line:column message` of each step of the finding of `ruleId` reported at `file:line`. */
function stepsAt(findings: readonly Finding[], ruleId: string, place: string): string[] | undefined {
  const finding = findings.find((f) => f.ruleId === ruleId && `${f.location.file}:${f.location.line}` === place);
  if (!finding) throw new Error(`no ${ruleId} finding at ${place}: ${findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`).join(', ')}`);
  return finding.steps?.map((step) => `${step.file}:${step.line}:${step.column} ${step.message}`);
}

describe('flow steps of findings', () => {
  it('follows a request token out of a helper of another module to the decode', () => {
    const findings = scanFolder('decode-without-verify/wrapper-module');
    expect(stepsAt(findings, 'decode-without-verify', 'routes/me.ts:6')).toEqual([
      'lib/security.ts:4:41 read from the incoming request; returned by `bearer()`',
      'routes/me.ts:6:18 decoded by jws.decode',
    ]);
    // a token passed to a helper that decodes it: the path goes into the helper
    expect(stepsAt(findings, 'decode-without-verify', 'routes/me.ts:11')).toEqual(['routes/me.ts:11:27 passed to `claimsOf()`', 'lib/security.ts:8:44 reaches jwt.decode']);
  });

  it('follows a token through a variable and a return of another module to the log', () => {
    const findings = scanFolder('token-in-log/helper-module');
    expect(stepsAt(findings, 'token-in-log', 'handler.ts:6')).toEqual([
      'request.ts:5:17 read from the incoming request',
      'request.ts:5:9 assigned to `value`',
      'request.ts:6:10 returned by `sessionOf()`',
      'handler.ts:6:3 logged by console.info',
    ]);
    // the token enters a log helper of another module
    expect(stepsAt(findings, 'token-in-log', 'handler.ts:7')).toEqual(['handler.ts:7:9 passed to `audit()`', 'request.ts:10:43 reaches console.info']);
    // a method of a new instance keeps its words apart (`new Auditor()`, not `newAuditor()`)
    expect(stepsAt(findings, 'token-in-log', 'handler.ts:9')).toEqual(['handler.ts:9:24 passed to `new Auditor().record()`', 'request.ts:15:5 reaches console.warn']);
    // read right where it is logged: nothing to show
    expect(stepsAt(findings, 'token-in-log', 'handler.ts:4')).toEqual(['request.ts:2:41 read from the incoming request; returned by `bearer()`', 'handler.ts:4:3 logged by console.log']);
  });

  it('leads a token to a plain-HTTP request and to an insecure cookie', () => {
    expect(stepsAt(scanFolder('token-over-http'), 'token-over-http', 'fetch.ts:12')).toEqual([
      'fetch.ts:11:18 token signed here',
      'fetch.ts:11:9 assigned to `signed`',
      'fetch.ts:12:9 sent over plain HTTP by fetch',
    ]);
    expect(stepsAt(scanFolder('insecure-token-cookie'), 'insecure-token-cookie', 'express.ts:35')).toEqual([
      'express.ts:6:31 token signed here; returned by `issue()`',
      'express.ts:35:3 set as a cookie by res.cookie',
    ]);
  });

  it('leads options left out by the caller through two wrappers to the sign call', () => {
    const findings = scanFolder('missing-expiration/optional-options');
    expect(stepsAt(findings, 'missing-expiration', 'login.ts:25')).toEqual([
      'login.ts:25:17 called without an expiry',
      'tokens.ts:15:70 passed on to `createToken()`',
      'tokens.ts:5:10 reaches jwt.sign',
    ]);
    expect(stepsAt(findings, 'missing-expiration', 'login.ts:12')).toEqual(['login.ts:12:54 lifetime passed by the caller', 'tokens.ts:5:10 reaches jwt.sign']);
    // options written inside the function: reported at the library call, no path
    expect(stepsAt(findings, 'missing-expiration', 'tokens.ts:12')).toBeUndefined();
  });

  it('leads a secret from its module to the call that signs with it', () => {
    const findings = scanFolder('hardcoded-secret/wrapper-module');
    expect(stepsAt(findings, 'hardcoded-secret', 'secrets.ts:1')).toEqual(['secrets.ts:1:31 hard-coded secret', 'use.ts:6:37 the key of jwt.sign', 'use.ts:6:10 used by jwt.sign']);
    // written in the call itself: nothing to show
    expect(stepsAt(findings, 'hardcoded-secret', 'use.ts:11')).toBeUndefined();
  });

  it('follows a header field parsed by an inherited helper of another module to the fetch', () => {
    const findings = scanFolder('header-driven-key-lookup/inherited-parser');
    expect(stepsAt(findings, 'header-driven-key-lookup', 'jku.ts:9')).toEqual([
      'processor.ts:5:13 header field `jku` of the unverified token',
      'jku.ts:8:31 through `this.parse()`',
      'jku.ts:9:36 held in `header.jku`',
      'jku.ts:9:30 is the URL (or part of the URL) that is fetched',
    ]);
  });

  it('leaves fingerprints as they are without the steps', () => {
    const findings = scanFolder('token-in-log/helper-module');
    expect(findings.some((f) => f.steps)).toBe(true);
    const without = assignFingerprints(findings.map(({ fingerprint: _fingerprint, steps: _steps, ...rest }) => rest));
    expect(without.map((f) => f.fingerprint)).toEqual(findings.map((f) => f.fingerprint));
  });

  it('gives the language server the steps as numbered related information', () => {
    const findings = scanFolder('token-in-log/helper-module');
    const finding = findings.find((f) => f.location.file === 'handler.ts' && f.location.line === 6)!;
    const diagnostic = toDiagnostic(finding, '/project', undefined);
    // the last step is the reported call itself: not repeated
    expect(diagnostic.relatedInformation!.map((r) => r.message)).toEqual([
      'step 1/4: read from the incoming request',
      'step 2/4: assigned to `value`',
      'step 3/4: returned by `sessionOf()`',
    ]);
    expect(diagnostic.relatedInformation![0].location.uri).toBe('file:///project/request.ts');
  });
});
