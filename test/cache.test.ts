import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { ScanCache } from '../src/engine/cache.js';
import { scanFiles } from '../src/engine/scan.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const SECRET = 'cache-must-not-store-this-secret-42';
mkdirSync(path.join(root, 'src'));
const config = path.join(root, 'src', 'config.ts');
const auth = path.join(root, 'src', 'auth.ts');
const other = path.join(root, 'src', 'other.ts');
writeFileSync(config, `export const SECRET = process.env.JWT_SECRET || '${SECRET}';\n`);
writeFileSync(auth, "import jwt from 'jsonwebtoken';\nimport { SECRET } from './config';\nexport const check = (t: string) => jwt.verify(t, SECRET, { audience: 'api' });\n");
writeFileSync(other, 'export const unrelated = 1;\n');
const files = [auth, config, other];
const cacheDir = path.join(root, '.jwtlint-cache');
const scan = (key = 'k1') => {
  const cache = ScanCache.open(cacheDir, key);
  const report = scanFiles({ root, files, rules: allRules, cache });
  return { report, cache };
};
const summary = (r: ReturnType<typeof scan>['report']) => r.findings.map((f) => `${f.location.file}:${f.location.line} ${f.ruleId} ${f.message}`);

describe('result cache', () => {
  it('a warm run re-parses nothing and reports the same findings', () => {
    const cold = scan();
    expect(cold.report.stats.filesParsed).toBe(2); // auth.ts and config.ts (it names JWT_SECRET); other.ts is filtered out
    expect(summary(cold.report)).toHaveLength(2);
    const warm = scan();
    expect(warm.report.stats.filesParsed).toBe(0);
    expect(warm.cache.hits).toBe(3);
    expect(summary(warm.report)).toEqual(summary(cold.report));
    expect(warm.report.findings.map((f) => f.fingerprint)).toEqual(cold.report.findings.map((f) => f.fingerprint));
  });

  it('never writes a raw secret into the cache, and ignores itself in git', () => {
    scan();
    expect(readFileSync(path.join(cacheDir, 'results-v5.json'), 'utf8')).not.toContain(SECRET);
    expect(readFileSync(path.join(cacheDir, '.gitignore'), 'utf8')).toContain('*');
  });

  it('re-analyses a file when a file it imports changes', () => {
    scan();
    writeFileSync(config, "export const SECRET = process.env.JWT_SECRET || 'another-fallback-secret-value';\n");
    utimesSync(config, new Date(), new Date(Date.now() + 5000));
    const after = scan();
    expect(after.report.stats.filesParsed).toBe(2); // config.ts changed, auth.ts imports it
    expect(summary(after.report).join('\n')).toContain("'anot…(29 chars)'");
  });

  it('is discarded when the tool version or configuration key changes', () => {
    scan('k1');
    const other = scan('k2');
    expect(other.cache.hits).toBe(0);
    expect(other.report.stats.filesParsed).toBe(2);
  });
});

describe('result cache: change detection', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-cache-stamps-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const lib = path.join(dir, 'lib.ts');
  const app = path.join(dir, 'app.ts');
  const libText = (algorithm: string) => `import jwt from 'jsonwebtoken';\nexport const verifyIt = (t: string) => jwt.verify(t, process.env.KEY!, { algorithms: ['${algorithm}'] });\n`;
  writeFileSync(lib, libText('RS256'));
  writeFileSync(app, "import { verifyIt } from './lib';\nexport const check = (t: string) => verifyIt(t);\n");
  const cacheFile = path.join(dir, '.cache', 'results-v5.json');
  const run = () => {
    const cache = ScanCache.open(path.join(dir, '.cache'), 'k');
    const report = scanFiles({ root: dir, files: [app, lib], rules: allRules, cache });
    return { cache, parsed: report.stats.filesParsed, findings: report.findings.map((f) => `${f.location.file}:${f.location.line} ${f.ruleId}`) };
  };
  const written = () => statSync(cacheFile).ino;
  const touch = (file: string, secondsAhead: number) => utimesSync(file, new Date(), new Date(Date.now() + secondsAhead * 1000));

  it('leaves the cache file alone when nothing changed', () => {
    const cold = run();
    const before = written();
    const warm = run();
    expect(warm.cache.hits).toBe(2);
    expect(warm.findings).toEqual(cold.findings);
    expect(written()).toBe(before);
  });

  it('reuses a touched file whose text is the same, and records its new time', () => {
    const cold = run();
    touch(lib, 10);
    const before = written();
    const touched = run();
    expect(touched.cache.hits).toBe(2);
    expect(touched.parsed).toBe(0);
    expect(touched.findings).toEqual(cold.findings);
    expect(written()).not.toBe(before); // the new mtime is recorded: the next run needs no hash
    const again = written();
    expect(run().cache.hits).toBe(2);
    expect(written()).toBe(again);
  });

  it('re-analyses a file whose size is the same but whose text changed, and every file that imports it', () => {
    const cold = run();
    writeFileSync(lib, libText('HS256')); // same length, another algorithm
    touch(lib, 20);
    const changed = run();
    expect(changed.cache.hits).toBe(0);
    expect(changed.parsed).toBe(2);
    expect(run().cache.hits).toBe(2);
    writeFileSync(lib, libText('RS256'));
    touch(lib, 30);
    expect(run().findings).toEqual(cold.findings);
  });
});

describe('result cache: skipped files', () => {
  it('replays a minified file and a declaration file as skipped, with the same notification and counts', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-cache-skip-'));
    try {
      const bundle = path.join(dir, 'bundle.js');
      const types = path.join(dir, 'types.d.ts');
      writeFileSync(bundle, `var jwt=require("jsonwebtoken");${'x=1;'.repeat(20_000)}\n`);
      writeFileSync(types, 'export declare const check: (token: string) => void; // jwt\n');
      const run = () => {
        const cache = ScanCache.open(path.join(dir, '.cache'), 'k');
        return { report: scanFiles({ root: dir, files: [bundle, types], rules: allRules, cache }), cache };
      };
      const cold = run();
      const warm = run();
      expect(warm.cache.hits).toBe(2);
      expect(warm.report.stats).toEqual(cold.report.stats);
      expect(cold.report.stats.skipped).toEqual([
        { reason: 'declaration files (types only, no code to analyse)', count: 1 },
        { reason: 'minified or bundled', count: 1 },
      ]);
      expect(warm.report.notifications).toEqual(cold.report.notifications);
      expect(warm.report.notifications.map((n) => n.kind)).toEqual(['minified']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Writes files of a temp project (folders made as needed), each with a later modification time than the one before:
 * a rewrite within the same clock tick is still a change to the cache.
 */
function writerIn(dir: string): (file: string, text: string) => void {
  let written = 0;
  return (file, text) => {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
    written += 1;
    utimesSync(target, new Date(), new Date(Date.now() + written * 1000));
  };
}

describe('result cache: function summaries', () => {
  it('re-checks every caller of a helper when a module behind the helper changes, not only the first one analysed', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-cache-summaries-'));
    try {
      const lib = path.join(dir, 'lib.ts');
      const write = (file: string, text: string) => writeFileSync(path.join(dir, file), text);
      // callers → helper.ts → lib.ts → jsonwebtoken: the callers use the summary of issueJwt, which reads lib.ts
      write('lib.ts', "import jwt from 'jsonwebtoken';\nexport const signIt = (p: object) => jwt.sign(p, process.env.KEY!, { expiresIn: '1h' });\n");
      write('helper.ts', "import { signIt } from './lib';\nexport const issueJwt = (p: object) => signIt(p);\n");
      write('a.ts', "import { issueJwt } from './helper';\nexport const a = (user: { password: string }) => issueJwt({ password: user.password });\n");
      write('b.ts', "import { issueJwt } from './helper';\nexport const b = (user: { password: string }) => issueJwt({ password: user.password });\n");
      const files = ['a.ts', 'b.ts', 'helper.ts', 'lib.ts'].map((file) => path.join(dir, file));
      const run = () => {
        const cache = ScanCache.open(path.join(dir, '.cache'), 'k');
        const report = scanFiles({ root: dir, files, rules: allRules, cache });
        return { report, cache, places: report.findings.filter((f) => f.ruleId === 'sensitive-claims').map((f) => `${f.location.file}:${f.location.line}`) };
      };
      expect(run().places).toEqual(['a.ts:2', 'b.ts:2']);
      expect(run().cache.hits).toBe(4);
      // lib.ts no longer signs: both callers are analysed again, and neither signs a password any more
      writeFileSync(lib, 'export const signIt = (p: object) => JSON.stringify(p);\n');
      utimesSync(lib, new Date(), new Date(Date.now() + 5000));
      const after = run();
      expect(after.places).toEqual([]);
      expect(after.cache.hits).toBe(0); // helper.ts too: its call of signIt used that function's summary
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('re-checks a result that read a package-wide search when a file of the package appears', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-cache-package-'));
    try {
      const write = writerIn(dir);
      write('package.json', '{ "name": "app", "dependencies": { "@fastify/jwt": "^9.0.0" } }\n');
      // the registration's tokens: another service's, until a route of this package signs with it too
      write(
        'plugins/jwt.js',
        "module.exports = async function (fastify, opts) {\n  fastify.register(require('@fastify/jwt'), { secret: opts.key, sign: { expiresIn: '1h' } });\n" +
          "  fastify.decorate('authenticate', async (request) => { await request.jwtVerify(); });\n};\n",
      );
      const run = (names: string[]) => {
        const cache = ScanCache.open(path.join(dir, '.cache'), 'k');
        const report = scanFiles({ root: dir, files: names.map((name) => path.join(dir, name)), rules: allRules, cache });
        return { cache, audience: report.findings.filter((f) => f.ruleId === 'missing-audience-or-issuer').map((f) => `${f.location.file}:${f.location.line}`) };
      };
      expect(run(['plugins/jwt.js']).audience).toEqual(['plugins/jwt.js:3']);
      expect(run(['plugins/jwt.js']).cache.hits).toBe(1);
      // a new route signs with the registration: the verification checks the service's own tokens now
      write('routes/users.js', "module.exports = async (fastify) => {\n  fastify.post('/login', async (request, reply) => ({ token: await reply.jwtSign({ id: 1 }) }));\n};\n");
      const after = run(['plugins/jwt.js', 'routes/users.js']);
      expect(after.audience).toEqual([]);
      expect(after.cache.hits).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('re-checks a helper whose token comes from callers in other modules when a caller changes', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-cache-callers-'));
    try {
      const write = writerIn(dir);
      write('package.json', '{ "name": "app" }\n');
      write('lib/context.ts', "import jwt from 'jsonwebtoken';\nexport const claimsOf = (headers: Record<string, string>) => jwt.decode(headers.authorization);\n");
      write('server.ts', "import { claimsOf } from './lib/context';\nexport const hook = (req: { headers: Record<string, string> }) => claimsOf(req.headers);\n");
      const files = ['lib/context.ts', 'server.ts'].map((name) => path.join(dir, name));
      const run = () => {
        const cache = ScanCache.open(path.join(dir, '.cache'), 'k');
        const report = scanFiles({ root: dir, files, rules: allRules, cache });
        return report.findings.filter((f) => f.ruleId === 'decode-without-verify').map((f) => `${f.location.file}:${f.location.line}`);
      };
      expect(run()).toEqual(['lib/context.ts:2']);
      expect(run()).toEqual(['lib/context.ts:2']);
      // the only caller now builds the headers itself: the helper's token no longer comes from a request
      write('server.ts', "import { claimsOf } from './lib/context';\nexport const job = () => claimsOf({ authorization: String(process.env.JOB_TOKEN) });\n");
      expect(run()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
