import { float64s, int32s } from './auction-id-index.js';
import type { AuctionRow } from './auction-parser.js';
import { sortBySlotAndPrice, yieldToEventLoop } from './snapshot-stats.js';
import { VARIANT_MODIFIER_TYPES } from './variant-key.js';

/**
 * Realm statistics per item variant, collected in the same pass as the per-item
 * ones (SnapshotStats): gear by item id and variant key, caged pets by species
 * and breed. Only items listed in more than one variant get rows; one variant
 * is priced the same by the item's own statistics row.
 */
export interface VariantStatsRow {
  itemId: number;
  variantKey: string | null;
  petSpeciesId: number;
  petBreedId: number;
  minPrice: number | null;
  medianPrice: number | null;
  totalQuantity: number;
  auctionCount: number;
}

/** Item id and species as one number (as SnapshotStats keys its slots). */
const PET_KEY_FACTOR = 1 << 20;

/** Breeds 13–22 are the female forms of 3–12, with the same stats. */
export function foldPetBreed(breedId: number | null): number {
  return breedId !== null && breedId >= 3 ? ((breedId - 3) % 10) + 3 : 0;
}

/** Bonus ids read per listing at most (items carry a handful). */
const MAX_IDS = 128;

export class VariantStats {
  private readonly slotOf = int32s();
  private readonly prices = float64s();
  private readonly quantities = int32s();
  /** Item id (and species for pets) → group; variants per group. */
  private readonly groups = new Map<number, number>();
  private readonly groupVariants: number[] = [];
  /** Hash of item, species and variant → newest slot with it; older ones chained by slotNext. */
  private readonly byHash = new Map<number, number>();
  private readonly slotNext: number[] = [];
  private readonly slotGroup: number[] = [];
  private readonly slotVariantHash: number[] = [];
  /**
   * Per slot, at slotIdsAt in idPool: its sorted distinct bonus ids, then kept
   * (type, value) pairs; none for pets and plain items. One pool rather than an
   * array per slot: 17,000 small typed arrays cost more in GC than the rest.
   */
  private readonly idPool: number[] = [];
  private readonly slotIdsAt: number[] = [];
  private readonly slotIdsLength: number[] = [];
  private readonly slotBonusCount: number[] = [];
  private readonly slotItem: number[] = [];
  private readonly slotKey: Array<string | null> = [];
  private readonly slotPet: number[] = [];
  private readonly slotBreed: number[] = [];
  /** The current listing's bonus ids and kept modifiers, sorted in place (no allocation per listing). */
  private readonly ids = new Int32Array(MAX_IDS * 3);

  get listingCount(): number {
    return this.slotOf.length;
  }

  /** Variants seen (rows if every variant were stored). */
  get variantCount(): number {
    return this.slotItem.length;
  }

  /** `unitPrice` null: a bid-only listing, counted but not priced. */
  add(row: AuctionRow, unitPrice: number | null): void {
    this.slotOf.push(this.slot(row));
    this.prices.push(unitPrice ?? Number.NaN);
    this.quantities.push(row.quantity);
  }

  /**
   * The listing's variant slot. Listings of one variant repeat the same ids,
   * so they are compared as numbers, by a hash and then id by id; the key
   * string is built once per variant. (Building it per listing and looking it
   * up in a Map<string> cost +300 ms per 100,000 listings, measured.)
   */
  private slot(row: AuctionRow): number {
    const species = row.petSpeciesId ?? 0;
    let length = 0;
    let bonusCount = 0;
    let variantHash: number;
    if (species !== 0) {
      variantHash = foldPetBreed(row.petBreedId);
    } else {
      bonusCount = this.sortedBonusIds(row.bonusLists);
      length = bonusCount > 0 ? this.sortedModifiers(row.modifierTypes, row.modifierValues, bonusCount) : 0;
      variantHash = bonusCount === 0 ? -1 : hashIds(this.ids, length);
    }
    const hash = (Math.imul(variantHash ^ row.itemId, 0x9e3779b1) + species) | 0;
    const first = this.byHash.get(hash);
    for (let s = first ?? -1; s >= 0; s = this.slotNext[s]!) {
      if (
        this.slotItem[s] === row.itemId &&
        this.slotPet[s] === species &&
        this.slotVariantHash[s] === variantHash &&
        this.slotBonusCount[s] === bonusCount &&
        this.sameIds(s, length)
      ) {
        return s;
      }
    }
    const slot = this.slotItem.length;
    this.byHash.set(hash, slot);
    this.slotNext.push(first ?? -1);
    this.slotGroup.push(this.group(row.itemId, species));
    this.slotVariantHash.push(variantHash);
    this.slotIdsAt.push(this.idPool.length);
    this.slotIdsLength.push(length);
    for (let i = 0; i < length; i++) this.idPool.push(this.ids[i]!);
    this.slotBonusCount.push(bonusCount);
    this.slotItem.push(row.itemId);
    this.slotKey.push(species !== 0 || bonusCount === 0 ? null : variantKeyOf(this.ids, bonusCount, length));
    this.slotPet.push(species);
    this.slotBreed.push(species !== 0 ? variantHash : 0);
    return slot;
  }

  /** The item's (or species') group, counting one more variant of it. */
  private group(itemId: number, species: number): number {
    const key = itemId * PET_KEY_FACTOR + species;
    let group = this.groups.get(key);
    if (group === undefined) {
      group = this.groupVariants.length;
      this.groups.set(key, group);
      this.groupVariants.push(0);
    }
    this.groupVariants[group]! += 1;
    return group;
  }

  private sameIds(slot: number, length: number): boolean {
    if (this.slotIdsLength[slot] !== length) return false;
    const at = this.slotIdsAt[slot]!;
    for (let i = 0; i < length; i++) if (this.idPool[at + i] !== this.ids[i]) return false;
    return true;
  }

  /** Distinct bonus ids ascending into ids[0..n); returns n. */
  private sortedBonusIds(bonusIds: readonly number[] | null): number {
    if (bonusIds === null) return 0;
    const ids = this.ids;
    let n = 0;
    for (let i = 0; i < bonusIds.length && n < MAX_IDS; i++) n = insertSorted(ids, 0, n, bonusIds[i]!);
    return n;
  }

  /** Kept (type, value) pairs, ascending and distinct, after the bonus ids; returns the whole length. */
  private sortedModifiers(types: readonly number[] | null, values: readonly number[] | null, from: number): number {
    const ids = this.ids;
    let end = from;
    for (let i = 0; types !== null && values !== null && i < types.length && i < values.length && end < ids.length - 2; i++) {
      if (!VARIANT_MODIFIER_TYPES.has(types[i]!)) continue;
      end = insertPair(ids, from, end, types[i]!, values[i]!);
    }
    return end;
  }

  /** Rows for the variants of items listed in more than one; pauses like SnapshotStats.finish. */
  async finish(pause: () => Promise<void> = yieldToEventLoop): Promise<VariantStatsRow[]> {
    const slotCount = this.slotItem.length;
    const kept = new Int32Array(slotCount).fill(-1);
    const keptSlots: number[] = [];
    for (let s = 0; s < slotCount; s++) {
      if (this.groupVariants[this.slotGroup[s]!]! < 2) continue;
      kept[s] = keptSlots.length;
      keptSlots.push(s);
    }
    if (keptSlots.length === 0) return [];
    const { slotOf, prices, quantities, count } = this.keptListings(kept);
    const { order, starts } = await sortBySlotAndPrice(slotOf, prices, count, keptSlots.length, pause);
    const rows: VariantStatsRow[] = [];
    for (let k = 0; k < keptSlots.length; k++) {
      const s = keptSlots[k]!;
      rows.push({
        itemId: this.slotItem[s]!,
        variantKey: this.slotKey[s]!,
        petSpeciesId: this.slotPet[s]!,
        petBreedId: this.slotBreed[s]!,
        ...priceOf(order, starts[k]!, starts[k + 1]!, prices, quantities),
      });
    }
    return rows;
  }

  private keptListings(kept: Int32Array): { slotOf: Int32Array; prices: Float64Array; quantities: Int32Array; count: number } {
    const allSlots = this.slotOf.array();
    const allPrices = this.prices.array();
    const allQuantities = this.quantities.array();
    let count = 0;
    for (let i = 0; i < allSlots.length; i++) if (kept[allSlots[i]!]! >= 0) count += 1;
    const slotOf = new Int32Array(count);
    const prices = new Float64Array(count);
    const quantities = new Int32Array(count);
    let n = 0;
    for (let i = 0; i < allSlots.length; i++) {
      const k = kept[allSlots[i]!]!;
      if (k < 0) continue;
      slotOf[n] = k;
      prices[n] = allPrices[i]!;
      quantities[n] = allQuantities[i]!;
      n += 1;
    }
    return { slotOf, prices, quantities, count };
  }
}

/** Minimum and quantity-weighted median of one variant's listings, `order[from..to)` sorted by price (unpriced last). */
function priceOf(
  order: Uint32Array,
  from: number,
  to: number,
  prices: Float64Array,
  quantities: Int32Array,
): Pick<VariantStatsRow, 'minPrice' | 'medianPrice' | 'totalQuantity' | 'auctionCount'> {
  let totalQuantity = 0;
  let pricedQuantity = 0;
  for (let k = from; k < to; k++) {
    const i = order[k]!;
    totalQuantity += quantities[i]!;
    if (!Number.isNaN(prices[i]!) && quantities[i]! > 0) pricedQuantity += quantities[i]!;
  }
  let minPrice: number | null = null;
  let medianPrice: number | null = null;
  let cumulative = 0;
  for (let k = from; k < to && medianPrice === null; k++) {
    const i = order[k]!;
    if (Number.isNaN(prices[i]!) || quantities[i]! <= 0) continue;
    minPrice ??= prices[i]!;
    cumulative += quantities[i]!;
    if (cumulative * 2 >= pricedQuantity) medianPrice = prices[i]!;
  }
  return { minPrice, medianPrice, totalQuantity, auctionCount: to - from };
}

/** Inserts `value` into the ascending run ids[from..end) unless present; returns the new end. */
function insertSorted(ids: Int32Array, from: number, end: number, value: number): number {
  let i = end;
  while (i > from && ids[i - 1]! > value) i -= 1;
  if (i > from && ids[i - 1] === value) return end;
  ids.copyWithin(i + 1, i, end);
  ids[i] = value;
  return end + 1;
}

/** The same for (type, value) pairs, ordered by type then value. */
function insertPair(ids: Int32Array, from: number, end: number, type: number, value: number): number {
  let i = end;
  while (i > from && (ids[i - 2]! > type || (ids[i - 2] === type && ids[i - 1]! > value))) i -= 2;
  if (i > from && ids[i - 2] === type && ids[i - 1] === value) return end;
  ids.copyWithin(i + 2, i, end);
  ids[i] = type;
  ids[i + 1] = value;
  return end + 2;
}

function hashIds(ids: Int32Array, length: number): number {
  let hash = length;
  for (let i = 0; i < length; i++) hash = (Math.imul(hash, 31) + ids[i]!) | 0;
  return hash;
}

/** What itemVariantKey gives for these ids, which are already in its order (variant-key.ts). */
function variantKeyOf(ids: Int32Array, bonusCount: number, length: number): string {
  let key = String(ids[0]);
  for (let i = 1; i < bonusCount; i++) key += `:${ids[i]}`;
  for (let i = bonusCount; i + 1 < length; i += 2) key += `;${ids[i]}=${ids[i + 1]}`;
  return key;
}
