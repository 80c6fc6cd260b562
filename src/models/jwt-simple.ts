import type { LibraryModel } from './types.js';

/**
 * jwt-simple (https://github.com/hokaccha/node-jwt-simple). CommonJS.
 * - `jwt.decode(token, key, noVerify, algorithm)`: verifies by default. `noVerify === true` skips the
 *   signature check entirely (reported as a decode, `verifiesSignature: false`). Without `algorithm` the
 *   algorithm comes from the token header (RS256 when the key looks like a PEM public key) — the root of
 *   CVE-2016-10555 (< 0.3.1 used the header unconditionally). `none` is not supported.
 *   Expiry (`exp`) and `nbf` are checked when present; there are no options for leeway or audience.
 * - `jwt.encode(payload, key, algorithm = 'HS256', options)`: no expiry option — only `exp` in the payload.
 */
export const jwtSimple: LibraryModel = {
  id: 'jwt-simple',
  packages: ['jwt-simple'],
  defaultIsNamespace: true,
  docs: 'https://github.com/hokaccha/node-jwt-simple#readme',
  operations: [
    {
      kind: 'verify',
      api: 'jwt.decode',
      callee: [['decode']],
      tokenArg: 0,
      keyArg: 1,
      noVerifyArg: 2,
      options: { algorithms: { arg: 3, single: true } },
      defaults: { ignoreExpiration: false },
      docs: 'https://github.com/hokaccha/node-jwt-simple#decode-params',
    },
    {
      kind: 'sign',
      api: 'jwt.encode',
      callee: [['encode']],
      payloadArg: 0,
      keyArg: 1,
      options: {
        algorithm: { arg: 2 },
        payloadExp: { arg: 0, path: ['exp'], unit: 'epoch-seconds' },
      },
      defaults: { algorithm: 'HS256' },
      docs: 'https://github.com/hokaccha/node-jwt-simple#readme',
    },
  ],
  // Known verification bypasses (vulnerable-library; `npm run advisories` checks them against the GitHub Advisory Database)
  advisories: [
    {
      ghsa: 'GHSA-vgrx-w6rg-8fqf',
      cve: 'CVE-2016-10555',
      package: 'jwt-simple',
      // CVE record: "jwt-simple 0.3.0 and earlier"; fixed in 0.3.1.
      affected: '<=0.3.0',
      fixed: ['0.3.1'],
      summary: 'decode() does not enforce the algorithm, so HS256 tokens signed with the RSA public key verify (algorithm confusion)',
      url: 'https://nvd.nist.gov/vuln/detail/CVE-2016-10555',
    },
    {
      ghsa: 'GHSA-8v5f-hp78-jgxq',
      package: 'jwt-simple',
      // Advisory: "prior to 0.5.3".
      affected: '<0.5.3',
      fixed: ['0.5.3'],
      summary: 'without an algorithm argument decode() uses the algorithm named by the token, so HS256 tokens signed with the public key verify',
      url: 'https://github.com/advisories/GHSA-8v5f-hp78-jgxq',
    },
  ],
};
