import { describe, expect, it } from 'vitest';
import { marketValue, priceStats } from '../../src/core/scrape/market-stats.js';
import { SnapshotStats, sortBySlotAndPrice } from '../../src/core/scrape/snapshot-stats.js';
import { generateAuctions, nextSnapshot, rng } from '../helpers/auction-generator.js';
import { expandedMarketValue, referenceStats } from '../helpers/reference-stats.js';

function levels(pairs: Array<[number, number]>) {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0]);
  return {
    prices: Float64Array.from(sorted, (p) => p[0]),
    quantities: Float64Array.from(sorted, (p) => p[1]),
    total: sorted.reduce((a, p) => a + p[1], 0),
    count: sorted.length,
  };
}

describe('market value (TSM per-scan)', () => {
  it('matches the TradeSkillMaster knowledge-base example: 14.5', () => {
    // {5,13,13,15,15,15,16,…,100}: 24 units, so the 30 % sample is the first 7.
    const units = [5, 13, 13, 15, 15, 15, 16, 20, 22, 25, 28, 30, 33, 35, 40, 45, 50, 55, 60, 70, 75, 80, 90, 100];
    expect(expandedMarketValue(units)).toBe(15); // 14.5 rounds to whole copper
    const l = levels(units.map((u) => [u * 100, 1]));
    expect(marketValue(l.prices, l.quantities, l.count, l.total)).toBe(1450);
  });

  it('agrees with the unit-by-unit reference on random stacks', () => {
    const random = rng(5);
    for (let trial = 0; trial < 300; trial++) {
      const pairs: Array<[number, number]> = [];
      const n = 1 + Math.floor(random() * 40);
      const base = 100 + Math.floor(random() * 100000);
      for (let i = 0; i < n; i++) pairs.push([Math.round(base * Math.exp(random() * (random() < 0.2 ? 2 : 0.4))), 1 + Math.floor(random() * 30)]);
      const l = levels(pairs);
      const units = l.count ? [...l.prices].flatMap((p, i) => Array(l.quantities[i]).fill(p) as number[]) : [];
      expect(Math.abs(marketValue(l.prices, l.quantities, l.count, l.total) - expandedMarketValue(units))).toBeLessThanOrEqual(1);
    }
  });

  it('stays exact at prices near the gold cap', () => {
    const l = levels([
      [99_999_999_999, 3],
      [99_999_999_998, 2],
    ]);
    expect(marketValue(l.prices, l.quantities, l.count, l.total)).toBe(99_999_999_998);
  });
});

describe('priceStats', () => {
  it('weights mean and median by quantity', () => {
    const l = levels([
      [10, 1],
      [20, 1],
      [30, 8],
    ]);
    const stats = priceStats(l.prices, l.quantities, l.count);
    expect(stats).toMatchObject({ minPrice: 10, maxPrice: 30, medianPrice: 30, totalQuantity: 10 });
    expect(stats.meanPrice).toBeCloseTo(27, 10);
  });
});

describe('sortBySlotAndPrice', () => {
  it('orders by slot, then price, unpriced last, for prices up to the gold cap', async () => {
    const random = rng(77);
    const n = 5000;
    const slots = Int32Array.from({ length: n }, () => Math.floor(random() * 40));
    const prices = Float64Array.from({ length: n }, () => (random() < 0.05 ? Number.NaN : Math.floor(random() * 99_999_999_999)));
    const { order, starts } = await sortBySlotAndPrice(slots, prices, n, 40);
    const expected = [...Array(n).keys()].sort((a, b) => slots[a]! - slots[b]! || (Number.isNaN(prices[a]!) ? 1 : 0) - (Number.isNaN(prices[b]!) ? 1 : 0) || prices[a]! - prices[b]! || a - b);
    expect([...order]).toEqual(expected);
    expect(starts[40]).toBe(n);
  });
});

describe('SnapshotStats', () => {
  it('computes every statistic and the sales estimate like the reference', async () => {
    const previous = generateAuctions({ auctions: 5000, items: 120, seed: 11 });
    // Three items sell out completely: they must still get a row, with their sales.
    const soldOutItems = new Set([...new Set(previous.map((a) => a.item.id))].slice(0, 3));
    const current = nextSnapshot(previous, 12).filter((a) => !soldOutItems.has(a.item.id));
    const stats = new SnapshotStats();
    const TL = { SHORT: 1, MEDIUM: 2, LONG: 3, VERY_LONG: 4 } as const;
    const prior = {
      gapMs: 3_600_000,
      count: previous.length,
      auctionIds: Float64Array.from(previous, (a) => a.id),
      itemIds: Int32Array.from(previous, (a) => a.item.id),
      petSpeciesIds: new Int32Array(previous.length),
      quantities: Int32Array.from(previous, (a) => a.quantity),
      timeLeft: Uint8Array.from(previous, (a) => TL[a.time_left]),
    };
    // Compared after the fact…
    for (const a of current) stats.add(a.id, a.item.id, 0, a.quantity, a.unit_price!, TL[a.time_left]);
    const rows = await stats.finish(prior);
    // …and while listings arrive: the same result.
    const streaming = new SnapshotStats();
    streaming.comparePrevious(prior);
    for (const a of current) streaming.add(a.id, a.item.id, 0, a.quantity, a.unit_price!, TL[a.time_left]);
    expect(await streaming.finish()).toEqual(rows);
    const reference = referenceStats(current, previous);
    expect(rows).toHaveLength(reference.size);
    const soldOut: number[] = [];
    for (const row of rows) {
      const ref = reference.get(row.itemId)!;
      expect(row.auctionCount).toBe(ref.auctionCount);
      expect(row.totalQuantity).toBe(ref.totalQuantity);
      expect(row.minPrice).toBe(ref.minPrice);
      expect(row.maxPrice).toBe(ref.maxPrice);
      expect(row.medianPrice).toBe(ref.medianPrice);
      expect(Math.abs((row.marketValue ?? 0) - (ref.marketValue ?? 0))).toBeLessThanOrEqual(1);
      if (ref.meanPrice === null) expect(row.meanPrice).toBeNull();
      else expect(row.meanPrice).toBeCloseTo(ref.meanPrice, 6);
      expect(row.estSold).toBe(ref.estSold);
      expect(row.newListings).toBe(ref.newListings);
      if (row.auctionCount === 0) soldOut.push(row.itemId);
    }
    expect(rows.reduce((a, r) => a + (r.estSold ?? 0), 0)).toBeGreaterThan(0);
    expect(rows.reduce((a, r) => a + (r.newListings ?? 0), 0)).toBeGreaterThan(0);
    expect(soldOut.sort((a, b) => a - b)).toEqual([...soldOutItems].sort((a, b) => a - b));
    for (const itemId of soldOut) {
      // An hour later only LONG and VERY_LONG listings cannot have simply expired: those units were bought.
      const bought = previous.filter((a) => a.item.id === itemId && (a.time_left === 'LONG' || a.time_left === 'VERY_LONG')).reduce((n, a) => n + a.quantity, 0);
      expect(bought).toBeGreaterThan(0);
      expect(rows.find((r) => r.itemId === itemId)).toMatchObject({ totalQuantity: 0, minPrice: null, marketValue: null, newListings: 0, estSold: bought });
    }
  });

  it('leaves sales unknown (null) without a previous snapshot', async () => {
    const stats = new SnapshotStats();
    stats.add(1, 100, 0, 5, 10, 3);
    stats.add(2, 100, 0, 1, null, 3); // bid only: counted, not priced
    const [row] = await stats.finish();
    expect(row).toMatchObject({ itemId: 100, auctionCount: 2, totalQuantity: 6, minPrice: 10, estSold: null, newListings: null });
  });

  it('tells caged pets apart by species', async () => {
    const stats = new SnapshotStats();
    stats.add(1, 82800, 3319, 1, 100, 4);
    stats.add(2, 82800, 1000, 1, 900, 4);
    const rows = await stats.finish();
    expect(rows.map((r) => [r.petSpeciesId, r.minPrice])).toEqual([
      [3319, 100],
      [1000, 900],
    ]);
  });
});
