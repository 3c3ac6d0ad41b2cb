import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchLoop } from '../../src/core/bridge/watch.js';
import { systemClock } from '../../src/core/clock.js';
import { ConfigError, TempFailError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/log.js';
import { useTempDirs } from '../helpers/tmp.js';

const tempDir = useTempDirs();

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('bridge watch loop', () => {
  it('runs a pass on a file event long before the poll interval, and stops when told', async () => {
    const dir = tempDir();
    const controller = new AbortController();
    let passes = 0;
    const loop = watchLoop(async () => (passes++, false), { folders: () => [dir], pollMs: 60_000, soonMs: 60_000, debounceMs: 10, clock: systemClock, log: silentLogger, signal: controller.signal });
    await until(() => passes === 1);
    await new Promise((r) => setTimeout(r, 100));
    fs.writeFileSync(path.join(dir, 'DataStore.lua'), 'x');
    await until(() => passes === 2);
    controller.abort();
    await loop;
  });

  it('looks again soon after a pass that left a file being written', async () => {
    const controller = new AbortController();
    let passes = 0;
    const loop = watchLoop(async () => ++passes < 3, { folders: () => [], pollMs: 60_000, soonMs: 20, debounceMs: 10, clock: systemClock, log: silentLogger, signal: controller.signal });
    await until(() => passes === 3);
    controller.abort();
    await loop;
  });

  it('waits out a server that is down, and ends on a refused token', async () => {
    const controller = new AbortController();
    let passes = 0;
    const loop = watchLoop(
      async () => {
        passes++;
        if (passes === 1) throw new TempFailError('server down');
        throw new ConfigError('token refused');
      },
      { folders: () => [path.join(tempDir(), 'missing')], pollMs: 20, soonMs: 20, debounceMs: 10, clock: systemClock, log: silentLogger, signal: controller.signal },
    );
    await expect(loop).rejects.toThrow(ConfigError);
    expect(passes).toBe(2);
  });
});
