import type { Region } from '../blizzard/regions.js';
import type { Database } from '../db/pool.js';

export type VaultKind = 'raid' | 'dungeon' | 'world';

export interface VaultRow {
  kind: VaultKind;
  progress: number;
  thresholds: Array<number | null> | null;
  slots: number;
  state: 'locked' | 'claimable' | 'claimed' | 'empty' | 'expired';
  countedBy: string | null;
}

export interface BoardCharacter {
  ownerId: number;
  character: string;
  /** Last week's slots, by state. */
  earned: number;
  claimable: number;
  claimed: number;
  lastWeek: VaultRow[];
  thisWeek: VaultRow[];
}

export interface HitlistRow {
  character: string;
  kind: string;
  what: string;
  why: string | null;
  reward: string | null;
  minutes: number | null;
}

export interface ShoppingRow {
  character: string;
  itemId: number;
  itemName: string | null;
  why: string | null;
  unitPrice: number | null;
  priceSource: string | null;
  heldBy: string | null;
}

export interface PriceMove {
  itemId: number;
  itemName: string;
  category: string;
  marketValue: number;
  previousMarketValue: number;
  change: number;
  changePct: number | null;
  previousStartsAt: Date;
}

export interface Board {
  characters: BoardCharacter[];
  hitlist: HitlistRow[];
  shopping: { items: ShoppingRow[]; totalCopper: number; unpriced: number };
  /** null: no reset snapshot pair to compare (see the notes). */
  priceMoves: PriceMove[] | null;
}

const CHARS = `SELECT c.owner_id, o.label AS character FROM holocron.characters c JOIN holocron.owners o ON o.owner_id = c.owner_id
               WHERE coalesce(lower(c.region), 'us') = $1`;

/** The week's board for a region: vault carried over, hitlist, shopping list, price moves. */
export async function loadBoard(db: Pick<Database, 'query'>, region: Region, startsAt: Date, priceLimit = 15): Promise<Board> {
  return {
    characters: await boardCharacters(db, region, startsAt),
    hitlist: await hitlist(db, region),
    shopping: await shopping(db, region),
    priceMoves: await priceMoves(db, region, startsAt, priceLimit),
  };
}

async function boardCharacters(db: Pick<Database, 'query'>, region: Region, startsAt: Date): Promise<BoardCharacter[]> {
  const rows = await db.query<{
    owner_id: number; character: string; this_week: boolean; kind: VaultKind; progress: number; thresholds: Array<number | null> | null;
    slots_earned: number; state: VaultRow['state']; counted_by: string | null;
  }>(
    `WITH chars AS (${CHARS}),
     last AS (SELECT max(starts_at) AS starts_at FROM skillweaver.vault_progress WHERE region = $1 AND starts_at < $2)
     SELECT ch.owner_id, ch.character, vp.starts_at = $2 AS this_week, vp.kind, vp.progress, vp.thresholds, vp.slots_earned, vp.state, vp.counted_by
     FROM chars ch
     LEFT JOIN skillweaver.vault_progress vp ON vp.owner_id = ch.owner_id AND (vp.starts_at = $2 OR vp.starts_at = (SELECT starts_at FROM last))
     ORDER BY ch.character, array_position(ARRAY['raid', 'dungeon', 'world'], vp.kind)`,
    [region, startsAt],
  );
  const byOwner = new Map<number, BoardCharacter>();
  for (const r of rows) {
    let c = byOwner.get(r.owner_id);
    if (!c) byOwner.set(r.owner_id, (c = { ownerId: r.owner_id, character: r.character, earned: 0, claimable: 0, claimed: 0, lastWeek: [], thisWeek: [] }));
    if (r.kind === null) continue;
    const row: VaultRow = { kind: r.kind, progress: r.progress, thresholds: r.thresholds, slots: r.slots_earned, state: r.state, countedBy: r.counted_by };
    if (r.this_week) {
      c.thisWeek.push(row);
      continue;
    }
    c.lastWeek.push(row);
    c.earned += row.slots;
    if (row.state === 'claimable') c.claimable += row.slots;
    if (row.state === 'claimed') c.claimed += row.slots;
  }
  return [...byOwner.values()];
}

async function hitlist(db: Pick<Database, 'query'>, region: Region): Promise<HitlistRow[]> {
  return db.query<HitlistRow>(
    `WITH chars AS (${CHARS})
     SELECT h.character, h.kind, h.what, h.why, h.reward, h.minutes
     FROM holocron.view_hitlist h JOIN chars ch ON ch.owner_id = h.owner_id
     ORDER BY h.value DESC NULLS LAST, h.minutes NULLS LAST, h.character, h.what
     LIMIT 25`,
    [region],
  );
}

async function shopping(db: Pick<Database, 'query'>, region: Region): Promise<Board['shopping']> {
  const items = await db.query<ShoppingRow>(
    `WITH chars AS (${CHARS})
     SELECT s.character, s.item_id AS "itemId", s.item_name AS "itemName", s.why, s.unit_price AS "unitPrice",
            s.price_source AS "priceSource", s.held_by AS "heldBy"
     FROM holocron.view_shopping_list s JOIN chars ch ON ch.owner_id = s.owner_id
     ORDER BY s.character, s.item_name`,
    [region],
  );
  // What is already held by another character is mailed, not bought.
  const toBuy = items.filter((i) => i.heldBy === null);
  return {
    items,
    totalCopper: toBuy.reduce((sum, i) => sum + (i.unitPrice ?? 0), 0),
    unpriced: toBuy.filter((i) => i.unitPrice === null).length,
  };
}

async function priceMoves(db: Pick<Database, 'query'>, region: Region, startsAt: Date, limit: number): Promise<PriceMove[] | null> {
  const [week] = await db.query<{ paired: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ops.reset_weeks p WHERE p.region = w.region AND p.starts_at < w.starts_at AND p.reset_snapshot_id IS NOT NULL) AS paired
     FROM ops.reset_weeks w WHERE w.region = $1 AND w.starts_at = $2 AND w.reset_snapshot_id IS NOT NULL`,
    [region, startsAt],
  );
  if (!week?.paired) return null;
  return db.query<PriceMove>(
    `SELECT item_id AS "itemId", item_name AS "itemName", category, market_value AS "marketValue",
            previous_market_value AS "previousMarketValue", change, change_pct AS "changePct", previous_starts_at AS "previousStartsAt"
     FROM goblin.view_reset_price_moves
     WHERE region = $1 AND starts_at = $2
     ORDER BY abs(change_pct) DESC NULLS LAST, item_name
     LIMIT $3`,
    [region, startsAt, limit],
  );
}
