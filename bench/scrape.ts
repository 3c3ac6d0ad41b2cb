/**
 * npm run bench:scrape — the real `holocron scrape --once` against a local server
 * serving a gzip-compressed, Blizzard-shaped commodities body, compared in the
 * same run with:
 *   ceiling  `psql \copy` of the same rows from a ready CSV file into the same table
 *   seed way JSON.parse + 5000-row parameterised INSERT batches + the same statistics
 * Measurements are interleaved round by round (the machine drifts ±25 %) and the
 * medians reported. Targets: scrape ≤ 1.25× the ceiling, ≥ 6× faster than the
 * seed way, peak RSS ≤ 200 MB at 500k and ≤ 250 MB at 1.5M auctions.
 *
 * Options (env): BENCH_AUCTIONS=500000 BENCH_ITEMS=15000 BENCH_ROUNDS=7 BENCH_SEED_WAY=1
 *                BENCH_SCALE_AUCTIONS=1500000 (0 skips) BENCH_SCALE_ROUNDS=3 BENCH_TRACE_RSS=1
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { request } from 'undici';
import { SnapshotStats } from '../src/core/scrape/snapshot-stats.js';
import { auctionsBody, generateAuctions, nextSnapshot, type GeneratedAuction } from '../test/helpers/auction-generator.js';
import { FakeBlizzard, tokenBody } from '../test/helpers/fake-blizzard.js';
import { benchDatabase, hasPsql, machineLine, median, runHolocron, type BenchDatabase } from './lib/bench-db.js';

const AUCTIONS = Number(process.env.BENCH_AUCTIONS ?? 500_000);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 15_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SCALE = Number(process.env.BENCH_SCALE_AUCTIONS ?? 1_500_000);
const SCALE_ROUNDS = Number(process.env.BENCH_SCALE_ROUNDS ?? 3);
const HOUR = 3_600_000;
const TIME_LEFT = { SHORT: 1, MEDIUM: 2, LONG: 3, VERY_LONG: 4 } as const;

interface Snapshots {
  bodies: Buffer[];
  gzipped: Buffer[];
  auctions: GeneratedAuction[][];
  csv: string;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Two alternating snapshots, so every measured scrape has a realistic previous one. */
function makeSnapshots(count: number, items: number): Snapshots {
  const first = generateAuctions({ auctions: count, items, seed: 7 });
  const second = nextSnapshot(first, 8);
  const bodies = [first, second].map((a) => Buffer.from(auctionsBody(a)));
  // Compressed once here, so the local server's gzip is not part of the measurement.
  const gzipped = bodies.map((b) => gzipSync(b, { level: 6 }));
  const csv = path.join(os.tmpdir(), `holocron-bench-${count}.csv`);
  const out = fs.openSync(csv, 'w');
  let lines: string[] = [];
  for (const a of first) {
    lines.push(`${CEILING_DAY} 03:00:00+00,999999,${a.id},${a.item.id},${a.quantity},${a.unit_price},${TIME_LEFT[a.time_left]}`);
    if (lines.length === 50_000) {
      fs.writeSync(out, `${lines.join('\n')}\n`);
      lines = [];
    }
  }
  if (lines.length) fs.writeSync(out, `${lines.join('\n')}\n`);
  fs.closeSync(out);
  return { bodies, gzipped, auctions: [first, second], csv };
}

/**
 * Every timed step starts from a quiet server: no autovacuum still working off
 * the previous step, and a fresh checkpoint. Hourly scrapes see that in real life.
 */
async function quiesce(db: BenchDatabase): Promise<void> {
  const client = new pg.Client(db.config);
  await client.connect();
  for (let i = 0; i < 300; i++) {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`);
    if (rows[0].n === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await client.query('CHECKPOINT');
  await client.end();
}

/** The ceiling and the seed way write into their own day partition, emptied afterwards (TRUNCATE leaves no vacuum work). */
const CEILING_DAY = '2026-11-24';
const SEED_DAY = '2026-11-25';

async function ceiling(db: BenchDatabase, csv: string): Promise<{ ms: number; how: string }> {
  const columns = '(snapshot_at, snapshot_id, auction_id, item_id, quantity, unit_price, time_left)';
  const table = `goblin.commodity_auctions_p${CEILING_DAY.replaceAll('-', '')}`;
  await exec(db, `SELECT ops.ensure_daily_partition('goblin.commodity_auctions', '${CEILING_DAY}')`);
  await quiesce(db);
  if (hasPsql()) {
    const started = performance.now();
    const result = spawnSync('psql', [db.url, '-q', '-v', 'ON_ERROR_STOP=1', '-c', `\\copy ${table} ${columns} FROM '${csv}' WITH (FORMAT csv)`], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    const ms = performance.now() - started;
    if (result.status !== 0) throw new Error(`psql \\copy failed: ${result.stderr}`);
    await exec(db, `TRUNCATE ${table}`);
    return { ms, how: 'psql \\copy (csv)' };
  }
  // Without psql: the same bytes through pg-copy-streams (measured equal to psql).
  const client = new pg.Client(db.config);
  await client.connect();
  const started = performance.now();
  await pipeline(fs.createReadStream(csv), client.query(copyFrom(`COPY ${table} ${columns} FROM STDIN WITH (FORMAT csv)`)));
  const ms = performance.now() - started;
  await client.query(`TRUNCATE ${table}`);
  await client.end();
  return { ms, how: 'pg-copy-streams csv (psql not installed)' };
}

/** The seed's way: JSON.parse the whole body, INSERT 5000 rows per statement, then the statistics. */
async function seedWay(db: BenchDatabase, url: string, id: number): Promise<number> {
  const snapshotAt = new Date(`${SEED_DAY}T03:00:00Z`);
  await exec(db, `SELECT ops.ensure_daily_partition('goblin.commodity_auctions', '${SEED_DAY}'), ops.ensure_daily_partition('goblin.item_stats', '${SEED_DAY}')`);
  await quiesce(db);
  const started = performance.now();
  const response = await request(url, { headers: { 'accept-encoding': 'gzip', authorization: 'Bearer token-1' } });
  const raw = Buffer.from(await response.body.arrayBuffer());
  const doc = JSON.parse(gunzipSync(raw).toString('utf8')) as { auctions: GeneratedAuction[] };
  const client = new pg.Client(db.config);
  await client.connect();
  await client.query('BEGIN');
  const table = `goblin.commodity_auctions_p${snapshotAt.toISOString().slice(0, 10).replaceAll('-', '')}`;
  for (let i = 0; i < doc.auctions.length; i += 5000) {
    const batch = doc.auctions.slice(i, i + 5000);
    const values: unknown[] = [];
    const tuples = batch.map((a, j) => {
      values.push(snapshotAt, id, a.id, a.item.id, a.quantity, a.unit_price, TIME_LEFT[a.time_left]);
      const b = j * 7;
      return `($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6},$${b + 7})`;
    });
    await client.query(`INSERT INTO ${table} (snapshot_at, snapshot_id, auction_id, item_id, quantity, unit_price, time_left) VALUES ${tuples.join(',')}`, values);
  }
  const stats = new SnapshotStats();
  for (const a of doc.auctions) stats.add(a.id, a.item.id, 0, a.quantity, a.unit_price ?? null, TIME_LEFT[a.time_left]);
  const rows = await stats.finish();
  const statsTable = `goblin.item_stats_p${snapshotAt.toISOString().slice(0, 10).replaceAll('-', '')}`;
  for (let i = 0; i < rows.length; i += 5000) {
    const batch = rows.slice(i, i + 5000);
    const values: unknown[] = [];
    const tuples = batch.map((r, j) => {
      values.push(snapshotAt, id, r.itemId, r.minPrice, r.maxPrice, r.meanPrice, r.medianPrice, r.marketValue, r.totalQuantity, r.auctionCount);
      const b = j * 10;
      return `(${Array.from({ length: 10 }, (_, k) => `$${b + k + 1}`).join(',')})`;
    });
    await client.query(
      `INSERT INTO ${statsTable} (snapshot_at, snapshot_id, item_id, min_price, max_price, mean_price, median_price, market_value, total_quantity, auction_count) VALUES ${tuples.join(',')}`,
      values,
    );
  }
  await client.query('COMMIT');
  const ms = performance.now() - started;
  await client.query(`TRUNCATE ${table}, ${statsTable}`);
  await client.end();
  return ms;
}

async function exec(db: BenchDatabase, sql: string): Promise<void> {
  const client = new pg.Client(db.config);
  await client.connect();
  await client.query(sql);
  await client.end();
}

async function lastLoad(db: BenchDatabase): Promise<{ total_ms: number; load_ms: number; stats_ms: number; rows: number }> {
  const client = new pg.Client(db.config);
  await client.connect();
  const { rows } = await client.query(`SELECT total_ms, load_ms, stats_ms, rows FROM ops.load_benchmark WHERE dataset = 'us/commodities' ORDER BY load_id DESC LIMIT 1`);
  await client.end();
  return rows[0];
}

interface SizeResult {
  auctions: number;
  bodyMb: number;
  gzipMb: number;
  ceilingMs: number[];
  ceilingHow: string;
  scrapeLoadMs: number[];
  scrapeWallMs: number[];
  seedMs: number[];
  peakRssMb: number[];
}

async function measure(count: number, rounds: number, withSeedWay: boolean): Promise<SizeResult> {
  log(`generating ${count.toLocaleString()} auctions over ${ITEMS.toLocaleString()} items…`);
  const snaps = makeSnapshots(count, ITEMS);
  const server = await new FakeBlizzard().start();
  const db = await benchDatabase(`holocron_bench_${count}`);
  const env = { ...server.env(), DATABASE_URL: db.url };
  const result: SizeResult = {
    auctions: count,
    bodyMb: snaps.bodies[0]!.length / 1e6,
    gzipMb: 0,
    ceilingMs: [],
    ceilingHow: '',
    scrapeLoadMs: [],
    scrapeWallMs: [],
    seedMs: [],
    peakRssMb: [],
  };
  try {
    const start = new Date('2026-11-21T03:12:00Z');
    server.route('us', '/data/wow/token/index', { body: tokenBody(2e9, start), lastModified: start });
    // Round 0 stores a first snapshot (not measured), so every measured scrape compares to a previous one.
    for (let round = 0; round <= rounds; round++) {
      const at = new Date(start.getTime() + round * HOUR);
      server.route('us', '/data/wow/auctions/commodities', {
        body: snaps.gzipped[round % 2]!,
        headers: { 'content-encoding': 'gzip' },
        lastModified: at,
      });
      if (round > 0) {
        const c = await ceiling(db, snaps.csv);
        result.ceilingMs.push(c.ms);
        result.ceilingHow = c.how;
      }
      await quiesce(db);
      const run = await runHolocron(['-v', 'scrape', '--once', '--region', 'us'], env);
      const detail = run.stderr.split("\n").filter((l) => /us\/commodities: (load|loaded)/.test(l)).join("\n    ");
      if (detail) log(`  ${detail}`);
      if (run.code !== 0) throw new Error(`scrape exited ${run.code}: ${run.stderr}`);
      if (round === 0) {
        log(`  warm-up scrape stored the first snapshot (${(run.wallMs / 1000).toFixed(2)} s)`);
        continue;
      }
      const load = await lastLoad(db);
      if (load.rows !== snaps.auctions[round % 2]!.length) throw new Error(`expected ${snaps.auctions[round % 2]!.length} rows, stored ${load.rows}`);
      result.scrapeLoadMs.push(load.total_ms);
      result.scrapeWallMs.push(run.wallMs);
      result.peakRssMb.push(run.peakRssMb);
      if (withSeedWay) {
        const url = `${server.apiUrl.replace('{region}', 'us')}/data/wow/auctions/commodities?namespace=dynamic-us`;
        result.seedMs.push(await seedWay(db, url, 999_998));
      }
      log(
        `  round ${round}: ceiling ${result.ceilingMs.at(-1)!.toFixed(0)} ms, scrape ${load.total_ms} ms (load ${load.load_ms}, stats ${load.stats_ms}; process ${run.wallMs.toFixed(0)} ms, ${run.peakRssMb.toFixed(0)} MB)` +
          (withSeedWay ? `, seed way ${result.seedMs.at(-1)!.toFixed(0)} ms` : ''),
      );
    }
    const gz = await request(`${server.apiUrl.replace('{region}', 'us')}/data/wow/auctions/commodities?namespace=dynamic-us`, {
      headers: { 'accept-encoding': 'gzip', authorization: 'Bearer token-1' },
    });
    result.gzipMb = (await gz.body.arrayBuffer()).byteLength / 1e6;
    void snaps.bodies;
  } finally {
    await server.stop();
    await db.close();
    fs.rmSync(snaps.csv, { force: true });
  }
  return result;
}

function report(r: SizeResult, rssTarget: number): string[] {
  const ceilingMs = median(r.ceilingMs);
  const scrapeMs = median(r.scrapeLoadMs);
  const wallMs = median(r.scrapeWallMs);
  // Each round measures both back to back; the median of the paired ratios is
  // steadier on a machine that drifts ±25 % than a ratio of medians.
  const ratio = median(r.scrapeLoadMs.map((ms, i) => ms / r.ceilingMs[i]!));
  const wallRatio = median(r.scrapeWallMs.map((ms, i) => ms / r.ceilingMs[i]!));
  const rss = Math.max(...r.peakRssMb);
  const lines = [
    `${r.auctions.toLocaleString()} auctions (${r.bodyMb.toFixed(1)} MB JSON, ${r.gzipMb.toFixed(1)} MB gzip), median of ${r.ceilingMs.length}:`,
    `  ceiling   ${r.ceilingHow.padEnd(22)} ${(ceilingMs / 1000).toFixed(3)} s`,
    `  scrape    request → commit         ${(scrapeMs / 1000).toFixed(3)} s   ratio ${ratio.toFixed(2)}× ceiling (target ≤ 1.25)`,
    `            whole process            ${(wallMs / 1000).toFixed(3)} s   ratio ${wallRatio.toFixed(2)}× ceiling (node start, migrations check, token)`,
  ];
  if (r.seedMs.length) {
    const seedMs = median(r.seedMs);
    const speedup = median(r.seedMs.map((ms, i) => ms / r.scrapeLoadMs[i]!));
    lines.push(`  seed way  JSON.parse + INSERT 5000 ${(seedMs / 1000).toFixed(3)} s   scrape is ${speedup.toFixed(1)}× faster (target ≥ 6)`);
  }
  lines.push(`  peak RSS  ${rss.toFixed(0)} MB (target ≤ ${rssTarget} MB)`);
  return lines;
}

const main = async () => {
  const results: string[] = [`holocron bench:scrape — ${new Date().toISOString()}`, machineLine()];
  const base = await measure(AUCTIONS, ROUNDS, process.env.BENCH_SEED_WAY !== '0');
  results.push(...report(base, 200));
  if (SCALE > 0) {
    const scaled = await measure(SCALE, SCALE_ROUNDS, false);
    results.push(...report(scaled, 250));
  }
  process.stdout.write(`${results.join('\n')}\n`);
};

await main();
