import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BlizzardClient } from '../../src/core/blizzard/client.js';
import { systemClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { ConfigError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/log.js';
import { ListingCache } from '../../src/core/scrape/listing-cache.js';
import { scrapeOnce, type AttemptResult } from '../../src/core/scrape/scrape.js';
import { auctionsBody, generateAuctions, nextSnapshot, type GeneratedAuction } from '../helpers/auction-generator.js';
import { useTestDatabase } from '../helpers/db.js';
import { FakeBlizzard, realmIndexBody, tokenBody } from '../helpers/fake-blizzard.js';
import { referenceStats } from '../helpers/reference-stats.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const server = new FakeBlizzard();
const HOUR = 3_600_000;
const T0 = new Date('2026-11-20T18:03:07Z');

beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
});

function client(overrides: Record<string, string> = {}): BlizzardClient {
  const config = loadConfig({ ...server.env(), HOLOCRON_HOME: '/tmp/unused', ...overrides });
  return new BlizzardClient({ config: config.blizzard, userAgent: 'holocron-test', clock: systemClock, log: silentLogger, random: () => 0.5 });
}

const cacheDir = useTempDirs()('holocron-cache-');
const cache = new ListingCache(cacheDir, 'scrape-test', silentLogger);

async function scrape(options: Partial<Parameters<typeof scrapeOnce>[0]> = {}, api = client()) {
  try {
    return await scrapeOnce(
      { regions: ['us', 'eu'], realms: { mode: 'none' }, concurrency: 4, ...options },
      { db: t.db, api, clock: systemClock, log: silentLogger, cache },
    );
  } finally {
    await api.close();
  }
}

function byKey(results: AttemptResult[]): Record<string, AttemptResult> {
  return Object.fromEntries(results.map((r) => [r.dataset.key, r]));
}

const usFirst = generateAuctions({ auctions: 3000, items: 60, seed: 21 });
const usSecond = nextSnapshot(usFirst, 22);
const euFirst = generateAuctions({ auctions: 2000, items: 40, seed: 31, firstAuctionId: 500_000_000 });
const realm1 = generateAuctions({ auctions: 400, items: 30, seed: 41, kind: 'realm' });
const realm2 = generateAuctions({ auctions: 300, items: 30, seed: 42, kind: 'realm', firstAuctionId: 1_950_000_000 });

function serveCommodities(region: string, auctions: GeneratedAuction[], at: Date) {
  server.route(region, '/data/wow/auctions/commodities', { body: auctionsBody(auctions), gzip: true, lastModified: at });
}

describe('scrape --once against the fake Blizzard API', () => {
  beforeEach(() => {
    serveCommodities('us', usFirst, T0);
    serveCommodities('eu', euFirst, new Date(T0.getTime() - 20 * 60_000));
    server.route('us', '/data/wow/token/index', { body: tokenBody(2_500_000_000, T0), lastModified: T0 });
    server.route('eu', '/data/wow/token/index', { body: tokenBody(3_100_000_000, T0), lastModified: T0 });
    server.route('us', '/data/wow/connected-realm/index', { body: realmIndexBody('us', [11, 12, 13]) });
    server.route('eu', '/data/wow/connected-realm/index', { body: realmIndexBody('eu', []) });
    server.route('us', '/data/wow/connected-realm/11/auctions', { body: auctionsBody(realm1, 'realm', 11), gzip: true, lastModified: T0 });
    server.route('us', '/data/wow/connected-realm/12/auctions', { body: auctionsBody(realm2, 'realm', 12), gzip: false, lastModified: T0 });
    // 13 was merged away: 404.
  });

  it('stores both regions, tokens and realm auctions with correct statistics', async () => {
    const summary = await scrape({ realms: { mode: 'all' } });
    const results = byKey(summary.results);
    // A failure names its error here, not only its status.
    expect(summary.results.filter((r) => r.status === 'failed' && r.dataset.key !== 'eu/realm-index').map((r) => `${r.dataset.key}: ${r.error}`)).toEqual([]);
    expect(results['us/commodities']).toMatchObject({ status: 'success', rows: usFirst.length, httpStatus: 200 });
    expect(results['eu/commodities']).toMatchObject({ status: 'success', rows: euFirst.length });
    expect(results['us/token']).toMatchObject({ status: 'success' });
    expect(results['us/realm/11']).toMatchObject({ status: 'success', rows: realm1.length });
    expect(results['us/realm/12']).toMatchObject({ status: 'success', rows: realm2.length });
    expect(results['us/realm/13']).toMatchObject({ status: 'skipped', httpStatus: 404 });
    expect(results['eu/realm-index']).toMatchObject({ status: 'failed' }); // an empty index is bad data

    const [counts] = await t.db.query<{ us: number; eu: number; realm: number }>(`
      SELECT (SELECT count(*) FROM goblin.commodity_auctions a JOIN goblin.auction_snapshots s USING (snapshot_id) WHERE s.region = 'us')::int AS us,
             (SELECT count(*) FROM goblin.commodity_auctions a JOIN goblin.auction_snapshots s USING (snapshot_id) WHERE s.region = 'eu')::int AS eu,
             (SELECT count(*) FROM goblin.realm_auctions)::int AS realm`);
    expect(counts).toEqual({ us: usFirst.length, eu: euFirst.length, realm: realm1.length + realm2.length });

    const stats = await t.db.query<Record<string, number | null | Date | string>>(
      `SELECT * FROM goblin.view_latest_commodity_stats WHERE region = 'us' ORDER BY item_id`,
    );
    const reference = referenceStats(usFirst);
    expect(stats).toHaveLength(reference.size);
    for (const row of stats) {
      const ref = reference.get(row.item_id as number)!;
      expect(row.snapshot_at).toEqual(T0);
      expect(row).toMatchObject({
        min_price: ref.minPrice,
        max_price: ref.maxPrice,
        median_price: ref.medianPrice,
        total_quantity: ref.totalQuantity,
        auction_count: ref.auctionCount,
        est_sold: null,
        new_listings: null,
      });
      expect(Math.abs((row.market_value as number) - ref.marketValue!)).toBeLessThanOrEqual(1);
      expect(row.mean_price as number).toBeCloseTo(ref.meanPrice!, 3);
    }

    const tokens = await t.db.query('SELECT region, price, updated_at FROM goblin.view_latest_token_price ORDER BY region');
    expect(tokens).toEqual([
      { region: 'eu', price: 3_100_000_000, updated_at: T0 },
      { region: 'us', price: 2_500_000_000, updated_at: T0 },
    ]);

    // The caged pet and the gear with bonus lists keep every field.
    const pet = realm1.find((a) => a.item.pet_species_id)!;
    const [petRow] = await t.db.query(
      'SELECT item_id, pet_species_id, pet_breed_id, pet_level, pet_quality_id, buyout, modifier_types, modifier_values FROM goblin.realm_auctions WHERE auction_id = $1',
      [pet.id],
    );
    expect(petRow).toEqual({
      item_id: 82800,
      pet_species_id: pet.item.pet_species_id,
      pet_breed_id: pet.item.pet_breed_id,
      pet_level: pet.item.pet_level,
      pet_quality_id: pet.item.pet_quality_id,
      buyout: pet.buyout,
      modifier_types: pet.item.modifiers!.map((m) => m.type),
      modifier_values: pet.item.modifiers!.map((m) => m.value),
    });
    const gear = realm1.find((a) => a.item.bonus_lists)!;
    const [gearRow] = await t.db.query('SELECT context, bonus_lists, time_left FROM goblin.realm_auctions WHERE auction_id = $1', [gear.id]);
    expect(gearRow).toEqual({ context: gear.item.context, bonus_lists: gear.item.bonus_lists, time_left: { SHORT: 1, MEDIUM: 2, LONG: 3, VERY_LONG: 4 }[gear.time_left] });

    const log = await t.db.query<{ dataset: string; status: string }>('SELECT dataset, status FROM ops.scraper_log ORDER BY dataset');
    expect(log.map((l) => `${l.dataset}:${l.status}`)).toEqual([
      'eu/commodities:success',
      'eu/realm-index:failed',
      'eu/token:success',
      'us/commodities:success',
      'us/realm/11:success',
      'us/realm/12:success',
      'us/realm/13:skipped',
      'us/token:success',
    ]);
    const [bench] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ops.load_benchmark`);
    expect(bench!.n).toBe(4);
  });

  it('logs "unchanged" on the next run and stores nothing (304)', async () => {
    const before = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM goblin.commodity_auctions');
    const summary = await scrape();
    expect(summary.results.map((r) => `${r.dataset.key}:${r.status}:${r.httpStatus}`).sort()).toEqual([
      'eu/commodities:unchanged:304',
      'eu/token:unchanged:304',
      'us/commodities:unchanged:304',
      'us/token:unchanged:304',
    ]);
    const ims = server.requestsTo('us', '/data/wow/auctions/commodities').at(-1)!.headers['if-modified-since'];
    expect(ims).toBe(T0.toUTCString());
    const after = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM goblin.commodity_auctions');
    expect(after).toEqual(before);
  });

  it('stores a snapshot once even when the server ignores If-Modified-Since', async () => {
    server.route('us', '/data/wow/auctions/commodities', { body: auctionsBody(usFirst), gzip: true, lastModified: T0, ignoreIfModifiedSince: true });
    const summary = await scrape({ regions: ['us'] });
    expect(byKey(summary.results)['us/commodities']).toMatchObject({ status: 'unchanged', httpStatus: 200 });
    const [snapshots] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM goblin.auction_snapshots WHERE dataset = 'us/commodities'`);
    expect(snapshots!.n).toBe(1);
  });

  it('estimates sales and new listings against the previous snapshot', async () => {
    const T1 = new Date(T0.getTime() + HOUR);
    // The cache holds T0 from the first test; hide it so the database path is used once.
    fs.rmSync(cacheDir, { recursive: true, force: true });
    serveCommodities('us', usSecond, T1);
    const summary = await scrape({ regions: ['us'] });
    expect(byKey(summary.results)['us/commodities']).toMatchObject({ status: 'success', rows: usSecond.length });
    const reference = referenceStats(usSecond, usFirst, HOUR);
    const rows = await t.db.query<{ item_id: number; est_sold: number; new_listings: number; auction_count: number; snapshot_at: Date }>(
      `SELECT item_id, est_sold, new_listings, auction_count, snapshot_at FROM goblin.view_latest_commodity_stats WHERE region = 'us'`,
    );
    expect(rows).toHaveLength(reference.size);
    for (const row of rows) {
      const ref = reference.get(row.item_id)!;
      expect(row.snapshot_at).toEqual(T1);
      expect([row.est_sold, row.new_listings, row.auction_count]).toEqual([ref.estSold, ref.newListings, ref.auctionCount]);
    }
    expect(rows.reduce((a, r) => a + r.est_sold, 0)).toBeGreaterThan(0);
    const [link] = await t.db.query<{ previous_snapshot_id: number | null }>(
      `SELECT previous_snapshot_id FROM goblin.auction_snapshots WHERE dataset = 'us/commodities' AND snapshot_at = $1`,
      [T1],
    );
    expect(link!.previous_snapshot_id).not.toBeNull();
  });

  it('gives the same estimate when the previous snapshot comes from the listing cache', async () => {
    const T1b = new Date(T0.getTime() + 1.5 * HOUR);
    const third = nextSnapshot(usSecond, 24);
    serveCommodities('us', third, T1b);
    // The cache holds the previous snapshot (written by the last test). Its rows are
    // moved out of the database for this run, so only the cache can give the estimate:
    // read from the database instead, every listing would look new and none sold.
    const [previous] = await t.db.query<{ snapshot_id: number; snapshot_at: Date }>(
      `SELECT snapshot_id, snapshot_at FROM goblin.auction_snapshots WHERE dataset = 'us/commodities' ORDER BY snapshot_at DESC LIMIT 1`,
    );
    const where = `snapshot_at = '${previous!.snapshot_at.toISOString()}' AND snapshot_id = ${previous!.snapshot_id}`;
    await t.db.query(`CREATE TABLE public.hidden_listings AS SELECT * FROM goblin.commodity_auctions WHERE ${where}`);
    await t.db.query(`DELETE FROM goblin.commodity_auctions WHERE ${where}`);
    try {
      const summary = await scrape({ regions: ['us'] });
      expect(byKey(summary.results)['us/commodities']).toMatchObject({ status: 'success', rows: third.length });
    } finally {
      await t.db.query('INSERT INTO goblin.commodity_auctions SELECT * FROM public.hidden_listings');
      await t.db.query('DROP TABLE public.hidden_listings');
    }
    const reference = referenceStats(third, usSecond, 0.5 * HOUR);
    const rows = await t.db.query<{ item_id: number; est_sold: number; new_listings: number }>(
      `SELECT item_id, est_sold, new_listings FROM goblin.view_latest_commodity_stats WHERE region = 'us'`,
    );
    expect(rows).toHaveLength(reference.size);
    for (const row of rows) expect([row.est_sold, row.new_listings]).toEqual([reference.get(row.item_id)!.estSold, reference.get(row.item_id)!.newListings]);
    expect(rows.reduce((a, r) => a + r.est_sold, 0)).toBeGreaterThan(0);
    usSecondForLater = third;
  });
});

let usSecondForLater: GeneratedAuction[] = usSecond;

describe('failures stay with their dataset', () => {
  const T2 = new Date(T0.getTime() + 2 * HOUR);

  it('a region answering 500 fails alone; the other is stored', async () => {
    serveCommodities('us', nextSnapshot(usSecondForLater, 23), T2);
    server.route('eu', '/data/wow/auctions/commodities', { status: 500, body: { code: 500, detail: 'Internal Server Error' } });
    const summary = await scrape();
    const results = byKey(summary.results);
    expect(results['us/commodities']!.status).toBe('success');
    expect(results['eu/commodities']).toMatchObject({ status: 'failed', httpStatus: 500 });
    expect(results['eu/commodities']!.error).toMatch(/HTTP 500 after 5 attempts/);
    expect(server.requestsTo('eu', '/data/wow/auctions/commodities').length).toBeGreaterThanOrEqual(5);
  });

  it('waits for Retry-After on 429 and then succeeds', async () => {
    const at = new Date(T2.getTime() + 20 * 60_000);
    server.route(
      'eu',
      '/data/wow/auctions/commodities',
      { status: 429, headers: { 'retry-after': '1' }, body: { code: 429, detail: 'Too Many Requests' } },
      { body: auctionsBody(euFirst), gzip: true, lastModified: at },
    );
    const before = server.requestsTo('eu', '/data/wow/auctions/commodities').length;
    const summary = await scrape({ regions: ['eu'] });
    expect(byKey(summary.results)['eu/commodities']!.status).toBe('success');
    const calls = server.requestsTo('eu', '/data/wow/auctions/commodities').slice(before);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('refreshes an expired token once (401, then success)', async () => {
    server.rejectedTokens.add('token-1');
    for (let i = 2; i <= 50; i++) server.rejectedTokens.delete(`token-${i}`);
    server.tokensIssued = 0;
    const summary = await scrape({ regions: ['us'] });
    expect(byKey(summary.results)['us/token']!.status).not.toBe('failed');
    expect(server.tokensIssued).toBe(2);
  });

  it('a truncated gzip body fails with a clear reason and stores nothing', async () => {
    const body = auctionsBody(generateAuctions({ auctions: 3000, items: 50, seed: 77 }));
    server.route('us', '/data/wow/auctions/commodities', { body, gzip: true, lastModified: new Date(T2.getTime() + HOUR), truncateAt: 20_000 });
    const before = await t.db.query('SELECT count(*)::int AS n FROM goblin.commodity_auctions');
    const summary = await scrape({ regions: ['us'] });
    const result = byKey(summary.results)['us/commodities']!;
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/cut off|truncated|aborted|terminated|closed/i);
    expect(await t.db.query('SELECT count(*)::int AS n FROM goblin.commodity_auctions')).toEqual(before);
    const [snapshots] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM goblin.auction_snapshots WHERE snapshot_at = $1`, [
      new Date(T2.getTime() + HOUR),
    ]);
    expect(snapshots!.n).toBe(0);
  });

  it('an HTML page served with status 200 fails as "not JSON" and stores nothing', async () => {
    const at = new Date(T2.getTime() + 2 * HOUR);
    server.route('us', '/data/wow/auctions/commodities', {
      body: '<!DOCTYPE html><html><head><title>Maintenance</title></head></html>',
      headers: { 'content-type': 'text/html' },
      lastModified: at,
    });
    const summary = await scrape({ regions: ['us'] });
    const result = byKey(summary.results)['us/commodities']!;
    expect(result).toMatchObject({ status: 'failed', httpStatus: 200 });
    expect(result.error).toMatch(/not JSON \(it starts with "<!DOCTYPE html>/);
    const [log] = await t.db.query<{ error: string }>(`SELECT error FROM ops.scraper_log WHERE dataset = 'us/commodities' ORDER BY attempt_id DESC LIMIT 1`);
    expect(log!.error).toMatch(/not JSON/);
    const [snapshots] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM goblin.auction_snapshots WHERE snapshot_at = $1`, [at]);
    expect(snapshots!.n).toBe(0);
  });

  it('rejected credentials end the run with a configuration error', async () => {
    await expect(scrape({ regions: ['us'] }, client({ BLIZZARD_CLIENT_SECRET: 'wrong-secret' }))).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('daily sales', () => {
  it("rolls up a region's day of sales after the run once the day has ended, once", async () => {
    const day = '2026-11-20';
    const expected = await t.db.query<{ item_id: number; sold: number }>(
      `SELECT s.item_id, sum(s.est_sold)::int AS sold FROM goblin.item_stats s JOIN goblin.auction_snapshots a USING (snapshot_id, snapshot_at)
       WHERE a.dataset = 'us/commodities' AND (a.snapshot_at AT TIME ZONE 'UTC')::date = $1 AND s.est_sold > 0 GROUP BY 1 ORDER BY 1`,
      [day],
    );
    const [counts] = await t.db.query<{ n: number; hours: number }>(
      `SELECT count(*)::int AS n, (extract(epoch FROM max(snapshot_at) - min(snapshot_at)) / 3600)::float8 AS hours
       FROM goblin.auction_snapshots WHERE dataset = 'us/commodities' AND (snapshot_at AT TIME ZONE 'UTC')::date = $1`,
      [day],
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(await t.db.query('SELECT * FROM goblin.daily_sales_rollups')).toEqual([]);

    const nextDay = new Date('2026-11-21T00:30:00Z');
    serveCommodities('us', nextSnapshot(usSecondForLater, 25), nextDay);
    // Fetched at 03:31: the 20th ended more than the 3 hours of grace ago.
    const clock = { ...systemClock, now: () => nextDay.getTime() + 3 * HOUR + 60_000 };
    const api = client();
    try {
      for (let run = 0; run < 2; run++) await scrapeOnce({ regions: ['us'], realms: { mode: 'none' }, concurrency: 2 }, { db: t.db, api, clock, log: silentLogger, cache });
    } finally {
      await api.close();
    }
    const rollups = await t.db.query<{ region: string; connected_realm_id: number | null; day: string; snapshot_count: number; hours_covered: number }>(
      "SELECT region, connected_realm_id, to_char(day, 'YYYY-MM-DD') AS day, snapshot_count, hours_covered FROM goblin.daily_sales_rollups ORDER BY connected_realm_id NULLS FIRST",
    );
    // Every market of the region scraped, in one pass: the commodities and the two realms of the first test.
    // Only that region (eu has snapshots of the 20th too). The day's first snapshot had no previous one:
    // the hours covered start there.
    expect(rollups.map((r) => [r.region, r.connected_realm_id, r.day])).toEqual([['us', null, day], ['us', 11, day], ['us', 12, day]]);
    expect(rollups[0]).toMatchObject({ snapshot_count: counts!.n, hours_covered: counts!.hours });
    const stored = await t.db.query(`SELECT item_id, units_sold::int AS sold FROM goblin.item_daily_sales WHERE region = 'us' AND connected_realm_id IS NULL ORDER BY 1`);
    expect(stored).toEqual(expected);
  });
});
