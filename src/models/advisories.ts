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
}

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
    ghsa: 'GHSA-f67f-6cw9-8mq4',
    cve: 'CVE-2026-22817',
    package: 'hono',
    // Advisory: "prior to 4.11.4".
    affected: '<4.11.4',
    fixed: ['4.11.4'],
    summary: 'the JWK/JWKS JWT middleware lets the token header `alg` choose the verification algorithm when the JWK names none (algorithm confusion)',
    url: 'https://github.com/advisories/GHSA-f67f-6cw9-8mq4',
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

/** Advisories of one npm package. */
export function advisoriesFor(packageName: string): readonly Advisory[] {
  return advisories.filter((advisory) => advisory.package === packageName);
}
