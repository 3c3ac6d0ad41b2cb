/**
 * Units sold per item and UTC day (goblin.item_daily_sales), rolled up from
 * the snapshots once the day is over, so that "sold per day" reads one row per
 * key and day instead of every hourly snapshot (migration 0012 has the
 * measurement).
 *
 * A region's day is rolled up in one pass over the day's item_stats partition
 * for every market (commodities and each connected realm) not yet done: one
 * pass per market would read a partition of 250 realms 250 times. The same
 * pass writes the market history (goblin.item_daily_market: min, market
 * value, mean, median, quantity, sold, new listings), which outlives the raw
 * partitions; item_daily_sales is taken from it.
 */
import type pg from 'pg';
import { queryOn, type Database } from '../db/pool.js';
import type { Logger } from '../log.js';
import { LockId, advisoryLockSql } from '../locks.js';

export interface RolledUpDay {
  day: string;
  /** Markets rolled up: null for the region's commodities, else connected realm ids. */
  markets: Array<number | null>;
}

/** Days further back are left alone: readers look at the last week. */
export const ROLLUP_DAYS = 8;
/**
 * A snapshot's time is the API's Last-Modified, which lags behind the clock:
 * a day is rolled up once it ended this long ago, so that a late snapshot of
 * it (an API that did not update for a while) is still counted.
 */
export const ROLLUP_GRACE_MS = 3 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Rolls up every complete UTC day of the last ROLLUP_DAYS with snapshots of a
 * market of the region that has no roll-up for it yet; each day in a
 * transaction of its own. Returns what it rolled up. Older days are rolled up
 * on request by `holocron partition --roll-up-missing` (rollUpDay).
 */
export async function rollUpDailySales(db: Database, region: string, now: Date, log: Logger): Promise<RolledUpDay[]> {
  const before = startOfDay(now.getTime() - ROLLUP_GRACE_MS);
  const pending = await db.query<{ day: string }>(
    `SELECT DISTINCT to_char(a.snapshot_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day
     FROM goblin.auction_snapshots a
     WHERE a.region = $1 AND a.snapshot_at >= $2 AND a.snapshot_at < $3
       AND NOT EXISTS (SELECT 1 FROM goblin.daily_sales_rollups r
                       WHERE r.region = $1 AND r.connected_realm_id IS NOT DISTINCT FROM a.connected_realm_id
                         AND r.day = (a.snapshot_at AT TIME ZONE 'UTC')::date)
     ORDER BY 1`,
    [region, new Date(before - ROLLUP_DAYS * DAY_MS), new Date(before)],
  );
  const done: RolledUpDay[] = [];
  for (const { day } of pending) {
    const markets = await rollUpDay(db, region, day);
    if (markets.length > 0) {
      done.push({ day, markets });
      log.debug(`${region}: daily sales of ${day} rolled up for ${markets.length} market(s)`);
    }
  }
  return done;
}

interface PendingMarket {
  connected_realm_id: number | null;
  snapshot_ids: number[];
  snapshot_count: number;
  hours_covered: number;
  last_snapshot_at: Date;
}

/**
 * One region's UTC day (YYYY-MM-DD), for the markets not done yet (another
 * process may have done some). Returns the markets it rolled up.
 */
export async function rollUpDay(db: Database, region: string, day: string): Promise<Array<number | null>> {
  const start = new Date(`${day}T00:00:00Z`);
  const end = new Date(start.getTime() + DAY_MS);
  // Not the per-process cache of ensureDailyPartition: `partition --roll-up-missing`
  // rolls up a day whose item_daily_sales partition retention may have just dropped.
  await db.query('SELECT ops.ensure_daily_partition($1, $2::date)', ['goblin.item_daily_sales', day]);
  return db.withTransaction(async (tx) => {
    // Two scrapes finishing at once would roll up the same markets: the second waits, then finds them done.
    await tx.query(`SELECT pg_advisory_xact_lock(${advisoryLockSql(LockId.dailySales)})`);
    const { rows: markets } = await tx.query<PendingMarket>(
      `SELECT a.connected_realm_id, array_agg(a.snapshot_id) AS snapshot_ids, count(*)::int AS snapshot_count,
              max(a.snapshot_at) AS last_snapshot_at,
              -- A snapshot's sales reach back to the snapshot before it, which may be the day before.
              (extract(epoch FROM max(a.snapshot_at) - coalesce(
                 (SELECT max(p.snapshot_at) FROM goblin.auction_snapshots p
                  WHERE p.region = $1 AND p.connected_realm_id IS NOT DISTINCT FROM a.connected_realm_id AND p.snapshot_at < $2),
                 min(a.snapshot_at))) / 3600)::float8 AS hours_covered
       FROM goblin.auction_snapshots a
       WHERE a.region = $1 AND a.snapshot_at >= $2 AND a.snapshot_at < $3
         AND NOT EXISTS (SELECT 1 FROM goblin.daily_sales_rollups r
                         WHERE r.region = $1 AND r.connected_realm_id IS NOT DISTINCT FROM a.connected_realm_id AND r.day = $4)
       GROUP BY a.connected_realm_id`,
      [region, start, end, day],
    );
    if (markets.length === 0) return [];
    await tx.query(
      `INSERT INTO goblin.daily_sales_rollups (region, connected_realm_id, day, snapshot_count, hours_covered, last_snapshot_at)
       SELECT $1, m.connected_realm_id, $2, m.snapshot_count, m.hours_covered, m.last_snapshot_at
       FROM unnest($3::int[], $4::int[], $5::float8[], $6::timestamptz[]) AS m (connected_realm_id, snapshot_count, hours_covered, last_snapshot_at)`,
      [
        region,
        day,
        markets.map((m) => m.connected_realm_id),
        markets.map((m) => m.snapshot_count),
        markets.map((m) => m.hours_covered),
        markets.map((m) => m.last_snapshot_at),
      ],
    );
    // The one pass over the day's item_stats: the market history (kept for
    // years, migration 0025) …
    await tx.query('SELECT goblin.roll_up_market_day($1, $2::date, $3::int[])', [region, day, markets.flatMap((m) => m.snapshot_ids)]);
    // … from which the week-long sales table takes the keys that sold.
    await tx.query(
      `INSERT INTO goblin.item_daily_sales (day_start, region, connected_realm_id, item_id, pet_species_id, units_sold)
       SELECT $2, $1, connected_realm_id, item_id, pet_species_id, est_sold
       FROM goblin.item_daily_market
       WHERE region = $1 AND day = $3::date AND est_sold > 0
         AND (connected_realm_id = ANY ($4::int[]) OR ($5 AND connected_realm_id IS NULL))`,
      [region, start, day, markets.flatMap((m) => (m.connected_realm_id === null ? [] : [m.connected_realm_id])), markets.some((m) => m.connected_realm_id === null)],
    );
    await refreshSalesRates(queryOn(tx), region, markets.map((m) => m.connected_realm_id), await newestRolledUp(tx, region, markets, day));
    // The TSM-style measures change only here: computed once per roll-up, not on every read (migration 0025).
    await tx.query('SELECT goblin.refresh_market_analysis($1, $2::int[])', [region, markets.map((m) => m.connected_realm_id ?? 0)]);
    return markets.map((m) => m.connected_realm_id);
  });
}

/**
 * The week a rate covers ends with the markets' newest rolled-up day: an
 * older day rolled up late (a backfill) must not turn the rate back to then.
 */
async function newestRolledUp(tx: pg.PoolClient, region: string, markets: PendingMarket[], day: string): Promise<string> {
  const { rows } = await tx.query<{ newest: string | null }>(
    `SELECT to_char(max(day), 'YYYY-MM-DD') AS newest FROM goblin.daily_sales_rollups
     WHERE region = $1 AND (connected_realm_id = ANY ($2::int[]) OR ($3 AND connected_realm_id IS NULL))`,
    [region, markets.flatMap((m) => (m.connected_realm_id === null ? [] : [m.connected_realm_id])), markets.some((m) => m.connected_realm_id === null)],
  );
  const newest = rows[0]?.newest;
  return newest && newest > day ? newest : day;
}

/** Days a sales rate averages over. */
export const SALES_RATE_DAYS = 7;

/**
 * Replaces the markets' rates with the mean of their last SALES_RATE_DAYS
 * rolled-up days through `day`, over the hours those days' snapshots covered.
 * Read from the market history, which retention keeps: item_daily_sales
 * partitions go with `partition --retain`, and a retention under a week
 * would have divided fewer days' sales by a whole week's hours.
 */
async function refreshSalesRates(db: Pick<Database, 'query'>, region: string, markets: Array<number | null>, day: string): Promise<void> {
  const realms = markets.filter((m): m is number => m !== null);
  const commodities = markets.includes(null);
  const params = [region, realms, commodities, day, SALES_RATE_DAYS];
  const inMarkets = `region = $1 AND (connected_realm_id = ANY ($2::int[]) OR ($3 AND connected_realm_id IS NULL))`;
  await db.query(`DELETE FROM goblin.item_sales_rates WHERE ${inMarkets}`, params.slice(0, 3));
  await db.query(
    `WITH covered AS (
       SELECT connected_realm_id, sum(hours_covered) AS hours FROM goblin.daily_sales_rollups
       WHERE ${inMarkets} AND day > $4::date - $5::int AND day <= $4::date
       GROUP BY connected_realm_id
     )
     INSERT INTO goblin.item_sales_rates (region, connected_realm_id, item_id, pet_species_id, units_per_day, through_day)
     SELECT $1, d.connected_realm_id, d.item_id, d.pet_species_id, sum(d.est_sold) * 24 / min(c.hours), $4::date
     FROM goblin.item_daily_market d
     JOIN covered c ON c.connected_realm_id IS NOT DISTINCT FROM d.connected_realm_id AND c.hours > 0
     WHERE d.region = $1 AND (d.connected_realm_id = ANY ($2::int[]) OR ($3 AND d.connected_realm_id IS NULL))
       AND d.day > $4::date - $5::int AND d.day <= $4::date AND d.est_sold > 0
     GROUP BY d.connected_realm_id, d.item_id, d.pet_species_id`,
    params,
  );
}

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}
