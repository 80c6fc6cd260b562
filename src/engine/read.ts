import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import type { Notification } from '../report/types.js';

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

export type ReadOutcome =
  | { ok: true; text: string; notifications: Notification[] }
  | { ok: false; notification: Notification };

const utf8Lenient = new TextDecoder('utf-8', { fatal: false });

/** Reads a source file once. Too large, binary or unreadable files become notifications, never exceptions. */
export function readSource(absolutePath: string, relativePath: string, maxBytes: number): ReadOutcome {
  let buffer: Buffer;
  try {
    const stat = statSync(absolutePath);
    if (!stat.isFile()) {
      return { ok: false, notification: { kind: 'not-a-file', level: 'warning', file: relativePath, message: `${relativePath} is not a regular file`, fileSkipped: true } };
    }
    if (stat.size > maxBytes) {
      return {
        ok: false,
        notification: { kind: 'too-large', level: 'warning', file: relativePath, message: `skipped ${relativePath}: ${stat.size} bytes exceeds the ${maxBytes}-byte limit`, fileSkipped: true },
      };
    }
    buffer = readFileSync(absolutePath);
  } catch (error) {
    // The error code, not the message: messages carry absolute paths, which never go into output.
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'file disappeared during the scan' : code ?? 'read error';
    return { ok: false, notification: { kind: 'unreadable', level: 'error', file: relativePath, message: `could not read ${relativePath}: ${reason}`, fileSkipped: true } };
  }
  return decodeSource(buffer, relativePath, maxBytes);
}

/** Checks and decodes source bytes (from a file, or from stdin for --stdin). */
export function decodeSource(buffer: Buffer, relativePath: string, maxBytes: number): ReadOutcome {
  if (buffer.length > maxBytes) {
    return { ok: false, notification: { kind: 'too-large', level: 'warning', file: relativePath, message: `skipped ${relativePath}: ${buffer.length} bytes exceeds the ${maxBytes}-byte limit`, fileSkipped: true } };
  }
  if (buffer.subarray(0, 8192).includes(0)) {
    return { ok: false, notification: { kind: 'binary', level: 'warning', file: relativePath, message: `skipped ${relativePath}: binary content`, fileSkipped: true } };
  }
  const notifications: Notification[] = [];
  let text: string;
  // isUtf8 validates natively (simdutf); decoding valid UTF-8 then needs no second check.
  if (isUtf8(buffer)) {
    text = buffer.toString('utf8');
  } else {
    text = utf8Lenient.decode(buffer);
    notifications.push({ kind: 'invalid-encoding', level: 'warning', file: relativePath, message: `${relativePath} is not valid UTF-8; analysed with invalid bytes replaced` });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text, notifications };
}

/** Minified or bundled output: long enough to matter and made of very long lines. Its sources are what to scan. */
export function looksMinified(text: string): boolean {
  if (text.length < 20_000) return false;
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines += 1;
  return text.length / lines > 500;
}
