/**
 * The weekly reset's fixtures: collector sessions of one US character at
 * chosen instants (vault, vault status, lockouts, the client's reset time),
 * written by the real collector in Lua and ingested; and the reset-day
 * commodities the fake Blizzard API serves.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../src/core/db/pool.js';
import { ingest } from '../../src/core/inventory/ingest.js';
import { silentLogger } from '../../src/core/log.js';
import type { GeneratedAuction } from './auction-generator.js';
import { SCENARIO } from './collector-scenario.js';
import { runLuaJson, writeLuaValue, type LuaLiteral } from './lua-harness.js';

export const DAY = 86_400_000;
export const WEEK = 7 * DAY;
/** US resets, Tuesdays 15:00 UTC. */
export const W0 = new Date('2026-11-10T15:00:00Z');
export const week = (n: number) => new Date(W0.getTime() + n * WEEK);

export interface VaultActivity {
  type: 1 | 3 | 6;
  index: 1 | 2 | 3;
  threshold: number;
  progress: number;
  level?: number;
}

/** The season's thresholds (raid 2/4/6, dungeon 1/4/8, world 2/4/8) at the given progress. */
export function vault(raid: number, dungeon: number, world: number): VaultActivity[] {
  const rows: Array<[VaultActivity['type'], number[], number]> = [
    [3, [2, 4, 6], raid],
    [1, [1, 4, 8], dungeon],
    [6, [2, 4, 8], world],
  ];
  return rows.flatMap(([type, thresholds, progress]) =>
    thresholds.map((threshold, i) => ({ type, index: (i + 1) as 1 | 2 | 3, threshold, progress, level: type === 3 ? 15 : 10 })),
  );
}

export interface Session {
  at: Date;
  /** The reset the client counts down to (GetServerTime() + GetSecondsUntilWeeklyReset()). */
  nextReset: Date;
  vault: VaultActivity[];
  hasRewards: boolean;
  /** [name, instance id, resets at, difficulty, extended] */
  lockouts: Array<[string, number, Date, number, boolean]>;
}

/** Plays the collector for one session, writes Holocron.lua under `root` and ingests it. */
export async function playSession(db: Database, root: string, s: Session): Promise<void> {
  const sv = path.join(root, 'WTF', 'Account', 'MAIN', 'SavedVariables');
  fs.mkdirSync(sv, { recursive: true });
  const time = Math.floor(s.at.getTime() / 1000);
  const scenario = {
    ...(SCENARIO as Record<string, LuaLiteral>),
    time,
    secondsUntilWeeklyReset: Math.floor(s.nextReset.getTime() / 1000) - time,
    vault: { hasRewards: s.hasRewards, activities: s.vault.map((a) => ({ ...a, id: 1000 + a.type * 10 + a.index })) },
    lockouts: s.lockouts.map(([name, instanceId, resetsAt, difficulty, extended], i) => [
      name, 900_000 + i, Math.floor(resetsAt.getTime() / 1000) - time, difficulty, true, extended, 0, true, 20, 'Heroic', 8, 2, false, instanceId,
    ]),
  };
  const file = path.join(sv, 'Holocron.lua');
  runLuaJson('test/lua/cases/collector.lua', [writeLuaValue(path.join(root, `scenario-${time}.lua`), scenario), file]);
  // A later session writes the same file: give it a later mtime as the client would.
  fs.utimesSync(file, s.at, s.at);
  const summary = await ingest({ paths: [sv] }, { db, log: silentLogger });
  const status = summary.files.map((f) => f.status);
  if (!status.includes('ingested')) throw new Error(`session at ${s.at.toISOString()} not ingested: ${JSON.stringify(summary.files)}`);
}

/** Reset-day items as seeded: a flask (consumable), an enchant, a treatise, and an herb that is none of them. */
export const ITEMS = [
  { id: 212283, name: 'Flask of Alchemical Chaos', classId: 0 },
  { id: 223677, name: 'Enchant Weapon - Authority of Radiant Power', classId: 8 },
  { id: 222546, name: 'Algari Treatise on Alchemy', classId: 19 },
  { id: 210796, name: 'Mycobloom', classId: 7 },
] as const;

export async function seedItems(db: Database): Promise<void> {
  for (const item of ITEMS) {
    await db.query(`INSERT INTO goblin.items (item_id, name, item_class_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [item.id, item.name, item.classId]);
  }
}

/** Commodities at one price per item (several listings each, so every statistic agrees on it). */
export function commodities(prices: Record<number, number>, firstId: number): GeneratedAuction[] {
  let id = firstId;
  return Object.entries(prices).flatMap(([item, price]) =>
    Array.from({ length: 4 }, () => ({ id: id++, item: { id: Number(item) }, quantity: 50, unit_price: price, time_left: 'LONG' as const })),
  );
}
