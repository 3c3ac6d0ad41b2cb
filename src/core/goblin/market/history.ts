/**
 * `holocron market <item>`: one item key's daily history on one market (the
 * region's commodities, or a connected realm) from goblin.item_daily_market,
 * with its TSM-style measures from goblin.view_market_analysis.
 */
import type { Database } from '../../db/pool.js';
import type { ResolvedItem } from '../../inventory/resolve.js';
import { marketAnalysis, type MarketAnalysis } from './analysis.js';
import { resolveMarket, type Market } from './market.js';

export interface HistoryOptions {
  /** An id, link or name (resolveItem). */
  item: string;
  days: number;
  region?: string;
  /** A realm name, slug or connected realm id; absent: the region's commodities. */
  realm?: string;
}

export interface HistoryDay {
  day: string;
  minPrice: number | null;
  marketValue: number | null;
  meanPrice: number | null;
  medianPrice: number | null;
  /** Mean units listed per snapshot of the day. */
  quantity: number;
  sold: number;
  newListings: number;
}

export interface MarketHistory {
  item: ResolvedItem;
  market: Market;
  /** The newest day asked for: the newest rolled-up day of the market, or today when none. */
  through: string | null;
  days: HistoryDay[];
  analysis: MarketAnalysis | null;
}

const DAY_MS = 86_400_000;

export async function marketHistory(db: Database, options: HistoryOptions): Promise<MarketHistory> {
  const { resolveItem } = await import('../../inventory/resolve.js');
  const item = await resolveItem(db, options.item);
  const market = await resolveMarket(db, options.region, options.realm);
  const [newest] = await db.query<{ through: string | null }>(
    `SELECT to_char(max(day), 'YYYY-MM-DD') AS through FROM goblin.daily_sales_rollups
     WHERE region = $1 AND connected_realm_id IS NOT DISTINCT FROM $2`,
    [market.region, market.connectedRealmId],
  );
  const through = newest?.through ?? null;
  if (through === null) return { item, market, through, days: [], analysis: null };
  const from = new Date(Date.parse(`${through}T00:00:00Z`) - (options.days - 1) * DAY_MS).toISOString().slice(0, 10);
  const rows = await db.query<{
    day: string;
    min_price: string | null;
    market_value: string | null;
    mean_price: string | null;
    median_price: string | null;
    quantity: string;
    est_sold: string;
    new_listings: string;
  }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, min_price, market_value, mean_price, median_price, quantity, est_sold, new_listings
     FROM goblin.item_daily_market
     WHERE region = $1 AND connected_realm_id IS NOT DISTINCT FROM $2 AND item_id = $3 AND pet_species_id = $4
       AND day BETWEEN $5::date AND $6::date
     ORDER BY day`,
    [market.region, market.connectedRealmId, item.itemId, item.petSpeciesId, from, through],
  );
  const num = (v: string | null) => (v === null ? null : Number(v));
  const days = rows.map((r) => ({
    day: r.day,
    minPrice: num(r.min_price),
    marketValue: num(r.market_value),
    meanPrice: num(r.mean_price),
    medianPrice: num(r.median_price),
    quantity: Number(r.quantity),
    sold: Number(r.est_sold),
    newListings: Number(r.new_listings),
  }));
  const [analysis] = await marketAnalysis(db, { region: market.region, connectedRealmId: market.connectedRealmId, itemId: item.itemId, petSpeciesId: item.petSpeciesId });
  return { item, market, through, days, analysis: analysis ?? null };
}
