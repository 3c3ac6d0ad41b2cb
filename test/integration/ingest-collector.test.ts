import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/core/inventory/ingest.js';
import { silentLogger } from '../../src/core/log.js';
import { useTestDatabase } from '../helpers/db.js';
import { itemLink, luaFile, type LuaFixture } from '../helpers/lua-writer.js';
import { useTempDirs } from '../helpers/tmp.js';

/** HolocronDB (docs/collector-format.md) through the real ingest into every table it feeds. */
const t = useTestDatabase();
const tempDir = useTempDirs();
const T0 = 1_764_633_600;
const GUID = 'Player-60-0ABCDEF0';

function holocronDb(at: number, overrides: Record<string, LuaFixture> = {}): Record<string, LuaFixture> {
  const sword = itemLink(19019, 'Thunderfury, Blessed Blade of the Windseeker', 5, ':::::::80:72::13:2:10371:1527:::::');
  return {
    HolocronDB: {
      version: 1,
      addonVersion: '0.2.0',
      characters: {
        [GUID]: {
          name: 'Thrall',
          realm: 'Stormrage',
          realmId: 60,
          region: 1,
          class: 'WARRIOR',
          level: 80,
          specId: 71,
          savedAt: at,
          weeklyResetAt: at + 3600,
          gear: { at, average: 641.25, equipped: 639.5, slots: new Map<number, LuaFixture>([[16, [sword, 639]]]) },
          bags: {
            at,
            items: [
              [0, 1, 19019, 1, sword, 639, true, true],
              [0, 2, 210796, 200, itemLink(210796, 'Mycobloom'), false, false],
              [1, 4, 224828, 1, itemLink(224828, 'Boots of the Unseen', 4), 626, false, false],
            ],
          },
          bank: { at: at - 600, items: [[6, 1, 212664, 20, itemLink(212664, 'Algari Healing Potion'), false, false]] },
          vault: { at, hasRewards: false, activities: [['Raid', 1, 2, 2, 16, 1234], ['Raid', 2, 4, 2, 16, 1235], ['Activities', 1, 1, 3, 10, 2222]] },
          lockouts: { at, list: [['Nerub-ar Palace', 123456, at + 3600, 16, true, false, true, 20, 8, 3, 2657]] },
          keystone: { at, mapId: 2660, challengeMapId: 503, level: 12 },
          quests: { at, done: [95127, 93690] },
          ...overrides,
        },
      },
      warband: {
        bank: { at, items: [[12, 3, 210930, 400, itemLink(210930, 'Bismuth'), false, false]] },
        mounts: { at, ids: [6, 7, 41] },
        toys: { at, ids: [1973] },
        pets: { at, list: [['BattlePet-0-00000E09B186', 1155, 25, 3, 1546, 276, 289], ['BattlePet-0-00000E09B187', 39, 1, 1, 150, 10, 10]] },
      },
    },
  };
}

function write(root: string, globals: Record<string, LuaFixture>, mtime: number): string {
  const dir = path.join(root, 'WTF', 'Account', 'ACCT', 'SavedVariables');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'Holocron.lua');
  fs.writeFileSync(file, luaFile(globals));
  fs.utimesSync(file, mtime, mtime);
  return file;
}

const run = (file: string) => ingest({ paths: [file] }, { db: t.db, log: silentLogger });

describe('ingest of HolocronDB', () => {
  it('stores every section where docs/collector-format.md says', async () => {
    const root = tempDir('holocron-collector-');
    const summary = await run(write(root, holocronDb(T0), T0 + 60));
    expect(summary.files[0], summary.files[0]!.error).toMatchObject({ status: "ingested", formats: ["holocron"] });

    const [character] = await t.db.query<{ guid: string; class: string; level: number; spec_id: number; region: string; average_item_level: string; equipped_item_level: string }>(
      "SELECT guid, class, level, spec_id, region, average_item_level, equipped_item_level FROM holocron.characters WHERE name = 'Thrall'",
    );
    expect(character).toEqual({ guid: GUID, class: 'WARRIOR', level: 80, spec_id: 71, region: 'us', average_item_level: 641.25, equipped_item_level: 639.5 });

    const stacks = await t.db.query<{ location: string; item_id: number; count: number; item_level: number | null; appearance_collected: boolean | null; is_bound: boolean | null }>(
      `SELECT s.location, st.item_id, st.count, st.item_level, st.appearance_collected, st.is_bound
       FROM holocron.item_stacks st JOIN holocron.inventory_snapshots s USING (snapshot_id) WHERE st.is_current ORDER BY s.location, st.item_id`,
    );
    expect(stacks).toEqual([
      { location: 'bags', item_id: 19019, count: 1, item_level: 639, appearance_collected: true, is_bound: true },
      { location: 'bags', item_id: 210796, count: 200, item_level: null, appearance_collected: null, is_bound: false },
      { location: 'bags', item_id: 224828, count: 1, item_level: 626, appearance_collected: false, is_bound: false },
      { location: 'bank', item_id: 212664, count: 20, item_level: null, appearance_collected: null, is_bound: false },
      { location: 'warband_bank', item_id: 210930, count: 400, item_level: null, appearance_collected: null, is_bound: false },
    ]);

    expect(await t.db.query('SELECT slot, item_id, item_level FROM skillweaver.equipped_items')).toEqual([{ slot: 16, item_id: 19019, item_level: 639 }]);
    expect(await t.db.query('SELECT activity_type, activity_index, threshold, progress, level FROM skillweaver.vault_activities ORDER BY 1, 2')).toEqual([
      { activity_type: 'Activities', activity_index: 1, threshold: 1, progress: 3, level: 10 },
      { activity_type: 'Raid', activity_index: 1, threshold: 2, progress: 2, level: 16 },
      { activity_type: 'Raid', activity_index: 2, threshold: 4, progress: 2, level: 16 },
    ]);
    const [lockout] = await t.db.query<{ instance_name: string; difficulty_id: number; resets_at: Date; encounters_killed: number }>(
      'SELECT instance_name, difficulty_id, resets_at, encounters_killed FROM skillweaver.lockouts',
    );
    expect(lockout).toEqual({ instance_name: 'Nerub-ar Palace', difficulty_id: 16, resets_at: new Date((T0 + 3600) * 1000), encounters_killed: 3 });
    expect(await t.db.query('SELECT map_id, challenge_map_id, level FROM skillweaver.keystones')).toEqual([{ map_id: 2660, challenge_map_id: 503, level: 12 }]);
    expect(await t.db.query('SELECT quest_ids FROM holocron.weekly_quests_done')).toEqual([{ quest_ids: [93690, 95127] }]);
    expect(await t.db.query('SELECT kind, ids FROM holocron.account_collections ORDER BY kind')).toEqual([
      { kind: 'mount', ids: [6, 7, 41] },
      { kind: 'toy', ids: [1973] },
    ]);
    expect(await t.db.query("SELECT pet_guid, species_id, level, quality FROM petweaver.owned_pets WHERE source = 'holocron' ORDER BY species_id")).toEqual([
      { pet_guid: 'BattlePet-0-00000E09B187', species_id: 39, level: 1, quality: 1 },
      { pet_guid: 'BattlePet-0-00000E09B186', species_id: 1155, level: 25, quality: 3 },
    ]);
    expect(await t.db.query('SELECT region, next_reset_at FROM ops.reset_observations')).toEqual([{ region: 'us', next_reset_at: new Date((T0 + 3600) * 1000) }]);
  });

  it('never lets an older file undo a newer one, and a newer journal drops pets that left it', async () => {
    const root = tempDir('holocron-collector-');
    const newer = holocronDb(T0 + 7200, { keystone: { at: T0 + 7200, mapId: 2660, challengeMapId: 503, level: 13 } });
    const newerDb = (newer.HolocronDB as Record<string, Record<string, Record<string, LuaFixture>>>).warband!;
    newerDb.pets = { at: T0 + 7200, list: [['BattlePet-0-00000E09B186', 1155, 25, 3, 1546, 276, 289]] };
    await run(write(root, newer, T0 + 7260));
    await run(write(tempDir('holocron-collector-old-'), holocronDb(T0 - 86400, { keystone: { at: T0 - 86400, mapId: 1, challengeMapId: 2, level: 2 } }), T0 - 86000));
    expect(await t.db.query('SELECT level FROM skillweaver.keystones')).toEqual([{ level: 13 }]);
    expect(await t.db.query("SELECT pet_guid FROM petweaver.owned_pets WHERE source = 'holocron'")).toEqual([{ pet_guid: 'BattlePet-0-00000E09B186' }]);
  });

  it('reads what it knows of a file from a newer addon, and notes it', async () => {
    const root = tempDir('holocron-collector-');
    const future = holocronDb(T0 + 90_000);
    (future.HolocronDB as Record<string, LuaFixture>).version = 7;
    (future.HolocronDB as Record<string, LuaFixture>).somethingNew = { x: 1 };
    const summary = await run(write(root, future, T0 + 90_060));
    expect(summary.files[0]!.status).toBe('ingested');
    expect(summary.files[0]!.notes.join('\n')).toMatch(/HolocronDB is version 7, newer than this holocron reads \(1\)/);
  });

  it('rejects a corrupt HolocronDB.lua with line and column, like any SavedVariables file', async () => {
    const root = tempDir('holocron-collector-');
    const file = write(root, holocronDb(T0), T0);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('["level"] = 80,', '["level"] 80,'));
    const summary = await run(file);
    expect(summary.files[0]!.status).toBe('rejected');
    expect(summary.files[0]!.error).toMatch(/Holocron\.lua:\d+:\d+: expected "=" after "\[key\]"/);
  });
});
