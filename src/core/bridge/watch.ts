/**
 * The foreground mode: a pass on start, then one whenever fs.watch reports a
 * change under a watched folder (after a short quiet time), and one every
 * `pollMs` regardless, because fs.watch misses events on network drives and
 * some Linux set-ups and is not recursive everywhere. A server that is down
 * is waited out; a wrong token ends the run.
 */
import fs from 'node:fs';
import type { Clock } from '../clock.js';
import { TempFailError } from '../errors.js';
import type { Logger } from '../log.js';

export interface WatchOptions {
  /** Folders to watch; asked again before each wait, as Logs may appear later. */
  folders: () => string[];
  pollMs: number;
  /** After a pass that left files the game was still writing: look again this soon. */
  soonMs: number;
  /** Quiet time after an event before the pass: a save touches several files. */
  debounceMs: number;
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
}

/** `pass` resolves true when it left files to look at again soon. */
export async function watchLoop(pass: () => Promise<boolean>, options: WatchOptions): Promise<void> {
  const watchers = new Map<string, fs.FSWatcher>();
  let wake: (() => void) | undefined;
  let dirty = false;
  const onEvent = () => {
    dirty = true;
    wake?.();
  };
  const refreshWatchers = () => {
    for (const folder of options.folders()) {
      if (watchers.has(folder)) continue;
      try {
        const watcher = fs.watch(folder, { recursive: true, persistent: false }, onEvent);
        watcher.on('error', () => {
          watcher.close();
          watchers.delete(folder);
        });
        watchers.set(folder, watcher);
      } catch (error) {
        // Polling still covers this folder.
        options.log.debug(`cannot watch ${folder} (${(error as Error).message}); polling it every ${options.pollMs / 1000} s`);
      }
    }
  };
  try {
    while (!options.signal.aborted) {
      dirty = false;
      let soon = false;
      try {
        soon = await pass();
      } catch (error) {
        if (!(error instanceof TempFailError)) throw error;
        options.log.warn(`${error.message}; trying again in ${options.pollMs / 1000} s`);
      }
      if (options.signal.aborted) break;
      refreshWatchers();
      if (!dirty) await wait(options, soon ? options.soonMs : options.pollMs, (fn) => (wake = fn));
      wake = undefined;
      // Let the game finish the rest of its save before the pass looks.
      if (!options.signal.aborted) await options.clock.sleep(options.debounceMs, options.signal);
    }
  } finally {
    for (const watcher of watchers.values()) watcher.close();
  }
}

function wait(options: WatchOptions, ms: number, setWake: (fn: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const controller = new AbortController();
    const done = () => {
      controller.abort();
      options.signal.removeEventListener('abort', done);
      resolve();
    };
    setWake(done);
    options.signal.addEventListener('abort', done, { once: true });
    void options.clock.sleep(ms, controller.signal).then(done);
  });
}
