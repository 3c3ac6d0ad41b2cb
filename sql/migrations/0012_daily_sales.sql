-- 0012_daily_sales: units sold per item and UTC day, rolled up from
-- goblin.item_stats once the day is over.
-- Safe while jobs run (new tables only).
--
-- Why: "sold per day" (the courier's pricing file, liquidation's sell-through)
-- summed est_sold over the last 24 hourly snapshots. For a realm of 185,000
-- keys plus 15,000 commodities that read 4.8 million item_stats rows: 6.2 s
-- on the bench machine (EXPLAIN ANALYZE, PostgreSQL 18), three times the
-- courier's whole budget. Rolled up, a week is one row per key that sold on
-- each day: ~10× fewer rows, and only rows with sales are kept.

-- Keys with at least one unit sold on the day, per market (the region's
-- commodities, or one connected realm).
CREATE TABLE goblin.item_daily_sales (
  day_start           timestamptz NOT NULL,   -- 00:00 UTC of the day: the partition key
  region              text NOT NULL,
  connected_realm_id  integer,                -- NULL: the region's commodity market
  item_id             integer NOT NULL,
  pet_species_id      integer NOT NULL DEFAULT 0,
  units_sold          bigint NOT NULL         -- sum of item_stats.est_sold over the day's snapshots
) PARTITION BY RANGE (day_start);
-- A day's rows arrive market by market (one INSERT … SELECT each), so a BRIN
-- on the market finds one market's pages without a btree to keep up.
CREATE INDEX ON goblin.item_daily_sales USING brin (connected_realm_id) WITH (pages_per_range = 16);

INSERT INTO ops.partitioned_tables (parent_table, partition_key, description) VALUES
  ('goblin.item_daily_sales', 'day_start', 'units sold per item, market and UTC day (rolled up from item_stats)');

-- One row per market and day that was rolled up: the roll-up is done exactly
-- once, and readers divide by the hours its snapshots really covered (a
-- scrape that missed hours sees fewer sales, not a slower market).
CREATE TABLE goblin.daily_sales_rollups (
  region              text NOT NULL,
  connected_realm_id  integer,                -- NULL: commodities
  day                 date NOT NULL,          -- UTC
  snapshot_count      integer NOT NULL,
  hours_covered       double precision NOT NULL,  -- from the snapshot before the day's first (its est_sold reaches back there) to the day's last
  rolled_up_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (region, connected_realm_id, day)
);

-- Units sold per day per key and market over the last 7 rolled-up days,
-- refreshed with each roll-up: readers (the courier's 200,000 keys, a
-- liquidation plan's few thousand) take one row per key instead of
-- aggregating a week of daily rows on every run. Keys with no sale in the
-- week have no row: they sold nothing.
CREATE TABLE goblin.item_sales_rates (
  region              text NOT NULL,
  connected_realm_id  integer,                -- NULL: commodities
  item_id             integer NOT NULL,
  pet_species_id      integer NOT NULL DEFAULT 0,
  units_per_day       double precision NOT NULL,
  through_day         date NOT NULL,          -- the newest day the rate covers
  UNIQUE NULLS NOT DISTINCT (region, connected_realm_id, item_id, pet_species_id)
);
