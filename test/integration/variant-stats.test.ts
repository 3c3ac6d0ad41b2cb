import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlizzardClient } from '../../src/core/blizzard/client.js';
import { systemClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { ingest } from '../../src/core/inventory/ingest.js';
import { parseItemLink } from '../../src/core/inventory/item-link.js';
import { planLiquidation } from '../../src/core/liquidation/plan.js';
import { setMinValue } from '../../src/core/liquidation/settings.js';
import { silentLogger } from '../../src/core/log.js';
import { AuctionStreamParser, type AuctionRow } from '../../src/core/scrape/auction-parser.js';
import { scrapeOnce } from '../../src/core/scrape/scrape.js';
import { itemVariantKey, itemVariantKeyFromPairs } from '../../src/core/scrape/variant-key.js';
import { auctionsBody, generateAuctions, rng, type GeneratedAuction } from '../helpers/auction-generator.js';
import { useTestDatabase } from '../helpers/db.js';
import { FakeBlizzard, tokenBody } from '../helpers/fake-blizzard.js';
import { ITEMS, T0 as LIQUIDATION_T0, insertMarket, writeAccount } from '../helpers/liquidation-fixture.js';
import { hasSamples, samplePath } from '../helpers/samples.js';
import { useTempDirs } from '../helpers/tmp.js';
import { gearAuction, petAuction } from '../helpers/variant-auctions.js';

const t = useTestDatabase();
const server = new FakeBlizzard();
const T0 = new Date('2026-11-20T18:03:07Z');
const T1 = new Date(T0.getTime() + 3_600_000);

beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
});

async function scrapeRealm(auctions: GeneratedAuction[], at: Date): Promise<void> {
  server.route('us', '/data/wow/auctions/commodities', { body: auctionsBody(generateAuctions({ auctions: 50, items: 5, seed: 3 })), lastModified: at });
  server.route('us', '/data/wow/token/index', { body: tokenBody(2_500_000_000, at), lastModified: at });
  server.route('us', '/data/wow/connected-realm/11/auctions', { body: auctionsBody(auctions, 'realm', 11), gzip: true, lastModified: at });
  const config = loadConfig({ ...server.env(), HOLOCRON_HOME: '/tmp/unused' });
  const api = new BlizzardClient({ config: config.blizzard, userAgent: 'holocron-test', clock: systemClock, log: silentLogger, random: () => 0.5 });
  try {
    const summary = await scrapeOnce({ regions: ['us'], realms: { mode: 'list', ids: [11] }, concurrency: 2 }, { db: t.db, api, clock: systemClock, log: silentLogger });
    const realm = summary.results.find((r) => r.dataset.key === 'us/realm/11');
    expect(realm?.status).toBe('success');
  } finally {
    await api.close();
  }
}

/** Rows of the API's shape parsed the way scrape parses them. */
function parseAuctions(json: string): AuctionRow[] {
  const rows: AuctionRow[] = [];
  const parser = new AuctionStreamParser((row) => rows.push({ ...row }));
  parser.push(Buffer.from(json));
  parser.end();
  return rows;
}

async function sqlKey(bonusIds: number[] | null, modifiers: number[] | null): Promise<string | null> {
  const [row] = await t.db.query<{ key: string | null }>('SELECT goblin.item_variant_key($1::integer[], $2::integer[]) AS key', [bonusIds, modifiers]);
  return row!.key;
}

const SWORD = 19019;
// Variant A three times (bonus ids in two orders, two content-tuning ids), variant B twice.
const SWORD_A = { bonus_lists: [6654, 1688], modifiers: [{ type: 9, value: 35 }, { type: 28, value: 1112 }] };
const SWORD_A_REORDERED = { bonus_lists: [1688, 6654, 1688], modifiers: [{ type: 28, value: 2793 }, { type: 9, value: 35 }] };
const SWORD_B = { bonus_lists: [6654, 1688, 41], modifiers: [{ type: 9, value: 35 }] };

function realmSnapshot(): GeneratedAuction[] {
  let id = 1_000;
  const next = () => (id += 7);
  return [
    gearAuction(next(), SWORD, SWORD_A, 100_000),
    gearAuction(next(), SWORD, SWORD_A_REORDERED, 140_000),
    gearAuction(next(), SWORD, SWORD_A, 120_000),
    gearAuction(next(), SWORD, SWORD_B, 600_000),
    gearAuction(next(), SWORD, SWORD_B, 500_000),
    // One variant only: priced by its item_stats row, no variant rows.
    gearAuction(next(), 8184, { bonus_lists: [6655], modifiers: [{ type: 9, value: 27 }, { type: 28, value: 18 }] }, 500_000),
    gearAuction(next(), 8184, { bonus_lists: [6655], modifiers: [{ type: 9, value: 27 }] }, 700_000),
    // A plain listing and a bonus one of the same item: two variants, the plain one keyed NULL.
    gearAuction(next(), 2589, {}, 1_000),
    gearAuction(next(), 2589, { bonus_lists: [3524] }, 9_000),
    // Species 3319 in breed 7 (17 is its female form) and breed 8; species 40 in one breed only.
    petAuction(next(), 3319, 7, 1_000_000),
    petAuction(next(), 3319, 17, 3_000_000),
    petAuction(next(), 3319, 8, 9_000_000),
    petAuction(next(), 40, 5, 50_000),
    petAuction(next(), 40, 15, 70_000),
  ];
}

describe('variant statistics in a realm scrape', () => {
  it('gives each variant of an item listed in several its own row, in the same snapshot as the item rows', async () => {
    await scrapeRealm(realmSnapshot(), T0);
    const rows = await t.db.query(
      `SELECT item_id, variant_key, pet_species_id, pet_breed_id, min_price::int, median_price::int, total_quantity::int, auction_count
       FROM goblin.view_latest_variant_stats WHERE region = 'us' AND connected_realm_id = 11
       ORDER BY item_id, pet_species_id, pet_breed_id, variant_key COLLATE "C" NULLS FIRST`,
    );
    expect(rows).toEqual([
      { item_id: 2589, variant_key: null, pet_species_id: 0, pet_breed_id: 0, min_price: 1_000, median_price: 1_000, total_quantity: 1, auction_count: 1 },
      { item_id: 2589, variant_key: '3524', pet_species_id: 0, pet_breed_id: 0, min_price: 9_000, median_price: 9_000, total_quantity: 1, auction_count: 1 },
      { item_id: SWORD, variant_key: '1688:6654;9=35', pet_species_id: 0, pet_breed_id: 0, min_price: 100_000, median_price: 120_000, total_quantity: 3, auction_count: 3 },
      { item_id: SWORD, variant_key: '41:1688:6654;9=35', pet_species_id: 0, pet_breed_id: 0, min_price: 500_000, median_price: 500_000, total_quantity: 2, auction_count: 2 },
      { item_id: 82800, variant_key: null, pet_species_id: 3319, pet_breed_id: 7, min_price: 1_000_000, median_price: 1_000_000, total_quantity: 2, auction_count: 2 },
      { item_id: 82800, variant_key: null, pet_species_id: 3319, pet_breed_id: 8, min_price: 9_000_000, median_price: 9_000_000, total_quantity: 1, auction_count: 1 },
    ]);
    const [snapshot] = await t.db.query<{ same: boolean }>(
      `SELECT v.snapshot_at = r.snapshot_at AS same FROM goblin.view_latest_variant_stats v
       JOIN goblin.view_latest_realm_stats r USING (region, connected_realm_id, item_id) WHERE v.item_id = $1 LIMIT 1`,
      [SWORD],
    );
    expect(snapshot?.same).toBe(true);
  });

  it('shows only the newest snapshot of the realm', async () => {
    const later = realmSnapshot().filter((a) => a.item.id !== 2589);
    later.push(gearAuction(9_999, SWORD, SWORD_B, 450_000));
    await scrapeRealm(later, T1);
    const rows = await t.db.query<{ variant_key: string; median_price: string; snapshot_at: Date }>(
      `SELECT variant_key, median_price, snapshot_at FROM goblin.view_latest_variant_stats WHERE item_id IN ($1, 2589) ORDER BY variant_key`,
      [SWORD],
    );
    expect(rows.map((r) => [r.variant_key, Number(r.median_price), r.snapshot_at.toISOString()])).toEqual([
      ['1688:6654;9=35', 120_000, T1.toISOString()],
      ['41:1688:6654;9=35', 500_000, T1.toISOString()],
    ]);
    const [stored] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM goblin.item_variant_stats');
    expect(stored?.n).toBe(6 + 4);
  });
});

describe('item_variant_key', () => {
  it('gives an item link the key the API gives the same item', async () => {
    // The API auction is real (kenhia/battlenet-rs); no sample holds a link of
    // the same item, so its link is written in the client's form, with the
    // bonus ids and modifiers in another order, as links carry them.
    const api = parseAuctions(
      '{"auctions":[{"id":327854618,"item":{"id":8184,"bonus_lists":[6655],"modifiers":[{"type":9,"value":27},{"type":28,"value":18}]},"buyout":500000,"quantity":1,"time_left":"SHORT"},' +
        '{"id":1,"item":{"id":106663,"context":22,"bonus_lists":[6654,63],"modifiers":[{"type":9,"value":40},{"type":28,"value":1140}]},"buyout":1,"quantity":1,"time_left":"LONG"}]}',
    );
    const links = ['|cff1eff00|Hitem:8184::::::::27:577:::1:6655:2:28:18:9:27:::::|h[Durable Cape of the Monkey]|h|r', '|cff1eff00|Hitem:106663::::::::40:253::22:2:63:6654:2:28:1140:9:40:::::|h[Sunsoul Belt]|h|r'];
    for (let i = 0; i < links.length; i++) {
      const link = parseItemLink(links[i]!)!;
      const auction = api[i]!;
      expect(link.itemId).toBe(auction.itemId);
      const fromApi = itemVariantKey(auction.bonusLists, auction.modifierTypes, auction.modifierValues);
      expect(fromApi).not.toBeNull();
      expect(await sqlKey(link.bonusIds, link.modifiers)).toBe(fromApi);
      expect(itemVariantKeyFromPairs(link.bonusIds, link.modifiers)).toBe(fromApi);
    }
    expect(itemVariantKey(api[1]!.bonusLists, api[1]!.modifierTypes, api[1]!.modifierValues)).toBe('63:6654;9=40');
  });

  it('agrees with the scrape for the auctions as stored, and for the real links of the samples', async () => {
    const stored = await t.db.query<{ sql_key: string | null; bonus_lists: number[] | null; modifier_types: number[] | null; modifier_values: number[] | null }>(
      `SELECT goblin.item_variant_key(bonus_lists,
                ARRAY(SELECT x FROM unnest(modifier_types, modifier_values) AS m(t, v), LATERAL (VALUES (t), (v)) AS f(x))) AS sql_key,
              bonus_lists, modifier_types, modifier_values
       FROM goblin.realm_auctions WHERE pet_species_id IS NULL`,
    );
    expect(stored.length).toBeGreaterThan(5);
    for (const r of stored) expect(r.sql_key).toBe(itemVariantKey(r.bonus_lists, r.modifier_types, r.modifier_values));
    // Every gear auction of a multi-variant item finds its row by the SQL key of its stored ids.
    const [unmatched] = await t.db.query<{ n: number; matched: number }>(
      `SELECT count(*) FILTER (WHERE v.item_id IS NULL)::int AS n, count(v.item_id)::int AS matched
       FROM goblin.realm_auctions a
       JOIN goblin.auction_snapshots s ON s.snapshot_id = a.snapshot_id AND s.snapshot_at = (SELECT max(snapshot_at) FROM goblin.auction_snapshots WHERE connected_realm_id = 11)
       LEFT JOIN goblin.view_latest_variant_stats v ON v.item_id = a.item_id AND v.pet_species_id = 0
            AND v.variant_key = goblin.item_variant_key(a.bonus_lists,
                  ARRAY(SELECT x FROM unnest(a.modifier_types, a.modifier_values) AS m(t, v), LATERAL (VALUES (t), (v)) AS f(x)))
       WHERE a.item_id = $1`,
      [SWORD],
    );
    expect(unmatched).toEqual({ n: 0, matched: 6 });

    const links = hasSamples() ? sampleLinks() : [];
    if (hasSamples()) expect(links.length).toBeGreaterThan(100);
    for (const text of links) {
      const link = parseItemLink(text)!;
      expect(await sqlKey(link.bonusIds.length ? link.bonusIds : null, link.modifiers.length ? link.modifiers : null)).toBe(
        itemVariantKeyFromPairs(link.bonusIds, link.modifiers),
      );
    }
  });

  it('agrees between SQL and TypeScript on random bonus ids and modifiers, NULL without bonus ids', async () => {
    const random = rng(5);
    const int = (n: number) => Math.floor(random() * n);
    for (let n = 0; n < 200; n++) {
      const bonus = Array.from({ length: int(5) }, () => 1 + int(13_000));
      const modifiers = Array.from({ length: 2 * int(5) }, (_, i) => (i % 2 === 0 ? [9, 28, 29, 30, 38][int(5)]! : int(4000)));
      expect(await sqlKey(bonus, modifiers), JSON.stringify({ bonus, modifiers })).toBe(itemVariantKeyFromPairs(bonus, modifiers));
    }
    expect(await sqlKey(null, [9, 70])).toBeNull();
    expect(await sqlKey([], [9, 70])).toBeNull();
    expect(await sqlKey([12, 3, 12], null)).toBe('3:12');
    expect(itemVariantKeyFromPairs([], [9, 70])).toBeNull();
    // A dangling type without a value is ignored on both sides; arrays need not start at 1.
    expect(await sqlKey([5, 3], [9, 80, 29])).toBe('3:5;9=80');
    expect(itemVariantKeyFromPairs([5, 3], [9, 80, 29])).toBe('3:5;9=80');
    const [shifted] = await t.db.query<{ key: string }>(`SELECT goblin.item_variant_key('[0:2]={7,2,7}'::integer[], '[5:6]={30,49}'::integer[]) AS key`);
    expect(shifted?.key).toBe('2:7;30=49');
  });
});

/** Links with bonus ids from the client samples (DataStore, Syndicator, TSM). */
function sampleLinks(): string[] {
  const found = new Set<string>();
  for (const file of ['client/syndicator-retail-11.2.lua', 'client/datastore-2024-retail-acct2-DataStore_Containers.lua', 'client/tradeskillmaster-retail-10.1.7.lua']) {
    const text = fs.existsSync(samplePath(file)) ? fs.readFileSync(samplePath(file), 'latin1') : '';
    for (const m of text.matchAll(/item:\d+(?::-?\d*){12}:[1-9]\d*:[\d:-]*/g)) found.add(m[0]);
  }
  return [...found].slice(0, 300);
}

describe('liquidation prices a bag item by its exact variant', () => {
  const l = useTestDatabase();
  const dir = useTempDirs()('holocron-variant-liquidate-');
  const NOW = new Date((LIQUIDATION_T0 + 600) * 1000);
  // The fixture's boots, given the bonus ids and modifiers of a link in the client's form.
  const BOOTS_LINK = '|cffa335ee|Hitem:224828::::::::80:72::13:4:10421:10354:9633:1527:2:28:2734:9:80:::::|h[Boots of the Unseen]|h|r';

  beforeAll(async () => {
    await ingest({ paths: [writeAccount(dir)] }, { db: l.db, log: silentLogger });
    await insertMarket(l.db);
    await setMinValue(l.db, 10_000);
    const link = parseItemLink(BOOTS_LINK)!;
    await l.db.query('UPDATE holocron.item_stacks SET bonus_ids = $1, modifiers = $2 WHERE is_current AND item_id = $3', [link.bonusIds, link.modifiers, ITEMS.boots]);
  });

  async function bootsPrice(variants: Array<[key: string, median: number]>): Promise<{ unitValue: number; priceSource: string | null }> {
    await l.db.query('DELETE FROM goblin.item_variant_stats');
    const [realm] = await l.db.query<{ snapshot_id: number; snapshot_at: Date }>(
      'SELECT snapshot_id, snapshot_at FROM goblin.auction_snapshots WHERE connected_realm_id IS NOT NULL ORDER BY snapshot_at DESC LIMIT 1',
    );
    await l.db.query(`SELECT ops.ensure_daily_partition('goblin.item_variant_stats', $1::timestamptz::date)`, [realm!.snapshot_at]);
    for (const [key, median] of variants) {
      await l.db.query(
        `INSERT INTO goblin.item_variant_stats (snapshot_at, snapshot_id, item_id, variant_key, min_price, median_price, total_quantity, auction_count)
         VALUES ($1, $2, $3, $4, $5, $5, 1, 1)`,
        [realm!.snapshot_at, realm!.snapshot_id, ITEMS.boots, key, median],
      );
    }
    const p = await planLiquidation(l.db, { now: NOW, region: 'us' });
    const [boots] = p.sell.filter((r) => r.itemId === ITEMS.boots);
    return { unitValue: boots!.unitValue, priceSource: boots!.priceSource };
  }

  it('takes the median of the variant the stack is, not of the item', async () => {
    expect(await bootsPrice([['1527:9633:10354:10421;9=80', 2_000_000], ['1527:9633:10354:10421;9=79', 700_000]])).toEqual({
      unitValue: 2_000_000,
      priceSource: 'realm market (this variant)',
    });
  });

  it("falls back to the item's realm market when its variant is not listed", async () => {
    expect(await bootsPrice([['9633:10354:10421;9=80', 2_000_000], ['1527:10354:10421;9=80', 900_000]])).toEqual({ unitValue: 500_000, priceSource: 'realm market' });
  });
});
