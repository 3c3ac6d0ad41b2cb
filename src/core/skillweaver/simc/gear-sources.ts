/**
 * Where a character's worn gear can come from, newest wins. Each source gives
 * SimC item strings for what it saw and when. The seam for the combat log:
 * COMBATANT_INFO gear snapshots (another branch) become one more GearSource
 * in GEAR_SOURCES — nothing else here changes.
 */
import type { Database } from '../../db/pool.js';
import { INVSLOT_TO_SIMC, itemStringFromLink } from './link-to-item.js';

export type GearSourceName = 'simc' | 'collector' | 'combatlog';

export interface GearLine {
  slot: string;
  itemId: number;
  name?: string;
  itemLevel?: number;
  /** The SimC item string: `head=,id=…,bonus_id=…`. */
  line: string;
}

export interface GearSnapshot {
  source: GearSourceName;
  observedAt: Date;
  items: GearLine[];
  /** The SimC profile this gear is from (source 'simc'). */
  profileId?: number;
}

export type GearSource = (db: Database, ownerIds: readonly number[]) => Promise<GearSnapshot | undefined>;

/** The worn items of the newest /simc export. */
export const simcGear: GearSource = async (db, ownerIds) => {
  const rows = await db.query<{ profile_id: number; observed_at: Date; slot: string; item_id: number; name: string | null; item_level: number | null; line: string }>(
    `SELECT p.profile_id, p.observed_at, i.slot, i.item_id, i.name, i.item_level, i.line
     FROM (SELECT profile_id, observed_at FROM skillweaver.simc_profiles WHERE owner_id = ANY($1)
           ORDER BY observed_at DESC, profile_id DESC LIMIT 1) AS p
     LEFT JOIN skillweaver.simc_items i ON i.profile_id = p.profile_id AND i.section = 'equipped'
     ORDER BY i.position`,
    [ownerIds],
  );
  const first = rows[0];
  if (!first) return undefined;
  const items = rows.filter((r) => r.line !== null).map((r) => gearLine(r.slot, r.item_id, r.name, r.item_level, r.line));
  return { source: 'simc', observedAt: first.observed_at, items, profileId: first.profile_id };
};

/** What the Holocron collector saw the character wear (skillweaver.equipped_items, links with bonus ids). */
export const collectorGear: GearSource = async (db, ownerIds) => {
  const rows = await db.query<{ owner_id: number; slot: number; link: string; item_level: number | null; observed_at: Date }>(
    `SELECT owner_id, slot, link, item_level, observed_at FROM skillweaver.equipped_items
     WHERE owner_id = ANY($1) ORDER BY observed_at DESC, slot`,
    [ownerIds],
  );
  const newest = rows[0];
  if (!newest) return undefined;
  const items: GearLine[] = [];
  for (const row of rows.filter((r) => r.owner_id === newest.owner_id).sort((a, b) => simcOrder(a.slot) - simcOrder(b.slot))) {
    const slot = INVSLOT_TO_SIMC[row.slot];
    const converted = slot ? itemStringFromLink(slot, row.link) : undefined;
    if (slot && converted) items.push(gearLine(slot, converted.itemId, converted.name ?? null, row.item_level, converted.line));
  }
  return { source: 'collector', observedAt: newest.observed_at, items };
};

/** Newest first; a tie goes to the earlier source (the export itself). */
export const GEAR_SOURCES: readonly GearSource[] = [simcGear, collectorGear];

export async function newestGear(db: Database, ownerIds: readonly number[], sources: readonly GearSource[] = GEAR_SOURCES): Promise<{ newest?: GearSnapshot; all: GearSnapshot[] }> {
  const all: GearSnapshot[] = [];
  for (const source of sources) {
    const snapshot = await source(db, ownerIds);
    if (snapshot) all.push(snapshot);
  }
  const newest = all.reduce<GearSnapshot | undefined>((best, s) => (!best || s.observedAt.getTime() > best.observedAt.getTime() ? s : best), undefined);
  return { ...(newest && { newest }), all };
}

// The addon writes slots head, neck, shoulder, back, chest, shirt, tabard, wrist, hands, waist, legs, feet, fingers, trinkets, weapons.
const SIMC_ORDER = ['head', 'neck', 'shoulder', 'back', 'chest', 'shirt', 'tabard', 'wrist', 'hands', 'waist', 'legs', 'feet', 'finger1', 'finger2', 'trinket1', 'trinket2', 'main_hand', 'off_hand', 'ranged'];
function simcOrder(invSlot: number): number {
  const index = SIMC_ORDER.indexOf(INVSLOT_TO_SIMC[invSlot] ?? '');
  return index < 0 ? 99 : index;
}

function gearLine(slot: string, itemId: number, name: string | null, itemLevel: number | null, line: string): GearLine {
  return { slot, itemId, line, ...(name !== null && { name }), ...(itemLevel !== null && { itemLevel }) };
}
