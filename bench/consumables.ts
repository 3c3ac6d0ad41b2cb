/**
 * npm run bench:consumables — consumable needs and the restock plan on the
 * liquidation bench's account: one generated account of 50 characters
 * (~60,500 stacks, ingested with the real CLI), 10 requirements on each of
 * 20 characters (200) over items every character holds.
 *
 * No target in the issue; the plan reads only the required items' places,
 * so it should stay far below the liquidation plan's 300 ms.
 *
 * Options (env): BENCH_ROUNDS=5; BENCH_KEEP_DB=1 leaves the database (its URL on
 * stderr) for EXPLAIN.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase } from '../src/core/db/pool.js';
import { silentLogger } from '../src/core/log.js';
import { planRestock } from '../src/core/skillweaver/consumables/restock.js';
import { ITEM_POOL } from '../test/helpers/syndicator-generator.js';
import { ingestBenchAccount } from './lib/bench-account.js';
import { benchDatabase, finishBench, machineLine, median, runHolocron } from './lib/bench-db.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const main = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-bench-consumables-'));
  const db = await benchDatabase('holocron_bench_consumables');
  const database = createDatabase({ config: db.config, describe: 'bench' }, silentLogger);
  const env = { DATABASE_URL: db.url, HOLOCRON_HOME: dir };
  try {
    const stacks = await ingestBenchAccount(dir, env);
    const items = [...ITEM_POOL.filter((i) => i.stackable).map((i) => i.itemID), ...Array.from({ length: 10 }, (_, k) => 150_000 + k * 3 * 37)].slice(0, 10);
    // Requirements above what anyone holds alone: every need has a shortfall and several sources.
    await database.query(
      `INSERT INTO skillweaver.consumable_requirements (owner_id, item_id, required_count)
       SELECT c.owner_id, i.item_id, 500 FROM (SELECT owner_id FROM holocron.characters ORDER BY owner_id LIMIT 20) AS c CROSS JOIN unnest($1::int[]) AS i (item_id)`,
      [items],
    );
    await database.query('ANALYZE');
    const views: number[] = [];
    const plans: number[] = [];
    const commands: number[] = [];
    let shape = { needs: 0, jobs: 0 };
    for (let round = 1; round <= ROUNDS; round++) {
      const started = performance.now();
      await database.query('SELECT * FROM skillweaver.view_consumable_needs');
      views.push(performance.now() - started);
      const planStarted = performance.now();
      const plan = await planRestock(database);
      plans.push(performance.now() - planStarted);
      shape = { needs: plan.needs.length, jobs: plan.jobs.length };
      const command = await runHolocron(['restock', '--json'], env);
      if (command.code !== 0) throw new Error(`restock exited ${command.code}: ${command.stderr}`);
      commands.push(command.wallMs);
      process.stderr.write(`  round ${round}: view ${views.at(-1)!.toFixed(0)} ms, plan ${plans.at(-1)!.toFixed(0)} ms, restock --json ${command.wallMs.toFixed(0)} ms\n`);
    }
    process.stdout.write(
      [
        `holocron bench:consumables — ${new Date().toISOString()}`,
        machineLine(),
        `Database: ${stacks.toLocaleString()} stacks over 50 characters; 200 requirements (20 characters × 10 items); ${db.kind} PostgreSQL; median of ${ROUNDS}.`,
        `Plan: ${shape.needs} shortfalls, ${shape.jobs} jobs.`,
        `  SELECT * FROM skillweaver.view_consumable_needs   ${median(views).toFixed(0)} ms`,
        `  planRestock (view + in-transit + allocation)      ${median(plans).toFixed(0)} ms`,
        `  holocron restock --json                           ${median(commands).toFixed(0)} ms`,
      ].join('\n') + '\n',
    );
  } finally {
    await finishBench(database, db, dir);
  }
};

await main();
