-- 0004_reference_data: what `holocron seed` fills from the Game Data API —
-- professions, skill tiers, recipes with outputs, reagents and modified-crafting
-- slots, items, battle-pet species, connected realms and realms — and the
-- progress records that make seeding resumable.
-- Safe while jobs run (new objects only).
--
-- Names are en_US. Recipes are stored with whatever the API gives: modern ones
-- often have no crafted item or quantity, and nothing is invented for them.
-- Reagent and output item ids deliberately have no foreign key to goblin.items:
-- items are seeded separately and may be unknown for a while.

CREATE TABLE goblin.professions (
  profession_id  integer PRIMARY KEY,
  name           text NOT NULL,
  type           text,                 -- PRIMARY, SECONDARY
  description    text,
  fetched_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE goblin.skill_tiers (
  skill_tier_id        integer PRIMARY KEY,
  profession_id        integer NOT NULL REFERENCES goblin.professions ON DELETE CASCADE,
  name                 text NOT NULL,
  minimum_skill_level  integer,
  maximum_skill_level  integer,
  fetched_at           timestamptz NOT NULL DEFAULT now()
);

-- Which recipes a skill tier lists, and under which category.
CREATE TABLE goblin.skill_tier_recipes (
  skill_tier_id  integer NOT NULL REFERENCES goblin.skill_tiers ON DELETE CASCADE,
  recipe_id      integer NOT NULL,
  category       text,
  PRIMARY KEY (skill_tier_id, recipe_id)
);
CREATE INDEX ON goblin.skill_tier_recipes (recipe_id);

CREATE TABLE goblin.recipes (
  recipe_id             integer PRIMARY KEY,
  name                  text NOT NULL,
  description           text,
  crafted_quantity      numeric,   -- crafted_quantity.value when given
  crafted_quantity_min  numeric,   -- crafted_quantity.minimum/maximum when given
  crafted_quantity_max  numeric,
  rank                  integer,
  fetched_at            timestamptz NOT NULL DEFAULT now()
);

-- The crafted item; faction-specific recipes have one row per faction.
CREATE TABLE goblin.recipe_outputs (
  recipe_id  integer NOT NULL REFERENCES goblin.recipes ON DELETE CASCADE,
  faction    text NOT NULL CHECK (faction IN ('any', 'alliance', 'horde')),
  item_id    integer NOT NULL,
  item_name  text,
  PRIMARY KEY (recipe_id, faction)
);
CREATE INDEX ON goblin.recipe_outputs (item_id);

CREATE TABLE goblin.recipe_reagents (
  recipe_id  integer NOT NULL REFERENCES goblin.recipes ON DELETE CASCADE,
  item_id    integer NOT NULL,
  item_name  text,
  quantity   integer NOT NULL,
  PRIMARY KEY (recipe_id, item_id)
);
CREATE INDEX ON goblin.recipe_reagents (item_id);

CREATE TABLE goblin.recipe_modified_slots (
  recipe_id       integer NOT NULL REFERENCES goblin.recipes ON DELETE CASCADE,
  display_order   integer NOT NULL,
  slot_type_id    integer NOT NULL,
  slot_type_name  text,
  is_optional     boolean,   -- only when the API says; NULL means it did not
  PRIMARY KEY (recipe_id, display_order)
);

CREATE TABLE goblin.items (
  item_id            integer PRIMARY KEY,
  name               text NOT NULL,
  quality            text,          -- POOR … LEGENDARY, as the API's quality.type
  item_class_id      integer,
  item_class         text,
  item_subclass_id   integer,
  item_subclass      text,
  inventory_type     text,
  is_stackable       boolean,
  is_equippable      boolean,
  max_count          integer,
  level              integer,
  required_level     integer,
  sell_price         bigint,        -- vendor sell price (copper): tells "trash" from "asset"
  purchase_price     bigint,
  purchase_quantity  integer,
  binding            text,          -- ON_ACQUIRE, ON_EQUIP, TO_ACCOUNT … when given
  fetched_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE petweaver.species (
  species_id      integer PRIMARY KEY,
  name            text NOT NULL,
  pet_type_id     integer,
  pet_type        text,
  is_tradable     boolean,
  is_capturable   boolean,
  is_battlepet    boolean,
  source_type     text,
  source_name     text,
  creature_id     integer,
  description     text,
  fetched_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE petweaver.species_abilities (
  species_id      integer NOT NULL REFERENCES petweaver.species ON DELETE CASCADE,
  ability_id      integer NOT NULL,
  ability_name    text,
  slot            integer,
  required_level  integer,
  PRIMARY KEY (species_id, ability_id)
);

CREATE TABLE goblin.connected_realms (
  region              text NOT NULL CHECK (region IN ('us', 'eu', 'kr', 'tw')),
  connected_realm_id  integer NOT NULL,
  has_queue           boolean,
  status              text,
  population          text,
  in_index            boolean NOT NULL DEFAULT true,   -- false once the index no longer lists it
  fetched_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region, connected_realm_id)
);

CREATE TABLE goblin.realms (
  region              text NOT NULL CHECK (region IN ('us', 'eu', 'kr', 'tw')),
  realm_id            integer NOT NULL,
  connected_realm_id  integer NOT NULL,
  name                text NOT NULL,
  slug                text NOT NULL,
  locale              text,
  timezone            text,
  type                text,
  category            text,
  is_tournament       boolean,
  fetched_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region, realm_id)
);
CREATE INDEX ON goblin.realms (region, connected_realm_id);
CREATE INDEX ON goblin.realms (lower(name));

-- One row per seeder and region: what the last run did and whether it finished.
CREATE TABLE ops.seeder_status (
  seeder       text NOT NULL,
  region       text NOT NULL,
  state        text NOT NULL CHECK (state IN ('running', 'complete', 'incomplete')),
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz,
  fetched      integer NOT NULL DEFAULT 0,
  unchanged    integer NOT NULL DEFAULT 0,
  missing      integer NOT NULL DEFAULT 0,
  failed       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (seeder, region)
);

-- Progress per fetched document: a run killed halfway continues where it stopped.
-- `done` entities are not fetched again (or only conditionally, with their
-- Last-Modified); `missing` (404) ones wait for --force; `failed` ones are retried.
CREATE TABLE ops.seed_entities (
  seeder         text NOT NULL,
  region         text NOT NULL,
  entity_id      bigint NOT NULL,
  state          text NOT NULL CHECK (state IN ('done', 'missing', 'failed')),
  last_modified  timestamptz,
  http_status    integer,
  error          text,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (seeder, region, entity_id)
);

-- Every item id the database has come across outside the item table itself;
-- the items seeder fetches those it does not know yet. Later modules (inventory)
-- extend this view.
CREATE VIEW goblin.view_item_ids_referenced AS
SELECT item_id FROM goblin.recipe_outputs
UNION
SELECT item_id FROM goblin.recipe_reagents;

-- Realm names for scraped auctions and users' queries.
CREATE VIEW goblin.view_connected_realm_names AS
SELECT region, connected_realm_id, string_agg(name, ' / ' ORDER BY name) AS realm_names
FROM goblin.realms
GROUP BY region, connected_realm_id;
