/**
 * A small account for liquidation tests, written as our addon's collector
 * writes it (HolocronDB: exact item levels, bound state) plus a Rematch file,
 * and market data for it: every exclusion and every job kind has a stack that
 * should trigger it and a neighbour that should not.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../src/core/db/pool.js';
import { itemLink, luaFile, type LuaFixture } from './lua-writer.js';
import { insertRealms, insertSnapshot } from './market-fixture.js';

export const T0 = Date.parse('2026-12-01T12:00:00Z') / 1000;
export const ITEMS = {
  mycobloom: 210796,
  potion: 212664,
  bismuth: 210930,
  thunderfury: 19019,
  boots: 224828,
  mystery: 900001,
  tooth: 900002,
  cheapOre: 900003,
  lowHerb: 900004,
} as const;
export const SQUIRREL = 39;

type Item = [bag: number, slot: number, itemId: number, count: number, link: string, level: number | false, bound: boolean];

const item = (bag: number, slot: number, id: number, count: number, name: string, options: { quality?: number; level?: number; bound?: boolean } = {}): Item =>
  [bag, slot, id, count, itemLink(id, name, options.quality ?? 1), options.level ?? false, options.bound ?? false];

export interface CharacterFixture {
  guid: string;
  name: string;
  realm: string;
  realmId: number;
  class: string;
  faction?: string;
  bags: Item[];
  bank?: Item[];
}

/** Who holds what at T0 (the `moves` variant is the same account after some mail arrived). */
export function characters(moves = false): CharacterFixture[] {
  return [
    {
      guid: 'Player-60-00000001', name: 'Thrall', realm: 'Stormrage', realmId: 60, class: 'WARRIOR',
      bags: [
        item(0, 1, ITEMS.thunderfury, 1, 'Thunderfury', { quality: 5, level: 80, bound: true }),
        item(1, 1, ITEMS.potion, 60, 'Algari Healing Potion'),
        item(1, 2, ITEMS.bismuth, 50, 'Bismuth'),
        item(1, 3, ITEMS.mycobloom, 30, 'Mycobloom'),
      ],
    },
    {
      guid: 'Player-60-00000002', name: 'Bankalt', realm: 'Stormrage', realmId: 60, class: 'MAGE',
      bags: [item(0, 1, ITEMS.bismuth, 10, 'Bismuth'), item(0, 2, ITEMS.mycobloom, moves ? 450 : 50, 'Mycobloom')],
    },
    {
      guid: 'Player-60-00000003', name: 'Farmer', realm: 'Stormrage', realmId: 60, class: 'DRUID',
      bags: moves
        ? [item(0, 1, ITEMS.bismuth, 80, 'Bismuth'), item(0, 3, ITEMS.mystery, 2, 'Mystery Trinket'), item(0, 4, ITEMS.tooth, 3, 'Broken Tooth', { quality: 0 }), item(0, 5, ITEMS.cheapOre, 40, 'Cheap Ore'), item(0, 6, ITEMS.lowHerb, 5, 'Low Value Herb')]
        : [
            item(0, 1, ITEMS.mycobloom, 200, 'Mycobloom'),
            item(0, 2, ITEMS.mycobloom, 200, 'Mycobloom'),
            item(1, 1, ITEMS.bismuth, 80, 'Bismuth'),
            item(0, 3, ITEMS.mystery, 2, 'Mystery Trinket'),
            item(0, 4, ITEMS.tooth, 3, 'Broken Tooth', { quality: 0 }),
            item(0, 5, ITEMS.cheapOre, 40, 'Cheap Ore'),
            item(0, 6, ITEMS.lowHerb, 5, 'Low Value Herb'),
          ],
      bank: [item(6, 1, ITEMS.boots, 1, 'Boots of the Unseen', { quality: 4, level: 626 })],
    },
    {
      guid: 'Player-60-00000004', name: 'Healer', realm: 'Stormrage', realmId: 60, class: 'PRIEST',
      bags: [item(0, 1, ITEMS.mystery, 1, 'Mystery Trinket')],
    },
    {
      guid: 'Player-3676-00000005', name: 'Jaina', realm: 'Area 52', realmId: 3676, class: 'MAGE',
      bags: [item(0, 1, ITEMS.mycobloom, 30, 'Mycobloom')],
    },
  ];
}

/** The account's HolocronDB as the collector saves it, saved at `savedAt`. */
export function holocronDb(savedAt: number, moves = false): Buffer {
  const chars: Record<string, LuaFixture> = {};
  for (const c of characters(moves)) {
    chars[c.guid] = {
      name: c.name, realm: c.realm, realmId: c.realmId, region: 1, class: c.class, level: 80, savedAt,
      bags: { at: savedAt, items: c.bags },
      ...(c.bank && { bank: { at: savedAt, items: c.bank } }),
    };
  }
  return luaFile({
    HolocronDB: {
      version: 1,
      addonVersion: '0.2.0',
      characters: chars,
      warband: {
        bank: { at: savedAt, items: [item(12, 1, ITEMS.mycobloom, 100, 'Mycobloom')] },
        pets: {
          at: savedAt,
          list: [
            ['BattlePet-0-000000000001', SQUIRREL, 25, 3, 1546, 276, 289],
            ['BattlePet-0-000000000002', SQUIRREL, 1, 1, 150, 10, 10],
            ['BattlePet-0-000000000003', SQUIRREL, 5, 2, 300, 20, 20],
            ['BattlePet-0-000000000004', 40, 25, 3, 1500, 280, 280],
          ],
        },
      },
    },
  });
}

/** Rematch 4's saved teams: one uses the best squirrel. */
export function rematch(): Buffer {
  return luaFile({ RematchSaved: { 'Squirt Day': [['BattlePet-0-000000000001', 0, 0, 0, SQUIRREL]] } });
}

/** Writes the account's SavedVariables folder; returns it. */
export function writeAccount(root: string, savedAt = T0, moves = false): string {
  const dir = path.join(root, 'WTF', 'Account', 'MAIN', 'SavedVariables');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'Holocron.lua'), holocronDb(savedAt, moves));
  fs.utimesSync(path.join(dir, 'Holocron.lua'), savedAt, savedAt);
  fs.writeFileSync(path.join(dir, 'Rematch.lua'), rematch());
  fs.utimesSync(path.join(dir, 'Rematch.lua'), savedAt, savedAt);
  return dir;
}

/** Realms, seeded items and species, and one commodity and one Stormrage snapshot. */
export async function insertMarket(db: Database): Promise<void> {
  await insertRealms(db, 'us', 60, [[60, 'Stormrage']]);
  await insertRealms(db, 'us', 3676, [[3676, 'Area 52']]);
  await db.query(
    `INSERT INTO goblin.items (item_id, name, quality, sell_price, binding) VALUES
       (${ITEMS.tooth}, 'Broken Tooth', 'POOR', 25, NULL),
       (${ITEMS.cheapOre}, 'Cheap Ore', 'COMMON', 50, NULL),
       (${ITEMS.lowHerb}, 'Low Value Herb', 'COMMON', 1, NULL),
       (${ITEMS.thunderfury}, 'Thunderfury, Blessed Blade of the Windseeker', 'LEGENDARY', 100000, 'ON_ACQUIRE')
     ON CONFLICT DO NOTHING`,
  );
  await db.query(`INSERT INTO petweaver.species (species_id, name, is_tradable, is_battlepet) VALUES (${SQUIRREL}, 'Mechanical Squirrel', true, true), (40, 'Bombay Cat', true, true) ON CONFLICT DO NOTHING`);
  const at = new Date((T0 - 1800) * 1000);
  await insertSnapshot(db, {
    region: 'us', connectedRealmId: null, at,
    stats: [{ itemId: ITEMS.mycobloom, market: 9500, sold: 100 }, { itemId: ITEMS.potion, market: 5000 }, { itemId: ITEMS.bismuth, market: 3000 }],
  });
  await insertSnapshot(db, {
    region: 'us', connectedRealmId: 60, at,
    stats: [
      { itemId: ITEMS.thunderfury, market: 5_000_000_00 },
      { itemId: ITEMS.boots, market: 500_000 },
      { itemId: ITEMS.cheapOre, market: 10 },
      { itemId: ITEMS.lowHerb, market: 100 },
      { itemId: 82800, petSpeciesId: SQUIRREL, market: 120_000 },
    ],
  });
}
