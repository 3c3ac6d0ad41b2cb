/**
 * What liquidation must not sell because the account still needs it:
 * skillweaver.view_reserved_gear (upgrades for a character who can use them,
 * from the collector's exact levels and from Syndicator's equipped items),
 * holocron.view_unlearned_transmog, and caged pets a Rematch team needs
 * (petweaver.view_caged_team_pets, petweaver.view_protected_pets) — on a
 * generated account, on the Syndicator sample, and through the manifest.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/core/inventory/ingest.js';
import { silentLogger } from '../../src/core/log.js';
import { planLiquidation } from '../../src/core/liquidation/plan.js';
import { useTestDatabase } from '../helpers/db.js';
import { luaFile } from '../helpers/lua-writer.js';
import { CAT, GEAR, SQUIRREL, SQUIRT_GUID, T0, insertReservedMarket, seedItems, writeReservedAccount } from '../helpers/reserved-fixture.js';
import { hasSamples, samplePath } from '../helpers/samples.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const tempDir = useTempDirs();

interface ReservedRow {
  item_id: number;
  item: string;
  holder: string;
  location: string;
  for_character: string;
  equip_slot: string;
  item_level: number;
  equipped_item_level: number | null;
}

const reserved = () =>
  t.db.query<ReservedRow>(
    `SELECT item_id, item, holder, location, for_character, equip_slot, item_level, equipped_item_level
     FROM skillweaver.view_reserved_gear ORDER BY item_id`,
  );
const bagSlotOf = async (itemId: number, bound = false) =>
  (await t.db.query<{ snapshot_id: number; container: number; slot: number }>(
    `SELECT snapshot_id, container, slot FROM holocron.view_current_stacks
     WHERE owner = 'Bankalt-Stormrage' AND item_id = $1 AND coalesce(is_bound, false) = $2`,
    [itemId, bound],
  ))[0]!;
const ingestAccount = (later: boolean) => ingest({ paths: [writeReservedAccount(tempDir('holocron-reserved-'), later)] }, { db: t.db, log: silentLogger });

beforeAll(async () => {
  await seedItems(t.db);
  await ingestAccount(false);
});

describe('skillweaver.view_reserved_gear', () => {
  it('reserves a bind-on-equip upgrade for the character it helps, naming the slot it replaces and both levels', async () => {
    const rows = await reserved();
    // Trinkets: Healer wears 650 and 626 (collector, exact): the 639 beats the lower one.
    expect(rows.find((r) => r.item_id === GEAR.trinket)).toEqual({
      item_id: GEAR.trinket, item: 'Sigil of the Dawn', holder: 'Bankalt-Stormrage', location: 'bags',
      for_character: 'Healer-Stormrage', equip_slot: 'trinket 2', item_level: 639, equipped_item_level: 626,
    });
    // Tank's gear comes from Syndicator at seeded levels: gloves 600, and a dual wielder's weaker hand.
    expect(rows.find((r) => r.item_id === GEAR.plateGloves)).toMatchObject({ for_character: 'Tank-Stormrage', equip_slot: 'hands', item_level: 640, equipped_item_level: 600 });
    expect(rows.find((r) => r.item_id === GEAR.sword)).toMatchObject({ for_character: 'Tank-Stormrage', equip_slot: 'off hand', item_level: 620, equipped_item_level: 600 });
  });

  it('keeps one row per stack, and none for a soulbound copy', async () => {
    const rows = await reserved();
    expect(rows.filter((r) => r.item_id === GEAR.trinket)).toHaveLength(1);
    const [{ n }] = (await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT snapshot_id, container, slot FROM skillweaver.view_reserved_gear GROUP BY 1, 2, 3 HAVING count(*) > 1) d`,
    )) as [{ n: number }];
    expect(n).toBe(0);
    const bound = await bagSlotOf(GEAR.trinket, true);
    expect(await t.db.query('SELECT 1 FROM skillweaver.view_reserved_gear WHERE snapshot_id = $1 AND container = $2 AND slot = $3', [bound.snapshot_id, bound.container, bound.slot])).toEqual([]);
  });

  it('does not reserve plate for a priest, nor a piece below what every wearer has on', async () => {
    const ids = (await reserved()).map((r) => r.item_id);
    // The helm (645) would beat Healer's 600 hood, but a priest wears cloth; Tank's helm is 650.
    expect(ids).not.toContain(GEAR.plateHelm);
    // The cloak (610) is below Healer's 630 and Tank's 650; the mage Bankalt reported no gear at all.
    expect(ids).not.toContain(GEAR.cloak);
    expect(ids.sort()).toEqual([GEAR.trinket, GEAR.plateGloves, GEAR.sword].sort());
  });

  it('takes the class proficiencies from its data table', async () => {
    const plateWearers = await t.db.query<{ class_file: string }>('SELECT class_file FROM skillweaver.classes WHERE armor_subclass_id = 4 ORDER BY 1');
    expect(plateWearers.map((r) => r.class_file)).toEqual(['DEATHKNIGHT', 'PALADIN', 'WARRIOR']);
    const glaives = await t.db.query<{ class_file: string }>(
      'SELECT c.class_file FROM skillweaver.class_weapons w JOIN skillweaver.classes c USING (class_id) WHERE w.weapon_subclass_id = 9',
    );
    expect(glaives.map((r) => r.class_file)).toEqual(['DEMONHUNTER']);
    const bows = await t.db.query<{ class_file: string }>(
      'SELECT c.class_file FROM skillweaver.class_weapons w JOIN skillweaver.classes c USING (class_id) WHERE w.weapon_subclass_id = 2',
    );
    expect(bows.map((r) => r.class_file)).toEqual(['HUNTER']);
  });
});

describe('holocron.view_unlearned_transmog', () => {
  it('lists a stack whose appearance the collector says is not collected, not a collected or unknown one', async () => {
    const rows = await t.db.query<{ item_id: number; holder: string }>('SELECT item_id, holder FROM holocron.view_unlearned_transmog');
    expect(rows).toEqual([{ item_id: GEAR.robeUnlearned, holder: 'Bankalt-Stormrage' }]);
  });
});

describe('caged pets a team needs', () => {
  it('protects no cage while the journal still holds the team pets', async () => {
    expect(await t.db.query('SELECT * FROM petweaver.view_caged_team_pets')).toEqual([]);
  });

  it('protects a caged pet of a team species the journal no longer holds, the best one, and not the cat the journal still has', async () => {
    await ingestAccount(true);
    const rows = await t.db.query<{ team_name: string; species_id: number; slot: number; source: string; team_slot: number }>(
      'SELECT team_name, species_id, slot, source, team_slot FROM petweaver.view_caged_team_pets',
    );
    // Two caged squirrels: the team needs one; the level 25 rare one (bag 1 slot 2) is kept.
    expect(rows).toEqual([{ team_name: 'Squirt Day', species_id: SQUIRREL, slot: 2, source: 'rematch5', team_slot: 1 }]);
    const protectedPets = await t.db.query<{ species_id: number; pet_guid: string; team_name: string; item_slot: number | null }>(
      'SELECT species_id, pet_guid, team_name, item_slot FROM petweaver.view_protected_pets ORDER BY team_name, item_slot NULLS FIRST',
    );
    // Rematch 5 names the squirrel by its old GUID alone: its species outlives the journal row.
    expect(protectedPets).toEqual([
      { species_id: CAT, pet_guid: expect.stringMatching(/^BattlePet-/), team_name: 'Cat Nap', item_slot: null },
      { species_id: SQUIRREL, pet_guid: SQUIRT_GUID, team_name: 'Squirt Day', item_slot: null },
      { species_id: SQUIRREL, pet_guid: 'BattlePet-0-0000000000C2', team_name: 'Squirt Day', item_slot: 2 },
    ]);
  });
});

describe.skipIf(!hasSamples())('on the Syndicator sample', () => {
  // Mbuzi, the sample's warrior, wears what Syndicator saved (equipped[slot + 1]);
  // any unbound bag stack of the account stands in for a bind-on-equip plate helm.
  let head: number;
  let spare: { item_id: number; owner: string };
  beforeAll(async () => {
    const dir = path.join(tempDir('holocron-reserved-sample-'), 'WTF', 'Account', 'SAMPLE', 'SavedVariables');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(samplePath('client', 'syndicator-retail-11.2.lua'), path.join(dir, 'Syndicator.lua'));
    await ingest({ paths: [dir] }, { db: t.db, log: silentLogger });
    [{ item_id: head }] = (await t.db.query<{ item_id: number }>(
      `SELECT item_id FROM holocron.view_current_stacks WHERE owner LIKE 'Mbuzi-%' AND location = 'equipped' AND section = '' AND container = 0 AND slot = 1`,
    )) as [{ item_id: number }];
    [spare] = (await t.db.query<{ item_id: number; owner: string }>(
      `SELECT item_id, owner FROM holocron.view_current_stacks
       WHERE account = 'SAMPLE' AND location = 'bags' AND is_bound = false AND item_id <> 82800 AND count = 1
       ORDER BY owner, container, slot LIMIT 1`,
    )) as [{ item_id: number; owner: string }];
  });

  const rowsFor = () => t.db.query<{ for_character: string; equip_slot: string; item_level: number; equipped_item_level: number }>(
    'SELECT for_character, equip_slot, item_level, equipped_item_level FROM skillweaver.view_reserved_gear WHERE item_id = $1', [spare.item_id],
  );

  it('reserves plate that beats the warrior\'s equipped helm for the warrior, and nothing lower', async () => {
    await seedItems(t.db, [[head, 'Sample Helm', 'HEAD', 4, 4, 600, 'ON_ACQUIRE'], [spare.item_id, 'Sample Plate Helm', 'HEAD', 4, 4, 639, 'ON_EQUIP']]);
    expect(await rowsFor()).toEqual([{ for_character: 'Mbuzi-TwistingNether', equip_slot: 'head', item_level: 639, equipped_item_level: 600 }]);
    await seedItems(t.db, [[spare.item_id, 'Sample Plate Helm', 'HEAD', 4, 4, 590, 'ON_EQUIP']]);
    expect(await rowsFor()).toEqual([]);
    // As cloth, the hunter, shaman, rogue and demon hunter of the sample cannot wear it either way.
    await seedItems(t.db, [[spare.item_id, 'Sample Cloth Hood', 'HEAD', 4, 1, 639, 'ON_EQUIP']]);
    expect(await rowsFor()).toEqual([]);
  });
});

describe.skipIf(!hasSamples())('on the Rematch 4 sample', () => {
  it('protects a caged Anubisath Idol (species 1155, in the sample\'s teams) once the journal has none, not a cage no team wants', async () => {
    const NO_TEAM_SPECIES = 2931;
    const dir = path.join(tempDir('holocron-reserved-rematch-'), 'WTF', 'Account', 'BOBSACCT', 'SavedVariables');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(samplePath('client', 'rematch4-legacy-legion-7.3.lua'), path.join(dir, 'Rematch.lua'));
    const cage = (slot: number, species: number, guid: string) =>
      [0, slot, 82800, 1, `|cnIQ3:|Hbattlepet:${species}:25:3:1546:276:289:${guid}|h[Caged]|h|r`, false, false, undefined];
    fs.writeFileSync(path.join(dir, 'Holocron.lua'), luaFile({
      HolocronDB: {
        version: 1, addonVersion: '0.2.0',
        characters: {
          'Player-60-0000B0B0': {
            name: 'Bob', realm: 'Stormrage', realmId: 60, region: 1, class: 'HUNTER', level: 80, savedAt: T0,
            bags: { at: T0, items: [cage(1, 1155, 'BattlePet-0-00000000AAAA'), cage(2, NO_TEAM_SPECIES, 'BattlePet-0-00000000BBBB')] },
          },
        },
        // The journal (the collector's: Rematch's Sanctuary no longer counts) without the Idol.
        warband: { pets: { at: T0, list: [['BattlePet-0-00000000CCCC', CAT, 25, 3, 1500, 280, 280]] } },
      },
    }));
    await ingest({ paths: [dir] }, { db: t.db, log: silentLogger });
    const teams = await t.db.query<{ name: string }>(
      `SELECT DISTINCT t.name FROM petweaver.teams t JOIN petweaver.team_pets tp USING (team_id) JOIN holocron.accounts a USING (account_id)
       WHERE a.name = 'BOBSACCT' AND tp.species_id = 1155 ORDER BY 1`,
    );
    expect(teams.length).toBeGreaterThan(0);
    const [{ n }] = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM petweaver.team_pets WHERE species_id = $1', [NO_TEAM_SPECIES])) as [{ n: number }];
    expect(n).toBe(0);
    const rows = await t.db.query<{ species_id: number; slot: number; team_name: string }>(
      "SELECT species_id, slot, team_name FROM petweaver.view_caged_team_pets WHERE account = 'BOBSACCT'",
    );
    expect(rows).toEqual([{ species_id: 1155, slot: 1, team_name: teams[0]!.name }]);
  });
});

describe('the liquidation manifest', () => {
  it('keeps each reserved stack with its exact reason and sells its neighbours', async () => {
    await insertReservedMarket(t.db);
    const p = await planLiquidation(t.db, { now: new Date((T0 + 3700) * 1000), region: 'us', minValue: 0 });
    const kept = (itemId: number, species = 0) => p.kept.filter((r) => r.holder === 'Bankalt-Stormrage' && r.itemId === itemId && r.petSpeciesId === species).map((r) => [r.count, r.reason]);
    const sold = (itemId: number, species = 0) => p.sell.filter((r) => r.holder === 'Bankalt-Stormrage' && r.itemId === itemId && r.petSpeciesId === species).reduce((n, r) => n + r.count, 0);
    expect(kept(GEAR.trinket).sort()).toEqual([[1, 'kept: soulbound'], [1, 'kept: upgrade for Healer-Stormrage (trinket 2: 639 vs 626)']]);
    expect(kept(GEAR.plateGloves)).toEqual([[1, 'kept: upgrade for Tank-Stormrage (hands: 640 vs 600)']]);
    expect(kept(GEAR.robeUnlearned)).toEqual([[1, 'kept: appearance not collected']]);
    expect(kept(82800, SQUIRREL)).toEqual([[1, 'kept: pet in Rematch team "Squirt Day"']]);
    expect(sold(82800, SQUIRREL)).toBe(1);
    expect(sold(82800, CAT)).toBe(1);
    for (const id of [GEAR.plateHelm, GEAR.cloak, GEAR.robeLearned, GEAR.robeUnknown]) expect([id, sold(id)]).toEqual([id, 1]);
  });
});
