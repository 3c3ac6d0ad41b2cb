import { generateAuctions, rng, type GeneratedAuction } from './auction-generator.js';

/**
 * Realm auctions for the variant statistics: single listings by hand, and a
 * realm snapshot whose gear and pets come in variants the way a live realm's do.
 */
export function gearAuction(
  id: number,
  itemId: number,
  variant: { bonus_lists?: number[]; modifiers?: Array<{ type: number; value: number }> },
  buyout: number,
): GeneratedAuction {
  return { id, item: { id: itemId, ...variant }, quantity: 1, buyout, time_left: 'LONG' };
}

export function petAuction(id: number, speciesId: number, breedId: number, buyout: number): GeneratedAuction {
  return {
    id,
    item: { id: 82800, modifiers: [{ type: 6, value: 90_000 + speciesId }], pet_breed_id: breedId, pet_level: 1, pet_quality_id: 3, pet_species_id: speciesId },
    quantity: 1,
    buyout,
    time_left: 'VERY_LONG',
  };
}

export interface VariantRealmOptions {
  auctions: number;
  items: number;
  seed?: number;
}

/**
 * A realm snapshot from generateAuctions (same prices, ids and popularity),
 * with its gear and pets in realistic variants. test/helpers/auction-generator.ts
 * draws bonus ids and drop level at random per auction, so nearly every gear
 * listing is a variant of its own: an upper bound, not a realm. Here (an
 * assumption, stated so the numbers can be judged):
 *  - 45 % of the items are gear (every listing has bonus ids), the rest not;
 *  - half the gear items come in one form only (crafted, fixed-level BoEs);
 *    the rest in 2–6 forms (item-level steps, a socket, a tertiary), the
 *    common forms listed most;
 *  - 80 % of gear items drop at the level cap (modifier 9 = 80); the rest are
 *    levelling drops, listed from any player level 10–79 (scaling);
 *  - 600 pet species, Zipf-popular, each in one to three breeds, a third of
 *    the cages the female form of the breed (+10).
 */
export function variantRealmAuctions(options: VariantRealmOptions): GeneratedAuction[] {
  const random = rng((options.seed ?? 42) + 1);
  const int = (n: number) => Math.floor(random() * n);
  const gear = new Map<number, ItemForms>();
  const formsOf = (itemId: number) => {
    let forms = gear.get(itemId);
    if (forms === undefined) {
      const isGear = random() < 0.45;
      forms = { count: !isGear ? 0 : random() < 0.5 ? 1 : 2 + int(5), levelling: random() < 0.2 };
      gear.set(itemId, forms);
    }
    return forms;
  };
  const breeds = new Map<number, number[]>();
  const breedsOf = (species: number) => {
    let list = breeds.get(species);
    if (list === undefined) {
      list = Array.from({ length: 1 + int(3) }, () => 3 + int(10));
      breeds.set(species, list);
    }
    return list;
  };
  const auctions = generateAuctions({ ...options, kind: 'realm' });
  for (const auction of auctions) {
    const item = auction.item;
    if (item.pet_species_id !== undefined) {
      const species = 1 + Math.floor(600 * random() ** 2);
      const list = breedsOf(species);
      item.pet_species_id = species;
      item.pet_breed_id = list[int(list.length)]! + (random() < 0.33 ? 10 : 0);
      continue;
    }
    const forms = formsOf(item.id);
    delete item.context;
    delete item.bonus_lists;
    delete item.modifiers;
    if (forms.count === 0) continue;
    // Form k is listed with weight 1/2^(k+1): the base form most.
    let form = 0;
    while (form < forms.count - 1 && random() < 0.5) form += 1;
    item.context = 3;
    item.bonus_lists = form === 0 ? [6652, 1472] : [6652, 1472 + form, ...(form % 2 === 0 ? [6935] : [])];
    item.modifiers = [
      { type: 9, value: forms.levelling ? 10 + int(70) : 80 },
      { type: 28, value: int(3000) },
    ];
  }
  return auctions;
}

interface ItemForms {
  /** 0: not gear (no bonus ids). */
  count: number;
  /** Dropped while levelling: any player level, so a scaling item level. */
  levelling: boolean;
}
