-- 0026_craft_profit: what each recipe costs to craft and what its output is
-- worth, per region: `goblin.craft_profit(region, connected_realm)` and the
-- view `goblin.view_craft_profit` over every region with market data.
-- Safe while jobs run (new objects only).
--
-- What the seeded data can and cannot say (Game Data API, see the samples):
-- * A recipe's reagents name one item id each. Since Dragonflight a reagent
--   comes in quality tiers that are separate item ids with the same name,
--   class and subclass and (nearly) consecutive ids (Hochenblume 191460-62);
--   the API has no field that links them. `goblin.item_quality_tiers` takes
--   a known mapping; without one, tiers are inferred from that pattern
--   (`goblin.view_item_quality_tiers`, source 'inferred'). The crafted item's
--   tiers are found the same way, so output quality is an inferred tier, and
--   NULL when the output shows no tiers.
-- * Modified-crafting slots carry no item ids and no quantities, only a slot
--   type name. A slot not marked optional whose name is an item's name (the
--   Midnight "Peacebloom" slot) is a required reagent of unknown quantity: the
--   cost is NULL and `missing_reagents` names it. Other slots not marked
--   required are listed in `optional_reagents` and not priced.
-- * Nothing seeded says which items vendors sell: `goblin.vendor_reagents`
--   marks them (price from the row, else the item's purchase price).
--
-- Prices: the region's commodity market value, else the connected realm's
-- market value (only when one is asked for), else the vendor price for
-- vendor-sold reagents. A reagent with none of these makes the recipe's cost
-- NULL and is named in `missing_reagents`, never summed as 0.
-- Profit deducts the auction house's 5% cut from the output's value.
-- margin = profit / output_value.
--
-- Measured (PostgreSQL 15 on the 2-core bench machine, EXPLAIN ANALYZE, warm;
-- catalogue from test/helpers/craft-fixture.ts generatedCatalogue(3000)):
-- 3,000 recipes over 12 professions, 12,000 reagent rows, 8,600 items of which
-- 6,000 are inferred quality tiers, one commodity snapshot pricing every item.
-- `SELECT * FROM goblin.view_craft_profit WHERE region = 'us'` (5,000 rows,
-- a third of the outputs in three tiers): 195-335 ms; one profession,
-- `goblin.craft_profit('us', NULL, <profession>)` (418 rows): 68-85 ms.
-- With JIT on (the server default) the same view took 7.4 s: see below.

-- Known quality tiers (tier 1 lowest). Rows here win over the inference.
CREATE TABLE goblin.item_quality_tiers (
  item_id       integer PRIMARY KEY,
  base_item_id  integer NOT NULL,   -- the tier-1 item, shared by all tiers of one reagent or product
  tier          smallint NOT NULL CHECK (tier BETWEEN 1 AND 5)
);
CREATE INDEX ON goblin.item_quality_tiers (base_item_id);

-- Reagents a vendor sells, so a recipe using them is priced without a market.
CREATE TABLE goblin.vendor_reagents (
  item_id     integer PRIMARY KEY,
  unit_price  bigint CHECK (unit_price > 0)   -- copper per unit; NULL: the item's purchase price / purchase quantity
);

-- Quality tiers of one item: the known ones, else runs of 2-5 stackable
-- items sharing name, class and subclass whose ids are at most 2 apart.
CREATE VIEW goblin.view_item_quality_tiers AS
WITH candidates AS (
  SELECT i.item_id, i.name, i.item_class_id, i.item_subclass_id,
         i.item_id - lag(i.item_id) OVER (PARTITION BY i.name, i.item_class_id, i.item_subclass_id ORDER BY i.item_id) AS gap
  FROM goblin.items i
  WHERE i.is_stackable AND i.name <> ''
    AND NOT EXISTS (SELECT 1 FROM goblin.item_quality_tiers k WHERE k.item_id = i.item_id)
),
runs AS (
  SELECT c.*, count(*) FILTER (WHERE gap IS NULL OR gap > 2)
                OVER (PARTITION BY name, item_class_id, item_subclass_id ORDER BY item_id) AS run
  FROM candidates c
),
sized AS (
  SELECT item_id,
         min(item_id) OVER r AS base_item_id,
         row_number() OVER (PARTITION BY name, item_class_id, item_subclass_id, run ORDER BY item_id) AS tier,
         count(*) OVER r AS tiers
  FROM runs
  WINDOW r AS (PARTITION BY name, item_class_id, item_subclass_id, run)
)
SELECT item_id, base_item_id, tier::smallint AS tier, 'inferred'::text AS source
FROM sized
WHERE tiers BETWEEN 2 AND 5
UNION ALL
SELECT item_id, base_item_id, tier, 'known'
FROM goblin.item_quality_tiers;

-- One row per recipe and output tier (one row with NULL output when the
-- recipe names no crafted item). p_connected_realm_id adds that realm's
-- market as the second price source and its sales for sold_per_day;
-- p_profession_id limits the work to one profession's recipes.
CREATE FUNCTION goblin.craft_profit(p_region text, p_connected_realm_id integer DEFAULT NULL, p_profession_id integer DEFAULT NULL)
RETURNS TABLE (
  region                 text,
  recipe_id              integer,
  recipe_name            text,
  profession_id          integer,
  output_item_id         integer,
  output_quality         smallint,
  reagent_cost           bigint,
  output_value           bigint,
  profit                 bigint,
  margin                 numeric,
  sold_per_day           numeric,
  connected_realm_id     integer,
  output_name            text,
  output_quantity        numeric,    -- items per craft; 1 when the recipe does not say (see output_quantity_known)
  output_quantity_known  boolean,
  missing_reagents       text[],     -- why reagent_cost is NULL: reagents without a price, slots of unknown quantity
  optional_reagents      text[],     -- optional slots (not priced)
  reagents               jsonb       -- the chosen item per reagent: item_id, name, quality, quantity, unit_price, source
)
-- The joins over inferred tiers are estimated ~100x too large, which makes
-- the planner JIT-compile a 0.3 s query for 7 s; without JIT the plan is fine.
LANGUAGE sql STABLE SET jit = off AS $$
WITH professions AS (
  SELECT str.recipe_id, min(st.profession_id) AS profession_id
  FROM goblin.skill_tier_recipes str
  JOIN goblin.skill_tiers st ON st.skill_tier_id = str.skill_tier_id
  GROUP BY str.recipe_id
),
wanted AS (
  SELECT rc.recipe_id, rc.name, rc.crafted_quantity, rc.crafted_quantity_min, rc.crafted_quantity_max, p.profession_id
  FROM goblin.recipes rc
  LEFT JOIN professions p ON p.recipe_id = rc.recipe_id
  WHERE p_profession_id IS NULL OR p.profession_id = p_profession_id
),
tiers AS (
  SELECT item_id, base_item_id, tier FROM goblin.view_item_quality_tiers
),
commodity AS (
  SELECT c.item_id, nullif(c.market_value, 0) AS price
  FROM goblin.view_latest_commodity_stats c
  WHERE c.region = p_region
),
realm AS (
  SELECT r.item_id, nullif(r.market_value, 0) AS price
  FROM goblin.view_latest_realm_stats r
  WHERE r.region = p_region AND r.connected_realm_id = p_connected_realm_id AND r.pet_species_id = 0
),
vendor AS (
  SELECT v.item_id, coalesce(v.unit_price, ceil(i.purchase_price::numeric / greatest(coalesce(i.purchase_quantity, 1), 1))::bigint) AS price
  FROM goblin.vendor_reagents v
  LEFT JOIN goblin.items i ON i.item_id = v.item_id
),
options AS (
  SELECT rr.recipe_id, rr.item_id AS listed_item_id, rr.quantity,
         coalesce(rr.item_name, li.name, 'item ' || rr.item_id) AS reagent_name,
         coalesce(t2.item_id, rr.item_id) AS item_id, t2.tier
  FROM goblin.recipe_reagents rr
  JOIN wanted w ON w.recipe_id = rr.recipe_id
  LEFT JOIN goblin.items li ON li.item_id = rr.item_id
  LEFT JOIN tiers t1 ON t1.item_id = rr.item_id
  LEFT JOIN tiers t2 ON t2.base_item_id = t1.base_item_id
),
chosen AS (
  SELECT DISTINCT ON (o.recipe_id, o.listed_item_id)
         o.recipe_id, o.listed_item_id, o.quantity, o.reagent_name, o.item_id, o.tier,
         coalesce(c.price, r.price, v.price) AS unit_price,
         CASE WHEN c.price IS NOT NULL THEN 'commodity' WHEN r.price IS NOT NULL THEN 'realm' WHEN v.price IS NOT NULL THEN 'vendor' END AS source
  FROM options o
  LEFT JOIN commodity c ON c.item_id = o.item_id
  LEFT JOIN realm r ON r.item_id = o.item_id
  LEFT JOIN vendor v ON v.item_id = o.item_id
  ORDER BY o.recipe_id, o.listed_item_id, coalesce(c.price, r.price, v.price) NULLS LAST, o.tier
),
reagent_totals AS (
  SELECT ch.recipe_id,
         sum(ch.quantity * ch.unit_price) AS cost,
         coalesce(array_agg(ch.reagent_name ORDER BY ch.reagent_name) FILTER (WHERE ch.unit_price IS NULL), '{}') AS unpriced,
         jsonb_agg(jsonb_build_object('item_id', ch.item_id, 'name', ch.reagent_name, 'quality', ch.tier, 'quantity', ch.quantity,
                                      'unit_price', ch.unit_price, 'source', ch.source) ORDER BY ch.listed_item_id) AS reagents
  FROM chosen ch
  GROUP BY ch.recipe_id
),
item_names AS (
  SELECT DISTINCT lower(name) AS lname FROM goblin.items
),
slot_notes AS (
  SELECT s.recipe_id,
         coalesce(array_agg(coalesce(s.slot_type_name, 'slot ' || s.slot_type_id) || ' (slot, quantity unknown)' ORDER BY s.display_order)
                    FILTER (WHERE s.is_optional IS NOT TRUE AND (s.is_optional = false OR n.lname IS NOT NULL)), '{}') AS required,
         coalesce(array_agg(coalesce(s.slot_type_name, 'slot ' || s.slot_type_id) ORDER BY s.display_order)
                    FILTER (WHERE s.is_optional = true OR (s.is_optional IS NULL AND n.lname IS NULL)), '{}') AS optional
  FROM goblin.recipe_modified_slots s
  JOIN wanted w ON w.recipe_id = s.recipe_id
  LEFT JOIN item_names n ON n.lname = lower(s.slot_type_name)
  GROUP BY s.recipe_id
),
outputs AS (
  SELECT DISTINCT ro.recipe_id, coalesce(t2.item_id, ro.item_id) AS item_id, t2.tier,
         coalesce(oi.name, CASE WHEN t2.item_id IS NULL THEN ro.item_name END, 'item ' || coalesce(t2.item_id, ro.item_id)) AS name
  FROM goblin.recipe_outputs ro
  JOIN wanted w ON w.recipe_id = ro.recipe_id
  LEFT JOIN tiers t1 ON t1.item_id = ro.item_id
  LEFT JOIN tiers t2 ON t2.base_item_id = t1.base_item_id
  LEFT JOIN goblin.items oi ON oi.item_id = coalesce(t2.item_id, ro.item_id)
),
rates AS (
  SELECT sr.item_id, sr.connected_realm_id, sr.units_per_day
  FROM goblin.item_sales_rates sr
  WHERE sr.region = p_region AND sr.pet_species_id = 0
    AND (sr.connected_realm_id IS NULL OR sr.connected_realm_id = p_connected_realm_id)
),
rows AS (
  SELECT rc.recipe_id, rc.name AS recipe_name, rc.profession_id, o.item_id AS output_item_id, o.tier AS output_quality, o.name AS output_name,
         coalesce(rc.crafted_quantity, (rc.crafted_quantity_min + rc.crafted_quantity_max) / 2) AS stated_quantity,
         CASE WHEN rt.recipe_id IS NULL OR cardinality(rt.unpriced) > 0 OR cardinality(sn.required) > 0 THEN NULL ELSE rt.cost END AS cost,
         CASE WHEN rt.recipe_id IS NULL AND coalesce(cardinality(sn.required), 0) = 0 THEN ARRAY['(the seeded recipe lists no reagents)']
              ELSE coalesce(rt.unpriced, '{}') END || coalesce(sn.required, '{}') AS missing,
         coalesce(sn.optional, '{}') AS optional,
         coalesce(rt.reagents, '[]') AS reagents,
         coalesce(oc.price, orl.price) AS unit_value,
         coalesce(src.units_per_day, srr.units_per_day) AS sold
  FROM wanted rc
  LEFT JOIN reagent_totals rt ON rt.recipe_id = rc.recipe_id
  LEFT JOIN slot_notes sn ON sn.recipe_id = rc.recipe_id
  LEFT JOIN outputs o ON o.recipe_id = rc.recipe_id
  LEFT JOIN commodity oc ON oc.item_id = o.item_id
  LEFT JOIN realm orl ON orl.item_id = o.item_id
  LEFT JOIN rates src ON src.item_id = o.item_id AND src.connected_realm_id IS NULL
  LEFT JOIN rates srr ON srr.item_id = o.item_id AND srr.connected_realm_id = p_connected_realm_id
  -- Gathering ranks and other entries with nothing to craft from or into.
  WHERE rt.recipe_id IS NOT NULL OR sn.recipe_id IS NOT NULL OR o.recipe_id IS NOT NULL
),
valued AS (
  SELECT r.*, round(r.unit_value * coalesce(r.stated_quantity, 1))::bigint AS value
  FROM rows r
)
SELECT p_region, v.recipe_id, v.recipe_name, v.profession_id, v.output_item_id, v.output_quality,
       v.cost::bigint, v.value,
       (round(v.value * 0.95) - v.cost)::bigint,
       round((round(v.value * 0.95) - v.cost) / nullif(v.value, 0), 4),
       round(v.sold::numeric, 2),
       p_connected_realm_id, v.output_name, coalesce(v.stated_quantity, 1), v.stated_quantity IS NOT NULL,
       v.missing, v.optional, v.reagents
FROM valued v
$$;

-- Public contract (other modules read the first eleven columns): every
-- region with market data, region-wide prices only. A connected realm's view
-- is `SELECT * FROM goblin.craft_profit('eu', 1080)`.
CREATE VIEW goblin.view_craft_profit AS
SELECT p.*
FROM unnest(ARRAY['us', 'eu', 'kr', 'tw']) AS m(region)
CROSS JOIN LATERAL goblin.craft_profit(m.region) AS p
WHERE EXISTS (SELECT 1 FROM goblin.auction_snapshots s WHERE s.region = m.region);
