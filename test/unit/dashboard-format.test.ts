import { describe, expect, it } from 'vitest';
import { tabLines } from '../../src/output/dashboard-format.js';
import { trendline } from '../../src/output/market-format.js';
import { wrap } from '../../src/ui/dashboard/DetailPane.js';
import { hintLine } from '../../src/ui/dashboard/Footer.js';
import { allocate, windowStart } from '../../src/ui/dashboard/layout.js';
import { EMPTY_ROSTER, TABS } from '../helpers/dashboard-tabs.js';

describe('trendline', () => {
  it('scales a price series from its low to its high, so small moves show', () => {
    expect(trendline([100, 101, 102, 103])).toBe('▁▃▆█');
    expect(trendline([5, 5, 5])).toBe('▄▄▄');
    expect(trendline([])).toBe('');
  });

  it('scales amounts from zero when asked, keeps the newest values that fit', () => {
    expect(trendline([0, 4, 8], { fromZero: true })).toBe(' ▄█');
    expect(trendline([1, 2, 3, 4, 5, 6], { width: 3 })).toBe('▁▅█');
  });
});

describe('dashboard layout helpers', () => {
  it('shares the body between lists, the short one giving its spare lines to the selected one', () => {
    const section = (rows: number) => ({ title: 't', columns: [], rows: Array.from({ length: rows }), detail: () => [], empty: '' });
    expect(allocate([section(30), section(2)], 19, 0)).toEqual([15, 4]);
    expect(allocate([section(30), section(30)], 19, 1)).toEqual([9, 10]);
  });

  it('keeps the selected row in view, near the middle', () => {
    expect(windowStart(40, 10, 0)).toBe(0);
    expect(windowStart(40, 10, 20)).toBe(15);
    expect(windowStart(40, 10, 39)).toBe(30);
    expect(windowStart(5, 10, 4)).toBe(0);
  });

  it('wraps a detail line at spaces, indenting what follows', () => {
    expect(wrap('sell Farmer-Stormrage: 400 × Mycobloom, 80 × Bismuth', 30)).toEqual(['sell Farmer-Stormrage: 400 ×', '  Mycobloom, 80 × Bismuth']);
    expect(wrap('short', 30)).toEqual(['short']);
    expect(wrap('x'.repeat(25), 10)).toEqual(['xxxxxxxxxx', '  xxxxxxxx', '  xxxxxxx']);
  });

  it('drops the least needed key hints first when the line is narrow, never quit', () => {
    const hints = [{ keys: '1-5', does: 'tabs', keep: 3 }, { keys: 'j/k', does: 'move', keep: 2 }, { keys: 'q', does: 'quit', keep: 9 }];
    expect(hintLine(hints, 80)).toBe('1-5 tabs  j/k move  q quit');
    expect(hintLine(hints, 18)).toBe('1-5 tabs  q quit');
    expect(hintLine(hints, 5)).toBe('q quit');
  });
});

describe('plain dashboard summary', () => {
  it('prints each tab as short plain lines, and what fills an empty one', () => {
    const home = tabLines(TABS.home);
    expect(home.slice(0, 3)).toEqual(['== Home ==', '· 3 mail jobs pending', '· Vault unlocked on Main-Stormrage (3 of 9 slots)']);
    expect(home).toContain('· Auction value: 500,000g');
    expect(tabLines(TABS.roster).join('\n')).toMatch(/characters \(40, first 10\)\n {2}character +spec/);
    expect(tabLines(EMPTY_ROSTER)).toEqual(['== Roster ==', 'no characters, items and gold yet: run `holocron ingest <WoW folder>`']);
  });
});
