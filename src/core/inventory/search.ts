/**
 * "Where is my X": item id, pasted link or name (substring, then typo-tolerant
 * trigram similarity), answered from every owner's newest data. Two indexed
 * queries: names → item ids, item ids → current places (holocron.current_places).
 */
import type { Database } from '../db/pool.js';
import { PET_CAGE_ITEM_ID as PET_CAGE, isGameId, parseItemLink } from './item-link.js';
import type { Location } from './model.js';
import { PLACES_EACH_ITEM, PLACES_ONE_ITEM } from './search-caps.js';

export interface SearchQuery {
  text: string;
  /** Only this character: "Name" or "Name-Realm". */
  character?: string;
  /** Most items to list (default 25). */
  limit?: number;
  /**
   * Places listed per item, biggest first: default PLACES_ONE_ITEM when one item
   * matches, PLACES_EACH_ITEM when several do; 'all' lists every place.
   */
  placesPerItem?: number | 'all';
}

export interface ItemPlace {
  account: string;
  owner: string;
  ownerKind: 'character' | 'guild' | 'warband';
  location: Location;
  /** Human label of the container: "bank tab 2 (Gear)", "guild tab 1", "bag 3". */
  place: string;
  count: number;
  /** When an addon last saw this place as it is (the snapshot's confirmation time). */
  observedAt: string;
  /** Mail expiry or auction end, when known. */
  expiresAt: string | null;
}

export interface ItemHit {
  itemId: number;
  petSpeciesId: number | null;
  name: string | null;
  total: number;
  /** Places holding it (exact); `places` may list fewer (placesPerItem). */
  placeCount: number;
  /** Places not listed: placeCount − places.length (0 when every place is listed). */
  morePlaces: number;
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
  const hits = candidates.length ? await locate(db, candidates, query.character, query.placesPerItem) : [];
  return { query: text, hits, dbMs: performance.now() - started };
}

async function findCandidates(db: Database, text: string, limit: number): Promise<Candidate[]> {
  // Only pet cages have species: -1 asks for every species, 0 for none.
  const anySpecies = (itemId: number) => (itemId === PET_CAGE ? -1 : 0);
  // An id no item can have (0, beyond int4) finds nothing, like any id nobody holds.
  if (/^\d+$/.test(text)) return isGameId(Number(text)) ? [{ item_id: Number(text), pet_species_id: anySpecies(Number(text)), name: null, match: 'id' }] : [];
  const link = parseItemLink(text);
  if (link) return [{ item_id: link.itemId, pet_species_id: link.pet?.speciesId ?? anySpecies(link.itemId), name: link.name ?? null, match: 'link' }];
  if (text.length === 0) return [];
  const bySubstring = await prepared<Candidate>(db, 'holocron_search_substring', SUBSTRING_SQL, [`%${escapeLike(text)}%`, text, limit]);
  if (bySubstring.length > 0) return bySubstring;
  return prepared<Candidate>(db, 'holocron_search_similar', SIMILAR_SQL, [text, limit]);
}

/**
 * Names ranked first (exact name, then shortest), then checked one by one
 * against the current places until `limit` held items are found: a broad
 * word like "potion" matches thousands of names, and a join of all of them with
 * all stacks cost 30 ms where this costs 2.
 */
const HELD_IN_ORDER = `
  CROSS JOIN LATERAL (
    SELECT 1 FROM holocron.current_places p
    WHERE p.item_id = named.item_id
      AND (named.pet_species_id = 0 OR p.pet_species_id = named.pet_species_id)
    LIMIT 1
  ) AS held`;

const SUBSTRING_SQL = `
  SELECT named.item_id, named.pet_species_id, named.name, 'name' AS match
  FROM (
    SELECT item_id, pet_species_id, name FROM (
      SELECT item_id, pet_species_id, name FROM holocron.item_names WHERE name ILIKE $1
      UNION
      SELECT item_id, 0, name FROM goblin.items WHERE name ILIKE $1
      UNION
      SELECT ${PET_CAGE}, species_id, name FROM petweaver.species WHERE name ILIKE $1
    ) AS matching
    ORDER BY lower(name) = lower($2) DESC, length(name), name
  ) AS named
  ${HELD_IN_ORDER}
  LIMIT $3`;

/** Typo-tolerant: pg_trgm word similarity of the query to part of a name (threshold 0.6, the default). */
const SIMILAR_SQL = `
  SELECT named.item_id, named.pet_species_id, named.name, 'similar' AS match
  FROM (
    SELECT item_id, pet_species_id, name FROM (
      SELECT item_id, pet_species_id, name, word_similarity($1, name) AS score FROM holocron.item_names WHERE $1 <% name
      UNION
      SELECT item_id, 0, name, word_similarity($1, name) FROM goblin.items WHERE $1 <% name
    ) AS matching
    ORDER BY score DESC, name
  ) AS named
  ${HELD_IN_ORDER}
  LIMIT $2`;


/**
 * Named statements: parsed once per connection, after which PostgreSQL may keep
 * a generic plan. On a warm connection a search takes 25–30 % less (one item:
 * 7.0 → 5.0 ms on the bench account; forcing custom plans kept only half of
 * that); a one-shot `holocron search` neither gains nor loses.
 */
async function prepared<Row extends object>(db: Database, name: string, text: string, values: unknown[]): Promise<Row[]> {
  return db.withClient(async (client) => (await client.query<Row>({ name, text, values })).rows);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

interface PlaceRow {
  item_id: number;
  /** As asked: -1 any species, 0 not a pet, else the species. */
  pet_species_id: number;
  item_name: string | null;
  account: string;
  owner: string;
  owner_kind: ItemPlace['ownerKind'];
  location: Location;
  container: number;
  container_name: string | null;
  count: number;
  seen_ms: number;
  expires_ms: number | null;
  item_total: number;
  item_places: number;
}

async function locate(db: Database, candidates: Candidate[], character: string | undefined, placesPerItem: SearchQuery['placesPerItem']): Promise<ItemHit[]> {
  // null is LIMIT ALL; a number is a LIMIT the covering index serves in order.
  const perItem = placesPerItem === 'all' ? null : (placesPerItem ?? (candidates.length > 1 ? PLACES_EACH_ITEM : PLACES_ONE_ITEM));
  const rows = await prepared<PlaceRow>(db, 'holocron_search_places', PLACES_SQL, [candidates.map((c) => c.item_id), candidates.map((c) => c.pet_species_id), character ?? null, perItem]);
  const hits = new Map<string, ItemHit>();
  for (const candidate of candidates) {
    const key = `${candidate.item_id}:${candidate.pet_species_id}`;
    if (!hits.has(key)) hits.set(key, { itemId: candidate.item_id, petSpeciesId: candidate.pet_species_id >= 0 ? candidate.pet_species_id : null, name: candidate.name, total: 0, placeCount: 0, morePlaces: 0, match: candidate.match, places: [] });
  }
  for (const row of rows) {
    const hit = hits.get(`${row.item_id}:${row.pet_species_id}`);
    if (!hit) continue;
    hit.name ??= row.item_name;
    hit.total = row.item_total;
    hit.placeCount = row.item_places;
    hit.places.push({
      account: row.account,
      owner: row.owner,
      ownerKind: row.owner_kind,
      location: row.location,
      place: placeLabel(row.location, row.container, row.container_name),
      count: row.count,
      observedAt: new Date(row.seen_ms).toISOString(),
      expiresAt: row.expires_ms === null ? null : new Date(row.expires_ms).toISOString(),
    });
  }
  for (const hit of hits.values()) hit.morePlaces = hit.placeCount - hit.places.length;
  return [...hits.values()].filter((h) => h.places.length > 0 || h.match === 'id' || h.match === 'link');
}

/**
 * The candidates' places from holocron.current_places (summed per container at
 * ingest) with their snapshots, and their totals from
 * holocron.current_item_totals; only the biggest `$4` places of each item are
 * read (NULL: all). Ties are broken by snapshot and container so the same data
 * always lists the same places. Exported for bench/search.ts and a test, which
 * explain it.
 */
export const PLACES_SQL = `
  WITH wanted AS (
    SELECT DISTINCT item_id, pet_species_id,
           CASE WHEN pet_species_id < 0 THEN -2147483648 ELSE pet_species_id END AS species_from,
           CASE WHEN pet_species_id < 0 THEN 2147483647 ELSE pet_species_id END AS species_to
    FROM unnest($1::int[], $2::int[]) AS c (item_id, pet_species_id)
  ), chosen AS (
    -- --character: "Name" or "Name-Realm" (a guild's name works too)
    SELECT owner_id FROM holocron.owners
    WHERE lower(label) = lower($3) OR lower(split_part(label, '-', 1)) = lower($3)
  ), totals AS (
    -- Everyone's: kept per item by the ingest.
    SELECT w.item_id, w.pet_species_id, sum(t.total)::int AS item_total, sum(t.places)::int AS item_places
    FROM wanted w
    JOIN holocron.current_item_totals t ON t.item_id = w.item_id AND t.pet_species_id BETWEEN w.species_from AND w.species_to
    WHERE $3::text IS NULL
    GROUP BY w.item_id, w.pet_species_id
    UNION ALL
    -- One character's: summed here.
    SELECT w.item_id, w.pet_species_id, sum(p.count)::int, count(*)::int
    FROM wanted w
    JOIN holocron.current_places p ON p.item_id = w.item_id AND p.pet_species_id BETWEEN w.species_from AND w.species_to
    WHERE $3::text IS NOT NULL AND p.owner_id IN (SELECT owner_id FROM chosen)
    GROUP BY w.item_id, w.pet_species_id
  ), named AS MATERIALIZED (
    -- once per item, not per place
    SELECT t.*, coalesce((SELECT n.name FROM holocron.item_names n WHERE n.item_id = t.item_id AND n.pet_species_id = greatest(t.pet_species_id, 0)),
                         (SELECT i.name FROM goblin.items i WHERE i.item_id = t.item_id)) AS item_name
    FROM totals t
  ), listed AS MATERIALIZED (
    SELECT t.item_id, t.pet_species_id, t.item_total, t.item_places, t.item_name,
           p.owner_id, p.snapshot_id, p.container, p.count, p.expires_at
    FROM named t
    CROSS JOIN LATERAL (
      -- One species (or none): the index hands over the biggest places first.
      (SELECT p.* FROM holocron.current_places p
       WHERE t.pet_species_id >= 0 AND p.item_id = t.item_id AND p.pet_species_id = t.pet_species_id
         AND ($3::text IS NULL OR p.owner_id IN (SELECT owner_id FROM chosen))
       ORDER BY p.count DESC, p.snapshot_id, p.container
       LIMIT $4)
      UNION ALL
      -- Every species of a pet cage (an id search): sorted here.
      (SELECT p.* FROM holocron.current_places p
       WHERE t.pet_species_id < 0 AND p.item_id = t.item_id
         AND ($3::text IS NULL OR p.owner_id IN (SELECT owner_id FROM chosen))
       ORDER BY p.count DESC, p.snapshot_id, p.container
       LIMIT $4)
    ) AS p
  )
  -- Owners joined once for all listed places: joined inside the per-item loop,
  -- the planner hashed each item's places and scanned every owner again for
  -- each item (25 × 610 rows on ten accounts; once: 19 % less for 25 items).
  -- Where, whose file and "seen" come from the place's snapshot (0009): a
  -- lookup by key for each listed place, which is at most 20 per item.
  -- The account breaks ties: one name can be a character on several accounts.
  SELECT l.item_id, l.pet_species_id, l.item_total, l.item_places, l.item_name,
         a.name AS account, o.label AS owner, o.kind AS owner_kind, s.location, l.container,
         s.containers -> l.container::text ->> 'name' AS container_name, l.count,
         -- Epoch milliseconds: node-postgres parses timestamptz text slowly, and
         -- date_part (float8) is several times cheaper than extract (numeric).
         (date_part('epoch', s.confirmed_at) * 1000)::bigint AS seen_ms,
         (date_part('epoch', l.expires_at) * 1000)::bigint AS expires_ms
  FROM listed l
  JOIN holocron.inventory_snapshots s ON s.snapshot_id = l.snapshot_id
  JOIN holocron.owners o ON o.owner_id = l.owner_id
  JOIN holocron.accounts a ON a.account_id = coalesce(o.account_id, s.account_id)
  ORDER BY l.item_id, l.pet_species_id, l.count DESC, o.label COLLATE "C", a.name COLLATE "C", s.location COLLATE "C", l.container`;

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
