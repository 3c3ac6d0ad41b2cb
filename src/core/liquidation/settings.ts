/**
 * Liquidation settings kept in the database (so cron, the dashboard and a
 * shell over SSH see the same): the auction alt per realm and the minimum
 * value worth selling.
 */
import type { Database } from '../db/pool.js';
import { resolveCharacter } from '../inventory/resolve.js';

export interface AuctionAlt {
  realm: string;
  realmKey: string;
  character: string;
  ownerId: number;
}

export interface LiquidationSettings {
  auctionAlts: AuctionAlt[];
  /** Copper; sell rows worth less are kept ("below --min-value"). */
  minValue: number;
}

const MIN_VALUE = 'liquidate.min_value';

export async function readSettings(db: Database): Promise<LiquidationSettings> {
  const alts = await db.query<{ realm: string; realm_key: string; label: string; owner_id: number }>(
    `SELECT c.realm, x.realm_key, o.label, x.owner_id
     FROM holocron.auction_alts x JOIN holocron.characters c USING (owner_id) JOIN holocron.owners o USING (owner_id)
     ORDER BY c.realm`,
  );
  const [min] = await db.query<{ value: number }>('SELECT value FROM holocron.settings WHERE name = $1', [MIN_VALUE]);
  return {
    auctionAlts: alts.map((a) => ({ realm: a.realm, realmKey: a.realm_key, character: a.label, ownerId: a.owner_id })),
    minValue: typeof min?.value === 'number' ? min.value : 0,
  };
}

/** The character becomes the auction alt of its realm (replacing another). */
export async function setAuctionAlt(db: Database, character: string): Promise<AuctionAlt> {
  const alt = await resolveCharacter(db, character);
  await db.query(
    `INSERT INTO holocron.auction_alts (realm_key, owner_id) VALUES ($1, $2)
     ON CONFLICT (realm_key) DO UPDATE SET owner_id = excluded.owner_id, updated_at = now()`,
    [alt.realmKey, alt.ownerId],
  );
  return { realm: alt.realm, realmKey: alt.realmKey, character: alt.label, ownerId: alt.ownerId };
}

export async function setMinValue(db: Database, copper: number): Promise<void> {
  await db.query(
    `INSERT INTO holocron.settings (name, value) VALUES ($1, $2::jsonb) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = now()`,
    [MIN_VALUE, JSON.stringify(copper)],
  );
}
