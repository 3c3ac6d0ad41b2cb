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
  const rows = generatedAt === null ? [] : await db.query<KeyRow>(PRIMARY_SQL, [region, primary?.connectedRealmId ?? null, new Date(generatedAt * 1000)]);
  const records: PrimaryRecord[] = rows.map((r) => ({
    key: keyOf(r.item_id, r.pet_species_id),
    regionMarket: r.region_market,
    realmMarket: r.realm_market,
    minBuyout: r.min_buyout,
    soldPerDay: r.sold_per_day,
    ageHours: r.age_hours,
  }));
  records.sort((a, b) => a.key - b.key);
  const others: Array<RealmSet & { records: RealmRecord[] }> = [];
  for (const realm of realms.slice(1)) {
    const realmRows = generatedAt === null ? [] : await db.query<KeyRow>(REALM_SQL, [region, realm.connectedRealmId, new Date(generatedAt * 1000)]);
    const realmRecords = realmRows.map((r) => ({ key: keyOf(r.item_id, r.pet_species_id), realmMarket: r.realm_market, minBuyout: r.min_buyout, ageHours: r.age_hours }));
    realmRecords.sort((a, b) => a.key - b.key);
    others.push({ ...realm, records: realmRecords });
  }
  const note = generatedAt === null ? `no market data for ${region} yet: run holocron scrape --region ${region}` : null;
  return { text: pricingText(region, generatedAt, note, primary, records, others), keys: records.length, generatedAt, note };
}

/** Caged pets are priced by species (kind 2); everything else by item id (kind 0). */
function keyOf(itemId: number, petSpeciesId: number): number {
  return itemId === PET_CAGE_ITEM_ID && petSpeciesId > 0 ? pricingKey(KeyKind.Pet, petSpeciesId) : pricingKey(KeyKind.Item, itemId);
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
 * Per item key: the region's commodity value, else the median of the realms'
 * market values; the main realm's value and cheapest listing; units sold over
 * the last day of snapshots (scaled to 24 hours when fewer are stored); hours
 * between the last snapshot that listed it and the newest snapshot.
 */
const PRIMARY_SQL = `
  WITH commodity AS (
    SELECT snapshot_id, snapshot_at FROM goblin.auction_snapshots
    WHERE region = $1 AND connected_realm_id IS NULL ORDER BY snapshot_at DESC LIMIT 1
  ), latest_realm AS (
    SELECT DISTINCT ON (connected_realm_id) snapshot_id, connected_realm_id, snapshot_at FROM goblin.auction_snapshots
    WHERE region = $1 AND connected_realm_id IS NOT NULL ORDER BY connected_realm_id, snapshot_at DESC
  ), commodity_stats AS (
    SELECT s.item_id, s.pet_species_id, s.market_value, s.min_price FROM commodity c
    JOIN goblin.item_stats s ON s.snapshot_id = c.snapshot_id AND s.snapshot_at = c.snapshot_at
  ), realm_stats AS (
    SELECT r.connected_realm_id, s.item_id, s.pet_species_id, s.market_value, s.min_price FROM latest_realm r
    JOIN goblin.item_stats s ON s.snapshot_id = r.snapshot_id AND s.snapshot_at = r.snapshot_at
  ), region_median AS (
    SELECT item_id, pet_species_id,
           percentile_disc(0.5) WITHIN GROUP (ORDER BY market_value) AS market,
           min(min_price) FILTER (WHERE connected_realm_id = $2) AS home_min,
           min(market_value) FILTER (WHERE connected_realm_id = $2) AS home_market
    FROM realm_stats GROUP BY item_id, pet_species_id
  ), recent AS (
    SELECT s.item_id, s.pet_species_id, sum(s.est_sold) AS sold, max(s.snapshot_at) FILTER (WHERE s.total_quantity > 0) AS last_listed
    FROM goblin.item_stats s JOIN goblin.auction_snapshots a ON a.snapshot_id = s.snapshot_id
    WHERE a.region = $1 AND s.snapshot_at > $3::timestamptz - interval '24 hours' AND s.snapshot_at <= $3
    GROUP BY s.item_id, s.pet_species_id
  ), covered AS (
    -- Hours of snapshots the last day holds (a new install has only a few).
    SELECT greatest(1, extract(epoch FROM $3::timestamptz - min(snapshot_at)) / 3600 + 1) AS hours
    FROM goblin.auction_snapshots WHERE region = $1 AND snapshot_at > $3::timestamptz - interval '24 hours'
  ), keys AS (
    SELECT item_id, pet_species_id FROM commodity_stats
    UNION SELECT item_id, pet_species_id FROM region_median
  )
  SELECT k.item_id, k.pet_species_id,
         coalesce(c.market_value, m.market)::float8 AS region_market,
         CASE WHEN c.item_id IS NULL THEN m.home_market END::float8 AS realm_market,
         coalesce(c.min_price, m.home_min)::float8 AS min_buyout,
         (r.sold * 24 / (SELECT least(24, hours) FROM covered))::float8 AS sold_per_day,
         (extract(epoch FROM $3::timestamptz - r.last_listed) / 3600)::float8 AS age_hours
  FROM keys k
  LEFT JOIN commodity_stats c ON c.item_id = k.item_id AND c.pet_species_id = k.pet_species_id
  LEFT JOIN region_median m ON m.item_id = k.item_id AND m.pet_species_id = k.pet_species_id
  LEFT JOIN recent r ON r.item_id = k.item_id AND r.pet_species_id = k.pet_species_id`;

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
