import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { ProgressBoard, type TaskState } from '../../src/output/progress-board.js';
import { ProgressView } from '../../src/ui/ProgressView.js';

const OVERALL = /^holocron scrape\s+\d+\/\d+/;

/**
 * 200 datasets as a two-region scrape has them mid-run: most finished, four in
 * flight, some failed, the rest waiting. `failures` picks which ones failed.
 */
function scrapeBoard(failures: (n: number) => boolean) {
  let now = 0;
  const board = new ProgressBoard('holocron scrape', { noun: 'datasets', now: () => now, refreshMs: 0 });
  const keys = ['us', 'eu'].flatMap((region) => Array.from({ length: 100 }, (_, i) => `${region}/realm/${i + 1}`));
  for (const key of keys) board.upsert(key, { label: key, state: 'waiting', unit: 'bytes' });
  const states = new Map<string, TaskState>();
  keys.forEach((key, n) => {
    const state: TaskState = n >= 150 ? 'waiting' : n >= 146 ? 'running' : failures(n) ? 'failed' : 'done';
    states.set(key, state);
    if (state === 'done') board.upsert(key, { state, done: 40_000, total: 40_000, rows: 3000, detail: 'success, 3,000 rows, 1.20 s' });
    if (state === 'failed') board.upsert(key, { state, detail: `failed: HTTP 500 after 5 attempts (${key})` });
    if (state === 'running') board.upsert(key, { state, done: 10_000, total: 40_000, rows: 700, detail: '700 rows' });
  });
  now = 30_000;
  const count = (s: TaskState) => [...states.values()].filter((v) => v === s).length;
  const failed = keys.filter((k) => states.get(k) === 'failed');
  return { board, keys, failed, running: keys.filter((k) => states.get(k) === 'running'), finished: count('done') + count('failed') };
}

/** Mounts the view on ink-testing-library's stdout resized to columns × rows, as a terminal would report it. */
async function mount(board: ProgressBoard, columns: number, rows: number) {
  const instance = render(<ProgressView board={board} />);
  unmount = instance.unmount;
  const resize = async (c: number, r: number) => {
    Object.defineProperty(instance.stdout, 'columns', { configurable: true, get: () => c });
    Object.defineProperty(instance.stdout, 'rows', { configurable: true, get: () => r });
    instance.stdout.emit('resize');
    await settled();
  };
  await resize(columns, rows);
  const frame = () => stripVTControlCharacters(instance.lastFrame() ?? '').split('\n');
  return { resize, frame };
}

/** React commits state updates from outside its own handlers on a later tick. */
function settled(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function expectFits(frame: string[], columns: number, rows: number) {
  // One line is left for the cursor: a frame as tall as the terminal makes Ink clear the screen each time.
  expect(frame.length).toBeLessThanOrEqual(rows - 1);
  for (const line of frame) expect(line.length, line).toBeLessThanOrEqual(columns);
}

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

describe('ProgressView at 80×24 with 200 datasets', () => {
  it('shows the overall line, every dataset in flight and as many failures as fit, then how many more', async () => {
    const { board, failed, running, finished } = scrapeBoard((n) => n % 3 === 0);
    const { frame } = await mount(board, 80, 24);
    const lines = frame();
    expect(lines.length).toBeLessThanOrEqual(24);
    expectFits(lines, 80, 24);
    expect(lines[0]).toMatch(OVERALL);
    expect(lines[0]).toContain(`${finished}/200`);
    expect(lines[0]).toMatch(/rows/);
    expect(lines[0]).toMatch(/ETA /);
    for (const key of running) expect(lines.some((l) => l.startsWith(key) && l.includes('█'))).toBe(true);
    const shownFailures = lines.filter((l) => /failed: HTTP 500/.test(l));
    expect(shownFailures.length).toBeGreaterThan(0);
    expect(shownFailures.length).toBeLessThan(failed.length);
    expect(lines.at(-1)).toBe(`and ${failed.length - shownFailures.length} more failures`);
    // The failures shown are the first ones, each named.
    shownFailures.forEach((line, i) => expect(line.startsWith(failed[i]!)).toBe(true));
  });

  it('lists every failure when they fit', async () => {
    const { board, failed } = scrapeBoard((n) => n === 7 || n === 80 || n === 123);
    const { frame } = await mount(board, 80, 24);
    const lines = frame();
    expectFits(lines, 80, 24);
    for (const key of failed) expect(lines.some((l) => l.startsWith(key) && l.includes('failed: HTTP 500'))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/more failures/);
  });

  it('re-fits when the terminal is resized', async () => {
    const { board, running } = scrapeBoard((n) => n % 3 === 0);
    const { frame, resize } = await mount(board, 80, 24);
    expectFits(frame(), 80, 24);
    await resize(50, 10);
    const small = frame();
    expectFits(small, 50, 10);
    expect(small[0]).toMatch(/^\d+\/200/);
    expect(small.at(-1)).toMatch(/^and \d+ more failures$/);
    await resize(120, 60);
    const large = frame();
    expectFits(large, 120, 60);
    expect(large[0]).toMatch(OVERALL);
    expect(large.filter((l) => running.some((key) => l.startsWith(key))).length).toBe(running.length);
  });

  it('prints log lines above the board, and only the overall line once finished', async () => {
    const { board } = scrapeBoard(() => false);
    const { frame } = await mount(board, 80, 24);
    board.note('warning: first');
    board.note('warning: second');
    await settled();
    const lines = frame();
    expect(lines.slice(0, 2)).toEqual(['warning: first', 'warning: second']);
    expect(lines[2]).toMatch(OVERALL);
    board.finish();
    await settled();
    const last = frame();
    expect(last.filter((l) => OVERALL.test(l))).toHaveLength(1);
    expect(last.at(-1)).toMatch(/done in/);
    expect(last.some((l) => l.includes('█'))).toBe(false);
  });
});
