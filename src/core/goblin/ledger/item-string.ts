/**
 * TradeSkillMaster item strings as its accounting writes them:
 *   i:49295                      a base item
 *   i:49493::1:9046:1:9:30       i:id:rand:nBonus:bonus…:nMod:type:value…
 *   i:193393::i319 / i:ID::+5    an absolute / relative item level
 *   p:1155:25:3                  a battle pet: species, level, quality
 * Decoding never fails: what cannot be read stays in the raw string (the
 * ledger keeps it) and reads as absent.
 */
import { PET_CAGE_ITEM_ID } from '../../inventory/item-link.js';

export interface TsmItem {
  itemId: number | null;
  petSpeciesId: number;
  petLevel: number | null;
  petQuality: number | null;
  bonusKey: string | null;
  bonusIds: number[] | null;
  itemLevel: number | null;
}

const INT_MAX = 2 ** 31 - 1;

function int(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,10}$/.test(text)) return null;
  const n = Number(text);
  return n <= INT_MAX ? n : null;
}

function small(text: string | undefined): number | null {
  const n = int(text);
  return n !== null && n <= 32767 ? n : null;
}

const EMPTY: TsmItem = { itemId: null, petSpeciesId: 0, petLevel: null, petQuality: null, bonusKey: null, bonusIds: null, itemLevel: null };

export function decodeItemString(itemString: string): TsmItem {
  const parts = itemString.split(':');
  if (parts[0] === 'p') {
    const species = int(parts[1]);
    if (species === null) return EMPTY;
    return { ...EMPTY, itemId: PET_CAGE_ITEM_ID, petSpeciesId: species, petLevel: small(parts[2]), petQuality: small(parts[3]) };
  }
  if (parts[0] !== 'i') return EMPTY;
  const itemId = int(parts[1]);
  if (itemId === null) return EMPTY;
  if (parts.length <= 2) return { ...EMPTY, itemId };
  const bonusKey = itemString.slice(2 + parts[1]!.length);
  const level = /^::i(\d{1,6})$/.exec(bonusKey);
  if (level) return { ...EMPTY, itemId, bonusKey, itemLevel: Number(level[1]) };
  return { ...EMPTY, itemId, bonusKey, bonusIds: bonusIdsOf(parts) };
}

/** parts: ['i', id, rand, nBonus, bonus…, …]; null when the count does not fit the fields. */
function bonusIdsOf(parts: string[]): number[] | null {
  const count = int(parts[3]);
  if (count === null || count === 0 || parts.length < 4 + count) return null;
  const ids: number[] = [];
  for (let k = 0; k < count; k++) {
    const id = int(parts[4 + k]);
    if (id === null) return null;
    ids.push(id);
  }
  return ids;
}
