import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/core/inventory/ingest.js';
import { accountValue } from '../../src/core/inventory/valuation.js';
import { silentLogger } from '../../src/core/log.js';
import { useTestDatabase } from '../helpers/db.js';
import { useTempDirs } from '../helpers/tmp.js';

/**
 * The price ladder of holocron.view_inventory_valuation: region commodity market,
 * else the market on the owner's connected realm (latest snapshot), else the vendor
 * price; bound items only ever at vendor price.
 */
const t = useTestDatabase();
const tempDir = useTempDirs();

const MYCOBLOOM = 210796; // commodity on eu, and listed on the realm too
const THUNDERFURY = 19019; // realm auctions only
const LINEN = 2589; // vendor price only
const TRINKET = 77777; // bound per the addon; has every price
const SWORD = 88888; // bind-on-pickup per seed, the addon does not say
const RELIC = 99991; // bound, realm price, no vendor price

const REALMS = { argentDawnEu: 3702, silvermoonEu: 3391, argentDawnUs: 3693, gordunniEu: 1602 };

interface Slot {
  id: number;
  count: number;
  name: string;
  bound?: boolean;
}

function syndicatorCharacter(name: string, realm: string, slots: Slot[]): string {
  const slot = (s: Slot) =>
    `{\n["itemID"] = ${s.id},\n["itemCount"] = ${s.count},\n${s.bound === undefined ? '' : `["isBound"] = ${s.bound},\n`}["itemLink"] = "|cnIQ1:|Hitem:${s.id}::::::::80:72:::::::::|h[${s.name}]|h|r",\n},`;
  return `["${name}-${realm.replace(/[\s']/g, '')}"] = {\n["details"] = {\n["character"] = "${name}",\n["realm"] = "${realm}",\n},\n["money"] = 0,\n["bags"] = {\n{\n${slots.map(slot).join('\n')}\n},\n},\n},`;
}

async function snapshot(id: number, region: string, connectedRealmId: number | null, at: string, prices: Array<[itemId: number, marketValue: number]>): Promise<void> {
  await t.db.query(`SELECT ops.ensure_daily_partition('goblin.item_stats', $1::timestamptz::date)`, [at]);
  await t.db.query(
    `INSERT INTO goblin.auction_snapshots (snapshot_id, dataset, region, connected_realm_id, snapshot_at, auction_count, item_count)
     OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, 10, $6)`,
    [id, connectedRealmId === null ? `${region}/commodities` : `${region}/realm/${connectedRealmId}`, region, connectedRealmId, at, prices.length],
  );
  for (const [itemId, marketValue] of prices) {
    await t.db.query(
      `INSERT INTO goblin.item_stats (snapshot_at, snapshot_id, item_id, market_value, min_price, total_quantity, auction_count) VALUES ($1, $2, $3, $4, $4, 5, 1)`,
      [at, id, itemId, marketValue],
    );
  }
}

beforeAll(async () => {
  const dir = path.join(tempDir('holocron-valuation-'), 'WTF', 'Account', 'Gold', 'SavedVariables');
  fs.mkdirSync(dir, { recursive: true });
  const characters = [
    syndicatorCharacter('Argenta', 'Argent Dawn', [
      { id: MYCOBLOOM, count: 200, name: 'Mycobloom', bound: false },
      { id: THUNDERFURY, count: 1, name: 'Thunderfury', bound: false },
      { id: LINEN, count: 20, name: 'Linen Cloth', bound: false },
      { id: TRINKET, count: 1, name: 'Bound Trinket', bound: true },
      { id: SWORD, count: 2, name: 'Sword of Pickup' },
      { id: RELIC, count: 1, name: 'Bound Relic', bound: true },
    ]),
    syndicatorCharacter('Moony', 'Silvermoon', [
      { id: THUNDERFURY, count: 1, name: 'Thunderfury', bound: false },
      { id: SWORD, count: 1, name: 'Sword of Pickup' },
    ]),
    // Realm names are matched without case, spaces or punctuation, in any script.
    syndicatorCharacter('Борис', 'Гордунни', [{ id: THUNDERFURY, count: 1, name: 'Thunderfury', bound: false }]),
  ];
  fs.writeFileSync(path.join(dir, 'Syndicator.lua'), `\nSYNDICATOR_DATA = {\n["Characters"] = {\n${characters.join('\n')}\n},\n}\n`);
  const summary = await ingest({ paths: [dir] }, { db: t.db, log: silentLogger });
  expect(summary.files.map((f) => f.status)).toEqual(['ingested']);

  await t.db.query(
    `INSERT INTO goblin.realms (region, realm_id, connected_realm_id, name, slug) VALUES
       ('eu', 536, $1, 'Argent Dawn', 'argent-dawn'),
       ('eu', 1097, $2, 'Silvermoon', 'silvermoon'),
       ('eu', 1602, $4, 'Гордунни', 'gordunni'),
       ('us', 75, $3, 'Argent Dawn', 'argent-dawn')`,
    [REALMS.argentDawnEu, REALMS.silvermoonEu, REALMS.argentDawnUs, REALMS.gordunniEu],
  );
  await t.db.query(
    `INSERT INTO goblin.items (item_id, name, sell_price, binding) VALUES
       (${LINEN}, 'Linen Cloth', 13, NULL),
       (${TRINKET}, 'Bound Trinket', 500, 'ON_EQUIP'),
       (${SWORD}, 'Sword of Pickup', 700, 'ON_ACQUIRE'),
       (${RELIC}, 'Bound Relic', 0, NULL)`,
  );
  await snapshot(800001, 'eu', null, '2026-11-20T10:00:00Z', [[MYCOBLOOM, 1500], [TRINKET, 9999]]);
  // An older realm snapshot whose prices must not be used.
  await snapshot(800002, 'eu', REALMS.argentDawnEu, '2026-11-19T10:00:00Z', [[THUNDERFURY, 1]]);
  await snapshot(800003, 'eu', REALMS.argentDawnEu, '2026-11-20T11:00:00Z', [[MYCOBLOOM, 2000], [THUNDERFURY, 5_000_000], [TRINKET, 8888], [SWORD, 6666], [RELIC, 4444]]);
  await snapshot(800004, 'eu', REALMS.silvermoonEu, '2026-11-20T09:00:00Z', [[THUNDERFURY, 7_000_000], [SWORD, 6000]]);
  await snapshot(800005, 'eu', REALMS.gordunniEu, '2026-11-20T08:00:00Z', [[THUNDERFURY, 6_000_000]]);
  await snapshot(800006, 'us', REALMS.argentDawnUs, '2026-11-20T12:00:00Z', [[THUNDERFURY, 123]]);
});

interface PricedRow {
  owner: string;
  item_id: number;
  count: number;
  is_bound: boolean;
  unit_price: number | null;
  price_source: string;
  value: number | null;
}

async function priced(region: string): Promise<Map<string, Omit<PricedRow, 'owner' | 'item_id'>>> {
  const rows = await t.db.query<PricedRow>(
    `SELECT owner, item_id, count::int AS count, is_bound, unit_price, price_source, value
     FROM holocron.view_inventory_valuation WHERE region = $1`,
    [region],
  );
  return new Map(rows.map(({ owner, item_id, ...rest }) => [`${owner} ${item_id}`, rest]));
}

describe('holocron.view_inventory_valuation', () => {
  it('prices each stack from the region market, else its realm market, else the vendor', async () => {
    const eu = await priced('eu');
    expect(Object.fromEntries(eu)).toEqual({
      [`Argenta-ArgentDawn ${MYCOBLOOM}`]: { count: 200, is_bound: false, unit_price: 1500, price_source: 'market', value: 300_000 },
      [`Argenta-ArgentDawn ${THUNDERFURY}`]: { count: 1, is_bound: false, unit_price: 5_000_000, price_source: 'realm market', value: 5_000_000 },
      [`Argenta-ArgentDawn ${LINEN}`]: { count: 20, is_bound: false, unit_price: 13, price_source: 'vendor', value: 260 },
      [`Argenta-ArgentDawn ${TRINKET}`]: { count: 1, is_bound: true, unit_price: 500, price_source: 'vendor', value: 500 },
      [`Argenta-ArgentDawn ${SWORD}`]: { count: 2, is_bound: true, unit_price: 700, price_source: 'vendor', value: 1400 },
      [`Argenta-ArgentDawn ${RELIC}`]: { count: 1, is_bound: true, unit_price: null, price_source: 'unpriced', value: null },
      [`Moony-Silvermoon ${THUNDERFURY}`]: { count: 1, is_bound: false, unit_price: 7_000_000, price_source: 'realm market', value: 7_000_000 },
      [`Moony-Silvermoon ${SWORD}`]: { count: 1, is_bound: true, unit_price: 700, price_source: 'vendor', value: 700 },
      [`Борис-Гордунни ${THUNDERFURY}`]: { count: 1, is_bound: false, unit_price: 6_000_000, price_source: 'realm market', value: 6_000_000 },
    });
  });

  it('never prices a bound item above its vendor price, whatever the markets say', async () => {
    for (const region of ['eu', 'us', 'kr', 'tw']) {
      const bound = [...(await priced(region)).entries()].filter(([, r]) => r.is_bound);
      expect(bound.length, region).toBe(4);
      for (const [key, row] of bound) expect(['vendor', 'unpriced'], `${region} ${key}`).toContain(row.price_source);
    }
  });

  it('takes realm prices from the region asked for: the same realm name on us is another realm', async () => {
    const us = await priced('us');
    expect(us.get(`Argenta-ArgentDawn ${THUNDERFURY}`)).toMatchObject({ unit_price: 123, price_source: 'realm market' });
    expect(us.get(`Moony-Silvermoon ${THUNDERFURY}`)).toMatchObject({ unit_price: null, price_source: 'unpriced' });
    expect(us.get(`Argenta-ArgentDawn ${MYCOBLOOM}`)).toMatchObject({ unit_price: null, price_source: 'unpriced' });
    expect(us.get(`Argenta-ArgentDawn ${LINEN}`)).toMatchObject({ unit_price: 13, price_source: 'vendor' });
  });
});

describe('accountValue', () => {
  it('adds each price source into its own total and names it per item', async () => {
    const report = await accountValue(t.db, { by: 'item', region: 'eu' });
    expect(report.items).toEqual({
      market: 300_000,
      realmMarket: 5_000_000 + 7_000_000 + 6_000_000,
      vendor: 260 + 500 + 1400 + 700,
      unpricedItems: 1,
      total: 300_000 + 18_000_000 + 2860,
    });
    expect(report.pricesAsOf).toBe('2026-11-20T11:00:00.000Z');
    const row = (key: string) => report.rows.find((r) => r.key === key);
    expect(row('Thunderfury')).toMatchObject({ count: 3, unitPrice: 5_000_000, priceSource: 'realm market', realmMarket: 18_000_000 });
    expect(row('Sword of Pickup')).toMatchObject({ count: 3, unitPrice: 700, priceSource: 'vendor', vendor: 2100, realmMarket: 0 });
    expect(row('Bound Trinket')).toMatchObject({ unitPrice: 500, priceSource: 'vendor', market: 0, vendor: 500 });
    expect(row('Linen Cloth')).toMatchObject({ unitPrice: 13, priceSource: 'vendor', vendor: 260 });
  });

  it('breaks the realm-market and vendor amounts down by character', async () => {
    const report = await accountValue(t.db, { by: 'character', region: 'eu' });
    const row = (key: string) => report.rows.find((r) => r.key === key);
    expect(row('Argenta-ArgentDawn')).toMatchObject({ market: 300_000, realmMarket: 5_000_000, vendor: 260 + 500 + 1400, unpricedItems: 1 });
    expect(row('Moony-Silvermoon')).toMatchObject({ market: 0, realmMarket: 7_000_000, vendor: 700, unpricedItems: 0 });
  });
});
