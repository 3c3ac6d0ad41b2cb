import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../src/core/blizzard/backoff.js';
import { RateLimiter } from '../../src/core/blizzard/rate-limiter.js';
import { parseRegions } from '../../src/core/blizzard/regions.js';
import type { Clock } from '../../src/core/clock.js';
import { UsageError } from '../../src/core/errors.js';
import { nextCheck } from '../../src/core/scrape/poll.js';
import { parseRealms } from '../../src/commands/scrape.js';

/** Virtual time: a sleep returns at once, with the clock moved to its wake-up time. */
function fakeClock(start = 0): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      const wake = now + ms;
      await Promise.resolve();
      now = Math.max(now, wake);
    },
  };
}

describe('RateLimiter', () => {
  it('lets 100 requests through in a second and holds the 101st until the window moves', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(clock, 100, 1000);
    for (let i = 0; i < 100; i++) await limiter.acquire();
    expect(clock.sleeps).toEqual([]);
    await limiter.acquire();
    expect(clock.sleeps).toEqual([1000]);
  });

  it('never exceeds the limit in any window, even for concurrent callers', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(clock, 10, 1000);
    const starts = (await Promise.all(Array.from({ length: 35 }, () => limiter.acquire()))).sort((a, b) => a - b);
    expect(starts.at(-1)).toBe(3000);
    for (let i = 10; i < starts.length; i++) expect(starts[i]! - starts[i - 10]!).toBeGreaterThanOrEqual(1000);
  });
});

describe('retry timing', () => {
  it('backs off exponentially with jitter and a ceiling', () => {
    expect(backoffDelay(1, 1000, 30_000, () => 0)).toBe(500);
    expect(backoffDelay(1, 1000, 30_000, () => 1)).toBe(1000);
    expect(backoffDelay(3, 1000, 30_000, () => 1)).toBe(4000);
    expect(backoffDelay(10, 1000, 30_000, () => 1)).toBe(30_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-21T10:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('99999', now)).toBe(120_000);
  });
});

describe('poll schedule', () => {
  const HOUR = 3_600_000;
  const history = [0, 1, 2, 3].map((h) => Date.parse('2026-11-21T10:28:07Z') + h * HOUR);
  const last = history.at(-1)!;

  it('checks 45 s before the learned minute', () => {
    const s = nextCheck(history, last + 10 * 60_000);
    expect(s.intervalMs).toBe(HOUR);
    expect(s.expectedAt).toBe(last + HOUR);
    expect(s.checkAt).toBe(last + HOUR - 45_000);
  });

  it('backs off the longer a snapshot is late: 1, 5, 15, 30 minutes', () => {
    expect(nextCheck(history, last + HOUR + 60_000).checkAt - (last + HOUR + 60_000)).toBe(60_000);
    expect(nextCheck(history, last + HOUR + 10 * 60_000).checkAt - (last + HOUR + 10 * 60_000)).toBe(5 * 60_000);
    expect(nextCheck(history, last + HOUR + 60 * 60_000).checkAt - (last + HOUR + 60 * 60_000)).toBe(15 * 60_000);
    expect(nextCheck(history, last + 4 * HOUR).checkAt - (last + 4 * HOUR)).toBe(30 * 60_000);
  });

  it('learns the smallest gap, so a missed hour does not stretch the interval', () => {
    const gappy = [history[0]!, history[1]!, history[3]!];
    expect(nextCheck(gappy, history[3]!).intervalMs).toBe(HOUR);
  });

  it('follows a drifting minute', () => {
    const drifting = [0, HOUR + 60_000, 2 * HOUR + 120_000];
    expect(nextCheck(drifting, 2 * HOUR + 120_000).expectedAt).toBe(3 * HOUR + 120_000 + 60_000);
  });

  it('checks at once without history and scales with short intervals', () => {
    expect(nextCheck([], 1234).checkAt).toBe(1234);
    const token = [0, 20 * 60_000, 40 * 60_000];
    expect(nextCheck(token, 45 * 60_000).checkAt).toBe(60 * 60_000 - 15_000);
  });
});

describe('flag parsing', () => {
  it('accepts regions and realm lists and rejects the rest as usage errors', () => {
    expect(parseRegions('us, EU,us')).toEqual(['us', 'eu']);
    expect(() => parseRegions('cn')).toThrow(UsageError);
    expect(parseRealms('all')).toEqual({ mode: 'all' });
    expect(parseRealms('1080,3678,1080')).toEqual({ mode: 'list', ids: [1080, 3678] });
    expect(() => parseRealms('1080,x')).toThrow(UsageError);
  });
});
