/**
 * Holocron_Pricing.lua: the region's prices for the addon's tooltips and
 * HolocronAPI.GetPrice (docs/courier-format.md §1). One record per item key
 * with the region value, the value on the account's main connected realm, the
 * cheapest listing, units sold per day and how long ago it was listed; other
 * connected realms the account plays on get records of their own.
 */
import type { Database } from '../db/pool.js';
import { KeyKind, PRIMARY_WIDTH, REALM_WIDTH, encodePrimary, encodeRealm, pricingKey, type PrimaryRecord, type RealmRecord } from './pricing-encoding.js';
import { luaLongString, luaNumber, luaString } from './lua-text.js';
import { PET_CAGE_ITEM_ID } from '../inventory/item-link.js';

export interface PricingFile {
  text: string;
  keys: number;
  /** Newest snapshot the prices come from (Unix seconds), or null without market data. */
  generatedAt: number | null;
  note: string | null;
}

interface RealmSet {
  connectedRealmId: number;
  realmIds: number[];
}

interface KeyRow {
  item_id: number;
  pet_species_id: number;
  region_market: number | null;
  realm_market: number | null;
  min_buyout: number | null;
  sold_per_day: number | null;
  age_hours: number | null;
}

export async function buildPricing(db: Database, region: string): Promise<PricingFile> {
  const [newest] = await db.query<{ at: Date | null }>('SELECT max(snapshot_at) AS at FROM goblin.auction_snapshots WHERE region = $1', [region]);
  const generatedAt = newest?.at ? Math.floor(newest.at.getTime() / 1000) : null;
  const realms = await accountRealms(db, region);
  const primary = realms[0];
  const records = generatedAt === null ? [] : await primaryRecords(db, region, primary?.connectedRealmId ?? null, new Date(generatedAt * 1000));
  const others: Array<RealmSet & { records: RealmRecord[] }> = [];
  for (const realm of realms.slice(1)) {
    const realmRows = generatedAt === null ? [] : await db.query<KeyRow>(REALM_SQL, [region, realm.connectedRealmId, new Date(generatedAt * 1000)]);
    const realmRecords: RealmRecord[] = [];
    for (const r of realmRows) {
      const key = keyOf(r.item_id, r.pet_species_id);
      if (key !== undefined) realmRecords.push({ key, realmMarket: r.realm_market, minBuyout: r.min_buyout, ageHours: r.age_hours });
    }
    realmRecords.sort((a, b) => a.key - b.key);
    others.push({ ...realm, records: realmRecords });
  }
  const note = generatedAt === null ? `no market data for ${region} yet: run holocron scrape --region ${region}` : null;
  return { text: pricingText(region, generatedAt, note, primary, records, others), keys: records.length, generatedAt, note };
}

/**
 * Scans merged here by key: the region's newest commodity snapshot, every
 * connected realm's newest (the median across realms, the home realm's own
 * values), and units sold per day from the daily roll-ups (migration 0012).
 * One query joining them as CTEs took 2 s for 200,000 keys, most of it
 * re-reading materialised CTEs.
 */
async function primaryRecords(db: Database, region: string, home: number | null, at: Date): Promise<PrimaryRecord[]> {
  // Rows as arrays: 600,000 row objects were a third of the time (allocation and garbage collection).
  // On connections of their own, at once: the server runs them side by side while the rows of the first arrive.
  const [commodities, realmValues, sold] = await Promise.all([
    arrayRows<[number, number, number | null, number | null, number | null]>(db, COMMODITY_SQL, [region]),
    arrayRows<[number, number, number | null, number | null, number | null, number | null]>(db, REALM_VALUES_SQL, [region, home]),
    unitsSoldPerDay(db, region, home, at),
  ]);
  const byKey = new Map<number, PrimaryRecord>();
  const entry = (itemId: number, species: number): PrimaryRecord | undefined => {
    const key = keyOf(itemId, species);
    if (key === undefined) return undefined;
    let record = byKey.get(key);
    if (!record) byKey.set(key, (record = { key, regionMarket: null, realmMarket: null, minBuyout: null, soldPerDay: null, ageHours: null }));
    return record;
  };
  const atSeconds = at.getTime() / 1000;
  const age = (lastListed: number | null) => (lastListed === null ? null : Math.max(0, atSeconds - lastListed) / 3600);
  for (const [itemId, species, median, homeMarket, homeMin, homeListed] of realmValues) {
    const record = entry(itemId, species);
    if (!record) continue;
    record.regionMarket = median;
    record.realmMarket = homeMarket;
    record.minBuyout = homeMin;
    record.ageHours = age(homeListed);
  }
  // Commodities are region-wide: their values win, and they have no realm value.
  for (const [itemId, species, market, min, listed] of commodities) {
    const record = entry(itemId, species);
    if (!record) continue;
    record.regionMarket = market;
    record.realmMarket = null;
    record.minBuyout = min;
    record.ageHours = age(listed);
  }
  for (const [itemId, species, perDay] of sold) {
    const key = keyOf(itemId, species);
    const record = key === undefined ? undefined : byKey.get(key);
    if (record && perDay !== null) record.soldPerDay = (record.soldPerDay ?? 0) + perDay;
  }
  return [...byKey.values()].sort((a, b) => a.key - b.key);
}

/**
 * Units sold per day on the region's commodity market and the home realm: the
 * rates the scrape keeps from its daily roll-ups (goblin.item_sales_rates). A
 * market with no day rolled up yet (a new install) is read from its last 24
 * hours of snapshots instead, scaled to a day.
 */
async function unitsSoldPerDay(db: Database, region: string, home: number | null, at: Date): Promise<Array<[number, number, number | null]>> {
  const rated = await db.query<{ connected_realm_id: number | null }>(
    `SELECT DISTINCT connected_realm_id FROM goblin.daily_sales_rollups WHERE region = $1 AND (connected_realm_id IS NULL OR connected_realm_id = $2)`,
    [region, home],
  );
  const markets: Array<number | null> = home === null ? [null] : [null, home];
  const done = new Set(rated.map((r) => r.connected_realm_id));
  const parts = await Promise.all(
    markets.map((market) =>
      done.has(market)
        ? arrayRows<[number, number, number | null]>(db, SALES_RATES_SQL, [region, market])
        : arrayRows<[number, number, number | null]>(db, RECENT_SALES_SQL, [region, market, at]),
    ),
  );
  return parts.flat();
}

async function arrayRows<Row extends unknown[]>(db: Database, text: string, values: unknown[]): Promise<Row[]> {
  return db.withClient(async (client) => (await client.query<Row>({ text, values, rowMode: 'array' })).rows);
}

/** Caged pets are priced by species (kind 2); everything else by item id (kind 0). Keys out of range are left out. */
function keyOf(itemId: number, petSpeciesId: number): number | undefined {
  const pet = itemId === PET_CAGE_ITEM_ID && petSpeciesId > 0;
  const id = pet ? petSpeciesId : itemId;
  if (!(id > 0 && id < 2 ** 21)) return undefined;
  return pricingKey(pet ? KeyKind.Pet : KeyKind.Item, id);
}

/** The account's connected realms in the region, the one with the most characters first. */
async function accountRealms(db: Database, region: string): Promise<RealmSet[]> {
  const rows = await db.query<{ connected_realm_id: number; realm_ids: number[] }>(
    `WITH played AS (
       SELECT r.connected_realm_id, count(DISTINCT c.owner_id) AS characters
       FROM holocron.characters c
       JOIN goblin.realms r ON r.region = $1 AND lower(regexp_replace(r.name, '[^[:alnum:]]', '', 'g')) = c.realm_key
       GROUP BY r.connected_realm_id
     )
     SELECT p.connected_realm_id, array_agg(r.realm_id ORDER BY r.realm_id) AS realm_ids
     FROM played p JOIN goblin.realms r ON r.region = $1 AND r.connected_realm_id = p.connected_realm_id
     GROUP BY p.connected_realm_id, p.characters
     ORDER BY p.characters DESC, p.connected_realm_id`,
    [region],
  );
  return rows.map((r) => ({ connectedRealmId: r.connected_realm_id, realmIds: r.realm_ids }));
}

/**
 * The region's newest commodity snapshot. A key sold out in it (a row with no
 * listings) was last listed in the snapshot before.
 */
const COMMODITY_SQL = `
  WITH latest AS (
    SELECT snapshot_id, snapshot_at,
           (SELECT max(p.snapshot_at) FROM goblin.auction_snapshots p
            WHERE p.region = $1 AND p.connected_realm_id IS NULL AND p.snapshot_at < a.snapshot_at) AS previous_at
    FROM goblin.auction_snapshots a
    WHERE region = $1 AND connected_realm_id IS NULL ORDER BY snapshot_at DESC LIMIT 1
  )
  SELECT s.item_id, s.pet_species_id, s.market_value::float8 AS market, s.min_price::float8 AS min,
         extract(epoch FROM CASE WHEN s.total_quantity > 0 THEN l.snapshot_at ELSE l.previous_at END)::float8 AS last_listed
  FROM latest l JOIN goblin.item_stats s ON s.snapshot_id = l.snapshot_id AND s.snapshot_at = l.snapshot_at`;

/** Each connected realm's newest snapshot: the median market value across realms, and the home realm's own. */
const REALM_VALUES_SQL = `
  WITH ranked AS (
    SELECT snapshot_id, snapshot_at, connected_realm_id,
           row_number() OVER w AS n, lead(snapshot_at) OVER w AS previous_at
    FROM goblin.auction_snapshots
    WHERE region = $1 AND connected_realm_id IS NOT NULL
    WINDOW w AS (PARTITION BY connected_realm_id ORDER BY snapshot_at DESC)
  ), latest AS (SELECT * FROM ranked WHERE n = 1)
  SELECT s.item_id, s.pet_species_id,
         percentile_disc(0.5) WITHIN GROUP (ORDER BY s.market_value)::float8 AS median,
         min(s.market_value) FILTER (WHERE l.connected_realm_id = $2)::float8 AS home_market,
         min(s.min_price) FILTER (WHERE l.connected_realm_id = $2)::float8 AS home_min,
         extract(epoch FROM min(CASE WHEN s.total_quantity > 0 THEN l.snapshot_at ELSE l.previous_at END) FILTER (WHERE l.connected_realm_id = $2))::float8 AS home_listed
  FROM latest l JOIN goblin.item_stats s ON s.snapshot_id = l.snapshot_id AND s.snapshot_at = l.snapshot_at
  GROUP BY s.item_id, s.pet_species_id`;

/** One market's sales rates ($2 NULL: commodities). */
const SALES_RATES_SQL = `
  SELECT item_id, pet_species_id, units_per_day FROM goblin.item_sales_rates
  WHERE region = $1 AND connected_realm_id IS NOT DISTINCT FROM $2`;

/**
 * One market's last 24 hours of snapshots, scaled to a day by the hours they
 * cover, for a market with no day rolled up yet ($2 NULL: commodities).
 */
const RECENT_SALES_SQL = `
  WITH recent AS (
    SELECT snapshot_id, snapshot_at FROM goblin.auction_snapshots
    WHERE region = $1 AND connected_realm_id IS NOT DISTINCT FROM $2
      AND snapshot_at > $3::timestamptz - interval '24 hours' AND snapshot_at <= $3
  ), covered AS (
    -- An hourly snapshot's sales cover the hour before it.
    SELECT least(24, extract(epoch FROM $3::timestamptz - min(snapshot_at)) / 3600 + 1) AS hours FROM recent
  )
  SELECT s.item_id, s.pet_species_id, (sum(s.est_sold) * 24 / min(c.hours))::float8 AS per_day
  FROM recent r
  JOIN goblin.item_stats s ON s.snapshot_id = r.snapshot_id AND s.snapshot_at = r.snapshot_at, covered c
  WHERE s.snapshot_at > $3::timestamptz - interval '24 hours' AND s.snapshot_at <= $3 AND s.est_sold > 0
  GROUP BY s.item_id, s.pet_species_id`;

/** One other connected realm: its value, cheapest listing and age per key it lists. */
const REALM_SQL = `
  WITH latest AS (
    SELECT snapshot_id, snapshot_at FROM goblin.auction_snapshots
    WHERE region = $1 AND connected_realm_id = $2 ORDER BY snapshot_at DESC LIMIT 1
  )
  SELECT s.item_id, s.pet_species_id, s.market_value::float8 AS realm_market, s.min_price::float8 AS min_buyout,
         NULL::float8 AS region_market, NULL::float8 AS sold_per_day,
         (extract(epoch FROM $3::timestamptz - l.snapshot_at) / 3600)::float8 AS age_hours
  FROM latest l JOIN goblin.item_stats s ON s.snapshot_id = l.snapshot_id AND s.snapshot_at = l.snapshot_at
  WHERE s.total_quantity > 0`;

function pricingText(region: string, generatedAt: number | null, note: string | null, primary: RealmSet | undefined, records: PrimaryRecord[], others: Array<RealmSet & { records: RealmRecord[] }>): string {
  const realmSet = (r: RealmSet) => `connectedRealmId = ${r.connectedRealmId}, realmIds = { ${r.realmIds.join(', ')} }`;
  const lines = [
    'local _, ns = ...',
    'ns.pricing = {',
    '  version = 1,',
    `  region = ${luaString(region)},`,
    `  generatedAt = ${generatedAt === null ? 'nil' : luaNumber(generatedAt)},`,
    `  note = ${note === null ? 'nil' : luaString(note)},`,
    `  primary = ${primary ? `{ ${realmSet(primary)} }` : 'nil'},`,
    `  count = ${records.length},`,
    `  width = ${PRIMARY_WIDTH},`,
    `  data = ${luaLongString(encodePrimary(records))},`,
    '  realms = {',
    ...others.map((r) => `    { ${realmSet(r)}, count = ${r.records.length}, width = ${REALM_WIDTH}, data = ${luaLongString(encodeRealm(r.records))} },`),
    '  },',
    '}',
  ];
  return `${lines.join('\n')}\n`;
}
