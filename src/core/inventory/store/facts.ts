/**
 * Character, guild and warband facts. Money follows the newest observation; the
 * descriptive facts (faction, class, race, level, guild) are overwritten by
 * newer or equally new facts and otherwise only fill gaps, so an old file never
 * undoes a level-up.
 */
import type pg from 'pg';
import type { CharacterFacts, Extract, GuildFacts, WarbandFacts } from '../model.js';
import type { Owners } from './owners.js';

export async function applyFacts(tx: pg.PoolClient, owners: Owners, extract: Extract): Promise<void> {
  const currencies: CurrencyRows = { owners: [], times: [], sets: [] };
  for (const facts of mergeCharacterFacts(extract.characters)) await applyCharacter(tx, owners, facts, currencies);
  await applyCurrencies(tx, currencies);
  for (const facts of extract.guilds) await applyGuild(tx, owners, facts);
  for (const facts of extract.warbands) await applyWarband(tx, owners, facts);
}

/** Several readers of one file can describe one character (DataStoreDB and DataStore_CharactersDB). */
function mergeCharacterFacts(all: CharacterFacts[]): CharacterFacts[] {
  const merged = new Map<string, CharacterFacts>();
  for (const facts of all) {
    const key = `${facts.ref.account}\0${facts.ref.realm}\0${facts.ref.name}`;
    const seen = merged.get(key);
    if (!seen) {
      merged.set(key, { ...facts });
      continue;
    }
    const newer = (facts.observedAt ?? -1) >= (seen.observedAt ?? -1);
    const [base, over] = newer ? [seen, facts] : [facts, seen];
    merged.set(key, { ...base, ...definedOnly(over), ref: seen.ref.guid ? seen.ref : facts.ref });
  }
  return [...merged.values()];
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function time(seconds: number | undefined): Date | null {
  return seconds === undefined ? null : new Date(seconds * 1000);
}

async function applyCharacter(tx: pg.PoolClient, owners: Owners, facts: CharacterFacts, currencies: CurrencyRows): Promise<void> {
  const ownerId = await owners.owner(facts.ref);
  const guildId = facts.guild ? await owners.owner({ kind: 'guild', realm: facts.guild.realm, name: facts.guild.name }) : null;
  await tx.query(
    `UPDATE holocron.characters AS c SET
       faction        = CASE WHEN f.newer THEN coalesce($3, c.faction) ELSE coalesce(c.faction, $3) END,
       class          = CASE WHEN f.newer THEN coalesce($4, c.class) ELSE coalesce(c.class, $4) END,
       race           = CASE WHEN f.newer THEN coalesce($5, c.race) ELSE coalesce(c.race, $5) END,
       level          = CASE WHEN f.newer THEN coalesce($6, c.level) ELSE coalesce(c.level, $6) END,
       guild_owner_id = CASE WHEN f.newer THEN coalesce($7, c.guild_owner_id) ELSE coalesce(c.guild_owner_id, $7) END,
       facts_observed_at = CASE WHEN f.newer THEN $2 ELSE c.facts_observed_at END,
       money             = CASE WHEN f.money_newer THEN $8 ELSE c.money END,
       money_observed_at = CASE WHEN f.money_newer THEN $2 ELSE c.money_observed_at END,
       last_seen_at      = greatest(c.last_seen_at, $2)
     FROM (SELECT owner_id,
                  $2::timestamptz IS NOT NULL AND (facts_observed_at IS NULL OR $2 >= facts_observed_at) AS newer,
                  $8::bigint IS NOT NULL AND $2::timestamptz IS NOT NULL AND (money_observed_at IS NULL OR $2 > money_observed_at) AS money_newer
           FROM holocron.characters WHERE owner_id = $1) AS f
     WHERE c.owner_id = f.owner_id`,
    [ownerId, time(facts.observedAt), facts.faction ?? null, facts.className ?? null, facts.race ?? null, facts.level ?? null, guildId, facts.money ?? null],
  );
  if (facts.currencies?.size && facts.observedAt !== undefined) {
    currencies.owners.push(ownerId);
    currencies.times.push(time(facts.observedAt)!);
    currencies.sets.push(JSON.stringify(Object.fromEntries(facts.currencies)));
  }
}

interface CurrencyRows {
  owners: number[];
  times: Date[];
  /** {"<currency id>": quantity} per character. */
  sets: string[];
}

/** Every character's currencies of the file in one statement: one row each, replaced only by a newer set. */
async function applyCurrencies(tx: pg.PoolClient, rows: CurrencyRows): Promise<void> {
  if (rows.owners.length === 0) return;
  await tx.query(
    `INSERT INTO holocron.character_currency_balances AS b (owner_id, observed_at, quantities)
     SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::jsonb[])
     ON CONFLICT (owner_id) DO UPDATE SET observed_at = EXCLUDED.observed_at, quantities = EXCLUDED.quantities
     WHERE EXCLUDED.observed_at > b.observed_at`,
    [rows.owners, rows.times, rows.sets],
  );
}

async function applyGuild(tx: pg.PoolClient, owners: Owners, facts: GuildFacts): Promise<void> {
  const ownerId = await owners.owner(facts.ref);
  await tx.query(
    `UPDATE holocron.guilds SET
       faction = coalesce($2, faction),
       money = CASE WHEN $3::bigint IS NOT NULL AND $4::timestamptz IS NOT NULL AND (money_observed_at IS NULL OR $4 > money_observed_at) THEN $3 ELSE money END,
       money_observed_at = CASE WHEN $3::bigint IS NOT NULL AND $4::timestamptz IS NOT NULL AND (money_observed_at IS NULL OR $4 > money_observed_at) THEN $4 ELSE money_observed_at END
     WHERE owner_id = $1`,
    [ownerId, facts.faction ?? null, facts.money ?? null, time(facts.observedAt)],
  );
}

async function applyWarband(tx: pg.PoolClient, owners: Owners, facts: WarbandFacts): Promise<void> {
  if (facts.money === undefined) return;
  const ownerId = await owners.owner(facts.ref);
  await tx.query(
    `UPDATE holocron.warbands SET money = $2, money_observed_at = $3
     WHERE owner_id = $1 AND (money_observed_at IS NULL OR $3 > money_observed_at)`,
    [ownerId, facts.money, time(facts.observedAt)],
  );
}
