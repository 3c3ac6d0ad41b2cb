-- 0013_item_variant_stats: realm auction statistics per item variant (bonus ids
-- and the modifiers that matter; battle pets per species and breed), written by
-- scrape with each realm snapshot, and the key function inventory links share.
-- Safe while jobs run (new objects only).
--
-- Why: gear of one item id sells at very different prices by item level,
-- socket, tertiary stat or crafted stats, all expressed in bonus ids; a realm
-- median over every variant prices a 639 sword like the 619 one. Liquidation
-- (0015) prices a bag item by its exact variant first, then by the item id.

-- The variant key. Facts it rests on:
--  * bonus ids are a set: neither the API nor item links promise an order
--    (the samples have API [6654, 63] and links 10371:10355:10240), so they
--    are sorted and deduplicated here;
--  * the API gives modifiers as {type, value} objects, links and
--    holocron.item_stacks as flattened (type, value) pairs;
--  * kept modifier types, because they change the item that is sold:
--      9   player level when the item dropped (the "timewalker level"): the
--          input of the item-level curve of scaling bonus ids (6654/6655 …),
--          so one item with one bonus list has a different item level per value;
--      29, 30  the two secondary stats chosen for crafted gear (missives).
--  * left out, because the sold item is the same whatever they say:
--      6   creature display of a caged pet (pets are keyed by species/breed);
--      28  where the item dropped (a content-tuning id, by its values): the
--          item level comes from the bonus ids and 9; it differs between
--          otherwise identical drops (28:18, 28:1140, 28:2793 in the samples)
--          and would split one variant into many;
--      38, 40  crafting quality and crafting data ids: the quality's item level
--          is already a bonus id;
--      45–52  reagents used in a craft: their effect (embellishment, stats) is
--          already in bonus ids and 29/30.
--    Kamoo keeps the same three types (9, 29, 30) for its item key; shatari
--    keeps 9 (/work/shared/reference/blizzard-api.md).
-- Form: 'b1:b2:…' ascending and distinct, then ';type=value' per kept modifier
-- ascending by type and value, e.g. '1688:6654;9=35'. NULL without bonus ids:
-- such an item has one variant, its item id's statistics price it.
-- The scrape computes the same string in TypeScript (src/core/scrape/
-- variant-key.ts, variant-stats.ts); test/integration/variant-stats.test.ts
-- holds the two to each other.
--
-- PL/pgSQL with an insertion sort, not SQL over unnest(): liquidation calls it
-- for held gear, and as a SQL function (never inlined: it
-- needs sub-selects) it cost 670 ms for the bench account's 40,000 stacks
-- with bonus ids, this 170–215 ms (PostgreSQL 15, a loaded 2-core machine).
CREATE FUNCTION goblin.item_variant_key(bonus_ids integer[], modifiers integer[]) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  n integer := coalesce(cardinality(bonus_ids), 0);
  s integer[] := bonus_ids;
  key text;
  b integer;
  j integer;
  t integer;
  v integer;
  kept_types integer[];
  kept_values integer[];
  kept integer := 0;
BEGIN
  IF n = 0 OR array_position(bonus_ids, NULL) IS NOT NULL THEN
    RETURN NULL;
  END IF;
  IF array_lower(s, 1) <> 1 THEN
    s := s[array_lower(s, 1):array_upper(s, 1)];  -- a slice starts at 1
  END IF;
  FOR i IN 2 .. n LOOP
    b := s[i];
    j := i - 1;
    WHILE j >= 1 AND s[j] > b LOOP
      s[j + 1] := s[j];
      j := j - 1;
    END LOOP;
    s[j + 1] := b;
  END LOOP;
  key := s[1]::text;
  FOR i IN 2 .. n LOOP
    IF s[i] <> s[i - 1] THEN
      key := key || ':' || s[i];
    END IF;
  END LOOP;
  IF coalesce(cardinality(modifiers), 0) < 2 THEN
    RETURN key;
  END IF;
  FOR i IN array_lower(modifiers, 1) .. array_upper(modifiers, 1) - 1 BY 2 LOOP
    t := modifiers[i];
    v := modifiers[i + 1];
    CONTINUE WHEN t IS NULL OR v IS NULL OR t NOT IN (9, 29, 30);
    j := kept;
    WHILE j >= 1 AND (kept_types[j] > t OR (kept_types[j] = t AND kept_values[j] > v)) LOOP
      kept_types[j + 1] := kept_types[j];
      kept_values[j + 1] := kept_values[j];
      j := j - 1;
    END LOOP;
    kept_types[j + 1] := t;
    kept_values[j + 1] := v;
    kept := kept + 1;
  END LOOP;
  FOR i IN 1 .. kept LOOP
    CONTINUE WHEN i > 1 AND kept_types[i] = kept_types[i - 1] AND kept_values[i] = kept_values[i - 1];
    key := key || ';' || kept_types[i] || '=' || kept_values[i];
  END LOOP;
  RETURN key;
END
$$;

-- One row per (snapshot, item, variant) — only for items listed in more than
-- one variant in that snapshot. An item listed in one variant only is priced
-- the same by its goblin.item_stats row (the join falls back to it), so its
-- variant row would repeat that row. Rows per realm snapshot, measured with
-- `tsx bench/variant-stats.ts --rows-only`:
--   snapshot                                   item_stats  every variant  stored
--   100k auctions, 15k items, variant-auctions     11,314         17,303   7,941
--   200k auctions, 30k items, variant-auctions     21,638         32,112  13,826
--   100k auctions, 15k items, auction-generator    10,744         48,530  43,362
-- (test/helpers/variant-auctions.ts weights variants the way a realm lists
-- them; auction-generator.ts draws bonus ids per auction: an upper bound.)
-- Cost to the scrape (same bench, 9 interleaved rounds against the code
-- before this migration, 100,000 auctions, request → commit): median 574 →
-- 642 ms; median of the paired differences +42 ms.
-- Caged battle pets (item 82800): variant_key NULL, told apart by species and
-- breed; the breed is folded to 3–12 (13–22 are the same breeds' female
-- forms, same stats) and 0 when absent.
CREATE TABLE goblin.item_variant_stats (
  snapshot_at     timestamptz NOT NULL,
  snapshot_id     integer NOT NULL,
  item_id         integer NOT NULL,
  variant_key     text,                        -- goblin.item_variant_key; NULL: no bonus ids, or a pet
  pet_species_id  integer NOT NULL DEFAULT 0,
  pet_breed_id    smallint NOT NULL DEFAULT 0,
  min_price       bigint,                      -- NULL when only bids are listed
  median_price    bigint,                      -- smallest price where cumulative quantity reaches half
  total_quantity  bigint NOT NULL,
  auction_count   integer NOT NULL
) PARTITION BY RANGE (snapshot_at);
-- The lookup: the newest snapshot of a realm, then item, species and variant.
-- A btree (unlike goblin.item_stats' BRIN): a few thousand rows a snapshot,
-- so it costs ~8–10 ms a snapshot (8,000 rows inserted with it: 13–16 ms,
-- without: 5–6 ms), and a plan for a few stacks looks rows up instead of
-- reading a realm's whole snapshot.
CREATE INDEX ON goblin.item_variant_stats (snapshot_id, item_id, pet_species_id, variant_key);

-- Registered like goblin.item_stats: `holocron partition` creates its days
-- ahead and --retain expires them with the rest.
INSERT INTO ops.partitioned_tables (parent_table, partition_key, description) VALUES
  ('goblin.item_variant_stats', 'snapshot_at', 'realm statistics per item variant (bonus key, pet breed) per snapshot');

-- Public contract: the newest snapshot's variant statistics per connected realm.
CREATE VIEW goblin.view_latest_variant_stats AS
WITH latest AS (
  SELECT DISTINCT ON (region, connected_realm_id) snapshot_id, region, connected_realm_id, snapshot_at
  FROM goblin.auction_snapshots
  WHERE connected_realm_id IS NOT NULL
  ORDER BY region, connected_realm_id, snapshot_at DESC
)
SELECT l.region, l.connected_realm_id, l.snapshot_at, v.item_id, v.variant_key, v.pet_species_id, v.pet_breed_id,
       v.min_price, v.median_price, v.total_quantity, v.auction_count
FROM latest l
JOIN goblin.item_variant_stats v ON v.snapshot_id = l.snapshot_id AND v.snapshot_at = l.snapshot_at;
