/**
 * A copy of a string that does not keep the text it was cut from alive. V8 represents a regex match or a
 * `slice` of a long text as a view into that text, so a short name kept in a long-lived table would hold
 * the whole file in memory (on a large tree, every file of the scan at once).
 */
export function detach(value: string): string {
  return Buffer.from(value, 'utf8').toString('utf8');
}
