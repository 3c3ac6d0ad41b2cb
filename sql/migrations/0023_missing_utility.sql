-- 0023_missing_utility: the weekly profession knowledge each character has not
-- collected yet this reset week (holocron.view_missing_utility, the seed's
-- name), and the part of it money can fix: the shopping list of treatises
-- (holocron.view_shopping_list), priced from the region's newest commodity
-- snapshot, or a mail job when another character already holds one.
-- Safe while jobs run (new tables and views only; the shopping list view has
-- the columns the reset board reads first, then more).

-- The professions that have weekly knowledge, by skill line id (the ids
-- Quests.lua and the client's GetProfessionInfo use); names as SimC writes them
-- lower-cased ("alchemy=100") so an export names the profession.
CREATE TABLE holocron.knowledge_professions (
  skill_line_id  integer PRIMARY KEY,
  name           text NOT NULL UNIQUE
);
INSERT INTO holocron.knowledge_professions (skill_line_id, name) VALUES
  (171, 'Alchemy'), (164, 'Blacksmithing'), (333, 'Enchanting'), (202, 'Engineering'), (182, 'Herbalism'),
  (773, 'Inscription'), (755, 'Jewelcrafting'), (165, 'Leatherworking'), (186, 'Mining'), (393, 'Skinning'),
  (197, 'Tailoring');

-- The weekly quests the addon checks, exactly addon/Holocron/Quests.lua's list
-- (test/unit/weekly-quests.test.ts parses that file and fails when the two
-- differ: a new patch changes both). Gathering rows are kept so the lists stay
-- equal, but the views leave them out: they are drops from nodes, not a chore.
CREATE TABLE holocron.weekly_knowledge_quests (
  quest_id       integer PRIMARY KEY,
  expansion      text NOT NULL CHECK (expansion IN ('tww', 'midnight')),
  skill_line_id  integer NOT NULL REFERENCES holocron.knowledge_professions,
  kind           text NOT NULL CHECK (kind IN ('treatise', 'weekly', 'treasure', 'gathering'))
);
INSERT INTO holocron.weekly_knowledge_quests (quest_id, expansion, skill_line_id, kind) VALUES
  (83725, 'tww', 171, 'treatise'), (84133, 'tww', 171, 'weekly'), (83253, 'tww', 171, 'treasure'), (83255, 'tww', 171, 'treasure'),
  (83726, 'tww', 164, 'treatise'), (84127, 'tww', 164, 'weekly'), (83256, 'tww', 164, 'treasure'), (83257, 'tww', 164, 'treasure'),
  (83727, 'tww', 333, 'treatise'), (84084, 'tww', 333, 'weekly'), (84085, 'tww', 333, 'weekly'), (84086, 'tww', 333, 'weekly'),
  (83258, 'tww', 333, 'treasure'), (83259, 'tww', 333, 'treasure'), (84290, 'tww', 333, 'gathering'), (84291, 'tww', 333, 'gathering'),
  (84292, 'tww', 333, 'gathering'), (84293, 'tww', 333, 'gathering'), (84294, 'tww', 333, 'gathering'), (84295, 'tww', 333, 'gathering'),
  (83728, 'tww', 202, 'treatise'), (84128, 'tww', 202, 'weekly'), (83260, 'tww', 202, 'treasure'), (83261, 'tww', 202, 'treasure'),
  (83729, 'tww', 182, 'treatise'), (82916, 'tww', 182, 'weekly'), (82958, 'tww', 182, 'weekly'), (82962, 'tww', 182, 'weekly'),
  (82965, 'tww', 182, 'weekly'), (82970, 'tww', 182, 'weekly'), (81416, 'tww', 182, 'gathering'), (81417, 'tww', 182, 'gathering'),
  (81418, 'tww', 182, 'gathering'), (81419, 'tww', 182, 'gathering'), (81420, 'tww', 182, 'gathering'), (81421, 'tww', 182, 'gathering'),
  (83730, 'tww', 773, 'treatise'), (84129, 'tww', 773, 'weekly'), (83262, 'tww', 773, 'treasure'), (83264, 'tww', 773, 'treasure'),
  (83731, 'tww', 755, 'treatise'), (84130, 'tww', 755, 'weekly'), (83265, 'tww', 755, 'treasure'), (83266, 'tww', 755, 'treasure'),
  (83732, 'tww', 165, 'treatise'), (84131, 'tww', 165, 'weekly'), (83267, 'tww', 165, 'treasure'), (83268, 'tww', 165, 'treasure'),
  (83733, 'tww', 186, 'treatise'), (83102, 'tww', 186, 'weekly'), (83103, 'tww', 186, 'weekly'), (83104, 'tww', 186, 'weekly'),
  (83105, 'tww', 186, 'weekly'), (83106, 'tww', 186, 'weekly'), (83049, 'tww', 186, 'gathering'), (83050, 'tww', 186, 'gathering'),
  (83051, 'tww', 186, 'gathering'), (83052, 'tww', 186, 'gathering'), (83053, 'tww', 186, 'gathering'), (83054, 'tww', 186, 'gathering'),
  (83734, 'tww', 393, 'treatise'), (82992, 'tww', 393, 'weekly'), (82993, 'tww', 393, 'weekly'), (83097, 'tww', 393, 'weekly'),
  (83098, 'tww', 393, 'weekly'), (83100, 'tww', 393, 'weekly'), (81459, 'tww', 393, 'gathering'), (81460, 'tww', 393, 'gathering'),
  (81461, 'tww', 393, 'gathering'), (81462, 'tww', 393, 'gathering'), (81463, 'tww', 393, 'gathering'), (81464, 'tww', 393, 'gathering'),
  (83735, 'tww', 197, 'treatise'), (84132, 'tww', 197, 'weekly'), (83269, 'tww', 197, 'treasure'), (83270, 'tww', 197, 'treasure'),
  (95127, 'midnight', 171, 'treatise'), (93690, 'midnight', 171, 'weekly'), (93528, 'midnight', 171, 'treasure'), (93529, 'midnight', 171, 'treasure'),
  (95128, 'midnight', 164, 'treatise'), (93691, 'midnight', 164, 'weekly'), (93530, 'midnight', 164, 'treasure'), (93531, 'midnight', 164, 'treasure'),
  (95129, 'midnight', 333, 'treatise'), (93697, 'midnight', 333, 'weekly'), (93698, 'midnight', 333, 'weekly'), (93699, 'midnight', 333, 'weekly'),
  (93532, 'midnight', 333, 'treasure'), (93533, 'midnight', 333, 'treasure'), (95048, 'midnight', 333, 'gathering'), (95049, 'midnight', 333, 'gathering'),
  (95050, 'midnight', 333, 'gathering'), (95051, 'midnight', 333, 'gathering'), (95052, 'midnight', 333, 'gathering'), (95053, 'midnight', 333, 'gathering'),
  (95138, 'midnight', 202, 'treatise'), (93692, 'midnight', 202, 'weekly'), (93534, 'midnight', 202, 'treasure'), (93535, 'midnight', 202, 'treasure'),
  (95130, 'midnight', 182, 'treatise'), (93700, 'midnight', 182, 'weekly'), (93701, 'midnight', 182, 'weekly'), (93702, 'midnight', 182, 'weekly'),
  (93703, 'midnight', 182, 'weekly'), (93704, 'midnight', 182, 'weekly'), (81425, 'midnight', 182, 'gathering'), (81426, 'midnight', 182, 'gathering'),
  (81427, 'midnight', 182, 'gathering'), (81428, 'midnight', 182, 'gathering'), (81429, 'midnight', 182, 'gathering'), (81430, 'midnight', 182, 'gathering'),
  (95131, 'midnight', 773, 'treatise'), (93693, 'midnight', 773, 'weekly'), (93536, 'midnight', 773, 'treasure'), (93537, 'midnight', 773, 'treasure'),
  (95133, 'midnight', 755, 'treatise'), (93694, 'midnight', 755, 'weekly'), (93538, 'midnight', 755, 'treasure'), (93539, 'midnight', 755, 'treasure'),
  (95134, 'midnight', 165, 'treatise'), (93695, 'midnight', 165, 'weekly'), (93540, 'midnight', 165, 'treasure'), (93541, 'midnight', 165, 'treasure'),
  (95135, 'midnight', 186, 'treatise'), (93705, 'midnight', 186, 'weekly'), (93706, 'midnight', 186, 'weekly'), (93707, 'midnight', 186, 'weekly'),
  (93708, 'midnight', 186, 'weekly'), (93709, 'midnight', 186, 'weekly'), (88673, 'midnight', 186, 'gathering'), (88674, 'midnight', 186, 'gathering'),
  (88675, 'midnight', 186, 'gathering'), (88676, 'midnight', 186, 'gathering'), (88677, 'midnight', 186, 'gathering'), (88678, 'midnight', 186, 'gathering'),
  (95136, 'midnight', 393, 'treatise'), (93710, 'midnight', 393, 'weekly'), (93711, 'midnight', 393, 'weekly'), (93712, 'midnight', 393, 'weekly'),
  (93713, 'midnight', 393, 'weekly'), (93714, 'midnight', 393, 'weekly'), (88529, 'midnight', 393, 'gathering'), (88530, 'midnight', 393, 'gathering'),
  (88534, 'midnight', 393, 'gathering'), (88536, 'midnight', 393, 'gathering'), (88537, 'midnight', 393, 'gathering'), (88549, 'midnight', 393, 'gathering'),
  (95137, 'midnight', 197, 'treatise'), (93696, 'midnight', 197, 'weekly'), (93542, 'midnight', 197, 'treasure'), (93543, 'midnight', 197, 'treasure')
;

-- The treatise each treatise quest consumes. Item ids from public addon data
-- found with the code index: a War Within knowledge tracker's
-- `PKT.TreatiseItems` (quest 83725 → item 222546 "Algari Treatise on Alchemy" …)
-- and Octo's weekly table (`{95127, forcedText = {itemID = 245755}}, --
-- Thalassian Treatise on Alchemy` …), the Midnight ids confirmed by a second
-- addon's "Thalassian Treatises" item list. Inscription crafts them; guides
-- say they bind on pickup and come through crafting orders, so a commodity
-- price is used when the market has one and the row says "crafting order"
-- when it has none.
CREATE TABLE holocron.knowledge_treatises (
  quest_id  integer PRIMARY KEY REFERENCES holocron.weekly_knowledge_quests,
  item_id   integer NOT NULL UNIQUE,
  name      text NOT NULL
);
INSERT INTO holocron.knowledge_treatises (quest_id, item_id, name) VALUES
  (83725, 222546, 'Algari Treatise on Alchemy'), (83726, 222554, 'Algari Treatise on Blacksmithing'),
  (83727, 222550, 'Algari Treatise on Enchanting'), (83728, 222621, 'Algari Treatise on Engineering'),
  (83729, 222552, 'Algari Treatise on Herbalism'), (83730, 222548, 'Algari Treatise on Inscription'),
  (83731, 222551, 'Algari Treatise on Jewelcrafting'), (83732, 222549, 'Algari Treatise on Leatherworking'),
  (83733, 222553, 'Algari Treatise on Mining'), (83734, 222649, 'Algari Treatise on Skinning'),
  (83735, 222547, 'Algari Treatise on Tailoring'),
  (95127, 245755, 'Thalassian Treatise on Alchemy'), (95128, 245763, 'Thalassian Treatise on Blacksmithing'),
  (95129, 245759, 'Thalassian Treatise on Enchanting'), (95138, 245809, 'Thalassian Treatise on Engineering'),
  (95130, 245761, 'Thalassian Treatise on Herbalism'), (95131, 245757, 'Thalassian Treatise on Inscription'),
  (95133, 245760, 'Thalassian Treatise on Jewelcrafting'), (95134, 245758, 'Thalassian Treatise on Leatherworking'),
  (95135, 245762, 'Thalassian Treatise on Mining'), (95136, 245828, 'Thalassian Treatise on Skinning'),
  (95137, 245756, 'Thalassian Treatise on Tailoring');

-- What one source of each kind gives and how long it takes, for `holocron todo`
-- (README "todo"). Knowledge points: treatise 1; the week's profession quest 2
-- (the notebook or notes it rewards); each weekly treasure 2 (both
-- expansions' trackers agree). Minutes are estimates for a player who knows
-- the way: use an item from the bags; do a trainer quest (three crafting
-- orders or a gathering round); find a treasure in the zone.
CREATE TABLE holocron.knowledge_source_kinds (
  kind       text PRIMARY KEY CHECK (kind IN ('treatise', 'weekly', 'treasure')),
  knowledge  integer NOT NULL,
  minutes    integer NOT NULL CHECK (minutes > 0)
);
INSERT INTO holocron.knowledge_source_kinds (kind, knowledge, minutes) VALUES
  ('treatise', 1, 2), ('weekly', 2, 20), ('treasure', 2, 15);

-- A knowledge point's worth in copper, for ranking against gold-valued chores:
-- holocron.settings 'todo.knowledge_point_value' when set, else 500 gold.
CREATE FUNCTION holocron.knowledge_point_value() RETURNS bigint
LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT (value #>> '{}')::bigint FROM holocron.settings WHERE name = 'todo.knowledge_point_value'), 5000000)
$$;

-- The start of the reset week `at` falls in for a region: the reset branch's
-- week row when one covers it (it knows the client's reset instant), else the
-- fixed schedule of 0016.
CREATE FUNCTION holocron.current_week_start(region text, at timestamptz DEFAULT now()) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    (SELECT max(w.starts_at) FROM ops.reset_weeks w WHERE w.region = lower($1) AND w.starts_at <= $2 AND w.ends_at > $2),
    skillweaver.reset_week_start($2, lower($1)))
$$;

-- Which professions (and expansions) a character works on. The collector does
-- not save professions, so two witnesses: any weekly quest of a profession in
-- the character's newest quest dump (of any week: last week's treatise still
-- says "alchemist"), and the newest /simc export's professions= line (ranks do
-- not say the expansion: taken as the newest, Midnight).
CREATE VIEW holocron.view_character_professions AS
SELECT DISTINCT ON (owner_id, skill_line_id, expansion) owner_id, skill_line_id, expansion, source
FROM (
  SELECT d.owner_id, q.skill_line_id, q.expansion, 'quests'::text AS source
  FROM holocron.weekly_quests_done d
  JOIN holocron.weekly_knowledge_quests q ON q.quest_id = ANY (d.quest_ids)
  UNION ALL
  SELECT p.owner_id, kp.skill_line_id, 'midnight', 'simc'
  FROM (SELECT DISTINCT ON (owner_id) owner_id, details FROM skillweaver.simc_profiles ORDER BY owner_id, observed_at DESC, profile_id DESC) p
  CROSS JOIN LATERAL jsonb_array_elements(coalesce(p.details -> 'professions', '[]'::jsonb)) AS e(prof)
  JOIN holocron.knowledge_professions kp ON lower(kp.name) = lower(e.prof ->> 'name')
) AS w
ORDER BY owner_id, skill_line_id, expansion, source;

-- Public contract (todo, reset board): per character and profession, each
-- weekly knowledge source not done since the region's last reset. Treatises
-- and treasures are one row per quest; the week's profession quest is one row
-- (some professions offer several, any one counts). A quest dump older than
-- the week start says nothing about this week: everything is open again.
-- held: how many of the source's item (treatises) the character holds itself.
CREATE VIEW holocron.view_missing_utility AS
WITH chars AS (
  SELECT c.owner_id, o.label AS character, c.account_id, coalesce(lower(c.region), 'us') AS region,
         holocron.current_week_start(coalesce(lower(c.region), 'us')) AS week_start
  FROM holocron.characters c JOIN holocron.owners o USING (owner_id)
),
sources AS (
  SELECT p.owner_id, q.expansion, q.skill_line_id, q.kind, ARRAY[q.quest_id] AS quest_ids
  FROM holocron.view_character_professions p
  JOIN holocron.weekly_knowledge_quests q USING (skill_line_id, expansion)
  WHERE q.kind IN ('treatise', 'treasure')
  UNION ALL
  SELECT p.owner_id, q.expansion, q.skill_line_id, 'weekly', array_agg(q.quest_id ORDER BY q.quest_id)
  FROM holocron.view_character_professions p
  JOIN holocron.weekly_knowledge_quests q USING (skill_line_id, expansion)
  WHERE q.kind = 'weekly'
  GROUP BY 1, 2, 3
)
SELECT ch.owner_id, ch.character, ch.account_id, ch.region, ch.week_start,
       s.expansion, s.skill_line_id, kp.name AS profession, s.kind, s.quest_ids,
       CASE s.kind WHEN 'treatise' THEN t.name
                   WHEN 'weekly' THEN kp.name || ' weekly quest'
                   ELSE kp.name || ' weekly treasure (quest ' || s.quest_ids[1] || ')' END AS what,
       t.item_id,
       k.knowledge, k.minutes,
       k.knowledge * holocron.knowledge_point_value() AS value,
       coalesce((SELECT sum(cp.count) FROM holocron.current_places cp JOIN holocron.inventory_snapshots sn USING (snapshot_id)
                 WHERE cp.owner_id = ch.owner_id AND cp.item_id = t.item_id AND cp.pet_species_id = 0 AND sn.location <> 'auction'), 0)::integer AS held,
       d.observed_at AS quests_observed_at
FROM sources s
JOIN chars ch USING (owner_id)
JOIN holocron.knowledge_professions kp USING (skill_line_id)
JOIN holocron.knowledge_source_kinds k USING (kind)
LEFT JOIN holocron.knowledge_treatises t ON s.kind = 'treatise' AND t.quest_id = s.quest_ids[1]
LEFT JOIN holocron.weekly_quests_done d ON d.owner_id = ch.owner_id AND d.observed_at >= ch.week_start
WHERE NOT (s.quest_ids && coalesce(d.quest_ids, '{}'::integer[]));

-- Public contract (reset board, todo): the treatises a character still needs
-- this week and does not hold itself. held_by: another character of the same
-- account (or its warband bank) holding one, the biggest holder first — then
-- the move is a mail (or a warband bank withdrawal), not a purchase.
-- unit_price: the region's newest commodity snapshot's market value (NULL
-- when the market has none: then a crafting order, see where_to_buy).

CREATE VIEW holocron.view_shopping_list AS
SELECT m.owner_id, m.character, m.item_id, m.what AS item_name,
       m.profession || ' treatise not used this week (+' || m.knowledge || ' knowledge, ' || m.expansion || ')' AS why,
       c.market_value AS unit_price,
       CASE WHEN c.market_value IS NOT NULL THEN 'commodity' END AS price_source,
       h.label AS held_by,
       h.owner_id AS held_by_owner_id, h.kind AS held_by_kind, h.count AS held_count,
       CASE WHEN c.market_value IS NOT NULL THEN 'auction house (commodity)' ELSE 'crafting order (Inscription)' END AS where_to_buy,
       c.snapshot_at AS price_at,
       m.region, m.expansion, m.skill_line_id, m.profession, m.knowledge, m.value, m.week_start
FROM holocron.view_missing_utility m
LEFT JOIN goblin.view_latest_commodity_stats c ON c.region = m.region AND c.item_id = m.item_id
LEFT JOIN LATERAL (
  SELECT o.owner_id, o.label, o.kind, sum(cp.count)::integer AS count
  FROM holocron.current_places cp
  JOIN holocron.inventory_snapshots sn USING (snapshot_id)
  JOIN holocron.owners o ON o.owner_id = cp.owner_id
  WHERE cp.item_id = m.item_id AND cp.pet_species_id = 0 AND cp.owner_id <> m.owner_id
    AND sn.location <> 'auction' AND o.kind IN ('character', 'warband') AND o.account_id = m.account_id
  GROUP BY o.owner_id, o.label, o.kind
  ORDER BY sum(cp.count) DESC, o.label
  LIMIT 1
) h ON true
WHERE m.kind = 'treatise' AND m.held = 0;
