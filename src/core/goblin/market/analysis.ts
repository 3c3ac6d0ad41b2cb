/**
 * The TSM-style measures (migration 0025 has the formulas): DBMarket- and
 * DBHistorical-like values, units sold per day, sale rate and volatility, per
 * market and item key. Read from the table behind goblin.view_market_analysis,
 * which also has the newest day and the days seen.
 */
import type { Database } from '../../db/pool.js';

export interface MarketAnalysis {
  region: string;
  connectedRealmId: number | null;
  itemId: number;
  /** 0 for anything but a caged pet (the view says NULL). */
  petSpeciesId: number;
  /** Copper: 15-day weighted mean of daily market values (DBMarket). */
  marketValue: number | null;
  /** Copper: mean of up to 60 daily market values (DBHistorical). */
  historicalValue: number | null;
  /** Est. sold over new listings in the last 14 days, 0 … 1. */
  saleRate: number | null;
  dailySold: number | null;
  /** Standard deviation over mean of the last 14 daily market values. */
  volatility: number | null;
  lastUpdated: string;
  throughDay: string;
  daysSeen: number;
}

export interface AnalysisFilter {
  region: string;
  /** undefined: every market of the region; null: its commodities. */
  connectedRealmId?: number | null;
  itemId?: number;
  petSpeciesId?: number;
}

interface AnalysisRow {
  region: string;
  connected_realm_id: number | null;
  item_id: number;
  pet_species_id: number;
  market_value: string | null;
  historical_value: string | null;
  sale_rate: string | null;
  daily_sold: string | null;
  volatility: string | null;
  last_updated: Date;
  through_day: string;
  days_seen: number;
}

export async function marketAnalysis(db: Pick<Database, 'query'>, filter: AnalysisFilter): Promise<MarketAnalysis[]> {
  const rows = await db.query<AnalysisRow>(
    `SELECT region, connected_realm_id, item_id, pet_species_id, market_value, historical_value, sale_rate, daily_sold, volatility,
            last_updated, to_char(through_day, 'YYYY-MM-DD') AS through_day, days_seen
     FROM goblin.item_market_analysis
     WHERE region = $1
       AND ($2::boolean OR connected_realm_id IS NOT DISTINCT FROM $3::int)
       AND ($4::int IS NULL OR item_id = $4) AND ($5::int IS NULL OR pet_species_id = $5)
     ORDER BY connected_realm_id NULLS FIRST, item_id, pet_species_id`,
    [filter.region, filter.connectedRealmId === undefined, filter.connectedRealmId ?? null, filter.itemId ?? null, filter.petSpeciesId ?? null],
  );
  const num = (v: string | null) => (v === null ? null : Number(v));
  return rows.map((r) => ({
    region: r.region,
    connectedRealmId: r.connected_realm_id,
    itemId: r.item_id,
    petSpeciesId: r.pet_species_id,
    marketValue: num(r.market_value),
    historicalValue: num(r.historical_value),
    saleRate: num(r.sale_rate),
    dailySold: num(r.daily_sold),
    volatility: num(r.volatility),
    lastUpdated: r.last_updated.toISOString(),
    throughDay: r.through_day,
    daysSeen: r.days_seen,
  }));
}
