/**
 * A progress indicator on stderr for scans that take longer than a second, only when stderr is a TTY.
 *
 * The engine scans synchronously, so a timer on the main thread could not fire during the scan: the spinner
 * runs in a small worker thread that writes straight to the stderr file descriptor, and clears its line when
 * the main thread says the scan is over (before any report is printed).
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

export const PROGRESS_DELAY_MS = 1000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { fd, delayMs, label, startedAt } = workerData;
const frames = ['|', '/', '-', '\\\\'];
let shown = false;
let frame = 0;
let interval;
const write = (text) => { try { writeSync(fd, text); } catch { /* the terminal went away: nothing to show it on */ } };
const tick = () => {
  shown = true;
  const seconds = Math.floor((Date.now() - startedAt) / 1000);
  write('\\r\\u001b[K' + frames[frame++ % frames.length] + ' jwtlint: ' + label + ' ' + seconds + 's');
};
const start = () => { tick(); interval = setInterval(tick, 125); };
// With no delay the first frame is written at once, before any message can stop the worker.
const delay = delayMs <= 0 ? (start(), undefined) : setTimeout(start, Math.max(0, delayMs - (Date.now() - startedAt)));
parentPort.once('message', () => {
  clearTimeout(delay);
  clearInterval(interval);
  if (shown) write('\\r\\u001b[K');
  parentPort.close();
});
`;

export interface Progress {
  /** Stops the indicator and erases its line; resolves when the line is gone. */
  stop(): Promise<void>;
}

const NO_PROGRESS: Progress = { stop: async () => {} };

/** Starts the indicator on `fd` (when `enabled`), shown after `delayMs`. */
export function startProgress(opts: { enabled: boolean; fd: number; label: string; delayMs?: number }): Progress {
  if (!opts.enabled) return NO_PROGRESS;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { fd: opts.fd, delayMs: opts.delayMs ?? PROGRESS_DELAY_MS, label: opts.label, startedAt: Date.now() },
    stdout: false,
    stderr: false,
  });
  const exited = once(worker, 'exit');
  return {
    async stop() {
      worker.postMessage('stop');
      await exited;
    },
  };
}
