/**
 * An item link as the collector saves it (skillweaver.equipped_items.link)
 * turned into the SimC item string the addon would write for it — the same
 * fields in the same order as simc-addon's GetItemStringFromItemLink: id,
 * enchant_id, gem_id, bonus_id, the modifiers it knows (drop_level,
 * content_tuning, redirected_base_stats), crafted_stats, gem_bonus_id,
 * crafting_quality.
 */
import { parseItemLink } from '../../inventory/item-link.js';

/** INVSLOT_* (GetInventoryItemLink's slot ids) → SimC slot names. */
export const INVSLOT_TO_SIMC: Readonly<Record<number, string>> = {
  1: 'head', 2: 'neck', 3: 'shoulder', 4: 'shirt', 5: 'chest', 6: 'waist', 7: 'legs', 8: 'feet', 9: 'wrist', 10: 'hands',
  11: 'finger1', 12: 'finger2', 13: 'trinket1', 14: 'trinket2', 15: 'back', 16: 'main_hand', 17: 'off_hand', 18: 'ranged', 19: 'tabard',
};

// Item-link field offsets, 1-based after "item:" (simc-addon core.lua).
const OFFSET_ENCHANT = 2;
const OFFSET_GEM_1 = 3;
const OFFSET_GEM_4 = 6;
const OFFSET_BONUS_COUNT = 13;
const MODIFIERS: Readonly<Record<number, string>> = { 9: 'drop_level', 28: 'content_tuning', 64: 'redirected_base_stats' };
const CRAFTED_STATS = new Set([29, 30]);

/** Undefined when the text holds no item link. */
export function itemStringFromLink(slot: string, link: string): { line: string; itemId: number; name?: string } | undefined {
  const start = link.indexOf('item:');
  if (start < 0) return undefined;
  const end = link.indexOf('|h', start);
  const fields = link.slice(start, end < 0 ? undefined : end).split(':');
  const num = (i: number) => {
    const n = Number(fields[i] ?? '');
    return fields[i] === undefined || fields[i] === '' || !Number.isInteger(n) ? 0 : n;
  };
  const itemId = num(1);
  if (itemId <= 0) return undefined;
  const options = [`,id=${itemId}`];
  if (num(OFFSET_ENCHANT) > 0) options.push(`enchant_id=${num(OFFSET_ENCHANT)}`);
  const gems: number[] = [];
  for (let i = OFFSET_GEM_1; i <= OFFSET_GEM_4; i++) gems.push(Math.max(0, num(i)));
  while (gems.length > 0 && gems.at(-1) === 0) gems.pop();
  if (gems.length) options.push(`gem_id=${gems.join('/')}`);
  const bonusCount = num(OFFSET_BONUS_COUNT);
  const bonuses = Array.from({ length: bonusCount }, (_, i) => num(OFFSET_BONUS_COUNT + 1 + i));
  if (bonuses.length) options.push(`bonus_id=${bonuses.join('/')}`);
  const modifierAt = OFFSET_BONUS_COUNT + bonusCount + 1;
  const pairs = num(modifierAt);
  const crafted: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const type = num(modifierAt + 1 + 2 * i);
    const value = num(modifierAt + 2 + 2 * i);
    if (MODIFIERS[type]) options.push(`${MODIFIERS[type]}=${value}`);
    else if (CRAFTED_STATS.has(type)) crafted.push(value);
  }
  if (crafted.length) options.push(`crafted_stats=${crafted.join('/')}`);
  const gemBonusAt = modifierAt + 2 * pairs + 2;
  const gemBonuses = Array.from({ length: num(gemBonusAt) }, (_, i) => num(gemBonusAt + 1 + i));
  if (gemBonuses.length) options.push(`gem_bonus_id=${gemBonuses.join('/')}`);
  const parsed = parseItemLink(link);
  if (parsed?.craftedQuality) options.push(`crafting_quality=${parsed.craftedQuality}`);
  return { line: `${slot}=${options.join(',')}`, itemId, ...(parsed?.name && { name: parsed.name }) };
}
