/**
 * An account for the reserved-items views: what it wears comes from our
 * collector (Healer, exact levels) and from Syndicator (Tank, seeded base
 * levels); Bankalt's bags hold the pieces to judge, appearances collected or
 * not, and caged pets; Rematch 5 teams name their pets by journal GUID only.
 * Every rule has a stack that should trigger it and a neighbour that should not.
 *
 * `later` is the same account an hour on: the team's squirrel has left the
 * journal and sits caged in the bags (with a worse squirrel beside it).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../src/core/db/pool.js';
import { itemLink, luaFile, type LuaFixture } from './lua-writer.js';
import { insertRealms, insertSnapshot } from './market-fixture.js';

export const T0 = Date.parse('2026-12-01T12:00:00Z') / 1000;
export const ACCOUNT = 'RESERVE';

/** Bag pieces (9100xx) and what Tank wears (9200xx), seeded below. */
export const GEAR = {
  trinket: 910001,
  plateHelm: 910002,
  cloak: 910003,
  robeUnlearned: 910004,
  plateGloves: 910005,
  robeLearned: 910006,
  robeUnknown: 910007,
  sword: 910008,
  tankHead: 920001,
  tankGloves: 920002,
  tankBack: 920003,
  tankMainHand: 920004,
  tankOffHand: 920005,
  tankTrinket: 920006,
  healerHead: 930001,
  healerTrinketHigh: 930002,
  healerTrinketLow: 930003,
  healerBack: 930004,
  healerChest: 930005,
} as const;
export const SQUIRREL = 39;
export const CAT = 40;
export const SQUIRT_GUID = 'BattlePet-0-000000000001';
export const CAT_GUID = 'BattlePet-0-000000000004';

type SeedRow = [id: number, name: string, inventoryType: string, itemClass: number, subclass: number, level: number, binding: string];

/** goblin.items as the seeder would leave them: inventory type, class, subclass, base level, binding. */
export const SEEDED: SeedRow[] = [
  [GEAR.trinket, 'Sigil of the Dawn', 'TRINKET', 4, 0, 600, 'ON_EQUIP'],
  [GEAR.plateHelm, 'Dawnforged Helm', 'HEAD', 4, 4, 645, 'ON_EQUIP'],
  [GEAR.cloak, 'Drape of Dusk', 'CLOAK', 4, 1, 610, 'ON_EQUIP'],
  [GEAR.robeUnlearned, 'Robe of Unseen Stars', 'ROBE', 4, 1, 500, 'ON_EQUIP'],
  [GEAR.plateGloves, 'Dawnforged Gauntlets', 'HAND', 4, 4, 610, 'ON_EQUIP'],
  [GEAR.robeLearned, 'Robe of Known Stars', 'ROBE', 4, 1, 500, 'ON_EQUIP'],
  [GEAR.robeUnknown, 'Robe of Strange Stars', 'ROBE', 4, 1, 500, 'ON_EQUIP'],
  [GEAR.sword, 'Dawnblade', 'WEAPON', 2, 7, 620, 'ON_EQUIP'],
  [GEAR.tankHead, 'Tank Helm', 'HEAD', 4, 4, 650, 'ON_ACQUIRE'],
  [GEAR.tankGloves, 'Tank Gauntlets', 'HAND', 4, 4, 600, 'ON_ACQUIRE'],
  [GEAR.tankBack, 'Tank Cloak', 'CLOAK', 4, 1, 650, 'ON_ACQUIRE'],
  [GEAR.tankMainHand, 'Tank Sword', 'WEAPON', 2, 7, 650, 'ON_ACQUIRE'],
  [GEAR.tankOffHand, 'Tank Shortsword', 'WEAPON', 2, 7, 600, 'ON_ACQUIRE'],
  [GEAR.tankTrinket, 'Tank Trinket', 'TRINKET', 4, 0, 660, 'ON_ACQUIRE'],
  [GEAR.healerHead, 'Healer Hood', 'HEAD', 4, 1, 600, 'ON_ACQUIRE'],
  [GEAR.healerTrinketHigh, 'Healer Idol', 'TRINKET', 4, 0, 600, 'ON_ACQUIRE'],
  [GEAR.healerTrinketLow, 'Healer Charm', 'TRINKET', 4, 0, 600, 'ON_ACQUIRE'],
  [GEAR.healerBack, 'Healer Shawl', 'CLOAK', 4, 1, 600, 'ON_ACQUIRE'],
  [GEAR.healerChest, 'Healer Robe', 'ROBE', 4, 1, 600, 'ON_ACQUIRE'],
];

const nameOf = (id: number) => SEEDED.find((s) => s[0] === id)![1];
const link = (id: number, quality = 4) => itemLink(id, nameOf(id), quality);
const petLink = (species: number, level: number, quality: number, guid: string, name: string) =>
  `|cnIQ${quality}:|Hbattlepet:${species}:${level}:${quality}:1546:276:289:${guid}|h[${name}]|h|r`;

/** A collector ITEM: { bag, slot, item id, count, link, item level, bound, appearance }. */
type Item = [number, number, number, number, string, number | false, boolean, boolean | undefined];
const piece = (slot: number, id: number, level: number, options: { bound?: boolean; appearance?: boolean } = {}): Item =>
  [0, slot, id, 1, link(id), level, options.bound ?? false, options.appearance];
const cage = (slot: number, species: number, level: number, quality: number, guid: string, name: string): Item =>
  [1, slot, 82800, 1, petLink(species, level, quality, guid, name), false, false, undefined];

/** Bankalt's bags; `later` adds the caged squirrels. */
export function bankaltBags(later: boolean): Item[] {
  return [
    piece(1, GEAR.trinket, 639),
    piece(2, GEAR.trinket, 639, { bound: true }),
    piece(3, GEAR.plateHelm, 645),
    piece(4, GEAR.cloak, 610),
    piece(5, GEAR.robeUnlearned, 500, { appearance: false }),
    piece(6, GEAR.robeLearned, 500, { appearance: true }),
    piece(7, GEAR.robeUnknown, 500),
    piece(8, GEAR.plateGloves, 640),
    piece(9, GEAR.sword, 620),
    cage(1, CAT, 25, 3, 'BattlePet-0-0000000000C1', 'Bombay Cat'),
    ...(later
      ? [cage(2, SQUIRREL, 25, 3, 'BattlePet-0-0000000000C2', 'Mechanical Squirrel'), cage(3, SQUIRREL, 1, 1, 'BattlePet-0-0000000000C3', 'Mechanical Squirrel')]
      : []),
  ];
}

/** Healer's gear as the collector reports it: exact levels, only worn slots. */
const HEALER_GEAR: [slot: number, id: number, level: number][] = [
  [1, GEAR.healerHead, 600],
  [5, GEAR.healerChest, 630],
  [13, GEAR.healerTrinketHigh, 650],
  [14, GEAR.healerTrinketLow, 626],
  [15, GEAR.healerBack, 630],
];

function holocronDb(savedAt: number, later: boolean): Buffer {
  const character = (guid: string, name: string, cls: string, extra: Record<string, LuaFixture>): [string, LuaFixture] => [
    guid,
    { name, realm: 'Stormrage', realmId: 60, region: 1, class: cls, level: 80, savedAt, ...extra },
  ];
  const journal = [[CAT_GUID, CAT, 25, 3, 1500, 280, 280], ...(later ? [] : [[SQUIRT_GUID, SQUIRREL, 25, 3, 1546, 276, 289]])];
  return luaFile({
    HolocronDB: {
      version: 1,
      addonVersion: '0.2.0',
      characters: Object.fromEntries([
        character('Player-60-0000000A', 'Bankalt', 'MAGE', { bags: { at: savedAt, items: bankaltBags(later) } }),
        character('Player-60-0000000B', 'Healer', 'PRIEST', {
          gear: { at: savedAt, average: 630, equipped: 627, slots: new Map(HEALER_GEAR.map(([slot, id, level]) => [slot, [link(id), level]])) },
          bags: { at: savedAt, items: [] },
        }),
      ]),
      warband: { pets: { at: savedAt, list: journal } },
    },
  });
}

/** Syndicator's data for Tank, a warrior our collector never saw: equipped[slot + 1]. */
function syndicator(): Buffer {
  const worn = new Map<number, number>([[1, GEAR.tankHead], [10, GEAR.tankGloves], [13, GEAR.tankTrinket], [14, GEAR.tankTrinket], [15, GEAR.tankBack], [16, GEAR.tankMainHand], [17, GEAR.tankOffHand]]);
  const equipped: LuaFixture[] = [];
  for (let slot = 0; slot <= 19; slot++) {
    const id = worn.get(slot);
    equipped.push(id ? { itemID: id, itemCount: 1, itemLink: link(id), quality: 4, isBound: true } : {});
  }
  return luaFile({
    SYNDICATOR_DATA: {
      Version: 2,
      Characters: {
        'Tank-Stormrage': {
          details: { character: 'Tank', realm: 'Stormrage', realmNormalized: 'Stormrage', className: 'WARRIOR', race: 'Human', faction: 'Alliance' },
          money: 0,
          bags: [[]],
          equipped,
        },
      },
    },
  });
}

/** Rematch 5: teams keep their pets' GUIDs only (the tags are Rematch's own). */
function rematch5(): Buffer {
  return luaFile({
    Rematch5SavedTeams: {
      'team:1': { teamID: 'team:1', name: 'Squirt Day', pets: [SQUIRT_GUID, 0, 0] },
      'team:2': { teamID: 'team:2', name: 'Cat Nap', pets: [CAT_GUID, 0, 0] },
    },
  });
}

function write(dir: string, name: string, content: Buffer, at: number): void {
  fs.writeFileSync(path.join(dir, name), content);
  fs.utimesSync(path.join(dir, name), at, at);
}

/** Writes the account's SavedVariables folder as of T0 (or an hour later); returns it. */
export function writeReservedAccount(root: string, later = false): string {
  const at = later ? T0 + 3600 : T0;
  const dir = path.join(root, 'WTF', 'Account', ACCOUNT, 'SavedVariables');
  fs.mkdirSync(dir, { recursive: true });
  write(dir, 'Holocron.lua', holocronDb(at, later), at);
  write(dir, 'Syndicator.lua', syndicator(), T0);
  write(dir, 'Rematch.lua', rematch5(), T0);
  return dir;
}

/** The seeded item facts the views judge by. */
export async function seedItems(db: Database, rows: readonly SeedRow[] = SEEDED): Promise<void> {
  await db.query(
    `INSERT INTO goblin.items (item_id, name, quality, inventory_type, item_class_id, item_subclass_id, level, binding, is_equippable)
     SELECT u.id, u.name, 'EPIC', u.inventory_type, u.item_class, u.subclass, u.level, u.binding, true
     FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::text[])
       AS u (id, name, inventory_type, item_class, subclass, level, binding)
     ON CONFLICT (item_id) DO UPDATE SET inventory_type = EXCLUDED.inventory_type, item_class_id = EXCLUDED.item_class_id,
       item_subclass_id = EXCLUDED.item_subclass_id, level = EXCLUDED.level, binding = EXCLUDED.binding`,
    [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3]), rows.map((r) => r[4]), rows.map((r) => r[5]), rows.map((r) => r[6])],
  );
}

/** Stormrage and a realm market price for every bag piece and caged pet, so only exclusions keep them. */
export async function insertReservedMarket(db: Database): Promise<void> {
  await insertRealms(db, 'us', 60, [[60, 'Stormrage']]);
  await db.query(`INSERT INTO petweaver.species (species_id, name, is_tradable, is_battlepet) VALUES (${SQUIRREL}, 'Mechanical Squirrel', true, true), (${CAT}, 'Bombay Cat', true, true) ON CONFLICT DO NOTHING`);
  const bagPieces = [GEAR.trinket, GEAR.plateHelm, GEAR.cloak, GEAR.robeUnlearned, GEAR.plateGloves, GEAR.robeLearned, GEAR.robeUnknown, GEAR.sword];
  await insertSnapshot(db, {
    region: 'us', connectedRealmId: 60, at: new Date((T0 - 1800) * 1000),
    stats: [
      ...bagPieces.map((itemId) => ({ itemId, market: 2_000_000 })),
      { itemId: 82800, petSpeciesId: SQUIRREL, market: 150_000 },
      { itemId: 82800, petSpeciesId: CAT, market: 150_000 },
    ],
  });
}
