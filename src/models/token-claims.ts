/**
 * Claim vocabulary applications use in the tokens they sign themselves, as data: which claims name the kind
 * or purpose of a token, which identify a user session, and which carry an expiry or issue time the
 * application checks itself. Rules read these lists through src/engine/ruleApi.ts; matching is on the
 * claim's words (camelCase, snake_case and kebab-case split), see `claimWords`.
 */

/** Claims that name the kind of token (`typ: 'refresh'`, `type: 'attachment'`, `purpose: 'password-reset'`). */
export const TYPE_CLAIMS: readonly string[] = ['typ', 'type', 'token_type', 'tokenType', 'token_use', 'tokenUse', 'purpose', 'use', 'kind', 'action'];

/**
 * Type claims whose only job is to name the token's kind, so any value of theirs is a class (`purpose: 'unsubscribe'`);
 * the other TYPE_CLAIMS (`type`, `use`, `kind`, `action`) also carry other things (`type: 'admin'`).
 */
/**
 * `typ` values of proof-of-possession tokens (RFC 9449 DPoP proofs, `dpop+jwt`): signed by the key the proof carries in
 * its own `jwk` header, which the server binds to the access token by its thumbprint; they carry `htm`/`htu` instead of
 * `aud`/`iss`. Compared lower-case.
 */
export const PROOF_OF_POSSESSION_TYPES: ReadonlySet<string> = new Set(['dpop+jwt', 'application/dpop+jwt']);

/** Marker values that name the token format, not a class (`typ: 'JWT'`), compared lower-case. */
export const GENERIC_TYPE_MARKERS: ReadonlySet<string> = new Set(['jwt', '']);

export const KIND_ONLY_CLAIMS: ReadonlySet<string> = new Set(['typ', 'token_type', 'tokenType', 'token_use', 'tokenUse', 'purpose']);

/** Values of a type claim that make the token a session credential rather than a single-purpose one. */
export const SESSION_TOKEN_TYPES: ReadonlySet<string> = new Set([
  'access',
  'access_token',
  'accesstoken',
  'session',
  'refresh',
  'refresh_token',
  'refreshtoken',
  'id',
  'id_token',
  'idtoken',
  'auth',
  'login',
  'bearer',
  'jwt',
  'at+jwt',
  'user',
]);

/**
 * Claims that identify a user or carry their privileges: a token holding one authenticates someone
 * (a session or access token), unless a type claim says what single purpose it has.
 */
export const IDENTITY_CLAIMS: ReadonlySet<string> = new Set([
  'sub',
  'userId',
  'user_id',
  'uid',
  'id',
  'user',
  'username',
  'userName',
  'login',
  'email',
  'role',
  'roles',
  'permissions',
  'scope',
  'scopes',
  'groups',
  'isAdmin',
  'admin',
  'accountId',
  'account_id',
  'sessionId',
  'session_id',
  'sid',
]);

/** Words that make a claim name an expiry written by the application (`expiresAt`, `expiry`, `valid_until`). */
const EXPIRY_CLAIM_WORDS: readonly (readonly string[])[] = [['expires'], ['expire'], ['expiry'], ['expiration'], ['expired'], ['valid', 'until'], ['valid', 'to'], ['exp', 'at']];

/** Words that make a claim name the time the token was made (`createdAt`, `issued_at`, `generatedAt`), from which an application computes an age. */
const ISSUE_TIME_CLAIM_WORDS: readonly (readonly string[])[] = [['created'], ['issued'], ['generated'], ['timestamp'], ['signed', 'at']];

/**
 * Classes of token an application signs, with the words that name them in variable, function and route names
 * or in a type claim's value; most specific first (a route `/auth/refresh` is about refresh).
 */
export const TOKEN_CLASS_WORDS: readonly (readonly [string, readonly string[]])[] = [
  ['refresh', ['refresh']],
  // a token between the password step and the second factor (`type: 'password_valid_needs_second_factor_token'`)
  ['second-factor', ['mfa', '2fa', 'totp', 'factor', 'twofactor']],
  ['password-reset', ['reset', 'forgot', 'recover', 'recovery', 'password']],
  ['e-mail verification', ['verification', 'confirm', 'confirmation', 'activate', 'activation', 'email']],
  ['magic-link', ['magic', 'passwordless', 'otp']],
  ['invite', ['invite', 'invitation']],
  ['ID', ['idtoken', 'id_token']],
  ['file', ['download', 'upload', 'file', 'share', 'capability', 'attachment']],
  ['access', ['access', 'auth', 'session', 'bearer', 'at']],
];

/** Words of a function name that sends a message by e-mail (`sendEmailToResetPassword`, `mailer.sendMail`). */
export const MAIL_DELIVERY_WORDS: ReadonlySet<string> = new Set(['mail', 'email', 'mailer', 'sendmail']);

/**
 * Words of a function name that seals a signed token (`encrypt(createToken(...))`) or opens one before it is
 * verified (`verify(decrypt(token))`): sealed tokens are a class of their own, which only an opening verification accepts.
 */
export const SEALING_WORDS: ReadonlySet<string> = new Set(['encrypt', 'seal', 'cipher', 'encipher']);
export const OPENING_WORDS: ReadonlySet<string> = new Set(['decrypt', 'unseal', 'decipher']);

/** Classes whose tokens live long or travel outside the session (e-mail, links): dangerous as access tokens. */
export const LONG_LIVED_TOKEN_CLASSES: ReadonlySet<string> = new Set(['refresh', 'password-reset', 'invite', 'magic-link', 'e-mail verification']);

/** camelCase / snake_case / kebab-case name → lower-case words. */
export function claimWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

const containsRun = (words: readonly string[], run: readonly string[]): boolean => words.some((_, start) => run.every((word, offset) => words[start + offset] === word));

/** The registered `exp` claim is enforced by libraries; these names are not. */
export function namesCustomExpiry(claim: string): boolean {
  if (claim === 'exp') return false;
  const words = claimWords(claim);
  return EXPIRY_CLAIM_WORDS.some((run) => containsRun(words, run));
}

/** A claim holding the issue time written by the application (`createdAt`); the registered `iat` is not one. */
export function namesIssueTime(claim: string): boolean {
  if (claim === 'iat') return false;
  const words = claimWords(claim);
  return ISSUE_TIME_CLAIM_WORDS.some((run) => containsRun(words, run));
}
