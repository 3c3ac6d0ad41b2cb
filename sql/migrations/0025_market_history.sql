-- 0025_market_history: daily market aggregates kept for years, the
-- TSM-style measures over them (goblin.item_market_analysis, refreshed by each
-- roll-up; read through goblin.view_market_analysis), and the retention guard
-- that keeps `holocron partition` from dropping a day of raw snapshots before
-- its aggregates exist.
-- Safe while jobs run: new objects, a nullable column and a defaulted column;
-- the backfill reads only the days already rolled up (at most a week).
--
-- Why a table of its own and not goblin.item_daily_sales: that one is
-- partitioned by day and registered for retention, so it goes with the raw
-- data; and it keeps only keys that sold. History needs every listed key and
-- must outlive the raw partitions: 15,000 commodities × 365 days is 5.5 M
-- narrow rows a year per region, small next to one day of raw listings.

CREATE TABLE goblin.item_daily_market (
  region              text NOT NULL,
  connected_realm_id  integer,                -- NULL: the region's commodity market
  item_id             integer NOT NULL,
  pet_species_id      integer NOT NULL DEFAULT 0,
  day                 date NOT NULL,          -- UTC
  min_price           bigint,                 -- lowest unit price seen in any snapshot of the day
  market_value        bigint,                 -- mean of the snapshots' TSM-style market values (TSM's daily value)
  mean_price          bigint,                 -- quantity-weighted mean over the day's snapshots
  median_price        bigint,                 -- median of the snapshots' medians (lower median)
  quantity            bigint NOT NULL,        -- mean units listed per snapshot of the market that day (absent = 0)
  est_sold            bigint NOT NULL,        -- units that vanished before they could expire
  new_listings        bigint NOT NULL,        -- units in auctions new since the previous snapshot
  snapshots_listed    integer NOT NULL,       -- snapshots of the day in which the key had listings
  UNIQUE NULLS NOT DISTINCT (region, connected_realm_id, item_id, pet_species_id, day)
);
-- The analysis reads one market's last 60 days at once; rows arrive day by
-- day, so they sit together on disk and a small btree finds them. On
-- coalesce(connected_realm_id, 0) (0 = commodities): an IS NOT DISTINCT FROM
-- join can use no index, and the planner estimates it at one row.
CREATE INDEX item_daily_market_by_day ON goblin.item_daily_market (region, (coalesce(connected_realm_id, 0)), day);

-- The newest snapshot a market's day covered: the analysis's last_updated.
ALTER TABLE goblin.daily_sales_rollups ADD COLUMN last_snapshot_at timestamptz;

-- Retention drops a day of these tables only once every market with
-- snapshots that day has been rolled up (src/core/goblin/market/retention-guard.ts).
ALTER TABLE ops.partitioned_tables ADD COLUMN needs_rollup boolean NOT NULL DEFAULT false;
UPDATE ops.partitioned_tables SET needs_rollup = true
WHERE parent_table IN ('goblin.item_stats', 'goblin.commodity_auctions', 'goblin.realm_auctions');

-- One market-day's aggregates from its snapshots' item_stats: the single
-- pass over the day's partition that the daily roll-up
-- (src/core/scrape/daily-sales.ts) makes; item_daily_sales is then derived
-- from these rows instead of reading the partition a second time.
-- `snapshot_ids` are the market's snapshots of the day (all of one market).
CREATE FUNCTION goblin.roll_up_market_day(p_region text, p_day date, p_snapshot_ids integer[]) RETURNS bigint
LANGUAGE sql AS $$
  WITH snaps AS (
    SELECT snapshot_id, snapshot_at, connected_realm_id, count(*) OVER (PARTITION BY connected_realm_id) AS market_snapshots
    FROM goblin.auction_snapshots WHERE snapshot_id = ANY (p_snapshot_ids)
  ), ins AS (
    INSERT INTO goblin.item_daily_market
      (region, connected_realm_id, item_id, pet_species_id, day, min_price, market_value, mean_price, median_price,
       quantity, est_sold, new_listings, snapshots_listed)
    SELECT p_region, a.connected_realm_id, s.item_id, s.pet_species_id, p_day,
           min(s.min_price),
           round(avg(s.market_value))::bigint,
           round(sum(s.mean_price * s.total_quantity) / nullif(sum(s.total_quantity) FILTER (WHERE s.mean_price IS NOT NULL), 0))::bigint,
           percentile_disc(0.5) WITHIN GROUP (ORDER BY s.median_price),
           round(sum(s.total_quantity)::numeric / max(a.market_snapshots))::bigint,
           coalesce(sum(s.est_sold), 0),
           coalesce(sum(s.new_listings), 0),
           (count(*) FILTER (WHERE s.total_quantity > 0))::int
    FROM goblin.item_stats s
    JOIN snaps a ON a.snapshot_id = s.snapshot_id AND a.snapshot_at = s.snapshot_at
    WHERE s.snapshot_at >= p_day::timestamp AT TIME ZONE 'UTC' AND s.snapshot_at < (p_day + 1)::timestamp AT TIME ZONE 'UTC'
    GROUP BY a.connected_realm_id, s.item_id, s.pet_species_id
    RETURNING 1
  )
  SELECT count(*) FROM ins;
$$;

-- TSM's DBMarket weights (Kamoo's re-implementation, blizzard-api.md §4.2),
-- indexed by age in days: 0 = the newest rolled-up day … 14 = fourteen days before.
CREATE FUNCTION goblin.market_value_weight(age integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (ARRAY[132, 125, 100, 75, 45, 34, 33, 38, 28, 21, 15, 10, 7, 5, 4])[age + 1]
$$;

-- The measures per market and item key, as of each market's newest
-- rolled-up day ("today" in TSM's terms is the last complete day here):
--   market_value      DBMarket: weighted mean of the last 15 daily market values
--   historical_value  DBHistorical: plain mean of up to 60 daily market values
--   daily_sold        units sold per day over the last 14 days (per hour the
--                     snapshots covered × 24; for commodities the whole region)
--   sale_rate         est. sold / new listings over the last 14 days, at most 1
--   volatility        coefficient of variation of the last 14 daily market values
--   last_updated      the newest snapshot in those days
--
-- Why a table refreshed by the roll-up and not a view over the aggregates:
-- computed on read, one region's 15,000 commodities × 60 days took 2.3–5 s
-- (bench:market: the 900,000 rows are grouped by key, a sort that spills to
-- disk at the default work_mem, plus JIT compilation) against a target of
-- 500 ms, and realms multiply the rows by their count. The numbers only change
-- when a day is rolled up, so the roll-up computes them once, in its
-- transaction (like item_sales_rates), and readers take one row per key.
CREATE TABLE goblin.item_market_analysis (
  region              text NOT NULL,
  connected_realm_id  integer,                -- NULL: commodities
  item_id             integer NOT NULL,
  pet_species_id      integer NOT NULL DEFAULT 0,
  market_value        bigint,
  historical_value    bigint,
  sale_rate           numeric,
  daily_sold          numeric,
  volatility          numeric,
  last_updated        timestamptz NOT NULL,
  through_day         date NOT NULL,          -- the market's newest rolled-up day
  days_seen           integer NOT NULL,       -- days with a market value among the 60
  UNIQUE NULLS NOT DISTINCT (region, connected_realm_id, item_id, pet_species_id)
);

-- Recomputes the measures of the given markets of a region (0 = its
-- commodities) from goblin.item_daily_market. work_mem lets the 900,000 rows
-- of a commodity market group in memory; JIT would cost more than it saves.
CREATE FUNCTION goblin.refresh_market_analysis(p_region text, p_markets integer[]) RETURNS bigint
LANGUAGE sql SET work_mem = '128MB' SET jit = off AS $$
  DELETE FROM goblin.item_market_analysis WHERE region = p_region AND coalesce(connected_realm_id, 0) = ANY (p_markets);
  WITH markets AS (
    SELECT region, connected_realm_id, max(day) AS through_day, max(last_snapshot_at) AS last_snapshot_at,
           sum(hours_covered) FILTER (WHERE day > newest - 14) AS hours_covered_14
    FROM (SELECT r.*, max(day) OVER (PARTITION BY connected_realm_id) AS newest
          FROM goblin.daily_sales_rollups r
          WHERE region = p_region AND coalesce(connected_realm_id, 0) = ANY (p_markets)) r
    GROUP BY region, connected_realm_id
  ), days AS (
    SELECT d.region, d.connected_realm_id, d.item_id, d.pet_species_id, d.market_value, d.est_sold, d.new_listings,
           m.through_day - d.day AS age, m.through_day, m.hours_covered_14, m.last_snapshot_at
    FROM markets m
    JOIN goblin.item_daily_market d
      ON d.region = m.region AND coalesce(d.connected_realm_id, 0) = coalesce(m.connected_realm_id, 0)
     AND d.day > m.through_day - 60 AND d.day <= m.through_day
  ), ins AS (
    INSERT INTO goblin.item_market_analysis
      (region, connected_realm_id, item_id, pet_species_id, market_value, historical_value, sale_rate, daily_sold, volatility,
       last_updated, through_day, days_seen)
    SELECT region, connected_realm_id, item_id, pet_species_id,
           round(sum(market_value * goblin.market_value_weight(age))
                 / nullif(sum(goblin.market_value_weight(age)) FILTER (WHERE market_value IS NOT NULL), 0))::bigint,
           round(avg(market_value))::bigint,
           -- least() skips NULLs: without listings the rate is unknown, not 1.
           CASE WHEN sum(new_listings) FILTER (WHERE age < 14) > 0
                THEN round(least(1, sum(est_sold) FILTER (WHERE age < 14)::numeric / sum(new_listings) FILTER (WHERE age < 14)), 4) END,
           round((coalesce(sum(est_sold) FILTER (WHERE age < 14), 0) * 24 / nullif(min(hours_covered_14), 0))::numeric, 3),
           round((stddev_samp(market_value) FILTER (WHERE age < 14) / nullif(avg(market_value) FILTER (WHERE age < 14), 0))::numeric, 4),
           coalesce(max(last_snapshot_at), (max(through_day) + 1)::timestamp AT TIME ZONE 'UTC'),
           max(through_day),
           count(market_value)::int
    FROM days
    GROUP BY region, connected_realm_id, item_id, pet_species_id
    RETURNING 1
  )
  SELECT count(*) FROM ins;
$$;

-- Days rolled up before this migration get their aggregates now, while their
-- raw partitions are still there (the guard treats a rolled-up day as done).
SELECT goblin.roll_up_market_day(r.region, r.day, array(
         SELECT a.snapshot_id FROM goblin.auction_snapshots a
         WHERE a.region = r.region AND a.connected_realm_id IS NOT DISTINCT FROM r.connected_realm_id
           AND a.snapshot_at >= r.day::timestamp AT TIME ZONE 'UTC' AND a.snapshot_at < (r.day + 1)::timestamp AT TIME ZONE 'UTC'))
FROM goblin.daily_sales_rollups r;
UPDATE goblin.daily_sales_rollups r SET last_snapshot_at = (
  SELECT max(a.snapshot_at) FROM goblin.auction_snapshots a
  WHERE a.region = r.region AND a.connected_realm_id IS NOT DISTINCT FROM r.connected_realm_id
    AND a.snapshot_at >= r.day::timestamp AT TIME ZONE 'UTC' AND a.snapshot_at < (r.day + 1)::timestamp AT TIME ZONE 'UTC');
SELECT goblin.refresh_market_analysis(region, array_agg(DISTINCT coalesce(connected_realm_id, 0)))
FROM goblin.daily_sales_rollups GROUP BY region;

-- Public contract (seed 003's MarketData; TSM group criteria read it): the
-- measures above per market and item key, these ten columns (the TSM tests
-- replace the view with rows of exactly these; the table has through_day and
-- days_seen besides). pet_species_id is NULL for
-- anything but a caged battle pet (the tables store 0): the TSM group plan
-- (0027) writes `p:<species>` for a non-NULL one.
CREATE VIEW goblin.view_market_analysis AS
SELECT region, connected_realm_id, item_id, nullif(pet_species_id, 0) AS pet_species_id, market_value, historical_value,
       sale_rate, daily_sold, volatility, last_updated
FROM goblin.item_market_analysis;
