/**
 * Writes what one file's readers found, inside the file's transaction.
 */
import type pg from 'pg';
import type { DataStoreIds, Extract } from '../model.js';
import { applyCollector } from './collector.js';
import { applyFacts } from './facts.js';
import { Owners } from './owners.js';
import { applyOwnedPets, applyTeamSet } from './pets.js';
import { applyObservations, type SnapshotCounts } from './snapshots.js';
import type { ItemName } from './stack-rows.js';

export interface StoreCounts extends SnapshotCounts {
  characters: number;
  guilds: number;
  ownedPets: number;
  teams: number;
  /** Notes from storing (renames, id clashes), added to the reader's notes. */
  notes: string[];
}

export interface StoreSource {
  fileId: number | null;
  account: string;
  /** Unix seconds: the file's modification time. */
  fileTime: number;
}

/** `timings` receives the milliseconds of each step, for `-v` and the benchmark. */
export async function storeExtract(tx: pg.PoolClient, extract: Extract, source: StoreSource, timings: Record<string, number> = {}): Promise<StoreCounts> {
  let at = Date.now();
  const lap = (step: string) => {
    timings[step] = Date.now() - at;
    at = Date.now();
  };
  const owners = new Owners(tx);
  const accountId = await owners.account(source.account);
  await applyFacts(tx, owners, extract);
  if (extract.dataStoreIds) await replaceDataStoreIds(tx, owners, accountId, extract.dataStoreIds, source.fileTime);
  lap('owners and facts');

  const names = new Map<string, ItemName>();
  const format = extract.formats.join('+') || 'unknown';
  const counts = await applyObservations(tx, owners, extract.observations, { fileId: source.fileId, accountId, format }, names, timings);
  at = Date.now();
  await upsertNames(tx, [...names.values()]);
  await touchCharacters(tx, owners, extract);

  const ownedPets = await applyOwnedPets(tx, owners, extract.ownedPets, source.fileTime, format);
  let teams = 0;
  for (const set of extract.teamSets) {
    const outcome = await applyTeamSet(tx, owners, set, source.fileId);
    if (outcome.applied) teams += outcome.teams;
  }
  if (extract.collector) await applyCollector(tx, owners, extract.collector);
  lap('names, pets and teams');
  const characters = new Set(extract.characters.map((c) => `${c.ref.account}\0${c.ref.realm}\0${c.ref.name}`));
  for (const o of extract.observations) if (o.owner.kind === 'character') characters.add(`${o.owner.account}\0${o.owner.realm}\0${o.owner.name}`);
  return {
    ...counts,
    characters: characters.size,
    guilds: new Set(extract.guilds.map((g) => `${g.ref.realm}\0${g.ref.name}`)).size,
    ownedPets,
    teams,
    notes: owners.notes,
  };
}

/** The id map follows the newest DataStore.lua; an older copy never replaces it. */
async function replaceDataStoreIds(tx: pg.PoolClient, owners: Owners, accountId: number, ids: DataStoreIds, fileTime: number): Promise<void> {
  const claimed = await tx.query(
    `UPDATE holocron.accounts SET datastore_ids_observed_at = $2
     WHERE account_id = $1 AND (datastore_ids_observed_at IS NULL OR datastore_ids_observed_at <= $2)`,
    [accountId, new Date(fileTime * 1000)],
  );
  if (claimed.rowCount === 0) return;
  const kinds: string[] = [];
  const datastoreIds: number[] = [];
  const ownerIds: number[] = [];
  for (const [id, ref] of ids.characters) {
    kinds.push('character');
    datastoreIds.push(id);
    ownerIds.push(await owners.owner(ref));
  }
  for (const [id, ref] of ids.guilds) {
    kinds.push('guild');
    datastoreIds.push(id);
    ownerIds.push(await owners.owner(ref));
  }
  await tx.query('DELETE FROM holocron.datastore_ids WHERE account_id = $1', [accountId]);
  await tx.query(
    `INSERT INTO holocron.datastore_ids (account_id, kind, datastore_id, owner_id)
     SELECT $1, * FROM unnest($2::text[], $3::int[], $4::int[])`,
    [accountId, kinds, datastoreIds, ownerIds],
  );
}

async function upsertNames(tx: pg.PoolClient, names: ItemName[]): Promise<void> {
  if (names.length === 0) return;
  await tx.query(
    `INSERT INTO holocron.item_names AS n (item_id, pet_species_id, name, quality)
     SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::smallint[])
     ON CONFLICT (item_id, pet_species_id) DO UPDATE SET name = EXCLUDED.name, quality = coalesce(EXCLUDED.quality, n.quality), seen_at = now()
     WHERE n.name IS DISTINCT FROM EXCLUDED.name OR n.quality IS DISTINCT FROM coalesce(EXCLUDED.quality, n.quality)`,
    [names.map((n) => n.itemId), names.map((n) => n.petSpeciesId), names.map((n) => n.name), names.map((n) => n.quality)],
  );
}

/** last_seen_at: the newest time any observation of this file shows the character. */
async function touchCharacters(tx: pg.PoolClient, owners: Owners, extract: Extract): Promise<void> {
  const newest = new Map<number, number>();
  for (const o of extract.observations) {
    if (o.owner.kind !== 'character') continue;
    const id = await owners.owner(o.owner);
    newest.set(id, Math.max(newest.get(id) ?? 0, o.observedAt));
  }
  if (newest.size === 0) return;
  await tx.query(
    `UPDATE holocron.characters AS c SET last_seen_at = greatest(c.last_seen_at, u.at)
     FROM unnest($1::int[], $2::timestamptz[]) AS u (owner_id, at) WHERE c.owner_id = u.owner_id`,
    [[...newest.keys()], [...newest.values()].map((s) => new Date(s * 1000))],
  );
}
