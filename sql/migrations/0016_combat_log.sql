-- 0016_combat_log: what `holocron ingest` reads from WoWCombatLog*.txt (boss
-- pulls, keystone runs, deaths, the gear each player wore), and the Great
-- Vault progress per character and reset week built from it and from the
-- collector's skillweaver.vault_activities (0011).
-- Characters are their player GUIDs (Player-<realm id>-<hex>), the value
-- holocron.characters.guid holds, so a log joins the inventory without names.
-- Safe while jobs run (new tables, views and a function only).

-- One row per log file. A log grows while the game runs and is renamed or moved
-- afterwards, so its identity is the hash of its first bytes, not its path or
-- its whole content; resume_offset lets a grown log continue where the last
-- read stopped, and size_bytes = the file's size means nothing new to read.
CREATE TABLE skillweaver.combat_log_files (
  log_file_id     integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  head_sha256     bytea NOT NULL,
  head_bytes      integer NOT NULL,              -- how many first bytes were hashed: min(size, 64 KiB) at the first read
  path            text NOT NULL,                 -- where it was last read (logs get moved; informational)
  size_bytes      bigint NOT NULL,               -- the file's size when last read
  resume_offset   bigint NOT NULL,               -- next read starts here: after the last complete line, or at a pull still running
  resume_lines    bigint NOT NULL,               -- lines before resume_offset, so reported line numbers are the file's
  log_version     integer,                       -- last COMBAT_LOG_VERSION seen (state for a continued read)
  unknown_versions integer[] NOT NULL DEFAULT '{}', -- versions whose layout we do not know: parsed as far as they match
  cut_line        bigint,                        -- the file ended mid-line here when last read; that line waits for the rest
  broken_lines    bigint[] NOT NULL DEFAULT '{}', -- line numbers skipped as broken (a crash cut them), over all reads
  broken_count    bigint NOT NULL DEFAULT 0,
  notes           text[] NOT NULL DEFAULT '{}',
  first_event_at  timestamptz,
  last_event_at   timestamptz,
  first_read_at   timestamptz NOT NULL DEFAULT now(),
  last_read_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (head_sha256, head_bytes)
);

-- Every player GUID a log showed in a group, with its name as the log writes
-- it when a line carried one (NULL until then); holocron.characters, when it
-- knows the GUID, wins.
CREATE TABLE skillweaver.log_players (
  guid     text PRIMARY KEY,
  name     text,
  realm    text,
  region   text,          -- us, eu, kr, tw, cn from the 11.x name suffix; NULL before 11.x
  seen_at  timestamptz NOT NULL
);

-- A boss pull. The same pull logged by two clients (two of the account's
-- characters in one group) is one row: the key is the pull, not the file.
CREATE TABLE skillweaver.encounters (
  encounter_pk    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  encounter_id    integer NOT NULL,
  encounter_name  text NOT NULL,
  difficulty_id   integer NOT NULL,   -- 14 Normal, 15 Heroic, 16 Mythic, 17 LFR, 8 Mythic+ …
  group_size      integer NOT NULL,
  instance_id     integer NOT NULL,
  started_at      timestamptz NOT NULL,
  duration_ms     integer NOT NULL,
  success         boolean NOT NULL,   -- kill (true) or wipe
  log_file_id     integer REFERENCES skillweaver.combat_log_files ON DELETE SET NULL,
  UNIQUE (encounter_id, difficulty_id, started_at)
);
CREATE TABLE skillweaver.encounter_players (
  encounter_pk  bigint NOT NULL REFERENCES skillweaver.encounters ON DELETE CASCADE,
  guid          text NOT NULL,
  PRIMARY KEY (encounter_pk, guid)
);
CREATE INDEX encounter_players_guid ON skillweaver.encounter_players (guid);

-- A keystone run. in_time is the log's success flag; a key left before the
-- end has duration_ms 0, and only completed keys fill the vault.
CREATE TABLE skillweaver.challenge_runs (
  run_pk             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  challenge_mode_id  integer NOT NULL,
  instance_id        integer NOT NULL,
  zone_name          text NOT NULL,
  keystone_level     integer NOT NULL,
  affix_ids          integer[] NOT NULL,
  started_at         timestamptz NOT NULL,
  duration_ms        integer NOT NULL,
  in_time            boolean NOT NULL,
  completed          boolean GENERATED ALWAYS AS (duration_ms > 0) STORED,
  log_file_id        integer REFERENCES skillweaver.combat_log_files ON DELETE SET NULL,
  UNIQUE (challenge_mode_id, started_at)
);
CREATE TABLE skillweaver.run_players (
  run_pk  bigint NOT NULL REFERENCES skillweaver.challenge_runs ON DELETE CASCADE,
  guid    text NOT NULL,
  PRIMARY KEY (run_pk, guid)
);
CREATE INDEX run_players_guid ON skillweaver.run_players (guid);

-- Player deaths during a pull or a key (a death on a boss inside a key has both).
CREATE TABLE skillweaver.deaths (
  guid          text NOT NULL,
  died_at       timestamptz NOT NULL,
  encounter_pk  bigint REFERENCES skillweaver.encounters ON DELETE CASCADE,
  run_pk        bigint REFERENCES skillweaver.challenge_runs ON DELETE CASCADE,
  PRIMARY KEY (guid, died_at),
  CHECK (encounter_pk IS NOT NULL OR run_pk IS NOT NULL)
);
CREATE INDEX deaths_encounter ON skillweaver.deaths (encounter_pk);

-- What a player wore at a pull (COMBATANT_INFO): exact item levels, which the
-- reserved-gear rule compares against. A snapshot is stored only when the gear
-- differs from the player's previous one (signature).
CREATE TABLE skillweaver.gear_snapshots (
  snapshot_pk          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  guid                 text NOT NULL,
  observed_at          timestamptz NOT NULL,
  spec_id              integer NOT NULL,
  equipped_item_level  numeric(6, 2),    -- the character sheet's average: 16 slots, a two-hander counted twice
  signature            text NOT NULL,
  log_file_id          integer REFERENCES skillweaver.combat_log_files ON DELETE SET NULL,
  UNIQUE (guid, observed_at)
);
CREATE TABLE skillweaver.gear_snapshot_items (
  snapshot_pk  bigint NOT NULL REFERENCES skillweaver.gear_snapshots ON DELETE CASCADE,
  slot         smallint NOT NULL,    -- INVSLOT_HEAD 1 … as in skillweaver.equipped_items
  item_id      integer NOT NULL,
  item_level   smallint NOT NULL,
  enchant_id   integer NOT NULL,     -- 0: none
  bonus_ids    integer[] NOT NULL,
  gems         integer[] NOT NULL,   -- as logged: the gems' item ids, then their item levels
  PRIMARY KEY (snapshot_pk, slot)
);

-- Every character a log or the inventory knows, by GUID, named Name-Realm.
CREATE VIEW skillweaver.view_log_characters AS
SELECT coalesce(c.guid, lp.guid) AS guid,
       c.owner_id,
       coalesce(c.name || '-' || c.realm, lp.name || coalesce('-' || lp.realm, ''), coalesce(c.guid, lp.guid)) AS character,
       coalesce(lower(c.region), lower(lp.region), 'us') AS region
FROM skillweaver.log_players lp
FULL JOIN holocron.characters c ON c.guid = lp.guid
WHERE coalesce(c.guid, lp.guid) IS NOT NULL;

-- Public contract: one row per character and boss pull.
CREATE VIEW skillweaver.view_encounters AS
SELECT ch.character, ch.guid, e.encounter_id, e.encounter_name, e.difficulty_id, e.group_size, e.success,
       e.started_at, round(e.duration_ms / 1000.0, 1) AS duration_s,
       (SELECT count(*) FROM skillweaver.deaths d WHERE d.encounter_pk = e.encounter_pk AND d.guid = ep.guid)::integer AS deaths,
       e.encounter_pk
FROM skillweaver.encounters e
JOIN skillweaver.encounter_players ep ON ep.encounter_pk = e.encounter_pk
JOIN skillweaver.view_log_characters ch ON ch.guid = ep.guid;

-- The newest gear the logs show per character, slot by slot.
CREATE VIEW skillweaver.view_log_gear AS
SELECT ch.character, s.guid, i.slot, i.item_id, i.item_level, i.enchant_id, i.bonus_ids, i.gems, s.spec_id, s.equipped_item_level, s.observed_at
FROM (SELECT DISTINCT ON (guid) * FROM skillweaver.gear_snapshots ORDER BY guid, observed_at DESC) s
JOIN skillweaver.gear_snapshot_items i ON i.snapshot_pk = s.snapshot_pk
JOIN skillweaver.view_log_characters ch ON ch.guid = s.guid;

-- The weekly reset that opened the week `at` falls in (client-formats.md §6):
-- US, Oceania and Latin America Tuesday 15:00 UTC, Europe Wednesday 04:00 UTC.
-- KR, TW and CN are not verified there; they take the US time until they are.
CREATE FUNCTION skillweaver.reset_week_start(at timestamptz, region text) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT (date_trunc('week', (at AT TIME ZONE 'UTC') - shift) + shift) AT TIME ZONE 'UTC'
  FROM (SELECT CASE lower(region) WHEN 'eu' THEN interval '2 days 4 hours' ELSE interval '1 day 15 hours' END AS shift) s
$$;

-- Public contract: Great Vault progress per character, reset week and row.
-- raid: distinct bosses killed on LFR/Normal/Heroic/Mythic (logs), slot N at
-- the difficulty of the Nth best kill; dungeon: completed keys (logs), slot N at
-- the Nth highest level; world: the collector's World row for its week.
-- Thresholds come from the collector's dump when the character has one (they
-- change by season), else the TWW values. slot_levels: difficulty ids (raid),
-- key levels (dungeon) or the client's tiers (world); next_slot_needs: how much
-- more progress the next slot takes (NULL when all three are earned).
CREATE VIEW skillweaver.view_vault_progress AS
WITH kills AS (
  SELECT ch.guid, ch.character, ch.owner_id, skillweaver.reset_week_start(e.started_at, ch.region) AS week_start, e.encounter_id,
         max(CASE e.difficulty_id WHEN 16 THEN 4 WHEN 15 THEN 3 WHEN 14 THEN 2 ELSE 1 END) AS best
  FROM skillweaver.encounters e
  JOIN skillweaver.encounter_players ep ON ep.encounter_pk = e.encounter_pk
  JOIN skillweaver.view_log_characters ch ON ch.guid = ep.guid
  WHERE e.success AND e.difficulty_id IN (14, 15, 16, 17)
  GROUP BY 1, 2, 3, 4, 5
), progress AS (
  SELECT guid, character, owner_id, week_start, 'raid' AS kind, count(*)::integer AS progress,
         array_agg((ARRAY[17, 14, 15, 16])[best] ORDER BY best DESC) AS levels
  FROM kills GROUP BY 1, 2, 3, 4
  UNION ALL
  SELECT ch.guid, ch.character, ch.owner_id, skillweaver.reset_week_start(r.started_at, ch.region), 'dungeon', count(*)::integer,
         array_agg(r.keystone_level ORDER BY r.keystone_level DESC)
  FROM skillweaver.challenge_runs r
  JOIN skillweaver.run_players rp ON rp.run_pk = r.run_pk
  JOIN skillweaver.view_log_characters ch ON ch.guid = rp.guid
  WHERE r.completed
  GROUP BY 1, 2, 3, 4
  UNION ALL
  SELECT ch.guid, ch.character, ch.owner_id, skillweaver.reset_week_start(max(v.observed_at), ch.region), 'world', max(v.progress),
         array_agg(v.level ORDER BY v.activity_index) FILTER (WHERE v.progress >= v.threshold)
  FROM skillweaver.vault_activities v
  JOIN skillweaver.view_log_characters ch ON ch.owner_id = v.owner_id
  WHERE v.activity_type = 'World'
  GROUP BY 1, 2, 3, ch.region
), thresholds AS (
  SELECT owner_id, CASE activity_type WHEN 'Raid' THEN 'raid' WHEN 'World' THEN 'world' ELSE 'dungeon' END AS kind,
         array_agg(threshold ORDER BY activity_index) AS thresholds
  FROM skillweaver.vault_activities
  WHERE activity_type IN ('Raid', 'Activities', 'MythicPlus', 'World')
  GROUP BY 1, 2
), rows AS (
  SELECT p.*, coalesce(t.thresholds, CASE p.kind WHEN 'raid' THEN ARRAY[2, 4, 6] WHEN 'dungeon' THEN ARRAY[1, 4, 8] ELSE ARRAY[2, 4, 8] END) AS thresholds
  FROM progress p
  LEFT JOIN thresholds t ON t.owner_id = p.owner_id AND t.kind = p.kind
)
SELECT character, guid, (week_start AT TIME ZONE 'UTC')::date AS week, week_start, kind, progress, thresholds,
       (SELECT count(*) FROM unnest(thresholds) th WHERE th <= progress)::integer AS slots_earned,
       CASE WHEN kind = 'world' THEN coalesce(levels, '{}')
            ELSE coalesce((SELECT array_agg(levels[th] ORDER BY n) FROM unnest(thresholds) WITH ORDINALITY u (th, n) WHERE th <= progress), '{}') END AS slot_levels,
       (SELECT min(th) - progress FROM unnest(thresholds) th WHERE th > progress)::integer AS next_slot_needs
FROM rows;
