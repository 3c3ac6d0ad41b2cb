import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ledgerReport } from '../../src/core/goblin/ledger/report.js';
import { ingest, type FileReport } from '../../src/core/inventory/ingest.js';
import { silentLogger } from '../../src/core/log.js';
import { useTestDatabase } from '../helpers/db.js';
import { ITEMS, T0, insertMarket, writeAccount } from '../helpers/liquidation-fixture.js';
import { insertRealms } from '../helpers/market-fixture.js';
import { hasSamples, samplePath } from '../helpers/samples.js';
import { useTempDirs } from '../helpers/tmp.js';
import { tsmFile, type AccountingLines } from '../helpers/tsm-accounting-generator.js';

const t = useTestDatabase();
const tempDir = useTempDirs();

/** A WTF tree with one TradeSkillMaster.lua; returns the file's path. */
function writeTsm(content: string | Buffer, account = 'MAIN'): string {
  const dir = path.join(tempDir('holocron-ledger-'), 'WTF', 'Account', account, 'SavedVariables');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'TradeSkillMaster.lua');
  fs.writeFileSync(file, content);
  return file;
}

async function ingestOne(file: string): Promise<FileReport> {
  const summary = await ingest({ paths: [file] }, { db: t.db, log: silentLogger });
  expect(summary.files).toHaveLength(1);
  return summary.files[0]!;
}

async function ledgerTotals(where = 'true'): Promise<Record<string, { rows: number; amount: number; quantity: number }>> {
  const rows = await t.db.query<{ kind: string; rows: string; amount: string | null; quantity: string }>(
    `SELECT kind, count(*) AS rows, sum(amount) AS amount, sum(quantity) AS quantity FROM goblin.ledger WHERE ${where} GROUP BY kind`,
  );
  return Object.fromEntries(rows.map((r) => [r.kind, { rows: Number(r.rows), amount: Number(r.amount ?? 0), quantity: Number(r.quantity) }]));
}

describe.skipIf(!hasSamples())('the retail TSM sample into goblin.ledger', () => {
  const sample = samplePath('client', 'tradeskillmaster-retail-10.1.7.lua');
  /** Counted from the raw text with a split (see test/unit/tsm-accounting.test.ts for the hand-checked facts). */
  const raw = (key: string) => {
    const match = new RegExp(`\\["r@Azshara@internalData@${key}"\\] = "([^"]*)"`).exec(fs.readFileSync(sample, 'latin1'))!;
    return match[1]!.split('\\n').slice(1).map((l) => l.split(','));
  };

  it('stores every accounting row exactly once, with its amounts', async () => {
    const file = writeTsm(fs.readFileSync(sample));
    const report = await ingestOne(file);
    expect(report.status).toBe('ingested');
    expect(report.formats).toEqual(['tsm-accounting']);
    expect(report.ledger).toEqual({ read: 499, added: 499, grown: 0, unchanged: 0, duplicates: 0, skipped: 0 });
    expect(report.notes.some((n) => /not read; skipped/.test(n))).toBe(true);
    const totals = await ledgerTotals();
    const sales = raw('csvSales');
    const buys = raw('csvBuys');
    expect(totals.sale).toEqual({ rows: sales.length, amount: sales.reduce((s, f) => s + Number(f[2]) * Number(f[3]), 0), quantity: sales.reduce((s, f) => s + Number(f[2]), 0) });
    expect(totals.buy).toEqual({ rows: buys.length, amount: buys.reduce((s, f) => s + Number(f[2]) * Number(f[3]), 0), quantity: buys.reduce((s, f) => s + Number(f[2]), 0) });
    // By hand from the sample: 453 sales worth 105,116,471c (754 units), 11 buys worth 92,022,949c,
    // expenses 30 + 838,228 + 1,547,303 = 2,385,561c, 32 expired, no income or cancellations.
    expect(totals.sale).toEqual({ rows: 453, amount: 105_116_471, quantity: 754 });
    expect(totals.buy!.amount).toBe(92_022_949);
    expect(totals.expense).toEqual({ rows: 3, amount: 2_385_561, quantity: 3 });
    expect(totals.expired!.rows).toBe(32);
    expect(totals.income).toBeUndefined();
    expect(totals.cancelled).toBeUndefined();
    const [first] = await t.db.query<Record<string, unknown>>(
      `SELECT item_id, bonus_ids, bonus_key, price, other_player, source, character, realm, realm_key, account, occurred_at
       FROM goblin.ledger WHERE kind = 'sale' AND item_string = 'i:49493::1:9046:1:9:30'`,
    );
    expect(first).toMatchObject({ item_id: 49493, bonus_ids: [9046], bonus_key: '::1:9046:1:9:30', price: 75783, other_player: 'Merchant', source: 'Vendor', character: 'Ziadwan', realm: 'Azshara', realm_key: 'azshara', account: 'MAIN' });
    expect((first!.occurred_at as Date).getTime()).toBe(1694584963 * 1000);
  });

  it('re-ingesting the same rows adds nothing', async () => {
    const again = await ingestOne(writeTsm(fs.readFileSync(sample)));
    // The same bytes from another folder: read again, every row already held.
    expect(again.ledger).toMatchObject({ read: 499, added: 0, unchanged: 499 });
    const [{ n }] = (await t.db.query<{ n: string }>('SELECT count(*) AS n FROM goblin.ledger')) as [{ n: string }];
    expect(Number(n)).toBe(499);
    const [{ n: sales }] = (await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM goblin.ledger WHERE kind = 'sale'`)) as [{ n: string }];
    expect(Number(sales)).toBe(raw('csvSales').length);
  });
});

describe('trimmed and merged files', () => {
  const REALM = 'Trimrealm';
  const line = (k: number, qty = 1) => `i:${1000 + k},1,${qty},${100 + k},Buyer,Goldy,${1_760_000_000 + k * 60},Auction`;
  const file = (from: number, to: number, extra: Partial<AccountingLines[string]> = {}) => {
    const sales: string[] = [];
    for (let k = from; k <= to; k++) sales.push(line(k));
    return tsmFile({ [REALM]: { csvSales: sales, ...extra } });
  };
  const where = `realm = '${REALM}'`;

  it('keeps the rows a newer, trimmed file no longer has, and adds its new ones', async () => {
    const older = await ingestOne(writeTsm(file(1, 100), 'TRIM'));
    expect(older.ledger).toMatchObject({ read: 100, added: 100 });
    // TSM trimmed rows 1–50 and recorded 51 more.
    const newer = await ingestOne(writeTsm(file(51, 150), 'TRIM'));
    expect(newer.ledger).toMatchObject({ read: 100, added: 50, unchanged: 50 });
    const totals = await ledgerTotals(where);
    expect(totals.sale!.rows).toBe(150);
    let expected = 0;
    for (let k = 1; k <= 150; k++) expected += 100 + k;
    expect(totals.sale!.amount).toBe(expected);
  });

  it('takes a larger quantity for a row TSM merged a later sale into, without a second row', async () => {
    const merged = file(140, 150).replace(line(150), line(150, 3));
    const report = await ingestOne(writeTsm(merged, 'TRIM'));
    expect(report.ledger).toMatchObject({ read: 11, added: 0, grown: 1, unchanged: 10 });
    const rows = await t.db.query<{ quantity: number }>(`SELECT quantity FROM goblin.ledger WHERE ${where} AND item_string = 'i:1150'`);
    expect(rows).toEqual([{ quantity: 3 }]);
    // An older file with the smaller quantity does not shrink it back.
    await ingestOne(writeTsm(file(149, 150), 'TRIM'));
    expect(await t.db.query(`SELECT quantity FROM goblin.ledger WHERE ${where} AND item_string = 'i:1150'`)).toEqual([{ quantity: 3 }]);
  });

  it('stores a row repeated within one file once', async () => {
    const text = tsmFile({ Duprealm: { csvBuys: ['i:7,1,2,50,Merchant,Goldy,1760000000,Vendor', 'i:7,1,2,50,Merchant,Goldy,1760000000,Vendor'] } });
    const report = await ingestOne(writeTsm(text, 'DUP'));
    expect(report.ledger).toMatchObject({ read: 2, added: 1, duplicates: 1 });
  });
});

describe('bad input', () => {
  it('skips a row with the wrong field count, reports its line, and stores the rest', async () => {
    const text = tsmFile({
      Badrealm: {
        csvSales: ['i:1,1,1,100,Merchant,Goldy,1760000000,Vendor', 'i:2,1,1,200,Merchant,Goldy,1760000001', 'i:3,1,1,300,Merchant,Goldy,1760000002,Vendor'],
        csvExpense: ['Repair Bill,5000,Merchant,Goldy,1760000003'],
      },
    });
    const report = await ingestOne(writeTsm(text, 'BAD'));
    expect(report.status).toBe('ingested');
    expect(report.ledger).toMatchObject({ read: 3, added: 3, skipped: 1 });
    expect(report.notes).toContain('r@Badrealm@internalData@csvSales line 3: 7 fields where the header has 8; row skipped');
    expect(await ledgerTotals(`realm = 'Badrealm'`)).toEqual({ sale: { rows: 2, amount: 400, quantity: 2 }, expense: { rows: 1, amount: 5000, quantity: 1 } });
    const [stored] = await t.db.query<{ notes: string[] }>(`SELECT notes FROM holocron.source_files WHERE path LIKE '%/BAD/%'`);
    expect(stored!.notes).toContain('r@Badrealm@internalData@csvSales line 3: 7 fields where the header has 8; row skipped');
  });

  it('rejects a TradeSkillMaster.lua that does not parse, with line and column, and stores nothing from it', async () => {
    const text = tsmFile({ Brokenrealm: { csvSales: ['i:1,1,1,100,Merchant,Goldy,1760000000,Vendor'] } }).replace('["_hash"] = 13957104,', '["_hash"] = 13957104 13,');
    const file = writeTsm(text, 'BROKEN');
    const report = await ingestOne(file);
    expect(report.status).toBe('rejected');
    expect(report.error).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:\\d+: `));
    expect(await ledgerTotals(`realm = 'Brokenrealm'`)).toEqual({});
  });
});

describe('views and the ledger report', () => {
  const DAY = 86_400;
  const NOW = Date.parse('2026-12-01T12:00:00Z') / 1000;

  beforeAll(async () => {
    const sales: string[] = [];
    const buys: string[] = [];
    // Velo sells 1,000c a day for 40 days and buys 300c every other day; Alt earns 50c of income once.
    for (let d = 0; d < 40; d++) {
      sales.push(`i:2589,1,1,1000,Buyer,Velo,${NOW - d * DAY - 3600},Auction`);
      if (d % 2 === 0) buys.push(`i:2589,1,1,300,Seller,Velo,${NOW - d * DAY - 7200},Auction`);
    }
    const text = tsmFile({ Velorealm: { csvSales: sales, csvBuys: buys, csvIncome: [`Money Transfer,50,Velo,Alt,${NOW - 2 * DAY}`] } });
    expect((await ingestOne(writeTsm(text, 'VELO'))).status).toBe('ingested');
  });

  it('view_gold_velocity: in and out per character and day, 7- and 30-day rates', async () => {
    const rows = await t.db.query<Record<string, unknown>>(
      `SELECT day::text, gold_in, gold_out, net, gold_in_per_day_7d, gold_out_per_day_7d, gold_in_per_day_30d, gold_out_per_day_30d
       FROM goblin.view_gold_velocity WHERE realm = 'Velorealm' AND character = 'Velo' ORDER BY day DESC LIMIT 1`,
    );
    // The newest day: 1,000 in, 300 out; over 7 days 7 × 1,000 in and 4 × 300 out; over 30 days 30 × 1,000 and 15 × 300.
    expect(rows[0]).toMatchObject({ day: '2026-12-01', gold_in: 1000, gold_out: 300, net: 700, gold_in_per_day_7d: 1000, gold_out_per_day_7d: Math.round(1200 / 7), gold_in_per_day_30d: 1000, gold_out_per_day_30d: 150 });
    const alt = await t.db.query<Record<string, unknown>>(`SELECT income, gold_in FROM goblin.view_gold_velocity WHERE character = 'Alt'`);
    expect(alt).toEqual([{ income: 50, gold_in: 50 }]);
  });

  it('ledgerReport: by character, item and day over a window', async () => {
    const now = new Date(NOW * 1000);
    const since = new Date((NOW - 10 * DAY) * 1000);
    const byCharacter = await ledgerReport(t.db, { since, now, by: 'character' });
    const velo = byCharacter.groups.find((g) => g.key === 'Velo-Velorealm')!;
    // Sales on days 0–9 (10 × 1,000), buys on days 0, 2, 4, 6, 8 (5 × 300).
    expect(velo).toMatchObject({ sales: 10_000, buys: 1_500, earned: 10_000, spent: 1_500, net: 8_500, unitsSold: 10, unitsBought: 5 });
    expect(byCharacter.groups.find((g) => g.key === 'Alt-Velorealm')).toMatchObject({ income: 50, earned: 50 });
    const byDay = await ledgerReport(t.db, { since, now, by: 'day' });
    expect(byDay.groups[0]).toMatchObject({ key: '2026-12-01', earned: 1_000, spent: 300 });
    const byItem = await ledgerReport(t.db, { since, now, by: 'item' });
    expect(byItem.groups.find((g) => g.key === '2589:0')).toMatchObject({ sales: 10_000, buys: 1_500 });
    expect(byItem.groups.find((g) => g.key === 'money:Money Transfer')).toMatchObject({ label: 'Money Transfer', income: 50 });
    // Every other test's rows are older than the window or on other realms and all in the totals alike.
    expect(byItem.totals.earned).toBe(byCharacter.totals.earned);
    expect(byItem.velocity.earnedPerDay7d).toBe(Math.round((7 * 1000 + 50) / 7));
  });

  it('view_asset_liquidity: holdings valued and weighted by how fast the region sells them', async () => {
    await ingest({ paths: [writeAccount(tempDir('holocron-ledger-assets-'))] }, { db: t.db, log: silentLogger });
    await insertMarket(t.db);
    await t.db.query(
      `INSERT INTO goblin.item_sales_rates (region, connected_realm_id, item_id, pet_species_id, units_per_day, through_day)
       VALUES ('us', NULL, $1, 0, 20, $2)`,
      [ITEMS.mycobloom, new Date(T0 * 1000)],
    );
    const [held] = await t.db.query<{ units: string; value: string }>(
      `SELECT sum(sell_count) AS units, sum(value) AS value FROM goblin.view_liquidatable_assets
       WHERE region = 'us' AND item_id = $1 AND exclusion IS NULL AND sell_count > 0`,
      [ITEMS.mycobloom],
    );
    const units = Number(held!.units);
    const value = Number(held!.value);
    expect(units).toBeGreaterThan(0);
    const [row] = await t.db.query<Record<string, unknown>>(`SELECT * FROM goblin.view_asset_liquidity WHERE region = 'us' AND item_id = $1`, [ITEMS.mycobloom]);
    expect(row).toMatchObject({ units_sellable: units, value, sold_per_day: 20 });
    expect(Number(row!.days_to_liquidate)).toBeCloseTo(units / 20, 1);
    expect(Number(row!.liquid_value_7d)).toBe(Math.round(value * Math.min(1, (7 * 20) / units)));
    // An item with no sales rate is held but not liquid.
    const [potion] = await t.db.query<Record<string, unknown>>(`SELECT * FROM goblin.view_asset_liquidity WHERE region = 'us' AND item_id = $1`, [ITEMS.potion]);
    expect(potion).toMatchObject({ sold_per_day: null, days_to_liquidate: null, liquid_value_7d: 0 });
  });

  it('ledgerReport --region keeps realms of that region only', async () => {
    const q = { since: new Date((NOW - 10 * DAY) * 1000), now: new Date(NOW * 1000), by: 'character' as const };
    expect((await ledgerReport(t.db, { ...q, region: 'us' })).groups.map((g) => g.key)).not.toContain('Velo-Velorealm');
    await insertRealms(t.db, 'us', 7777, [[7777, 'Velorealm']]);
    expect((await ledgerReport(t.db, { ...q, region: 'us' })).groups.map((g) => g.key)).toEqual(['Velo-Velorealm', 'Alt-Velorealm']);
    expect((await ledgerReport(t.db, { ...q, region: 'eu' })).groups).toEqual([]);
  });

  it('stores battle pets and item levels decoded', async () => {
    const text = tsmFile({ Petrealm: { csvSales: [`p:1155:25:3,1,1,500000,Buyer,Petty,${NOW - DAY},Auction`, `i:193393::i319,1,1,9000,Buyer,Petty,${NOW - DAY},Auction`] } });
    expect((await ingestOne(writeTsm(text, 'PET'))).ledger).toMatchObject({ added: 2 });
    const rows = await t.db.query(`SELECT item_id, pet_species_id, pet_level, pet_quality, item_level, bonus_key, amount FROM goblin.ledger WHERE realm = 'Petrealm' ORDER BY item_id`);
    expect(rows).toEqual([
      { item_id: 82800, pet_species_id: 1155, pet_level: 25, pet_quality: 3, item_level: null, bonus_key: null, amount: 500000 },
      { item_id: 193393, pet_species_id: 0, pet_level: null, pet_quality: null, item_level: 319, bonus_key: '::i319', amount: 9000 },
    ]);
  });
});
