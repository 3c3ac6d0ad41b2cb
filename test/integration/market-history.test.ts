/**
 * Market history: the daily aggregates the roll-up writes (checked against
 * the raw listings, computed independently), their survival after the raw
 * partitions are dropped, the retention guard, and the TSM-style measures of
 * goblin.view_market_analysis against values worked out by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlizzardClient } from '../../src/core/blizzard/client.js';
import type { Clock } from '../../src/core/clock.js';
import { systemClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { marketAnalysis } from '../../src/core/goblin/market/analysis.js';
import { silentLogger } from '../../src/core/log.js';
import { maintainPartitions } from '../../src/core/partition/maintain.js';
import { ListingCache } from '../../src/core/scrape/listing-cache.js';
import { rollUpDailySales } from '../../src/core/scrape/daily-sales.js';
import { scrapeOnce } from '../../src/core/scrape/scrape.js';
import { auctionsBody, generateAuctions, nextSnapshot, type GeneratedAuction } from '../helpers/auction-generator.js';
import { useTestDatabase } from '../helpers/db.js';
import { FakeBlizzard, realmIndexBody, tokenBody } from '../helpers/fake-blizzard.js';
import { DBMARKET_WEIGHTS, insertFullSnapshot } from '../helpers/market-history-fixture.js';
import { referenceStats, type ReferenceStats } from '../helpers/reference-stats.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const server = new FakeBlizzard();
const HOUR = 3_600_000;
const DAY = '2026-11-25';
const fixedClock = (iso: string): Clock => ({ now: () => Date.parse(iso), sleep: async () => {} });

beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
});

const cache = new ListingCache(useTempDirs()('holocron-cache-'), 'market-history-test', silentLogger);

/** Four hourly commodity snapshots of DAY, 20:00 to 23:00, each scraped as the scraper would. */
const snapshots: GeneratedAuction[][] = [generateAuctions({ auctions: 2500, items: 40, seed: 71 })];
for (let i = 1; i < 4; i++) snapshots.push(nextSnapshot(snapshots[i - 1]!, 71 + i));
const times = snapshots.map((_, i) => new Date(Date.parse(`${DAY}T20:00:00Z`) + i * HOUR));

async function scrapeAt(auctions: GeneratedAuction[], at: Date): Promise<void> {
  server.route('us', '/data/wow/auctions/commodities', { body: auctionsBody(auctions), gzip: true, lastModified: at });
  server.route('us', '/data/wow/token/index', { body: tokenBody(2_500_000_000, at), lastModified: at });
  server.route('us', '/data/wow/connected-realm/index', { body: realmIndexBody('us', []) });
  const clock = fixedClock(new Date(at.getTime() + 60_000).toISOString());
  const config = loadConfig({ ...server.env(), HOLOCRON_HOME: '/tmp/unused' });
  const api = new BlizzardClient({ config: config.blizzard, userAgent: 'holocron-test', clock: systemClock, log: silentLogger, random: () => 0.5 });
  try {
    const summary = await scrapeOnce({ regions: ['us'], realms: { mode: 'none' }, concurrency: 2 }, { db: t.db, api, clock, log: silentLogger, cache });
    const commodities = summary.results.find((r) => r.dataset.key === 'us/commodities');
    expect(commodities?.status, commodities?.error ?? undefined).toBe('success');
  } finally {
    await api.close();
  }
}

interface DailyRow {
  item_id: number;
  min_price: number | null;
  market_value: number | null;
  mean_price: number | null;
  median_price: number | null;
  quantity: number;
  est_sold: number;
  new_listings: number;
  snapshots_listed: number;
}

async function dailyRows(day: string): Promise<DailyRow[]> {
  return t.db.query<DailyRow>(
    `SELECT item_id, min_price::float8 AS min_price, market_value::float8 AS market_value, mean_price::float8 AS mean_price,
            median_price::float8 AS median_price, quantity::float8 AS quantity, est_sold::float8 AS est_sold,
            new_listings::float8 AS new_listings, snapshots_listed
     FROM goblin.item_daily_market WHERE region = 'us' AND connected_realm_id IS NULL AND day = $1 ORDER BY item_id`,
    [day],
  );
}

/** The day's aggregates from the raw listings alone: each unit of each listing, snapshot by snapshot. */
function expectedDay(): DailyRow[] {
  const perSnapshot = snapshots.map((s, i) => referenceStats(s, i > 0 ? snapshots[i - 1] : undefined));
  const items = [...new Set(perSnapshot.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  return items.map((itemId) => {
    const seen = perSnapshot.map((m) => m.get(itemId)).filter((r): r is ReferenceStats => r !== undefined);
    const priced = seen.filter((r) => r.minPrice !== null);
    const markets = priced.map((r) => r.marketValue!);
    const medians = priced.map((r) => r.medianPrice!).sort((a, b) => a - b);
    const units = priced.reduce((a, r) => a + r.totalQuantity, 0);
    const value = priced.reduce((a, r) => a + r.meanPrice! * r.totalQuantity, 0);
    return {
      item_id: itemId,
      min_price: priced.length ? Math.min(...priced.map((r) => r.minPrice!)) : null,
      market_value: markets.length ? Math.round(markets.reduce((a, b) => a + b, 0) / markets.length) : null,
      mean_price: units ? Math.round(value / units) : null,
      median_price: medians.length ? medians[Math.ceil(medians.length / 2) - 1]! : null,
      quantity: Math.round(seen.reduce((a, r) => a + r.totalQuantity, 0) / snapshots.length),
      est_sold: seen.reduce((a, r) => a + (r.estSold ?? 0), 0),
      new_listings: seen.reduce((a, r) => a + (r.newListings ?? 0), 0),
      snapshots_listed: seen.filter((r) => r.totalQuantity > 0).length,
    };
  });
}

describe('market history', () => {
  it('rolls up a day into aggregates equal to what its raw snapshots give', async () => {
    for (let i = 0; i < snapshots.length; i++) await scrapeAt(snapshots[i]!, times[i]!);
    // Not before the day is over (and its grace period passed).
    expect(await dailyRows(DAY)).toEqual([]);
    // The next day's first scrape rolls it up, in the same pass as the sales.
    await scrapeAt(nextSnapshot(snapshots[3]!, 80), new Date(`2026-11-26T03:10:00Z`));
    const rows = await dailyRows(DAY);
    const expected = expectedDay();
    expect(rows.length).toBeGreaterThan(30);
    expect(expected.some((e) => e.est_sold > 0 && e.new_listings > 0)).toBe(true);
    expect(rows).toEqual(expected);
    // item_daily_sales comes from the same pass: the keys that sold, with the same units.
    const sales = await t.db.query<{ item_id: number; units: number }>(
      `SELECT item_id, units_sold::int AS units FROM goblin.item_daily_sales WHERE day_start = $1::date::timestamp AT TIME ZONE 'UTC' ORDER BY item_id`,
      [DAY],
    );
    expect(sales).toEqual(expected.filter((e) => e.est_sold > 0).map((e) => ({ item_id: e.item_id, units: e.est_sold })));
  });

  it('keeps the aggregates after retention drops the raw partitions of the day', async () => {
    const before = await dailyRows(DAY);
    const report = await maintainPartitions(
      { aheadDays: 0, retainDays: 3, archiveDir: undefined, dryRun: false },
      { db: t.db, clock: fixedClock('2026-11-29T12:00:00Z'), log: silentLogger },
    );
    expect(report.skipped).toEqual([]);
    expect(report.dropped.map((d) => d.partition)).toEqual(expect.arrayContaining(['goblin.item_stats_p20261125', 'goblin.commodity_auctions_p20261125']));
    const left = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM goblin.item_stats WHERE snapshot_at < '2026-11-26'`);
    expect(left[0]!.n).toBe(0);
    expect(await dailyRows(DAY)).toEqual(before);
  });

  it('retention keeps a day whose roll-up is missing, naming it, and drops it once rolled up', async () => {
    // Snapshots of the 27th that no roll-up has seen (the scrape stopped that day).
    await insertFullSnapshot(t.db, 'us', 1305, new Date('2026-11-27T10:00:00Z'), [
      { itemId: 19019, min: 900, market: 1000, mean: 1000, median: 1000, quantity: 1, sold: null, listed: null },
    ]);
    const run = () =>
      maintainPartitions({ aheadDays: 0, retainDays: 1, archiveDir: undefined, dryRun: false }, { db: t.db, clock: fixedClock('2026-11-29T12:00:00Z'), log: silentLogger });
    const first = await run();
    // The 26th's only snapshot (03:10) is not rolled up either: its day had not ended when it was scraped.
    expect(first.skipped.map((s) => s.partition).sort()).toEqual([
      'goblin.commodity_auctions_p20261126',
      'goblin.item_stats_p20261126',
      'goblin.item_stats_p20261127',
    ]);
    expect(first.skipped.find((s) => s.day === '2026-11-27')!.reason).toContain('market history of 2026-11-27 is not rolled up yet for us/realm/1305');
    expect(first.skipped.find((s) => s.day === '2026-11-26')!.reason).toContain('for us/commodities');
    expect(first.dropped.map((d) => d.partition)).not.toContain('goblin.item_stats_p20261127');
    expect((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM goblin.item_stats_p20261127`))[0]!.n).toBe(1);

    await rollUpDailySales(t.db, 'us', new Date('2026-11-29T12:00:00Z'), silentLogger);
    const second = await run();
    expect(second.skipped).toEqual([]);
    expect(second.dropped.map((d) => d.partition)).toEqual(
      expect.arrayContaining(['goblin.item_stats_p20261127', 'goblin.item_stats_p20261126', 'goblin.commodity_auctions_p20261126']),
    );
    const kept = await t.db.query(`SELECT connected_realm_id, item_id, market_value::int AS mv FROM goblin.item_daily_market WHERE day = '2026-11-27'`);
    expect(kept).toEqual([{ connected_realm_id: 1305, item_id: 19019, mv: 1000 }]);
  });

  it('computes DBMarket, DBHistorical, sold per day, sale rate and volatility as worked out by hand', async () => {
    // Twenty days on eu commodities, 2026-11-01 … 11-20: day i has a daily
    // market value of 1000 + 100·i (two snapshots, 50 below and above),
    // 20 + i units sold and 80 newly listed.
    const ITEM = 224_000;
    for (let i = 0; i < 20; i++) {
      const day = `2026-11-${String(i + 1).padStart(2, '0')}`;
      const base = 1000 + 100 * i;
      await insertFullSnapshot(t.db, 'eu', null, new Date(`${day}T06:00:00Z`), [
        { itemId: ITEM, min: base - 100, market: base - 50, mean: base - 40, median: base - 10, quantity: 100, sold: 10, listed: 40 },
      ]);
      await insertFullSnapshot(t.db, 'eu', null, new Date(`${day}T18:00:00Z`), [
        { itemId: ITEM, min: base - 200, market: base + 50, mean: base + 40, median: base + 10, quantity: 300, sold: 10 + i, listed: 40 },
      ]);
      await rollUpDailySales(t.db, 'eu', new Date(Date.parse(`${day}T00:00:00Z`) + 28 * HOUR), silentLogger);
    }
    const [last] = await t.db.query(
      `SELECT min_price::int AS min, market_value::int AS market, mean_price::int AS mean, median_price::int AS median, quantity::int AS quantity,
              est_sold::int AS sold, new_listings::int AS listed, snapshots_listed FROM goblin.item_daily_market WHERE region = 'eu' AND day = '2026-11-20'`,
    );
    // Day 19: base 2900; mean weighted by quantity (2860·100 + 2940·300) / 400; lower median of 2890 and 2910.
    expect(last).toEqual({ min: 2700, market: 2900, mean: 2920, median: 2890, quantity: 200, sold: 39, listed: 80, snapshots_listed: 2 });

    // The contract's reading: no species for what is not a caged pet.
    expect(await t.db.query(`SELECT pet_species_id FROM goblin.view_market_analysis WHERE region = 'eu' AND item_id = $1`, [ITEM])).toEqual([{ pet_species_id: null }]);
    const [a] = await marketAnalysis(t.db, { region: 'eu', connectedRealmId: null, itemId: ITEM });
    // DBMarket: Σ w·v / Σ w over the 15 newest days (Σ w = 672): 1,724,600 / 672 = 2566.37.
    const weighted = DBMARKET_WEIGHTS.reduce((sum, w, age) => sum + w * (1000 + 100 * (19 - age)), 0);
    expect(weighted).toBe(1_724_600);
    expect(a).toMatchObject({
      region: 'eu',
      connectedRealmId: null,
      itemId: ITEM,
      marketValue: 2566,
      // DBHistorical: the mean of 1000 … 2900.
      historicalValue: 1950,
      // 14 days (11-07 … 11-20) sold 14·20 + (6 + … + 19) = 455 units in 336 covered hours.
      dailySold: 32.5,
      // 455 sold of 14·80 = 1120 listed.
      saleRate: 0.4063,
      // stddev_samp(1600 … 2900 step 100) / 2250 = 418.33 / 2250.
      volatility: 0.1859,
      throughDay: '2026-11-20',
      daysSeen: 20,
      lastUpdated: '2026-11-20T18:00:00.000Z',
    });
  });

  it('weights only the days that have a value when some are missing', async () => {
    // Two days only, ages 0 and 2: (132·3000 + 100·1000) / 232.
    const ITEM = 224_001;
    for (const [day, mv] of [['2026-11-18', 1000], ['2026-11-20', 3000]] as const) {
      await insertFullSnapshot(t.db, 'eu', null, new Date(`${day}T12:00:00Z`), [
        { itemId: ITEM, min: mv, market: mv, mean: mv, median: mv, quantity: 1, sold: 0, listed: 0 },
      ]);
    }
    // Those days of the market are rolled up already (the test above): these
    // late snapshots go in through the roll-up's own function.
    for (const day of ['2026-11-18', '2026-11-20']) {
      await t.db.query(
        `SELECT goblin.roll_up_market_day('eu', $1::date, array(SELECT snapshot_id FROM goblin.auction_snapshots a
           WHERE a.region = 'eu' AND a.snapshot_at = $1::date::timestamp AT TIME ZONE 'UTC' + interval '12 hours'))`,
        [day],
      );
    }
    await t.db.query(`SELECT goblin.refresh_market_analysis('eu', '{0}')`);
    const [a] = await marketAnalysis(t.db, { region: 'eu', connectedRealmId: null, itemId: ITEM });
    expect(a?.marketValue).toBe(Math.round((132 * 3000 + 100 * 1000) / 232));
    expect(a?.historicalValue).toBe(2000);
    expect(a?.saleRate).toBeNull();
    expect(a?.dailySold).toBe(0);
  });

  it('partition --roll-up-missing rolls up an expired day first, then drops it; rates keep the newest day', async () => {
    // A realm scraped on two days older than the roll-up's week, and one in it.
    for (const day of ['2026-11-03', '2026-11-04', '2026-11-28']) {
      await insertFullSnapshot(t.db, 'us', 1400, new Date(`${day}T09:00:00Z`), [
        { itemId: 19019, min: 100, market: 100, mean: 100, median: 100, quantity: 3, sold: 1, listed: 1 },
      ]);
    }
    const clock = fixedClock('2026-11-29T12:00:00Z');
    expect((await rollUpDailySales(t.db, 'us', new Date(clock.now()), silentLogger)).map((d) => d.day)).toEqual(['2026-11-28']);
    const options = { aheadDays: 0, retainDays: 20, archiveDir: undefined, dryRun: false };
    const kept = await maintainPartitions(options, { db: t.db, clock, log: silentLogger });
    expect(kept.skipped.map((s) => s.partition)).toEqual(['goblin.item_stats_p20261103', 'goblin.item_stats_p20261104']);
    expect(kept.skipped[0]!.reason).toContain('--roll-up-missing');

    const report = await maintainPartitions({ ...options, rollUpMissing: true }, { db: t.db, clock, log: silentLogger });
    expect(report.failed.map((f) => f.error)).toEqual([]);
    expect(report.skipped).toEqual([]);
    expect(report.dropped.filter((d) => d.table === 'goblin.item_stats').map((d) => [d.partition, d.rolledUp])).toEqual([
      ['goblin.item_stats_p20261103', ['us/realm/1400']],
      ['goblin.item_stats_p20261104', ['us/realm/1400']],
    ]);
    const history = await t.db.query<{ day: string }>(`SELECT to_char(day, 'YYYY-MM-DD') AS day FROM goblin.item_daily_market WHERE connected_realm_id = 1400 ORDER BY day`);
    expect(history.map((h) => h.day)).toEqual(['2026-11-03', '2026-11-04', '2026-11-28']);
    // Rolled up after the 28th, the old days leave the week of the sales rate where it was.
    const [rate] = await t.db.query<{ through: string }>(`SELECT to_char(through_day, 'YYYY-MM-DD') AS through FROM goblin.item_sales_rates WHERE connected_realm_id = 1400`);
    expect(rate?.through).toBe('2026-11-28');
    // All three days are within DBHistorical's 60; only the 28th within DBMarket's 15.
    const [analysis] = await marketAnalysis(t.db, { region: 'us', connectedRealmId: 1400 });
    expect(analysis).toMatchObject({ throughDay: '2026-11-28', daysSeen: 3, marketValue: 100, historicalValue: 100 });
  });
});
