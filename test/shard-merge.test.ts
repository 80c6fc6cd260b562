import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type * as sarif from 'sarif';
import { allRules } from '../rules/index.js';
import { scanFiles } from '../src/engine/scan.js';
import { parseShard, selectShard } from '../src/engine/shard.js';
import { mergeSarif } from '../src/report/merge-sarif.js';
import { toSarif } from '../src/report/sarif.js';
import { runCli } from './helpers/run-cli.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-shard-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const files: string[] = [];
for (let i = 0; i < 40; i += 1) {
  const dir = path.join(root, `pkg${i % 4}`);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `m${i}.ts`);
  writeFileSync(file, i % 3 === 0 ? `import jwt from 'jsonwebtoken';\nexport const f = (t: string) => jwt.verify(t, process.env.K!);\n` : `export const x${i} = ${i};\n`);
  files.push(file);
}
writeFileSync(path.join(root, 'broken.ts'), Buffer.from([0, 1, 2]));
files.push(path.join(root, 'broken.ts'));
const relative = files.map((f) => path.relative(root, f));

describe('sharding', () => {
  it('parses K/N and rejects nonsense', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '1', '']) expect(parseShard(bad)).toBeUndefined();
  });

  it('splits files into disjoint shards that cover everything, independent of order', () => {
    const shards = [1, 2, 3].map((index) => selectShard(relative, { index, count: 3 }));
    expect(shards.flat().sort()).toEqual([...relative].sort());
    expect(new Set(shards.flat()).size).toBe(relative.length);
    expect(shards.every((s) => s.length > 0)).toBe(true);
    expect(selectShard([...relative].reverse(), { index: 2, count: 3 }).sort()).toEqual([...shards[1]].sort());
  });

  it('merging the shard SARIF logs gives the same results as one whole scan', () => {
    const whole = toSarif(scanFiles({ root, files, rules: allRules }));
    const parts = [1, 2, 3].map((index) => {
      const mine = new Set(selectShard(relative, { index, count: 3 }));
      return toSarif(scanFiles({ root, files: files.filter((f) => mine.has(path.relative(root, f))), rules: allRules }));
    });
    const merged = mergeSarif(parts);
    expect(merged.runs).toHaveLength(1);
    expect(merged.runs[0].results).toEqual(whole.runs[0].results);
    expect(merged.runs[0].tool.driver.rules).toEqual(whole.runs[0].tool.driver.rules);
    expect(merged.runs[0].invocations?.[0].executionSuccessful).toBe(false);
    expect(merged.runs[0].invocations?.[0].toolExecutionNotifications).toEqual(whole.runs[0].invocations?.[0].toolExecutionNotifications);
  });

  it('refuses to merge logs of different tools', () => {
    const log = toSarif(scanFiles({ root, files: files.slice(0, 3), rules: allRules }));
    const other = structuredClone(log);
    other.runs[0].tool.driver.version = '9.9.9';
    expect(() => mergeSarif([log, other])).toThrow(/different tools/);
  });
});

describe('--shard and merge-sarif through the CLI', () => {
  it('three shards merged equal one whole scan of the example', { timeout: 60_000 }, () => {
    const repo = path.resolve(import.meta.dirname, '..');
    const out = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-shard-cli-'));
    try {
      const whole = runCli(['examples/vulnerable-app', '--format', 'sarif'], { cwd: repo });
      const parts = [1, 2, 3].map((k) => {
        const file = path.join(out, `part${k}.sarif`);
        const result = runCli(['examples/vulnerable-app', '--format', 'sarif', '--shard', `${k}/3`, '--output', file], { cwd: repo });
        expect(result.stdout).toBe('');
        return file;
      });
      const merged = runCli(['merge-sarif', ...parts], { cwd: repo });
      expect(merged.code).toBe(0);
      // the same results; a fix that needs every file of the scan (all sign calls with a key agree) only from the whole
      const withoutFixes = (results: sarif.Result[]) => results.map(({ fixes: _fixes, ...result }) => result);
      const [shardResults, wholeResults] = [merged, whole].map((run) => (JSON.parse(run.stdout) as sarif.Log).runs[0].results ?? []);
      expect(withoutFixes(shardResults)).toEqual(withoutFixes(wholeResults));
      for (const [i, result] of shardResults.entries()) if (result.fixes) expect(result.fixes).toEqual(wholeResults[i].fixes);
      expect(shardResults.filter((result) => result.fixes).length).toBeLessThan(wholeResults.filter((result) => result.fixes).length);
      const bad = runCli(['examples/vulnerable-app', '--shard', '4/3'], { cwd: repo });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/invalid --shard "4\/3"/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
