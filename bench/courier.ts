/**
 * npm run bench:courier — the courier files on a realistic database: one
 * generated account of 50 characters (~60,500 stacks, ingested with the real
 * CLI) and market statistics for 200,000 item keys (15,000 region commodities
 * and 185,000 keys on the account's connected realm, each in an older and a
 * newer snapshot).
 *
 * Targets (issue 9):
 *   - pricing file for 200k keys generated in ≤ 2 s, ≤ 24 bytes per key,
 *     loaded by lua5.1 in ≤ 0.5 s with ≤ 40 MB of Lua memory;
 *   - index file for 60k stacks loaded in ≤ 0.3 s; a search over it ≤ 5 ms
 *     (with the addon's search, when bench/lib/addon-load.lua is there).
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
    const now = Date.parse('2026-12-01T20:00:00Z');
    const random = mulberry(7);
    const commodity: StatRow[] = Array.from({ length: COMMODITIES }, (_, i) => ({ itemId: 190_000 + i, market: 100 + Math.floor(random() * 5_000_000), quantity: 1000, sold: Math.floor(random() * 5000) }));
    const realm: StatRow[] = Array.from({ length: REALM_KEYS }, (_, i) =>
      i % 20 === 0 ? { itemId: 82800, petSpeciesId: 1 + i / 20, market: 10_000 + Math.floor(random() * 1e8) } : { itemId: 1 + i, market: 1000 + Math.floor(random() * 1e10), sold: random() < 0.3 ? 1 : 0 },
    );
    for (const at of [now - HOUR, now]) {
      await insertSnapshot(database, { region: 'us', connectedRealmId: null, at: new Date(at), stats: commodity });
      await insertSnapshot(database, { region: 'us', connectedRealmId: 60, at: new Date(at), stats: realm });
    }
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
    const searchLine = addonSearch(indexFile);
    const pricingBytes = fs.statSync(pricingFile).size;
    const oeBytes = fs.statSync(oeFile).size;
    const med = (xs: number[]) => median(xs);
    const lines = [
      `holocron bench:courier — ${new Date().toISOString()}`,
      machineLine(),
      `Database: ${stacks.toLocaleString()} stacks over 50 characters; ${(COMMODITIES + REALM_KEYS).toLocaleString()} item keys (${COMMODITIES.toLocaleString()} commodities, ${REALM_KEYS.toLocaleString()} on the home realm), two snapshots each; median of ${ROUNDS}.`,
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

/** The addon's own search over the index, in the Lua harness (bench/lib/addon-load.lua), when it exists. */
function addonSearch(indexFile: string): string {
  const script = path.join(REPO_ROOT, 'bench', 'lib', 'addon-load.lua');
  if (!fs.existsSync(script)) return '  search: the addon harness (bench/lib/addon-load.lua) is not there; not measured';
  const run = spawnSync('lua5.1', [script, '--index', indexFile, '--search', 'hearthstone', '--search', 'item 1', '--search', 'hearthstome', '--rounds', '200'], { encoding: 'utf8', cwd: REPO_ROOT });
  if (run.status !== 0) return `  search: the harness failed: ${run.stderr.trim().split('\n')[0]}`;
  return `  search in the addon (lua5.1 harness): ${run.stdout.trim()}`;
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
