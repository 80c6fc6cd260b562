import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Project } from '../src/binding/project.js';
import { CalleeGate } from '../src/engine/callee-gate.js';

/**
 * The prefilter's second chance: a file that never names a JWT library is still parsed when one of its relative
 * imports hands out a library value as it is (a wrapper or barrel). Modules that only USE the library inside
 * their own functions must not count, or every file importing an auth helper would be parsed.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-gate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const modules: Record<string, string> = {
  'reexport-star.ts': `export * from 'jsonwebtoken';\n`,
  'reexport-named.ts': `export { sign as issue, verify } from 'jsonwebtoken';\n`,
  'reexport-namespace.ts': `export * as jwt from 'jose';\n`,
  'reexport-default.ts': `import jwt from 'jsonwebtoken';\nexport default jwt;\n`,
  'reexport-braces.ts': `import * as jose from 'jose';\nconst unrelated = 1;\nexport { jose, unrelated };\n`,
  'reexport-const.ts': `import jwt from 'jsonwebtoken';\nexport const verify = jwt.verify;\n`,
  'cjs-require.js': `module.exports = require('jsonwebtoken');\n`,
  'cjs-object.js': `const jwt = require('jsonwebtoken');\nmodule.exports = { jwt, helper() {} };\n`,
  'cjs-member.js': `const jwt = require('jsonwebtoken');\nmodule.exports = {\n  check: jwt.verify,\n};\n`,
  'cjs-destructured.js': `const { verify } = require('jsonwebtoken');\nexports.check = verify;\n`,
  'barrel.ts': `export * from './reexport-named';\nexport { helper } from './helpers';\n`,
  'deep-barrel.ts': `export { issue } from './barrel';\n`,
  // negatives
  'uses-inside.ts': `import jwt from 'jsonwebtoken';\nexport function verifySession(t: string) { return jwt.verify(t, process.env.K!); }\nexport default verifySession;\n`,
  'type-only.ts': `import type { JwtPayload } from 'jsonwebtoken';\nexport type { JwtPayload };\nexport const x = 1;\n`,
  'helpers.ts': `import { createHmac } from 'node:crypto';\nexport function verify(b: string, k: string) { return createHmac('sha256', k).update(b).digest('hex'); }\nexport { createHmac };\n`,
  'cjs-uses-inside.js': `const jwt = require('jsonwebtoken');\nmodule.exports = { requireAuth(req) { return jwt.verify(req.token, process.env.K); } };\n`,
  'other-lib.ts': `import express from 'express';\nexport default express;\nexport { express };\n`,
  'barrel-of-helpers.ts': `export * from './uses-inside';\nexport * from './helpers';\n`,
  'cycle-a.ts': `export * from './cycle-b';\n`,
  'cycle-b.ts': `export * from './cycle-a';\n`,
};
for (const [name, text] of Object.entries(modules)) writeFileSync(path.join(dir, name), text);

function gateFor(): CalleeGate {
  return new CalleeGate(new Project(dir));
}

function importing(specifier: string, gate = gateFor()): { passes: boolean; consulted: Set<string> } {
  const file = path.join(dir, `user-${specifier.replace(/\W/g, '_')}.ts`);
  const text = `import { something } from '${specifier}';\nexport const check = (t: string) => something.verify(t);\n`;
  const consulted = new Set<string>();
  return { passes: gate.importsLibraryProvider(file, text, consulted), consulted };
}

describe('CalleeGate.importsLibraryProvider', () => {
  for (const name of [
    'reexport-star',
    'reexport-named',
    'reexport-namespace',
    'reexport-default',
    'reexport-braces',
    'reexport-const',
    'cjs-require.js',
    'cjs-object.js',
    'cjs-member.js',
    'cjs-destructured.js',
    'barrel',
    'deep-barrel',
  ]) {
    it(`admits a file importing ./${name}`, () => {
      expect(importing(`./${name}`).passes).toBe(true);
    });
  }

  for (const name of ['uses-inside', 'type-only', 'helpers', 'cjs-uses-inside.js', 'other-lib', 'barrel-of-helpers', 'cycle-a', 'missing-module']) {
    it(`does not admit a file importing ./${name}`, () => {
      expect(importing(`./${name}`).passes).toBe(false);
    });
  }

  it('does not admit a file that calls no modeled operation name, whatever it imports', () => {
    const file = path.join(dir, 'no-operation.ts');
    expect(gateFor().importsLibraryProvider(file, `import { something } from './barrel';\nconsole.log(something.name);\n`)).toBe(false);
  });

  it('ignores files without relative imports and package imports of unmodeled libraries', () => {
    const gate = gateFor();
    expect(gate.importsLibraryProvider(path.join(dir, 'x.ts'), `import express from 'express';\nexpress();\n`)).toBe(false);
    expect(gate.importsLibraryProvider(path.join(dir, 'x.ts'), `const a = 1;\n`)).toBe(false);
  });

  it('reports every module the answer was read from (cache dependencies), also when memoised', () => {
    const gate = gateFor();
    const first = importing('./deep-barrel', gate);
    const second = importing('./deep-barrel', gate);
    const expected = ['deep-barrel.ts', 'barrel.ts', 'reexport-named.ts'].map((name) => path.join(dir, name));
    for (const consulted of [first.consulted, second.consulted]) for (const file of expected) expect(consulted).toContain(file);
  });

  it('admits the fixture barrel user and not the look-alike helper module', () => {
    const fixtures = path.resolve(import.meta.dirname, '..', 'fixtures');
    const gate = new CalleeGate(new Project(fixtures));
    const folder = path.join(fixtures, 'hardcoded-secret', 'wrapper-module');
    const barrelUser = path.join(folder, 'barrel-user.ts');
    expect(gate.importsLibraryProvider(barrelUser, readFileSync(barrelUser, 'utf8'))).toBe(true);
    expect(gate.importsLibraryProvider(path.join(folder, 'other.ts'), `import { verify } from './signatures';\nimport { verifySession } from './session';\n`)).toBe(false);
  });
});

describe('prefilter pass rate on the example app', () => {
  it('files that import an auth helper module (not a library value) stay filtered out', () => {
    const app = path.resolve(import.meta.dirname, '..', 'examples', 'vulnerable-app', 'server');
    const gate = new CalleeGate(new Project(app));
    const index = path.join(app, 'index.ts');
    expect(gate.importsLibraryProvider(index, readFileSync(index, 'utf8'))).toBe(false);
  });
});
