/**
 * The variant of a piece of gear, as one string: its bonus ids as a set, plus
 * the few modifiers that change the item a buyer gets. Must give exactly what
 * goblin.item_variant_key (sql/migrations/0013_item_variant_stats.sql) gives
 * for the same ids: the scrape keys auctions with this, liquidation keys bag
 * items with the SQL function, and the two meet in a join.
 *
 * Form: `b1:b2:…` (ascending, distinct), then `;type=value` per kept modifier
 * (ascending by type, then value). NULL without bonus ids.
 */

/**
 * Modifier types kept in the key (the rest are ignored):
 *  9  player level when the item dropped: input of the item-level curve of
 *     scaling items (same 6654/6655 bonus, a different item level);
 *  29, 30  secondary stats chosen for crafted gear (missives).
 * See the migration for why 6, 28, 38, 40 and 45–52 are left out.
 */
export const VARIANT_MODIFIER_TYPES: ReadonlySet<number> = new Set([9, 29, 30]);

/** Modifiers as parallel arrays, as the auction parser gives them. */
export function itemVariantKey(bonusIds: readonly number[] | null, modifierTypes: readonly number[] | null, modifierValues: readonly number[] | null): string | null {
  if (bonusIds === null || bonusIds.length === 0) return null;
  let key = bonusPart(bonusIds);
  if (modifierTypes !== null && modifierValues !== null) key += modifierPart(modifierTypes, modifierValues);
  return key;
}

/** Modifiers as flattened (type, value) pairs, as holocron.item_stacks stores them. */
export function itemVariantKeyFromPairs(bonusIds: readonly number[] | null, modifiers: readonly number[] | null): string | null {
  const types: number[] = [];
  const values: number[] = [];
  for (let i = 0; modifiers !== null && i + 1 < modifiers.length; i += 2) {
    types.push(modifiers[i]!);
    values.push(modifiers[i + 1]!);
  }
  return itemVariantKey(bonusIds, types, values);
}

function bonusPart(bonusIds: readonly number[]): string {
  if (bonusIds.length === 1) return String(bonusIds[0]);
  const sorted = Int32Array.from(bonusIds).sort();
  let key = String(sorted[0]);
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) key += `:${sorted[i]}`;
  return key;
}

function modifierPart(types: readonly number[], values: readonly number[]): string {
  let kept: Array<[number, number]> | undefined;
  for (let i = 0; i < types.length && i < values.length; i++) {
    if (VARIANT_MODIFIER_TYPES.has(types[i]!)) (kept ??= []).push([types[i]!, values[i]!]);
  }
  if (kept === undefined) return '';
  kept.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let part = '';
  for (let i = 0; i < kept.length; i++) {
    const [type, value] = kept[i]!;
    if (i > 0 && type === kept[i - 1]![0] && value === kept[i - 1]![1]) continue;
    part += `;${type}=${value}`;
  }
  return part;
}
