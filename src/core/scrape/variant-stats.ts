import { float64s, int32s } from './auction-id-index.js';
import type { AuctionRow } from './auction-parser.js';
import { sortBySlotAndPrice, yieldToEventLoop } from './snapshot-stats.js';
import { itemVariantKey } from './variant-key.js';

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

export class VariantStats {
  private readonly slotOf = int32s();
  private readonly prices = float64s();
  private readonly quantities = int32s();
  /** Items without bonus ids, by item id: most realm listings, so no string is built for them. */
  private readonly plainSlots = new Map<number, number>();
  private readonly keyedSlots = new Map<string, number>();
  private readonly groups = new Map<number, number>();
  private readonly groupVariants: number[] = [];
  private readonly slotGroup: number[] = [];
  private readonly slotItem: number[] = [];
  private readonly slotKey: Array<string | null> = [];
  private readonly slotPet: number[] = [];
  private readonly slotBreed: number[] = [];

  get listingCount(): number {
    return this.slotOf.length;
  }

  /** `unitPrice` null: a bid-only listing, counted but not priced. */
  add(row: AuctionRow, unitPrice: number | null): void {
    this.slotOf.push(this.slot(row));
    this.prices.push(unitPrice ?? Number.NaN);
    this.quantities.push(row.quantity);
  }

  private slot(row: AuctionRow): number {
    const species = row.petSpeciesId ?? 0;
    if (species !== 0) {
      const breed = foldPetBreed(row.petBreedId);
      return this.keyedSlot(`${row.itemId}|p${species}:${breed}`, row.itemId, null, species, breed);
    }
    const key = itemVariantKey(row.bonusLists, row.modifierTypes, row.modifierValues);
    if (key !== null) return this.keyedSlot(`${row.itemId}|${key}`, row.itemId, key, 0, 0);
    let slot = this.plainSlots.get(row.itemId);
    if (slot === undefined) {
      slot = this.newSlot(row.itemId, null, 0, 0);
      this.plainSlots.set(row.itemId, slot);
    }
    return slot;
  }

  private keyedSlot(mapKey: string, itemId: number, variantKey: string | null, species: number, breed: number): number {
    let slot = this.keyedSlots.get(mapKey);
    if (slot === undefined) {
      slot = this.newSlot(itemId, variantKey, species, breed);
      this.keyedSlots.set(mapKey, slot);
    }
    return slot;
  }

  private newSlot(itemId: number, variantKey: string | null, species: number, breed: number): number {
    const groupKey = itemId * PET_KEY_FACTOR + species;
    let group = this.groups.get(groupKey);
    if (group === undefined) {
      group = this.groupVariants.length;
      this.groups.set(groupKey, group);
      this.groupVariants.push(0);
    }
    this.groupVariants[group]! += 1;
    this.slotGroup.push(group);
    this.slotItem.push(itemId);
    this.slotKey.push(variantKey);
    this.slotPet.push(species);
    this.slotBreed.push(breed);
    return this.slotItem.length - 1;
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
