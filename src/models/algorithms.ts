/** The HMAC algorithms of JWS (RFC 7518 §3.2): what a library that keys its allowlist on the key type accepts for a secret. */
export const HMAC_ALGORITHMS: readonly string[] = ['HS256', 'HS384', 'HS512'];

/**
 * The asymmetric JWS algorithms (RFC 7518 §3.1, RFC 8037, RFC 8812): the only ones a key from a JSON Web Key Set of
 * public keys can verify. A configuration that names another one for such a key set says nothing usable about it.
 */
export const ASYMMETRIC_ALGORITHMS: readonly string[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'ES256K', 'EdDSA'];
