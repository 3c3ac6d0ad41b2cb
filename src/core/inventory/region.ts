import type { Database } from '../db/pool.js';

/**
 * Whose market prices to use when the user names no region: the region most
 * characters play in as their clients reported it (our collector), else the
 * region scraped last, else us.
 */
export async function accountRegion(db: Database): Promise<string> {
  const [row] = await db.query<{ region: string }>(
    `SELECT coalesce(
       (SELECT region FROM holocron.characters WHERE region IN ('us', 'eu', 'kr', 'tw') GROUP BY region ORDER BY count(*) DESC, region LIMIT 1),
       (SELECT region FROM goblin.auction_snapshots WHERE connected_realm_id IS NULL ORDER BY snapshot_at DESC LIMIT 1),
       'us') AS region`,
  );
  return row!.region;
}
