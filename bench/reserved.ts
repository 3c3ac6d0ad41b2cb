/**
 * npx tsx bench/reserved.ts — what the reserved-items views (0014) add to the
 * liquidation view, on the account bench:liquidate uses (50 characters,
 * ~60,500 stacks, Syndicator) with item facts for everything held.
 *
 * The generated non-stackable items are all bound, which would leave the gear
 * view nothing to do; here they are gear of every kind, and a share of the
 * item ids becomes bind-on-equip (BENCH_BOE_SHARE, default 0.05; 1 = every
 * non-stackable stack, 28,000 in bags, banks and mail: the worst case),
 * 2 % of stacks have an appearance not collected, and ten pet species are in
 * teams with no journal pet (their cages are protected).
 *
 * Each round times the liquidation view (every current stack, one region)
 * with the real views and, inside a rolled-back transaction, with empty
 * stand-ins of the same columns; then each view alone. Medians of
 * BENCH_ROUNDS (5). Needs DATABASE_URL (a server to create a database on).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ITEM_POOL, generateSyndicatorFile } from '../test/helpers/syndicator-generator.js';
import { benchDatabase, machineLine, median, runHolocron } from './lib/bench-db.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BOE_SHARE = Number(process.env.BENCH_BOE_SHARE ?? 0.05);
const VIEWS = ['skillweaver.view_reserved_gear', 'holocron.view_unlearned_transmog', 'petweaver.view_caged_team_pets'];
const PLAN = `SELECT count(*), sum(value) FROM goblin.view_liquidatable_assets WHERE region = 'us'`;

// One inventory type per kind of piece, with a class and subclass it can have.
const KINDS: [string, number, number][] = [
  ['HEAD', 4, 4], ['SHOULDER', 4, 2], ['CHEST', 4, 1], ['WAIST', 4, 3], ['LEGS', 4, 4], ['FEET', 4, 2], ['WRIST', 4, 1],
  ['HAND', 4, 3], ['FINGER', 4, 0], ['TRINKET', 4, 0], ['NECK', 4, 0], ['CLOAK', 4, 1], ['WEAPON', 2, 7], ['TWOHWEAPON', 2, 8],
  ['HOLDABLE', 4, 0], ['SHIELD', 4, 6], ['RANGEDRIGHT', 2, 3], ['WEAPON', 2, 15],
];

/** The generator's stackable items (reagents, potions): never gear. */
function stackableIds(): number[] {
  const ids = ITEM_POOL.filter((i) => i.stackable).map((i) => i.itemID);
  for (let i = 0; i < 400; i += 3) ids.push(150_000 + i * 37);
  return ids;
}

async function prepare(client: pg.Client): Promise<void> {
  // Non-stackable items are gear of some kind; stackable ones are trade goods.
  await client.query(
    `INSERT INTO goblin.items (item_id, name, quality, sell_price, binding, level, inventory_type, item_class_id, item_subclass_id)
     SELECT DISTINCT p.item_id, 'Item ' || p.item_id, 'EPIC', (p.item_id % 97) * 10, 'ON_EQUIP', 600 + p.item_id % 50,
            k.inventory_type, k.item_class, k.subclass
     FROM holocron.current_places p
     JOIN unnest($1::text[], $2::int[], $3::int[]) WITH ORDINALITY AS k (inventory_type, item_class, subclass, n) ON k.n = 1 + p.item_id % $4
     WHERE p.item_id <> ALL ($5::int[])
     ON CONFLICT DO NOTHING`,
    [KINDS.map((k) => k[0]), KINDS.map((k) => k[1]), KINDS.map((k) => k[2]), KINDS.length, stackableIds()],
  );
  await client.query(
    `INSERT INTO goblin.items (item_id, name, quality, sell_price, level, item_class_id, item_subclass_id)
     SELECT DISTINCT item_id, 'Item ' || item_id, 'COMMON', (item_id % 97) * 10, 80, 7, 5 FROM holocron.current_places
     ON CONFLICT DO NOTHING`,
  );
  await client.query(
    `UPDATE holocron.item_stacks SET is_bound = false, item_level = 590 + (item_id + slot) % 70
     WHERE is_current AND is_bound AND item_id <> 82800 AND (hashint4(item_id) & 1023) < $1::float8 * 1024`,
    [BOE_SHARE],
  );
  await client.query('UPDATE holocron.item_stacks SET appearance_collected = (hashint8(snapshot_id * 1000 + slot) % 50 <> 0) WHERE is_current');
  // Rematch 4 style teams naming species 100–109, none of them in the journal.
  await client.query(
    `INSERT INTO petweaver.team_sets (account_id, source, observed_at) SELECT account_id, 'rematch4', now() FROM holocron.accounts;
     INSERT INTO petweaver.teams (account_id, source, team_key, name) SELECT account_id, 'rematch4', 'T' || n, 'Team ' || n FROM holocron.accounts, generate_series(100, 109) n;
     INSERT INTO petweaver.team_pets (team_id, slot, species_id) SELECT team_id, 1, substr(team_key, 2)::int FROM petweaver.teams;`,
  );
  await client.query('ANALYZE');
}

async function timed(client: pg.Client, sql: string): Promise<number> {
  const started = performance.now();
  await client.query(sql);
  return performance.now() - started;
}

/** The liquidation view with the three views replaced by empty tables of their columns. */
async function withoutViews(client: pg.Client): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('CREATE SCHEMA bench_empty');
    for (const view of VIEWS) {
      const stand = `bench_empty.${view.split('.')[1]}`;
      await client.query(`CREATE TABLE ${stand} AS SELECT * FROM ${view} LIMIT 0`);
      await client.query(`CREATE OR REPLACE VIEW ${view} AS SELECT * FROM ${stand}`);
    }
    return await timed(client, PLAN);
  } finally {
    await client.query('ROLLBACK');
  }
}

const main = async () => {
  if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-bench-reserved-'));
  const db = await benchDatabase('holocron_bench_reserved');
  const client = new pg.Client(db.config);
  try {
    const svDir = path.join(dir, 'WTF', 'Account', 'Bench', 'SavedVariables');
    fs.mkdirSync(svDir, { recursive: true });
    fs.writeFileSync(path.join(svDir, 'Syndicator.lua'), generateSyndicatorFile({ characters: 50, guilds: 10, bankTabs: 7, void: 120, mail: 10, fill: 1, seed: 11 }));
    const ingested = await runHolocron(['ingest', path.join(dir, 'WTF'), '--json'], { DATABASE_URL: db.url, HOLOCRON_HOME: dir });
    if (ingested.code !== 0) throw new Error(`ingest exited ${ingested.code}: ${ingested.stderr}`);
    await client.connect();
    await prepare(client);
    const counts = await Promise.all(VIEWS.map(async (v) => (await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${v}`)).rows[0]!.n));
    const [{ stacks }] = (await client.query<{ stacks: string }>('SELECT count(*) AS stacks FROM holocron.item_stacks WHERE is_current')).rows as [{ stacks: string }];
    const [{ boe }] = (await client.query<{ boe: string }>(
      `SELECT count(*) AS boe FROM holocron.item_stacks st JOIN holocron.inventory_snapshots s USING (snapshot_id) JOIN goblin.items i USING (item_id)
       WHERE st.is_current AND s.location IN ('bags', 'bank', 'warband_bank', 'mail') AND NOT st.is_bound AND i.inventory_type IS NOT NULL`,
    )).rows as [{ boe: string }];
    const withAll: number[] = [];
    const without: number[] = [];
    const alone: number[][] = VIEWS.map(() => []);
    for (let round = 1; round <= ROUNDS; round++) {
      withAll.push(await timed(client, PLAN));
      without.push(await withoutViews(client));
      for (const [i, view] of VIEWS.entries()) alone[i]!.push(await timed(client, `SELECT count(*) FROM ${view}`));
      process.stderr.write(`  round ${round}: liquidation view ${withAll.at(-1)!.toFixed(0)} ms, without the views ${without.at(-1)!.toFixed(0)} ms\n`);
    }
    const out = [
      `holocron bench/reserved.ts — ${new Date().toISOString()}`,
      machineLine(),
      `Database: ${Number(stacks).toLocaleString()} current stacks over 50 characters; ${Number(boe).toLocaleString()} unbound gear stacks in bags, banks and mail (BoE share ${BOE_SHARE}); median of ${ROUNDS}.`,
      `  liquidation view, one region        ${median(withAll).toFixed(0)} ms`,
      `  … with the three views empty        ${median(without).toFixed(0)} ms   (with ÷ without, paired: ${median(withAll.map((x, i) => x / without[i]!)).toFixed(2)})`,
      ...VIEWS.map((v, i) => `  ${v.padEnd(36)}${median(alone[i]!).toFixed(0)} ms alone, ${counts[i]} rows`),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await client.end();
    if (process.env.BENCH_KEEP_DB) process.stderr.write(`database kept: ${db.url}\n`);
    else await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

await main();
