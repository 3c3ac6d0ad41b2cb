import type pg from 'pg';
import type { Region } from '../blizzard/regions.js';
import type { Database } from '../db/pool.js';
import { fetchIndex, pending, runEntityJob, type JobDeps, type JobResult } from './entity-job.js';
import {
  readDropItem,
  readJournalEncounter,
  readJournalInstance,
  readMountIndex,
  type DropItemRow,
  type JournalEncounterRow,
  type JournalInstanceRow,
} from './journal-documents.js';
import { writeItems } from './writers.js';

/**
 * The `journal` seeder: what drops where, for the hitlist's farms. Journal
 * instances (new ones only, or all with --force), their encounters' loot, the
 * item document of every drop (for its class, binding, use spells and
 * appearances) and the mount index (read whole each run: one request). Which
 * drop teaches which mount or pet is worked out in SQL
 * (goblin.view_journal_collectibles), so a later pets or mount seed improves
 * the match without fetching drops again.
 */
export async function seedJournal(region: Region, deps: JobDeps): Promise<JobResult[]> {
  const instanceIds = await pending(await fetchIndex(region, '/data/wow/journal-instance/index', 'static', 'instances', deps), 'journal-instance', region, deps);
  const instances = await runEntityJob(
    {
      seeder: 'journal-instance',
      region,
      namespace: 'static',
      ids: instanceIds,
      path: (id) => `/data/wow/journal-instance/${id}`,
      read: (doc) => readJournalInstance(doc),
      write: writeJournalInstances,
    },
    deps,
  );
  const encounters = await runEntityJob(
    {
      seeder: 'journal-encounter',
      region,
      namespace: 'static',
      ids: await pending(await listed(deps.db, 'SELECT journal_encounter_id AS id FROM goblin.journal_encounters'), 'journal-encounter', region, deps),
      path: (id) => `/data/wow/journal-encounter/${id}`,
      read: (doc) => readJournalEncounter(doc),
      write: writeJournalEncounters,
    },
    deps,
  );
  const drops = await runEntityJob(
    {
      seeder: 'journal-item',
      region,
      namespace: 'static',
      ids: await pending(await listed(deps.db, 'SELECT DISTINCT item_id AS id FROM goblin.journal_encounter_items'), 'journal-item', region, deps),
      path: (id) => `/data/wow/item/${id}`,
      read: (doc) => readDropItem(doc),
      write: writeDropItems,
    },
    deps,
  );
  return [instances, encounters, drops, await seedMountIndex(region, deps)];
}

async function listed(db: Database, sql: string): Promise<number[]> {
  return (await db.query<{ id: number }>(`${sql} ORDER BY 1`)).map((r) => r.id);
}

async function seedMountIndex(region: Region, deps: JobDeps): Promise<JobResult> {
  const response = await deps.api.getJson<Record<string, unknown>>(region, '/data/wow/mount/index', { namespace: 'static', query: { locale: 'en_US' } });
  const mounts = response.status === 304 ? [] : readMountIndex(response.data);
  if (mounts.length > 0) {
    await deps.db.query(
      `INSERT INTO goblin.mounts (mount_id, name) SELECT * FROM unnest($1::int[], $2::text[])
       ON CONFLICT (mount_id) DO UPDATE SET name = excluded.name`,
      [mounts.map((m) => m.mountId), mounts.map((m) => m.name)],
    );
  }
  return { seeder: 'mount-index', total: mounts.length, fetched: mounts.length, unchanged: 0, missing: 0, failed: 0, errors: [] };
}

export async function writeJournalInstances(tx: pg.ClientBase, rows: JournalInstanceRow[]): Promise<void> {
  await tx.query(
    `INSERT INTO goblin.journal_instances (journal_instance_id, name, map_id, category, expansion_id, expansion, minimum_level, modes, fetched_at)
     SELECT i.id, i.name, i.map_id, i.category, i.expansion_id, i.expansion, i.minimum_level,
            coalesce((SELECT array_agg(m) FROM unnest(string_to_array(i.modes, ',')) m WHERE m <> ''), '{}'), now()
     FROM unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::int[], $6::text[], $7::int[], $8::text[])
       AS i (id, name, map_id, category, expansion_id, expansion, minimum_level, modes)
     ON CONFLICT (journal_instance_id) DO UPDATE
       SET name = excluded.name, map_id = excluded.map_id, category = excluded.category, expansion_id = excluded.expansion_id,
           expansion = excluded.expansion, minimum_level = excluded.minimum_level, modes = excluded.modes, fetched_at = now()`,
    [
      rows.map((r) => r.journalInstanceId),
      rows.map((r) => r.name),
      rows.map((r) => r.mapId),
      rows.map((r) => r.category),
      rows.map((r) => r.expansionId),
      rows.map((r) => r.expansion),
      rows.map((r) => r.minimumLevel),
      rows.map((r) => r.modes.join(',')),
    ],
  );
  const encounters = rows.flatMap((r) => r.encounters.map((e, position) => ({ instance: r.journalInstanceId, position, ...e })));
  // An encounter the instance no longer lists goes, with its drops.
  await tx.query(
    `DELETE FROM goblin.journal_encounters WHERE journal_instance_id = ANY($1::int[]) AND NOT (journal_encounter_id = ANY($2::int[]))`,
    [rows.map((r) => r.journalInstanceId), encounters.map((e) => e.id)],
  );
  if (encounters.length === 0) return;
  await tx.query(
    `INSERT INTO goblin.journal_encounters (journal_encounter_id, journal_instance_id, name, position)
     SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::int[])
     ON CONFLICT (journal_encounter_id) DO UPDATE
       SET journal_instance_id = excluded.journal_instance_id, name = excluded.name, position = excluded.position`,
    [encounters.map((e) => e.id), encounters.map((e) => e.instance), encounters.map((e) => e.name), encounters.map((e) => e.position)],
  );
}

export async function writeJournalEncounters(tx: pg.ClientBase, rows: JournalEncounterRow[]): Promise<void> {
  const ids = rows.map((r) => r.journalEncounterId);
  await tx.query('UPDATE goblin.journal_encounters SET fetched_at = now() WHERE journal_encounter_id = ANY($1::int[])', [ids]);
  await tx.query('DELETE FROM goblin.journal_encounter_items WHERE journal_encounter_id = ANY($1::int[])', [ids]);
  const items = rows.flatMap((r) => r.items.map((i) => ({ encounter: r.journalEncounterId, ...i })));
  if (items.length === 0) return;
  // Only encounters an instance listed: the foreign key would refuse the others.
  await tx.query(
    `INSERT INTO goblin.journal_encounter_items (journal_encounter_id, item_id, item_name)
     SELECT i.* FROM unnest($1::int[], $2::int[], $3::text[]) AS i (encounter_id, item_id, item_name)
     WHERE EXISTS (SELECT 1 FROM goblin.journal_encounters e WHERE e.journal_encounter_id = i.encounter_id)
     ON CONFLICT DO NOTHING`,
    [items.map((i) => i.encounter), items.map((i) => i.itemId), items.map((i) => i.itemName)],
  );
}

export async function writeDropItems(tx: pg.ClientBase, rows: DropItemRow[]): Promise<void> {
  await writeItems(
    tx,
    rows.map((r) => r.item),
  );
  await tx.query(
    `INSERT INTO goblin.item_previews (item_id, spell_names, appearance_ids, fetched_at)
     SELECT r.item_id,
            coalesce((SELECT array_agg(x) FROM json_array_elements_text(r.spells::json) x), '{}'),
            coalesce((SELECT array_agg(x::int) FROM json_array_elements_text(r.appearances::json) x), '{}'),
            now()
     FROM unnest($1::int[], $2::text[], $3::text[]) AS r (item_id, spells, appearances)
     ON CONFLICT (item_id) DO UPDATE
       SET spell_names = excluded.spell_names, appearance_ids = excluded.appearance_ids, fetched_at = now()`,
    [rows.map((r) => r.item.itemId), rows.map((r) => JSON.stringify(r.spellNames)), rows.map((r) => JSON.stringify(r.appearanceIds))],
  );
}
