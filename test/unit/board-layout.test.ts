import { describe, expect, it } from 'vitest';
import type { Region } from '../../src/core/blizzard/regions.js';
import { DivertableSink } from '../../src/core/log.js';
import { realmDataset, tokenDataset } from '../../src/core/scrape/datasets.js';
import type { AttemptResult } from '../../src/core/scrape/scrape.js';
import { boardTotals, fitBoard, formatEta, overallLine } from '../../src/output/board-layout.js';
import { ProgressBoard, type TaskLine, type TaskState } from '../../src/output/progress-board.js';
import { errorWithoutUrl, regionLine, regionTotals } from '../../src/output/scrape-summary.js';

function lines(counts: Partial<Record<TaskState, number>>): TaskLine[] {
  return Object.entries(counts).flatMap(([state, n]) =>
    Array.from({ length: n }, (_, i): TaskLine => {
      const line: TaskLine = { id: `${state}-${i}`, label: `${state}-${i}`, state: state as TaskState, done: 0, total: undefined, unit: 'bytes', detail: '' };
      return state === 'waiting' ? line : { ...line, done: 100, total: 100, rows: 10 };
    }),
  );
}

describe('fitBoard', () => {
  it('shows everything that fits under the overall line', () => {
    const fitted = fitBoard(lines({ done: 150, running: 4, failed: 5, waiting: 41 }), 23);
    expect([fitted.running.length, fitted.moreRunning, fitted.failures.length, fitted.moreFailures]).toEqual([4, 0, 5, 0]);
  });

  it('keeps the datasets in flight and cuts the failures, saying how many more', () => {
    const fitted = fitBoard(lines({ running: 4, failed: 40 }), 23);
    // 22 lines under the overall line: 4 in flight, 17 failures, "and 23 more failures".
    expect([fitted.running.length, fitted.failures.length, fitted.moreFailures]).toEqual([4, 17, 23]);
  });

  it('gives failures at least half the space when both overflow', () => {
    const fitted = fitBoard(lines({ running: 32, failed: 40 }), 23);
    expect(fitted.running.length + 1 + fitted.failures.length + 1).toBe(22);
    expect(fitted.failures.length + 1).toBeGreaterThanOrEqual(11);
    expect(fitted.moreRunning + fitted.running.length).toBe(32);
    expect(fitted.moreFailures + fitted.failures.length).toBe(40);
  });

  it('never uses more lines than it is given', () => {
    for (let height = 1; height <= 30; height++) {
      for (const counts of [{ running: 3 }, { failed: 9 }, { running: 5, failed: 50 }, { running: 40, failed: 2 }]) {
        const f = fitBoard(lines(counts), height);
        const used = 1 + f.running.length + (f.moreRunning ? 1 : 0) + f.failures.length + (f.moreFailures ? 1 : 0);
        expect(used, `${height} ${JSON.stringify(counts)}`).toBeLessThanOrEqual(Math.max(1, height));
      }
    }
  });
});

describe('the overall line', () => {
  const names = { title: 'holocron scrape', noun: 'datasets', itemName: 'items' };

  it('counts finished datasets, rows and bytes, with a rate and an ETA from the datasets left', () => {
    const totals = boardTotals(lines({ done: 50, failed: 10, running: 4, waiting: 136 }), 60_000);
    expect(totals).toMatchObject({ finished: 60, total: 200, rows: 640, bytes: 6400 });
    expect(totals.etaMs).toBe(140_000);
    expect(overallLine(names, totals, false, 200)).toBe('holocron scrape  60/200 datasets, 640 rows, 6.3 KB, 107 B/s, ETA 2 min 20 s');
  });

  it('drops words, never the count, to fit narrow terminals', () => {
    const totals = boardTotals(lines({ done: 50, running: 4, waiting: 146 }), 60_000);
    for (const width of [80, 60, 40, 30]) {
      const line = overallLine(names, totals, false, width);
      expect(line.length, line).toBeLessThanOrEqual(width);
      expect(line).toContain('50/200');
    }
  });

  it('says how long it took once finished', () => {
    const totals = boardTotals(lines({ done: 3 }), 75_000);
    expect(overallLine(names, totals, true, 80)).toMatch(/3\/3 datasets, .*done in 1 min 15 s$/);
  });

  it('estimates item-counted boards (seed) by items', () => {
    const seed: TaskLine[] = [
      { id: 'items', label: 'items', state: 'running', done: 250, total: 1000, unit: 'items', detail: '' },
      { id: 'pets', label: 'pets', state: 'done', done: 250, total: 250, unit: 'items', detail: '' },
    ];
    const totals = boardTotals(seed, 10_000);
    expect(totals.etaMs).toBe(15_000);
    expect(overallLine({ title: 'holocron seed', noun: 'seeders', itemName: 'documents' }, totals, false, 80)).toBe(
      'holocron seed  1/2 seeders, 50 documents/s, ETA 15 s',
    );
  });

  it('formats an ETA without false precision', () => {
    expect([formatEta(400), formatEta(59_001), formatEta(61_000), formatEta(3_725_000)]).toEqual(['1 s', '1 min 0 s', '1 min 1 s', '1 h 2 min']);
  });
});

describe('ProgressBoard', () => {
  it('tells listeners of a burst of changes once, then the latest state', async () => {
    const board = new ProgressBoard('t', { refreshMs: 30 });
    let heard = 0;
    board.subscribe(() => (heard += 1));
    for (let i = 0; i < 100; i++) board.upsert('a', { done: i });
    expect(heard).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(heard).toBe(2);
    expect(board.snapshot().lines[0]!.done).toBe(99);
    board.note('a log line');
    expect(heard).toBe(3);
  });
});

describe('DivertableSink', () => {
  it('sends lines to the display while diverted, then back to the stream', () => {
    const written: string[] = [];
    const diverted: string[] = [];
    const sink = new DivertableSink({ write: (t: string) => written.push(t) });
    sink.write('one\n');
    const restore = sink.divert((t) => diverted.push(t));
    sink.write('two\n');
    restore();
    sink.write('three\n');
    expect([written, diverted]).toEqual([['one\n', 'three\n'], ['two\n']]);
  });
});

describe('scrape summary per region', () => {
  const result = (region: Region, status: AttemptResult['status'], rows: number, bytes: number, id?: number): AttemptResult => ({
    dataset: id ? realmDataset(region, id) : tokenDataset(region),
    status,
    startedAt: new Date(0),
    durationMs: 5,
    httpStatus: status === 'failed' ? 500 : 200,
    wireBytes: bytes,
    rows,
    snapshotAt: null,
    snapshotId: null,
    error: status === 'failed' ? 'http://127.0.0.1:1/eu/data/wow/connected-realm/7/auctions?namespace=dynamic-eu: HTTP 500 after 5 attempts: {"code":500}' : null,
    unexpected: false,
  });

  it('totals each region in the order given, with unchanged and failed counts', () => {
    const totals = regionTotals(
      [result('eu', 'success', 300, 5000, 1), result('us', 'unchanged', 0, 0), result('eu', 'failed', 0, 0, 7), result('us', 'success', 200, 4000, 2), result('eu', 'skipped', 0, 0, 9)],
      ['us', 'eu'],
    );
    expect(totals.map(regionLine)).toEqual([
      'us: 2 datasets, 1 stored, 1 unchanged, 0 skipped, 0 failed; 200 rows, 3.9 KB',
      'eu: 3 datasets, 1 stored, 0 unchanged, 1 skipped, 1 failed; 300 rows, 4.9 KB',
    ]);
  });

  it('shows an API error without the URL in front of it', () => {
    expect(errorWithoutUrl(result('eu', 'failed', 0, 0, 7).error!)).toBe('HTTP 500 after 5 attempts: {"code":500}');
    expect(errorWithoutUrl('the connected-realm index lists no realms')).toBe('the connected-realm index lists no realms');
  });
});
