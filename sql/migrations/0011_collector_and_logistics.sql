-- 0011_collector_and_logistics: what the Holocron addon's collector saves
-- (HolocronDB, docs/collector-format.md), and the logistics queue that carries
-- the server's jobs to the addon.
-- Safe while jobs run (new tables and nullable columns only).

-- Per stack, what only the collector knows: the exact item level of that item
-- (upgrades, crafted ranks) and whether its appearance is already collected.
-- NULL from every other addon.
ALTER TABLE holocron.item_stacks
  ADD COLUMN item_level smallint,
  ADD COLUMN appearance_collected boolean;

ALTER TABLE holocron.characters
  ADD COLUMN spec_id integer,
  ADD COLUMN region text,                         -- us, kr, eu, tw, cn: from the client (GetCurrentRegion)
  ADD COLUMN average_item_level numeric(6, 2),    -- GetAverageItemLevel(): best the character owns
  ADD COLUMN equipped_item_level numeric(6, 2),   -- … and what it wears
  ADD COLUMN gear_observed_at timestamptz;

-- What each character wears, slot by slot, with the exact level of the piece.
CREATE TABLE skillweaver.equipped_items (
  owner_id     integer NOT NULL REFERENCES holocron.characters ON DELETE CASCADE,
  slot         smallint NOT NULL,   -- INVSLOT_HEAD 1 … INVSLOT_TABARD 19
  item_id      integer NOT NULL,
  link         text NOT NULL,
  item_level   smallint,
  observed_at  timestamptz NOT NULL,
  PRIMARY KEY (owner_id, slot)
);

-- The Great Vault as the character last saw it (C_WeeklyRewards.GetActivities).
-- The weekly reset (a later migration) keys these by week; here: the newest dump.
CREATE TABLE skillweaver.vault_activities (
  owner_id        integer NOT NULL REFERENCES holocron.characters ON DELETE CASCADE,
  activity_type   text NOT NULL,       -- Enum.WeeklyRewardChestThresholdType name: Activities, Raid, World, RankedPvP …
  activity_index  smallint NOT NULL,   -- 1–3: the slot in that row
  threshold       integer NOT NULL,    -- progress needed for the slot (from the client: changes by season)
  progress        integer NOT NULL,
  level           integer,             -- raid: difficulty id; dungeons: key level; world: tier
  activity_id     integer,
  observed_at     timestamptz NOT NULL,
  PRIMARY KEY (owner_id, activity_type, activity_index)
);
CREATE TABLE skillweaver.vault_status (
  owner_id     integer PRIMARY KEY REFERENCES holocron.characters ON DELETE CASCADE,
  has_rewards  boolean,               -- a reward waits to be claimed
  observed_at  timestamptz NOT NULL
);

-- Saved instance lockouts (GetSavedInstanceInfo), newest dump per character.
CREATE TABLE skillweaver.lockouts (
  owner_id           integer NOT NULL REFERENCES holocron.characters ON DELETE CASCADE,
  instance_id        integer NOT NULL,   -- the map id
  difficulty_id      integer NOT NULL,
  instance_name      text NOT NULL,
  lockout_id         bigint,
  resets_at          timestamptz NOT NULL,
  locked             boolean NOT NULL,
  extended           boolean NOT NULL,
  is_raid            boolean NOT NULL,
  max_players        integer,
  encounters         integer,
  encounters_killed  integer,
  observed_at        timestamptz NOT NULL,
  PRIMARY KEY (owner_id, instance_id, difficulty_id)
);

CREATE TABLE skillweaver.keystones (
  owner_id          integer PRIMARY KEY REFERENCES holocron.characters ON DELETE CASCADE,
  map_id            integer,    -- NULL: no keystone
  challenge_map_id  integer,
  level             integer,
  observed_at       timestamptz NOT NULL
);

-- Which of the weekly quests the addon checks (treatises, profession weeklies)
-- the character has done, as of observed_at.
CREATE TABLE holocron.weekly_quests_done (
  owner_id     integer PRIMARY KEY REFERENCES holocron.characters ON DELETE CASCADE,
  quest_ids    integer[] NOT NULL,
  observed_at  timestamptz NOT NULL
);

-- Mounts and toys are account-wide; the collector saves their ids.
CREATE TABLE holocron.account_collections (
  account_id   integer NOT NULL REFERENCES holocron.accounts ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind IN ('mount', 'toy')),
  ids          integer[] NOT NULL,
  observed_at  timestamptz NOT NULL,
  PRIMARY KEY (account_id, kind)
);

-- When the pet journal was last read whole: the collector's journal is the
-- account's complete list, so a pet missing from a newer one was released or
-- caged and leaves petweaver.owned_pets.
CREATE TABLE petweaver.journal_snapshots (
  account_id   integer PRIMARY KEY REFERENCES holocron.accounts ON DELETE CASCADE,
  pets         integer NOT NULL,
  observed_at  timestamptz NOT NULL
);

-- The weekly reset as the client counts it: GetServerTime() +
-- C_DateAndTime.GetSecondsUntilWeeklyReset() at the moment of saving. The
-- client knows its region's reset better than any fixed schedule.
CREATE TABLE ops.reset_observations (
  region          text NOT NULL,
  owner_id        integer NOT NULL REFERENCES holocron.characters ON DELETE CASCADE,
  next_reset_at   timestamptz NOT NULL,
  observed_at     timestamptz NOT NULL,
  PRIMARY KEY (region, owner_id)
);

-- The logistics queue: what the server wants moved, for the addon to help do.
-- One row per item of a job; `job_key` ties the rows of one job together and
-- makes planning idempotent (a plan that wants the same thing again finds it).
-- Kinds: mail (send to to_owner_id) and sell (post at the auction house); the
-- liquidation and restock commands fill it, `courier` carries open jobs to the addon.
CREATE TABLE holocron.logistics_queue (
  job_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job_key         text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('mail', 'sell')),
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  from_owner_id   integer NOT NULL REFERENCES holocron.owners,
  to_owner_id     integer REFERENCES holocron.owners,
  item_id         integer NOT NULL,
  pet_species_id  integer NOT NULL DEFAULT 0,
  count           integer NOT NULL CHECK (count > 0),
  reason          text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  closed_at       timestamptz,
  CHECK ((kind = 'mail') = (to_owner_id IS NOT NULL)),
  UNIQUE (job_key, item_id, pet_species_id)
);
CREATE INDEX logistics_queue_open ON holocron.logistics_queue (from_owner_id) WHERE status = 'open';
