/**
 * The logistics queue (holocron.logistics_queue): jobs planned by liquidation,
 * carried to the addon by the courier, and closed by later inventories — done
 * when the items reached their destination or left their source, cancelled
 * when the source can no longer do what was asked. Closed rows stay as history.
 */
import type pg from 'pg';
import { queryOn, type Database } from '../db/pool.js';
import { UsageError } from '../errors.js';
import { LockId, advisoryLockSql } from '../locks.js';

/** `withdraw`: take items out of the warband bank (source) into one's own bags — the warband cannot mail. */
export type JobKind = 'mail' | 'sell' | 'vendor' | 'cage' | 'withdraw';

/** One item of a planned job. */
export interface PlannedJobItem {
  itemId: number;
  petSpeciesId: number;
  count: number;
}

export interface PlannedJob {
  /** `<planner>/<kind>/<from>/<to>/<source>`: the same move planned again finds its rows. */
  key: string;
  kind: JobKind;
  fromOwnerId: number;
  toOwnerId: number | null;
  /** Where the items are when that is not the one who acts (the warband bank). */
  sourceOwnerId: number | null;
  reason: string;
  items: PlannedJobItem[];
}

/**
 * How items one holder keeps reach a recipient: the holder mails them, or —
 * the warband bank cannot send mail — the recipient withdraws them from it.
 * Restock and the weekly treatises both plan their moves through it.
 */
export function delivery(
  prefix: string,
  holder: { ownerId: number; kind: string },
  recipientOwnerId: number,
): Pick<PlannedJob, 'key' | 'fromOwnerId' | 'toOwnerId' | 'sourceOwnerId'> & { kind: 'mail' | 'withdraw' } {
  const withdraw = holder.kind === 'warband';
  const from = withdraw ? recipientOwnerId : holder.ownerId;
  return {
    key: withdraw ? `${prefix}withdraw/${from}/${recipientOwnerId}/${holder.ownerId}` : `${prefix}mail/${from}/${recipientOwnerId}/-`,
    kind: withdraw ? 'withdraw' : 'mail',
    fromOwnerId: from,
    toOwnerId: recipientOwnerId,
    sourceOwnerId: withdraw ? holder.ownerId : null,
  };
}

export interface ApplyReport {
  created: number;
  updated: number;
  unchanged: number;
  cancelled: number;
}

export interface ReconcileReport {
  done: number;
  cancelled: number;
}

export interface JobRow {
  id: number;
  key: string;
  kind: JobKind;
  status: 'open' | 'done' | 'cancelled';
  from: string;
  to: string | null;
  source: string | null;
  itemId: number;
  petSpeciesId: number;
  itemName: string | null;
  count: number;
  reason: string | null;
  createdAt: string;
  closedAt: string | null;
  closeReason: string | null;
}

export const PLANNER_PREFIX = 'liquidate/';

interface OpenRow {
  job_id: number;
  job_key: string;
  kind: JobKind;
  from_owner_id: number;
  to_owner_id: number | null;
  source_owner_id: number | null;
  item_id: number;
  pet_species_id: number;
  count: number;
  source_count_at_open: string | null;
  destination_count_at_open: string | null;
}

type Query = Pick<Database, 'query'>;

/**
 * Makes the open jobs of the planner exactly the plan: new rows inserted with
 * the counts they are measured against, rows whose count changed re-based,
 * rows the plan no longer wants cancelled. Earlier jobs are reconciled first.
 * `prefix` names the planner (its job keys start with it): each planner
 * leaves the others' open jobs alone.
 */
export async function applyJobs(db: Database, planned: readonly PlannedJob[], prefix = PLANNER_PREFIX): Promise<ApplyReport & { reconciled: ReconcileReport }> {
  return db.withTransaction(async (tx) => {
    await lock(tx);
    const q = queryOn(tx);
    const reconciled = await reconcileWith(q);
    const open = await q.query<OpenRow>(`${OPEN_ROWS_SQL} AND starts_with(job_key, $1)`, [prefix]);
    const existing = new Map(open.map((r) => [rowKey(r.job_key, r.item_id, r.pet_species_id), r]));
    const report: ApplyReport = { created: 0, updated: 0, unchanged: 0, cancelled: 0 };
    const wanted = new Set<string>();
    const rows = planned.flatMap((job) => job.items.map((item) => ({ job, item })));
    const counts = await countsFor(q, rows.map(({ job, item }) => ({ kind: job.kind, from: job.fromOwnerId, to: job.toOwnerId, source: job.sourceOwnerId, itemId: item.itemId, species: item.petSpeciesId })));
    for (const [i, { job, item }] of rows.entries()) {
      const key = rowKey(job.key, item.itemId, item.petSpeciesId);
      wanted.add(key);
      const before = existing.get(key);
      const { source, destination } = counts[i]!;
      if (before && before.count === item.count) {
        report.unchanged += 1;
      } else if (before) {
        await q.query(
          `UPDATE holocron.logistics_queue SET count = $2, source_count_at_open = $3, destination_count_at_open = $4, reason = $5, updated_at = now() WHERE job_id = $1`,
          [before.job_id, item.count, source, destination, job.reason],
        );
        report.updated += 1;
      } else {
        await q.query(
          `INSERT INTO holocron.logistics_queue (job_key, kind, from_owner_id, to_owner_id, source_owner_id, item_id, pet_species_id, count, reason, source_count_at_open, destination_count_at_open)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [job.key, job.kind, job.fromOwnerId, job.toOwnerId, job.sourceOwnerId, item.itemId, item.petSpeciesId, item.count, job.reason, source, destination],
        );
        report.created += 1;
      }
    }
    const dropped = open.filter((r) => !wanted.has(rowKey(r.job_key, r.item_id, r.pet_species_id))).map((r) => r.job_id);
    if (dropped.length > 0) await close(q, dropped, 'cancelled', 'no longer in the plan');
    report.cancelled = dropped.length;
    return { ...report, reconciled };
  });
}

/** Closes the open jobs that later inventories show done or impossible. */
export async function reconcileJobs(db: Database): Promise<ReconcileReport> {
  return db.withTransaction(async (tx) => {
    await lock(tx);
    return reconcileWith(queryOn(tx));
  });
}

async function reconcileWith(q: Query): Promise<ReconcileReport> {
  const open = await q.query<OpenRow>(OPEN_ROWS_SQL);
  if (open.length === 0) return { done: 0, cancelled: 0 };
  const counts = await countsFor(q, open.map((r) => ({ kind: r.kind, from: r.from_owner_id, to: r.to_owner_id, source: r.source_owner_id, itemId: r.item_id, species: r.pet_species_id })));
  const done = new Map<string, number[]>();
  const cancelled = new Map<string, number[]>();
  for (const [i, row] of open.entries()) {
    const verdict = judge(row, counts[i]!);
    if (!verdict) continue;
    const into = verdict.status === 'done' ? done : cancelled;
    into.set(verdict.reason, [...(into.get(verdict.reason) ?? []), row.job_id]);
  }
  for (const [reason, ids] of done) await close(q, ids, 'done', reason);
  for (const [reason, ids] of cancelled) await close(q, ids, 'cancelled', reason);
  const total = (m: Map<string, number[]>) => [...m.values()].reduce((n, ids) => n + ids.length, 0);
  return { done: total(done), cancelled: total(cancelled) };
}

/** What the inventories say now of a row's source and destination. */
export interface Counts {
  source: number;
  destination: number | null;
  /** When the source's and the destination's newest inventories were seen (ms). */
  sourceSeen: number | null;
  destinationSeen: number | null;
}

/**
 * A mail that left its sender an hour before its recipient's inventory (mail
 * included) was seen again, and is not there, went somewhere else. Mail
 * between accounts takes up to an hour to arrive.
 */
export const MAIL_GRACE_MS = 3_600_000;

/**
 * What the counts now say of one row. Done: the items reached the
 * destination, or left the source (a mail in flight has left its sender
 * before its recipient logs in; sold and listed items are gone). Cancelled: a
 * mail that left but never arrived, or a source that holds less than is still
 * to move (a cage job's journal keeps one pet of the species).
 */
export function judge(
  row: Pick<OpenRow, 'kind' | 'count' | 'source_count_at_open' | 'destination_count_at_open'>,
  now: Counts,
): { status: 'done' | 'cancelled'; reason: string } | undefined {
  const sourceBefore = Number(row.source_count_at_open ?? now.source);
  // A withdrawal is done only when the items reach the raider: the warband
  // bank is shared, and anyone may empty it.
  const left = row.kind === 'withdraw' ? 0 : Math.max(0, sourceBefore - now.source);
  const arrived = now.destination === null || row.destination_count_at_open === null ? 0 : Math.max(0, now.destination - Number(row.destination_count_at_open));
  if (arrived >= row.count) return { status: 'done', reason: 'arrived' };
  if (left >= row.count) {
    if (row.kind !== 'mail' && row.kind !== 'withdraw') return { status: 'done', reason: DONE_REASON[row.kind] };
    const lost = arrived === 0 && now.sourceSeen !== null && now.destinationSeen !== null && now.destinationSeen - now.sourceSeen > MAIL_GRACE_MS;
    return lost ? { status: 'cancelled', reason: 'left the sender but never reached the recipient' } : { status: 'done', reason: 'sent' };
  }
  const remaining = row.count - Math.max(left, arrived);
  const canGive = row.kind === 'cage' ? now.source - 1 : now.source;
  if (canGive < remaining) return { status: 'cancelled', reason: `the source holds ${Math.max(0, canGive)} of the ${remaining} still to move` };
  return undefined;
}

const DONE_REASON: Record<Exclude<JobKind, 'mail' | 'withdraw'>, string> = {
  sell: 'listed or sold',
  vendor: 'sold to a vendor',
  cage: 'caged',
};

export async function listJobs(db: Database, options: { all?: boolean } = {}): Promise<JobRow[]> {
  const rows = await db.query<{
    job_id: number; job_key: string; kind: JobKind; status: JobRow['status']; from_label: string; to_label: string | null; source_label: string | null;
    item_id: number; pet_species_id: number; item_name: string | null; count: number; reason: string | null; created_at: Date; closed_at: Date | null; close_reason: string | null;
  }>(
    `SELECT q.job_id, q.job_key, q.kind, q.status, f.label AS from_label, t.label AS to_label, s.label AS source_label,
            q.item_id, q.pet_species_id, q.count, q.reason, q.created_at, q.closed_at, q.close_reason,
            coalesce((SELECT n.name FROM holocron.item_names n WHERE n.item_id = q.item_id AND n.pet_species_id = q.pet_species_id LIMIT 1),
                     (SELECT sp.name FROM petweaver.species sp WHERE sp.species_id = nullif(q.pet_species_id, 0)),
                     (SELECT i.name FROM goblin.items i WHERE i.item_id = q.item_id)) AS item_name
     FROM holocron.logistics_queue q
     JOIN holocron.owners f ON f.owner_id = q.from_owner_id
     LEFT JOIN holocron.owners t ON t.owner_id = q.to_owner_id
     LEFT JOIN holocron.owners s ON s.owner_id = q.source_owner_id
     WHERE $1 OR q.status = 'open'
     ORDER BY q.status = 'open' DESC, coalesce(q.closed_at, q.created_at) DESC, q.job_id`,
    [options.all === true],
  );
  return rows.map((r) => ({
    id: r.job_id,
    key: r.job_key,
    kind: r.kind,
    status: r.status,
    from: r.from_label,
    to: r.to_label,
    source: r.source_label,
    itemId: r.item_id,
    petSpeciesId: r.pet_species_id,
    itemName: r.item_name,
    count: r.count,
    reason: r.reason,
    createdAt: r.created_at.toISOString(),
    closedAt: r.closed_at?.toISOString() ?? null,
    closeReason: r.close_reason,
  }));
}

/**
 * Closes open jobs by id, as the player says: done (carried out in game before
 * an ingest could show it) or cancelled. An id that is not an open job is a
 * usage error naming it; nothing is closed then.
 */
export async function closeJobs(db: Database, ids: readonly number[], status: 'done' | 'cancelled'): Promise<number> {
  return db.withTransaction(async (tx) => {
    await lock(tx);
    const q = queryOn(tx);
    const found = await q.query<{ job_id: number }>(`SELECT job_id FROM holocron.logistics_queue WHERE status = 'open' AND job_id = ANY ($1::bigint[])`, [ids]);
    const missing = ids.filter((id) => !found.some((f) => Number(f.job_id) === id));
    if (missing.length > 0) throw new UsageError(`no open job ${missing.join(', ')} (holocron jobs lists the open ones)`);
    await close(q, ids, status, status === 'done' ? 'marked done by the player' : 'cancelled by the player');
    return ids.length;
  });
}

export const cancelJobs = (db: Database, ids: readonly number[]): Promise<number> => closeJobs(db, ids, 'cancelled');

const OPEN_ROWS_SQL = `
  SELECT job_id, job_key, kind, from_owner_id, to_owner_id, source_owner_id, item_id, pet_species_id, count, source_count_at_open, destination_count_at_open
  FROM holocron.logistics_queue WHERE status = 'open'`;

async function close(q: Query, ids: readonly number[], status: 'done' | 'cancelled', reason: string): Promise<void> {
  await q.query(
    `UPDATE holocron.logistics_queue SET status = $2, close_reason = $3, closed_at = now(), updated_at = now() WHERE job_id = ANY ($1::bigint[])`,
    [ids, status, reason],
  );
}

interface CountRequest {
  kind: JobKind;
  from: number;
  to: number | null;
  source: number | null;
  itemId: number;
  species: number;
}

/**
 * Counts per request, from the current inventories: the source counts what
 * can be sent or sold (bags, banks, mail; the warband bank when it is the
 * source), the destination what arrived (also its auctions); a cage job's
 * source is the account's journal; a withdrawal's the warband bank alone (its
 * actor is its destination).
 */
async function countsFor(q: Query, requests: readonly CountRequest[]): Promise<Counts[]> {
  if (requests.length === 0) return [];
  const rows = await q.query<{ i: number; source: string; destination: string | null; source_seen: Date | null; destination_seen: Date | null }>(COUNTS_SQL, [
    requests.map((r) => r.kind),
    requests.map((r) => r.from),
    requests.map((r) => r.to),
    requests.map((r) => r.source),
    requests.map((r) => r.itemId),
    requests.map((r) => r.species),
  ]);
  const out = new Array<Counts>(requests.length);
  for (const r of rows) {
    out[r.i - 1] = {
      source: Number(r.source),
      destination: r.destination === null ? null : Number(r.destination),
      sourceSeen: r.source_seen?.getTime() ?? null,
      destinationSeen: r.destination_seen?.getTime() ?? null,
    };
  }
  return out;
}

const COUNTS_SQL = `
  WITH wanted AS (
    SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::int[], $6::int[])
      WITH ORDINALITY AS w (kind, from_id, to_id, source_id, item_id, species, i)
  ), held AS (
    SELECT p.owner_id, p.item_id, p.pet_species_id, s.location, sum(p.count) AS count
    FROM holocron.current_places p
    JOIN holocron.inventory_snapshots s ON s.snapshot_id = p.snapshot_id
    WHERE (p.item_id, p.pet_species_id) IN (SELECT item_id, species FROM wanted)
    GROUP BY 1, 2, 3, 4
  )
  SELECT w.i,
         CASE WHEN w.kind = 'cage' THEN
           (SELECT count(*) FROM petweaver.owned_pets op JOIN holocron.owners o ON o.account_id = op.account_id
            WHERE o.owner_id = w.from_id AND op.species_id = w.species)
         ELSE coalesce((SELECT sum(h.count) FROM held h WHERE h.item_id = w.item_id AND h.pet_species_id = w.species
                          AND ((h.owner_id = w.from_id AND w.kind <> 'withdraw' AND h.location IN ('bags', 'bank', 'reagent_bank', 'mail'))
                               OR (h.owner_id = w.source_id AND h.location = 'warband_bank'))), 0)
         END AS source,
         CASE WHEN w.to_id IS NOT NULL THEN
           coalesce((SELECT sum(h.count) FROM held h WHERE h.item_id = w.item_id AND h.pet_species_id = w.species
                       AND h.owner_id = w.to_id AND h.location IN ('bags', 'bank', 'reagent_bank', 'mail', 'auction')), 0)
         END AS destination,
         (SELECT max(s.observed_at) FROM holocron.inventory_snapshots s WHERE s.owner_id = w.from_id AND s.is_current) AS source_seen,
         (SELECT max(s.observed_at) FROM holocron.inventory_snapshots s WHERE s.owner_id = w.to_id AND s.is_current) AS destination_seen
  FROM wanted w`;

async function lock(tx: pg.PoolClient): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(${advisoryLockSql(LockId.logistics)})`);
}

function rowKey(key: string, itemId: number, species: number): string {
  return `${key}\u0000${itemId}:${species}`;
}
