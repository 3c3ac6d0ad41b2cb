-- 0022_hitlist: what drops where (the Game Data API's encounter journal, seeded
-- by `holocron seed --only journal`) and the weekly hitlist built on it:
-- characters one activity short of a Great Vault slot, and raids and dungeons
-- whose lockout is free again and that drop a mount, pet or appearance the
-- account lacks.
-- Safe while jobs run (new tables, functions and a view).

-- Journal instances (/data/wow/journal-instance/{id}). map_id is the instance's
-- map: the id GetSavedInstanceInfo's 14th return gives, i.e.
-- skillweaver.lockouts.instance_id, not the journal's own id.
CREATE TABLE goblin.journal_instances (
  journal_instance_id  integer PRIMARY KEY,
  name                 text NOT NULL,
  map_id               integer,
  category             text,            -- RAID, DUNGEON, WORLD_BOSS, EVENT
  expansion_id         integer,         -- journal tier: 68 Classic … higher is newer
  expansion            text,
  minimum_level        integer,
  modes                text[] NOT NULL DEFAULT '{}',   -- NORMAL, HEROIC, MYTHIC, LFR, MYTHIC_KEYSTONE, LEGACY_25_MAN …
  fetched_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON goblin.journal_instances (map_id);

-- Encounters as their instance lists them (name, order); the encounter's own
-- document fills in its items.
CREATE TABLE goblin.journal_encounters (
  journal_encounter_id  integer PRIMARY KEY,
  journal_instance_id   integer NOT NULL REFERENCES goblin.journal_instances ON DELETE CASCADE,
  name                  text NOT NULL,
  position              integer NOT NULL,
  fetched_at            timestamptz
);
CREATE INDEX ON goblin.journal_encounters (journal_instance_id);

CREATE TABLE goblin.journal_encounter_items (
  journal_encounter_id  integer NOT NULL REFERENCES goblin.journal_encounters ON DELETE CASCADE,
  item_id               integer NOT NULL,
  item_name             text,
  PRIMARY KEY (journal_encounter_id, item_id)
);
CREATE INDEX ON goblin.journal_encounter_items (item_id);

-- Mount and pet items are rarely named exactly like what they teach ("Invincible's
-- Reins" teaches Invincible, "Reins of the Onyxian Drake" the Onyxian Drake):
-- compare names without the reins wording, case and curly apostrophes.
CREATE FUNCTION goblin.collectible_name_key(name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT regexp_replace(lower(btrim(replace(name, '’', ''''))), '^reins of (the )?|(''s)? reins$', '', 'g')
$$;

-- The mount index (/data/wow/mount/index): ids are C_MountJournal's, the ids
-- the collector saves in holocron.account_collections.
CREATE TABLE goblin.mounts (
  mount_id  integer PRIMARY KEY,
  name      text NOT NULL
);
CREATE INDEX ON goblin.mounts (goblin.collectible_name_key(name));

-- What a drop's item document says beyond goblin.items: the names of its use
-- spells (a mount or pet item's spell is usually named for what it teaches)
-- and its appearance ids.
CREATE TABLE goblin.item_previews (
  item_id         integer PRIMARY KEY,
  spell_names     text[] NOT NULL DEFAULT '{}',
  appearance_ids  integer[] NOT NULL DEFAULT '{}',
  fetched_at      timestamptz NOT NULL DEFAULT now()
);

-- Journal modes → the difficulty ids GetSavedInstanceInfo reports, so a mode
-- can be matched with a lockout. LFR and Mythic+ have no lockout to wait for:
-- NULL. A mode type not known here is NULL too (its instance is then judged by
-- "locked on any difficulty").
CREATE FUNCTION goblin.journal_mode_difficulty(mode text, category text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE mode
    WHEN 'NORMAL' THEN CASE WHEN category = 'RAID' THEN 14 ELSE 1 END
    WHEN 'HEROIC' THEN CASE WHEN category = 'RAID' THEN 15 ELSE 2 END
    WHEN 'MYTHIC' THEN CASE WHEN category = 'RAID' THEN 16 ELSE 23 END
    WHEN 'LEGACY_10_MAN' THEN 3
    WHEN 'LEGACY_25_MAN' THEN 4
    WHEN 'LEGACY_10_MAN_HEROIC' THEN 5
    WHEN 'LEGACY_25_MAN_HEROIC' THEN 6
    WHEN 'LEGACY_40_MAN' THEN 9
  END
$$;

CREATE FUNCTION goblin.journal_mode_name(mode text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE mode
    WHEN 'LEGACY_10_MAN' THEN '10 Player'
    WHEN 'LEGACY_25_MAN' THEN '25 Player'
    WHEN 'LEGACY_10_MAN_HEROIC' THEN '10 Player Heroic'
    WHEN 'LEGACY_25_MAN_HEROIC' THEN '25 Player Heroic'
    WHEN 'LEGACY_40_MAN' THEN '40 Player'
    ELSE initcap(replace(mode, '_', ' '))
  END
$$;

-- Public contract: every journal drop that teaches a collectible.
-- mount: a Miscellaneous/Mount item (class 15, subclass 5) whose name or use
-- spell's name matches a mount's (collectible_name_key); pet: a
-- Miscellaneous/Companion Pets item (15/2) matched the same way with a
-- species (the pets seeder's petweaver.species); appearance: an item whose
-- document lists appearance ids (collectible_id = the first). What the API
-- cannot tell (which difficulty drops it, drop chances) is not here.
CREATE VIEW goblin.view_journal_collectibles AS
WITH drops AS (
  SELECT ji.journal_instance_id, ji.map_id, ji.name AS instance, ji.category, je.journal_encounter_id,
         je.name AS encounter, je.position, ei.item_id, coalesce(i.name, ei.item_name) AS item, i.binding,
         i.item_class_id, i.item_subclass_id, p.spell_names, p.appearance_ids
  FROM goblin.journal_encounter_items ei
  JOIN goblin.journal_encounters je ON je.journal_encounter_id = ei.journal_encounter_id
  JOIN goblin.journal_instances ji ON ji.journal_instance_id = je.journal_instance_id
  LEFT JOIN goblin.items i ON i.item_id = ei.item_id
  LEFT JOIN goblin.item_previews p ON p.item_id = ei.item_id
),
-- Name keys of mount and pet items only, so the match is one hash join each
-- rather than every drop against every mount.
keys AS (
  SELECT DISTINCT d.journal_encounter_id, d.item_id, d.item_subclass_id, goblin.collectible_name_key(n) AS key
  FROM drops d
  CROSS JOIN LATERAL unnest(array_prepend(d.item, coalesce(d.spell_names, '{}'))) n
  WHERE d.item_class_id = 15 AND d.item_subclass_id IN (2, 5) AND n IS NOT NULL
),
matches AS (
  SELECT DISTINCT k.journal_encounter_id, k.item_id, 'mount' AS kind, m.mount_id AS collectible_id
  FROM keys k JOIN goblin.mounts m ON goblin.collectible_name_key(m.name) = k.key
  WHERE k.item_subclass_id = 5
  UNION
  SELECT k.journal_encounter_id, k.item_id, 'pet', s.species_id
  FROM keys k JOIN petweaver.species s ON goblin.collectible_name_key(s.name) = k.key
  WHERE k.item_subclass_id = 2
  UNION
  SELECT journal_encounter_id, item_id, 'appearance', appearance_ids[1]
  FROM drops WHERE cardinality(appearance_ids) > 0
)
SELECT d.journal_instance_id, d.map_id, d.instance, d.category, d.journal_encounter_id, d.encounter, d.position,
       d.item_id, d.item, d.binding, m.kind, m.collectible_id
FROM drops d
JOIN matches m ON m.journal_encounter_id = d.journal_encounter_id AND m.item_id = d.item_id;

-- Public contract (with holocron.view_hitlist, its now() form): the weekly
-- hitlist as of `at`.
-- kind 'vault': the character is one activity short of its next Great Vault
-- slot this reset week. Progress is the larger of the collector's dump
-- (GetActivities; a dump from before this week's reset counts as zero
-- progress against its thresholds) and the combat logs
-- (skillweaver.view_vault_progress); thresholds the collector's, else the
-- view's. The activity that gets it: dungeon → a key at the level of the
-- keystone the character holds this week, else the best level seen; raid → a
-- boss at the difficulty of the last slot earned (else the best seen); world →
-- the tier likewise. Item levels are not shown: no authoritative table of
-- vault item level by key level / difficulty for the current season was at
-- hand, so the key level / difficulty stands in for it.
-- kind 'farm': a raid or dungeon with at least one lockable difficulty the
-- character is not locked on (no locked skillweaver.lockouts row resetting
-- after `at`) that drops a mount, pet or appearance the account lacks.
-- Lacking = mounts: not in the collector's mount ids (only for accounts with a
-- mount dump); pets: no owned pet of the species (only for accounts with pet
-- data); appearances: only where the collector said a stack of that item is
-- not collected and none said it is. Only characters the collector has seen
-- (a vault, lockout or reset fact) and at the instance's minimum level.
-- minutes: dungeon key 35, raid boss 8 (current raid: 8 × bosses), world
-- activity 15; farms in older expansions 10 (dungeon or raid), a current
-- dungeon 30. value: copper; 0 for vault slots (bound gear) and bound drops,
-- else the region's commodity market value, else the lowest realm market value.
CREATE FUNCTION holocron.hitlist_at(at timestamptz)
RETURNS TABLE (owner_id integer, "character" text, kind text, what text, why text, reward text, minutes integer, value bigint,
               region text, slot integer, instance_id integer, journal_instance_id integer, item_ids integer[])
LANGUAGE sql STABLE
-- Row estimates through these views are poor, and a JIT compile triggered by
-- them costs seconds on a query that runs in milliseconds.
SET jit = off
AS $$
WITH chars AS (
  SELECT c.owner_id, o.label AS character, c.account_id, c.guid, c.level, coalesce(lower(c.region), 'us') AS region,
         skillweaver.reset_week_start(at, coalesce(lower(c.region), 'us')) AS week_start
  FROM holocron.characters c
  JOIN holocron.owners o ON o.owner_id = c.owner_id
),
-- The newest dump per character. One from an earlier week still gives this
-- week's thresholds (they change by season, not by week), with the progress
-- the reset took back to zero.
collector_vault AS (
  SELECT owner_id, kind,
         CASE WHEN this_week THEN progress ELSE 0 END AS progress, thresholds,
         CASE WHEN this_week THEN levels ELSE '{}' END AS levels
  FROM (
    SELECT ch.owner_id, CASE v.activity_type WHEN 'Raid' THEN 'raid' WHEN 'World' THEN 'world' ELSE 'dungeon' END AS kind,
           max(v.progress) AS progress, array_agg(v.threshold ORDER BY v.activity_index) AS thresholds,
           array_agg(v.level ORDER BY v.activity_index) AS levels,
           skillweaver.reset_week_start(max(v.observed_at), ch.region) = ch.week_start AS this_week
    FROM skillweaver.vault_activities v
    JOIN chars ch ON ch.owner_id = v.owner_id
    WHERE v.activity_type IN ('Raid', 'Activities', 'MythicPlus', 'World')
    GROUP BY ch.owner_id, 2, ch.region, ch.week_start
  ) dumps
),
log_vault AS (
  SELECT ch.owner_id, vp.kind, vp.progress, vp.thresholds, vp.slot_levels AS levels
  FROM skillweaver.view_vault_progress vp
  JOIN chars ch ON ch.guid = vp.guid AND vp.week_start = ch.week_start
),
-- Thresholds from the collector when it has them; progress and the levels
-- that go with it from whichever source saw more.
vault AS (
  SELECT DISTINCT ON (owner_id, kind) owner_id, kind, thresholds,
         first_value(levels) OVER (PARTITION BY owner_id, kind ORDER BY progress DESC, preference) AS levels,
         max(progress) OVER (PARTITION BY owner_id, kind) AS progress
  FROM (SELECT *, 1 AS preference FROM collector_vault UNION ALL SELECT *, 2 FROM log_vault) s
  ORDER BY owner_id, kind, preference
),
short AS (
  SELECT v.*, n.threshold, n.slot::integer AS slot,
         coalesce(nullif(v.levels[n.slot - 1], 0), (SELECT nullif(max(l), 0) FROM unnest(v.levels) l)) AS seen_level
  FROM vault v
  CROSS JOIN LATERAL (
    SELECT th AS threshold, i AS slot FROM unnest(v.thresholds) WITH ORDINALITY u (th, i)
    WHERE th > v.progress ORDER BY th, i LIMIT 1
  ) n
  WHERE n.threshold - v.progress = 1
),
vault_rows AS (
  SELECT ch.owner_id, ch.character, s.kind, s.slot, s.progress, s.threshold,
         CASE s.kind WHEN 'dungeon' THEN coalesce(k.level, s.seen_level) ELSE s.seen_level END AS level,
         ch.region
  FROM short s
  JOIN chars ch ON ch.owner_id = s.owner_id
  LEFT JOIN skillweaver.keystones k
    ON k.owner_id = s.owner_id AND k.level > 0 AND skillweaver.reset_week_start(k.observed_at, ch.region) = ch.week_start
),
seen AS (
  SELECT owner_id FROM skillweaver.vault_status
  UNION SELECT owner_id FROM skillweaver.lockouts
  UNION SELECT owner_id FROM ops.reset_observations
),
appearance_facts AS (
  SELECT s.account_id, st.item_id, bool_or(st.appearance_collected) AS collected
  FROM holocron.inventory_snapshots s
  JOIN holocron.item_stacks st ON st.snapshot_id = s.snapshot_id AND st.is_current
  WHERE s.is_current AND st.appearance_collected IS NOT NULL
  GROUP BY 1, 2
),
accounts AS (SELECT DISTINCT account_id FROM chars),
lacking AS (
  SELECT DISTINCT a.account_id, jc.journal_instance_id, jc.item_id, jc.item, jc.kind, jc.encounter, jc.position,
         jc.binding IS DISTINCT FROM 'ON_ACQUIRE' AS tradeable
  FROM goblin.view_journal_collectibles jc
  CROSS JOIN accounts a
  WHERE jc.category IN ('RAID', 'DUNGEON') AND jc.map_id IS NOT NULL
    AND CASE jc.kind
      WHEN 'mount' THEN EXISTS (
        SELECT 1 FROM holocron.account_collections ac
        WHERE ac.account_id = a.account_id AND ac.kind = 'mount' AND NOT jc.collectible_id = ANY (ac.ids))
      WHEN 'pet' THEN
        (EXISTS (SELECT 1 FROM petweaver.journal_snapshots js WHERE js.account_id = a.account_id)
         OR EXISTS (SELECT 1 FROM petweaver.owned_pets op WHERE op.account_id = a.account_id))
        AND NOT EXISTS (SELECT 1 FROM petweaver.owned_pets op WHERE op.account_id = a.account_id AND op.species_id = jc.collectible_id)
      ELSE EXISTS (SELECT 1 FROM appearance_facts af WHERE af.account_id = a.account_id AND af.item_id = jc.item_id AND NOT af.collected)
    END
),
lacking_by_instance AS (
  SELECT account_id, journal_instance_id,
         array_agg(DISTINCT item_id) AS item_ids,
         array_agg(DISTINCT item_id) FILTER (WHERE tradeable) AS tradeable_ids,
         string_agg(kind || ': ' || item, ', ' ORDER BY array_position(ARRAY['mount', 'pet', 'appearance'], kind), position, item) AS reward,
         string_agg(DISTINCT encounter, ', ') AS encounters
  FROM lacking
  GROUP BY 1, 2
),
-- Priced once per tradeable drop and region, not per character and instance.
drop_prices AS (
  SELECT r.region, d.item_id,
         coalesce(
           (SELECT cs.market_value FROM goblin.view_latest_commodity_stats cs WHERE cs.region = r.region AND cs.item_id = d.item_id),
           (SELECT min(rs.market_value) FROM goblin.view_latest_realm_stats rs
            WHERE rs.region = r.region AND rs.item_id = d.item_id AND coalesce(rs.pet_species_id, 0) = 0),
           0) AS price
  FROM (SELECT DISTINCT item_id FROM lacking WHERE tradeable) d
  CROSS JOIN (SELECT DISTINCT region FROM chars) r
),
farm_rows AS (
  SELECT ch.owner_id, ch.character, ch.region, ji.journal_instance_id, ji.map_id, ji.name, ji.category, li.item_ids, li.reward,
         li.encounters, f.free_modes, li.tradeable_ids,
         (SELECT count(*) FROM goblin.journal_encounters je WHERE je.journal_instance_id = ji.journal_instance_id)::integer AS bosses,
         ji.expansion_id >= (SELECT max(expansion_id) FROM goblin.journal_instances) AS current
  FROM chars ch
  JOIN seen ON seen.owner_id = ch.owner_id
  JOIN lacking_by_instance li ON li.account_id = ch.account_id
  JOIN goblin.journal_instances ji ON ji.journal_instance_id = li.journal_instance_id
  CROSS JOIN LATERAL (
    SELECT count(*) AS lockable,
           array_agg(goblin.journal_mode_name(m.mode) ORDER BY m.i) FILTER (WHERE NOT EXISTS (
             SELECT 1 FROM skillweaver.lockouts lo
             WHERE lo.owner_id = ch.owner_id AND lo.instance_id = ji.map_id AND lo.locked AND lo.resets_at > at
               AND lo.difficulty_id = goblin.journal_mode_difficulty(m.mode, ji.category))) AS free_modes
    FROM unnest(ji.modes) WITH ORDINALITY m (mode, i)
    WHERE goblin.journal_mode_difficulty(m.mode, ji.category) IS NOT NULL
  ) f
  WHERE (ch.level IS NULL OR ji.minimum_level IS NULL OR ch.level >= ji.minimum_level)
    AND CASE WHEN f.lockable > 0 THEN f.free_modes IS NOT NULL
             ELSE NOT EXISTS (SELECT 1 FROM skillweaver.lockouts lo
                              WHERE lo.owner_id = ch.owner_id AND lo.instance_id = ji.map_id AND lo.locked AND lo.resets_at > at) END
)
SELECT owner_id, character, 'vault',
       '1 more ' || CASE kind
         WHEN 'dungeon' THEN coalesce('+' || level, 'Mythic+ dungeon')
         WHEN 'raid' THEN coalesce(CASE level WHEN 17 THEN 'LFR' WHEN 14 THEN 'Normal' WHEN 15 THEN 'Heroic' WHEN 16 THEN 'Mythic' END || ' ', '') || 'raid boss'
         ELSE coalesce('tier ' || level || ' ', '') || 'delve or world activity' END || ' for slot ' || slot,
       progress || ' of ' || threshold || CASE kind WHEN 'dungeon' THEN ' dungeons' WHEN 'raid' THEN ' raid bosses' ELSE ' world activities' END
         || ' this week',
       'Great Vault ' || kind || ' slot ' || slot
         || coalesce(' at ' || CASE kind WHEN 'dungeon' THEN '+' || level
                                         WHEN 'raid' THEN CASE level WHEN 17 THEN 'LFR' WHEN 14 THEN 'Normal' WHEN 15 THEN 'Heroic' WHEN 16 THEN 'Mythic' END
                                         ELSE 'tier ' || level END, ''),
       CASE kind WHEN 'dungeon' THEN 35 WHEN 'raid' THEN 8 ELSE 15 END,
       0::bigint, region, slot, NULL::integer, NULL::integer, NULL::integer[]
FROM vault_rows
UNION ALL
SELECT owner_id, character, 'farm',
       name || ' (' || lower(category) || coalesce(': ' || array_to_string(free_modes, ', '), '') || ')',
       'lockout free this week; ' || encounters || ' drops what the account lacks',
       reward,
       CASE WHEN NOT coalesce(current, false) THEN 10 WHEN category = 'RAID' THEN 8 * greatest(bosses, 1) ELSE 30 END,
       coalesce((SELECT sum(dp.price) FROM drop_prices dp WHERE dp.region = farm_rows.region AND dp.item_id = ANY (tradeable_ids)), 0)::bigint,
       region, NULL::integer, map_id, journal_instance_id, item_ids
FROM farm_rows
$$;

CREATE VIEW holocron.view_hitlist AS SELECT * FROM holocron.hitlist_at(now());
