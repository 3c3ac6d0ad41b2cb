import type pg from 'pg';
import type { Region } from '../blizzard/regions.js';
import { WEEK_MS } from './schedule.js';

/** The characters a region's reset applies to (no region reported: us, as the roster does). */
const REGION_CHARACTERS = `SELECT owner_id, guid FROM holocron.characters WHERE coalesce(lower(region), 'us') = $1`;

/** The collector's activity types as vault rows. */
const KIND = `CASE activity_type WHEN 'Raid' THEN 'raid' WHEN 'World' THEN 'world' ELSE 'dungeon' END`;
const VAULT_TYPES = `activity_type IN ('Raid', 'Activities', 'MythicPlus', 'World')`;

export interface OpenedWeek {
  startsAt: Date;
  endsAt: Date;
  missed: boolean;
  settledSlots: number;
  lockoutsClosed: number;
}

/**
 * Opens one week in one transaction: the row in ops.reset_weeks, last week
 * settled, this week's vault rows locked, lockouts past their reset closed.
 * Returns undefined when the week was already open (another run got there first).
 */
export async function openWeek(
  tx: pg.PoolClient,
  week: { region: Region; startsAt: Date; source: 'client' | 'schedule'; missed: boolean; previousStart: Date },
  now: Date,
): Promise<OpenedWeek | undefined> {
  const endsAt = new Date(week.startsAt.getTime() + WEEK_MS);
  const inserted = await tx.query(
    `INSERT INTO ops.reset_weeks (region, starts_at, ends_at, source, opened_at, missed) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (region, starts_at) DO NOTHING`,
    [week.region, week.startsAt, endsAt, week.source, now, week.missed],
  );
  if (inserted.rowCount === 0) return undefined;
  // A week ends where the next one starts, even when the client's count moved the boundary.
  await tx.query(
    `UPDATE ops.reset_weeks SET closed_at = $3, ends_at = $2 WHERE region = $1 AND starts_at < $2 AND closed_at IS NULL`,
    [week.region, week.startsAt, now],
  );
  const settledSlots = await settleWeek(tx, week.region, week.previousStart, week.startsAt, now);
  await lockWeek(tx, week.region, week.startsAt, now);
  const lockoutsClosed = await closeLockouts(tx, week.region, week.startsAt, now);
  return { startsAt: week.startsAt, endsAt, missed: week.missed, settledSlots, lockoutsClosed };
}

/**
 * Last week's vault, counted once when it ends: the collector's dump if it was
 * taken during that week, the combat logs (view_vault_progress) otherwise or
 * when they count more. Slots older than last week that nobody claimed expire.
 */
async function settleWeek(tx: pg.PoolClient, region: Region, startsAt: Date, endsAt: Date, now: Date): Promise<number> {
  const slots = await countWeek(tx, region, startsAt, endsAt, now, true);
  // A dump after the week may already show last week's reward taken.
  await syncClaims(tx, region, now);
  await tx.query(
    `UPDATE skillweaver.vault_progress SET state = 'expired', updated_at = $3 WHERE region = $1 AND state = 'claimable' AND starts_at < $2`,
    [region, startsAt, now],
  );
  return slots;
}

/**
 * The week's vault as counted now; the stored count only ever grows (the
 * collector keeps one dump per character, so a week's progress must be kept
 * here before the next dump replaces it). `final` settles the week.
 */
export async function countWeek(tx: Pick<pg.PoolClient, 'query'>, region: Region, startsAt: Date, endsAt: Date, now: Date, final: boolean): Promise<number> {
  const { rows } = await tx.query<{ slots: number }>(
    `WITH chars AS (${REGION_CHARACTERS}),
     collector AS (
       SELECT v.owner_id, ${KIND} AS kind, max(v.progress) AS progress, count(*) FILTER (WHERE v.progress >= v.threshold)::int AS slots,
              array[max(threshold) FILTER (WHERE activity_index = 1), max(threshold) FILTER (WHERE activity_index = 2),
                    max(threshold) FILTER (WHERE activity_index = 3)] AS thresholds
       FROM skillweaver.vault_activities v JOIN chars USING (owner_id)
       WHERE ${VAULT_TYPES} AND v.observed_at >= $2 AND v.observed_at < $3
       GROUP BY 1, 2
     ),
     logs AS (
       SELECT c.owner_id, vp.kind, max(vp.progress) AS progress, max(vp.slots_earned) AS slots
       FROM skillweaver.view_vault_progress vp JOIN chars c ON c.guid = vp.guid
       WHERE vp.week_start = skillweaver.reset_week_start($2::timestamptz + ($3::timestamptz - $2::timestamptz) / 2, $1)
       GROUP BY 1, 2
     ),
     counted AS (
       SELECT c.owner_id, k.kind, co.thresholds,
              CASE WHEN coalesce(l.slots, -1) > coalesce(co.slots, -1) THEN l.progress ELSE co.progress END AS progress,
              greatest(coalesce(co.slots, 0), coalesce(l.slots, 0)) AS slots,
              CASE WHEN coalesce(l.slots, -1) > coalesce(co.slots, -1) THEN 'combat log' WHEN co.owner_id IS NOT NULL THEN 'collector' END AS counted_by
       FROM chars c CROSS JOIN (VALUES ('raid'), ('dungeon'), ('world')) AS k (kind)
       LEFT JOIN collector co ON co.owner_id = c.owner_id AND co.kind = k.kind
       LEFT JOIN logs l ON l.owner_id = c.owner_id AND l.kind = k.kind
     )
     INSERT INTO skillweaver.vault_progress AS vp (owner_id, region, starts_at, kind, progress, thresholds, slots_earned, state, counted_by, updated_at)
     SELECT owner_id, $1, $2, kind, coalesce(progress, 0), thresholds, least(slots, 3),
            CASE WHEN NOT $5 THEN 'locked' WHEN slots > 0 THEN 'claimable' ELSE 'empty' END, counted_by, $4
     FROM counted
     ON CONFLICT (owner_id, starts_at, kind) DO UPDATE
       SET progress = CASE WHEN (EXCLUDED.slots_earned, EXCLUDED.progress) > (vp.slots_earned, vp.progress) THEN EXCLUDED.progress ELSE vp.progress END,
           counted_by = CASE WHEN (EXCLUDED.slots_earned, EXCLUDED.progress) > (vp.slots_earned, vp.progress) THEN EXCLUDED.counted_by ELSE vp.counted_by END,
           slots_earned = greatest(vp.slots_earned, EXCLUDED.slots_earned),
           state = CASE WHEN NOT $5 THEN vp.state WHEN greatest(vp.slots_earned, EXCLUDED.slots_earned) > 0 THEN 'claimable' ELSE 'empty' END,
           thresholds = coalesce(vp.thresholds, EXCLUDED.thresholds), updated_at = EXCLUDED.updated_at
       WHERE vp.state = 'locked'
     RETURNING slots_earned AS slots`,
    [region, startsAt, endsAt, now, final],
  );
  return rows.reduce((sum, r) => sum + r.slots, 0);
}

/**
 * The new week's rows: no progress yet, thresholds from the character's last
 * GetActivities dump, else the newest dump of anyone in the region (they are
 * the same for everybody in a season), else unknown (NULL).
 */
async function lockWeek(tx: pg.PoolClient, region: Region, startsAt: Date, now: Date): Promise<void> {
  await tx.query(
    `WITH chars AS (${REGION_CHARACTERS}),
     dumps AS (
       SELECT v.owner_id, ${KIND} AS kind, max(v.observed_at) AS observed_at,
              array[max(threshold) FILTER (WHERE activity_index = 1), max(threshold) FILTER (WHERE activity_index = 2),
                    max(threshold) FILTER (WHERE activity_index = 3)] AS thresholds
       FROM skillweaver.vault_activities v JOIN chars USING (owner_id)
       WHERE ${VAULT_TYPES}
       GROUP BY 1, 2
     ),
     newest AS (SELECT DISTINCT ON (kind) kind, thresholds FROM dumps ORDER BY kind, observed_at DESC)
     INSERT INTO skillweaver.vault_progress (owner_id, region, starts_at, kind, progress, thresholds, slots_earned, state, updated_at)
     SELECT c.owner_id, $1, $2, k.kind, 0, coalesce(d.thresholds, n.thresholds), 0, 'locked', $3
     FROM chars c CROSS JOIN (VALUES ('raid'), ('dungeon'), ('world')) AS k (kind)
     LEFT JOIN dumps d ON d.owner_id = c.owner_id AND d.kind = k.kind
     LEFT JOIN newest n ON n.kind = k.kind
     ON CONFLICT (owner_id, starts_at, kind) DO NOTHING`,
    [region, startsAt, now],
  );
}

/** Lockouts that reset by the week's start move to the history; each is kept once. */
async function closeLockouts(tx: pg.PoolClient, region: Region, startsAt: Date, now: Date): Promise<number> {
  const { rowCount } = await tx.query(
    `WITH closed AS (
       DELETE FROM skillweaver.lockouts l USING (${REGION_CHARACTERS}) c
       WHERE l.owner_id = c.owner_id AND l.resets_at <= $2
       RETURNING l.*
     )
     INSERT INTO skillweaver.lockout_history
       (owner_id, instance_id, difficulty_id, instance_name, lockout_id, resets_at, extended, is_raid, encounters, encounters_killed, observed_at, closed_at, week_starts_at)
     SELECT owner_id, instance_id, difficulty_id, instance_name, lockout_id, resets_at, extended, is_raid, encounters, encounters_killed, observed_at, $3, $2
     FROM closed
     ON CONFLICT DO NOTHING`,
    [region, startsAt, now],
  );
  return rowCount ?? 0;
}

/**
 * Claimable slots become claimed once a collector dump taken after their week
 * ended shows no reward waiting. Cheap and idempotent: every run does it.
 */
export async function syncClaims(tx: Pick<pg.PoolClient, 'query'>, region: Region, now: Date): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE skillweaver.vault_progress vp SET state = 'claimed', updated_at = $2
     FROM skillweaver.vault_status vs
     WHERE vp.region = $1 AND vp.state = 'claimable' AND vs.owner_id = vp.owner_id
       AND vs.has_rewards = false AND vs.observed_at >= vp.starts_at + interval '7 days'`,
    [region, now],
  );
  return rowCount ?? 0;
}
