/**
 * tsx bench/variant-stats.ts — what the per-variant statistics cost a realm scrape.
 *
 *  1. Rows per realm snapshot (in-process, no database): goblin.item_stats rows,
 *     variant rows if every variant were stored, and the rows stored (items
 *     listed in more than one variant), for test/helpers/auction-generator.ts's
 *     realm snapshots (bonus ids random per auction: an upper bound) and
 *     test/helpers/variant-auctions.ts's (variants as a realm has them).
 *  2. Request → commit of one realm snapshot (ops.load_benchmark.total_ms) by
 *     `scrapeOnce` of this tree against a build of the code before it
 *     (VARIANT_BASE_DIST, e.g. `git archive liquidate | tar -x -C /tmp/base`,
 *     then `tsc` there), interleaved round by round, alternating who goes first.
 *
 * Options (env): BENCH_AUCTIONS=100000 BENCH_ITEMS=15000 BENCH_ROUNDS=5 VARIANT_BASE_DIST=/tmp/variants-base/dist
 * Needs DATABASE_URL (or the embedded server).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlizzardClient } from '../src/core/blizzard/client.js';
import { systemClock } from '../src/core/clock.js';
import { loadConfig } from '../src/core/config.js';
import { migrate } from '../src/core/db/migrate.js';
import { createDatabase, type Database } from '../src/core/db/pool.js';
import { silentLogger } from '../src/core/log.js';
import { unitPriceOf } from '../src/core/scrape/auction-encoder.js';
import { AuctionStreamParser } from '../src/core/scrape/auction-parser.js';
import { ListingCache } from '../src/core/scrape/listing-cache.js';
import { scrapeOnce } from '../src/core/scrape/scrape.js';
import { SnapshotStats } from '../src/core/scrape/snapshot-stats.js';
import { VariantStats } from '../src/core/scrape/variant-stats.js';
import { auctionsBody, generateAuctions, nextSnapshot, type GeneratedAuction } from '../test/helpers/auction-generator.js';
import { FakeBlizzard, realmIndexBody, tokenBody } from '../test/helpers/fake-blizzard.js';
import { variantRealmAuctions } from '../test/helpers/variant-auctions.js';
import { benchDatabase, median } from './lib/bench-db.js';

const AUCTIONS = Number(process.env.BENCH_AUCTIONS ?? 100_000);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 15_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BASE_DIST = process.env.VARIANT_BASE_DIST ?? '/tmp/variants-base/dist';
const HOUR = 3_600_000;

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function rowCounts(name: string, auctions: GeneratedAuction[]): Promise<void> {
  const stats = new SnapshotStats();
  const variants = new VariantStats();
  const parser = new AuctionStreamParser((row) => {
    const price = unitPriceOf(row);
    stats.add(row.auctionId, row.itemId, row.petSpeciesId ?? 0, row.quantity, price, row.timeLeft);
    variants.add(row, price);
  });
  parser.push(Buffer.from(auctionsBody(auctions, 'realm', 11)));
  parser.end();
  const started = performance.now();
  const stored = await variants.finish();
  const finishMs = performance.now() - started;
  log(
    `${name}: ${auctions.length} auctions, item_stats rows ${stats.itemCount}, every variant ${variants.variantCount}, stored (multi-variant items) ${stored.length} — finish ${finishMs.toFixed(1)} ms`,
  );
}

interface Version {
  name: string;
  scrapeOnce: typeof scrapeOnce;
  BlizzardClient: typeof BlizzardClient;
}

async function scrapeTimes(): Promise<void> {
  const base: Version = {
    name: 'before',
    scrapeOnce: ((await import(path.join(BASE_DIST, 'core/scrape/scrape.js'))) as { scrapeOnce: typeof scrapeOnce }).scrapeOnce,
    BlizzardClient: ((await import(path.join(BASE_DIST, 'core/blizzard/client.js'))) as { BlizzardClient: typeof BlizzardClient }).BlizzardClient,
  };
  const current: Version = { name: 'after', scrapeOnce, BlizzardClient };
  const bench = await benchDatabase('holocron_bench_variants');
  const db: Database = createDatabase({ config: bench.config, describe: 'bench' }, silentLogger);
  const server = await new FakeBlizzard().start();
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-variant-cache-'));
  try {
    await migrate(db, silentLogger);
    const first = variantRealmAuctions({ auctions: AUCTIONS, items: ITEMS, seed: 7 });
    const bodies = [first, nextSnapshot(first, 8)].map((a) => auctionsBody(a, 'realm', 11));
    const t0 = Date.UTC(2026, 10, 20, 0, 3, 7);
    server.route('us', '/data/wow/auctions/commodities', { body: auctionsBody(generateAuctions({ auctions: 100, items: 10, seed: 1 })), lastModified: new Date(t0) });
    server.route('us', '/data/wow/token/index', { body: tokenBody(1, new Date(t0)), lastModified: new Date(t0) });
    server.route('us', '/data/wow/connected-realm/index', { body: realmIndexBody('us', [11]) });
    const config = loadConfig({ ...server.env(), HOLOCRON_HOME: cacheDir });
    const cache = new ListingCache(cacheDir, 'bench', silentLogger);
    const times: Record<string, number[]> = { before: [], after: [] };
    let hour = 0;
    const load = async (version: Version, measured: boolean) => {
      hour += 1;
      server.route('us', '/data/wow/connected-realm/11/auctions', { body: bodies[hour % 2], gzip: true, lastModified: new Date(t0 + hour * HOUR) });
      const api = new version.BlizzardClient({ config: config.blizzard, userAgent: 'bench', clock: systemClock, log: silentLogger, random: () => 0.5 });
      try {
        await version.scrapeOnce({ regions: ['us'], realms: { mode: 'list', ids: [11] }, concurrency: 1 }, { db, api, clock: systemClock, log: silentLogger, cache });
      } finally {
        await api.close();
      }
      const [row] = await db.query<{ total_ms: number; stats_ms: number }>(
        `SELECT total_ms, stats_ms FROM ops.load_benchmark WHERE dataset = 'us/realm/11' ORDER BY load_id DESC LIMIT 1`,
      );
      if (measured) times[version.name]!.push(row!.total_ms);
      return row!;
    };
    // Warm-up: a previous snapshot for each, caches and JIT.
    for (const v of [base, current, base, current]) await load(v, false);
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [base, current] : [current, base];
      const line: string[] = [];
      for (const v of order) {
        const row = await load(v, true);
        line.push(`${v.name} ${row.total_ms} ms (stats ${row.stats_ms})`);
      }
      log(`round ${round + 1}: ${line.join(', ')}`);
    }
    const [variantRows] = await db.query<{ rows: number; snapshots: number }>(
      'SELECT count(*)::int AS rows, count(DISTINCT snapshot_id)::int AS snapshots FROM goblin.item_variant_stats',
    );
    const b = median(times.before!);
    const a = median(times.after!);
    const paired = median(times.after!.map((t, i) => t - times.before![i]!));
    log(`median request → commit per realm snapshot of ${AUCTIONS} auctions: before ${b} ms, after ${a} ms (${a - b >= 0 ? '+' : ''}${a - b} ms, ×${(a / b).toFixed(3)}); median of the paired differences ${paired} ms`);
    log(`variant rows stored: ${variantRows!.rows} over ${variantRows!.snapshots} snapshots`);
  } finally {
    await db.close();
    await server.stop();
    await bench.close();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

await rowCounts('auction-generator (random bonus per auction)', generateAuctions({ auctions: AUCTIONS, items: ITEMS, seed: 7, kind: 'realm' }));
await rowCounts('variant-auctions (realistic variants)', variantRealmAuctions({ auctions: AUCTIONS, items: ITEMS, seed: 7 }));
await rowCounts('variant-auctions ×2', variantRealmAuctions({ auctions: AUCTIONS * 2, items: ITEMS * 2, seed: 9 }));
if (!process.argv.includes('--rows-only')) await scrapeTimes();
