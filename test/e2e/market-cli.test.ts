/**
 * `holocron market`: the price history as a plain table (cron, pipes), as
 * JSON, and as the Ink chart on a terminal; bad input and its exit codes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.js';
import { rollUpDailySales } from '../../src/core/scrape/daily-sales.js';
import { runCli, runCliOnTty } from '../helpers/cli.js';
import { useTestDatabase } from '../helpers/db.js';
import { insertRealms } from '../helpers/market-fixture.js';
import { insertFullSnapshot } from '../helpers/market-history-fixture.js';

const t = useTestDatabase();
const env = () => ({ DATABASE_URL: t.url });
const HERB = 210796;
const SWORD = 19019;

describe('holocron market', () => {
  beforeAll(async () => {
    await t.db.query(`INSERT INTO goblin.items (item_id, name) VALUES ($1, 'Mycobloom'), ($2, 'Arcanite Reaper')`, [HERB, SWORD]);
    await insertRealms(t.db, 'us', 60, [[60, 'Twisting Nether']]);
    // Five days of us commodities: day i (1 … 5) at 1g·i market value, 10·i sold.
    for (let i = 1; i <= 5; i++) {
      const day = `2026-11-2${i}`;
      for (const hour of ['06', '18']) {
        await insertFullSnapshot(t.db, 'us', null, new Date(`${day}T${hour}:00:00Z`), [
          { itemId: HERB, min: 9_000 * i, market: 10_000 * i, mean: 10_000 * i, median: 10_000 * i, quantity: 1_000 * i, sold: 5 * i, listed: 20 },
        ]);
      }
      await insertFullSnapshot(t.db, 'us', 60, new Date(`${day}T12:00:00Z`), [
        { itemId: SWORD, min: 500_000, market: 550_000, mean: 550_000, median: 550_000, quantity: 2, sold: i % 2, listed: 1 },
      ]);
      await rollUpDailySales(t.db, 'us', new Date(`2026-11-2${i + 1}T04:00:00Z`), silentLogger);
    }
  });

  it('prints the history as a plain table under cron and pipes', async () => {
    const result = await runCli(['market', 'Mycobloom', '--days', '3'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Mycobloom (${HERB}) on us commodities: 3 day(s) through 2026-11-25`);
    // DBMarket (132·5 + 125·4 + 100·3 + 75·2 + 45·1)·1g / 477 = 34,696c; 150 sold in 12 + 4·24 hours;
    // 150 of 200 listed; stddev 1.58g over a 3g mean.
    expect(lines[1]).toBe('market value 3g 46s 96c  historical 3g 0s 0c  sold/day 33.3  sale rate 75.0%  volatility 52.7%');
    expect(lines.slice(3)).toEqual([
      'day               min  market value    median  quantity  sold  new',
      '2026-11-23  2g 70s 0c      3g 0s 0c  3g 0s 0c     3,000    30   40',
      '2026-11-24  3g 60s 0c      4g 0s 0c  4g 0s 0c     4,000    40   40',
      '2026-11-25  4g 50s 0c      5g 0s 0c  5g 0s 0c     5,000    50   40',
    ]);
    expect(result.stdout).not.toMatch(/\u001b\[/);
  });

  it('--json gives the days and the measures', async () => {
    const result = await runCli(['market', String(SWORD), '--realm', 'Twisting Nether', '--json', '--days', '14'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as {
      item: { itemId: number; name: string };
      region: string;
      connectedRealmId: number;
      days: Array<{ day: string; minPrice: number; marketValue: number; quantity: number; sold: number }>;
      analysis: { marketValue: number; historicalValue: number; dailySold: number; saleRate: number; volatility: number; lastUpdated: string };
    };
    expect(json.item).toMatchObject({ itemId: SWORD, name: 'Arcanite Reaper' });
    expect(json).toMatchObject({ region: 'us', connectedRealmId: 60 });
    expect(json.days.map((d) => [d.day, d.sold])).toEqual([
      ['2026-11-21', 1],
      ['2026-11-22', 0],
      ['2026-11-23', 1],
      ['2026-11-24', 0],
      ['2026-11-25', 1],
    ]);
    expect(json.days[0]).toMatchObject({ minPrice: 500_000, marketValue: 550_000, quantity: 2 });
    // 3 sold of 5 listed; 3 units over the 4 × 24 hours after the first snapshot; a flat price.
    expect(json.analysis).toMatchObject({ marketValue: 550_000, historicalValue: 550_000, saleRate: 0.6, dailySold: 0.75, volatility: 0, lastUpdated: '2026-11-25T12:00:00.000Z' });
  });

  it('draws a chart on a terminal', async () => {
    const result = await runCliOnTty(['market', String(HERB), '--region', 'us'], { env: env() });
    if (!result) return; // no `script` here
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('market value: top 5g 0s 0c, base 50s 0c');
    expect(result.stdout).toMatch(/█/);
    expect(result.stdout).toContain('sold (max 50)');
  });

  it('says when there is no history, and refuses bad input with its exit code', async () => {
    const empty = await runCli(['market', String(HERB), '--region', 'eu'], { env: env() });
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout).toContain('no rolled-up days on eu commodities yet');
    // The sword is listed on a realm only.
    const sword = await runCli(['market', String(SWORD)], { env: env() });
    expect(sword.code, sword.stderr).toBe(0);
    expect(sword.stdout).toContain('no listings of it on us commodities in the last 60 rolled-up days (gear and pets trade per realm: --realm)');
    expect((await runCli(['market', 'Nonexistent Herb'], { env: env() })).code).toBe(65);
    expect((await runCli(['market', String(HERB), '--days', '0'], { env: env() })).code).toBe(64);
    expect((await runCli(['market', String(HERB), '--region', 'xx'], { env: env() })).code).toBe(64);
    expect((await runCli(['market', String(HERB), '--realm', 'Nowhere'], { env: env() })).code).toBe(65);
  });
});
