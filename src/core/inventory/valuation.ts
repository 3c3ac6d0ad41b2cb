/**
 * The account's worth: gold everywhere it is held, plus every current stack at
 * the price holocron.view_inventory_valuation chose for it (region commodity
 * market, realm market, vendor), broken down by character, location or item.
 */
import { accountRegion } from './region.js';
import type { Database } from '../db/pool.js';

export type ValueDimension = 'character' | 'location' | 'item';

export interface ValueOptions {
  by: ValueDimension;
  /** Region whose prices to use; default: accountRegion (the characters' region, else the one scraped last). */
  region?: string;
  /** Rows in the breakdown (default 50; the totals always cover everything). */
  limit?: number;
}

/** Copper per price source. */
export interface PricedAmounts {
  market: number;
  realmMarket: number;
  vendor: number;
  /** Stacks with no price at all (counted, not valued). */
  unpricedItems: number;
}

export interface ValueRow extends PricedAmounts {
  /** By character: the owner's account (null for guilds, which belong to none). */
  account?: string | null;
  key: string;
  /** owner kind, location or item id, depending on the dimension. */
  detail: string;
  gold: number;
  total: number;
  /** For item rows: the unit price and where it came from. */
  unitPrice?: number | null;
  priceSource?: string;
  count?: number;
}

export interface ValueReport {
  region: string;
  by: ValueDimension;
  /** Newest market data the prices come from; null when there is none. */
  pricesAsOf: string | null;
  gold: { total: number; onHand: number; mail: number; guildBanks: number; warbandBanks: number };
  items: PricedAmounts & { total: number };
  netWorth: number;
  rows: ValueRow[];
  /** Rows left out of `rows` by the limit. */
  moreRows: number;
}

export async function accountValue(db: Database, options: ValueOptions): Promise<ValueReport> {
  const region = options.region ?? (await accountRegion(db));
  const limit = options.limit ?? 50;
  const [gold] = await db.query<{ on_hand: number; mail: number; guild: number; warband: number }>(
    `SELECT coalesce(sum(copper) FILTER (WHERE held_in = 'on hand'), 0)::bigint AS on_hand,
            coalesce(sum(copper) FILTER (WHERE held_in = 'mail'), 0)::bigint AS mail,
            coalesce(sum(copper) FILTER (WHERE held_in = 'guild bank'), 0)::bigint AS guild,
            coalesce(sum(copper) FILTER (WHERE held_in = 'warband bank'), 0)::bigint AS warband
     FROM holocron.view_gold`,
  );
  const [asOf] = await db.query<{ at: Date | null }>(
    'SELECT max(price_observed_at) AS at FROM holocron.view_inventory_valuation WHERE region = $1',
    [region],
  );
  const rows = await breakdown(db, options.by, region);
  const items = rows.reduce<PricedAmounts>(
    (sum, r) => ({ market: sum.market + r.market, realmMarket: sum.realmMarket + r.realmMarket, vendor: sum.vendor + r.vendor, unpricedItems: sum.unpricedItems + r.unpricedItems }),
    { market: 0, realmMarket: 0, vendor: 0, unpricedItems: 0 },
  );
  const itemsTotal = items.market + items.realmMarket + items.vendor;
  const goldTotal = gold!.on_hand + gold!.mail + gold!.guild + gold!.warband;
  return {
    region,
    by: options.by,
    pricesAsOf: asOf?.at?.toISOString() ?? null,
    gold: { total: goldTotal, onHand: gold!.on_hand, mail: gold!.mail, guildBanks: gold!.guild, warbandBanks: gold!.warband },
    items: { ...items, total: itemsTotal },
    netWorth: goldTotal + itemsTotal,
    rows: rows.slice(0, limit),
    moreRows: Math.max(0, rows.length - limit),
  };
}

const AMOUNTS = `
  coalesce(sum(value) FILTER (WHERE price_source = 'market'), 0)::bigint AS market,
  coalesce(sum(value) FILTER (WHERE price_source = 'realm market'), 0)::bigint AS realm_market,
  coalesce(sum(value) FILTER (WHERE price_source = 'vendor'), 0)::bigint AS vendor,
  count(*) FILTER (WHERE price_source = 'unpriced')::int AS unpriced`;

interface AmountRow {
  account?: string | null;
  key: string;
  detail: string;
  market: number;
  realm_market: number;
  vendor: number;
  unpriced: number;
  gold: number;
  unit_price?: number | null;
  price_source?: string;
  count?: number;
}

async function breakdown(db: Database, by: ValueDimension, region: string): Promise<ValueRow[]> {
  let rows: AmountRow[];
  if (by === 'character') {
    // Guilds belong to no account (several accounts' files can show one guild).
    rows = await db.query<AmountRow>(
      `WITH items AS (
         SELECT CASE WHEN owner_kind = 'guild' THEN NULL ELSE account END AS account, owner AS key, owner_kind AS detail, ${AMOUNTS}
         FROM holocron.view_inventory_valuation WHERE region = $1 GROUP BY 1, owner, owner_kind
       ), gold AS (
         SELECT account, owner AS key, owner_kind AS detail, sum(copper)::bigint AS gold FROM holocron.view_gold GROUP BY account, owner, owner_kind
       )
       SELECT coalesce(i.account, g.account) AS account, coalesce(i.key, g.key) AS key, coalesce(i.detail, g.detail) AS detail,
              coalesce(i.market, 0) AS market, coalesce(i.realm_market, 0) AS realm_market, coalesce(i.vendor, 0) AS vendor,
              coalesce(i.unpriced, 0) AS unpriced, coalesce(g.gold, 0) AS gold
       FROM items i FULL JOIN gold g ON g.key = i.key AND g.detail = i.detail AND g.account IS NOT DISTINCT FROM i.account`,
      [region],
    );
  } else if (by === 'location') {
    rows = await db.query<AmountRow>(
      `WITH items AS (
         SELECT location AS key, ${AMOUNTS} FROM holocron.view_inventory_valuation WHERE region = $1 GROUP BY location
       ), gold AS (
         SELECT CASE held_in WHEN 'on hand' THEN 'bags' WHEN 'guild bank' THEN 'guild_bank' WHEN 'warband bank' THEN 'warband_bank' ELSE held_in END AS key,
                sum(copper)::bigint AS gold
         FROM holocron.view_gold GROUP BY 1
       )
       SELECT coalesce(i.key, g.key) AS key, '' AS detail,
              coalesce(i.market, 0) AS market, coalesce(i.realm_market, 0) AS realm_market, coalesce(i.vendor, 0) AS vendor,
              coalesce(i.unpriced, 0) AS unpriced, coalesce(g.gold, 0) AS gold
       FROM items i FULL JOIN gold g USING (key)`,
      [region],
    );
  } else {
    rows = await db.query<AmountRow>(
      `SELECT coalesce(min(item_name), 'item ' || item_id) AS key, item_id::text AS detail, ${AMOUNTS}, 0 AS gold,
              min(unit_price) AS unit_price, min(price_source) AS price_source, sum(count)::bigint AS count
       FROM holocron.view_inventory_valuation WHERE region = $1
       GROUP BY item_id, pet_species_id`,
      [region],
    );
  }
  return rows
    .map((r) => {
      const row: ValueRow = {
        ...(r.account !== undefined && { account: r.account }),
        key: r.key,
        detail: r.detail,
        market: r.market,
        realmMarket: r.realm_market,
        vendor: r.vendor,
        unpricedItems: r.unpriced,
        gold: r.gold,
        total: r.market + r.realm_market + r.vendor + r.gold,
      };
      if (r.price_source !== undefined) {
        row.unitPrice = r.unit_price ?? null;
        row.priceSource = r.price_source;
        row.count = r.count ?? 0;
      }
      return row;
    })
    .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key) || (a.account ?? '').localeCompare(b.account ?? ''));
}

