-- 0020_roster: one row per character for `holocron roster` and the dashboard:
-- who plays what, how geared, what the Great Vault holds this week, which
-- instances are locked, the keystone, and what consumables are short.
-- Safe while jobs run (a new table and view).

-- Specialisation ids (ChrSpecialization; GetSpecializationInfo's first value,
-- COMBATANT_INFO's specID, the /simc spec= line). Data, not logic: a new spec
-- is one INSERT in a later migration. Devourer (1480) arrived with Midnight.
CREATE TABLE skillweaver.specializations (
  spec_id  integer PRIMARY KEY,
  class    text NOT NULL,    -- class file, as holocron.characters.class
  name     text NOT NULL,
  role     text NOT NULL CHECK (role IN ('tank', 'healer', 'damage'))
);
INSERT INTO skillweaver.specializations (spec_id, class, name, role) VALUES
  (71, 'WARRIOR', 'Arms', 'damage'), (72, 'WARRIOR', 'Fury', 'damage'), (73, 'WARRIOR', 'Protection', 'tank'),
  (65, 'PALADIN', 'Holy', 'healer'), (66, 'PALADIN', 'Protection', 'tank'), (70, 'PALADIN', 'Retribution', 'damage'),
  (253, 'HUNTER', 'Beast Mastery', 'damage'), (254, 'HUNTER', 'Marksmanship', 'damage'), (255, 'HUNTER', 'Survival', 'damage'),
  (259, 'ROGUE', 'Assassination', 'damage'), (260, 'ROGUE', 'Outlaw', 'damage'), (261, 'ROGUE', 'Subtlety', 'damage'),
  (256, 'PRIEST', 'Discipline', 'healer'), (257, 'PRIEST', 'Holy', 'healer'), (258, 'PRIEST', 'Shadow', 'damage'),
  (250, 'DEATHKNIGHT', 'Blood', 'tank'), (251, 'DEATHKNIGHT', 'Frost', 'damage'), (252, 'DEATHKNIGHT', 'Unholy', 'damage'),
  (262, 'SHAMAN', 'Elemental', 'damage'), (263, 'SHAMAN', 'Enhancement', 'damage'), (264, 'SHAMAN', 'Restoration', 'healer'),
  (62, 'MAGE', 'Arcane', 'damage'), (63, 'MAGE', 'Fire', 'damage'), (64, 'MAGE', 'Frost', 'damage'),
  (265, 'WARLOCK', 'Affliction', 'damage'), (266, 'WARLOCK', 'Demonology', 'damage'), (267, 'WARLOCK', 'Destruction', 'damage'),
  (268, 'MONK', 'Brewmaster', 'tank'), (269, 'MONK', 'Windwalker', 'damage'), (270, 'MONK', 'Mistweaver', 'healer'),
  (102, 'DRUID', 'Balance', 'damage'), (103, 'DRUID', 'Feral', 'damage'), (104, 'DRUID', 'Guardian', 'tank'), (105, 'DRUID', 'Restoration', 'healer'),
  (577, 'DEMONHUNTER', 'Havoc', 'damage'), (581, 'DEMONHUNTER', 'Vengeance', 'tank'), (1480, 'DEMONHUNTER', 'Devourer', 'damage'),
  (1467, 'EVOKER', 'Devastation', 'damage'), (1468, 'EVOKER', 'Preservation', 'healer'), (1473, 'EVOKER', 'Augmentation', 'damage');

-- Public contract (roster and dashboard): one row per character.
-- Vault: slots earned this reset week per row; the collector's dump of
-- GetActivities counts everything the client counts, the logs only what was
-- logged, so each row takes the larger of the two.
-- Item level: the collector's equipped level, else the newest combat log's,
-- else the best the character owns (average_item_level).
CREATE VIEW skillweaver.view_roster AS
WITH chars AS (
  SELECT c.owner_id, o.label AS character, a.name AS account, c.name, c.realm, c.guid, c.class, c.level, c.last_seen_at,
         coalesce(lower(c.region), 'us') AS region, c.spec_id, c.equipped_item_level, c.average_item_level, c.gear_observed_at,
         skillweaver.reset_week_start(now(), coalesce(lower(c.region), 'us')) AS week_start
  FROM holocron.characters c
  JOIN holocron.owners o ON o.owner_id = c.owner_id
  JOIN holocron.accounts a ON a.account_id = c.account_id
),
collector_vault AS (
  SELECT ch.owner_id,
         CASE v.activity_type WHEN 'Raid' THEN 'raid' WHEN 'World' THEN 'world' ELSE 'dungeon' END AS kind,
         count(*) FILTER (WHERE v.progress >= v.threshold)::integer AS slots
  FROM skillweaver.vault_activities v
  JOIN chars ch ON ch.owner_id = v.owner_id
  WHERE v.activity_type IN ('Raid', 'Activities', 'MythicPlus', 'World')
    AND skillweaver.reset_week_start(v.observed_at, ch.region) = ch.week_start
  GROUP BY 1, 2
),
log_vault AS (
  SELECT ch.owner_id, vp.kind, max(vp.slots_earned) AS slots
  FROM skillweaver.view_vault_progress vp
  JOIN chars ch ON ch.guid = vp.guid AND vp.week_start = ch.week_start
  GROUP BY 1, 2
),
vault AS (
  SELECT owner_id,
         max(slots) FILTER (WHERE kind = 'raid') AS raid,
         max(slots) FILTER (WHERE kind = 'dungeon') AS dungeon,
         max(slots) FILTER (WHERE kind = 'world') AS world
  FROM (SELECT * FROM collector_vault UNION ALL SELECT * FROM log_vault) AS v
  GROUP BY owner_id
),
locks AS (
  SELECT owner_id,
         json_agg(json_build_object('instance', instance_name, 'difficultyId', difficulty_id, 'raid', is_raid,
                                    'killed', encounters_killed, 'bosses', encounters, 'resetsAt', resets_at)
                  ORDER BY is_raid DESC, instance_name, difficulty_id) AS lockouts
  FROM skillweaver.lockouts
  WHERE locked AND resets_at > now()
  GROUP BY owner_id
),
log_gear AS (
  SELECT DISTINCT ON (guid) guid, spec_id, equipped_item_level, observed_at
  FROM skillweaver.gear_snapshots
  ORDER BY guid, observed_at DESC
),
short AS (
  SELECT owner_id, count(*) FILTER (WHERE shortfall > 0)::integer AS lines, sum(shortfall)::bigint AS items
  FROM skillweaver.view_consumable_needs
  GROUP BY owner_id
)
SELECT ch.owner_id, ch.character, ch.account, ch.name, ch.realm, ch.region, ch.class, ch.level,
       coalesce(ch.spec_id, lg.spec_id) AS spec_id, sp.name AS spec, sp.role,
       coalesce(ch.equipped_item_level, lg.equipped_item_level, ch.average_item_level) AS item_level,
       CASE WHEN ch.equipped_item_level IS NOT NULL THEN 'collector'
            WHEN lg.equipped_item_level IS NOT NULL THEN 'combat log'
            WHEN ch.average_item_level IS NOT NULL THEN 'average owned' END AS item_level_source,
       ch.week_start AS vault_week_start,
       coalesce(v.raid, 0) AS vault_raid_slots, coalesce(v.dungeon, 0) AS vault_dungeon_slots, coalesce(v.world, 0) AS vault_world_slots,
       coalesce(v.raid, 0) + coalesce(v.dungeon, 0) + coalesce(v.world, 0) AS vault_slots,
       coalesce(l.lockouts, '[]'::json) AS lockouts,
       k.level AS keystone_level, k.challenge_map_id AS keystone_map_id,
       coalesce(s.lines, 0) AS consumable_lines_short, coalesce(s.items, 0) AS consumables_short,
       ch.last_seen_at
FROM chars ch
LEFT JOIN log_gear lg ON lg.guid = ch.guid
LEFT JOIN skillweaver.specializations sp ON sp.spec_id = coalesce(ch.spec_id, lg.spec_id)
LEFT JOIN vault v ON v.owner_id = ch.owner_id
LEFT JOIN locks l ON l.owner_id = ch.owner_id
-- A keystone seen before this week's reset is gone or downgraded: not shown.
LEFT JOIN skillweaver.keystones k ON k.owner_id = ch.owner_id AND k.map_id IS NOT NULL
      AND skillweaver.reset_week_start(k.observed_at, ch.region) = ch.week_start
LEFT JOIN short s ON s.owner_id = ch.owner_id;
