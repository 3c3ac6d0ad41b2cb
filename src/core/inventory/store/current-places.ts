/**
 * holocron.current_places (and its per-item totals) follow which snapshots are
 * current. Every change of `is_current` goes through these functions, inside
 * the file's transaction; ingests are serialised by their advisory lock, so the
 * totals are recomputed without races. A confirmation (same contents seen
 * later) touches only the snapshot: places carry nothing that moves with it.
 */
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { PLACE_COLUMNS, encodePlaces, type PlaceRow } from './stack-rows.js';

type ItemKey = { item_id: number; pet_species_id: number };

/**
 * Snapshots that stopped being current (or were deleted) lose their places;
 * snapshots that became current get theirs, their stacks summed per item and
 * container. The totals of every item touched either way are then recomputed once.
 */
export async function movePlaces(
  tx: pg.PoolClient,
  change: { dropped: readonly number[]; added: readonly number[]; addedRows?: readonly PlaceRow[] },
): Promise<void> {
  const touched = [...(await dropPlaces(tx, change.dropped)), ...(await addPlaces(tx, change.added)), ...(await copyPlaces(tx, change.addedRows ?? []))];
  await refreshTotals(tx, touched);
}

/** Places computed in memory by the ingest (placesOf), in one COPY. */
async function copyPlaces(tx: pg.PoolClient, rows: readonly PlaceRow[]): Promise<ItemKey[]> {
  if (rows.length === 0) return [];
  // In the order of the search index: its pages fill one after another instead of at random.
  const ordered = [...rows].sort((a, b) => a.itemId - b.itemId || a.petSpeciesId - b.petSpeciesId || b.count - a.count || a.snapshotId - b.snapshotId || a.container - b.container);
  const sink = tx.query(copyFrom(`COPY holocron.current_places (${PLACE_COLUMNS.join(', ')}) FROM STDIN`));
  const chunks: Buffer[] = [];
  for (let i = 0; i < ordered.length; i += 5000) chunks.push(Buffer.from(encodePlaces(ordered.slice(i, i + 5000))));
  await pipeline(Readable.from(chunks), sink);
  const touched = new Map<string, ItemKey>();
  for (const row of rows) touched.set(`${row.itemId}:${row.petSpeciesId}`, { item_id: row.itemId, pet_species_id: row.petSpeciesId });
  return [...touched.values()];
}

async function dropPlaces(tx: pg.PoolClient, snapshotIds: readonly number[]): Promise<ItemKey[]> {
  if (snapshotIds.length === 0) return [];
  const gone = await tx.query<ItemKey>(
    `WITH gone AS (DELETE FROM holocron.current_places WHERE snapshot_id = ANY($1) RETURNING item_id, pet_species_id)
     SELECT DISTINCT item_id, pet_species_id FROM gone`,
    [snapshotIds],
  );
  return gone.rows;
}

async function addPlaces(tx: pg.PoolClient, snapshotIds: readonly number[]): Promise<ItemKey[]> {
  if (snapshotIds.length === 0) return [];
  const added = await tx.query<ItemKey>(
    // The touched items come back once each, not once per place (54,000 rows on a first ingest).
    `WITH added AS (
     INSERT INTO holocron.current_places (item_id, pet_species_id, snapshot_id, container, owner_id, count, expires_at)
     SELECT st.item_id, coalesce(st.pet_species_id, 0), st.snapshot_id, st.container, s.owner_id, sum(st.count), min(st.expires_at)
     FROM holocron.inventory_snapshots s
     JOIN holocron.item_stacks st USING (snapshot_id)
     WHERE s.snapshot_id = ANY($1) AND s.is_current
     GROUP BY st.item_id, coalesce(st.pet_species_id, 0), st.snapshot_id, st.container, s.snapshot_id
     RETURNING item_id, pet_species_id)
     SELECT DISTINCT item_id, pet_species_id FROM added`,
    [snapshotIds],
  );
  return added.rows;
}

async function refreshTotals(tx: pg.PoolClient, touched: readonly ItemKey[]): Promise<void> {
  if (touched.length === 0) return;
  // An item in both the dropped and the added places is recomputed once.
  const unique = new Map(touched.map((k) => [`${k.item_id}:${k.pet_species_id}`, k]));
  const params = [[...unique.values()].map((k) => k.item_id), [...unique.values()].map((k) => k.pet_species_id)];
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
