/**
 * The raw snapshots of a day (item_stats and the listings) are the only
 * source of that day's market history. Retention must not drop them before
 * the daily roll-up has written the day's aggregates; this says which
 * markets of a day are still waiting for it.
 */
import type { Database } from '../../db/pool.js';

export interface MissingRollup {
  region: string;
  /** null: the region's commodities. */
  connectedRealmId: number | null;
}

/** Markets with snapshots on the UTC `day` (YYYY-MM-DD) that have no roll-up for it. */
export async function marketsNotRolledUp(db: Pick<Database, 'query'>, day: string): Promise<MissingRollup[]> {
  const rows = await db.query<{ region: string; connected_realm_id: number | null }>(
    `SELECT DISTINCT a.region, a.connected_realm_id
     FROM goblin.auction_snapshots a
     WHERE a.snapshot_at >= $1::date::timestamp AT TIME ZONE 'UTC' AND a.snapshot_at < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'
       AND NOT EXISTS (SELECT 1 FROM goblin.daily_sales_rollups r
                       WHERE r.region = a.region AND r.connected_realm_id IS NOT DISTINCT FROM a.connected_realm_id AND r.day = $1::date)
     ORDER BY 1, 2 NULLS FIRST`,
    [day],
  );
  return rows.map((r) => ({ region: r.region, connectedRealmId: r.connected_realm_id }));
}

export function marketLabel(m: MissingRollup): string {
  return m.connectedRealmId === null ? `${m.region}/commodities` : `${m.region}/realm/${m.connectedRealmId}`;
}
