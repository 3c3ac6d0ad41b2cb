import type { Database } from '../../src/core/db/pool.js';

/**
 * Market data written straight into goblin's tables, as a scrape would leave
 * it: snapshots (region commodities or one connected realm) with per-item
 * statistics. For courier and valuation tests and the courier benchmark.
 */
export interface StatRow {
  itemId: number;
  petSpeciesId?: number;
  market: number;
  min?: number;
  quantity?: number;
  sold?: number | null;
}

export interface SnapshotFixture {
  region: string;
  /** null: the region's commodities. */
  connectedRealmId: number | null;
  at: Date;
  stats: readonly StatRow[];
}

export async function insertSnapshot(db: Database, s: SnapshotFixture): Promise<number> {
  await db.query(`SELECT ops.ensure_daily_partition('goblin.item_stats', $1::timestamptz::date)`, [s.at]);
  const [row] = await db.query<{ snapshot_id: number }>(
    `INSERT INTO goblin.auction_snapshots (dataset, region, connected_realm_id, snapshot_at, auction_count, item_count)
     VALUES ($1, $2, $3, $4, $5, $5) RETURNING snapshot_id`,
    [s.connectedRealmId === null ? `${s.region}/commodities` : `${s.region}/realm/${s.connectedRealmId}`, s.region, s.connectedRealmId, s.at, s.stats.length],
  );
  const id = row!.snapshot_id;
  const st = s.stats;
  await db.query(
    `INSERT INTO goblin.item_stats (snapshot_at, snapshot_id, item_id, pet_species_id, market_value, min_price, median_price, total_quantity, auction_count, est_sold)
     SELECT $1, $2, u.item_id, u.species, u.market, u.min, u.market, u.quantity, greatest(1, u.quantity / 5), u.sold
     FROM unnest($3::int[], $4::int[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[]) AS u (item_id, species, market, min, quantity, sold)`,
    [s.at, id, st.map((r) => r.itemId), st.map((r) => r.petSpeciesId ?? 0), st.map((r) => r.market), st.map((r) => r.min ?? r.market), st.map((r) => r.quantity ?? 10), st.map((r) => r.sold ?? null)],
  );
  return id;
}

export async function insertRealms(db: Database, region: string, connectedRealmId: number, realms: Array<[realmId: number, name: string]>): Promise<void> {
  await db.query(`INSERT INTO goblin.connected_realms (region, connected_realm_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [region, connectedRealmId]);
  for (const [realmId, name] of realms) {
    await db.query(
      `INSERT INTO goblin.realms (region, realm_id, connected_realm_id, name, slug) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [region, realmId, connectedRealmId, name, name.toLowerCase().replace(/[^a-z0-9]+/g, '-')],
    );
  }
}
