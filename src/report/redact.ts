/**
 * Redaction of secret values. Every output shows at most a short prefix of a secret and its length.
 */

const MAX_PREFIX = 4;

/**
 * `'supersecretvalue'` → `'supe…(16 chars)'`. The prefix is at most 4 characters and never more than a
 * quarter of the value (so short secrets show less, and a secret of fewer than 4 characters shows none).
 * Lengths and prefixes count code points, so a surrogate pair is never split.
 */
export function redactSecret(value: string): string {
  const chars = Array.from(value);
  const prefixLength = Math.min(MAX_PREFIX, Math.floor(chars.length / 4));
  return `${chars.slice(0, prefixLength).join('')}…(${chars.length} ${chars.length === 1 ? 'char' : 'chars'})`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces every occurrence of every secret in `text` by its redaction. Longer secrets win where secrets
 * overlap (one pass, so the output of one redaction is never rescanned for another secret).
 */
export function redactInText(text: string, secrets: readonly string[]): string {
  const unique = [...new Set(secrets.filter((s) => s.length > 0))];
  if (unique.length === 0) return text;
  unique.sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  const pattern = new RegExp(unique.map(escapeRegExp).join('|'), 'g');
  return text.replace(pattern, (match) => redactSecret(match));
}
