-- 0008_ingest_write_path: less for PostgreSQL to write per ingested file.
-- Safe while jobs run? Run it with no ingest running (it rebuilds two tables'
-- indexes and moves the currencies).
--
-- Measured on the 28 MB, 131,130-stack benchmark file (bench:ingest), where a
-- first ingest spent 1.7 s in the COPY of the stacks, 2.2 s summing the places
-- and 1.4 s upserting 75,000 currency rows:
--
-- 1. item_stacks_current_item goes. It served "where is X now" before
--    holocron.current_places did (0006); nothing reads it since, and keeping it
--    made the COPY of 131,130 stacks ~35 % slower (same rows into a copy of the
--    table with and without it, interleaved).
DROP INDEX holocron.item_stacks_current_item;

-- The items seeder's list of ids to look up reads the per-item totals instead
-- of scanning every stack for the current ones.
CREATE OR REPLACE VIEW goblin.view_item_ids_referenced AS
SELECT item_id FROM goblin.recipe_outputs
UNION
SELECT item_id FROM goblin.recipe_reagents
UNION
SELECT item_id FROM holocron.current_item_totals;

-- 2. current_places: the four-column primary key becomes an index on the
--    snapshot alone (what deletes and "seen again" look up by); ingest now
--    computes the places from the stacks it holds in memory and COPYs them in.
--    ~15 % less index upkeep per place.
ALTER TABLE holocron.current_places DROP CONSTRAINT current_places_pkey;
CREATE INDEX current_places_snapshot ON holocron.current_places (snapshot_id);

-- 3. A character's currencies are one set, seen at one time: one row per
--    character instead of one per currency (1,500 on a real character). A file
--    with the same balances writes nothing but the time it saw them.
CREATE TABLE holocron.character_currency_balances (
  owner_id     integer PRIMARY KEY REFERENCES holocron.characters ON DELETE CASCADE,
  observed_at  timestamptz NOT NULL,
  quantities   jsonb NOT NULL   -- {"<currency id>": quantity, …}
);

INSERT INTO holocron.character_currency_balances (owner_id, observed_at, quantities)
SELECT owner_id, max(observed_at), jsonb_object_agg(currency_id::text, quantity)
FROM holocron.character_currencies
GROUP BY owner_id;

DROP TABLE holocron.character_currencies;

-- The same rows and columns as the table it replaces, for SQL written against it.
CREATE VIEW holocron.character_currencies AS
SELECT b.owner_id, q.key::integer AS currency_id, q.value::bigint AS quantity, b.observed_at
FROM holocron.character_currency_balances b
CROSS JOIN LATERAL jsonb_each_text(b.quantities) AS q (key, value);
