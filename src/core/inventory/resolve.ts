/**
 * What a user names on the command line — an item by id, link or name, a
 * character by "Name" or "Name-Realm" — turned into ids, or an error that says
 * what there is instead.
 */
import type { Database } from '../db/pool.js';
import { DataError, UsageError } from '../errors.js';
import { PET_CAGE_ITEM_ID, isGameId, parseItemLink } from './item-link.js';
import { realmKey } from './model.js';

export interface ResolvedItem {
  itemId: number;
  /** Caged pets (item 82800) by species; 0 otherwise. */
  petSpeciesId: number;
  name: string | null;
}

export interface ResolvedCharacter {
  ownerId: number;
  label: string;
  realm: string;
  realmKey: string;
  account: string;
}

/**
 * An id, a pasted link (a battle-pet link names the species), or an exact
 * name (case-insensitive) of an item or battle-pet species the database knows.
 * A name that is not exact gets a DataError with the closest names.
 */
export async function resolveItem(db: Database, text: string): Promise<ResolvedItem> {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const id = Number(trimmed);
    if (!isGameId(id)) throw new DataError(`'${trimmed}' is not an item id (1 … 2147483647)`);
    return { itemId: id, petSpeciesId: 0, name: await itemName(db, id, 0) };
  }
  const link = parseItemLink(trimmed);
  if (link) {
    const species = link.pet?.speciesId ?? 0;
    return { itemId: link.itemId, petSpeciesId: species, name: link.name ?? (await itemName(db, link.itemId, species)) };
  }
  if (trimmed === '') throw new DataError('an empty item name');
  const exact = await db.query<{ item_id: number; pet_species_id: number; name: string }>(
    `SELECT DISTINCT item_id, pet_species_id, name FROM (
       SELECT item_id, pet_species_id, name FROM holocron.item_names WHERE lower(name) = lower($1)
       UNION ALL SELECT item_id, 0, name FROM goblin.items WHERE lower(name) = lower($1)
       UNION ALL SELECT ${PET_CAGE_ITEM_ID}, species_id, name FROM petweaver.species WHERE lower(name) = lower($1)
     ) AS named ORDER BY item_id, pet_species_id`,
    [trimmed],
  );
  const distinct = [...new Map(exact.map((r) => [`${r.item_id}:${r.pet_species_id}`, r])).values()];
  if (distinct.length === 1) return { itemId: distinct[0]!.item_id, petSpeciesId: distinct[0]!.pet_species_id, name: distinct[0]!.name };
  if (distinct.length > 1) {
    const ids = distinct.map((r) => (r.pet_species_id ? `battlepet:${r.pet_species_id}` : String(r.item_id))).join(', ');
    throw new DataError(`'${trimmed}' names ${distinct.length} items (${ids}): give the item id instead`);
  }
  const close = await db.query<{ name: string }>(
    `SELECT name FROM (SELECT name FROM holocron.item_names UNION SELECT name FROM goblin.items) AS n
     WHERE $1 <% name ORDER BY word_similarity($1, name) DESC, name LIMIT 3`,
    [trimmed],
  );
  const hint = close.length ? `did you mean ${close.map((r) => `'${r.name}'`).join(', ')}?` : 'no item of that name is held or seeded (holocron seed fetches item names)';
  throw new DataError(`unknown item '${trimmed}': ${hint}`);
}

async function itemName(db: Database, itemId: number, species: number): Promise<string | null> {
  const [row] = await db.query<{ name: string | null }>(
    `SELECT coalesce((SELECT name FROM holocron.item_names WHERE item_id = $1 AND pet_species_id = $2 LIMIT 1),
                     (SELECT name FROM goblin.items WHERE item_id = $1),
                     (SELECT name FROM petweaver.species WHERE species_id = $2 AND $1 = ${PET_CAGE_ITEM_ID})) AS name`,
    [itemId, species],
  );
  return row?.name ?? null;
}

/**
 * "Name-Realm" (the realm with or without spaces, any case) or a bare "Name"
 * that only one character has. Unknown or ambiguous → UsageError listing the
 * characters that could be meant.
 */
export async function resolveCharacter(db: Database, text: string): Promise<ResolvedCharacter> {
  const wanted = text.trim();
  const dash = wanted.indexOf('-');
  const name = dash < 0 ? wanted : wanted.slice(0, dash);
  const realm = dash < 0 ? null : realmKey(wanted.slice(dash + 1));
  const rows = await db.query<{ owner_id: number; label: string; realm: string; realm_key: string; account: string }>(
    `SELECT c.owner_id, o.label, c.realm, c.realm_key, a.name AS account
     FROM holocron.characters c JOIN holocron.owners o USING (owner_id) JOIN holocron.accounts a ON a.account_id = c.account_id
     WHERE lower(c.name) = lower($1) AND ($2::text IS NULL OR c.realm_key = $2)
     ORDER BY o.label, a.name`,
    [name, realm],
  );
  if (rows.length === 1) return toCharacter(rows[0]!);
  if (rows.length > 1) throw new UsageError(`'${wanted}' could be ${rows.map((r) => `${r.label} (account ${r.account})`).join(', ')}: give Name-Realm`);
  const known = await charactersOn(db, realm);
  const listed = known.length ? `characters${realm ? ' on that realm' : ''}: ${known.join(', ')}` : realm ? 'the account has no character on that realm' : 'no characters are known yet (run holocron ingest)';
  throw new UsageError(`no character '${wanted}'; ${listed}`);
}

/** Labels of the account's characters, on one realm when given (at most 40, then a count). */
export async function charactersOn(db: Database, realmKey: string | null): Promise<string[]> {
  const rows = await db.query<{ label: string }>(
    `SELECT o.label FROM holocron.characters c JOIN holocron.owners o USING (owner_id)
     WHERE $1::text IS NULL OR c.realm_key = $1 ORDER BY o.label`,
    [realmKey],
  );
  const labels = rows.map((r) => r.label);
  return labels.length > 40 ? [...labels.slice(0, 40), `… ${labels.length - 40} more`] : labels;
}

function toCharacter(r: { owner_id: number; label: string; realm: string; realm_key: string; account: string }): ResolvedCharacter {
  return { ownerId: r.owner_id, label: r.label, realm: r.realm, realmKey: r.realm_key, account: r.account };
}
