import { AuctionIdIndex, GrowableNumbers } from './auction-id-index.js';
import { priceStats } from './market-stats.js';

/**
 * Collects every listing of a snapshot while it streams into PostgreSQL and turns
 * them into per-item statistics afterwards. Computed here rather than with SQL
 * INSERT … SELECT: the server's core is busy with the COPY, while this runs on
 * Node's core between chunks; SQL aggregation measured 0.5–0.7 s per 500k
 * listings, this 0.1–0.2 s (../shared/reference/db-substrate.md §2).
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

/** The previous snapshot of the same dataset, as needed for sales estimates. */
export interface PreviousListings {
  /** Milliseconds between the previous and this snapshot. */
  gapMs: number;
  count: number;
  auctionIds: Float64Array;
  itemIds: Float64Array;
  petSpeciesIds: Float64Array;
  quantities: Float64Array;
  timeLeft: Uint8Array;
}

/** Least time an auction still had, by time_left code (0 unknown … 4 VERY_LONG). */
const MIN_REMAINING_MS = [0, 0, 30 * 60_000, 2 * 3_600_000, 12 * 3_600_000];
const PET_KEY_FACTOR = 1 << 20;

export class SnapshotStats {
  private readonly auctionIds = new GrowableNumbers();
  private readonly slotOf = new GrowableNumbers();
  private readonly prices = new GrowableNumbers();
  private readonly quantities = new GrowableNumbers();
  private readonly slots = new Map<number, number>();
  private readonly slotItem: number[] = [];
  private readonly slotPet: number[] = [];

  get listingCount(): number {
    return this.auctionIds.length;
  }

  get itemCount(): number {
    return this.slotItem.length;
  }

  /** `unitPrice` null: a bid-only listing, counted but not priced. */
  add(auctionId: number, itemId: number, petSpeciesId: number, quantity: number, unitPrice: number | null): void {
    this.auctionIds.push(auctionId);
    this.slotOf.push(this.slot(itemId, petSpeciesId));
    this.prices.push(unitPrice ?? Number.NaN);
    this.quantities.push(quantity);
  }

  private slot(itemId: number, petSpeciesId: number): number {
    const key = itemId * PET_KEY_FACTOR + petSpeciesId;
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.slotItem.length;
      this.slots.set(key, slot);
      this.slotItem.push(itemId);
      this.slotPet.push(petSpeciesId);
    }
    return slot;
  }

  /** Statistics per item; with a previous snapshot also units sold and newly listed. */
  finish(previous?: PreviousListings): ItemStatsRow[] {
    // First, so items that sold out since then get slots (and rows without listings).
    const sales = previous ? this.compare(previous) : undefined;
    const rows: ItemStatsRow[] = [];
    const n = this.auctionIds.length;
    const slotCount = this.slotItem.length;
    const order = this.groupBySlot(slotCount);
    const { starts } = order;
    const price = this.prices.data;
    const quantity = this.quantities.data;
    let keys = new Float64Array(1024);
    let sortedPrices = new Float64Array(1024);
    let sortedQuantities = new Float64Array(1024);
    for (let s = 0; s < slotCount; s++) {
      const from = starts[s]!;
      const to = starts[s + 1]!;
      const size = to - from;
      if (size > keys.length) {
        keys = new Float64Array(size * 2);
        sortedPrices = new Float64Array(size * 2);
        sortedQuantities = new Float64Array(size * 2);
      }
      let priced = 0;
      let totalQuantity = 0;
      for (let k = from; k < to; k++) {
        const i = order.index[k]!;
        totalQuantity += quantity[i]!;
        if (Number.isNaN(price[i]!) || quantity[i]! <= 0) continue;
        keys[priced++] = i;
      }
      sortByPrice(keys, priced, price, quantity, sortedPrices, sortedQuantities);
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
        auctionCount: size,
        estSold: sales ? (sales.sold.get(s) ?? 0) : null,
        newListings: sales ? (sales.listed[s] ?? 0) : null,
      });
    }
    void n;
    return rows;
  }

  /** Listing indexes grouped by item slot (a counting sort). */
  private groupBySlot(slotCount: number): { index: Uint32Array; starts: Int32Array } {
    const n = this.auctionIds.length;
    const slotOf = this.slotOf.data;
    const starts = new Int32Array(slotCount + 1);
    for (let i = 0; i < n; i++) starts[slotOf[i]! + 1]! += 1;
    for (let s = 0; s < slotCount; s++) starts[s + 1]! += starts[s]!;
    const index = new Uint32Array(n);
    const fill = starts.slice(0, slotCount);
    for (let i = 0; i < n; i++) index[fill[slotOf[i]!]!++] = i;
    return { index, starts };
  }

  /**
   * Units sold: quantity that vanished from an auction before its time_left could
   * run out (a partial buy always counts). New listings: units in auctions the
   * previous snapshot did not have.
   */
  private compare(previous: PreviousListings): { sold: Map<number, number>; listed: Float64Array } {
    const index = new AuctionIdIndex(previous.auctionIds, previous.count);
    const stillListed = new Float64Array(previous.count).fill(-1);
    const listed = new Float64Array(this.slotItem.length);
    const ids = this.auctionIds.data;
    const slotOf = this.slotOf.data;
    const quantity = this.quantities.data;
    for (let i = 0; i < this.auctionIds.length; i++) {
      const before = index.find(ids[i]!);
      if (before >= 0) stillListed[before] = quantity[i]!;
      else listed[slotOf[i]!]! += quantity[i]!;
    }
    const sold = new Map<number, number>();
    for (let j = 0; j < previous.count; j++) {
      const had = previous.quantities[j]!;
      const now = stillListed[j]!;
      let gone = 0;
      if (now >= 0) gone = Math.max(0, had - now);
      else if (previous.gapMs < MIN_REMAINING_MS[previous.timeLeft[j]!]!) gone = had;
      if (gone === 0) continue;
      const slot = this.slot(previous.itemIds[j]!, previous.petSpeciesIds[j]!);
      sold.set(slot, (sold.get(slot) ?? 0) + gone);
    }
    return { sold, listed };
  }
}

const PRICE_LIMIT = 2 ** 37; // > the gold cap (99,999,999,999 copper)
const INDEX_LIMIT = 2 ** 16;

/**
 * Sorts listing indexes (in `keys`) by price and writes the sorted prices and
 * quantities out. Packing price and position into one double lets the typed
 * array's native numeric sort do the work (~4× a comparator sort); groups too big
 * to pack fall back to the comparator.
 */
function sortByPrice(
  keys: Float64Array,
  count: number,
  price: Float64Array,
  quantity: Float64Array,
  outPrices: Float64Array,
  outQuantities: Float64Array,
): void {
  let packable = count < INDEX_LIMIT;
  for (let k = 0; k < count && packable; k++) if (price[keys[k]!]! >= PRICE_LIMIT) packable = false;
  if (packable) {
    const packed = keys.subarray(0, count);
    const listing = Float64Array.from(packed);
    for (let k = 0; k < count; k++) packed[k] = price[listing[k]!]! * INDEX_LIMIT + k;
    packed.sort();
    for (let k = 0; k < count; k++) {
      const i = listing[packed[k]! % INDEX_LIMIT]!;
      outPrices[k] = price[i]!;
      outQuantities[k] = quantity[i]!;
    }
    return;
  }
  const ordered = Array.from(keys.subarray(0, count)).sort((a, b) => price[a]! - price[b]! || a - b);
  for (let k = 0; k < count; k++) {
    outPrices[k] = price[ordered[k]!]!;
    outQuantities[k] = quantity[ordered[k]!]!;
  }
}
