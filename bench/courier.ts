/**
 * npm run bench:courier — the courier files on a realistic database: one
 * generated account of 50 characters (~60,500 stacks, ingested with the real
 * CLI) and market statistics for 200,000 item keys (15,000 region commodities
 * and 185,000 keys on the account's connected realm) as hourly scrapes leave
 * them: a whole day of snapshots rolled up into daily sales, five more days of
 * daily sales, and today's last two snapshots.
 *
 * Targets (issue 9):
 *   - pricing file for 200k keys generated in ≤ 2 s, ≤ 24 bytes per key,
 *     loaded by lua5.1 in ≤ 0.5 s with ≤ 40 MB of Lua memory;
 *   - index file for 60k stacks loaded in ≤ 0.3 s; a search over it ≤ 5 ms
 *     (the addon's own search, run by bench/lib/addon-load.lua).
 * Baseline in the same run: the same prices written the way Oribos Exchange
 * writes its data files (one binary string per item in a table, 2,000 entries
 * per function), loaded the same way.
 *
 * Options (env): BENCH_ROUNDS=5
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase } from '../src/core/db/pool.js';
import { buildPricing } from '../src/core/courier/pricing.js';
import { buildIndex } from '../src/core/courier/index-file.js';
import { silentLogger } from '../src/core/log.js';
import { rollUpDailySales } from '../src/core/scrape/daily-sales.js';
import { generateSyndicatorFile } from '../test/helpers/syndicator-generator.js';
import { insertRealms, insertSnapshot, type StatRow } from '../test/helpers/market-fixture.js';
import { REPO_ROOT, benchDatabase, machineLine, median, runHolocron } from './lib/bench-db.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const COMMODITIES = 15_000;
const REALM_KEYS = 185_000;
const HOUR = 3600_000;

interface LuaLoad {
  seconds: number;
  kb: number;
}

/** Loads a data file in a fresh lua5.1 as the game would (addon name, namespace); OE-style files run their data functions too. */
function luaLoad(file: string, oribos = false): LuaLoad {
  const script = `
    collectgarbage('collect')
    local before = collectgarbage('count')
    local t = os.clock()
    local ns = { oe = {} }
    assert(loadfile(arg[1]))('Holocron', ns)
    ${oribos ? 'for _, f in ipairs(ns.dataFuncs) do f() end' : ''}
    local seconds = os.clock() - t
    collectgarbage('collect')
    io.write(seconds, ' ', collectgarbage('count') - before)`;
  const run = spawnSync('lua5.1', ['-', file], { input: script, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`lua5.1 failed on ${file}: ${run.stderr}`);
  const [seconds, kb] = run.stdout.trim().split(' ').map(Number);
  return { seconds: seconds!, kb: kb! };
}

/** Oribos Exchange's layout (blizzard-api.md §5.2), for the comparison: md['key'] = "<binary>" in functions of 2,000. */
function oribosStyle(rows: Array<{ key: string; region: number; realm: number | null; days: number }>): Buffer {
  const priceBytes = (silver: number) => {
    const size = silver < 2 ** 8 ? 1 : silver < 2 ** 16 ? 2 : silver < 2 ** 24 ? 3 : 4;
    const out: number[] = [];
    for (let i = size - 1; i >= 0; i--) out.push(Math.floor(silver / 2 ** (8 * i)) % 256);
    return { size, out };
  };
  const lines = ['local _, ns = ...', 'ns.dataFuncs = {}'];
  for (let start = 0; start < rows.length; start += 2000) {
    lines.push(`ns.dataFuncs[${start / 2000 + 1}] = function() local md = ns.oe`);
    for (const r of rows.slice(start, start + 2000)) {
      const region = priceBytes(Math.round(r.region / 100));
      const realm = r.realm === null ? null : priceBytes(Math.round(r.realm / 100));
      const size = Math.max(region.size, realm?.size ?? 0);
      const pad = (p: { size: number; out: number[] }) => [...new Array(size - p.size).fill(0), ...p.out];
      const bytes = [size, ...pad(region), r.days, ...(realm ? [r.days, ...pad(realm)] : [])];
      lines.push(`md['${r.key}']="${bytes.map((b) => `\\${b}`).join('')}"`);
    }
    lines.push('end');
  }
  return Buffer.from(`${lines.join('\n')}\n`, 'latin1');
}

function hasLua(): boolean {
  return spawnSync('lua5.1', ['-v'], { stdio: 'ignore' }).status === 0;
}

const main = async () => {
  if (!hasLua()) throw new Error('bench:courier needs lua5.1 (apt-get install lua5.1)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-bench-courier-'));
  const db = await benchDatabase('holocron_bench_courier');
  const database = createDatabase({ config: db.config, describe: 'bench' }, silentLogger);
  try {
    const svDir = path.join(dir, 'WTF', 'Account', 'Bench', 'SavedVariables');
    fs.mkdirSync(svDir, { recursive: true });
    fs.writeFileSync(path.join(svDir, 'Syndicator.lua'), generateSyndicatorFile({ characters: 50, guilds: 10, bankTabs: 7, void: 120, mail: 10, fill: 1, seed: 11 }));
    const ingested = await runHolocron(['ingest', path.join(dir, 'WTF'), '--json'], { DATABASE_URL: db.url, HOLOCRON_HOME: dir });
    if (ingested.code !== 0) throw new Error(`ingest exited ${ingested.code}: ${ingested.stderr}`);
    const stacks = (JSON.parse(ingested.stdout) as { stacks: number }).stacks;

    // Market data: the account plays on Twisting Nether (connected realm 60).
    await insertRealms(database, 'us', 60, [[60, 'Twisting Nether']]);
    for (let k = 1; k <= 5; k++) await database.query(`SELECT ops.ensure_daily_partition('goblin.item_daily_sales', '2026-11-30'::date - ${k})`);
    const now = Date.parse('2026-12-01T20:00:00Z');
    const random = mulberry(7);
    const commodity: StatRow[] = Array.from({ length: COMMODITIES }, (_, i) => ({ itemId: 190_000 + i, market: 100 + Math.floor(random() * 5_000_000), quantity: 1000, sold: Math.floor(random() * 5000) }));
    const realm: StatRow[] = Array.from({ length: REALM_KEYS }, (_, i) =>
      i % 20 === 0 ? { itemId: 82800, petSpeciesId: 1 + i / 20, market: 10_000 + Math.floor(random() * 1e8) } : { itemId: 1 + i, market: 1000 + Math.floor(random() * 1e10), sold: random() < 0.3 ? 1 : 0 },
    );
    // Hourly scrapes: all of yesterday (24 snapshots a market) and today's last two.
    const yesterday = Date.parse('2026-11-30T00:00:00Z');
    const hours = [...Array.from({ length: 24 }, (_, h) => yesterday + h * HOUR), now - HOUR, now];
    for (const [i, at] of hours.entries()) {
      await insertSnapshot(database, { region: 'us', connectedRealmId: null, at: new Date(at), stats: commodity });
      await insertSnapshot(database, { region: 'us', connectedRealmId: 60, at: new Date(at), stats: realm });
      if (i % 6 === 5) process.stderr.write(`  ${i + 1} of ${hours.length} hourly snapshots per market stored\n`);
    }
    await database.query('ANALYZE');
    // Five days of daily sales before yesterday (copies of yesterday's), then yesterday rolled up as
    // the first scrape of today does: its roll-up also computes the week's sales rates.
    await rollUpDailySales(database, 'us', new Date(now), silentLogger);
    await database.query(
      `INSERT INTO goblin.item_daily_sales SELECT day_start - make_interval(days => k), region, connected_realm_id, item_id, pet_species_id, units_sold
       FROM goblin.item_daily_sales, generate_series(1, 5) AS k`,
    );
    await database.query(
      `INSERT INTO goblin.daily_sales_rollups (region, connected_realm_id, day, snapshot_count, hours_covered)
       SELECT region, connected_realm_id, day - k, snapshot_count, hours_covered FROM goblin.daily_sales_rollups, generate_series(1, 5) AS k`,
    );
    await database.query(`DELETE FROM goblin.item_daily_sales WHERE day_start = '2026-11-30T00:00:00Z'`);
    await database.query(`DELETE FROM goblin.daily_sales_rollups WHERE day = '2026-11-30'`);
    await database.query('ANALYZE');
    const rollupStarted = performance.now();
    await rollUpDailySales(database, 'us', new Date(now), silentLogger);
    const rollupMs = performance.now() - rollupStarted;
    await database.query('ANALYZE');

    // Generation, in process (the work itself) and as the whole command.
    const builds: number[] = [];
    const commands: number[] = [];
    let pricingText = '';
    let indexText = '';
    for (let round = 1; round <= ROUNDS; round++) {
      const started = performance.now();
      const pricing = await buildPricing(database, 'us');
      builds.push(performance.now() - started);
      pricingText = pricing.text;
      indexText = (await buildIndex(database)).text;
      const out = path.join(dir, `courier-${round}`);
      const run = await runHolocron(['courier', '--out', out, '--region', 'us', '--json'], { DATABASE_URL: db.url, HOLOCRON_HOME: dir });
      if (run.code !== 0) throw new Error(`courier exited ${run.code}: ${run.stderr}`);
      commands.push(run.wallMs);
      process.stderr.write(`  round ${round}: pricing built in ${builds.at(-1)!.toFixed(0)} ms, holocron courier ${run.wallMs.toFixed(0)} ms\n`);
    }
    // What the daily roll-up replaced: the same figure summed from the last 24 hourly snapshots of both markets.
    const rawStarted = performance.now();
    await database.query(
      `SELECT s.item_id, s.pet_species_id, sum(s.est_sold) FROM goblin.auction_snapshots a
       JOIN goblin.item_stats s ON s.snapshot_id = a.snapshot_id AND s.snapshot_at = a.snapshot_at
       WHERE a.region = 'us' AND a.snapshot_at > $1::timestamptz - interval '24 hours' AND a.snapshot_at <= $1
         AND s.snapshot_at > $1::timestamptz - interval '24 hours' AND s.snapshot_at <= $1
       GROUP BY 1, 2`,
      [new Date(yesterday + 23 * HOUR)], // yesterday's 24 snapshots
    );
    const rawSalesMs = performance.now() - rawStarted;
    const pricingFile = path.join(dir, 'Holocron_Pricing.lua');
    const indexFile = path.join(dir, 'Holocron_Index.lua');
    fs.writeFileSync(pricingFile, Buffer.from(pricingText, 'latin1'));
    fs.writeFileSync(indexFile, Buffer.from(indexText, 'latin1'));
    const keys = Number(/count = (\d+)/.exec(pricingText)![1]);

    // The same prices, Oribos Exchange style.
    const oeRows = [
      ...commodity.map((c) => ({ key: String(c.itemId), region: c.market, realm: null, days: 0 })),
      ...realm.map((r) => ({ key: r.itemId === 82800 ? `82800-${r.petSpeciesId}` : String(r.itemId), region: r.market, realm: r.market, days: 0 })),
    ];
    const oeFile = path.join(dir, 'oribos-style.lua');
    fs.writeFileSync(oeFile, oribosStyle(oeRows));

    const ours: LuaLoad[] = [];
    const theirs: LuaLoad[] = [];
    const index: LuaLoad[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      ours.push(luaLoad(pricingFile));
      theirs.push(luaLoad(oeFile, true));
      index.push(luaLoad(indexFile));
    }
    const searchLine = addonSearch(dir);
    const pricingBytes = fs.statSync(pricingFile).size;
    const oeBytes = fs.statSync(oeFile).size;
    const med = (xs: number[]) => median(xs);
    const lines = [
      `holocron bench:courier — ${new Date().toISOString()}`,
      machineLine(),
      `Database: ${stacks.toLocaleString()} stacks over 50 characters; ${(COMMODITIES + REALM_KEYS).toLocaleString()} item keys (${COMMODITIES.toLocaleString()} commodities, ${REALM_KEYS.toLocaleString()} on the home realm) in ${hours.length} hourly snapshots a market (yesterday and today's last two), six days of daily sales; median of ${ROUNDS}.`,
      `Yesterday's roll-up with the week's sales rates (scrape, once a day, both markets): ${(rollupMs / 1000).toFixed(2)} s`,
      `Sold per day summed from the last 24 hourly snapshots instead (before migration 0012), that query alone: ${(rawSalesMs / 1000).toFixed(2)} s`,
      'Holocron_Pricing.lua:',
      `  generated (buildPricing, in process)  ${(med(builds) / 1000).toFixed(2)} s   target ≤ 2 s → ${med(builds) <= 2000 ? 'met' : 'NOT met'}`,
      `  whole holocron courier (3 files)      ${(med(commands) / 1000).toFixed(2)} s`,
      `  size                                  ${(pricingBytes / 2 ** 20).toFixed(2)} MB for ${keys.toLocaleString()} keys: ${(pricingBytes / keys).toFixed(1)} bytes per key   target ≤ 24 → ${pricingBytes / keys <= 24 ? 'met' : 'NOT met'}`,
      `  lua5.1 load                           ${(med(ours.map((o) => o.seconds)) * 1000).toFixed(0)} ms, ${(med(ours.map((o) => o.kb)) / 1024).toFixed(1)} MB of Lua memory   targets ≤ 500 ms, ≤ 40 MB → ${med(ours.map((o) => o.seconds)) <= 0.5 && med(ours.map((o) => o.kb)) <= 40 * 1024 ? 'met' : 'NOT met'}`,
      `Oribos Exchange style, same prices (one binary string per key in a table, 2,000 per function):`,
      `  size                                  ${(oeBytes / 2 ** 20).toFixed(2)} MB: ${(oeBytes / oeRows.length).toFixed(1)} bytes per key (ours ÷ theirs ${(pricingBytes / keys / (oeBytes / oeRows.length)).toFixed(2)})`,
      `  lua5.1 load                           ${(med(theirs.map((o) => o.seconds)) * 1000).toFixed(0)} ms, ${(med(theirs.map((o) => o.kb)) / 1024).toFixed(1)} MB of Lua memory (ours ÷ theirs: time ${(med(ours.map((o, i) => o.seconds / theirs[i]!.seconds))).toFixed(2)}, memory ${(med(ours.map((o) => o.kb)) / med(theirs.map((o) => o.kb))).toFixed(2)})`,
      'Holocron_Index.lua:',
      `  size ${(fs.statSync(indexFile).size / 1024).toFixed(0)} KB; lua5.1 load ${(med(index.map((o) => o.seconds)) * 1000).toFixed(0)} ms, ${(med(index.map((o) => o.kb)) / 1024).toFixed(1)} MB   target ≤ 300 ms → ${med(index.map((o) => o.seconds)) <= 0.3 ? 'met' : 'NOT met'}`,
      searchLine,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await database.close();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

/** The addon's own search over the index (and the pricing file loaded beside it), in the Lua harness bench/lib/addon-load.lua. */
function addonSearch(dataDir: string): string {
  const queries = ['hearthstone', 'Generated Item 1', 'hearthstome', '210796'];
  const script = path.join(REPO_ROOT, 'bench', 'lib', 'addon-load.lua');
  const run = spawnSync('lua5.1', [script, '--data', dataDir, '--searches', '200', ...queries.flatMap((q) => ['--query', q])], { encoding: 'utf8', cwd: REPO_ROOT });
  if (run.status !== 0) throw new Error(`bench/lib/addon-load.lua failed: ${run.stderr}`);
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { searches: Array<{ query: string; hits: number; match: string | null; medianMs: number; p95Ms: number }> };
  const worst = Math.max(...result.searches.map((s) => s.p95Ms));
  return [
    `  search in the addon (lua5.1 harness, 200 calls each):   target ≤ 5 ms → ${worst <= 5 ? 'met' : 'NOT met'}`,
    ...result.searches.map((s) => `    ${JSON.stringify(s.query).padEnd(20)} ${String(s.hits).padStart(2)} hits (${s.match ?? '—'}), median ${s.medianMs.toFixed(2)} ms, p95 ${s.p95Ms.toFixed(2)} ms`),
  ].join('\n');
}

function mulberry(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

await main();
