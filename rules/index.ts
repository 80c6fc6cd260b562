import type { Rule } from '../src/engine/ruleApi.js';
import algorithmConfusion from './algorithm-confusion.js';
import decodeWithoutVerify from './decode-without-verify.js';
import expirationNotEnforced from './expiration-not-enforced.js';
import hardcodedSecret from './hardcoded-secret.js';
import hardcodedToken from './hardcoded-token.js';
import headerDrivenKeyLookup from './header-driven-key-lookup.js';
import insecureTokenCookie from './insecure-token-cookie.js';
import missingAudienceOrIssuer from './missing-audience-or-issuer.js';
import missingExpiration from './missing-expiration.js';
import missingRevocationCheck from './missing-revocation-check.js';
import noneAlgorithm from './none-algorithm.js';
import sensitiveClaims from './sensitive-claims.js';
import tokenClassConfusion from './token-class-confusion.js';
import tokenInLog from './token-in-log.js';
import tokenInUrl from './token-in-url.js';
import tokenInWebStorage from './token-in-web-storage.js';
import tokenOverHttp from './token-over-http.js';
import verifyMissingKey from './verify-missing-key.js';
import verifyResultIgnored from './verify-result-ignored.js';
import verifyWithoutAlgorithms from './verify-without-algorithms.js';
import vulnerableLibrary from './vulnerable-library.js';

/** Every rule, sorted by id. */
export const allRules: readonly Rule[] = [
  algorithmConfusion,
  decodeWithoutVerify,
  expirationNotEnforced,
  hardcodedSecret,
  hardcodedToken,
  headerDrivenKeyLookup,
  insecureTokenCookie,
  missingAudienceOrIssuer,
  missingExpiration,
  missingRevocationCheck,
  noneAlgorithm,
  sensitiveClaims,
  tokenClassConfusion,
  tokenInLog,
  tokenInUrl,
  tokenInWebStorage,
  tokenOverHttp,
  verifyMissingKey,
  verifyResultIgnored,
  verifyWithoutAlgorithms,
  vulnerableLibrary,
];
