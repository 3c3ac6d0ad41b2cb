-- 0014_reserved_items: what liquidation must not sell because the account
-- still needs it — gear that is an upgrade for one of its characters,
-- appearances not yet collected, and caged pets a saved team needs — as
-- views keyed by stack (snapshot_id, container, slot), which
-- goblin.view_liquidatable_assets (0015) joins.
-- Safe while jobs run (new tables, functions and views, two statement
-- triggers on petweaver.owned_pets; one view replaced with a superset; the
-- backfill reads petweaver.owned_pets once).

-- Which gear a class can use, at the level cap: the highest armour type it
-- wears (a plate wearer may put on cloth, but it is never its upgrade), its
-- weapon types, and the off-hand kinds. Ids are the client's
-- (Enum.ItemArmorSubclass, Enum.ItemWeaponSubclass, class ids as in
-- ChrClasses), which are also the Game Data API's item_subclass ids seeded
-- into goblin.items.
CREATE TABLE skillweaver.classes (
  class_id           integer PRIMARY KEY,
  class_file         text NOT NULL UNIQUE,   -- as holocron.characters.class stores it
  armor_subclass_id  integer NOT NULL CHECK (armor_subclass_id BETWEEN 1 AND 4),   -- 1 cloth, 2 leather, 3 mail, 4 plate
  uses_shield        boolean NOT NULL,
  -- "Held in off-hand" frills carry intellect only: an upgrade for casters and healers.
  holds_off_hand     boolean NOT NULL,
  -- Some spec of the class wields two one-handers: a one-hand weapon may go in either hand.
  dual_wields        boolean NOT NULL
);

INSERT INTO skillweaver.classes (class_id, class_file, armor_subclass_id, uses_shield, holds_off_hand, dual_wields) VALUES
  (1,  'WARRIOR',     4, true,  false, true),
  (2,  'PALADIN',     4, true,  true,  false),
  (3,  'HUNTER',      3, false, false, false),
  (4,  'ROGUE',       2, false, false, true),
  (5,  'PRIEST',      1, false, true,  false),
  (6,  'DEATHKNIGHT', 4, false, false, true),
  (7,  'SHAMAN',      3, true,  true,  true),
  (8,  'MAGE',        1, false, true,  false),
  (9,  'WARLOCK',     1, false, true,  false),
  (10, 'MONK',        2, false, true,  true),
  (11, 'DRUID',       2, false, true,  false),
  (12, 'DEMONHUNTER', 2, false, false, true),
  (13, 'EVOKER',      3, false, true,  false);

-- Weapon subclasses: 0 one-hand axe, 1 two-hand axe, 2 bow, 3 gun, 4 one-hand
-- mace, 5 two-hand mace, 6 polearm, 7 one-hand sword, 8 two-hand sword,
-- 9 warglaive, 10 staff, 13 fist weapon, 15 dagger, 18 crossbow, 19 wand.
-- Since Legion only hunters use bows, guns and crossbows.
CREATE TABLE skillweaver.class_weapons (
  class_id            integer NOT NULL REFERENCES skillweaver.classes,
  weapon_subclass_id  integer NOT NULL,
  PRIMARY KEY (class_id, weapon_subclass_id)
);

INSERT INTO skillweaver.class_weapons (class_id, weapon_subclass_id)
SELECT c.class_id, w
FROM (VALUES
  (1,  ARRAY[0, 1, 4, 5, 6, 7, 8, 10, 13, 15]),
  (2,  ARRAY[0, 1, 4, 5, 6, 7, 8]),
  (3,  ARRAY[0, 1, 2, 3, 6, 7, 8, 10, 13, 15, 18]),
  (4,  ARRAY[0, 4, 7, 13, 15]),
  (5,  ARRAY[4, 10, 15, 19]),
  (6,  ARRAY[0, 1, 4, 5, 6, 7, 8]),
  (7,  ARRAY[0, 1, 4, 5, 10, 13, 15]),
  (8,  ARRAY[7, 10, 15, 19]),
  (9,  ARRAY[7, 10, 15, 19]),
  (10, ARRAY[0, 4, 6, 7, 10, 13]),
  (11, ARRAY[4, 5, 6, 10, 13, 15]),
  (12, ARRAY[0, 7, 9, 13]),
  (13, ARRAY[0, 1, 4, 5, 7, 8, 10, 13, 15])
) AS c (class_id, weapons)
CROSS JOIN LATERAL unnest(c.weapons) AS w;

-- Where an item of an inventory type (the API's inventory_type.type) goes:
-- the equipment slot (INVSLOT_* 1–17) and the name the manifest shows.
-- Rings and trinkets have two slots; a one-hand weapon has two for a class
-- that dual-wields. Bows, guns, crossbows and wands go in the main hand since
-- the ranged slot went away.
CREATE TABLE skillweaver.equip_slots (
  inventory_type   text NOT NULL,
  slot             smallint NOT NULL,
  slot_name        text NOT NULL,
  dual_wield_only  boolean NOT NULL DEFAULT false,
  PRIMARY KEY (inventory_type, slot)
);

INSERT INTO skillweaver.equip_slots (inventory_type, slot, slot_name, dual_wield_only) VALUES
  ('HEAD', 1, 'head', false),
  ('NECK', 2, 'neck', false),
  ('SHOULDER', 3, 'shoulder', false),
  ('CHEST', 5, 'chest', false),
  ('ROBE', 5, 'chest', false),
  ('WAIST', 6, 'waist', false),
  ('LEGS', 7, 'legs', false),
  ('FEET', 8, 'feet', false),
  ('WRIST', 9, 'wrist', false),
  ('HAND', 10, 'hands', false),
  ('FINGER', 11, 'ring 1', false),
  ('FINGER', 12, 'ring 2', false),
  ('TRINKET', 13, 'trinket 1', false),
  ('TRINKET', 14, 'trinket 2', false),
  ('CLOAK', 15, 'back', false),
  ('WEAPON', 16, 'main hand', false),
  ('WEAPON', 17, 'off hand', true),
  ('WEAPONMAINHAND', 16, 'main hand', false),
  ('WEAPONOFFHAND', 17, 'off hand', true),
  ('TWOHWEAPON', 16, 'main hand', false),
  ('RANGED', 16, 'main hand', false),
  ('RANGEDRIGHT', 16, 'main hand', false),
  ('SHIELD', 17, 'off hand', false),
  ('HOLDABLE', 17, 'off hand', false);

-- Public contract: gear in bags, banks and mail that is an upgrade for a
-- character of the same account who can use it — one row per stack, for the
-- character it would gain most. Columns: the stack (snapshot_id, container,
-- slot: its bag slot), item_id, item (name), holder, location,
-- for_character (Name-Realm), equip_slot (the issue's "slot": 'trinket 2',
-- 'head', 'main hand'), item_level, equipped_item_level (NULL: that slot is
-- empty).
--
-- Best facts available: the stack's exact level from our collector, else the
-- seeded base level; what a character wears from the collector
-- (skillweaver.equipped_items, exact levels) when it has reported gear, else
-- from DataStore's or Syndicator's equipped items (container 0, slot = the
-- equipment slot) at their seeded levels. A character whose gear nobody
-- reported is left out: nothing says the piece is better than what it wears.
-- Only pieces that can still change hands count (not bound, or bound only
-- once equipped). Two-slot kinds compare with the lower of the two.
-- A function with a row estimate under the view, not a plain view: the
-- planner multiplied this query's filters and join keys into "1 row", and
-- goblin.view_liquidatable_assets then scanned it once per sellable stack
-- (1.0 s instead of 0.2 s on the bench account with 900 reserved pieces;
-- 16 s with 8,500). The SET clause keeps it from being inlined into the
-- caller, which would bring that estimate back.
CREATE FUNCTION skillweaver.reserved_gear()
RETURNS TABLE (snapshot_id bigint, container integer, slot integer, item_id integer, item text, holder text, location text,
               for_character text, equip_slot text, item_level integer, equipped_item_level integer)
LANGUAGE sql STABLE ROWS 1000
SET search_path = pg_catalog
AS $$
WITH bag_gear AS (
  SELECT st.snapshot_id, st.container, st.slot, st.item_id, o.label AS holder, s.location,
         coalesce(o.account_id, s.account_id) AS account_id,
         coalesce(st.item_level, i.level) AS item_level,
         coalesce(n.name, i.name) AS item,
         i.item_class_id, i.item_subclass_id, i.inventory_type, coalesce(i.required_level, 0) AS required_level
  FROM holocron.inventory_snapshots s
  JOIN holocron.owners o ON o.owner_id = s.owner_id
  JOIN holocron.item_stacks st ON st.snapshot_id = s.snapshot_id AND st.is_current
  JOIN goblin.items i ON i.item_id = st.item_id
  LEFT JOIN holocron.item_names n ON n.item_id = st.item_id AND n.pet_species_id = 0
  WHERE s.is_current
    AND s.location IN ('bags', 'bank', 'reagent_bank', 'warband_bank', 'mail')
    AND i.item_class_id IN (2, 4)
    AND i.inventory_type IN (SELECT inventory_type FROM skillweaver.equip_slots)
    AND NOT coalesce(st.is_bound, i.binding IN ('ON_ACQUIRE', 'QUEST'), false)
    AND coalesce(st.item_level, i.level) IS NOT NULL
),
-- What characters wear: the collector's slots, else another addon's.
worn AS (
  SELECT e.owner_id, e.slot, coalesce(e.item_level, i.level) AS item_level, i.inventory_type, i.item_subclass_id
  FROM skillweaver.equipped_items e
  JOIN holocron.characters ch ON ch.owner_id = e.owner_id
  LEFT JOIN goblin.items i ON i.item_id = e.item_id
  UNION ALL
  SELECT s.owner_id, st.slot, coalesce(st.item_level, i.level), i.inventory_type, i.item_subclass_id
  FROM holocron.inventory_snapshots s
  JOIN holocron.characters ch ON ch.owner_id = s.owner_id AND ch.gear_observed_at IS NULL
  JOIN holocron.item_stacks st ON st.snapshot_id = s.snapshot_id AND st.is_current AND st.container = 0
  LEFT JOIN goblin.items i ON i.item_id = st.item_id
  WHERE s.is_current AND s.location = 'equipped' AND s.section = ''
),
-- Per character, its equipped levels by slot ({"13": 650, "14": 626}; a key
-- with null: worn, level unknown), looked up without a join per slot. A
-- two-handed main hand fills the off hand too: it is what an off-hand piece
-- replaces.
gear AS (
  SELECT owner_id, jsonb_object_agg(slot::text, item_level) AS levels,
         bool_or(slot = 16 AND (inventory_type IN ('TWOHWEAPON', 'RANGED') OR (inventory_type = 'RANGEDRIGHT' AND item_subclass_id <> 19))) AS two_handed,
         max(item_level) FILTER (WHERE slot = 16) AS main_hand_level
  FROM worn
  GROUP BY owner_id
),
wearers AS (
  SELECT ch.owner_id, o.label AS for_character, ch.account_id, ch.level, c.class_id, c.armor_subclass_id, c.uses_shield, c.holds_off_hand, c.dual_wields,
         CASE WHEN g.two_handed AND NOT g.levels ? '17' THEN g.levels || jsonb_build_object('17', g.main_hand_level)
              ELSE coalesce(g.levels, '{}') END AS levels
  FROM holocron.characters ch
  JOIN holocron.owners o ON o.owner_id = ch.owner_id
  JOIN skillweaver.classes c ON c.class_file = ch.class
  LEFT JOIN gear g ON g.owner_id = ch.owner_id
  WHERE ch.gear_observed_at IS NOT NULL
     OR EXISTS (SELECT 1 FROM holocron.inventory_snapshots s
                WHERE s.owner_id = ch.owner_id AND s.is_current AND s.location = 'equipped' AND s.section = '')
),
-- Who gains most from a piece depends on its kind, not on the piece: the
-- wearer with the lowest level in a slot it fits (an empty slot lowest of
-- all). Judging the few kinds instead of every stack for every character
-- keeps the view one pass over the stacks however many characters there are.
kinds AS (
  SELECT DISTINCT account_id, item_class_id, item_subclass_id, inventory_type, required_level FROM bag_gear
),
best AS (
  SELECT DISTINCT ON (k.account_id, k.item_class_id, k.item_subclass_id, k.inventory_type, k.required_level)
         k.*, w.for_character, es.slot_name AS equip_slot, (w.levels ->> es.slot::text)::integer AS equipped_item_level
  FROM kinds k
  JOIN wearers w ON w.account_id = k.account_id AND coalesce(w.level, 0) >= k.required_level
  JOIN skillweaver.equip_slots es ON es.inventory_type = k.inventory_type AND (w.dual_wields OR NOT es.dual_wield_only)
  WHERE CASE
          WHEN k.item_class_id = 2 THEN EXISTS (SELECT 1 FROM skillweaver.class_weapons cw
                                                WHERE cw.class_id = w.class_id AND cw.weapon_subclass_id = k.item_subclass_id)
          WHEN k.inventory_type = 'HOLDABLE' THEN w.holds_off_hand
          WHEN k.inventory_type = 'SHIELD' THEN w.uses_shield AND k.item_subclass_id = 6
          -- Cloaks are "cloth" for everyone; rings, necks and trinkets are miscellaneous.
          WHEN k.inventory_type IN ('CLOAK', 'NECK', 'FINGER', 'TRINKET') THEN true
          ELSE k.item_subclass_id = w.armor_subclass_id
        END
    -- An occupied slot of unknown level tells nothing.
    AND (NOT w.levels ? es.slot::text OR w.levels ->> es.slot::text IS NOT NULL)
  ORDER BY k.account_id, k.item_class_id, k.item_subclass_id, k.inventory_type, k.required_level,
           (w.levels ->> es.slot::text)::integer NULLS FIRST, w.for_character, es.slot
)
SELECT b.snapshot_id, b.container, b.slot, b.item_id, b.item, b.holder, b.location, k.for_character, k.equip_slot,
       b.item_level::integer AS item_level, k.equipped_item_level::integer AS equipped_item_level
FROM bag_gear b
JOIN best k USING (account_id, item_class_id, item_subclass_id, inventory_type, required_level)
-- An empty slot is beaten by anything.
WHERE k.equipped_item_level IS NULL OR b.item_level > k.equipped_item_level
$$;

CREATE VIEW skillweaver.view_reserved_gear AS SELECT * FROM skillweaver.reserved_gear();

-- Public contract: stacks whose appearance the account has not collected.
-- Only our collector asks the client (C_TransmogCollection); NULL there and
-- from every other addon means "unknown", which is not listed.
-- A function for the same reason as skillweaver.reserved_gear(): its
-- estimate comes from statistics on appearance_collected, which lag behind
-- ingests (after a first collector ingest they may still say "none").
CREATE FUNCTION holocron.unlearned_transmog()
RETURNS TABLE (snapshot_id bigint, container integer, slot integer, item_id integer, item text, holder text, location text, item_level integer)
LANGUAGE sql STABLE ROWS 1000
SET search_path = pg_catalog
AS $$
SELECT st.snapshot_id, st.container, st.slot, st.item_id, coalesce(n.name, i.name) AS item,
       o.label AS holder, s.location, st.item_level::integer AS item_level
FROM holocron.inventory_snapshots s
JOIN holocron.owners o ON o.owner_id = s.owner_id
JOIN holocron.item_stacks st ON st.snapshot_id = s.snapshot_id AND st.is_current
LEFT JOIN holocron.item_names n ON n.item_id = st.item_id AND n.pet_species_id = 0
LEFT JOIN goblin.items i ON i.item_id = st.item_id
WHERE s.is_current AND st.appearance_collected = false
$$;

CREATE VIEW holocron.view_unlearned_transmog AS SELECT * FROM holocron.unlearned_transmog();

-- The species of every journal pet ever seen, by GUID. The collector drops a
-- caged or released pet from petweaver.owned_pets, and Rematch 5 saves a
-- team's pets by GUID alone: without this a team whose pet was just caged
-- would no longer say which species it needs.
CREATE TABLE petweaver.pet_guid_species (
  pet_guid    text PRIMARY KEY,
  species_id  integer NOT NULL,
  seen_at     timestamptz NOT NULL
);

-- Once per statement over its rows: ingest writes a journal (1,500 pets on a
-- collector's account) in one upsert. Two triggers because a trigger with a
-- transition table may have only one event.
CREATE FUNCTION petweaver.remember_pet_species() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO petweaver.pet_guid_species AS g (pet_guid, species_id, seen_at)
  SELECT DISTINCT ON (n.pet_guid) n.pet_guid,
         coalesce(n.species_id, (SELECT min(s.species_id) FROM petweaver.species s WHERE s.creature_id = n.creature_id)),
         n.observed_at
  FROM new_pets n
  WHERE coalesce(n.species_id, (SELECT min(s.species_id) FROM petweaver.species s WHERE s.creature_id = n.creature_id)) IS NOT NULL
  ORDER BY n.pet_guid, n.observed_at DESC
  ON CONFLICT (pet_guid) DO UPDATE SET species_id = EXCLUDED.species_id, seen_at = EXCLUDED.seen_at
  WHERE g.species_id <> EXCLUDED.species_id AND EXCLUDED.seen_at >= g.seen_at;
  RETURN NULL;
END $$;

CREATE TRIGGER owned_pets_remember_species_insert AFTER INSERT ON petweaver.owned_pets
REFERENCING NEW TABLE AS new_pets FOR EACH STATEMENT EXECUTE FUNCTION petweaver.remember_pet_species();
CREATE TRIGGER owned_pets_remember_species_update AFTER UPDATE ON petweaver.owned_pets
REFERENCING NEW TABLE AS new_pets FOR EACH STATEMENT EXECUTE FUNCTION petweaver.remember_pet_species();

INSERT INTO petweaver.pet_guid_species (pet_guid, species_id, seen_at)
SELECT op.pet_guid, coalesce(op.species_id, (SELECT min(s.species_id) FROM petweaver.species s WHERE s.creature_id = op.creature_id)), op.observed_at
FROM petweaver.owned_pets op
WHERE coalesce(op.species_id, (SELECT min(s.species_id) FROM petweaver.species s WHERE s.creature_id = op.creature_id)) IS NOT NULL;

-- Caged pets (item 82800, species from the battlepet link) that saved teams
-- need: per account and species, the most pets any one team uses minus the
-- pets of that species still in the journal, best caged pets first (quality,
-- then level). A team whose pet was caged names a GUID the journal no longer
-- has, so only the species can find it. The journal is the collector's when
-- the account has one (other addons' pet lists are never pruned, and a stale
-- one would sell the team's pet); else every pet any file reported.
-- One row per stack: the team named is the first by name.
CREATE VIEW petweaver.view_caged_team_pets AS
WITH team_species AS (
  SELECT t.account_id, t.name AS team_name, t.source, tp.team_id, tp.slot,
         coalesce(tp.species_id, op.species_id, g.species_id,
                  (SELECT min(s.species_id) FROM petweaver.species s WHERE s.creature_id = op.creature_id)) AS species_id
  FROM petweaver.team_pets tp
  JOIN petweaver.teams t USING (team_id)
  LEFT JOIN petweaver.owned_pets op ON op.pet_guid = tp.pet_guid
  LEFT JOIN petweaver.pet_guid_species g ON g.pet_guid = tp.pet_guid
  WHERE tp.pet_guid IS NOT NULL OR tp.species_id IS NOT NULL
),
needed AS (
  SELECT account_id, species_id, max(uses)::integer AS pets, min(team_name) AS team_name
  FROM (SELECT account_id, species_id, team_id, team_name, count(*) AS uses
        FROM team_species WHERE species_id IS NOT NULL GROUP BY 1, 2, 3, 4) AS per_team
  GROUP BY account_id, species_id
),
journal AS (
  SELECT op.account_id,
         coalesce(op.species_id, (SELECT min(s.species_id) FROM petweaver.species s WHERE s.creature_id = op.creature_id)) AS species_id,
         count(*)::integer AS pets
  FROM petweaver.owned_pets op
  LEFT JOIN petweaver.journal_snapshots j ON j.account_id = op.account_id
  WHERE j.account_id IS NULL OR op.source = 'holocron'
  GROUP BY 1, 2
),
missing AS (
  SELECT n.account_id, n.species_id, n.team_name, n.pets - coalesce(j.pets, 0) AS pets
  FROM needed n
  LEFT JOIN journal j ON j.account_id = n.account_id AND j.species_id = n.species_id
  WHERE n.pets > coalesce(j.pets, 0)
),
cages AS (
  SELECT st.snapshot_id, st.container, st.slot, st.pet_species_id AS species_id, st.pet_guid,
         coalesce(o.account_id, s.account_id) AS account_id,
         row_number() OVER (PARTITION BY coalesce(o.account_id, s.account_id), st.pet_species_id
                            ORDER BY st.pet_quality DESC NULLS LAST, st.pet_level DESC NULLS LAST, st.snapshot_id, st.container, st.slot) AS rank
  -- The places index finds the few snapshots holding cages; a scan of every
  -- current stack for them cost 40 ms on the bench account.
  FROM (SELECT DISTINCT snapshot_id FROM holocron.current_places WHERE item_id = 82800 AND pet_species_id > 0) AS p
  JOIN holocron.inventory_snapshots s ON s.snapshot_id = p.snapshot_id AND s.is_current
  JOIN holocron.owners o ON o.owner_id = s.owner_id
  JOIN holocron.item_stacks st ON st.snapshot_id = s.snapshot_id AND st.is_current
  WHERE s.location IN ('bags', 'bank', 'reagent_bank', 'warband_bank', 'mail')
    AND st.item_id = 82800 AND st.pet_species_id IS NOT NULL
)
SELECT c.snapshot_id, c.container, c.slot, m.team_name, c.species_id, c.pet_guid, a.name AS account,
       ts.source, ts.slot AS team_slot
FROM cages c
JOIN missing m ON m.account_id = c.account_id AND m.species_id = c.species_id AND c.rank <= m.pets
JOIN holocron.accounts a ON a.account_id = c.account_id
LEFT JOIN LATERAL (
  SELECT x.source, x.slot FROM team_species x
  WHERE x.account_id = m.account_id AND x.species_id = m.species_id AND x.team_name = m.team_name
  ORDER BY x.source, x.slot LIMIT 1
) AS ts ON true;

-- Public contract (0005), extended: the team pets by GUID as before (their
-- species also from a GUID the journal dropped), then the caged pets teams
-- need, which carry the stack they are in (snapshot_id, container,
-- item_slot; NULL on journal rows). `slot` stays the team slot.
CREATE OR REPLACE VIEW petweaver.view_protected_pets AS
SELECT coalesce(tp.species_id, op.species_id, g.species_id,
                (SELECT min(s.species_id) FROM petweaver.species s WHERE s.creature_id = op.creature_id)) AS species_id,
       tp.pet_guid,
       t.name AS team_name,
       a.name AS account,
       t.source,
       tp.slot,
       NULL::bigint AS snapshot_id,
       NULL::integer AS container,
       NULL::integer AS item_slot
FROM petweaver.team_pets tp
JOIN petweaver.teams t USING (team_id)
JOIN holocron.accounts a ON a.account_id = t.account_id
LEFT JOIN petweaver.owned_pets op ON op.pet_guid = tp.pet_guid
LEFT JOIN petweaver.pet_guid_species g ON g.pet_guid = tp.pet_guid
WHERE tp.pet_guid IS NOT NULL OR tp.species_id IS NOT NULL
UNION ALL
SELECT species_id, pet_guid, team_name, account, source, team_slot, snapshot_id, container, slot
FROM petweaver.view_caged_team_pets;
