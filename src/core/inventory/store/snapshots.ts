/**
 * Observations → inventory snapshots, under the rules that keep data safe:
 *  - newer than what we hold (its confirmed time): becomes current; the old
 *    snapshot stays as history. Same contents: only confirms the current one.
 *  - as new: nothing happens — an addon that wrote empty containers without
 *    moving its timestamp does not wipe anything;
 *  - older: kept as history (an old backup fills in the past), never current.
 * Decisions are made in memory for the whole file, then written in a few
 * statements and one COPY.
 */
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Observation } from '../model.js';
import type { Owners } from './owners.js';
import { BinaryCopyWriter } from '../../db/copy-binary.js';
import { STACK_COLUMNS, contentHash, encodeStacks, placesOf, type ItemName, type PlaceRow } from './stack-rows.js';
import { movePlaces } from './current-places.js';

export interface SnapshotCounts {
  /** New current snapshots. */
  replaced: number;
  /** Newer observations with unchanged contents. */
  confirmed: number;
  /** Observations no newer than what is stored. */
  unchanged: number;
  /** Older observations kept as history. */
  history: number;
  /** Stacks written (current and history). */
  stacks: number;
}

export interface SnapshotSource {
  fileId: number | null;
  accountId: number;
  format: string;
}

interface Current {
  snapshotId: number | undefined; // undefined: decided in this file, not written yet
  observedAt: number;
  confirmedAt: number;
  hash: Buffer;
  pending?: Pending;
}

interface Pending {
  observation: Observation;
  ownerId: number;
  hash: Buffer;
  isCurrent: boolean;
}

export async function applyObservations(
  tx: pg.PoolClient,
  owners: Owners,
  observations: readonly Observation[],
  source: SnapshotSource,
  names: Map<string, ItemName>,
  timings: Record<string, number> = {},
): Promise<SnapshotCounts> {
  const counts: SnapshotCounts = { replaced: 0, confirmed: 0, unchanged: 0, history: 0, stacks: 0 };
  let at = Date.now();
  const lap = (step: string) => {
    timings[step] = Date.now() - at;
    at = Date.now();
  };
  if (observations.length === 0) return counts;
  const withOwners = [];
  for (const observation of observations) withOwners.push({ observation, ownerId: await owners.owner(observation.owner), hash: contentHash(observation) });
  withOwners.sort((a, b) => a.observation.observedAt - b.observation.observedAt);

  const current = await loadCurrent(tx, withOwners.map((o) => [o.ownerId, o.observation.location, o.observation.section] as const));
  const demote: number[] = [];
  const confirm = new Map<number, number>(); // snapshot id → confirmed at
  const pending: Pending[] = [];

  for (const { observation, ownerId, hash } of withOwners) {
    const key = `${ownerId}\0${observation.location}\0${observation.section}`;
    const held = current.get(key);
    const at = observation.observedAt;
    if (!held || at > held.confirmedAt) {
      if (held && held.hash.equals(hash)) {
        held.confirmedAt = at;
        if (held.snapshotId !== undefined) confirm.set(held.snapshotId, at);
        counts.confirmed += 1;
        continue;
      }
      if (held?.snapshotId !== undefined) demote.push(held.snapshotId);
      if (held?.pending) held.pending.isCurrent = false;
      const entry: Pending = { observation, ownerId, hash, isCurrent: true };
      pending.push(entry);
      current.set(key, { snapshotId: undefined, observedAt: at, confirmedAt: at, hash, pending: entry });
      counts.replaced += 1;
    } else if (at === held.confirmedAt || at === held.observedAt || (held.hash.equals(hash) && at >= held.observedAt)) {
      counts.unchanged += 1;
    } else {
      pending.push({ observation, ownerId, hash, isCurrent: false });
      counts.history += 1;
    }
  }

  if (demote.length > 0) {
    await tx.query('UPDATE holocron.inventory_snapshots SET is_current = false WHERE snapshot_id = ANY($1)', [demote]);
    await tx.query('UPDATE holocron.item_stacks SET is_current = false WHERE snapshot_id = ANY($1) AND is_current', [demote]);
  }
  if (confirm.size > 0) {
    await tx.query(
      `UPDATE holocron.inventory_snapshots AS s SET confirmed_at = greatest(s.confirmed_at, c.at)
       FROM unnest($1::bigint[], $2::timestamptz[]) AS c (snapshot_id, at)
       WHERE s.snapshot_id = c.snapshot_id`,
      [[...confirm.keys()], [...confirm.values()].map(toDate)],
    );
  }
  lap('snapshot decisions');
  const written = await insertSnapshots(tx, pending, source, names);
  counts.stacks = written.stacks;
  lap('stacks');
  await movePlaces(tx, { dropped: demote, added: [], addedRows: written.places });
  lap('current places');
  return counts;
}

function toDate(seconds: number): Date {
  return new Date(seconds * 1000);
}

async function loadCurrent(tx: pg.PoolClient, keys: ReadonlyArray<readonly [number, string, string]>): Promise<Map<string, Current>> {
  const rows = await tx.query<{ snapshot_id: number; owner_id: number; location: string; section: string; observed_at: Date; confirmed_at: Date; content_hash: Buffer }>(
    `SELECT s.snapshot_id, s.owner_id, s.location, s.section, s.observed_at, s.confirmed_at, s.content_hash
     FROM holocron.inventory_snapshots s
     JOIN unnest($1::int[], $2::text[], $3::text[]) AS k (owner_id, location, section)
       ON s.owner_id = k.owner_id AND s.location = k.location AND s.section = k.section
     WHERE s.is_current`,
    [keys.map((k) => k[0]), keys.map((k) => k[1]), keys.map((k) => k[2])],
  );
  const current = new Map<string, Current>();
  for (const row of rows.rows) {
    current.set(`${row.owner_id}\0${row.location}\0${row.section}`, {
      snapshotId: row.snapshot_id,
      observedAt: row.observed_at.getTime() / 1000,
      confirmedAt: row.confirmed_at.getTime() / 1000,
      hash: row.content_hash,
    });
  }
  return current;
}

/**
 * Ids are drawn from the identity sequence first so snapshot rows and their
 * stacks can each be written in one statement. History rows that collide with
 * a stored snapshot of the same moment are dropped with their stacks.
 */
async function insertSnapshots(
  tx: pg.PoolClient,
  pending: Pending[],
  source: SnapshotSource,
  names: Map<string, ItemName>,
): Promise<{ stacks: number; places: PlaceRow[] }> {
  if (pending.length === 0) return { stacks: 0, places: [] };
  const ids = await tx.query<{ id: number }>(
    `SELECT nextval(pg_get_serial_sequence('holocron.inventory_snapshots', 'snapshot_id'))::bigint AS id FROM generate_series(1, $1)`,
    [pending.length],
  );
  const snapshotIds = ids.rows.map((r) => r.id);
  const inserted = await tx.query<{ snapshot_id: number }>(
    `INSERT INTO holocron.inventory_snapshots
       (snapshot_id, owner_id, location, section, observed_at, confirmed_at, account_id, file_id, source_format,
        content_hash, stack_count, item_count, money, containers, is_current)
     OVERRIDING SYSTEM VALUE
     SELECT u.snapshot_id, u.owner_id, u.location, u.section, u.observed_at, u.observed_at, $1, $2, $3,
            u.content_hash, u.stack_count, u.item_count, u.money, u.containers, u.is_current
     FROM unnest($4::bigint[], $5::int[], $6::text[], $7::text[], $8::timestamptz[], $9::bytea[], $10::int[], $11::bigint[], $12::bigint[], $13::jsonb[], $14::boolean[])
          AS u (snapshot_id, owner_id, location, section, observed_at, content_hash, stack_count, item_count, money, containers, is_current)
     ON CONFLICT (owner_id, location, section, observed_at) DO NOTHING
     RETURNING snapshot_id`,
    [
      source.accountId,
      source.fileId,
      source.format,
      snapshotIds,
      pending.map((p) => p.ownerId),
      pending.map((p) => p.observation.location),
      pending.map((p) => p.observation.section),
      pending.map((p) => toDate(p.observation.observedAt)),
      pending.map((p) => p.hash),
      pending.map((p) => p.observation.stacks.length),
      pending.map((p) => p.observation.stacks.reduce((sum, s) => sum + s.count, 0)),
      pending.map((p) => p.observation.money ?? 0),
      pending.map((p) => JSON.stringify(p.observation.containers ?? {})),
      pending.map((p) => p.isCurrent),
    ],
  );
  const written = new Set(inserted.rows.map((r) => r.snapshot_id));
  const kept = pending.map((p, i) => ({ ...p, snapshotId: snapshotIds[i]! })).filter((p) => written.has(p.snapshotId));
  const rows = kept.reduce((sum, p) => sum + p.observation.stacks.length, 0);
  const places: PlaceRow[] = [];
  // Encoded one snapshot at a time as the COPY asks for more: the server stores
  // the rows sent so far while the next are encoded (and their places summed).
  function* encoded(): Generator<Buffer> {
    const writer = new BinaryCopyWriter();
    writer.header();
    for (const p of kept) {
      if (p.isCurrent) places.push(...placesOf(p.snapshotId, p.ownerId, p.observation));
      encodeStacks(writer, p.snapshotId, p.isCurrent, p.observation.stacks, names);
      if (writer.length >= 1 << 16) yield writer.take();
    }
    writer.trailer();
    yield writer.take();
  }
  if (rows > 0) {
    const sink = tx.query(copyFrom(`COPY holocron.item_stacks (${STACK_COLUMNS.join(', ')}) FROM STDIN (FORMAT binary)`));
    await pipeline(Readable.from(encoded(), { objectMode: false }), sink);
  }
  return { stacks: rows, places };
}
