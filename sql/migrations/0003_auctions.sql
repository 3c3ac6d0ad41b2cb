-- 0003_auctions: auction-house snapshots, raw listings, per-item statistics,
-- WoW Token prices, and the scraper's log and load benchmarks.
-- Safe while jobs run (new objects only).
--
-- Prices are copper. A snapshot is one dataset (a region's commodities or one
-- connected realm's auctions) at one Last-Modified time; storing the same
-- snapshot twice is prevented by UNIQUE (dataset, snapshot_at).

CREATE TABLE goblin.time_left (
  time_left      smallint PRIMARY KEY,
  name           text NOT NULL UNIQUE,
  -- The least time such an auction still had when seen: if it is gone sooner, it sold.
  min_remaining  interval NOT NULL,
  max_remaining  interval NOT NULL
);
INSERT INTO goblin.time_left VALUES
  (0, 'UNKNOWN',   interval '0',        interval '48 hours'),
  (1, 'SHORT',     interval '0',        interval '30 minutes'),
  (2, 'MEDIUM',    interval '30 minutes', interval '2 hours'),
  (3, 'LONG',      interval '2 hours',  interval '12 hours'),
  (4, 'VERY_LONG', interval '12 hours', interval '48 hours');

CREATE TABLE goblin.auction_snapshots (
  snapshot_id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dataset               text NOT NULL,          -- 'us/commodities', 'eu/realm/1080'
  region                text NOT NULL CHECK (region IN ('us', 'eu', 'kr', 'tw')),
  connected_realm_id    integer,                -- NULL for region-wide commodities
  snapshot_at           timestamptz NOT NULL,   -- the response's Last-Modified
  fetched_at            timestamptz NOT NULL DEFAULT now(),
  previous_snapshot_id  integer REFERENCES goblin.auction_snapshots (snapshot_id) ON DELETE SET NULL,
  auction_count         integer NOT NULL,
  item_count            integer NOT NULL,
  body_bytes            bigint,
  UNIQUE (dataset, snapshot_at),
  CHECK ((connected_realm_id IS NULL) = (dataset LIKE '%/commodities'))
);
CREATE INDEX ON goblin.auction_snapshots (region, connected_realm_id, snapshot_at DESC);

-- Region-wide commodity listings (stackables): the bulk of all rows, kept narrow.
CREATE TABLE goblin.commodity_auctions (
  snapshot_at  timestamptz NOT NULL,
  snapshot_id  integer NOT NULL,
  auction_id   bigint NOT NULL,
  item_id      integer NOT NULL,
  quantity     integer NOT NULL,
  unit_price   bigint NOT NULL,
  time_left    smallint NOT NULL
) PARTITION BY RANGE (snapshot_at);
-- Rows arrive in snapshot order, so a BRIN index finds one snapshot's rows in a
-- day's partition. autosummarize is off: on, it cost 17 % of every COPY (measured
-- 740 → 880 ms per 500k rows); autovacuum summarizes the ranges soon enough.
CREATE INDEX ON goblin.commodity_auctions USING brin (snapshot_id) WITH (autosummarize = off, pages_per_range = 64);

-- Connected-realm listings: gear, battle pets and other non-commodities.
CREATE TABLE goblin.realm_auctions (
  snapshot_at      timestamptz NOT NULL,
  snapshot_id      integer NOT NULL,
  auction_id       bigint NOT NULL,
  item_id          integer NOT NULL,
  quantity         integer NOT NULL,
  unit_price       bigint,       -- present on stackables in older responses
  buyout           bigint,       -- for the whole auction
  bid              bigint,
  time_left        smallint NOT NULL,
  context          integer,
  bonus_lists      integer[],
  modifier_types   integer[],    -- modifiers as two parallel arrays (type, value)
  modifier_values  integer[],
  pet_species_id   integer,      -- caged battle pets (item 82800)
  pet_breed_id     smallint,
  pet_level        smallint,
  pet_quality_id   smallint
) PARTITION BY RANGE (snapshot_at);
CREATE INDEX ON goblin.realm_auctions USING brin (snapshot_id) WITH (autosummarize = off, pages_per_range = 64);

-- One row per (snapshot, item); for realm auctions pets are told apart by species.
-- Rows of a snapshot are written together by one COPY, so BRIN on snapshot_id finds
-- them; the newest rows sit in not-yet-summarized ranges, which BRIN always reads.
-- No primary key: the loader writes each (snapshot, item) once, and the two btree
-- indexes it would take cost 60 % more time per load than the rows themselves
-- (measured 41 → 102–147 ms for 15k rows).
CREATE TABLE goblin.item_stats (
  snapshot_at     timestamptz NOT NULL,
  snapshot_id     integer NOT NULL,
  item_id         integer NOT NULL,
  pet_species_id  integer NOT NULL DEFAULT 0,
  min_price       bigint,        -- NULL when nothing is listed any more (sold out)
  max_price       bigint,
  mean_price      numeric,       -- quantity-weighted
  median_price    bigint,        -- smallest price where cumulative quantity reaches half
  market_value    bigint,        -- TSM-style per-scan market value
  total_quantity  bigint NOT NULL,
  auction_count   integer NOT NULL,
  est_sold        bigint,        -- units that vanished before they could expire; NULL without a previous snapshot
  new_listings    bigint         -- units in auctions absent from the previous snapshot
) PARTITION BY RANGE (snapshot_at);
CREATE INDEX ON goblin.item_stats USING brin (snapshot_id) WITH (autosummarize = on, pages_per_range = 16);

CREATE TABLE goblin.token_prices (
  region      text NOT NULL CHECK (region IN ('us', 'eu', 'kr', 'tw')),
  updated_at  timestamptz NOT NULL,  -- last_updated_timestamp
  price       bigint NOT NULL,
  fetched_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region, updated_at)
);

INSERT INTO ops.partitioned_tables (parent_table, partition_key, description) VALUES
  ('goblin.commodity_auctions', 'snapshot_at', 'region commodity listings per snapshot'),
  ('goblin.realm_auctions', 'snapshot_at', 'connected-realm listings per snapshot'),
  ('goblin.item_stats', 'snapshot_at', 'per-item statistics per snapshot');

-- Every attempt to fetch a dataset, whatever its outcome.
CREATE TABLE ops.scraper_log (
  attempt_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  started_at          timestamptz NOT NULL,
  finished_at         timestamptz NOT NULL DEFAULT now(),
  dataset             text NOT NULL,         -- 'us/commodities', 'eu/realm/1080', 'us/token'
  region              text NOT NULL,
  connected_realm_id  integer,
  status              text NOT NULL CHECK (status IN ('success', 'unchanged', 'failed', 'skipped')),
  http_status         integer,
  bytes               bigint,                -- on the wire (compressed)
  rows                integer,
  duration_ms         integer NOT NULL,
  snapshot_at         timestamptz,
  snapshot_id         integer,
  error               text
);
CREATE INDEX ON ops.scraper_log (dataset, started_at DESC);

-- Timing of every successful load, to watch performance over months.
CREATE TABLE ops.load_benchmark (
  load_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  attempt_id    bigint REFERENCES ops.scraper_log (attempt_id) ON DELETE CASCADE,
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  dataset       text NOT NULL,
  rows          integer NOT NULL,
  wire_bytes    bigint,
  body_bytes    bigint,
  load_ms       integer NOT NULL,   -- first byte to rows in PostgreSQL (download, gunzip, parse, COPY)
  stats_ms      integer NOT NULL,   -- statistics and sales estimate
  total_ms      integer NOT NULL    -- request to commit
);

-- Public contract: the newest stored commodities snapshot of each region.
CREATE VIEW goblin.view_latest_commodity_stats AS
WITH latest AS (
  SELECT DISTINCT ON (region) snapshot_id, region, snapshot_at
  FROM goblin.auction_snapshots
  WHERE connected_realm_id IS NULL
  ORDER BY region, snapshot_at DESC
)
SELECT l.region,
       s.item_id,
       l.snapshot_at,
       s.min_price,
       s.max_price,
       s.mean_price,
       s.median_price,
       s.market_value,
       s.total_quantity,
       s.auction_count,
       s.est_sold,
       s.new_listings
FROM latest l
JOIN goblin.item_stats s ON s.snapshot_id = l.snapshot_id AND s.snapshot_at = l.snapshot_at;

-- Public contract: the newest WoW Token price per region.
CREATE VIEW goblin.view_latest_token_price AS
SELECT DISTINCT ON (region) region, price, updated_at
FROM goblin.token_prices
ORDER BY region, updated_at DESC;

-- Every stored listing with its dataset, region and realm, commodities and realm alike.
CREATE VIEW goblin.view_auctions AS
SELECT s.region, s.connected_realm_id, a.snapshot_at, a.snapshot_id, a.auction_id, a.item_id, a.quantity,
       a.unit_price, NULL::bigint AS buyout, NULL::bigint AS bid, t.name AS time_left,
       NULL::integer AS context, NULL::integer[] AS bonus_lists, NULL::integer[] AS modifier_types,
       NULL::integer[] AS modifier_values, NULL::integer AS pet_species_id, NULL::smallint AS pet_breed_id,
       NULL::smallint AS pet_level, NULL::smallint AS pet_quality_id
FROM goblin.commodity_auctions a
JOIN goblin.auction_snapshots s USING (snapshot_id)
JOIN goblin.time_left t USING (time_left)
UNION ALL
SELECT s.region, s.connected_realm_id, a.snapshot_at, a.snapshot_id, a.auction_id, a.item_id, a.quantity,
       a.unit_price, a.buyout, a.bid, t.name, a.context, a.bonus_lists, a.modifier_types, a.modifier_values,
       a.pet_species_id, a.pet_breed_id, a.pet_level, a.pet_quality_id
FROM goblin.realm_auctions a
JOIN goblin.auction_snapshots s USING (snapshot_id)
JOIN goblin.time_left t USING (time_left);
