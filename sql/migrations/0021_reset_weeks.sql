-- 0021_reset_weeks: the weekly reset as holocron keeps it. A week is a row in
-- ops.reset_weeks; the Great Vault rows, the closed lockouts and the reset-day
-- prices are keyed by it. `holocron reset` (src/core/weekly) fills these.
-- Safe while jobs run (new tables and views; reset_week_start only learns KR/TW).

-- Public contract (reset, hitlist, utility): region, starts_at, ends_at.
-- The other columns default so that a test or a later tool may insert a week
-- with the three contract columns alone.
CREATE TABLE ops.reset_weeks (
  region             text NOT NULL CHECK (region IN ('us', 'eu', 'kr', 'tw')),
  starts_at          timestamptz NOT NULL,
  ends_at            timestamptz NOT NULL,
  -- client: from the collector's GetServerTime() + GetSecondsUntilWeeklyReset();
  -- schedule: from the fixed per-region schedule (no observation for the region).
  source             text NOT NULL DEFAULT 'schedule' CHECK (source IN ('client', 'schedule')),
  opened_at          timestamptz NOT NULL DEFAULT now(),
  -- Set when the next week opens: a week is closed exactly once.
  closed_at          timestamptz,
  -- Opened by a run after the following week had begun (the server was off):
  -- the week exists so nothing is keyed to a hole, but nobody saw it open.
  missed             boolean NOT NULL DEFAULT false,
  -- The first commodities snapshot of the region at or after starts_at.
  reset_snapshot_id  integer REFERENCES goblin.auction_snapshots (snapshot_id) ON DELETE SET NULL,
  PRIMARY KEY (region, starts_at),
  CHECK (ends_at > starts_at)
);

-- The fixed schedule, for rows that have no client observation. KR and TW are
-- not documented anywhere we could check: SavedInstances resets them on
-- Thursday server time ("XXX: codes unconfirmed"), altaudit on Wednesday 07:00
-- UTC. We assume Thursday 08:00 KST = Wednesday 23:00 UTC; the collector's
-- observation overrides it as soon as a KR/TW character logs in.
CREATE OR REPLACE FUNCTION skillweaver.reset_week_start(at timestamptz, region text) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT (date_trunc('week', (at AT TIME ZONE 'UTC') - shift) + shift) AT TIME ZONE 'UTC'
  FROM (SELECT CASE lower(region) WHEN 'eu' THEN interval '2 days 4 hours'
                                  WHEN 'kr' THEN interval '2 days 23 hours'
                                  WHEN 'tw' THEN interval '2 days 23 hours'
                                  ELSE interval '1 day 15 hours' END AS shift) s
$$;

-- Public contract: the Great Vault per character, week and row as the reset
-- saw it. A week's rows are written locked (zero progress, the thresholds of
-- the character's last GetActivities dump) when it opens, and settled when the
-- next one opens: progress and slots from the collector or the logs, whichever
-- counts more. States: locked (week running), claimable (slots earned, not yet
-- taken), claimed (a collector dump after the week showed no reward waiting),
-- empty (nothing earned), expired (still unclaimed when the week after opened:
-- we stop tracking it).
CREATE TABLE skillweaver.vault_progress (
  owner_id      integer NOT NULL REFERENCES holocron.characters ON DELETE CASCADE,
  region        text NOT NULL,
  starts_at     timestamptz NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('raid', 'dungeon', 'world')),
  progress      integer NOT NULL DEFAULT 0,
  -- By slot (1–3); an element is NULL when the dump had no such slot, the
  -- array NULL when the character has never been dumped.
  thresholds    integer[],
  slots_earned  integer NOT NULL DEFAULT 0 CHECK (slots_earned BETWEEN 0 AND 3),
  state         text NOT NULL CHECK (state IN ('locked', 'claimable', 'claimed', 'empty', 'expired')),
  -- Who counted the progress: collector, combat log, or NULL while locked.
  counted_by    text,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (owner_id, starts_at, kind)
);
CREATE INDEX vault_progress_claimable ON skillweaver.vault_progress (region, starts_at) WHERE state = 'claimable';

-- Lockouts whose reset has passed leave skillweaver.lockouts (so the roster
-- and the hitlist see the instance free) and are kept here. A later dump that
-- still lists one (saved before the reset) cannot add it twice.
CREATE TABLE skillweaver.lockout_history (
  owner_id           integer NOT NULL REFERENCES holocron.characters ON DELETE CASCADE,
  instance_id        integer NOT NULL,
  difficulty_id      integer NOT NULL,
  instance_name      text NOT NULL,
  lockout_id         bigint,
  resets_at          timestamptz NOT NULL,
  extended           boolean NOT NULL,
  is_raid            boolean NOT NULL,
  encounters         integer,
  encounters_killed  integer,
  observed_at        timestamptz NOT NULL,
  closed_at          timestamptz NOT NULL,
  week_starts_at     timestamptz NOT NULL,   -- the week whose opening closed it
  PRIMARY KEY (owner_id, instance_id, difficulty_id, resets_at)
);

-- Public contract: reset-day prices against the previous reset. Per region and
-- week with a reset snapshot, each reset-day item's market value in it and in
-- the nearest earlier week's reset snapshot (previous_starts_at says which:
-- after a missed week it is two weeks back). Reset-day items: seeded items of
-- class Consumable (0: flasks, potions, food, oils) or Item Enhancement (8:
-- enchants, armor kits), and treatises by name (their class moved between
-- expansions). Items missing from either snapshot, and unseeded items, are
-- left out.
CREATE VIEW goblin.view_reset_price_moves AS
WITH weeks AS (
  SELECT w.region, w.starts_at, w.reset_snapshot_id, p.starts_at AS previous_starts_at, p.reset_snapshot_id AS previous_snapshot_id
  FROM ops.reset_weeks w
  JOIN LATERAL (
    SELECT starts_at, reset_snapshot_id FROM ops.reset_weeks p
    WHERE p.region = w.region AND p.starts_at < w.starts_at AND p.reset_snapshot_id IS NOT NULL
    ORDER BY p.starts_at DESC LIMIT 1
  ) p ON true
  WHERE w.reset_snapshot_id IS NOT NULL
),
reset_day_items AS (
  SELECT item_id, name,
         CASE WHEN name ILIKE '%treatise%' THEN 'treatise' WHEN item_class_id = 8 THEN 'enchant' ELSE 'consumable' END AS category
  FROM goblin.items
  WHERE item_class_id IN (0, 8) OR name ILIKE '%treatise%'
)
SELECT w.region, w.starts_at, w.previous_starts_at, i.item_id, i.name AS item_name, i.category,
       s.market_value, ps.market_value AS previous_market_value,
       s.market_value - ps.market_value AS change,
       round(100.0 * (s.market_value - ps.market_value) / nullif(ps.market_value, 0), 1) AS change_pct
FROM weeks w
JOIN goblin.auction_snapshots a ON a.snapshot_id = w.reset_snapshot_id
JOIN goblin.auction_snapshots pa ON pa.snapshot_id = w.previous_snapshot_id
JOIN goblin.item_stats s ON s.snapshot_id = a.snapshot_id AND s.snapshot_at = a.snapshot_at AND s.pet_species_id = 0
JOIN reset_day_items i ON i.item_id = s.item_id
JOIN goblin.item_stats ps ON ps.snapshot_id = pa.snapshot_id AND ps.snapshot_at = pa.snapshot_at
                         AND ps.item_id = s.item_id AND ps.pet_species_id = 0
WHERE s.market_value IS NOT NULL AND ps.market_value IS NOT NULL;
