/**
 * npm run bench:liquidate — the liquidation plan on the account: one
 * generated account of 50 characters (~60,500 stacks, ingested with the real
 * CLI) with full market data (200,000 keys: every held item priced, the rest
 * filler; a week of sales rates), 20 keep rules and an auction alt.
 *
 * Targets (issue 10): the whole plan in the database ≤ 300 ms; the whole
 * command ≤ 1 s.
 * Baselines in the same run, interleaved: reading every current stack once
 * (SELECT * FROM holocron.view_current_stacks — the floor of any plan), and
 * `holocron value --json` (another whole-account command).
 *
 * Options (env): BENCH_ROUNDS=7; BENCH_KEEP_DB=1 leaves the database (its URL on
 * stderr) for EXPLAIN.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, type Database } from '../src/core/db/pool.js';
import { silentLogger } from '../src/core/log.js';
import { planLiquidation } from '../src/core/liquidation/plan.js';
import { setKeepRule } from '../src/core/liquidation/keep-rules.js';
import { setAuctionAlt } from '../src/core/liquidation/settings.js';
import { ITEM_POOL } from '../test/helpers/syndicator-generator.js';
import { ingestBenchAccount } from './lib/bench-account.js';
import { insertRealms, insertSnapshot, type StatRow } from '../test/helpers/market-fixture.js';
import { benchDatabase, finishBench, machineLine, median, runHolocron } from './lib/bench-db.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const KEYS = 200_000;

async function marketData(db: Database, now: number): Promise<void> {
  await insertRealms(db, 'us', 60, [[60, 'Twisting Nether']]);
  const held = await db.query<{ item_id: number; pet_species_id: number }>('SELECT DISTINCT item_id, pet_species_id FROM holocron.current_places');
  const stackable = new Set(ITEM_POOL.filter((i) => i.stackable).map((i) => i.itemID));
  for (let i = 0; i < 400; i += 3) stackable.add(150_000 + i * 37);
  let seed = 11;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const commodity: StatRow[] = [];
  const realm: StatRow[] = [];
  for (const h of held) {
    const row = { itemId: h.item_id, petSpeciesId: h.pet_species_id, market: 100 + Math.floor(random() * 2_000_000), sold: Math.floor(random() * 50) };
    (stackable.has(h.item_id) ? commodity : realm).push(row);
  }
  for (let id = 1; commodity.length + realm.length < KEYS; id++) {
    if (id % 10 === 0) commodity.push({ itemId: 300_000 + id, market: 1000 + Math.floor(random() * 1e6) });
    else realm.push({ itemId: 400_000 + id, market: 1000 + Math.floor(random() * 1e8) });
  }
  await insertSnapshot(db, { region: 'us', connectedRealmId: null, at: new Date(now - 1800_000), stats: commodity });
  await insertSnapshot(db, { region: 'us', connectedRealmId: 60, at: new Date(now - 1800_000), stats: realm });
  // A week of sales as the daily roll-up leaves it: one rate per key and market.
  await db.query(
    `INSERT INTO goblin.item_sales_rates (region, connected_realm_id, item_id, pet_species_id, units_per_day, through_day)
     SELECT 'us', CASE WHEN u.commodity THEN NULL ELSE 60 END, u.item_id, u.species, 1 + random() * 500, '2026-11-30'
     FROM unnest($1::int[], $2::int[], $3::bool[]) AS u (item_id, species, commodity)
     ON CONFLICT DO NOTHING`,
    [[...commodity, ...realm].map((r) => r.itemId), [...commodity, ...realm].map((r) => r.petSpeciesId ?? 0), [...commodity.map(() => true), ...realm.map(() => false)]],
  );
  // Seeded items: vendor prices, qualities and bindings for everything held.
  await db.query(
    `INSERT INTO goblin.items (item_id, name, quality, sell_price, binding, level)
     SELECT DISTINCT p.item_id, 'Item ' || p.item_id, (ARRAY['POOR', 'COMMON', 'UNCOMMON', 'RARE', 'EPIC'])[1 + p.item_id % 5],
            (p.item_id % 97) * 10, CASE WHEN p.item_id % 7 = 0 THEN 'ON_ACQUIRE' END, 600 + p.item_id % 50
     FROM holocron.current_places p ON CONFLICT DO NOTHING`,
  );
  await db.query('ANALYZE');
}

const main = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-bench-liquidate-'));
  const db = await benchDatabase('holocron_bench_liquidate');
  const database = createDatabase({ config: db.config, describe: 'bench' }, silentLogger);
  const env = { DATABASE_URL: db.url, HOLOCRON_HOME: dir };
  try {
    const stacks = await ingestBenchAccount(dir, env);
    const now = Date.now();
    await marketData(database, now);
    const stackables = ITEM_POOL.filter((i) => i.stackable).map((i) => String(i.itemID));
    for (const [i, item] of [...stackables, ...Array.from({ length: 16 }, (_, k) => String(150_000 + k * 3 * 37))].entries()) {
      await setKeepRule(database, { item, count: 50 + i * 10, ...(i % 2 ? { character: 'Thrall-TwistingNether' } : {}) });
    }
    await setAuctionAlt(database, 'Jaina-TwistingNether');

    const plans: number[] = [];
    const scans: number[] = [];
    const commands: number[] = [];
    const values: number[] = [];
    let lines = { sell: 0, kept: 0, jobs: 0 };
    for (let round = 1; round <= ROUNDS; round++) {
      const scanStarted = performance.now();
      await database.query('SELECT * FROM holocron.view_current_stacks');
      scans.push(performance.now() - scanStarted);
      const plan = await planLiquidation(database, { now: new Date(), region: 'us' });
      plans.push(plan.dbMs);
      lines = { sell: plan.sell.length, kept: plan.kept.length, jobs: plan.jobs.length };
      const command = await runHolocron(['liquidate', '--json'], env);
      if (command.code !== 0) throw new Error(`liquidate exited ${command.code}: ${command.stderr}`);
      commands.push(command.wallMs);
      const value = await runHolocron(['value', '--json'], env);
      values.push(value.wallMs);
      process.stderr.write(`  round ${round}: plan ${plan.dbMs.toFixed(0)} ms in the database, stacks read ${scans.at(-1)!.toFixed(0)} ms; liquidate ${command.wallMs.toFixed(0)} ms, value ${value.wallMs.toFixed(0)} ms\n`);
    }
    const ratio = (a: number[], b: number[]) => median(a.map((x, i) => x / b[i]!));
    const out = [
      `holocron bench:liquidate — ${new Date().toISOString()}`,
      machineLine(),
      `Database: ${stacks.toLocaleString()} stacks over 50 characters; ${KEYS.toLocaleString()} priced keys with sales rates; 23 keep rules, an auction alt; ${db.kind} PostgreSQL; median of ${ROUNDS}.`,
      `Plan: ${lines.sell} sell lines, ${lines.kept} kept lines, ${lines.jobs} jobs.`,
      `  plan in the database        ${median(plans).toFixed(0)} ms   target ≤ 300 ms → ${median(plans) <= 300 ? 'met' : 'NOT met'}`,
      `  reading every stack once    ${median(scans).toFixed(0)} ms   (plan ÷ read ${ratio(plans, scans).toFixed(2)})`,
      `  holocron liquidate --json   ${median(commands).toFixed(0)} ms   target ≤ 1 s → ${median(commands) <= 1000 ? 'met' : 'NOT met'}`,
      `  holocron value --json       ${median(values).toFixed(0)} ms   (liquidate ÷ value ${ratio(commands, values).toFixed(2)})`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await finishBench(database, db, dir);
  }
};

await main();
