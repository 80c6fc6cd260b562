import { libraryModels } from './index.js';
import { withoutDefault } from './access-paths.js';

/**
 * Knowledge that tells tokens from ANOTHER issuer (an identity provider, any party publishing a JWKS) apart
 * from tokens the application signs itself, as data. One provider signs tokens for many applications, so a
 * token from it proves nothing about THIS application unless its audience (`aud`: the client id or API
 * identifier) is checked; its issuer alone does not tell the applications apart.
 */

/** Well-known issuers (`iss`), as patterns over the issuer URL or host. */
const PROVIDER_ISSUERS: readonly { provider: string; pattern: RegExp }[] = [
  // https://developers.google.com/identity/gsi/web/guides/verify-google-id-token
  { provider: 'Google', pattern: /^(https:\/\/)?accounts\.google\.com\/?$/ },
  // Firebase Authentication ID tokens: https://firebase.google.com/docs/auth/admin/verify-id-tokens
  { provider: 'Firebase', pattern: /^(https:\/\/)?securetoken\.google\.com\// },
  // https://developer.apple.com/documentation/sign_in_with_apple/sign_in_with_apple_rest_api/verifying_a_user
  { provider: 'Apple', pattern: /^(https:\/\/)?appleid\.apple\.com\/?$/ },
  // Facebook Limited Login: https://developers.facebook.com/docs/facebook-login/limited-login/token/validating
  { provider: 'Facebook', pattern: /^(https:\/\/)?(www\.)?facebook\.com\/?$/ },
  // https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
  { provider: 'Cognito', pattern: /cognito-idp\.[a-z0-9-]+\.amazonaws\.com/ },
  // https://auth0.com/docs/secure/tokens/json-web-tokens/validate-json-web-tokens
  { provider: 'Auth0', pattern: /\.auth0\.com\/?$/ },
  // https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#validate-tokens
  { provider: 'Microsoft', pattern: /login\.microsoftonline\.com|sts\.windows\.net|b2clogin\.com/ },
  { provider: 'Okta', pattern: /\.okta(preview)?\.com/ },
  { provider: 'Keycloak', pattern: /\/realms\/[^/]+\/?$/ },
  { provider: 'Clerk', pattern: /\.clerk\.accounts\.dev|clerk\.[a-z0-9.-]+/ },
];

/** URLs that publish another issuer's signing keys (a JWKS or a provider's certificate list). */
const KEY_SET_URL_PATTERNS: readonly RegExp[] = [
  /\/\.well-known\/jwks(\.json)?/,
  /\/jwks(\.json)?(\?|$)/,
  /googleapis\.com\/oauth2\/v[13]\/certs/,
  /googleapis\.com\/robot\/v1\/metadata\/x509\/securetoken/,
  /appleid\.apple\.com\/auth\/keys/,
  /facebook\.com\/\.well-known\/oauth\/openid\/jwks/,
  /\/discovery\/(v2\.0\/)?keys/,
  // Keycloak's realm keys: https://www.keycloak.org/docs/latest/securing_apps/#_certificate_endpoint
  /\/protocol\/openid-connect\/certs/,
];

/**
 * Fields of an OpenID Connect discovery document (`/.well-known/openid-configuration`) that hold the URL of the
 * issuer's key set: code that reads one fetches another issuer's keys.
 * https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 */
const KEY_SET_URL_FIELDS: readonly string[] = ['jwks_uri', 'jwksUri', 'jwks_url', 'jwksUrl'];

/**
 * Names of configured keys (environment variables, configuration keys, variables) that say whose key it is: a
 * well-known provider's, or an identity server's realm (Keycloak's realm public key).
 */
const PROVIDER_KEY_NAMES: readonly { provider: string; pattern: RegExp }[] = [
  { provider: 'Keycloak', pattern: /keycloak|realm/i },
  { provider: 'Auth0', pattern: /auth0/i },
  { provider: 'Okta', pattern: /okta/i },
  { provider: 'Cognito', pattern: /cognito/i },
  { provider: 'Google', pattern: /google|firebase/i },
  { provider: 'Apple', pattern: /apple/i },
  { provider: 'Microsoft', pattern: /azure|entra|msal/i },
  { provider: 'Clerk', pattern: /clerk/i },
];

/**
 * Functions whose result is another issuer's key set or a key picked from it by `kid`: a verification key
 * made by one of them belongs to another issuer (jwks-rsa's client and helpers, jose's remote key set: the
 * `keySetFetches` of the library models that return the set, and get-jwks, which has no model).
 * `paths` are access paths inside the module (a leading `default` is ignored); an instance made by one of
 * them counts too (`jwksClient(...).getSigningKey(kid)`).
 */
const REMOTE_KEY_SET_FUNCTIONS: readonly { module: string; paths: readonly (readonly string[])[] }[] = [
  ...libraryModels.flatMap((library) =>
    (library.keySetFetches ?? []).filter((fetch) => fetch.returnsKeySet).flatMap((fetch) => library.packages.map((module) => ({ module, paths: fetch.callee }))),
  ),
  { module: 'get-jwks', paths: [[]] },
];

/** The provider an issuer URL or host belongs to, when it is a well-known one. */
export function providerOfIssuer(issuer: string): string | undefined {
  return PROVIDER_ISSUERS.find((entry) => entry.pattern.test(issuer))?.provider;
}

/** Token endpoints that take a client assertion signed by the application (`aud` of the assertion), besides the issuers. */
const PROVIDER_TOKEN_ENDPOINTS: readonly { provider: string; pattern: RegExp }[] = [
  // https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests
  { provider: 'Google', pattern: /^https:\/\/(oauth2\.googleapis\.com\/token|www\.googleapis\.com\/oauth2\/v4\/token)\/?$/ },
];

/**
 * The identity provider a token the application signs is addressed to (its `aud`): a client assertion or client
 * secret for that provider's token endpoint (Sign in with Apple's `client_secret`, a Google service account's
 * assertion), whose lifetime the provider limits, not a token the application accepts back.
 */
export function providerOfAudience(audience: string): string | undefined {
  return providerOfIssuer(audience) ?? PROVIDER_TOKEN_ENDPOINTS.find((entry) => entry.pattern.test(audience))?.provider;
}

/** Is this property name a discovery document's key-set URL field (`config.jwks_uri`)? */
export function isKeySetUrlField(name: string): boolean {
  return KEY_SET_URL_FIELDS.includes(name);
}

/** The provider a key's configured name belongs to (`KEYCLOAK_REALM_PUBLIC_KEY` → Keycloak), when it names one. */
export function providerOfKeyName(name: string): string | undefined {
  return PROVIDER_KEY_NAMES.find((entry) => entry.pattern.test(name))?.provider;
}

/** Is this URL where another issuer publishes its keys? */
export function isKeySetUrl(url: string): boolean {
  return KEY_SET_URL_PATTERNS.some((pattern) => pattern.test(url));
}

/** Is a library value (module + access path) another issuer's remote key set, or made from one? */
export function isRemoteKeySet(module: string, path: readonly string[]): boolean {
  const steps = withoutDefault(path);
  return REMOTE_KEY_SET_FUNCTIONS.some(
    (entry) =>
      entry.module === module &&
      entry.paths.some(
        (candidate) =>
          candidate.length <= steps.length &&
          candidate.every((step, i) => steps[i] === step) &&
          (steps.length === candidate.length || steps[candidate.length] === '()' || steps[candidate.length] === 'new'),
      ),
  );
}

/**
 * Key sets whose issuer signs with ONE documented algorithm, by the URL the set is published at (a template's
 * substitutions are `*`): a verification with keys from one of them can pin that algorithm. Left out on purpose:
 * Auth0 (an API signs with RS256, PS256 or HS256 as configured, and PS256 tokens verify with the same RSA key set:
 * https://auth0.com/docs/get-started/applications/signing-algorithms), Okta, Keycloak and Clerk (the algorithm is a
 * setting of the tenant, realm or client), and any other host.
 */
const KEY_SET_ALGORITHMS: readonly { provider: string; url: RegExp; algorithm: string }[] = [
  // Google ID tokens: RS256 (discovery document https://accounts.google.com/.well-known/openid-configuration,
  // id_token_signing_alg_values_supported; https://developers.google.com/identity/openid-connect/openid-connect#validatinganidtoken)
  { provider: 'Google', url: /^https:\/\/www\.googleapis\.com\/oauth2\/v3\/certs$/, algorithm: 'RS256' },
  // Firebase Authentication ID tokens: header `alg` must be RS256
  // (https://firebase.google.com/docs/auth/admin/verify-id-tokens#verify_id_tokens_using_a_third-party_jwt_library)
  { provider: 'Firebase', url: /^https:\/\/www\.googleapis\.com\/service_accounts\/v1\/jwk\/securetoken@system\.gserviceaccount\.com$/, algorithm: 'RS256' },
  // Amazon Cognito user pools sign ID and access tokens with RS256
  // (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html)
  { provider: 'Amazon Cognito', url: /^https:\/\/cognito-idp\.[^/]+\.amazonaws\.com\/[^/]+\/\.well-known\/jwks\.json$/, algorithm: 'RS256' },
  // Microsoft Entra ID: RS256 (discovery document https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration,
  // id_token_signing_alg_values_supported; https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference)
  { provider: 'Microsoft Entra ID', url: /^https:\/\/login\.microsoftonline\.com\/[^/]+\/discovery\/(v2\.0\/)?keys$/, algorithm: 'RS256' },
  // Sign in with Apple: RS256 (discovery document https://appleid.apple.com/.well-known/openid-configuration,
  // id_token_signing_alg_values_supported; every key of https://appleid.apple.com/auth/keys has `alg: RS256`)
  { provider: 'Apple', url: /^https:\/\/appleid\.apple\.com\/auth\/keys$/, algorithm: 'RS256' },
];

/** The documented algorithm of the provider whose key set is published at this URL, if it is one with a fixed one. */
export function publishedKeySetAlgorithm(url: string): { provider: string; algorithm: string } | undefined {
  const found = KEY_SET_ALGORITHMS.find((entry) => entry.url.test(url));
  return found && { provider: found.provider, algorithm: found.algorithm };
}

/**
 * Configuration that names a key set's algorithm: a setting beside the key set's URL or issuer in a configuration
 * object (`{ jwksUri, issuer, algorithm: 'RS256' }`), and a variable in an env file (dotenv's `.env`, `.env.example`,
 * `.env.production`, ...) that also defines the URL's variable (`JWKS_URI=...` next to `JWT_ALGORITHM=RS256`).
 */
export const ALGORITHM_SETTING = /^(alg|algorithms?|(jwt|token|signing|jwks?|verify|verification)_?(alg|algorithms?))$/i;
export const ALGORITHM_VARIABLE = /(^|_)(ALG|ALGORITHM|ALGORITHMS)$/i;
export const ENV_FILE = /^\.env(\.[\w.-]+)?$/;
