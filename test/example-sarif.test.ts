import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import type * as sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { schemaErrors, validateWithMultitool } from './helpers/sarif-validate.js';

const repoRoot = path.resolve(import.meta.dirname, '..');

describe('SARIF of the bundled example, end to end through the built CLI', () => {
  it('has findings, exits 1, and passes the schema and the Multitool with GitHub rules', { timeout: 90_000 }, async () => {
    const result = runCli(['examples/vulnerable-app', '--format', 'sarif'], { cwd: repoRoot });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const log = JSON.parse(result.stdout) as sarif.Log;
    expect(log.runs[0].results?.length).toBeGreaterThan(3);
    for (const r of log.runs[0].results ?? []) {
      expect(r.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toMatch(/^examples\/vulnerable-app\//);
    }
    expect(schemaErrors(log)).toEqual([]);
    // GitHub rejects uploads over 10 MB gzipped
    expect(gzipSync(result.stdout).length).toBeLessThan(10 * 1024 * 1024);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-example-sarif-'));
    try {
      const problems = await validateWithMultitool(log, dir, 'example');
      expect(problems.filter((p) => p.level === 'error').map((p) => `${p.ruleId}: ${p.message.text ?? p.message.id}`)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SARIF run from a subdirectory of a repository', () => {
  it('keeps URIs relative to the repository root, percent-encoded, based on %SRCROOT%', { timeout: 30_000 }, () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-subdir-'));
    try {
      mkdirSync(path.join(repo, '.git'));
      mkdirSync(path.join(repo, 'packages', 'api v2', 'src'), { recursive: true });
      writeFileSync(
        path.join(repo, 'packages', 'api v2', 'src', 'auth.ts'),
        "import jwt from 'jsonwebtoken';\nexport const f = (t: string) => jwt.verify(t, process.env.K!, { audience: 'a' });\n",
      );
      const result = runCli(['.', '--format', 'sarif'], { cwd: path.join(repo, 'packages', 'api v2') });
      expect(result.code).toBe(1);
      const location = (JSON.parse(result.stdout) as sarif.Log).runs[0].results?.[0]?.locations?.[0]?.physicalLocation?.artifactLocation;
      expect(location).toEqual({ uri: 'packages/api%20v2/src/auth.ts', uriBaseId: '%SRCROOT%' });
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
