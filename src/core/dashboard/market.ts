/**
 * Market: gold velocity (the ledger, account-wide), asset liquidity (what the
 * account holds and how fast its market absorbs it) and the price history of
 * the most valuable holdings.
 */
import type { Database } from '../db/pool.js';
import { accountRegion } from '../inventory/region.js';
import type { LiquidityRow, MarketTab, Missing, MoverRow, VelocityDay } from './types.js';

const VELOCITY_DAYS = 30;
const LIQUIDITY_ROWS = 15;
const MOVERS = 8;
const HISTORY_DAYS = 30;
const DAY_MS = 86_400_000;

export async function loadMarket(db: Database, now: Date): Promise<MarketTab> {
  const region = await accountRegion(db);
  const [velocity, liquidity, movers] = await Promise.all([loadVelocity(db, now), loadLiquidity(db, region), loadMovers(db, region)]);
  const missing: Missing[] = [];
  if (velocity.days.length === 0) missing.push({ what: 'gold velocity (sales and purchases)', command: 'holocron ingest <TradeSkillMaster.lua>' });
  if (liquidity.items.length === 0) missing.push({ what: 'asset liquidity (holdings with a sales rate)', command: 'holocron scrape' });
  if (movers.length === 0) missing.push({ what: 'price history of your holdings (hourly scrapes, from cron)', command: 'holocron scrape' });
  return { tab: 'market', generatedAt: now.toISOString(), region, velocity, liquidity, movers, missing };
}

async function loadVelocity(db: Database, now: Date): Promise<MarketTab['velocity']> {
  const today = now.toISOString().slice(0, 10);
  const from = new Date(now.getTime() - (VELOCITY_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
  // Straight from the ledger, not view_gold_velocity: its per-character windows are not needed for an account-wide sum.
  const rows = await db.query<{ day: string; gold_in: string; gold_out: string }>(
    `SELECT to_char((occurred_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day,
            coalesce(sum(amount) FILTER (WHERE kind IN ('sale', 'income')), 0) AS gold_in,
            coalesce(sum(amount) FILTER (WHERE kind IN ('buy', 'expense')), 0) AS gold_out
     FROM goblin.ledger
     WHERE kind IN ('sale', 'income', 'buy', 'expense')
       AND occurred_at >= $1::date AND occurred_at < $2::date + 1
     GROUP BY 1 ORDER BY 1`,
    [from, today],
  );
  const days: VelocityDay[] = rows.map((r) => ({ day: r.day, goldIn: Number(r.gold_in), goldOut: Number(r.gold_out), net: Number(r.gold_in) - Number(r.gold_out) }));
  const since = (n: number) => new Date(now.getTime() - (n - 1) * DAY_MS).toISOString().slice(0, 10);
  // Rates over calendar days: a quiet day counts as zero, as in goblin.view_gold_velocity.
  const perDay = (n: number, pick: (d: VelocityDay) => number) => Math.round(days.filter((d) => d.day >= since(n)).reduce((s, d) => s + pick(d), 0) / n);
  return {
    days,
    inPerDay7d: perDay(7, (d) => d.goldIn),
    outPerDay7d: perDay(7, (d) => d.goldOut),
    netPerDay7d: perDay(7, (d) => d.net),
    netPerDay30d: perDay(30, (d) => d.net),
  };
}

async function loadLiquidity(db: Database, region: string): Promise<MarketTab['liquidity']> {
  const rows = await db.query<{
    item_id: number; pet_species_id: number | null; item_name: string | null; units_sellable: string; value: string;
    liquid_value_7d: string; sold_per_day: number | null; days_to_liquidate: string | null; total_value: string; total_liquid: string;
  }>(
    `SELECT item_id, pet_species_id, item_name, units_sellable, value, liquid_value_7d, sold_per_day, days_to_liquidate,
            sum(value) OVER () AS total_value, sum(liquid_value_7d) OVER () AS total_liquid
     FROM goblin.view_asset_liquidity WHERE region = $1
     ORDER BY value DESC, item_id LIMIT ${LIQUIDITY_ROWS}`,
    [region],
  );
  const items: LiquidityRow[] = rows.map((r) => ({
    itemId: r.item_id,
    petSpeciesId: r.pet_species_id ?? 0,
    name: r.item_name ?? `item ${r.item_id}`,
    unitsSellable: Number(r.units_sellable),
    value: Number(r.value),
    liquidValue7d: Number(r.liquid_value_7d),
    soldPerDay: r.sold_per_day === null ? null : Number(r.sold_per_day),
    daysToLiquidate: r.days_to_liquidate === null ? null : Number(r.days_to_liquidate),
  }));
  return { value: Number(rows[0]?.total_value ?? 0), liquidValue7d: Number(rows[0]?.total_liquid ?? 0), items };
}

/**
 * The held items worth most at the region's commodity prices, with their
 * daily market values. Realm-bound gear is left to `holocron market --realm`:
 * its price is one realm's, not the account's.
 */
async function loadMovers(db: Database, region: string): Promise<MoverRow[]> {
  const rows = await db.query<{
    item_id: number; name: string | null; market_value: string; historical_value: string | null; daily_sold: string | null;
    history: Array<{ day: string; value: number }> | null;
  }>(
    `WITH held AS (
       SELECT a.item_id, a.market_value, a.historical_value, a.daily_sold, t.total * a.market_value AS worth
       FROM holocron.current_item_totals t
       JOIN goblin.item_market_analysis a
         ON a.region = $1 AND a.connected_realm_id IS NULL AND a.item_id = t.item_id AND a.pet_species_id = t.pet_species_id
       WHERE t.pet_species_id = 0 AND a.market_value > 0
       ORDER BY worth DESC, a.item_id LIMIT ${MOVERS}
     )
     SELECT h.item_id,
            coalesce(i.name, (SELECT n.name FROM holocron.item_names n WHERE n.item_id = h.item_id AND n.pet_species_id = 0)) AS name,
            h.market_value, h.historical_value, h.daily_sold,
            (SELECT json_agg(json_build_object('day', to_char(d.day, 'YYYY-MM-DD'), 'value', d.market_value) ORDER BY d.day)
               FROM goblin.item_daily_market d
              WHERE d.region = $1 AND d.connected_realm_id IS NULL AND d.item_id = h.item_id AND d.pet_species_id = 0
                AND d.market_value IS NOT NULL AND d.day > (SELECT max(day) FROM goblin.item_daily_market m WHERE m.region = $1 AND coalesce(m.connected_realm_id, 0) = 0) - ${HISTORY_DAYS}) AS history
     FROM held h LEFT JOIN goblin.items i ON i.item_id = h.item_id
     ORDER BY h.worth DESC, h.item_id`,
    [region],
  );
  return rows.map((r) => {
    const value = Number(r.market_value);
    const historical = r.historical_value === null ? null : Number(r.historical_value);
    return {
      itemId: r.item_id,
      name: r.name ?? `item ${r.item_id}`,
      marketValue: value,
      historicalValue: historical,
      change: historical ? Math.round((value / historical - 1) * 1000) / 1000 : null,
      dailySold: r.daily_sold === null ? null : Number(r.daily_sold),
      history: r.history ?? [],
    };
  });
}
