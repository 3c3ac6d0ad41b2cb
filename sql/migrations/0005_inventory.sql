-- 0005_inventory: what `holocron ingest` reads from addon SavedVariables —
-- accounts, characters, guilds and warbands; the raw files; inventory snapshots
-- with their item stacks; owned battle pets and saved pet teams — and the views
-- `search` and `value` answer from.
-- Safe while jobs run (new objects; one view replaced with a superset).
--
-- History model: the contents of one storage location of one owner, as an addon
-- saw it at one moment, is a snapshot. A snapshot becomes current only when it
-- is newer than what we hold; older ones are kept as history. Stacks carry a
-- copy of their snapshot's is_current so "where is item X now" is one index.

-- Trigram matching for item-name search (a trusted extension: no superuser needed).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- A WoW account: a WTF/Account/<name> folder, an account DataStore imported, or --account.
CREATE TABLE holocron.accounts (
  account_id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name                      text NOT NULL UNIQUE,
  datastore_ids_observed_at timestamptz,   -- modification time of the DataStore.lua the id map came from
  created_at                timestamptz NOT NULL DEFAULT now()
);

-- Everyone who holds items. Guilds belong to no account: several accounts' files can show one guild.
CREATE TABLE holocron.owners (
  owner_id    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('character', 'guild', 'warband')),
  label       text NOT NULL,   -- Name-Realm, the guild's name, or 'Warband'
  account_id  integer REFERENCES holocron.accounts,
  CHECK ((kind = 'guild') = (account_id IS NULL))
);

CREATE TABLE holocron.guilds (
  owner_id           integer PRIMARY KEY REFERENCES holocron.owners ON DELETE CASCADE,
  name               text NOT NULL,
  realm              text NOT NULL,
  realm_key          text NOT NULL,   -- lower case, letters and digits only: joins "Area 52" and "Area52"
  faction            text,
  money              bigint,
  money_observed_at  timestamptz
);
CREATE UNIQUE INDEX guilds_identity ON holocron.guilds (realm_key, lower(name));

-- Identity: the player GUID when a file gives it, else account + realm + name.
-- A GUID seen under a new name is a rename (the row follows it).
CREATE TABLE holocron.characters (
  owner_id           integer PRIMARY KEY REFERENCES holocron.owners ON DELETE CASCADE,
  account_id         integer NOT NULL REFERENCES holocron.accounts,
  guid               text UNIQUE,
  name               text NOT NULL,
  realm              text NOT NULL,
  realm_key          text NOT NULL,
  faction            text,
  class              text,            -- class file: WARRIOR, DEATHKNIGHT …
  race               text,            -- race file: NightElf, Scourge …
  level              integer,
  guild_owner_id     integer REFERENCES holocron.guilds,
  money              bigint,          -- copper on hand
  money_observed_at  timestamptz,
  facts_observed_at  timestamptz,     -- time of the facts above
  last_seen_at       timestamptz      -- newest time any file saw this character
);
CREATE UNIQUE INDEX characters_identity ON holocron.characters (account_id, realm_key, lower(name));

CREATE TABLE holocron.warbands (
  owner_id           integer PRIMARY KEY REFERENCES holocron.owners ON DELETE CASCADE,
  account_id         integer NOT NULL UNIQUE REFERENCES holocron.accounts,
  money              bigint,
  money_observed_at  timestamptz
);

CREATE TABLE holocron.character_currencies (
  owner_id     integer NOT NULL REFERENCES holocron.characters ON DELETE CASCADE,
  currency_id  integer NOT NULL,
  quantity     bigint NOT NULL,
  observed_at  timestamptz NOT NULL,
  PRIMARY KEY (owner_id, currency_id)
);

-- Every SavedVariables file holocron read, kept whole (gzip) so a parser fix can
-- re-read it (`ingest --reprocess`). The hash makes a second ingest a no-op.
CREATE TABLE holocron.source_files (
  file_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sha256         bytea NOT NULL UNIQUE,
  account_id     integer NOT NULL REFERENCES holocron.accounts,
  path           text NOT NULL,
  size_bytes     bigint NOT NULL,
  modified_at    timestamptz NOT NULL,
  content_gzip   bytea NOT NULL,
  formats        text[] NOT NULL DEFAULT '{}',
  status         text NOT NULL CHECK (status IN ('ingested', 'rejected', 'deferred')),
  error          text,                 -- rejected: file:line:column and why; deferred: what it waits for
  notes          text[] NOT NULL DEFAULT '{}',
  first_seen_at  timestamptz NOT NULL DEFAULT now(),
  processed_at   timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE holocron.source_files ALTER COLUMN content_gzip SET STORAGE EXTERNAL;  -- already compressed

-- DataStore's numeric character and guild ids, per account, from its DataStore.lua.
CREATE TABLE holocron.datastore_ids (
  account_id    integer NOT NULL REFERENCES holocron.accounts ON DELETE CASCADE,
  kind          text NOT NULL CHECK (kind IN ('character', 'guild')),
  datastore_id  integer NOT NULL,
  owner_id      integer NOT NULL REFERENCES holocron.owners ON DELETE CASCADE,
  PRIMARY KEY (account_id, kind, datastore_id)
);

CREATE TABLE holocron.inventory_snapshots (
  snapshot_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id       integer NOT NULL REFERENCES holocron.owners ON DELETE CASCADE,
  location       text NOT NULL CHECK (location IN ('bags', 'bank', 'reagent_bank', 'warband_bank', 'guild_bank', 'mail', 'auction', 'equipped', 'void')),
  section        text NOT NULL DEFAULT '',   -- a part with its own time: a guild-bank tab, the equipped bags
  observed_at    timestamptz NOT NULL,       -- when the addon saw these contents
  confirmed_at   timestamptz NOT NULL,       -- newest time a file showed the same contents
  account_id     integer NOT NULL REFERENCES holocron.accounts,   -- whose file reported it
  file_id        bigint REFERENCES holocron.source_files ON DELETE SET NULL,
  source_format  text NOT NULL,
  content_hash   bytea NOT NULL,
  stack_count    integer NOT NULL,
  item_count     bigint NOT NULL,
  money          bigint NOT NULL DEFAULT 0,  -- copper in the location itself (mail)
  containers     jsonb NOT NULL DEFAULT '{}',-- container number → {name, size}: bank and guild tab names
  is_current     boolean NOT NULL DEFAULT false,
  ingested_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (owner_id, location, section, observed_at)
);
CREATE UNIQUE INDEX inventory_snapshots_current ON holocron.inventory_snapshots (owner_id, location, section) WHERE is_current;
CREATE INDEX ON holocron.inventory_snapshots (file_id);

-- No foreign key to the snapshot: rows are written by one COPY in the snapshot's
-- own transaction, and per-row FK triggers would double the cost of that COPY.
CREATE TABLE holocron.item_stacks (
  snapshot_id      bigint NOT NULL,
  is_current       boolean NOT NULL,
  container        integer NOT NULL,   -- bag id, bank or guild tab, mail number … as the addon numbers it
  slot             integer NOT NULL,
  item_id          integer NOT NULL,   -- 82800 (Pet Cage) for caged battle pets
  count            integer NOT NULL,
  link             text,
  quality          smallint,           -- 0 poor … 7 heirloom
  crafted_quality  smallint,           -- profession quality tier
  is_bound         boolean,
  bonus_ids        integer[],
  modifiers        integer[],          -- (type, value) pairs, flattened
  pet_species_id   integer,
  pet_level        smallint,
  pet_quality      smallint,
  pet_max_health   integer,
  pet_power        integer,
  pet_speed        integer,
  pet_guid         text,
  keystone_map_id  integer,
  keystone_level   smallint,
  expires_at       timestamptz,        -- mail expiry, auction end
  bid              bigint,
  buyout           bigint,
  auction_id       bigint
);
CREATE INDEX ON holocron.item_stacks (snapshot_id);
-- "Where is item X now": an index-only scan of this (the table holds every
-- snapshot's stacks; a scan of it for 25 items cost 20 ms at 60,000 current stacks).
CREATE INDEX item_stacks_current_item ON holocron.item_stacks (item_id, pet_species_id)
  INCLUDE (snapshot_id, container, count, expires_at) WHERE is_current;

-- Names seen in item links, for search; seed's goblin.items adds English names.
CREATE TABLE holocron.item_names (
  item_id         integer NOT NULL,
  pet_species_id  integer NOT NULL DEFAULT 0,
  name            text NOT NULL,
  quality         smallint,
  seen_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (item_id, pet_species_id)
);
CREATE INDEX item_names_trigram ON holocron.item_names USING gin (name gin_trgm_ops);
CREATE INDEX items_name_trigram ON goblin.items USING gin (name gin_trgm_ops);
CREATE INDEX species_name_trigram ON petweaver.species USING gin (name gin_trgm_ops);

-- Journal pets (account-wide GUIDs): from DataStore_Pets and Rematch's Sanctuary.
CREATE TABLE petweaver.owned_pets (
  pet_guid     text PRIMARY KEY,
  account_id   integer NOT NULL REFERENCES holocron.accounts,
  species_id   integer,
  creature_id  integer,
  level        smallint,
  quality      smallint,   -- 0 poor … 5 legendary
  max_health   integer,
  power        integer,
  speed        integer,
  source       text NOT NULL,
  observed_at  timestamptz NOT NULL
);

-- Saved teams: the whole set of a source is replaced by a newer file, never by an older one.
CREATE TABLE petweaver.team_sets (
  account_id   integer NOT NULL REFERENCES holocron.accounts,
  source       text NOT NULL CHECK (source IN ('rematch4', 'rematch5')),
  observed_at  timestamptz NOT NULL,
  file_id      bigint REFERENCES holocron.source_files ON DELETE SET NULL,
  PRIMARY KEY (account_id, source)
);

CREATE TABLE petweaver.teams (
  team_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id      integer NOT NULL,
  source          text NOT NULL,
  team_key        text NOT NULL,   -- Rematch's team id or key (an NPC id or a name)
  name            text NOT NULL,
  group_name      text,
  notes           text,
  target_npc_ids  integer[] NOT NULL DEFAULT '{}',
  FOREIGN KEY (account_id, source) REFERENCES petweaver.team_sets ON DELETE CASCADE,
  UNIQUE (account_id, source, team_key)
);

CREATE TABLE petweaver.team_pets (
  team_id      bigint NOT NULL REFERENCES petweaver.teams ON DELETE CASCADE,
  slot         smallint NOT NULL,
  pet_guid     text,
  species_id   integer,
  ability_ids  integer[] NOT NULL DEFAULT '{}',
  placeholder  text,   -- 'leveling', 'random:<family>'
  pet_tag      text,   -- Rematch 5's compact tag, undecoded
  PRIMARY KEY (team_id, slot)
);
CREATE INDEX ON petweaver.team_pets (pet_guid);

-- Every current stack with its owner, place and best-known name.
CREATE VIEW holocron.view_current_stacks AS
SELECT a.name AS account,
       o.label AS owner,
       o.kind AS owner_kind,
       o.owner_id,
       s.location,
       s.section,
       s.observed_at,
       s.containers -> st.container::text ->> 'name' AS container_name,
       st.container,
       st.slot,
       st.item_id,
       st.pet_species_id,
       coalesce(n.name, sp.name, i.name) AS item_name,
       st.count,
       st.quality,
       st.is_bound,
       st.link,
       st.expires_at,
       st.buyout,
       st.bid,
       st.auction_id
FROM holocron.inventory_snapshots s
JOIN holocron.owners o USING (owner_id)
JOIN holocron.accounts a ON a.account_id = coalesce(o.account_id, s.account_id)
JOIN holocron.item_stacks st ON st.snapshot_id = s.snapshot_id AND st.is_current
LEFT JOIN holocron.item_names n ON n.item_id = st.item_id AND n.pet_species_id = coalesce(st.pet_species_id, 0)
LEFT JOIN petweaver.species sp ON sp.species_id = st.pet_species_id
LEFT JOIN goblin.items i ON i.item_id = st.item_id
WHERE s.is_current;

-- Public contract: one row per (owner, location, item) from each owner's newest data.
CREATE VIEW holocron.view_item_locations AS
SELECT account,
       owner,
       owner_kind,
       location,
       item_id,
       min(item_name) AS item_name,
       sum(count)::integer AS count,
       pet_species_id,
       max(observed_at) AS observed_at
FROM holocron.view_current_stacks
GROUP BY account, owner, owner_kind, location, item_id, pet_species_id;

-- The same rows as of a past moment: each location's newest snapshot at or before `at`.
CREATE FUNCTION holocron.item_locations_at(at timestamptz)
RETURNS TABLE (account text, owner text, owner_kind text, location text, item_id integer, item_name text, count integer, pet_species_id integer, observed_at timestamptz)
LANGUAGE sql STABLE AS $$
  WITH chosen AS (
    SELECT DISTINCT ON (owner_id, location, section) snapshot_id, owner_id, location, observed_at, account_id
    FROM holocron.inventory_snapshots
    WHERE observed_at <= at
    ORDER BY owner_id, location, section, observed_at DESC
  )
  SELECT a.name, o.label, o.kind, c.location, st.item_id,
         min(coalesce(n.name, i.name)), sum(st.count)::integer, st.pet_species_id, max(c.observed_at)
  FROM chosen c
  JOIN holocron.owners o USING (owner_id)
  JOIN holocron.accounts a ON a.account_id = coalesce(o.account_id, c.account_id)
  JOIN holocron.item_stacks st USING (snapshot_id)
  LEFT JOIN holocron.item_names n ON n.item_id = st.item_id AND n.pet_species_id = coalesce(st.pet_species_id, 0)
  LEFT JOIN goblin.items i ON i.item_id = st.item_id
  GROUP BY a.name, o.label, o.kind, c.location, st.item_id, st.pet_species_id
$$;

-- Gold: on every character, in mail, in guild banks and in the warband bank.
CREATE VIEW holocron.view_gold AS
SELECT a.name AS account, o.label AS owner, o.kind AS owner_kind, 'on hand'::text AS held_in, c.money AS copper, c.money_observed_at AS observed_at
FROM holocron.characters c JOIN holocron.owners o USING (owner_id) JOIN holocron.accounts a ON a.account_id = c.account_id
WHERE c.money IS NOT NULL
UNION ALL
SELECT a.name, o.label, o.kind, 'mail', s.money, s.observed_at
FROM holocron.inventory_snapshots s JOIN holocron.owners o USING (owner_id) JOIN holocron.accounts a ON a.account_id = coalesce(o.account_id, s.account_id)
WHERE s.is_current AND s.money > 0
UNION ALL
SELECT NULL, o.label, o.kind, 'guild bank', g.money, g.money_observed_at
FROM holocron.guilds g JOIN holocron.owners o USING (owner_id)
WHERE g.money IS NOT NULL
UNION ALL
SELECT a.name, o.label, o.kind, 'warband bank', w.money, w.money_observed_at
FROM holocron.warbands w JOIN holocron.owners o USING (owner_id) JOIN holocron.accounts a ON a.account_id = w.account_id
WHERE w.money IS NOT NULL;

-- Newest realm auction-house statistics of every connected realm.
CREATE VIEW goblin.view_latest_realm_stats AS
WITH latest AS (
  SELECT DISTINCT ON (region, connected_realm_id) snapshot_id, region, connected_realm_id, snapshot_at
  FROM goblin.auction_snapshots
  WHERE connected_realm_id IS NOT NULL
  ORDER BY region, connected_realm_id, snapshot_at DESC
)
SELECT l.region, l.connected_realm_id, s.item_id, s.pet_species_id, l.snapshot_at, s.min_price, s.median_price, s.market_value, s.total_quantity
FROM latest l
JOIN goblin.item_stats s ON s.snapshot_id = l.snapshot_id AND s.snapshot_at = l.snapshot_at;

-- Public contract: every current stack priced in each region. The price is the
-- region's commodity market value, else the market value on the owner's
-- connected realm, else the vendor sell price; soulbound items (as the addon
-- says, or bind-on-pickup per seed) only ever at vendor price; else unpriced.
-- Filter on region: `WHERE region = 'eu'`.
CREATE VIEW holocron.view_inventory_valuation AS
WITH holdings AS (
  SELECT cs.account, cs.owner, cs.owner_kind, cs.owner_id, cs.location, cs.item_id, coalesce(cs.pet_species_id, 0) AS pet_species_id,
         min(cs.item_name) AS item_name, sum(cs.count)::bigint AS count,
         bool_or(coalesce(cs.is_bound, i.binding = 'ON_ACQUIRE', false)) AS is_bound,
         coalesce(ch.realm_key, g.realm_key) AS realm_key,
         i.sell_price
  FROM holocron.view_current_stacks cs
  LEFT JOIN goblin.items i ON i.item_id = cs.item_id
  LEFT JOIN holocron.characters ch ON ch.owner_id = cs.owner_id
  LEFT JOIN holocron.guilds g ON g.owner_id = cs.owner_id
  GROUP BY cs.account, cs.owner, cs.owner_kind, cs.owner_id, cs.location, cs.item_id, coalesce(cs.pet_species_id, 0),
           coalesce(ch.realm_key, g.realm_key), i.sell_price
),
realm_names AS (
  SELECT DISTINCT region, lower(regexp_replace(name, '[^[:alnum:]]', '', 'g')) AS realm_key, connected_realm_id
  FROM goblin.realms
),
priced AS (
  SELECT r.region, h.*,
         CASE WHEN h.is_bound THEN NULL ELSE c.market_value END AS commodity_price,
         CASE WHEN h.is_bound THEN NULL ELSE rs.market_value END AS realm_price,
         coalesce(c.snapshot_at, rs.snapshot_at) AS price_observed_at
  FROM holdings h
  CROSS JOIN (VALUES ('us'), ('eu'), ('kr'), ('tw')) AS r (region)
  LEFT JOIN goblin.view_latest_commodity_stats c ON c.region = r.region AND c.item_id = h.item_id AND h.pet_species_id = 0
  LEFT JOIN realm_names rn ON rn.region = r.region AND rn.realm_key = h.realm_key
  LEFT JOIN goblin.view_latest_realm_stats rs ON rs.region = r.region AND rs.connected_realm_id = rn.connected_realm_id
                                             AND rs.item_id = h.item_id AND rs.pet_species_id = h.pet_species_id
)
SELECT region, account, owner, owner_kind, location, item_id, pet_species_id, item_name, count, is_bound,
       coalesce(commodity_price, realm_price, nullif(sell_price, 0)) AS unit_price,
       CASE WHEN commodity_price IS NOT NULL THEN 'market'
            WHEN realm_price IS NOT NULL THEN 'realm market'
            WHEN nullif(sell_price, 0) IS NOT NULL THEN 'vendor'
            ELSE 'unpriced' END AS price_source,
       count * coalesce(commodity_price, realm_price, nullif(sell_price, 0)) AS value,
       CASE WHEN commodity_price IS NOT NULL OR realm_price IS NOT NULL THEN price_observed_at END AS price_observed_at
FROM priced;

-- The player's own auctions as the addons last saw them.
CREATE VIEW goblin.view_own_auctions AS
SELECT account, owner AS character, item_id, pet_species_id, item_name, count, bid, buyout, expires_at, auction_id, observed_at
FROM holocron.view_current_stacks
WHERE location = 'auction';

-- Public contract: pets that saved teams use — never to be sold or caged away.
CREATE VIEW petweaver.view_protected_pets AS
SELECT coalesce(tp.species_id, op.species_id,
                (SELECT min(s.species_id) FROM petweaver.species s WHERE s.creature_id = op.creature_id)) AS species_id,
       tp.pet_guid,
       t.name AS team_name,
       a.name AS account,
       t.source,
       tp.slot
FROM petweaver.team_pets tp
JOIN petweaver.teams t USING (team_id)
JOIN holocron.accounts a ON a.account_id = t.account_id
LEFT JOIN petweaver.owned_pets op ON op.pet_guid = tp.pet_guid
WHERE tp.pet_guid IS NOT NULL OR tp.species_id IS NOT NULL;

-- Items in inventories join those the items seeder looks up.
CREATE OR REPLACE VIEW goblin.view_item_ids_referenced AS
SELECT item_id FROM goblin.recipe_outputs
UNION
SELECT item_id FROM goblin.recipe_reagents
UNION
SELECT item_id FROM holocron.item_stacks WHERE is_current;
