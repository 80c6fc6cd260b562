/**
 * A progress indicator on stderr for scans that take longer than a second, only when stderr is a TTY:
 * `jwtlint: scanning 1234/18358 files (6%) 3s`.
 *
 * The engine scans synchronously, so a timer on the main thread could not fire during the scan: the spinner
 * runs in a small worker thread that writes straight to the stderr file descriptor, reads the number of files
 * done from shared memory (the engine bumps it after each file), and clears its line when the main thread says
 * the scan is over (before any report is printed).
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

const PROGRESS_DELAY_MS = 1000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { fd, delayMs, total, startedAt, counter } = workerData;
const done = new Int32Array(counter);
const noun = total === 1 ? 'file' : 'files';
const frames = ['|', '/', '-', '\\\\'];
let shown = false;
let frame = 0;
let interval;
const write = (text) => { try { writeSync(fd, text); } catch { /* the terminal went away: nothing to show it on */ } };
const tick = () => {
  shown = true;
  const seconds = Math.floor((Date.now() - startedAt) / 1000);
  const count = Math.min(Atomics.load(done, 0), total);
  const percent = total === 0 ? 100 : Math.floor((count * 100) / total);
  write('\\r\\u001b[K' + frames[frame++ % frames.length] + ' jwtlint: scanning ' + count + '/' + total + ' ' + noun + ' (' + percent + '%) ' + seconds + 's');
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
  /** Counts files as done (callable from the synchronous scan: the worker reads the count from shared memory). */
  advance(files?: number): void;
  /** Stops the indicator and erases its line; resolves when the line is gone. */
  stop(): Promise<void>;
}

const NO_PROGRESS: Progress = { advance: () => {}, stop: async () => {} };

/** Starts the indicator on `fd` (when `enabled`) for a scan of `total` files, shown after `delayMs`. */
export function startProgress(opts: { enabled: boolean; fd: number; total: number; delayMs?: number }): Progress {
  if (!opts.enabled) return NO_PROGRESS;
  const counter = new SharedArrayBuffer(4);
  const done = new Int32Array(counter);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { fd: opts.fd, delayMs: opts.delayMs ?? PROGRESS_DELAY_MS, total: opts.total, startedAt: Date.now(), counter },
    stdout: false,
    stderr: false,
  });
  const exited = once(worker, 'exit');
  return {
    advance(files = 1) {
      Atomics.add(done, 0, files);
    },
    async stop() {
      worker.postMessage('stop');
      await exited;
    },
  };
}
