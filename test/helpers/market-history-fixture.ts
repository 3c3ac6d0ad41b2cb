import type { Database } from '../../src/core/db/pool.js';

/**
 * Snapshots with every item_stats column set by hand, for market-history
 * tests whose aggregates and measures are worked out on paper.
 */
export interface FullStatRow {
  itemId: number;
  petSpeciesId?: number;
  min: number | null;
  market: number | null;
  mean: number | null;
  median: number | null;
  quantity: number;
  sold: number | null;
  listed: number | null;
}

export async function insertFullSnapshot(db: Database, region: string, connectedRealmId: number | null, at: Date, stats: readonly FullStatRow[]): Promise<number> {
  await db.query(`SELECT ops.ensure_daily_partition('goblin.item_stats', $1::timestamptz::date)`, [at]);
  const [row] = await db.query<{ snapshot_id: number }>(
    `INSERT INTO goblin.auction_snapshots (dataset, region, connected_realm_id, snapshot_at, auction_count, item_count)
     VALUES ($1, $2, $3, $4, $5, $5) RETURNING snapshot_id`,
    [connectedRealmId === null ? `${region}/commodities` : `${region}/realm/${connectedRealmId}`, region, connectedRealmId, at, stats.length],
  );
  const col = <K extends keyof FullStatRow>(k: K) => stats.map((s) => s[k] ?? null);
  await db.query(
    `INSERT INTO goblin.item_stats (snapshot_at, snapshot_id, item_id, pet_species_id, min_price, max_price, mean_price, median_price, market_value,
                                    total_quantity, auction_count, est_sold, new_listings)
     SELECT $1, $2, u.item_id, coalesce(u.species, 0), u.min, u.min, u.mean, u.median, u.market, u.quantity, 1, u.sold, u.listed
     FROM unnest($3::int[], $4::int[], $5::bigint[], $6::numeric[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[])
       AS u (item_id, species, min, mean, median, market, quantity, sold, listed)`,
    [at, row!.snapshot_id, col('itemId'), col('petSpeciesId'), col('min'), col('mean'), col('median'), col('market'), col('quantity'), col('sold'), col('listed')],
  );
  return row!.snapshot_id;
}

/** The weights of TSM's DBMarket, newest day first (blizzard-api.md §4.2 lists them oldest first). */
export const DBMARKET_WEIGHTS = [132, 125, 100, 75, 45, 34, 33, 38, 28, 21, 15, 10, 7, 5, 4];
