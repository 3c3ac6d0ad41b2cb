/**
 * Which holocron.characters row a /simc export belongs to. An export names
 * its character by name, realm and region but not by WoW account, so the
 * row is found across accounts; one it cannot find is created, marked
 * known_from = 'simc', under the ingest's account.
 */
import type pg from 'pg';
import { characterLabel, realmKey } from '../../inventory/model.js';
import type { SimcExport } from './model.js';

export interface SimcCharacter {
  ownerId: number;
  label: string;
  created: boolean;
  knownFrom: 'addon' | 'simc';
}

export interface CharacterCandidate {
  owner_id: number;
  label: string;
  account: string;
  region: string | null;
  known_from: 'addon' | 'simc';
}

/** The realm as the export names it: the header's spelling ("Twisting Nether"), else the server= token. */
export function exportRealm(exp: SimcExport): string {
  return exp.header?.realm || (exp.server ?? '').replace(/_/g, ' ');
}

export function exportRegion(exp: SimcExport): string | null {
  return (exp.region ?? exp.header?.region ?? null)?.toLowerCase() ?? null;
}

/**
 * Rows with this name on this realm (and region, when both sides know it).
 * Case-insensitive in the database's Unicode case mapping, so "pølsefatter"
 * finds "Pølsefatter". Addon-known rows come first.
 */
export async function characterCandidates(
  client: Pick<pg.PoolClient, 'query'>,
  name: string,
  realm: string,
  region: string | null,
): Promise<CharacterCandidate[]> {
  const found = await client.query<CharacterCandidate>(
    `SELECT c.owner_id, o.label, a.name AS account, c.region, c.known_from
     FROM holocron.characters c
     JOIN holocron.owners o USING (owner_id)
     JOIN holocron.accounts a ON a.account_id = c.account_id
     WHERE c.realm_key = $1 AND lower(c.name) = lower($2)
       AND ($3::text IS NULL OR c.region IS NULL OR c.region = $3)
     ORDER BY c.known_from = 'simc', c.owner_id`,
    [realmKey(realm), name.normalize('NFC'), region],
  );
  return found.rows;
}

export async function findOrCreateCharacter(tx: pg.PoolClient, exp: SimcExport, account: { name: string; explicit: boolean }): Promise<SimcCharacter> {
  const realm = exportRealm(exp);
  const region = exportRegion(exp);
  const candidates = await characterCandidates(tx, exp.characterName, realm, region);
  const chosen = (account.explicit && candidates.find((c) => c.account === account.name)) || candidates[0];
  if (chosen) {
    await tx.query(
      `UPDATE holocron.characters SET
         class  = coalesce(class, $2),
         level  = CASE WHEN known_from = 'simc' THEN coalesce($3, level) ELSE coalesce(level, $3) END,
         region = coalesce(region, $4)
       WHERE owner_id = $1`,
      [chosen.owner_id, classFile(exp.className), exp.level ?? null, region],
    );
    return { ownerId: chosen.owner_id, label: chosen.label, created: false, knownFrom: chosen.known_from };
  }
  const accountId = await accountIdOf(tx, account.name);
  const name = exp.characterName.normalize('NFC');
  const label = characterLabel(name, realm);
  const owner = await tx.query<{ owner_id: number }>(
    `INSERT INTO holocron.owners (kind, label, account_id) VALUES ('character', $1, $2) RETURNING owner_id`,
    [label, accountId],
  );
  const ownerId = owner.rows[0]!.owner_id;
  await tx.query(
    `INSERT INTO holocron.characters (owner_id, account_id, name, realm, realm_key, class, level, region, known_from)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'simc')`,
    [ownerId, accountId, name, realm, realmKey(realm), classFile(exp.className), exp.level ?? null, region],
  );
  return { ownerId, label, created: true, knownFrom: 'simc' };
}

/** holocron.characters.class holds the class file (DEATHKNIGHT); the SimC token is that, lower-cased. */
function classFile(token: string): string {
  return token.replace(/_/g, '').toUpperCase();
}

async function accountIdOf(tx: pg.PoolClient, name: string): Promise<number> {
  const rows = await tx.query<{ account_id: number }>(
    `WITH inserted AS (INSERT INTO holocron.accounts (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING account_id)
     SELECT account_id FROM inserted UNION ALL SELECT account_id FROM holocron.accounts WHERE name = $1`,
    [name],
  );
  return rows.rows[0]!.account_id;
}
