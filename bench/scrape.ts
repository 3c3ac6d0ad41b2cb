/**
 * npm run bench:scrape — the real `holocron scrape --once` against a local server
 * serving a gzip-compressed, Blizzard-shaped commodities body, compared in the
 * same run with:
 *   ceiling  `psql \copy` of exactly the rows that round's scrape loads (one CSV
 *            per body; the row counts are checked every round)
 *   seed way JSON.parse + 5000-row parameterised INSERT batches + the same statistics
 * Two comparisons over the same boundaries on both sides:
 *   (a) request → commit (ops.load_benchmark.total_ms) against the COPY alone
 *       (psql's \timing around the \copy: query sent → file streamed → committed)
 *   (b) the whole `holocron scrape` process against the whole `psql` process
 * Steps are interleaved round by round (the machine drifts ±25 %), and the
 * medians of the paired ratios reported with every round's ratios. CPU per
 * step (client threads, server processes, the rest of the machine) comes from
 * /proc, to say where the gap goes. Targets: (a) ≤ 1.25× the ceiling, ≥ 6× faster
 * than the seed way, peak RSS ≤ 200 MB at 500k and ≤ 250 MB at 1.5M auctions.
 *
 * Options (env): BENCH_AUCTIONS=500000 BENCH_ITEMS=15000 BENCH_ROUNDS=7 BENCH_SEED_WAY=1
 *                BENCH_FIXED=1 (a 304 scrape against `psql -c 'SELECT 1'` each round)
 *                BENCH_SCALE_AUCTIONS=1500000 (0 skips) BENCH_SCALE_ROUNDS=3 BENCH_TRACE_RSS=1
 */
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
import { benchDatabase, hasPsql, machineLine, runHolocron, runTimed, type BenchDatabase, type HolocronRun, type ProcessRun } from './lib/bench-db.js';
import { cpuSpent, postmasterOf, sampleCpu, type CpuSpent } from './lib/cpu.js';
import { report, type Round, type SizeResult, type Step } from './lib/scrape-report.js';

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
  /** One CSV per body, so each round's \copy loads exactly the rows its scrape does. */
  csvs: string[];
  csvRows: number[];
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Two alternating snapshots, so every measured scrape has a realistic previous one. */
function makeSnapshots(count: number, items: number): Snapshots {
  const first = generateAuctions({ auctions: count, items, seed: 7 });
  const second = nextSnapshot(first, 8);
  const auctions = [first, second];
  const bodies = auctions.map((a) => Buffer.from(auctionsBody(a)));
  // Compressed once here, so the local server's gzip is not part of the measurement.
  const gzipped = bodies.map((b) => gzipSync(b, { level: 6 }));
  const csvs = auctions.map((_, i) => path.join(os.tmpdir(), `holocron-bench-${process.pid}-${count}-${i}.csv`));
  const csvRows = auctions.map((a, i) => writeCsv(csvs[i]!, a));
  return { bodies, gzipped, auctions, csvs, csvRows };
}

/** The rows as the scrape stores them (a constant snapshot id); returns the number of lines written. */
function writeCsv(file: string, auctions: GeneratedAuction[]): number {
  const out = fs.openSync(file, 'w');
  let lines: string[] = [];
  let written = 0;
  const flush = () => {
    if (lines.length) fs.writeSync(out, `${lines.join('\n')}\n`);
    written += lines.length;
    lines = [];
  };
  for (const a of auctions) {
    if (a.unit_price === undefined) continue; // the scrape skips these too
    lines.push(`${CEILING_DAY} 03:00:00+00,999999,${a.id},${a.item.id},${a.quantity},${a.unit_price},${TIME_LEFT[a.time_left]}`);
    if (lines.length === 50_000) flush();
  }
  flush();
  fs.closeSync(out);
  return written;
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
const CEILING_TABLE = `goblin.commodity_auctions_p${CEILING_DAY.replaceAll('-', '')}`;
const CEILING_COLUMNS = '(snapshot_at, snapshot_id, auction_id, item_id, quantity, unit_price, time_left)';

interface Measured<R> {
  run: R;
  cpu: CpuSpent | undefined;
}

/** Runs one spawned step with the CPU read from /proc just before and just after it. */
async function accounted<R extends ProcessRun>(postmaster: number | undefined, start: () => Promise<R>): Promise<Measured<R>> {
  const before = sampleCpu(postmaster);
  const run = await start();
  return { run, cpu: cpuSpent(before, sampleCpu(postmaster)) };
}

function psql(db: BenchDatabase, commands: string[]): Promise<ProcessRun> {
  return runTimed('psql', [db.url, '-X', '-v', 'ON_ERROR_STOP=1', ...commands.flatMap((c) => ['-c', c])], {});
}

/**
 * The ceiling. `\copy` sends COPY … FROM STDIN and streams the file; psql's
 * \timing brackets exactly that statement (sent → file streamed → CommandComplete,
 * committed, as psql autocommits), the same span as the scrape's request → commit
 * on a connection it already holds. The process's wall time adds psql's start,
 * connection and exit, as the whole `holocron scrape` adds its own.
 */
async function ceiling(db: BenchDatabase, postmaster: number | undefined, csv: string): Promise<Step & { rows: number }> {
  await exec(db, `SELECT ops.ensure_daily_partition('goblin.commodity_auctions', '${CEILING_DAY}')`);
  await quiesce(db);
  if (!hasPsql()) return copyWithoutPsql(db, csv);
  const { run, cpu } = await accounted(postmaster, () => psql(db, ['\\timing on', `\\copy ${CEILING_TABLE} ${CEILING_COLUMNS} FROM '${csv}' WITH (FORMAT csv)`]));
  if (run.code !== 0) throw new Error(`psql \\copy failed: ${run.stderr}`);
  const rows = Number(/^COPY (\d+)$/m.exec(run.stdout)?.[1]);
  const timed = Number(/^Time: ([\d.]+) ms/m.exec(run.stdout)?.[1]);
  if (!Number.isFinite(rows) || !Number.isFinite(timed)) throw new Error(`psql printed no COPY count or timing: ${run.stdout}`);
  await exec(db, `TRUNCATE ${CEILING_TABLE}`);
  return { innerMs: timed, processMs: run.wallMs, cpu, rows };
}

/** Without psql: the same bytes through pg-copy-streams; there is then no process to compare with. */
async function copyWithoutPsql(db: BenchDatabase, csv: string): Promise<Step & { rows: number }> {
  const client = new pg.Client(db.config);
  await client.connect();
  const started = performance.now();
  const sink = client.query(copyFrom(`COPY ${CEILING_TABLE} ${CEILING_COLUMNS} FROM STDIN WITH (FORMAT csv)`));
  await pipeline(fs.createReadStream(csv), sink);
  const innerMs = performance.now() - started;
  await client.query(`TRUNCATE ${CEILING_TABLE}`);
  await client.end();
  return { innerMs, processMs: Number.NaN, cpu: undefined, rows: sink.rowCount };
}

async function scrape(db: BenchDatabase, postmaster: number | undefined, env: Record<string, string>): Promise<Measured<HolocronRun>> {
  await quiesce(db);
  const measured = await accounted(postmaster, () => runHolocron(['-v', 'scrape', '--once', '--region', 'us'], env));
  if (measured.run.code !== 0) throw new Error(`scrape exited ${measured.run.code}: ${measured.run.stderr}`);
  return measured;
}

/**
 * The scrape's own account (holocron -v): when the database was ready (process
 * start → connected and migrations checked), and the load's phases.
 */
function verboseTimings(stderr: string): Round['verbose'] {
  const ready = /database ready ([\d.]+) ms after start/.exec(stderr);
  const m = /us\/commodities: load (\d+) ms, .*statistics ready \+(\d+) ms, stats rows written \+(\d+) ms/.exec(stderr);
  if (!ready || !m) return undefined;
  return { dbReadyMs: Number(ready[1]), loadMs: Number(m[1]), readyMs: Number(m[2]), writtenMs: Number(m[3]) };
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

async function lastLoad(db: BenchDatabase): Promise<{ total_ms: number; load_ms: number; stats_ms: number; rows: number; attempts: number }> {
  const client = new pg.Client(db.config);
  await client.connect();
  const { rows } = await client.query(
    `SELECT total_ms, load_ms, stats_ms, rows, (SELECT count(*)::int FROM ops.load_benchmark) AS attempts
     FROM ops.load_benchmark WHERE dataset = 'us/commodities' ORDER BY load_id DESC LIMIT 1`,
  );
  await client.end();
  return rows[0];
}

async function postmasterPid(db: BenchDatabase): Promise<number | undefined> {
  const client = new pg.Client(db.config);
  await client.connect();
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  // Read while connected: the backend's /proc entry goes when it ends.
  const postmaster = postmasterOf(rows[0]!.pid);
  await client.end();
  if (postmaster === undefined) log('  the server runs elsewhere (no /proc entry for its backend): no server CPU figures');
  return postmaster;
}

/** Ceiling first in rounds 1, 2, 5, 6, scrape first in 3, 4, 7: each body is measured in both orders. */
const ceilingFirst = (round: number) => Math.ceil(round / 2) % 2 === 1;

async function measure(count: number, rounds: number, options: { seedWay: boolean; fixed: boolean }): Promise<SizeResult> {
  log(`generating ${count.toLocaleString()} auctions over ${ITEMS.toLocaleString()} items…`);
  const snaps = makeSnapshots(count, ITEMS);
  const server = await new FakeBlizzard().start();
  const db = await benchDatabase(`holocron_bench_${count}`);
  const env = { ...server.env(), DATABASE_URL: db.url };
  const postmaster = await postmasterPid(db);
  const result: SizeResult = {
    bodies: snaps.bodies.map((b, i) => ({ rows: snaps.csvRows[i]!, jsonMb: b.length / 1e6, gzipMb: snaps.gzipped[i]!.length / 1e6 })),
    ceilingHow: hasPsql() ? 'psql \\copy (csv)' : 'pg-copy-streams csv (psql not installed)',
    rounds: [],
  };
  try {
    const start = new Date('2026-11-21T03:12:00Z');
    server.route('us', '/data/wow/token/index', { body: tokenBody(2e9, start), lastModified: start });
    // Round 0 stores a first snapshot (not measured), so every measured scrape compares to a previous one.
    for (let round = 0; round <= rounds; round++) {
      const body = round % 2;
      server.route('us', '/data/wow/auctions/commodities', {
        body: snaps.gzipped[body]!,
        headers: { 'content-encoding': 'gzip' },
        lastModified: new Date(start.getTime() + round * HOUR),
      });
      if (round === 0) {
        const warm = await scrape(db, postmaster, env);
        log(`  warm-up scrape stored the first snapshot (${(warm.run.wallMs / 1000).toFixed(2)} s)`);
        continue;
      }
      let copied: Awaited<ReturnType<typeof ceiling>> | undefined;
      if (ceilingFirst(round)) copied = await ceiling(db, postmaster, snaps.csvs[body]!);
      const scraped = await scrape(db, postmaster, env);
      const load = await lastLoad(db);
      if (!copied) copied = await ceiling(db, postmaster, snaps.csvs[body]!);
      // Like for like: the baseline copies exactly the rows this scrape stored.
      if (load.rows !== snaps.csvRows[body] || copied.rows !== snaps.csvRows[body]) {
        throw new Error(`round ${round}: scrape stored ${load.rows} rows, \\copy copied ${copied.rows}, the CSV has ${snaps.csvRows[body]}`);
      }
      const r: Round = {
        round,
        rows: load.rows,
        order: ceilingFirst(round) ? 'copy first' : 'scrape first',
        ceiling: copied,
        scrape: { innerMs: load.total_ms, processMs: scraped.run.wallMs, cpu: scraped.cpu },
        loadMs: load.load_ms,
        statsMs: load.stats_ms,
        peakRssMb: scraped.run.peakRssMb,
        threadMs: scraped.run.threadMs,
        verbose: verboseTimings(scraped.run.stderr),
      };
      if (options.fixed) r.fixed = await fixedCosts(db, postmaster, env, round, load.attempts);
      if (options.seedWay) {
        const url = `${server.apiUrl.replace('{region}', 'us')}/data/wow/auctions/commodities?namespace=dynamic-us`;
        r.seedMs = await seedWay(db, url, 999_998);
      }
      result.rounds.push(r);
      log(roundLine(r));
    }
  } finally {
    await server.stop();
    await db.close();
    for (const csv of snaps.csvs) fs.rmSync(csv, { force: true });
  }
  return result;
}

/**
 * What a run costs with nothing to load: `holocron scrape` answered 304 for both
 * datasets (start, connect, migration check, two requests, log rows, exit)
 * against `psql -c 'SELECT 1'` (start, connect, one round trip, exit).
 */
async function fixedCosts(db: BenchDatabase, postmaster: number | undefined, env: Record<string, string>, round: number, attemptsBefore: number): Promise<Round['fixed']> {
  const idleScrape = async () => {
    const { run, cpu } = await scrape(db, postmaster, env);
    const after = await lastLoad(db);
    if (after.attempts !== attemptsBefore) throw new Error('the 304 scrape loaded a snapshot');
    return { processMs: run.wallMs, cpu };
  };
  const idlePsql = async () => {
    await quiesce(db);
    const { run, cpu } = await accounted(postmaster, () => psql(db, ['SELECT 1']));
    if (run.code !== 0) throw new Error(`psql -c 'SELECT 1' failed: ${run.stderr}`);
    return { processMs: run.wallMs, cpu };
  };
  if (ceilingFirst(round)) {
    const p = await idlePsql();
    return { psql: p, holocron: await idleScrape() };
  }
  const h = await idleScrape();
  return { holocron: h, psql: await idlePsql() };
}

function roundLine(r: Round): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return (
    `  round ${r.round} (${r.rows.toLocaleString()} rows both sides, ${r.order}): ` +
    `(a) \\copy ${s(r.ceiling.innerMs)}, scrape ${s(r.scrape.innerMs)} = ${(r.scrape.innerMs / r.ceiling.innerMs).toFixed(2)}×; ` +
    `(b) psql ${s(r.ceiling.processMs)}, holocron ${s(r.scrape.processMs)} = ${(r.scrape.processMs / r.ceiling.processMs).toFixed(2)}×; ` +
    `${r.peakRssMb.toFixed(0)} MB` +
    (r.verbose ? `; -v load ${r.verbose.loadMs}, stats +${r.verbose.readyMs} +${r.verbose.writtenMs} ms` : '') +
    (r.seedMs !== undefined ? `; seed way ${s(r.seedMs)}` : '')
  );
}

const main = async () => {
  const results: string[] = [`holocron bench:scrape — ${new Date().toISOString()}`, machineLine()];
  const base = await measure(AUCTIONS, ROUNDS, { seedWay: process.env.BENCH_SEED_WAY !== '0', fixed: process.env.BENCH_FIXED !== '0' });
  results.push(...report(base, 200));
  if (SCALE > 0) {
    const scaled = await measure(SCALE, SCALE_ROUNDS, { seedWay: false, fixed: false });
    results.push(...report(scaled, 250));
  }
  process.stdout.write(`${results.join('\n')}\n`);
};

await main();
