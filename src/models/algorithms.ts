/** The HMAC algorithms of JWS (RFC 7518 §3.2): what a library that keys its allowlist on the key type accepts for a secret. */
export const HMAC_ALGORITHMS: readonly string[] = ['HS256', 'HS384', 'HS512'];
