import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { scanFiles } from '../src/engine/scan.js';
import { toSarif } from '../src/report/sarif.js';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/sarif-multitool-linux/sarif-2.1.0.json'), 'utf8'));
const ajv = new Ajv2020.default({ strict: false, allErrors: true });
addFormats.default(ajv);
const validateSarif = ajv.compile(schema);

const workDir = mkdtempSync(path.join(os.tmpdir(), 'jwtlint-property-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const identifier = fc.constantFrom('token', 't', 'req', 'key', 'secret', 'opts', 'jwt', 'decoded', 'x', 'payload');
const literal = fc.oneof(
  fc.constantFrom("'RS256'", "'HS256'", "'none'", "''", 'null', 'undefined', 'true', 'false', '0', '3600', "'1h'", "'eyJhbGciOiJIUzI1NiJ9.e30.sig'"),
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
);
const expression: fc.Arbitrary<string> = fc.letrec((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal,
    identifier,
    fc.tuple(identifier, identifier).map(([a, b]) => `${a}.${b}`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `${a} || ${b}`),
    fc
      .array(fc.tuple(fc.constantFrom('algorithms', 'expiresIn', 'audience', 'issuer', 'ignoreExpiration', 'complete', 'secret', 'clockTolerance', 'maxAge'), tie('expr')), { maxLength: 4 })
      .map((entries) => `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(', ')} }`),
    fc.array(tie('expr'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    fc.tuple(tie('expr'), fc.integer({ min: 1, max: 30 })).map(([e, n]) => `${'('.repeat(n)}${e}${')'.repeat(n)}`),
    fc
      .tuple(
        fc.constantFrom('jwt.verify', 'jwt.sign', 'jwt.decode', 'jwtVerify', 'decodeJwt', 'jwtDecode', 'console.log', 'localStorage.setItem', 'fetch', 'res.cookie'),
        fc.array(tie('expr'), { maxLength: 4 }),
      )
      .map(([callee, args]) => `${callee}(${args.join(', ')})`),
  ),
})).expr;

const statement = fc.oneof(
  fc.tuple(identifier, expression).map(([name, value]) => `const ${name} = ${value};`),
  expression.map((e) => `${e};`),
  fc.tuple(identifier, fc.array(expression, { maxLength: 3 })).map(([name, body]) => `function ${name}(req, token) { ${body.map((b) => `${b};`).join(' ')} }`),
  fc.tuple(identifier, expression).map(([name, e]) => `export const ${name} = async (req) => { try { return ${e}; } catch (err) { console.log(err); } };`),
  fc.constantFrom('if (', '{', '}', ')', '=>', '/* unterminated', '`${'),
);

const header = ["import jwt from 'jsonwebtoken';", "import { jwtVerify, decodeJwt, SignJWT } from 'jose';", "import { jwtDecode } from 'jwt-decode';"].join('\n');

let counter = 0;
function scanProgram(source: string) {
  counter += 1;
  const dir = path.join(workDir, String(counter));
  mkdirSync(dir);
  const file = path.join(dir, 'generated.ts');
  writeFileSync(file, source);
  return scanFiles({ root: dir, files: [file], rules: allRules });
}

describe('generated programs through the whole engine', () => {
  it('never throw, always produce valid SARIF, and give the same output for the same input', () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 12 }), (statements) => {
        const source = `${header}\n${statements.join('\n')}\n`;
        const first = scanProgram(source);
        const ruleErrors = first.notifications.filter((n) => n.kind === 'rule-error' || (n.kind === 'parse-error' && n.fileSkipped));
        expect(ruleErrors.map((n) => n.message)).toEqual([]);
        const sarif = toSarif(first);
        if (!validateSarif(sarif)) throw new Error(ajv.errorsText(validateSarif.errors));
        const second = scanProgram(source);
        expect(JSON.stringify(toSarif(second))).toBe(JSON.stringify(sarif));
      }),
      { numRuns: 150, seed: 20261124 },
    );
  }, 120_000);
});
