/**
 * The roster: every character of the account on one line (skillweaver.view_roster),
 * for `holocron roster` and the dashboard alike.
 */
import type { Database } from '../db/pool.js';
import { resolveCharacter } from '../inventory/resolve.js';

export interface Lockout {
  instance: string;
  difficultyId: number;
  raid: boolean;
  killed: number | null;
  bosses: number | null;
  resetsAt: string;
}

export interface RosterRow {
  character: string;
  account: string;
  region: string;
  class: string | null;
  level: number | null;
  specId: number | null;
  spec: string | null;
  role: string | null;
  itemLevel: number | null;
  itemLevelSource: string | null;
  vault: { raid: number; dungeon: number; world: number; slots: number; weekStart: string };
  lockouts: Lockout[];
  keystone: { level: number; mapId: number | null } | null;
  consumablesShort: { lines: number; items: number };
  lastSeenAt: string | null;
}

interface Row {
  character: string;
  account: string;
  region: string;
  class: string | null;
  level: number | null;
  spec_id: number | null;
  spec: string | null;
  role: string | null;
  item_level: string | null;
  item_level_source: string | null;
  vault_week_start: Date;
  vault_raid_slots: number;
  vault_dungeon_slots: number;
  vault_world_slots: number;
  vault_slots: number;
  lockouts: Lockout[];
  keystone_level: number | null;
  keystone_map_id: number | null;
  consumable_lines_short: number;
  consumables_short: string;
  last_seen_at: Date | null;
}

/** Every character, or one (by Name-Realm, any case or spacing): unknown names are a usage error listing near ones. */
export async function loadRoster(db: Database, options: { character?: string } = {}): Promise<RosterRow[]> {
  const owner = options.character !== undefined ? (await resolveCharacter(db, options.character)).ownerId : null;
  const rows = await db.query<Row>(
    `SELECT * FROM skillweaver.view_roster WHERE $1::int IS NULL OR owner_id = $1
     ORDER BY item_level DESC NULLS LAST, character COLLATE "C"`,
    [owner],
  );
  return rows.map(toRosterRow);
}

function toRosterRow(r: Row): RosterRow {
  return {
    character: r.character,
    account: r.account,
    region: r.region,
    class: r.class,
    level: r.level,
    specId: r.spec_id,
    spec: r.spec,
    role: r.role,
    itemLevel: r.item_level === null ? null : Number(r.item_level),
    itemLevelSource: r.item_level_source,
    vault: { raid: r.vault_raid_slots, dungeon: r.vault_dungeon_slots, world: r.vault_world_slots, slots: r.vault_slots, weekStart: r.vault_week_start.toISOString() },
    lockouts: r.lockouts,
    keystone: r.keystone_level === null ? null : { level: r.keystone_level, mapId: r.keystone_map_id },
    consumablesShort: { lines: r.consumable_lines_short, items: Number(r.consumables_short) },
    lastSeenAt: r.last_seen_at?.toISOString() ?? null,
  };
}
