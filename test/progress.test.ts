import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startProgress } from '../src/cli/progress.js';
import { TempProjects } from './helpers/temp-project.js';

const temps = new TempProjects();
afterAll(() => temps.cleanup());

describe('progress indicator', () => {
  it('shows files done out of the total, as the synchronous scan advances it, and erases its line at the end', async () => {
    const file = path.join(temps.create({}), 'progress.txt');
    const fd = openSync(file, 'w');
    const progress = startProgress({ enabled: true, fd, total: 4, delayMs: 0 });
    progress.advance();
    progress.advance(2);
    // Block the main thread as the engine does: the worker keeps drawing from the shared counter.
    const until = Date.now() + 400;
    while (Date.now() < until);
    await progress.stop();
    closeSync(fd);
    const written = readFileSync(file, 'utf8');
    expect(written).toMatch(/jwtlint: scanning 3\/4 files \(75%\) 0s/);
    expect(written.endsWith('\r\u001b[K')).toBe(true);
  });

  it('writes nothing when disabled', async () => {
    const progress = startProgress({ enabled: false, fd: 2, total: 10 });
    progress.advance();
    await progress.stop();
  });
});
