/**
 * Known verification bypasses in JWT libraries, as data. Each entry names its sources (GitHub advisory id,
 * CVE id) and the affected npm range exactly as the advisory states it; `vulnerable-library` reports a
 * dependency that can resolve to an affected version.
 *
 * Only advisories that let a forged or unsigned token pass verification (or make that the default) are
 * listed; denial-of-service and availability issues are out of scope for a JWT-misuse scanner.
 */
export interface Advisory {
  /** GitHub Security Advisory id (the stable key). */
  ghsa: string;
  /** CVE id, when one was assigned. */
  cve?: string;
  /** npm package name. */
  package: string;
  /** Affected versions as an npm range. */
  affected: string;
  /** First fixed versions (one per maintained major line). */
  fixed: readonly string[];
  summary: string;
  url: string;
  /**
   * Only one feature of the package is affected (hono's JWT middleware): the module specifiers that reach it and
   * its name. vulnerable-library says whether the scanned code imports it.
   */
  feature?: { name: string; specifiers: readonly string[] };
}

/** Date the advisory entries were last checked against the GitHub Advisory Database (shown in the rule docs). */
export const ADVISORY_SNAPSHOT_DATE = '2026-12-03';

export const advisories: readonly Advisory[] = [
  {
    ghsa: 'GHSA-qwph-4952-7xr6',
    cve: 'CVE-2022-23540',
    package: 'jsonwebtoken',
    // Advisory: "versions <=8.5.1"; fixed in 9.0.0.
    affected: '<9.0.0',
    fixed: ['9.0.0'],
    summary: 'jwt.verify() without an algorithm list and with a falsy key falls back to the `none` algorithm, so unsigned tokens pass',
    url: 'https://github.com/advisories/GHSA-qwph-4952-7xr6',
  },
  {
    ghsa: 'GHSA-hjrf-2m68-5959',
    cve: 'CVE-2022-23541',
    package: 'jsonwebtoken',
    // Advisory: "versions <=8.5.1"; fixed in 9.0.0.
    affected: '<9.0.0',
    fixed: ['9.0.0'],
    summary: 'a key-retrieval function serving both symmetric and asymmetric keys lets tokens signed with HS256 and the public key verify (algorithm confusion)',
    url: 'https://github.com/advisories/GHSA-hjrf-2m68-5959',
  },
  {
    ghsa: 'GHSA-6g6m-m6h5-w9gf',
    cve: 'CVE-2020-15084',
    package: 'express-jwt',
    // Advisory: "up to and including 5.3.3"; fixed in 6.0.0, which makes `algorithms` mandatory.
    affected: '<6.0.0',
    fixed: ['6.0.0'],
    summary: '`algorithms` is not enforced, which with jwks-rsa secrets allows an authorization bypass',
    url: 'https://github.com/advisories/GHSA-6g6m-m6h5-w9gf',
  },
  {
    ghsa: 'GHSA-c2ff-88x2-x9pg',
    cve: 'CVE-2023-48223',
    package: 'fast-jwt',
    // Advisory: "prior to version 3.3.2".
    affected: '<3.3.2',
    fixed: ['3.3.2'],
    summary: 'public keys with a `BEGIN RSA PUBLIC KEY` header are not recognised, so HS256 tokens signed with the public key verify (algorithm confusion)',
    url: 'https://github.com/advisories/GHSA-c2ff-88x2-x9pg',
  },
  {
    ghsa: 'GHSA-mvf2-f6gm-w987',
    cve: 'CVE-2026-34950',
    package: 'fast-jwt',
    // Advisory: "6.1.0 and earlier" (incomplete fix of CVE-2023-48223); the trim() fix shipped in 6.2.0.
    affected: '<=6.1.0',
    fixed: ['6.2.0'],
    summary: 'an RSA public key with leading whitespace is classified as an HMAC secret, re-enabling algorithm confusion',
    url: 'https://github.com/advisories/GHSA-mvf2-f6gm-w987',
  },
  {
    ghsa: 'GHSA-gmvf-9v4p-v8jc',
    cve: 'CVE-2026-44351',
    package: 'fast-jwt',
    // Advisory: "<= 6.2.3"; patched in 6.2.4.
    affected: '<=6.2.3',
    fixed: ['6.2.4'],
    summary: 'an async key resolver returning an empty string makes the verifier check HS256 signatures against an empty key, so anyone can forge tokens',
    url: 'https://github.com/advisories/GHSA-gmvf-9v4p-v8jc',
  },
  {
    ghsa: 'GHSA-ww5h-9m49-7xx4',
    cve: 'CVE-2026-107722',
    package: 'fast-jwt',
    // Advisory: 6.2.0 up to (not including) 6.3.0, the incomplete fix of CVE-2026-34950: trim() strips whitespace only.
    affected: '>=6.2.0 <6.3.0',
    fixed: ['6.3.0'],
    summary: 'a public key preceded by any non-whitespace byte (a comment line, a control character) is still classified as an HMAC secret, re-enabling algorithm confusion',
    url: 'https://github.com/advisories/GHSA-ww5h-9m49-7xx4',
  },
  {
    ghsa: 'GHSA-g3jj-5cmm-3hxx',
    cve: 'CVE-2026-107724',
    package: 'fast-jwt',
    // Advisory: "= 6.2.4"; fixed in 6.3.0.
    affected: '6.2.4',
    fixed: ['6.3.0'],
    summary: 'a public JWK or JWKS given as JSON text is used as an HMAC secret, so a token signed with HS256 and that public JSON verifies',
    url: 'https://github.com/advisories/GHSA-g3jj-5cmm-3hxx',
  },
  {
    ghsa: 'GHSA-8wpc-h4q6-8fxv',
    cve: 'CVE-2026-107720',
    package: 'fast-jwt',
    // Advisory: "<= 6.3.0"; fixed in 6.3.1.
    affected: '<=6.3.0',
    fixed: ['6.3.1'],
    summary: 'an empty or null key together with an explicit `algorithms` list skips signature verification entirely',
    url: 'https://github.com/advisories/GHSA-8wpc-h4q6-8fxv',
  },
  {
    ghsa: 'GHSA-f67f-6cw9-8mq4',
    cve: 'CVE-2026-22817',
    package: 'hono',
    // Advisory: "prior to 4.11.4"; the JWT middleware now requires `alg`.
    affected: '<4.11.4',
    fixed: ['4.11.4'],
    summary: 'the JWT middleware verifies with HS256 by default whatever the key is, so with a public key configured a token signed with HS256 and that key verifies (algorithm confusion)',
    url: 'https://github.com/advisories/GHSA-f67f-6cw9-8mq4',
    feature: { name: 'the JWT middleware (hono/jwt)', specifiers: ['hono/jwt'] },
  },
  {
    ghsa: 'GHSA-3vhc-576x-3qv4',
    cve: 'CVE-2026-22818',
    package: 'hono',
    // Advisory: "prior to 4.11.4"; the JWK middleware now requires an allowlist of asymmetric algorithms.
    affected: '<4.11.4',
    fixed: ['4.11.4'],
    summary: 'the JWK/JWKS middleware lets the token header `alg` choose the verification algorithm when the JWK names none (algorithm confusion)',
    url: 'https://github.com/advisories/GHSA-3vhc-576x-3qv4',
    feature: { name: 'the JWK middleware (hono/jwk)', specifiers: ['hono/jwk'] },
  },
  {
    ghsa: 'GHSA-v64w-49xw-qq89',
    cve: 'CVE-2023-48309',
    package: 'next-auth',
    // Advisory: "prior to version 4.24.5", applications that rely on the default Middleware authorization.
    affected: '<4.24.5',
    fixed: ['4.24.5'],
    summary: 'the default Middleware authorization accepts a NextAuth.js-issued JWT from an interrupted OAuth sign-in (state, PKCE or nonce) as a session, a mock signed-in user',
    url: 'https://github.com/advisories/GHSA-v64w-49xw-qq89',
    feature: { name: 'the default Middleware authorization (next-auth/middleware)', specifiers: ['next-auth/middleware'] },
  },
  {
    ghsa: 'GHSA-869p-cjfg-cm3x',
    cve: 'CVE-2025-65945',
    package: 'jws',
    // Advisory: "<=3.2.2 || 4.0.0"; fixed in 3.2.3 and 4.0.1.
    affected: '<=3.2.2 || 4.0.0',
    fixed: ['3.2.3', '4.0.1'],
    summary: 'HMAC verification with createVerify() and a secret looked up from token data can be bypassed',
    url: 'https://github.com/advisories/GHSA-869p-cjfg-cm3x',
    // Preconditions of the advisory: the application calls jws.createVerify() itself (jsonwebtoken does not).
    feature: { name: 'jws.createVerify() called by the application', specifiers: ['jws'] },
  },
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
];

/** npm packages with at least one advisory. */
export function advisoryPackages(): ReadonlySet<string> {
  return new Set(advisories.map((advisory) => advisory.package));
}

/** Advisories of one npm package. */
export function advisoriesFor(packageName: string): readonly Advisory[] {
  return advisories.filter((advisory) => advisory.package === packageName);
}
