/**
 * npm run bench:market — goblin.view_market_analysis for one region: 15,000
 * commodities × 60 days of daily aggregates in the window (900,000 rows),
 * with 30 older days of the same region and 10 days of another region around
 * it, as a year of history would leave them. Target (issue 13): ≤ 500 ms.
 *
 * The measures are computed by the daily roll-up (goblin.refresh_market_analysis,
 * migration 0025 says why) and the view reads the result, so both are timed:
 * the computation over the 900,000 rows, and the view.
 *
 * Baselines in the same run: a server-side scan of the window's 900,000
 * aggregate rows (count and sums: the least any computation over them must
 * read) and a plain SELECT of one day's 15,000 rows (the view returns as many).
 * Also times the whole daily roll-up of one commodity day (15,000 keys × 24
 * hourly snapshots of item_stats).
 *
 * Options (env): BENCH_ROUNDS=5; BENCH_KEEP_DB=1 leaves the database (its URL on
 * stderr) for EXPLAIN.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, type Database } from '../src/core/db/pool.js';
import { silentLogger } from '../src/core/log.js';
import { rollUpDailySales } from '../src/core/scrape/daily-sales.js';
import { benchDatabase, finishBench, machineLine, median, runHolocron } from './lib/bench-db.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ITEMS = 15_000;
const WINDOW = 60;
const THROUGH = '2026-11-30';
/** Days of the region older than the window: the measures must not read them. */
const OLDER = 30;

/** Daily aggregates as the roll-up writes them: prices drift per item, sales vary per day. */
async function fillHistory(db: Database, region: string, days: number): Promise<void> {
  await db.query(
    `INSERT INTO goblin.daily_sales_rollups (region, connected_realm_id, day, snapshot_count, hours_covered, last_snapshot_at)
     SELECT $1, NULL, d, 24, 24, d + interval '23 hours' FROM generate_series($2::date - ($3::int - 1), $2::date, interval '1 day') AS g (d)`,
    [region, THROUGH, days],
  );
  await db.query(
    `INSERT INTO goblin.item_daily_market (region, connected_realm_id, item_id, pet_species_id, day, min_price, market_value, mean_price,
                                           median_price, quantity, est_sold, new_listings, snapshots_listed)
     SELECT $1, NULL, 200000 + i, 0, d::date, mv * 9 / 10, mv, mv * 11 / 10, mv, 50 + (i * 7 + e) % 5000, (i + e) % 300, 100 + (i * 3 + e) % 400, 24
     FROM generate_series(0, $3::int - 1) AS e
     CROSS JOIN LATERAL (SELECT $2::date - e AS d) AS dd
     CROSS JOIN generate_series(1, ${ITEMS}) AS i
     CROSS JOIN LATERAL (SELECT (1000 + (i * 37) % 500000 + (e * i) % 997)::bigint AS mv) AS m`,
    [region, THROUGH, days],
  );
}

/** One commodity day of hourly item_stats, for the roll-up's own timing. */
async function fillRawDay(db: Database, day: string): Promise<void> {
  await db.query(`SELECT ops.ensure_daily_partition('goblin.item_stats', $1::date)`, [day]);
  for (let h = 0; h < 24; h++) {
    const at = new Date(Date.parse(`${day}T00:30:00Z`) + h * 3_600_000);
    const [row] = await db.query<{ snapshot_id: number }>(
      `INSERT INTO goblin.auction_snapshots (dataset, region, connected_realm_id, snapshot_at, auction_count, item_count)
       VALUES ('kr/commodities', 'kr', NULL, $1, $2, $2) RETURNING snapshot_id`,
      [at, ITEMS],
    );
    await db.query(
      `INSERT INTO goblin.item_stats (snapshot_at, snapshot_id, item_id, pet_species_id, min_price, max_price, mean_price, median_price,
                                      market_value, total_quantity, auction_count, est_sold, new_listings)
       SELECT $1, $2, 200000 + i, 0, 900 + i, 5000 + i, 1000 + i, 1000 + i, 1000 + i + $3, 100 + i % 50, 5, (i + $3) % 7, (i + $3) % 9
       FROM generate_series(1, ${ITEMS}) AS i`,
      [at, row!.snapshot_id, h],
    );
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

const main = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-bench-market-'));
  const db = await benchDatabase('holocron_bench_market');
  const env = { DATABASE_URL: db.url, HOLOCRON_HOME: dir };
  const migrated = await runHolocron(['db', 'migrate'], env);
  if (migrated.code !== 0) throw new Error(`db migrate exited ${migrated.code}: ${migrated.stderr}`);
  const database = createDatabase({ config: db.config, describe: 'bench' }, silentLogger);
  try {
    const fillStarted = performance.now();
    await fillHistory(database, 'us', WINDOW + OLDER);
    await fillHistory(database, 'eu', 10);
    await fillRawDay(database, '2026-11-29');
    await database.query('VACUUM ANALYZE');
    process.stderr.write(`  filled in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s\n`);

    const rollup = await timed(() => rollUpDailySales(database, 'kr', new Date('2026-11-30T12:00:00Z'), silentLogger));
    await database.query(`SELECT goblin.refresh_market_analysis('eu', '{0}')`);
    const rows = { view: 0, day: 0 };
    const [refresh, view, scan, day]: number[][] = [[], [], [], []];
    for (let round = 1; round <= ROUNDS; round++) {
      refresh!.push(await timed(() => database.query(`SELECT goblin.refresh_market_analysis('us', '{0}')`)));
      view!.push(await timed(async () => (rows.view = (await database.query(`SELECT * FROM goblin.view_market_analysis WHERE region = 'us'`)).length)));
      scan!.push(
        await timed(() =>
          database.query(
            `SELECT count(*), sum(market_value), sum(est_sold), sum(new_listings) FROM goblin.item_daily_market
             WHERE region = 'us' AND coalesce(connected_realm_id, 0) = 0 AND day > $1::date - ${WINDOW} AND day <= $1::date`,
            [THROUGH],
          ),
        ),
      );
      day!.push(
        await timed(async () => (rows.day = (await database.query(`SELECT * FROM goblin.item_daily_market WHERE region = 'us' AND coalesce(connected_realm_id, 0) = 0 AND day = $1::date`, [THROUGH])).length)),
      );
      process.stderr.write(
        `  round ${round}: refresh ${refresh!.at(-1)!.toFixed(0)} ms, view ${view!.at(-1)!.toFixed(0)} ms, scan ${scan!.at(-1)!.toFixed(0)} ms, one day ${day!.at(-1)!.toFixed(0)} ms\n`,
      );
    }
    const [size] = await database.query<{ rows: string; bytes: string }>(
      `SELECT (SELECT count(*) FROM goblin.item_daily_market)::text AS rows, pg_size_pretty(pg_total_relation_size('goblin.item_daily_market')) AS bytes`,
    );
    const [r, v, sc, d] = [median(refresh!), median(view!), median(scan!), median(day!)];
    process.stdout.write(
      [
        `holocron bench:market — ${new Date().toISOString()}`,
        machineLine(),
        `Database: goblin.item_daily_market ${Number(size!.rows).toLocaleString()} rows (${size!.bytes}): us ${ITEMS.toLocaleString()} commodities × ${WINDOW + OLDER} days, eu × 10 days; ${db.kind} PostgreSQL; median of ${ROUNDS}.`,
        `  SELECT * FROM goblin.view_market_analysis WHERE region = 'us'     ${v.toFixed(0).padStart(5)} ms  (${rows.view.toLocaleString()} rows; target ≤ 500 ms)`,
        `  refresh_market_analysis('us'): the measures from ${(ITEMS * WINDOW).toLocaleString()} rows  ${r.toFixed(0).padStart(5)} ms  (at each roll-up)`,
        `  baseline: scan of the window's ${(ITEMS * WINDOW).toLocaleString()} rows (count, sums)      ${sc.toFixed(0).padStart(5)} ms  (refresh/scan ${(r / sc).toFixed(1)}×)`,
        `  baseline: SELECT * of one day                                     ${d.toFixed(0).padStart(5)} ms  (${rows.day.toLocaleString()} rows; view/one day ${(v / d).toFixed(2)}×)`,
        `  daily roll-up of one commodity day (${ITEMS.toLocaleString()} keys × 24 snapshots)   ${rollup.toFixed(0).padStart(5)} ms  (once)`,
      ].join('\n') + '\n',
    );
  } finally {
    await finishBench(database, db, dir);
  }
};

await main();
