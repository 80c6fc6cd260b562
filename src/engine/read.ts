import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Notification } from '../report/types.js';

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

export type ReadOutcome = { ok: true; text: string; notifications: Notification[] } | { ok: false; notification: Notification };

const utf8Lenient = new TextDecoder('utf-8', { fatal: false });

/**
 * One read buffer, reused for every file (grown when needed): reading a whole tree into fresh Buffers made V8
 * collect garbage for hundreds of megabytes of short-lived external memory. The bytes are decoded into a
 * string before the next read.
 */
let readBuffer = Buffer.allocUnsafe(256 * 1024);

/** The file's bytes, up to one byte past `maxBytes` (enough to tell it is too large), in the shared buffer. */
function readBytes(fd: number, maxBytes: number): Buffer {
  let length = 0;
  for (;;) {
    if (length === readBuffer.length) {
      if (length > maxBytes) break;
      const bigger = Buffer.allocUnsafe(readBuffer.length * 2);
      readBuffer.copy(bigger, 0, 0, length);
      readBuffer = bigger;
    }
    const count = readSync(fd, readBuffer, length, readBuffer.length - length, null);
    if (count === 0) break;
    length += count;
    if (length > maxBytes) break;
  }
  return readBuffer.subarray(0, length);
}

/** Reads a source file once. Too large, binary or unreadable files become notifications, never exceptions. */
export function readSource(absolutePath: string, relativePath: string, maxBytes: number): ReadOutcome {
  let buffer: Buffer;
  let fd: number | undefined;
  try {
    fd = openSync(absolutePath, 'r');
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      return { ok: false, notification: { kind: 'not-a-file', level: 'warning', file: relativePath, message: `${relativePath} is not a regular file`, fileSkipped: true } };
    }
    if (stat.size > maxBytes) return tooLarge(relativePath, stat.size, maxBytes);
    buffer = readBytes(fd, maxBytes);
  } catch (error) {
    // The error code, not the message: messages carry absolute paths, which never go into output.
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'file disappeared during the scan' : (code ?? 'read error');
    return { ok: false, notification: { kind: 'unreadable', level: 'error', file: relativePath, message: `could not read ${relativePath}: ${reason}`, fileSkipped: true } };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return decodeSource(buffer, relativePath, maxBytes);
}

/** A file (or stdin text) over the size limit: skipped with a notification. */
function tooLarge(relativePath: string, size: number, maxBytes: number): ReadOutcome {
  const message = `skipped ${relativePath}: ${size} bytes exceeds the ${maxBytes}-byte limit`;
  return { ok: false, notification: { kind: 'too-large', level: 'warning', file: relativePath, message, fileSkipped: true } };
}

/**
 * Binary content: a NUL byte in the file's first 8 KiB among more than one control byte (NUL, or one of 0x01-0x08,
 * 0x0E-0x1A, 0x1C-0x1F), and those more than 1% of it. A source file may hold a stray NUL (in a string literal,
 * pasted from a terminal): it is analysed, not skipped whole.
 */
function looksBinary(head: Buffer): boolean {
  if (!head.includes(0)) return false;
  let control = 0;
  for (const byte of head) if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b)) control += 1;
  return control > 1 && control * 100 > head.length;
}

/** Checks and decodes source bytes (from a file, or from stdin for --stdin). */
export function decodeSource(buffer: Buffer, relativePath: string, maxBytes: number): ReadOutcome {
  if (buffer.length > maxBytes) return tooLarge(relativePath, buffer.length, maxBytes);
  if (looksBinary(buffer.subarray(0, 8192))) {
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
