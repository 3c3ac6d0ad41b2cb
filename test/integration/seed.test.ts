import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlizzardClient } from '../../src/core/blizzard/client.js';
import { systemClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { silentLogger } from '../../src/core/log.js';
import { seed, type Seeder } from '../../src/core/seed/seed.js';
import { useTestDatabase } from '../helpers/db.js';
import { FakeBlizzard } from '../helpers/fake-blizzard.js';
import { CONNECTED_REALMS, ITEMS, RECIPES, SPECIES, serveCatalogue } from '../helpers/fake-catalogue.js';

const t = useTestDatabase();
const server = new FakeBlizzard();

beforeAll(async () => {
  await server.start();
  serveCatalogue(server);
  // An item seen only in an auction: the items seeder must find it too.
  await t.db.query(`SELECT ops.ensure_daily_partition('goblin.item_stats', '2026-11-20')`);
  await t.db.query(
    `INSERT INTO goblin.item_stats (snapshot_at, snapshot_id, item_id, total_quantity, auction_count) VALUES ('2026-11-20T10:00:00Z', 1, $1, 5, 1)`,
    [ITEMS.ore],
  );
});
afterAll(async () => {
  await server.stop();
});

async function runSeed(only?: Seeder[], force = false) {
  const config = loadConfig({ ...server.env(), HOLOCRON_HOME: '/tmp/unused' });
  const api = new BlizzardClient({ config: config.blizzard, userAgent: 'holocron-test', clock: systemClock, log: silentLogger, random: () => 0 });
  try {
    return await seed(
      { regions: ['us'], only: only ?? ['realms', 'professions', 'recipes', 'items', 'pets'], force, concurrency: 4 },
      { db: t.db, api, clock: systemClock, log: silentLogger },
    );
  } finally {
    await api.close();
  }
}

const count = async (sql: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`))[0]!.n;
const entityRequests = () => server.requests.filter((r) => /\/data\/wow\/(recipe|item|pet)\/\d+$/.test(r.path)).length;

describe('holocron seed against a fake catalogue', () => {
  it('fills professions, tiers, recipes, reagents, items, pets and realms', async () => {
    const summaries = await runSeed();
    const bySeeder = Object.fromEntries(summaries.flatMap((s) => s.jobs.map((j) => [j.seeder, j])));
    expect(bySeeder.recipe).toMatchObject({ fetched: 7, missing: 1, failed: 1 });
    expect(bySeeder.recipe!.errors[0]).toMatch(/7500: .*not JSON/);
    expect(summaries.find((s) => s.seeder === 'recipes')!.state).toBe('incomplete');
    expect(summaries.find((s) => s.seeder === 'items')!.state).toBe('complete');

    expect(await count('goblin.professions')).toBe(2);
    expect(await t.db.query('SELECT skill_tier_id, profession_id, name, maximum_skill_level FROM goblin.skill_tiers ORDER BY 1')).toEqual([
      { skill_tier_id: 2907, profession_id: 164, name: 'Midnight Blacksmithing', maximum_skill_level: 100 },
      { skill_tier_id: 2909, profession_id: 333, name: 'Midnight Enchanting', maximum_skill_level: 100 },
    ]);
    expect(await count('goblin.skill_tier_recipes')).toBe(9);

    // A modern recipe keeps what it has: reagents and slots, no crafted item, no quantity.
    const [modern] = await t.db.query('SELECT name, crafted_quantity FROM goblin.recipes WHERE recipe_id = $1', [RECIPES.modern]);
    expect(modern).toEqual({ name: 'Enchant Chest - Mark of Nalorakk', crafted_quantity: null });
    expect(await count(`goblin.recipe_outputs WHERE recipe_id = ${RECIPES.modern}`)).toBe(0);
    expect(await t.db.query('SELECT item_id, quantity FROM goblin.recipe_reagents WHERE recipe_id = $1 ORDER BY 1', [RECIPES.modern])).toEqual([
      { item_id: ITEMS.mote, quantity: 5 },
      { item_id: ITEMS.claw, quantity: 1 },
    ]);
    expect(await t.db.query('SELECT display_order, slot_type_id, slot_type_name, is_optional FROM goblin.recipe_modified_slots WHERE recipe_id = $1 ORDER BY 1', [RECIPES.modern])).toEqual([
      { display_order: 0, slot_type_id: 404, slot_type_name: 'Eversinging Dust', is_optional: null },
      { display_order: 1, slot_type_id: 403, slot_type_name: 'Radiant Shard', is_optional: null },
    ]);
    // Faction-specific outputs are two rows; min/max quantity is kept.
    expect(await t.db.query('SELECT faction, item_id FROM goblin.recipe_outputs WHERE recipe_id = $1 ORDER BY 1', [RECIPES.faction])).toEqual([
      { faction: 'alliance', item_id: ITEMS.allianceTabard },
      { faction: 'horde', item_id: ITEMS.hordeTabard },
    ]);
    expect(await t.db.query('SELECT crafted_quantity_min, crafted_quantity_max FROM goblin.recipes WHERE recipe_id = $1', [RECIPES.faction])).toEqual([
      { crafted_quantity_min: 1, crafted_quantity_max: 2 },
    ]);
    expect(await t.db.query('SELECT rank FROM goblin.recipes WHERE recipe_id = $1', [RECIPES.gathering])).toEqual([{ rank: 1 }]);
    // The 429 recipe was retried and stored; its reagent item is the one the API does not know.
    expect(await count(`goblin.recipes WHERE recipe_id = ${RECIPES.rateLimited}`)).toBe(1);

    // Items: every id referenced by recipes or seen in an auction; 404 recorded as missing.
    const items = await t.db.query<{ item_id: number; sell_price: number; is_stackable: boolean; binding: string | null }>(
      'SELECT item_id, sell_price, is_stackable, binding FROM goblin.items ORDER BY 1',
    );
    expect(items.map((i) => i.item_id)).toEqual(Object.values(ITEMS).filter((id) => id !== ITEMS.missing).sort((a, b) => a - b));
    expect(items.find((i) => i.item_id === ITEMS.breastplate)).toEqual({ item_id: ITEMS.breastplate, sell_price: 650 + ITEMS.breastplate, is_stackable: false, binding: 'ON_ACQUIRE' });
    expect(await t.db.query(`SELECT state, http_status FROM ops.seed_entities WHERE seeder = 'item' AND entity_id = $1`, [ITEMS.missing])).toEqual([
      { state: 'missing', http_status: 404 },
    ]);

    expect(await count('petweaver.species')).toBe(SPECIES.length);
    expect(await count('petweaver.species_abilities')).toBe(SPECIES.length * 2);
    expect(await t.db.query('SELECT is_capturable, pet_type, source_type FROM petweaver.species WHERE species_id = 3319')).toEqual([
      { is_capturable: false, pet_type: 'CRITTER', source_type: 'WILDPET' },
    ]);

    expect(await count('goblin.connected_realms')).toBe(CONNECTED_REALMS.length);
    expect(await t.db.query(`SELECT realm_names FROM goblin.view_connected_realm_names WHERE connected_realm_id = 1080`)).toEqual([
      { realm_names: 'Partner 1080 / Realm 1080' },
    ]);
    expect(await t.db.query(`SELECT seeder, state FROM ops.seeder_status ORDER BY seeder`)).toEqual([
      { seeder: 'items', state: 'complete' },
      { seeder: 'pets', state: 'complete' },
      { seeder: 'professions', state: 'complete' },
      { seeder: 'realms', state: 'complete' },
      { seeder: 'recipes', state: 'incomplete' },
    ]);
  });

  it('fetches nothing it already has on a second run: only indexes and 304s', async () => {
    const before = server.requests.length;
    const entitiesBefore = entityRequests();
    const summaries = await runSeed();
    const after = server.requests.slice(before);
    // Only the failed recipe is tried again (it is still broken).
    expect(entityRequests() - entitiesBefore).toBe(1);
    expect(after.filter((r) => /\/recipe\/\d+$/.test(r.path)).map((r) => r.path)).toEqual([`/us/data/wow/recipe/${RECIPES.invalidJson}`]);
    const jobs = summaries.flatMap((s) => s.jobs);
    expect(jobs.find((j) => j.seeder === 'profession')).toMatchObject({ fetched: 0, unchanged: 2 });
    expect(jobs.find((j) => j.seeder === 'skill-tier')).toMatchObject({ fetched: 0, unchanged: 2 });
    expect(jobs.find((j) => j.seeder === 'item')).toMatchObject({ total: 0 });
    expect(await count('goblin.recipes')).toBe(7);
  });

  it('--force fetches everything again without duplicating rows', async () => {
    const before = entityRequests();
    await runSeed(['recipes', 'pets'], true);
    expect(entityRequests() - before).toBe(9 + SPECIES.length);
    expect(await count('goblin.recipes')).toBe(7);
    expect(await count('goblin.recipe_reagents')).toBe(7);
    expect(await count('petweaver.species_abilities')).toBe(SPECIES.length * 2);
  });
});
