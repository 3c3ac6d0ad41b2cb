/**
 * `holocron seed --only journal` against the fake API: journal instances with
 * their map ids and modes, encounters and drops, drop items with use-spell
 * names and appearance ids, the mount index, and which drops teach a mount, a
 * pet or an appearance (goblin.view_journal_collectibles).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlizzardClient } from '../../src/core/blizzard/client.js';
import { systemClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { silentLogger } from '../../src/core/log.js';
import { seed } from '../../src/core/seed/seed.js';
import { useTestDatabase } from '../helpers/db.js';
import { FakeBlizzard } from '../helpers/fake-blizzard.js';
import { DROPS, INSTANCES, MISSING_ENCOUNTER, MOUNT, PET_SPECIES, serveJournal } from '../helpers/fake-journal.js';

const t = useTestDatabase();
const server = new FakeBlizzard();

beforeAll(async () => {
  await server.start();
  serveJournal(server);
  // The pets seeder's species table, as `seed --only pets` leaves it.
  await t.db.query(`INSERT INTO petweaver.species (species_id, name) VALUES ($1, 'Wick'), (39, 'Mechanical Squirrel')`, [PET_SPECIES.wick]);
});
afterAll(async () => {
  await server.stop();
});

async function runJournal(force = false) {
  const config = loadConfig({ ...server.env(), HOLOCRON_HOME: '/tmp/unused' });
  const api = new BlizzardClient({ config: config.blizzard, userAgent: 'holocron-test', clock: systemClock, log: silentLogger, random: () => 0 });
  try {
    return await seed({ regions: ['us'], only: ['journal'], force, concurrency: 4 }, { db: t.db, api, clock: systemClock, log: silentLogger });
  } finally {
    await api.close();
  }
}

const documentRequests = () => server.requests.filter((r) => /\/data\/wow\/(journal-instance|journal-encounter|item)\/\d+$/.test(r.path)).length;

describe('the journal seeder', () => {
  it('stores instances, encounters, drops and mounts, and records the missing encounter', async () => {
    const [summary] = await runJournal();
    expect(summary).toMatchObject({ seeder: 'journal', state: 'complete' });
    const jobs = Object.fromEntries(summary!.jobs.map((j) => [j.seeder, j]));
    const encounters = INSTANCES.flatMap((i) => i.encounters);
    expect(jobs['journal-instance']).toMatchObject({ fetched: INSTANCES.length, failed: 0 });
    expect(jobs['journal-encounter']).toMatchObject({ total: encounters.length, fetched: encounters.length - 1, missing: 1 });
    expect(jobs['journal-item']).toMatchObject({ fetched: Object.keys(DROPS).length, failed: 0 });
    expect(jobs['mount-index']).toMatchObject({ fetched: 5 });

    expect(await t.db.query('SELECT journal_instance_id, map_id, category, expansion_id, minimum_level, modes FROM goblin.journal_instances WHERE journal_instance_id = 1296')).toEqual([
      { journal_instance_id: 1296, map_id: 2769, category: 'RAID', expansion_id: 514, minimum_level: 80, modes: ['LFR', 'NORMAL', 'HEROIC', 'MYTHIC'] },
    ]);
    expect(await t.db.query('SELECT journal_encounter_id, name, position FROM goblin.journal_encounters WHERE journal_instance_id = 758 ORDER BY position')).toEqual([
      { journal_encounter_id: 1624, name: 'Lord Marrowgar', position: 0 },
      { journal_encounter_id: 1636, name: 'The Lich King', position: 1 },
    ]);
    // The item, not the journal's loot-row id.
    expect(await t.db.query('SELECT item_id, item_name FROM goblin.journal_encounter_items WHERE journal_encounter_id = 1636 ORDER BY 1')).toEqual([
      { item_id: DROPS.invincible, item_name: "Invincible's Reins" },
      { item_id: DROPS.cloak, item_name: 'Cloak' },
    ]);
    expect(await t.db.query(`SELECT state, http_status FROM ops.seed_entities WHERE seeder = 'journal-encounter' AND entity_id = $1`, [MISSING_ENCOUNTER])).toEqual([
      { state: 'missing', http_status: 404 },
    ]);
    expect(await t.db.query('SELECT item_id, spell_names, appearance_ids FROM goblin.item_previews WHERE item_id = ANY($1) ORDER BY 1', [[DROPS.asmr, DROPS.cloak]])).toEqual([
      { item_id: DROPS.cloak, spell_names: [], appearance_ids: [101] },
      { item_id: DROPS.asmr, spell_names: ['Prototype A.S.M.R.'], appearance_ids: [] },
    ]);
    expect(await t.db.query('SELECT item_class_id, item_subclass_id, binding FROM goblin.items WHERE item_id = $1', [DROPS.invincible])).toEqual([
      { item_class_id: 15, item_subclass_id: 5, binding: 'ON_ACQUIRE' },
    ]);
  });

  it('tells which drops teach a mount, a pet or an appearance', async () => {
    const rows = await t.db.query('SELECT instance, encounter, item_id, kind, collectible_id FROM goblin.view_journal_collectibles ORDER BY item_id, kind');
    expect(rows).toEqual(
      [
        // By the item's name without the reins wording.
        { instance: 'Icecrown Citadel', encounter: 'The Lich King', item_id: DROPS.invincible, kind: 'mount', collectible_id: MOUNT.invincible },
        // By the use spell's name: the item is named otherwise.
        { instance: 'Liberation of Undermine', encounter: 'Chrome King Gallywix', item_id: DROPS.asmr, kind: 'mount', collectible_id: MOUNT.asmr },
        { instance: 'Stratholme', encounter: 'Lord Aurius Rivendare', item_id: DROPS.deathcharger, kind: 'mount', collectible_id: MOUNT.deathcharger },
        { instance: 'Darkflame Cleft', encounter: 'The Darkness', item_id: DROPS.wick, kind: 'pet', collectible_id: PET_SPECIES.wick },
        { instance: 'Khaz Algar', encounter: 'Kordac', item_id: DROPS.worldBossMount, kind: 'mount', collectible_id: 2600 },
        { instance: 'Icecrown Citadel', encounter: 'The Lich King', item_id: DROPS.cloak, kind: 'appearance', collectible_id: 101 },
      ].sort((a, b) => a.item_id - b.item_id || a.kind.localeCompare(b.kind)),
    );
  });

  it('fetches no document again on a second run, and all of them with --force', async () => {
    const before = documentRequests();
    const [summary] = await runJournal();
    expect(summary!.state).toBe('complete');
    expect(documentRequests() - before).toBe(0);
    const forced = documentRequests();
    await runJournal(true);
    const encounters = INSTANCES.flatMap((i) => i.encounters).length;
    expect(documentRequests() - forced).toBe(INSTANCES.length + encounters + Object.keys(DROPS).length);
    expect(await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM goblin.journal_encounter_items')).toEqual([{ n: Object.keys(DROPS).length }]);
  });
});
