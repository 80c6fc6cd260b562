import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { fork } from 'node:child_process';
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

describe('--jobs children start as the CLI starts', { timeout: 60_000 }, () => {
  /** Starts dist/src/cli/job-entry.js as jobs.ts does, has it scan the example app, and returns its part and stderr. */
  function runChild(env: Record<string, string>): Promise<{ part: { pending: unknown[] }; stderr: string }> {
    const root = path.resolve(import.meta.dirname, '..', 'examples', 'vulnerable-app');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.(?:js|ts)$/.test(file))
      .map((file) => path.join(root, file));
    const child = fork(path.join(dist, 'src', 'cli', 'job-entry.js'), [], {
      env: { ...process.env, JWTLINT_DEBUG: '1', ...env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    let stderr = '';
    child.stderr?.on('data', (data: Buffer) => {
      stderr += data.toString();
    });
    return new Promise((resolve, reject) => {
      let part: { pending: unknown[] } | undefined;
      child.on('message', (message: { kind: string; part?: { pending: unknown[] } }) => {
        if (message.kind === 'part') {
          part = message.part;
          child.send({ kind: 'end' });
        }
      });
      child.on('exit', (code) => (code === 0 && part ? resolve({ part, stderr }) : reject(new Error(`child exited ${code}: ${stderr}`))));
      child.send({ kind: 'start', spec: { root, allFiles: files, ruleIds: ['decode-without-verify', 'hardcoded-secret'], timing: false } });
      child.send({ kind: 'chunk', start: 0, files });
    });
  }

  it('from the one-script bundle by default, from the ES modules when told; the same results', async () => {
    const bundled = await runChild({});
    const modules = await runChild({ JWTLINT_BUNDLE: '0' });
    expect(bundled.stderr).toContain('modules from dist/jwtlint.cjs: src/cli/job.js');
    expect(modules.stderr).toContain('modules from dist/src (ES modules): src/cli/job.js');
    expect(bundled.part.pending.length).toBeGreaterThan(0);
    expect(JSON.stringify(bundled.part)).toBe(JSON.stringify(modules.part));
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
