/**
 * "Where is my X": item id, pasted link or name (substring, then typo-tolerant
 * trigram similarity), answered from every owner's newest data. Two indexed
 * queries: names → item ids, item ids → current stacks.
 */
import type { Database } from '../db/pool.js';
import { parseItemLink } from './item-link.js';
import type { Location } from './model.js';

export interface SearchQuery {
  text: string;
  /** Only this character: "Name" or "Name-Realm". */
  character?: string;
  /** Most items to list (default 25). */
  limit?: number;
}

export interface ItemPlace {
  account: string;
  owner: string;
  ownerKind: 'character' | 'guild' | 'warband';
  location: Location;
  /** Human label of the container: "bank tab 2 (Gear)", "guild tab 1", "bag 3". */
  place: string;
  count: number;
  observedAt: string;
  /** Mail expiry or auction end, when known. */
  expiresAt: string | null;
}

export interface ItemHit {
  itemId: number;
  petSpeciesId: number | null;
  name: string | null;
  total: number;
  match: 'id' | 'link' | 'name' | 'similar';
  places: ItemPlace[];
}

export interface SearchResult {
  query: string;
  hits: ItemHit[];
  /** Time spent in the database, for the benchmark. */
  dbMs: number;
}

interface Candidate {
  item_id: number;
  pet_species_id: number;
  name: string | null;
  match: ItemHit['match'];
}

export async function searchItems(db: Database, query: SearchQuery): Promise<SearchResult> {
  const started = performance.now();
  const text = query.text.trim();
  const limit = query.limit ?? 25;
  const candidates = await findCandidates(db, text, limit);
  const hits = candidates.length ? await locate(db, candidates, query.character) : [];
  return { query: text, hits, dbMs: performance.now() - started };
}

async function findCandidates(db: Database, text: string, limit: number): Promise<Candidate[]> {
  if (/^\d+$/.test(text)) return [{ item_id: Number(text), pet_species_id: -1, name: null, match: 'id' }];
  const link = parseItemLink(text);
  if (link) return [{ item_id: link.itemId, pet_species_id: link.pet?.speciesId ?? -1, name: link.name ?? null, match: 'link' }];
  if (text.length === 0) return [];
  const bySubstring = await db.query<Candidate>(
    `SELECT item_id, pet_species_id, name, 'name' AS match FROM (
       SELECT item_id, pet_species_id, name FROM holocron.item_names WHERE name ILIKE $1
       UNION
       SELECT item_id, 0, name FROM goblin.items WHERE name ILIKE $1
       UNION
       SELECT ${PET_CAGE}, species_id, name FROM petweaver.species WHERE name ILIKE $1
     ) AS named
     WHERE EXISTS (SELECT 1 FROM holocron.item_stacks st
                   WHERE st.is_current AND st.item_id = named.item_id
                     AND (named.pet_species_id = 0 OR st.pet_species_id = named.pet_species_id))
     ORDER BY lower(name) = lower($2) DESC, length(name), name
     LIMIT $3`,
    [`%${escapeLike(text)}%`, text, limit],
  );
  if (bySubstring.length > 0) return bySubstring;
  // Typo-tolerant: word similarity of the query to some part of the name.
  return db.query<Candidate>(
    `SELECT item_id, pet_species_id, name, 'similar' AS match FROM (
       SELECT item_id, pet_species_id, name, word_similarity($1, name) AS score FROM holocron.item_names WHERE $1 <% name
       UNION
       SELECT item_id, 0, name, word_similarity($1, name) FROM goblin.items WHERE $1 <% name
     ) AS named
     WHERE EXISTS (SELECT 1 FROM holocron.item_stacks st
                   WHERE st.is_current AND st.item_id = named.item_id
                     AND (named.pet_species_id = 0 OR st.pet_species_id = named.pet_species_id))
     ORDER BY score DESC, name
     LIMIT $2`,
    [text, limit],
  );
}

const PET_CAGE = 82800;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

interface PlaceRow {
  item_id: number;
  pet_species_id: number | null;
  item_name: string | null;
  account: string;
  owner: string;
  owner_kind: ItemPlace['ownerKind'];
  location: Location;
  container: number;
  container_name: string | null;
  count: number;
  observed_at: Date;
  expires_at: Date | null;
}

async function locate(db: Database, candidates: Candidate[], character: string | undefined): Promise<ItemHit[]> {
  const rows = await db.query<PlaceRow>(
    `SELECT st.item_id, st.pet_species_id, coalesce(n.name, i.name) AS item_name,
            a.name AS account, o.label AS owner, o.kind AS owner_kind, s.location, st.container,
            s.containers -> st.container::text ->> 'name' AS container_name,
            sum(st.count)::int AS count, max(s.observed_at) AS observed_at, min(st.expires_at) AS expires_at
     FROM unnest($1::int[], $2::int[]) AS c (item_id, pet_species_id)
     JOIN holocron.item_stacks st ON st.is_current AND st.item_id = c.item_id
                                  AND (c.pet_species_id < 0 OR coalesce(st.pet_species_id, 0) = c.pet_species_id)
     JOIN holocron.inventory_snapshots s ON s.snapshot_id = st.snapshot_id
     JOIN holocron.owners o ON o.owner_id = s.owner_id
     JOIN holocron.accounts a ON a.account_id = coalesce(o.account_id, s.account_id)
     LEFT JOIN holocron.item_names n ON n.item_id = st.item_id AND n.pet_species_id = coalesce(st.pet_species_id, 0)
     LEFT JOIN goblin.items i ON i.item_id = st.item_id
     WHERE $3::text IS NULL OR lower(o.label) = lower($3) OR lower(split_part(o.label, '-', 1)) = lower($3)
     GROUP BY st.item_id, st.pet_species_id, n.name, i.name, a.name, o.label, o.kind, s.location, st.container, container_name
     ORDER BY sum(st.count) DESC`,
    [candidates.map((c) => c.item_id), candidates.map((c) => c.pet_species_id), character ?? null],
  );
  const hits = new Map<string, ItemHit>();
  for (const candidate of candidates) {
    const key = `${candidate.item_id}:${candidate.pet_species_id}`;
    if (!hits.has(key)) hits.set(key, { itemId: candidate.item_id, petSpeciesId: candidate.pet_species_id >= 0 ? candidate.pet_species_id : null, name: candidate.name, total: 0, match: candidate.match, places: [] });
  }
  for (const row of rows) {
    const hit =
      hits.get(`${row.item_id}:${row.pet_species_id ?? 0}`) ?? hits.get(`${row.item_id}:-1`) ?? hits.get(`${row.item_id}:0`);
    if (!hit) continue;
    hit.name ??= row.item_name;
    hit.total += row.count;
    hit.places.push({
      account: row.account,
      owner: row.owner,
      ownerKind: row.owner_kind,
      location: row.location,
      place: placeLabel(row.location, row.container, row.container_name),
      count: row.count,
      observedAt: row.observed_at.toISOString(),
      expiresAt: row.expires_at?.toISOString() ?? null,
    });
  }
  return [...hits.values()].filter((h) => h.places.length > 0 || h.match === 'id' || h.match === 'link');
}

/** Where in the location: tabs and bags by number and name, as players call them. */
export function placeLabel(location: Location, container: number, name: string | null): string {
  const named = (label: string) => (name ? `${label} (${name})` : label);
  switch (location) {
    case 'bags':
      return container === 0 ? 'backpack' : container === 5 ? 'reagent bag' : container === -2 ? 'keyring' : `bag ${container}`;
    case 'bank':
      // -1 is the old main bank; 6–12 are bank bags before 11.2 and named tabs since.
      if (container === -1) return 'bank';
      return name ? `bank tab ${container - 5} (${name})` : `bank bag ${container - 5}`;
    case 'warband_bank':
      return named(`warband tab ${container - 12}`);
    case 'guild_bank':
      return named(`guild tab ${container}`);
    case 'reagent_bank':
      return 'reagent bank';
    case 'equipped':
      return container === 1 ? 'bag slot' : 'equipped';
    case 'void':
      return 'void storage';
    case 'mail':
      return container === 1 ? 'mail (sent by an alt)' : 'mail';
    case 'auction':
      return 'auction house';
  }
}
