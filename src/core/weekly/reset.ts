import type { Region } from '../blizzard/regions.js';
import type { ApplyReport } from '../liquidation/jobs.js';
import { queueTreatiseMoves } from './treatise-mail.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/pool.js';
import { LockId, advisoryLockSql } from '../locks.js';
import type { Logger } from '../log.js';
import { loadBoard, type Board } from './board.js';
import { countWeek, openWeek, syncClaims, type OpenedWeek } from './open-week.js';
import { captureResetSnapshot, type ResetApi } from './reset-snapshot.js';
import { RESET_SCHEDULE, WEEK_MS, resetAnchor, weekStartAt } from './schedule.js';

/** Beyond this many missed weeks only the newest are opened: older ones have nothing left to settle. */
const MAX_CATCH_UP_WEEKS = 12;
/** A boundary this close to an open week's start is that week, counted by a clock that moved. */
const SAME_WEEK_MS = 86_400_000;

export interface ResetDeps {
  db: Database;
  log: Logger;
  api: ResetApi;
  /** For the scrape's own timings; `now` decides the week. */
  clock: Clock;
}

export interface ResetResult {
  region: Region;
  /** opened: this run opened at least one week; not-due: the current week was already open. */
  status: 'opened' | 'not-due';
  now: Date;
  source: 'client' | 'schedule';
  week: { startsAt: Date; endsAt: Date; source: string; missed: boolean; snapshotId: number | null } | null;
  opened: OpenedWeek[];
  nextResetAt: Date;
  claimsSynced: number;
  board: Board | null;
  /** Treatises another character or the warband bank holds, queued as jobs instead of bought (open weeks only). */
  treatiseJobs: ApplyReport | null;
  notes: string[];
}

/**
 * The weekly reset for one region, under one advisory lock so two runs (the
 * cron line at the instant and the hourly catch-up) never open a week twice.
 * Every missed week is opened in order, each in its own transaction; then the
 * current week gets its reset-day prices and the board is read.
 */
export async function runReset(options: { region: Region; now: Date }, deps: ResetDeps): Promise<ResetResult> {
  return deps.db.withClient(async (lockClient) => {
    await lockClient.query(`SELECT pg_advisory_lock(${advisoryLockSql(LockId.weeklyReset)})`);
    try {
      return await resetLocked(options.region, options.now, deps);
    } finally {
      await lockClient.query(`SELECT pg_advisory_unlock(${advisoryLockSql(LockId.weeklyReset)})`);
    }
  });
}

async function resetLocked(region: Region, now: Date, deps: ResetDeps): Promise<ResetResult> {
  const { db } = deps;
  const notes: string[] = [];
  const anchor = await resetAnchor(db, region);
  if (anchor.source === 'schedule') {
    const { day, hour } = RESET_SCHEDULE[region];
    const dayName = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][day];
    notes.push(`no collector reset time for ${region}: weeks follow the fixed schedule (${dayName} ${String(hour).padStart(2, '0')}:00 UTC)`);
  }
  const current = weekStartAt(anchor, now);
  const [latest] = await db.query<{ starts_at: Date }>(`SELECT starts_at FROM ops.reset_weeks WHERE region = $1 ORDER BY starts_at DESC LIMIT 1`, [region]);

  // Claims first: a slot claimed before it would expire is claimed, not expired.
  const claimsSynced = await syncClaims(db.pool, region, now);
  const opened: OpenedWeek[] = [];
  if (!latest || latest.starts_at.getTime() <= now.getTime()) {
    for (const { startsAt, previousStart } of weeksToOpen(current, latest?.starts_at)) {
      const week = await db.withTransaction((tx) =>
        openWeek(tx, { region, startsAt, source: anchor.source, missed: startsAt.getTime() < current.getTime(), previousStart }, now),
      );
      if (week) opened.push(week);
    }
  }
  const [row] = await db.query<{ starts_at: Date; ends_at: Date; source: string; missed: boolean; reset_snapshot_id: number | null; closed: boolean }>(
    `SELECT starts_at, ends_at, source, missed, reset_snapshot_id, closed_at IS NOT NULL AS closed FROM ops.reset_weeks WHERE region = $1 AND starts_at <= $2 ORDER BY starts_at DESC LIMIT 1`,
    [region, now],
  );
  const nextResetAt = latest && latest.starts_at.getTime() > now.getTime() ? latest.starts_at : new Date(current.getTime() + WEEK_MS);
  if (opened.length === 0) notes.push(`week not started yet, next reset at ${nextResetAt.toISOString()}`);
  if (!row) return { region, status: 'not-due', now, source: anchor.source, week: null, opened, nextResetAt, claimsSynced, board: null, treatiseJobs: null, notes };

  // A clock behind the newest open week finds a settled week: shown, never recounted.
  if (!row.closed) {
    // The collector keeps only the newest dump: each run keeps this week's count before the next dump replaces it.
    await countWeek(db.pool, region, row.starts_at, row.ends_at, now, false);
  }
  let snapshotId = row.reset_snapshot_id;
  if (snapshotId === null && !row.closed) {
    const outcome = await captureResetSnapshot(region, row.starts_at, { db, api: deps.api, clock: deps.clock, log: deps.log });
    snapshotId = outcome.snapshotId;
    if (outcome.note) notes.push(outcome.note);
  }
  const treatiseJobs = row.closed ? null : await queueTreatiseMoves(db, region);
  if (treatiseJobs && treatiseJobs.created + treatiseJobs.updated > 0) {
    notes.push(`queued ${treatiseJobs.created + treatiseJobs.updated} treatise move(s) another character holds (holocron jobs)`);
  }
  const board = await loadBoard(db, region, row.starts_at);
  notes.push(...(await knowledgeGaps(db, region, row.starts_at, board, snapshotId)));
  return {
    region,
    status: opened.length > 0 ? 'opened' : 'not-due',
    now,
    source: anchor.source,
    week: { startsAt: row.starts_at, endsAt: row.ends_at, source: row.source, missed: row.missed, snapshotId },
    opened,
    nextResetAt,
    claimsSynced,
    board,
    treatiseJobs,
    notes,
  };
}

/** The weeks after the newest open one, up to the current, oldest first; the first run opens the current week only. */
export function weeksToOpen(current: Date, latest: Date | undefined): Array<{ startsAt: Date; previousStart: Date }> {
  const starts: Date[] = [];
  for (let s = current.getTime(); latest === undefined ? starts.length === 0 : s > latest.getTime() + SAME_WEEK_MS; s -= WEEK_MS) {
    starts.unshift(new Date(s));
    if (starts.length >= MAX_CATCH_UP_WEEKS) break;
  }
  return starts.map((startsAt, i) => ({
    startsAt,
    previousStart: i > 0 ? starts[i - 1]! : latest && startsAt.getTime() - latest.getTime() <= WEEK_MS + SAME_WEEK_MS ? latest : new Date(startsAt.getTime() - WEEK_MS),
  }));
}

/** What the board could not know, said plainly. */
async function knowledgeGaps(db: Pick<Database, 'query'>, region: Region, startsAt: Date, board: Board, snapshotId: number | null): Promise<string[]> {
  const notes: string[] = [];
  if (board.characters.length === 0) {
    notes.push(`no characters in ${region}: run holocron ingest on the WTF folder after a session with the Holocron addon`);
  } else {
    const unknown = board.characters.filter((c) => c.thisWeek.some((v) => v.thresholds === null)).length;
    if (unknown > 0) notes.push(`no vault thresholds for ${unknown} character(s): no Great Vault dump from the collector yet`);
    const [seen] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM skillweaver.lockouts l JOIN holocron.characters c ON c.owner_id = l.owner_id WHERE coalesce(lower(c.region), 'us') = $1`,
      [region],
    );
    const [history] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM skillweaver.lockout_history h JOIN holocron.characters c ON c.owner_id = h.owner_id WHERE coalesce(lower(c.region), 'us') = $1`,
      [region],
    );
    if ((seen?.n ?? 0) === 0 && (history?.n ?? 0) === 0) notes.push('no lockouts known: the collector has not saved any for these characters');
  }
  if (board.priceMoves === null) {
    const [scraped] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM goblin.auction_snapshots WHERE region = $1 AND connected_realm_id IS NULL`, [region]);
    if ((scraped?.n ?? 0) === 0) notes.push(`${region} has never been scraped: no price moves (run holocron scrape --region ${region})`);
    else if (snapshotId !== null) notes.push(`first reset snapshot of ${region} (week of ${startsAt.toISOString().slice(0, 10)}): price moves start next week`);
    else notes.push('price moves unavailable this week');
  }
  return notes;
}
