import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTestDatabase } from '../helpers/db.js';
import { useTempDirs } from '../helpers/tmp.js';
import { tsmFile } from '../helpers/tsm-accounting-generator.js';

const t = useTestDatabase();
const tempDir = useTempDirs();
const env = () => ({ DATABASE_URL: t.url });
const DAY = 86_400;
const NOW = Math.floor(Date.now() / 1000);

function wtf(text: string): string {
  const root = tempDir('holocron-ledger-cli-');
  const dir = path.join(root, 'WTF', 'Account', 'GOLD', 'SavedVariables');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'TradeSkillMaster.lua'), text);
  return root;
}

describe('holocron ingest and holocron ledger', () => {
  beforeAll(async () => {
    const text = tsmFile({
      Stormrage: {
        // Two sales of 3 × 1,000c and 2 × 2,500c; one of them 40 days ago (outside --since 30d).
        csvSales: [`i:2589,1,3,1000,Buyer,Goldy,${NOW - DAY},Auction`, `i:2592,2,2,2500,Buyer,Goldy,${NOW - 2 * DAY},Auction`, `i:2589,1,1,1000,Buyer,Goldy,${NOW - 40 * DAY},Auction`],
        csvBuys: [`i:2589,1,5,400,Seller,Bankalt,${NOW - 3 * DAY},Auction`, 'i:1,1,1,1,Seller,Bankalt'],
        csvExpense: [`Repair Bill,700,Merchant,Goldy,${NOW - DAY}`],
      },
    });
    const run = await runCli(['ingest', wtf(text)], { env: env() });
    expect(run.stdout).toContain('note: r@Stormrage@internalData@csvBuys line 3: 6 fields where the header has 8; row skipped');
    expect(run.stdout).toMatch(/ingested .*TradeSkillMaster\.lua \[tsm-accounting\] \(GOLD\): 5 accounting rows read, 5 new to the ledger, 0 already held, 1 bad rows skipped/);
    expect(run.code).toBe(0);
  });

  it('prints earned and spent by character as JSON', async () => {
    const run = await runCli(['ledger', '--since', '30d', '--by', 'character', '--json'], { env: env() });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.totals).toMatchObject({ sales: 8000, buys: 2000, expenses: 700, earned: 8000, spent: 2700, net: 5300 });
    expect(report.groups.map((g: { key: string; net: number }) => [g.key, g.net])).toEqual([
      ['Goldy-Stormrage', 7300],
      ['Bankalt-Stormrage', -2000],
    ]);
    expect(report.velocity.earnedPerDay7d).toBe(Math.round(8000 / 7));
    expect(report.velocity.earnedPerDay30d).toBe(Math.round(8000 / 30));
  });

  it('prints a table by item and by day', async () => {
    const byItem = await runCli(['ledger', '--since', '60d', '--by', 'item'], { env: env() });
    expect(byItem.code).toBe(0);
    expect(byItem.stdout).toMatch(/item 2589 +40s 0c +20s 0c/);
    expect(byItem.stdout).toMatch(/Repair Bill +0c +7s 0c/);
    expect(byItem.stdout).toMatch(/gold velocity:/);
    const byDay = await runCli(['ledger', '--by', 'day', '--json'], { env: env() });
    expect(JSON.parse(byDay.stdout).groups).toHaveLength(3);
  });

  it('re-ingesting the same file does nothing; the same rows in a newer save add nothing', async () => {
    const text = tsmFile({ Stormrage: { csvSales: [`i:2589,1,3,1000,Buyer,Goldy,${NOW - DAY},Auction`] } });
    const root = wtf(text);
    const first = await runCli(['ingest', '--json', root], { env: env() });
    expect(JSON.parse(first.stdout).files[0].ledger).toMatchObject({ read: 1, added: 0, unchanged: 1 });
    const again = await runCli(['ingest', '--json', root], { env: env() });
    expect(JSON.parse(again.stdout).files[0].status).toBe('unchanged');
  });

  it('exits 64 on a bad --since or --by', async () => {
    for (const args of [['--since', 'yesterday'], ['--since', '0d'], ['--by', 'realm'], ['--since', '2999-01-01'], ['--region', 'mars']]) {
      const run = await runCli(['ledger', ...args], { env: env() });
      expect(run.code, args.join(' ')).toBe(64);
    }
  });

  it('exits 65 with line:column for a TradeSkillMaster.lua that does not parse', async () => {
    const root = wtf('\nTradeSkillMasterDB = {\n\t["r@Stormrage@internalData@csvSales"] = "itemString\n}\n');
    const run = await runCli(['ingest', root], { env: env() });
    expect(run.code).toBe(65);
    expect(run.stdout).toMatch(/rejected +\S*TradeSkillMaster\.lua: line 3:\d+/);
  });
});
