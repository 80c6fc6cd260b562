/**
 * A repo-relative path (forward slashes) as a relative URI reference: each segment percent-encoded with
 * encodeURIComponent, '/' kept. Absolute paths are an engine bug (SARIF locations must be relative to
 * %SRCROOT%), so they fail loudly instead of leaking the machine's directory layout.
 */
export function toRelativeUri(file: string): string {
  if (file.length === 0) throw new Error('toRelativeUri: empty path');
  if (file.startsWith('/') || file.includes('\\') || /^[A-Za-z]:/.test(file)) {
    throw new Error(`toRelativeUri: expected a repo-relative path with forward slashes, got ${JSON.stringify(file)}`);
  }
  return file.split('/').map(encodeURIComponent).join('/');
}
