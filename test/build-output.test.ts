import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { ts } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

/** The built JavaScript (npm test builds before it runs the tests): what bin/jwtlint.js loads. */
const dist = path.resolve(import.meta.dirname, '..', 'dist');

function builtModules(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? builtModules(full) : entry.name.endsWith('.js') ? [full] : [];
  });
}

describe('build output', () => {
  it('imports the compiler API from the runtime module, never from ts-morph (start-up cost)', () => {
    const runtime = path.join(dist, 'src', 'parsing', 'typescript-runtime.js');
    const importingMorph = builtModules(dist).filter((file) => file !== runtime && /\bfrom\s*['"]ts-morph['"]/.test(readFileSync(file, 'utf8')));
    expect(importingMorph.map((file) => path.relative(dist, file))).toEqual([]);
    expect(readFileSync(path.join(dist, 'src', 'binding', 'scope.js'), 'utf8')).toMatch(/from '\.\.\/parsing\/typescript-runtime\.js'/);
  });

  it('the runtime module gives the very compiler API ts-morph re-exports', async () => {
    const runtime = (await import(path.join(dist, 'src', 'parsing', 'typescript-runtime.js'))) as { ts: typeof ts };
    // one compiler loaded once: the same functions, not a second copy
    expect(runtime.ts.createSourceFile).toBe(ts.createSourceFile);
    expect(runtime.ts.version).toBe(ts.version);
  });
});

describe('one-script bundle (dist/jwtlint.cjs)', { timeout: 60_000 }, () => {
  it('holds every module of src/ and rules/', () => {
    const bundle = createRequire(import.meta.url)(path.join(dist, 'jwtlint.cjs')) as { has(id: string): boolean };
    const modules = [...builtModules(path.join(dist, 'src')), ...builtModules(path.join(dist, 'rules'))].map((file) => path.relative(dist, file).split(path.sep).join('/'));
    expect(modules.length).toBeGreaterThan(100);
    expect(modules.filter((id) => !bundle.has(id))).toEqual([]);
  });

  it('the CLI runs from it by default and finds what the ES modules find', () => {
    const args = ['examples/vulnerable-app', '--format', 'json'];
    const bundled = runCli(args, { env: { JWTLINT_DEBUG: '1' } });
    const modules = runCli(args, { env: { JWTLINT_DEBUG: '1', JWTLINT_BUNDLE: '0' } });
    expect(bundled.stderr).toContain('modules from dist/jwtlint.cjs');
    expect(modules.stderr).toContain('modules from dist/src (ES modules)');
    const findings = (run: { stdout: string }) => (JSON.parse(run.stdout) as { findings: unknown[] }).findings;
    expect(findings(bundled).length).toBeGreaterThan(5);
    expect(findings(bundled)).toEqual(findings(modules));
    expect(bundled.code).toBe(modules.code);
  });
});

describe('start-up: the compiler bundle is loaded only when a file is parsed', { timeout: 60_000 }, () => {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'jwtlint-lazy-')));
  // preloaded into the CLI: says at exit whether the compiler bundle was loaded
  const probe = path.join(dir, 'probe.cjs');
  writeFileSync(probe, "process.on('exit', () => process.stderr.write('compiler loaded: ' + Object.keys(require.cache).some((k) => k.endsWith('typescript.js')) + '\\n'));\n");
  const app = path.join(dir, 'app');
  mkdirSync(path.join(app, '.git'), { recursive: true });
  writeFileSync(path.join(app, 'auth.ts'), "import jwt from 'jsonwebtoken';\nexport const check = (t: string) => jwt.verify(t, process.env.KEY!);\n");
  writeFileSync(path.join(app, 'math.ts'), 'export const add = (a: number, b: number) => a + b;\n');
  const loaded = (args: string[]) => {
    const run = runCli(args, { cwd: app, env: { NODE_OPTIONS: `--require ${probe}` } });
    return { code: run.code, loaded: /compiler loaded: (\w+)/.exec(run.stderr)?.[1] };
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a run that parses loads it; the same run fully cached does not, and finds the same', () => {
    const cache = path.join(dir, 'cache');
    expect(loaded(['.', '--cache', cache])).toEqual({ code: 1, loaded: 'true' });
    expect(loaded(['.', '--cache', cache])).toEqual({ code: 1, loaded: 'false' });
  });

  it('a run whose files all fail the prefilter does not load it', () => {
    expect(loaded(['math.ts'])).toEqual({ code: 0, loaded: 'false' });
  });
});
