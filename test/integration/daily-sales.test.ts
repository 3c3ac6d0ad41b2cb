/**
 * Units sold per day: the roll-up of a market's complete UTC days
 * (goblin.item_daily_sales) and the courier's "sold per day" read from it, or
 * from the last 24 hours of snapshots while no day is rolled up.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPricing } from '../../src/core/courier/pricing.js';
import { KeyKind, PRIMARY_WIDTH, decodeRate, get7, pricingKey } from '../../src/core/courier/pricing-encoding.js';
import { ingest } from '../../src/core/inventory/ingest.js';
import { silentLogger } from '../../src/core/log.js';
import { rollUpDailySales } from '../../src/core/scrape/daily-sales.js';
import { useTestDatabase } from '../helpers/db.js';
import { insertRealms, insertSnapshot } from '../helpers/market-fixture.js';
import { generateSyndicatorFile } from '../helpers/syndicator-generator.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const tempDir = useTempDirs();
const HOUR = 3_600_000;
const HERB = 210796;
const SWORD = 19019;

/** The primary record's sold-per-day of an item in a pricing file. */
function soldPerDay(text: string, itemId: number): number | undefined {
  const data = Buffer.from(text.slice(text.indexOf('[=[') + 3, text.indexOf(']=]')), 'latin1');
  const key = pricingKey(KeyKind.Item, itemId);
  for (let at = 0; at < data.length; at += PRIMARY_WIDTH) if (get7(data, at, 5) === key) return decodeRate(get7(data, at + 17, 2));
  return undefined;
}

async function hourly(from: string, hours: number, connectedRealmId: number | null, itemId: number, sold: (hour: number) => number): Promise<void> {
  for (let h = 0; h < hours; h++) {
    await insertSnapshot(t.db, { region: 'us', connectedRealmId, at: new Date(Date.parse(from) + h * HOUR), stats: [{ itemId, market: 10_000, sold: sold(h) }] });
  }
}

describe('daily sales', () => {
  it('reads the last 24 hours of snapshots while no day is rolled up', async () => {
    await insertRealms(t.db, 'us', 60, [[60, 'Twisting Nether']]);
    // One character there makes connected realm 60 the account's home realm.
    const dir = path.join(tempDir('holocron-daily-sales-'), 'SavedVariables');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'Syndicator.lua'), generateSyndicatorFile({ characters: 1, guilds: 1, seed: 3 }));
    await ingest({ paths: [dir] }, { db: t.db, log: silentLogger });
    // 10 hourly commodity snapshots from 14:00: the first has no previous one (no estimate).
    await hourly('2026-11-29T14:00:00Z', 10, null, HERB, (h) => (h === 0 ? 0 : 30));
    const pricing = await buildPricing(t.db, 'us');
    // 9 × 30 units over the 10 hours the snapshots cover, scaled to a day.
    expect(soldPerDay(pricing.text, HERB)).toBeCloseTo((270 * 24) / 10, 0);
  });

  it('rolls up each complete day of a market once, with the hours its snapshots covered', async () => {
    // The rest of the 29th and all of the 30th; the 1st has begun.
    await hourly('2026-11-30T00:00:00Z', 25, null, HERB, () => 10);
    await hourly('2026-11-30T06:00:00Z', 12, 60, SWORD, (h) => (h % 4 === 0 ? 1 : 0));
    // The 30th ended less than 3 hours ago: a late snapshot of it may still come.
    expect(await rollUpDailySales(t.db, 'us', new Date('2026-12-01T02:30:00Z'), silentLogger)).toEqual([{ day: '2026-11-29', markets: [null] }]);
    const now = new Date('2026-12-01T03:30:00Z');
    const [first, again] = await Promise.all([rollUpDailySales(t.db, 'us', now, silentLogger), rollUpDailySales(t.db, 'us', now, silentLogger)]);
    const [done, nothing] = [first, again].sort((a, b) => b.length - a.length);
    expect(done!.map((d) => [d.day, [...d.markets].sort()])).toEqual([['2026-11-30', [60, null]]]);
    expect(nothing).toEqual([]);
    expect(await rollUpDailySales(t.db, 'us', now, silentLogger)).toEqual([]);

    const rollups = await t.db.query(
      "SELECT connected_realm_id, to_char(day, 'YYYY-MM-DD') AS day, snapshot_count, hours_covered FROM goblin.daily_sales_rollups ORDER BY 1 NULLS FIRST, 2",
    );
    expect(rollups).toEqual([
      { connected_realm_id: null, day: '2026-11-29', snapshot_count: 10, hours_covered: 9 },
      { connected_realm_id: null, day: '2026-11-30', snapshot_count: 24, hours_covered: 24 },
      { connected_realm_id: 60, day: '2026-11-30', snapshot_count: 12, hours_covered: 11 },
    ]);
    const sales = await t.db.query("SELECT connected_realm_id, to_char(day_start AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, item_id, units_sold::int AS sold FROM goblin.item_daily_sales ORDER BY 1 NULLS FIRST, 2");
    expect(sales).toEqual([
      { connected_realm_id: null, day: '2026-11-29', item_id: HERB, sold: 270 },
      { connected_realm_id: null, day: '2026-11-30', item_id: HERB, sold: 240 },
      { connected_realm_id: 60, day: '2026-11-30', item_id: SWORD, sold: 3 },
    ]);
    // Each roll-up refreshes its markets' rates over the week through that day.
    const rates = await t.db.query("SELECT connected_realm_id, item_id, units_per_day, to_char(through_day, 'YYYY-MM-DD') AS through FROM goblin.item_sales_rates ORDER BY 1 NULLS FIRST");
    expect(rates).toEqual([
      { connected_realm_id: null, item_id: HERB, units_per_day: (510 * 24) / 33, through: '2026-11-30' },
      { connected_realm_id: 60, item_id: SWORD, units_per_day: (3 * 24) / 11, through: '2026-11-30' },
    ]);
  });

  it('averages the rolled-up days for the courier, today left out', async () => {
    const pricing = await buildPricing(t.db, 'us');
    // 510 units over 33 hours of the 29th and 30th (the 1st's snapshot is not in a complete day).
    expect(soldPerDay(pricing.text, HERB)).toBeCloseTo((510 * 24) / 33, 0);
    // The sword's realm had 3 sales in 11 hours.
    expect(soldPerDay(pricing.text, SWORD)).toBeCloseTo((3 * 24) / 11, 1);
  });
});
