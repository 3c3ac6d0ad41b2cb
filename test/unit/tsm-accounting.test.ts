import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeItemString } from '../../src/core/goblin/ledger/item-string.js';
import { readTsmAccounting } from '../../src/core/goblin/ledger/tsm-accounting.js';
import { readSavedVariables } from '../../src/core/lua/saved-variables.js';
import { hasSamples, samplePath } from '../helpers/samples.js';
import { tsmFile } from '../helpers/tsm-accounting-generator.js';

const RETAIL = samplePath('client', 'tradeskillmaster-retail-10.1.7.lua');
const BCC = samplePath('blizzard', 'tsm_appdata_bcc_2022_excerpt.lua');

/**
 * The CSV rows of one accounting key read straight from the file's bytes with
 * a regular expression and a split: independent of our Lua reader and of
 * csv-parse.
 */
function rawRows(file: string, key: string): string[][] {
  const text = fs.readFileSync(file, 'latin1');
  const match = new RegExp(`\\["${key}"\\] = "([^"]*)"`).exec(text);
  if (!match) return [];
  return match[1]!.split('\\n').slice(1).map((line) => line.split(','));
}

describe.skipIf(!hasSamples())('TSM accounting in the sample files', () => {
  it('reads every accounting row of the retail 10.1.7 sample, with the right sums', () => {
    const found = readTsmAccounting(readSavedVariables(fs.readFileSync(RETAIL), RETAIL));
    const count = (kind: string) => found.rows.filter((r) => r.kind === kind).length;
    const amount = (kind: string) => found.rows.filter((r) => r.kind === kind).reduce((sum, r) => sum + (r.price ?? 0) * r.quantity, 0);
    const sales = rawRows(RETAIL, 'r@Azshara@internalData@csvSales');
    const buys = rawRows(RETAIL, 'r@Azshara@internalData@csvBuys');
    // Independent counts and sums from the raw text…
    expect(count('sale')).toBe(sales.length);
    expect(count('buy')).toBe(buys.length);
    expect(count('expired')).toBe(rawRows(RETAIL, 'r@Azshara@internalData@csvExpired').length);
    expect(amount('sale')).toBe(sales.reduce((sum, f) => sum + Number(f[2]) * Number(f[3]), 0));
    expect(amount('buy')).toBe(buys.reduce((sum, f) => sum + Number(f[2]) * Number(f[3]), 0));
    // …and the facts read off the sample by hand: 408 Vendor + 45 Auction sales,
    // 11 buys, 32 expired, no income or cancellations, three expenses
    // (Postage 30c, Repair Bill 838228c and 1547303c).
    expect(count('sale')).toBe(453);
    expect(found.rows.filter((r) => r.kind === 'sale' && r.source === 'Auction').length).toBe(45);
    expect(found.rows.filter((r) => r.kind === 'sale' && r.source === 'Vendor').length).toBe(408);
    expect(count('buy')).toBe(11);
    expect(count('expired')).toBe(32);
    expect(count('income')).toBe(0);
    expect(count('cancelled')).toBe(0);
    expect(found.rows.filter((r) => r.kind === 'expense').map((r) => [r.source, r.price]).sort()).toEqual([
      ['Postage', 30],
      ['Repair Bill', 1547303],
      ['Repair Bill', 838228],
    ]);
    expect(amount('sale')).toBe(105_116_471);
    expect(amount('buy')).toBe(92_022_949);
    expect(found.rows.length).toBe(499);
    expect(found.skipped).toEqual([]);
    expect(new Set(found.rows.map((r) => r.realm))).toEqual(new Set(['Azshara']));
    expect(found.rows.filter((r) => r.character === 'Lynndaw' && r.kind === 'sale').length).toBe(3);
    expect(found.rows[0]).toMatchObject({ kind: 'buy', character: 'Ziadwan' });
    expect(found.notes.some((n) => /other TradeSkillMaster settings .* not read; skipped/.test(n))).toBe(true);
  });

  it('finds no accounting in the BCC AppData excerpt (market data, no TradeSkillMasterDB)', () => {
    const text = fs.readFileSync(BCC, 'latin1');
    expect(text).not.toMatch(/csvSales|TradeSkillMasterDB/);
    expect(text).toMatch(/AUCTIONDB_MARKET_DATA/);
  });
});

describe('TSM item strings', () => {
  it('decodes base items, bonus forms, item levels and pets', () => {
    expect(decodeItemString('i:49295')).toMatchObject({ itemId: 49295, petSpeciesId: 0, bonusKey: null, bonusIds: null });
    expect(decodeItemString('i:49493::1:9046:1:9:30')).toMatchObject({ itemId: 49493, bonusKey: '::1:9046:1:9:30', bonusIds: [9046] });
    expect(decodeItemString('i:36037::2:1676:6654:1:9:30')).toMatchObject({ itemId: 36037, bonusIds: [1676, 6654] });
    expect(decodeItemString('i:193393::i319')).toMatchObject({ itemId: 193393, bonusKey: '::i319', itemLevel: 319, bonusIds: null });
    expect(decodeItemString('i:1234::+5')).toMatchObject({ itemId: 1234, bonusKey: '::+5', bonusIds: null, itemLevel: null });
    expect(decodeItemString('p:1155:25:3')).toMatchObject({ itemId: 82800, petSpeciesId: 1155, petLevel: 25, petQuality: 3 });
    expect(decodeItemString('p:868')).toMatchObject({ itemId: 82800, petSpeciesId: 868, petLevel: null });
    expect(decodeItemString('i:99999999999')).toMatchObject({ itemId: null });
    expect(decodeItemString('garbage')).toMatchObject({ itemId: null, petSpeciesId: 0 });
  });
});

describe('bad accounting rows', () => {
  it('skips a row with a wrong field count or a bad number and names its line inside the string', () => {
    const text = tsmFile({
      Azshara: {
        csvSales: [
          'i:1,1,1,100,Merchant,Goldy,1700000000,Vendor',
          'i:2,1,1,200,Merchant,Goldy,1700000001',
          'i:3,1,1,300,Merchant,Goldy,1700000002,Vendor',
          'i:4,1,1,abc,Merchant,Goldy,1700000003,Vendor',
          'i:5,1,1,500,Merchant,Goldy,1700000004,Vendor,extra',
        ],
        csvIncome: ['Money Transfer,12345,Bankalt,Goldy,1700000005'],
      },
    });
    const found = readTsmAccounting(readSavedVariables(Buffer.from(text, 'latin1')));
    expect(found.rows.map((r) => r.itemString ?? r.source)).toEqual(['Money Transfer', 'i:1', 'i:3']);
    expect(found.skipped).toEqual([
      { key: 'r@Azshara@internalData@csvSales', line: 3, reason: '7 fields where the header has 8' },
      { key: 'r@Azshara@internalData@csvSales', line: 5, reason: 'price is not a whole number in range' },
      { key: 'r@Azshara@internalData@csvSales', line: 6, reason: '9 fields where the header has 8' },
    ]);
    expect(found.notes).toContain('r@Azshara@internalData@csvSales line 3: 7 fields where the header has 8; row skipped');
    expect(found.notes).toContain("TSMItemInfoDB (TSM's own cache) not read; skipped");
    expect(found.rows[0]).toMatchObject({ kind: 'income', price: 12345, quantity: 1, otherPlayer: 'Bankalt', character: 'Goldy', itemString: null });
  });

  it('accepts the older buyer/seller header', () => {
    const text = tsmFile({}).replace('TradeSkillMasterDB = {', 'TradeSkillMasterDB = {\r\n\t["r@Azshara@internalData@csvSales"] = "itemString,stackSize,quantity,price,buyer,player,time,source\\ni:1,2,4,100,Someone,Goldy,1700000000,Auction",');
    const found = readTsmAccounting(readSavedVariables(Buffer.from(text, 'latin1')));
    expect(found.rows).toHaveLength(1);
    expect(found.rows[0]).toMatchObject({ otherPlayer: 'Someone', stackSize: 2, quantity: 4, price: 100, time: 1700000000 });
  });
});
