import type { ItemStatsRow } from '../../src/core/scrape/snapshot-stats.js';
import type { GeneratedAuction } from './auction-generator.js';

/**
 * Statistics computed the slow, obvious way — every unit of every listing expanded
 * into its own array element — to check the production code against.
 */
/** The production row's fields (the oracle computes them on its own, not its shape). */
export type ReferenceStats = Omit<ItemStatsRow, 'petSpeciesId'>;

export function expandedMarketValue(units: number[]): number {
  const n = units.length;
  const low = Math.max(1, Math.floor(n * 0.15));
  const high = Math.max(1, Math.floor(n * 0.3));
  const sample: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i >= low && (i >= high || units[i]! >= 1.2 * units[i - 1]!)) break;
    sample.push(units[i]!);
  }
  const mean = sample.reduce((a, b) => a + b, 0) / sample.length;
  const sd = Math.sqrt(sample.reduce((a, b) => a + (b - mean) ** 2, 0) / sample.length);
  const kept = sample.filter((p) => Math.abs(p - mean) <= 1.5 * sd);
  return Math.round(kept.length ? kept.reduce((a, b) => a + b, 0) / kept.length : mean);
}

const MIN_REMAINING_MS: Record<GeneratedAuction['time_left'], number> = {
  SHORT: 0,
  MEDIUM: 30 * 60_000,
  LONG: 2 * 3_600_000,
  VERY_LONG: 12 * 3_600_000,
};

function priceOf(a: GeneratedAuction): number | null {
  if (a.unit_price !== undefined) return a.unit_price;
  if (a.buyout !== undefined) return Math.round(a.buyout / a.quantity);
  return null;
}

/** Per item id (pets not told apart: use for commodities). */
export function referenceStats(current: GeneratedAuction[], previous?: GeneratedAuction[], gapMs = 3_600_000): Map<number, ReferenceStats> {
  const byItem = new Map<number, GeneratedAuction[]>();
  for (const a of current) byItem.set(a.item.id, [...(byItem.get(a.item.id) ?? []), a]);
  const sold = new Map<number, number>();
  const listed = new Map<number, number>();
  if (previous) {
    const now = new Map(current.map((a) => [a.id, a]));
    const before = new Set(previous.map((a) => a.id));
    for (const a of previous) {
      const still = now.get(a.id);
      let gone = 0;
      if (still) gone = Math.max(0, a.quantity - still.quantity);
      else if (gapMs < MIN_REMAINING_MS[a.time_left]) gone = a.quantity;
      if (gone > 0) sold.set(a.item.id, (sold.get(a.item.id) ?? 0) + gone);
    }
    for (const a of current) if (!before.has(a.id)) listed.set(a.item.id, (listed.get(a.item.id) ?? 0) + a.quantity);
    for (const item of sold.keys()) if (!byItem.has(item)) byItem.set(item, []);
  }
  const result = new Map<number, ReferenceStats>();
  for (const [itemId, auctions] of byItem) {
    const units: number[] = [];
    for (const a of auctions) {
      const p = priceOf(a);
      if (p !== null) for (let q = 0; q < a.quantity; q++) units.push(p);
    }
    units.sort((x, y) => x - y);
    const total = units.length;
    let median: number | null = null;
    if (total > 0) median = units[Math.ceil(total / 2) - 1]!;
    result.set(itemId, {
      itemId,
      minPrice: total ? units[0]! : null,
      maxPrice: total ? units[total - 1]! : null,
      meanPrice: total ? units.reduce((a, b) => a + b, 0) / total : null,
      medianPrice: median,
      marketValue: total ? expandedMarketValue(units) : null,
      totalQuantity: auctions.reduce((a, b) => a + b.quantity, 0),
      auctionCount: auctions.length,
      estSold: previous ? (sold.get(itemId) ?? 0) : null,
      newListings: previous ? (listed.get(itemId) ?? 0) : null,
    });
  }
  return result;
}
