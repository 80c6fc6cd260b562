import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where the CLI reads and writes: the process's streams, or a test's. */

export interface CliStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  /** Working directory the paths are relative to. */
  cwd: string;
  env: Record<string, string | undefined>;
  /** The text scanned with --stdin. */
  stdin?: NodeJS.ReadableStream;
  /** File descriptor the progress indicator writes to (it runs in a worker thread); none: no indicator. */
  progressFd?: number;
}

/** Writes a command's output to stdout, or to the --output file (its folder made when missing); ends it with a newline. */
export async function emit(text: string, output: string | undefined, io: CliIo): Promise<void> {
  const out = text.length === 0 || text.endsWith('\n') ? text : `${text}\n`;
  if (output === undefined) {
    io.stdout.write(out);
    return;
  }
  const target = path.resolve(io.cwd, output);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, out, 'utf8');
}
