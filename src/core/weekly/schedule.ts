import type { Database } from '../db/pool.js';
import type { Region } from '../blizzard/regions.js';

export const WEEK_MS = 7 * 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * The fixed weekly reset (UTC day 0 = Sunday), used only when no client of the
 * region has told us its reset. US covers OC and LA. KR/TW are an assumption:
 * see sql/migrations/0021_reset_weeks.sql for what the public addons say.
 */
export const RESET_SCHEDULE: Record<Region, { day: number; hour: number }> = {
  us: { day: 2, hour: 15 },
  eu: { day: 3, hour: 4 },
  kr: { day: 3, hour: 23 },
  tw: { day: 3, hour: 23 },
};

/** Where the week boundaries come from: one known reset instant, and who told us. */
export interface ResetAnchor {
  at: Date;
  source: 'client' | 'schedule';
  /** For the client: when its session saved it. */
  observedAt?: Date;
}

export function scheduleAnchor(region: Region): ResetAnchor {
  const { day, hour } = RESET_SCHEDULE[region];
  // 2026-01-04 is a Sunday: any week's reset instant works as the anchor.
  return { at: new Date(Date.UTC(2026, 0, 4 + day, hour)), source: 'schedule' };
}

/**
 * The client's own count: the newest GetServerTime() + GetSecondsUntilWeeklyReset()
 * saved for the region. Every reset lies a whole number of weeks from it.
 */
export async function resetAnchor(db: Pick<Database, 'query'>, region: Region): Promise<ResetAnchor> {
  const [row] = await db.query<{ next_reset_at: Date; observed_at: Date }>(
    `SELECT next_reset_at, observed_at FROM ops.reset_observations WHERE region = $1 ORDER BY observed_at DESC LIMIT 1`,
    [region],
  );
  if (!row) return scheduleAnchor(region);
  // Every known reset falls on the hour, while the saved sum drifts by how long
  // the session ran between reading the two (and by the client's clock): snap
  // to the nearest hour.
  const at = Math.round(row.next_reset_at.getTime() / HOUR_MS) * HOUR_MS;
  return { at: new Date(at), source: 'client', observedAt: row.observed_at };
}

/** The start of the week that `at` falls in. */
export function weekStartAt(anchor: ResetAnchor, at: Date): Date {
  const weeks = Math.floor((at.getTime() - anchor.at.getTime()) / WEEK_MS);
  return new Date(anchor.at.getTime() + weeks * WEEK_MS);
}
