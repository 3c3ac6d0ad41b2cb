/**
 * holocron.current_places (and its per-item totals) follow which snapshots are
 * current. Every change of `is_current` or `confirmed_at` goes through these
 * functions, inside the file's transaction; ingests are serialised by their
 * advisory lock, so the totals are recomputed without races.
 */
import type pg from 'pg';

interface ItemKeys {
  items: number[];
  species: number[];
}

/** Snapshots that stopped being current (or are deleted): their places go. */
export async function dropPlaces(tx: pg.PoolClient, snapshotIds: readonly number[]): Promise<void> {
  if (snapshotIds.length === 0) return;
  const gone = await tx.query<{ item_id: number; pet_species_id: number }>(
    `WITH gone AS (DELETE FROM holocron.current_places WHERE snapshot_id = ANY($1) RETURNING item_id, pet_species_id)
     SELECT DISTINCT item_id, pet_species_id FROM gone`,
    [snapshotIds],
  );
  await refreshTotals(tx, keysOf(gone.rows));
}

/** Snapshots that became current: their stacks, summed per item and container. */
export async function addPlaces(tx: pg.PoolClient, snapshotIds: readonly number[]): Promise<void> {
  if (snapshotIds.length === 0) return;
  const added = await tx.query<{ item_id: number; pet_species_id: number }>(
    // The touched items come back once each, not once per place (54,000 rows on a first ingest).
    `WITH added AS (
     INSERT INTO holocron.current_places
       (item_id, pet_species_id, snapshot_id, container, owner_id, account_id, location, container_name, count, expires_at, seen_at)
     SELECT st.item_id, coalesce(st.pet_species_id, 0), st.snapshot_id, st.container, s.owner_id, s.account_id, s.location,
            s.containers -> st.container::text ->> 'name', sum(st.count), min(st.expires_at), s.confirmed_at
     FROM holocron.inventory_snapshots s
     JOIN holocron.item_stacks st USING (snapshot_id)
     WHERE s.snapshot_id = ANY($1) AND s.is_current
     GROUP BY st.item_id, coalesce(st.pet_species_id, 0), st.snapshot_id, st.container, s.snapshot_id
     RETURNING item_id, pet_species_id)
     SELECT DISTINCT item_id, pet_species_id FROM added`,
    [snapshotIds],
  );
  await refreshTotals(tx, keysOf(added.rows));
}

/** A newer file with the same contents: the places were seen again. */
export async function placesSeen(tx: pg.PoolClient, snapshotIds: readonly number[]): Promise<void> {
  if (snapshotIds.length === 0) return;
  await tx.query(
    `UPDATE holocron.current_places p SET seen_at = s.confirmed_at
     FROM holocron.inventory_snapshots s
     WHERE p.snapshot_id = s.snapshot_id AND s.snapshot_id = ANY($1) AND p.seen_at <> s.confirmed_at`,
    [snapshotIds],
  );
}

function keysOf(rows: ReadonlyArray<{ item_id: number; pet_species_id: number }>): ItemKeys {
  return { items: rows.map((r) => r.item_id), species: rows.map((r) => r.pet_species_id) };
}

async function refreshTotals(tx: pg.PoolClient, keys: ItemKeys): Promise<void> {
  if (keys.items.length === 0) return;
  const params = [keys.items, keys.species];
  await tx.query(
    `DELETE FROM holocron.current_item_totals t
     USING unnest($1::int[], $2::int[]) AS k (item_id, pet_species_id)
     WHERE t.item_id = k.item_id AND t.pet_species_id = k.pet_species_id`,
    params,
  );
  await tx.query(
    `INSERT INTO holocron.current_item_totals (item_id, pet_species_id, total, places)
     SELECT p.item_id, p.pet_species_id, sum(p.count), count(*)
     FROM unnest($1::int[], $2::int[]) AS k (item_id, pet_species_id)
     JOIN holocron.current_places p ON p.item_id = k.item_id AND p.pet_species_id = k.pet_species_id
     GROUP BY p.item_id, p.pet_species_id`,
    params,
  );
}
