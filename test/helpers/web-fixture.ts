/**
 * A populated account for the web Command Center: the liquidation fixture's
 * characters, bags and pets, two weeks of TSM sales and buys for the gold
 * velocity chart, daily market values for the movers' charts, and a queued
 * liquidation plan for the jobs list.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../src/core/db/pool.js';
import { runCli } from './cli.js';
import { ITEMS, insertMarket, writeAccount } from './liquidation-fixture.js';
import { tsmFile } from './tsm-accounting-generator.js';

const DAY = 86_400;

export async function populateWebAccount(db: Database, url: string, root: string, nowMs = Date.now()): Promise<void> {
  const dir = writeAccount(root);
  const now = Math.floor(nowMs / 1000);
  const sales: string[] = [];
  const buys: string[] = [];
  for (let d = 13; d >= 0; d--) {
    const at = now - d * DAY - 3600;
    sales.push(`i:${ITEMS.mycobloom},20,${20 + (d % 4) * 20},${9000 + d * 150},Buyerone,Thrall,${at},Auction`);
    sales.push(`i:${ITEMS.bismuth},10,${10 + (d % 3) * 10},${3000 + d * 40},Buyertwo,Bankalt,${at + 60},Auction`);
    if (d % 3 === 0) buys.push(`i:${ITEMS.potion},5,${20 + d * 5},${5000},Sellerone,Bankalt,${at + 120},Auction`);
  }
  fs.writeFileSync(path.join(dir, 'TradeSkillMaster.lua'), tsmFile({ Stormrage: { csvSales: sales, csvBuys: buys } }));
  const env = { DATABASE_URL: url };
  const ingest = await runCli(['ingest', dir], { env });
  if (ingest.code !== 0) throw new Error(`ingest failed: ${ingest.stderr}`);
  await insertMarket(db);
  await db.query(
    `INSERT INTO goblin.items (item_id, name, quality) VALUES ($1, 'Mycobloom', 'COMMON'), ($2, 'Bismuth', 'COMMON'), ($3, 'Algari Healing Potion', 'COMMON')
     ON CONFLICT (item_id) DO NOTHING`,
    [ITEMS.mycobloom, ITEMS.bismuth, ITEMS.potion],
  );
  // Fourteen days of commodity values for the held items, the newest one ending today.
  const today = new Date(nowMs).toISOString().slice(0, 10);
  const drift: Array<[number, number, number]> = [[ITEMS.mycobloom, 9500, 120], [ITEMS.bismuth, 3000, -40], [ITEMS.potion, 5000, 60]];
  for (const [itemId, value, step] of drift) {
    await db.query(
      `INSERT INTO goblin.item_daily_market (region, connected_realm_id, item_id, day, market_value, min_price, quantity, est_sold, new_listings, snapshots_listed)
       SELECT 'us', NULL, $1, $2::date - n, $3 - n * $4 + (n % 3) * $4, $3 - n * $4, 1000, 200, 300, 24 FROM generate_series(0, 13) AS n`,
      [itemId, today, value, step],
    );
    await db.query(
      `INSERT INTO goblin.item_market_analysis (region, connected_realm_id, item_id, market_value, historical_value, sale_rate, daily_sold, volatility, last_updated, through_day, days_seen)
       VALUES ('us', NULL, $1, $2, $3, 0.4, 180, 0.1, now(), $4, 14)
       ON CONFLICT (region, connected_realm_id, item_id, pet_species_id) DO UPDATE SET market_value = EXCLUDED.market_value, historical_value = EXCLUDED.historical_value`,
      [itemId, value, value - 13 * step, today],
    );
  }
  const plan = await runCli(['liquidate', '--auction-alt', 'Bankalt-Stormrage', '--min-value', '1g', '--apply'], { env });
  if (plan.code !== 0) throw new Error(`liquidate failed: ${plan.stderr}`);
}
