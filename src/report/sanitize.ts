/**
 * Text from scanned files (messages, snippets, paths) is untrusted. Before it reaches a terminal or a
 * line-oriented format, control characters (C0 except tab, DEL, C1 — including ESC and newlines) are replaced
 * by U+FFFD, one code unit for one, so columns in the snippet stay aligned.
 */
export function sanitizeLine(s: string): string {
  return s.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, '\ufffd');
}
