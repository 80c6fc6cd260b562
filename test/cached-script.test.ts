import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** The built module (npm test builds first): what bin/jwtlint.js and the TypeScript loader use. */
const cachedScript = path.resolve(import.meta.dirname, '..', 'dist', 'src', 'parsing', 'cached-script.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-code-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const script = path.join(dir, 'answer.cjs');
writeFileSync(script, `${Array.from({ length: 200 }, (_, i) => `function f${i}(x) { return x + ${i}; }`).join('\n')}\nmodule.exports = { answer: f41(1) };\n`);
const driver = path.join(dir, 'driver.mjs');
writeFileSync(
  driver,
  `const { runCachedScript } = await import(${JSON.stringify(cachedScript)});\nprocess.stdout.write(String(runCachedScript(${JSON.stringify(script)}, 'demo').exports.answer));\n`,
);

/** Runs the script through the cache in a fresh node with these flags; its output and the cache files after it. */
function run(cacheHome: string, flags: string[] = []): { output: string; caches: string[] } {
  const result = spawnSync(process.execPath, [...flags, driver], { env: { ...process.env, XDG_CACHE_HOME: cacheHome, NODE_OPTIONS: '' }, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  const folder = path.join(cacheHome, 'jwtlint');
  return {
    output: result.stdout,
    caches: readdirSync(folder)
      .filter((name) => name.endsWith('.v8'))
      .sort(),
  };
}

describe('V8 code cache of a script', () => {
  it('keeps one cache per set of node flags, so a heap-capped run and an uncapped one do not replace each other', () => {
    const home = path.join(dir, 'flags');
    const first = run(home);
    expect(first.output).toBe('42');
    expect(first.caches).toHaveLength(1);
    expect(run(home).caches).toEqual(first.caches);
    const capped = run(home, ['--max-old-space-size=300']);
    expect(capped.output).toBe('42');
    expect(capped.caches).toHaveLength(2);
    expect(run(home).caches).toEqual(capped.caches);
  });

  it('keeps the newest caches of a script only', () => {
    const home = path.join(dir, 'prune');
    const folder = path.join(home, 'jwtlint');
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < 6; i += 1) {
      const old = path.join(folder, `demo-old${i}.v8`);
      writeFileSync(old, 'stale');
      utimesSync(old, new Date(2020, 0, 1 + i), new Date(2020, 0, 1 + i));
    }
    writeFileSync(path.join(folder, 'other-keep.v8'), 'another script');
    const { caches } = run(home);
    expect(caches.filter((name) => name.startsWith('demo-'))).toHaveLength(4);
    expect(caches).toContain('demo-old5.v8');
    expect(caches).not.toContain('demo-old0.v8');
    expect(caches).toContain('other-keep.v8');
  });
});
