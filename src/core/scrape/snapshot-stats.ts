import { AuctionIdIndex, float64s, int32s, uint8s } from './auction-id-index.js';
import { priceStats } from './market-stats.js';

/**
 * Collects every listing of a snapshot while it streams into PostgreSQL and turns
 * them into per-item statistics afterwards. Computed here rather than with SQL
 * INSERT … SELECT: the server's core is busy with the COPY, while this runs on
 * Node's core between chunks; SQL aggregation measured 0.5–0.7 s per 500k
 * listings, this well under 0.2 s (../shared/reference/db-substrate.md §2).
 *
 * An item is an item id, plus the species for caged battle pets.
 */
export interface ItemStatsRow {
  itemId: number;
  petSpeciesId: number;
  minPrice: number | null;
  maxPrice: number | null;
  meanPrice: number | null;
  medianPrice: number | null;
  marketValue: number | null;
  totalQuantity: number;
  auctionCount: number;
  estSold: number | null;
  newListings: number | null;
}

/** One snapshot's listings, column by column (as cached and as compared). */
export interface ListingColumns {
  count: number;
  auctionIds: Float64Array;
  itemIds: Int32Array;
  petSpeciesIds: Int32Array;
  quantities: Int32Array;
  timeLeft: Uint8Array;
}

/** Listings with item and species stored once per slot (the cache's form). */
export interface SlottedListings {
  count: number;
  auctionIds: Float64Array;
  slotOf: Int32Array;
  quantities: Int32Array;
  timeLeft: Uint8Array;
  slotItem: Int32Array;
  slotPet: Int32Array;
}

/** The previous snapshot of the same dataset, as needed for sales estimates. */
export interface PreviousListings extends ListingColumns {
  /** Milliseconds between the previous and this snapshot. */
  gapMs: number;
}

const UNPRICED_KEY = 2 ** 48 - 1;

/** A price as a non-negative integer sort key below 2^48; unpriced (NaN) last. */
function priceKey(price: number): number {
  return Number.isNaN(price) ? UNPRICED_KEY : Math.min(Math.max(0, Math.floor(price)), UNPRICED_KEY - 1);
}

/** One stable counting-sort pass over the 16-bit digit `floor(key / divisor) % 65536`. */
function radixPass(order: Uint32Array, out: Uint32Array, prices: Float64Array, count: number, divisor: number, counts: Int32Array): void {
  counts.fill(0);
  for (let k = 0; k < count; k++) counts[(Math.floor(priceKey(prices[order[k]!]!) / divisor) % 65536) + 1]! += 1;
  for (let b = 0; b < 65536; b++) counts[b + 1]! += counts[b]!;
  for (let k = 0; k < count; k++) {
    const i = order[k]!;
    out[counts[Math.floor(priceKey(prices[i]!) / divisor) % 65536]!++] = i;
  }
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Least time an auction still had, by time_left code (0 unknown … 4 VERY_LONG). */
const MIN_REMAINING_MS = [0, 0, 30 * 60_000, 2 * 3_600_000, 12 * 3_600_000];
const PET_KEY_FACTOR = 1 << 20;
/** Item ids below this use the dense slot table (16 MB at most); others a Map. */
const DENSE_LIMIT = 1 << 22;

interface Comparison {
  previous: PreviousListings;
  index: AuctionIdIndex;
  /** Per previous listing: its quantity now, or -1 while unseen. */
  stillListed: Int32Array;
}

export class SnapshotStats {
  private readonly auctionIds = float64s();
  private readonly slotOf = int32s();
  private readonly prices = float64s();
  private readonly quantities = int32s();
  private readonly timeLeft = uint8s();
  /** Per listing: 1 when the previous snapshot did not have its auction. */
  private readonly isNew = uint8s();
  private denseSlots = new Int32Array(1 << 18).fill(-1);
  private readonly slots = new Map<number, number>();
  private readonly slotItem: number[] = [];
  private readonly slotPet: number[] = [];
  private comparison: Comparison | undefined;

  get listingCount(): number {
    return this.auctionIds.length;
  }

  get itemCount(): number {
    return this.slotItem.length;
  }

  /**
   * Compare against the previous snapshot while listings arrive (when it is known
   * before the download), instead of in one pass at the end.
   */
  comparePrevious(previous: PreviousListings): void {
    if (this.listingCount > 0) throw new Error('comparePrevious() must come before the first listing');
    this.startComparison(previous);
  }

  private startComparison(previous: PreviousListings): void {
    this.comparison = {
      previous,
      index: new AuctionIdIndex(previous.auctionIds, previous.count),
      stillListed: new Int32Array(previous.count).fill(-1),
    };
  }

  /** `unitPrice` null: a bid-only listing, counted but not priced. */
  add(auctionId: number, itemId: number, petSpeciesId: number, quantity: number, unitPrice: number | null, timeLeft: number): void {
    this.auctionIds.push(auctionId);
    this.slotOf.push(this.slot(itemId, petSpeciesId));
    this.prices.push(unitPrice ?? Number.NaN);
    this.quantities.push(quantity);
    this.timeLeft.push(timeLeft);
    if (this.comparison !== undefined) this.isNew.push(this.match(this.comparison, auctionId, quantity));
  }

  private match(comparison: Comparison, auctionId: number, quantity: number): number {
    const before = comparison.index.find(auctionId);
    if (before < 0) return 1;
    comparison.stillListed[before] = quantity;
    return 0;
  }

  /**
   * The listings for the next scrape's comparison, without copying them: item
   * and species by slot, plus the slot table.
   */
  cacheable(): SlottedListings {
    return {
      count: this.listingCount,
      auctionIds: this.auctionIds.array(),
      slotOf: this.slotOf.array(),
      quantities: this.quantities.array(),
      timeLeft: this.timeLeft.array(),
      slotItem: Int32Array.from(this.slotItem),
      slotPet: Int32Array.from(this.slotPet),
    };
  }

  /**
   * Statistics per item; with a previous snapshot (given here or to
   * comparePrevious) also units sold and newly listed. Pauses between steps so
   * that, while it runs, the event loop keeps feeding the COPY still draining
   * into the server: the statistics then overlap the end of the load.
   */
  async finish(previous?: PreviousListings, pause: () => Promise<void> = yieldToEventLoop): Promise<ItemStatsRow[]> {
    if (previous && !this.comparison) {
      this.startComparison(previous);
      const ids = this.auctionIds.array();
      const quantities = this.quantities.array();
      for (let i = 0; i < this.listingCount; i++) this.isNew.push(this.match(this.comparison!, ids[i]!, quantities[i]!));
    }
    // Sold-out items get slots (and rows without listings) before the grouping.
    const sold = this.comparison ? this.unitsSold(this.comparison) : undefined;
    const listed = this.comparison ? this.unitsListed() : undefined;
    this.comparison = undefined; // the previous snapshot's memory can go now
    await pause();
    const slotCount = this.slotItem.length;
    const { order, starts } = await sortBySlotAndPrice(this.slotOf.array(), this.prices.array(), this.listingCount, slotCount, pause);
    const price = this.prices.array();
    const quantity = this.quantities.array();
    let sortedPrices = new Float64Array(1024);
    let sortedQuantities = new Float64Array(1024);
    const rows: ItemStatsRow[] = [];
    for (let s = 0; s < slotCount; s++) {
      if (s % 2048 === 2047) await pause();
      const from = starts[s]!;
      const to = starts[s + 1]!;
      if (to - from > sortedPrices.length) {
        sortedPrices = new Float64Array((to - from) * 2);
        sortedQuantities = new Float64Array((to - from) * 2);
      }
      let priced = 0;
      let totalQuantity = 0;
      for (let k = from; k < to; k++) {
        const i = order[k]!;
        const q = quantity[i]!;
        totalQuantity += q;
        if (Number.isNaN(price[i]!) || q <= 0) continue;
        sortedPrices[priced] = price[i]!;
        sortedQuantities[priced] = q;
        priced += 1;
      }
      const stats = priced > 0 ? priceStats(sortedPrices, sortedQuantities, priced) : undefined;
      rows.push({
        itemId: this.slotItem[s]!,
        petSpeciesId: this.slotPet[s]!,
        minPrice: stats?.minPrice ?? null,
        maxPrice: stats?.maxPrice ?? null,
        meanPrice: stats?.meanPrice ?? null,
        medianPrice: stats?.medianPrice ?? null,
        marketValue: stats?.marketValue ?? null,
        totalQuantity,
        auctionCount: to - from,
        estSold: sold ? sold[s]! : null,
        newListings: listed ? (listed[s] ?? 0) : null,
      });
    }
    return rows;
  }

  /**
   * Units sold per slot: quantity that vanished from an auction before its
   * time_left could run out (a partial buy always counts).
   */
  private unitsSold(comparison: Comparison): Float64Array {
    const { previous, stillListed } = comparison;
    // Items that sold out get new slots on the way, so the array grows as needed.
    let sold = new Float64Array(this.slotItem.length + 1024);
    for (let j = 0; j < previous.count; j++) {
      const had = previous.quantities[j]!;
      const now = stillListed[j]!;
      let gone = 0;
      if (now >= 0) gone = Math.max(0, had - now);
      else if (previous.gapMs < MIN_REMAINING_MS[previous.timeLeft[j]!]!) gone = had;
      if (gone === 0) continue;
      const slot = this.slot(previous.itemIds[j]!, previous.petSpeciesIds[j]!);
      if (slot >= sold.length) {
        const grown = new Float64Array(sold.length * 2);
        grown.set(sold);
        sold = grown;
      }
      sold[slot]! += gone;
    }
    return sold;
  }

  /** Units per slot in auctions the previous snapshot did not have. */
  private unitsListed(): Float64Array {
    const listed = new Float64Array(this.slotItem.length);
    const isNew = this.isNew.array();
    const slotOf = this.slotOf.array();
    const quantity = this.quantities.array();
    for (let i = 0; i < this.listingCount; i++) if (isNew[i] === 1) listed[slotOf[i]!]! += quantity[i]!;
    return listed;
  }

  private slot(itemId: number, petSpeciesId: number): number {
    if (petSpeciesId === 0 && itemId >= 0 && itemId < DENSE_LIMIT) {
      if (itemId >= this.denseSlots.length) this.growDense(itemId);
      let slot = this.denseSlots[itemId]!;
      if (slot === -1) {
        slot = this.newSlot(itemId, 0);
        this.denseSlots[itemId] = slot;
      }
      return slot;
    }
    const key = itemId * PET_KEY_FACTOR + petSpeciesId;
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.newSlot(itemId, petSpeciesId);
      this.slots.set(key, slot);
    }
    return slot;
  }

  private newSlot(itemId: number, petSpeciesId: number): number {
    this.slotItem.push(itemId);
    this.slotPet.push(petSpeciesId);
    return this.slotItem.length - 1;
  }

  private growDense(itemId: number): void {
    let size = this.denseSlots.length;
    while (size <= itemId) size *= 2;
    const grown = new Int32Array(size).fill(-1);
    grown.set(this.denseSlots);
    this.denseSlots = grown;
  }
}

/**
 * Listing indexes ordered by slot, then price (NaN — unpriced — last), with the
 * start of each slot's run. A least-significant-digit radix sort over 16-bit
 * digits of the price and the slot: a handful of linear passes, where sorting
 * each item's listings with a comparator cost ~5× more (measured on 500k).
 */
export async function sortBySlotAndPrice(
  slotOf: Int32Array,
  prices: Float64Array,
  count: number,
  slotCount: number,
  pause: () => Promise<void> = yieldToEventLoop,
): Promise<{ order: Uint32Array; starts: Int32Array }> {
  // Price as a 48-bit integer key in 16-bit digits, computed in each pass rather
  // than stored (9 MB saved at 1.5M listings); unpriced sorts last.
  let maxKey = 0;
  for (let i = 0; i < count; i++) {
    const key = priceKey(prices[i]!);
    if (key > maxKey) maxKey = key;
  }
  let order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  let scratch = new Uint32Array(count);
  const counts = new Int32Array(65537);
  for (const divisor of [1, 65536, 4294967296]) {
    if (divisor > 1 && maxKey < divisor) break;
    await pause();
    radixPass(order, scratch, prices, count, divisor, counts);
    [order, scratch] = [scratch, order];
  }
  await pause();
  // Slots last (the most significant key), counted straight into run starts.
  const starts = new Int32Array(slotCount + 1);
  for (let k = 0; k < count; k++) starts[slotOf[k]! + 1]! += 1;
  for (let s = 0; s < slotCount; s++) starts[s + 1]! += starts[s]!;
  const fill = starts.slice(0, slotCount);
  for (let k = 0; k < count; k++) {
    const i = order[k]!;
    scratch[fill[slotOf[i]!]!++] = i;
  }
  return { order: scratch, starts };
}
