/**
 * Weekly profession knowledge not collected yet this reset week
 * (holocron.view_missing_utility) and the treatises to buy or mail for it
 * (holocron.view_shopping_list): for `holocron todo` and the reset board.
 */
import type { Database } from '../db/pool.js';

export type SourceKind = 'treatise' | 'weekly' | 'treasure';

export interface MissingUtility {
  ownerId: number;
  character: string;
  region: string;
  weekStart: string;
  expansion: string;
  profession: string;
  kind: SourceKind;
  questIds: number[];
  what: string;
  itemId: number | null;
  knowledge: number;
  minutes: number;
  /** Copper: knowledge × the knowledge point's value. */
  value: number;
  /** Treatises the character holds itself (it only has to use one). */
  held: number;
}

export interface ShoppingItem {
  ownerId: number;
  character: string;
  itemId: number;
  itemName: string;
  why: string;
  /** Copper per item from the region's newest commodity snapshot; null when the market has none. */
  unitPrice: number | null;
  priceSource: string | null;
  priceAt: string | null;
  whereToBuy: string;
  /** Another character (or the warband bank) of the account holding one: mail it instead. */
  heldBy: string | null;
  heldByKind: 'character' | 'warband' | null;
  heldCount: number;
  profession: string;
  expansion: string;
  knowledge: number;
  value: number;
}

export interface OwnerFilter {
  /** Only this owner's rows (resolved by the caller). */
  ownerId?: number;
}

export async function loadMissingUtility(db: Database, filter: OwnerFilter = {}): Promise<MissingUtility[]> {
  const rows = await db.query<{
    owner_id: number; character: string; region: string; week_start: Date; expansion: string; profession: string; kind: SourceKind;
    quest_ids: number[]; what: string; item_id: number | null; knowledge: number; minutes: number; value: string; held: number;
  }>(
    `SELECT owner_id, character, region, week_start, expansion, profession, kind, quest_ids, what, item_id, knowledge, minutes, value, held
     FROM holocron.view_missing_utility
     WHERE $1::int IS NULL OR owner_id = $1
     ORDER BY character COLLATE "C", expansion DESC, profession, array_position(ARRAY['treatise', 'weekly', 'treasure'], kind), quest_ids[1]`,
    [filter.ownerId ?? null],
  );
  return rows.map((r) => ({
    ownerId: r.owner_id,
    character: r.character,
    region: r.region,
    weekStart: r.week_start.toISOString(),
    expansion: r.expansion,
    profession: r.profession,
    kind: r.kind,
    questIds: r.quest_ids,
    what: r.what,
    itemId: r.item_id,
    knowledge: r.knowledge,
    minutes: r.minutes,
    value: Number(r.value),
    held: r.held,
  }));
}

export async function loadShoppingList(db: Database, filter: OwnerFilter = {}): Promise<ShoppingItem[]> {
  const rows = await db.query<{
    owner_id: number; character: string; item_id: number; item_name: string; why: string; unit_price: string | null; price_source: string | null;
    price_at: Date | null; where_to_buy: string; held_by: string | null; held_by_kind: 'character' | 'warband' | null; held_count: number | null;
    profession: string; expansion: string; knowledge: number; value: string;
  }>(
    `SELECT owner_id, character, item_id, item_name, why, unit_price, price_source, price_at, where_to_buy, held_by, held_by_kind, held_count,
            profession, expansion, knowledge, value
     FROM holocron.view_shopping_list
     WHERE $1::int IS NULL OR owner_id = $1
     ORDER BY character COLLATE "C", expansion DESC, profession`,
    [filter.ownerId ?? null],
  );
  return rows.map((r) => ({
    ownerId: r.owner_id,
    character: r.character,
    itemId: r.item_id,
    itemName: r.item_name,
    why: r.why,
    unitPrice: r.unit_price === null ? null : Number(r.unit_price),
    priceSource: r.price_source,
    priceAt: r.price_at?.toISOString() ?? null,
    whereToBuy: r.where_to_buy,
    heldBy: r.held_by,
    heldByKind: r.held_by_kind,
    heldCount: r.held_count ?? 0,
    profession: r.profession,
    expansion: r.expansion,
    knowledge: r.knowledge,
    value: Number(r.value),
  }));
}
