import type { BlizzardClient } from '../blizzard/client.js';
import type { Region } from '../blizzard/regions.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/pool.js';
import { ApiStatusError, ApiUnavailableError } from '../blizzard/errors.js';
import { DataError, UsageError } from '../errors.js';
import type { Logger } from '../log.js';
import { readConnectedRealm, readItem, readProfession, readRecipe, readSkillTier, readSpecies } from './documents.js';
import { fetchIndex, pending, runEntityJob, type JobDeps, type JobProgress, type JobResult } from './entity-job.js';
import { seedJournal } from './journal.js';
import { writeConnectedRealms, writeItems, writeProfessions, writeRecipes, writeSkillTiers, writeSpecies } from './writers.js';

/**
 * `holocron seed`: reference data from the Game Data API. Indexes are read on
 * every run (one request each) and the documents behind them conditionally or
 * only when new, so a second run fetches nothing it already has. Seeders run in
 * dependency order: professions (and their skill tiers) before recipes, recipes
 * before items (whose ids they reference). The journal (what raids and
 * dungeons drop) comes last; its drops are matched with mounts and species in SQL.
 */
export const SEEDERS = ['realms', 'professions', 'recipes', 'items', 'pets', 'journal'] as const;
export type Seeder = (typeof SEEDERS)[number];

export function parseSeeders(text: string | undefined): Seeder[] {
  if (text === undefined) return [...SEEDERS];
  const wanted = text.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  // `--only ''` (an unset variable) would otherwise seed everything, and `--only ,` nothing at all.
  if (wanted.length === 0) throw new UsageError(`--only needs at least one of ${SEEDERS.join(', ')} (got '${text}')`);
  for (const name of wanted) {
    if (!(SEEDERS as readonly string[]).includes(name)) throw new UsageError(`unknown seeder '${name}': choose from ${SEEDERS.join(', ')}`);
  }
  return SEEDERS.filter((s) => wanted.includes(s));
}

export interface SeedOptions {
  regions: readonly Region[];
  only: readonly Seeder[];
  force: boolean;
  concurrency: number;
}

export interface SeedDeps {
  db: Database;
  api: BlizzardClient;
  clock: Clock;
  log: Logger;
  onProgress?: (progress: JobProgress) => void;
}

export interface SeederSummary {
  seeder: Seeder;
  region: Region;
  state: 'complete' | 'incomplete';
  jobs: JobResult[];
}

export async function seed(options: SeedOptions, deps: SeedDeps): Promise<SeederSummary[]> {
  const summaries: SeederSummary[] = [];
  // Static data is the same in every region; realms are per region.
  const [staticRegion] = options.regions;
  if (!staticRegion) throw new UsageError('--region needs at least one region');
  const jobDeps: JobDeps = { ...deps, concurrency: options.concurrency, force: options.force };
  for (const seeder of options.only) {
    const regions = seeder === 'realms' ? options.regions : [staticRegion];
    for (const region of regions) {
      const started = new Date(deps.clock.now());
      await markSeeder(deps.db, seeder, region, 'running', started);
      let jobs: JobResult[];
      try {
        jobs = await RUNNERS[seeder](region, options, jobDeps);
      } catch (error) {
        // An index that cannot be read stops that seeder only.
        if (!(error instanceof ApiStatusError || error instanceof ApiUnavailableError || error instanceof DataError)) throw error;
        deps.log.warn(`${seeder} (${region}): ${error.message}`);
        jobs = [{ seeder: `${seeder}-index`, total: 1, fetched: 0, unchanged: 0, missing: 0, failed: 1, errors: [error.message] }];
      }
      const state = jobs.every((j) => j.failed === 0) ? 'complete' : 'incomplete';
      await finishSeeder(deps.db, seeder, region, state, jobs);
      summaries.push({ seeder, region, state, jobs });
    }
  }
  return summaries;
}

type Runner = (region: Region, options: SeedOptions, deps: JobDeps) => Promise<JobResult[]>;

const RUNNERS: Record<Seeder, Runner> = {
  realms: seedRealms,
  professions: seedProfessions,
  recipes: seedRecipes,
  items: seedItems,
  pets: seedPets,
  journal: (region, _options, deps) => seedJournal(region, deps),
};

async function seedRealms(region: Region, _options: SeedOptions, deps: JobDeps): Promise<JobResult[]> {
  const ids = await fetchIndex(region, '/data/wow/connected-realm/index', 'dynamic', 'connected_realms', deps);
  // Connected-realm ids change when Blizzard re-connects realms: every listed one
  // is re-read (conditionally), and the ones no longer listed are flagged.
  const result = await runEntityJob(
    {
      seeder: 'connected-realm',
      region,
      namespace: 'dynamic',
      ids,
      conditional: true,
      path: (id) => `/data/wow/connected-realm/${id}`,
      read: (doc) => readConnectedRealm(doc),
      write: (tx, rows) => writeConnectedRealms(tx, region, rows),
    },
    deps,
  );
  await deps.db.query('UPDATE goblin.connected_realms SET in_index = (connected_realm_id = ANY($2::int[])) WHERE region = $1', [region, ids]);
  return [result];
}

async function seedProfessions(region: Region, _options: SeedOptions, deps: JobDeps): Promise<JobResult[]> {
  const professionIds = await fetchIndex(region, '/data/wow/profession/index', 'static', 'professions', deps);
  const professions = await runEntityJob(
    {
      seeder: 'profession',
      region,
      namespace: 'static',
      ids: professionIds,
      conditional: true,
      path: (id) => `/data/wow/profession/${id}`,
      read: (doc) => readProfession(doc),
      write: writeProfessions,
    },
    deps,
  );
  const tiers = await deps.db.query<{ skill_tier_id: number; profession_id: number }>(
    'SELECT skill_tier_id, profession_id FROM goblin.skill_tiers ORDER BY skill_tier_id',
  );
  const professionOf = new Map(tiers.map((t) => [t.skill_tier_id, t.profession_id]));
  const skillTiers = await runEntityJob(
    {
      seeder: 'skill-tier',
      region,
      namespace: 'static',
      ids: tiers.map((t) => t.skill_tier_id),
      conditional: true,
      path: (id) => `/data/wow/profession/${professionOf.get(id)}/skill-tier/${id}`,
      read: (doc, id) => ({ ...readSkillTier(doc), professionId: professionOf.get(id)! }),
      write: writeSkillTiers,
    },
    deps,
  );
  return [professions, skillTiers];
}

async function seedRecipes(region: Region, _options: SeedOptions, deps: JobDeps): Promise<JobResult[]> {
  const listed = await deps.db.query<{ recipe_id: number }>('SELECT DISTINCT recipe_id FROM goblin.skill_tier_recipes ORDER BY 1');
  const ids = await pending(listed.map((r) => r.recipe_id), 'recipe', region, deps);
  return [
    await runEntityJob(
      {
        seeder: 'recipe',
        region,
        namespace: 'static',
        ids,
        path: (id) => `/data/wow/recipe/${id}`,
        read: (doc) => readRecipe(doc),
        write: writeRecipes,
      },
      deps,
    ),
  ];
}

async function seedItems(region: Region, _options: SeedOptions, deps: JobDeps): Promise<JobResult[]> {
  const ids = await pending(await itemCandidates(deps.db, deps.force), 'item', region, deps);
  return [
    await runEntityJob(
      {
        seeder: 'item',
        region,
        namespace: 'static',
        ids,
        path: (id) => `/data/wow/item/${id}`,
        read: (doc) => readItem(doc),
        write: writeItems,
      },
      deps,
    ),
  ];
}

/**
 * Every item id the database has seen and does not know yet: referenced by
 * recipes (and later inventories), or listed in an auction since the last scan.
 */
async function itemCandidates(db: Database, force: boolean): Promise<number[]> {
  const [last] = await db.query<{ since: Date | null }>(
    `SELECT max(started_at) - interval '1 day' AS since FROM ops.seeder_status WHERE seeder = 'items' AND state = 'complete'`,
  );
  const since = force ? null : (last?.since ?? null);
  const rows = await db.query<{ item_id: number }>(
    `SELECT item_id FROM (
       SELECT item_id FROM goblin.view_item_ids_referenced
       UNION
       SELECT DISTINCT item_id FROM goblin.item_stats WHERE $1::timestamptz IS NULL OR snapshot_at >= $1
     ) seen
     WHERE item_id > 0 AND ($2 OR NOT EXISTS (SELECT 1 FROM goblin.items i WHERE i.item_id = seen.item_id))
     ORDER BY item_id`,
    [since, force],
  );
  return rows.map((r) => r.item_id);
}

async function seedPets(region: Region, _options: SeedOptions, deps: JobDeps): Promise<JobResult[]> {
  const ids = await pending(await fetchIndex(region, '/data/wow/pet/index', 'static', 'pets', deps), 'pet', region, deps);
  return [
    await runEntityJob(
      {
        seeder: 'pet',
        region,
        namespace: 'static',
        ids,
        path: (id) => `/data/wow/pet/${id}`,
        read: (doc) => readSpecies(doc),
        write: writeSpecies,
      },
      deps,
    ),
  ];
}

async function markSeeder(db: Database, seeder: Seeder, region: Region, state: 'running', at: Date): Promise<void> {
  await db.query(
    `INSERT INTO ops.seeder_status (seeder, region, state, started_at, finished_at, fetched, unchanged, missing, failed)
     VALUES ($1, $2, $3, $4, NULL, 0, 0, 0, 0)
     ON CONFLICT (seeder, region) DO UPDATE SET state = $3, started_at = $4, finished_at = NULL`,
    [seeder, region, state, at],
  );
}

async function finishSeeder(db: Database, seeder: Seeder, region: Region, state: 'complete' | 'incomplete', jobs: JobResult[]): Promise<void> {
  const sum = (key: 'fetched' | 'unchanged' | 'missing' | 'failed') => jobs.reduce((a, j) => a + j[key], 0);
  await db.query(
    `UPDATE ops.seeder_status SET state = $3, finished_at = now(), fetched = $4, unchanged = $5, missing = $6, failed = $7
     WHERE seeder = $1 AND region = $2`,
    [seeder, region, state, sum('fetched'), sum('unchanged'), sum('missing'), sum('failed')],
  );
}
