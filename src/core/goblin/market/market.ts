/**
 * A market is the region's commodity auction house or one connected realm's
 * (blizzard-api.md §0.1): what the user names with --region and --realm.
 */
import type { Database } from '../../db/pool.js';
import { DataError, UsageError } from '../../errors.js';

export interface Market {
  region: string;
  /** null: the region's commodities. */
  connectedRealmId: number | null;
  /** 'us commodities', 'eu Twisting Nether (1305)'. */
  label: string;
}

export const REGIONS = ['us', 'eu', 'kr', 'tw'] as const;

/**
 * The region given, else the one rolled up last (else scraped last, else us);
 * a realm by connected-realm id, name or slug within it.
 */
export async function resolveMarket(db: Database, region: string | undefined, realm: string | undefined): Promise<Market> {
  const chosen = region?.toLowerCase() ?? (await defaultRegion(db));
  if (!(REGIONS as readonly string[]).includes(chosen)) throw new UsageError(`--region must be one of ${REGIONS.join(', ')}`);
  if (realm === undefined) return { region: chosen, connectedRealmId: null, label: `${chosen} commodities` };
  const text = realm.trim();
  const rows = await db.query<{ connected_realm_id: number; name: string }>(
    `SELECT connected_realm_id, name FROM goblin.realms
     WHERE region = $1 AND (lower(name) = lower($2) OR slug = lower($2) OR ($2 ~ '^[0-9]{1,9}$' AND connected_realm_id = $2::int))
     ORDER BY realm_id`,
    [chosen, text],
  );
  const ids = [...new Set(rows.map((r) => r.connected_realm_id))];
  if (ids.length === 1) return { region: chosen, connectedRealmId: ids[0]!, label: `${chosen} ${rows[0]!.name} (${ids[0]})` };
  if (ids.length > 1) throw new UsageError(`--realm '${text}' names ${ids.length} connected realms (${ids.join(', ')}): give the id`);
  if (/^\d{1,9}$/.test(text)) return { region: chosen, connectedRealmId: Number(text), label: `${chosen} realm ${text}` };
  throw new DataError(`unknown realm '${text}' in ${chosen} (holocron seed fetches realm names; a connected realm id works too)`);
}

async function defaultRegion(db: Database): Promise<string> {
  const [row] = await db.query<{ region: string | null }>(
    `SELECT coalesce((SELECT region FROM goblin.daily_sales_rollups ORDER BY day DESC, rolled_up_at DESC LIMIT 1),
                     (SELECT region FROM goblin.auction_snapshots ORDER BY snapshot_at DESC LIMIT 1)) AS region`,
  );
  return row?.region ?? 'us';
}
