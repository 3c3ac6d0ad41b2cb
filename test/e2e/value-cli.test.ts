import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliOnTty } from '../helpers/cli.js';
import { useTestDatabase } from '../helpers/db.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const tempDir = useTempDirs();
const env = () => ({ DATABASE_URL: t.url });

describe('holocron search and value', () => {
  beforeAll(async () => {
    const root = tempDir('holocron-value-');
    const dir = path.join(root, 'WTF', 'Account', 'Gold', 'SavedVariables');
    fs.mkdirSync(dir, { recursive: true });
    const slot = (id: number, count: number, name: string, bound = false) =>
      `{\n["itemID"] = ${id},\n["itemCount"] = ${count},\n["isBound"] = ${bound},\n["itemLink"] = "|cnIQ1:|Hitem:${id}::::::::80:72:::::::::|h[${name}]|h|r",\n},`;
    fs.writeFileSync(
      path.join(dir, 'Syndicator.lua'),
      [
        '',
        'SYNDICATOR_DATA = {',
        '["Characters"] = {',
        '["Goldy-Stormrage"] = {',
        '["details"] = {\n["character"] = "Goldy",\n["realm"] = "Stormrage",\n},',
        '["money"] = 1234567,',
        `["bags"] = {\n{\n${slot(210796, 200, 'Mycobloom')}\n${slot(6948, 1, 'Hearthstone', true)}\n${slot(999999, 3, 'Mystery Box')}\n},\n},`,
        '},',
        '},',
        '["Warband"] = {\n{\n["money"] = 50000000,\n["bank"] = {\n{\n["slots"] = {\n' + slot(210796, 100, 'Mycobloom') + '\n},\n},\n},\n},\n},',
        '}',
        '',
      ].join('\n'),
    );
    const run = await runCli(['ingest', root], { env: env() });
    expect(run.code).toBe(0);
    await t.db.query(`SELECT ops.ensure_daily_partition('goblin.item_stats', '2026-11-20')`);
    await t.db.query(
      `INSERT INTO goblin.auction_snapshots (snapshot_id, dataset, region, snapshot_at, auction_count, item_count)
       OVERRIDING SYSTEM VALUE VALUES (900001, 'eu/commodities', 'eu', '2026-11-20T10:00:00Z', 50, 1)`,
    );
    await t.db.query(
      `INSERT INTO goblin.item_stats (snapshot_at, snapshot_id, item_id, market_value, min_price, total_quantity, auction_count)
       VALUES ('2026-11-20T10:00:00Z', 900001, 210796, 1500, 1400, 10000, 50)`,
    );
    await t.db.query(`INSERT INTO goblin.items (item_id, name, sell_price, binding) VALUES (6948, 'Hearthstone', 0, 'ON_ACQUIRE') ON CONFLICT DO NOTHING`);
  });

  it('values the account: gold everywhere plus items, each figure with its price source', async () => {
    const run = await runCli(['value', '--region', 'eu', '--json'], { env: env() });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      region: string;
      gold: { onHand: number; warbandBanks: number };
      items: { market: number; vendor: number; unpricedItems: number };
      netWorth: number;
      rows: Array<{ key: string; account: string; gold: number; market: number }>;
    };
    expect(report.rows.find((r) => r.key === 'Goldy-Stormrage')).toMatchObject({ account: 'Gold', gold: 1234567, market: 200 * 1500 });
    expect(report.rows.find((r) => r.key === 'Warband')).toMatchObject({ account: 'Gold', gold: 50000000, market: 100 * 1500 });
    expect(report.gold).toMatchObject({ onHand: 1234567, warbandBanks: 50000000 });
    expect(report.items).toMatchObject({ market: 300 * 1500, vendor: 0, unpricedItems: 2 });
    expect(report.netWorth).toBe(1234567 + 50000000 + 300 * 1500);
    const byItem = JSON.parse((await runCli(['value', '--region', 'eu', '--by', 'item', '--json'], { env: env() })).stdout) as {
      rows: Array<{ key: string; unitPrice: number | null; priceSource: string; count: number }>;
    };
    const find = (name: string) => byItem.rows.find((r) => r.key === name);
    expect(find('Mycobloom')).toMatchObject({ unitPrice: 1500, priceSource: 'market' });
    expect(find('Hearthstone')).toMatchObject({ unitPrice: null, priceSource: 'unpriced' }); // soulbound, no vendor price
    expect(find('Mystery Box')).toMatchObject({ priceSource: 'unpriced' });
    const plain = await runCli(['value', '--region', 'eu'], { env: env() });
    expect(plain.stdout).toMatch(/^Net worth [\d,]+g/m);
    expect(plain.stdout).toMatch(/at market 45g 0s 0c/);
  });

  it('rejects bad options with exit 64 and shows a table on a terminal', async () => {
    expect((await runCli(['value', '--by', 'guild'], { env: env() })).code).toBe(64);
    expect((await runCli(['value', '--region', 'xx'], { env: env() })).code).toBe(64);
    expect((await runCli(['search', '--limit', '0', 'x'], { env: env() })).code).toBe(64);
    const tty = await runCliOnTty(['search', 'myco'], { env: env() });
    if (tty) {
      expect(tty.code).toBe(0);
      expect(tty.stdout).toMatch(/Mycobloom \(item 210796\): 300 in all/);
      expect(tty.stdout).toMatch(/count +owner +account +where/);
    }
  });

  it('finds an item by a typo, by id and by a pasted link; says so when nothing matches', async () => {
    const typo = await runCli(['search', 'mycoblom', '--json'], { env: env() });
    expect((JSON.parse(typo.stdout) as { items: Array<{ itemId: number; match: string }> }).items[0]).toMatchObject({ itemId: 210796, match: 'similar' });
    const byId = await runCli(['search', '210796'], { env: env() });
    expect(byId.stdout).toMatch(/Mycobloom \(item 210796\): 300 in all/);
    const byLink = await runCli(['search', '|cnIQ1:|Hitem:210796::::::::80:72:::::::::|h[Mycobloom]|h|r'], { env: env() });
    expect(byLink.stdout).toMatch(/300 in all/);
    const none = await runCli(['search', 'zzzzqqqq'], { env: env() });
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/no item matching "zzzzqqqq"/);
  });
});
