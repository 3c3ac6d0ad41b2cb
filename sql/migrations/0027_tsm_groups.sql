-- 0027_tsm_groups
-- TSM group sync (seed 003): the rules that turn market analysis and craft
-- profit into TradeSkillMaster groups, and the operations those groups use.
-- `holocron tsm groups` previews the plan; `holocron tsm sync` splices it into
-- TradeSkillMaster.lua under one root group (default "Holocron").
-- Safe to run while jobs run: new tables and a function, nothing rewritten.

-- Seed 003's GroupConfig, one row per group. `path` is relative to the root
-- group and uses "/" between names ('' is the root itself); TSM's own
-- separator, the backtick, may not appear in a name. Subgroups are rows whose
-- path extends another's; a parent without a row is created empty.
CREATE TABLE goblin.tsm_group_rule (
  path             text PRIMARY KEY CHECK (path !~ '`' AND path !~ '(^/|/$|//)' AND path = btrim(path)),
  -- Where the candidates come from: market analysis (flips) or craft profit;
  -- NULL for a group that only holds subgroups and operations.
  source           text CHECK (source IN ('market', 'craft')),
  -- An item is in one TSM group only: it goes to the matching rule with the
  -- lowest priority number.
  priority         integer NOT NULL DEFAULT 100,
  -- Criteria; NULL means "no limit". Money in copper.
  min_market_value bigint,
  max_market_value bigint,
  min_daily_sold   numeric,
  min_sale_rate    numeric,
  min_profit       bigint,
  min_margin       numeric,
  -- Very large groups stall TSM in game; the best-scoring items are kept.
  max_items        integer NOT NULL DEFAULT 500 CHECK (max_items > 0),
  -- {"Auctioning": ["Flip Fast"], …}: operation names (without the root
  -- prefix) per TSM module; a module not named inherits from the parent group.
  operations       jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(operations) = 'object'),
  enabled          boolean NOT NULL DEFAULT true,
  CHECK (source IS NOT NULL OR (min_market_value IS NULL AND max_market_value IS NULL AND min_daily_sold IS NULL
                                AND min_sale_rate IS NULL AND min_profit IS NULL AND min_margin IS NULL))
);

-- Our operations. Written into the file as "<root>: <name>" (e.g. "Holocron:
-- Flip Fast") so they never collide with the user's; the settings are only
-- what differs from the file's own #Default of that module (types are copied
-- from it, since TSM resets a field whose type differs).
CREATE TABLE goblin.tsm_operation (
  module   text NOT NULL CHECK (module IN ('Auctioning', 'Crafting', 'Mailing', 'Shopping', 'Sniper', 'Vendoring', 'Warehousing')),
  name     text NOT NULL CHECK (name <> '' AND name = btrim(name) AND name !~ '[`\x01]'),
  settings jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
  PRIMARY KEY (module, name)
);

INSERT INTO goblin.tsm_operation (module, name, settings) VALUES
  ('Auctioning', 'Post', '{"postCap": "5", "undercut": "1c", "duration": 2,
     "minPrice": "max(0.7*dbmarket, 1.5*vendorsell)", "normalPrice": "max(dbmarket, 1.5*vendorsell)", "maxPrice": "max(2*dbmarket, 2*dbhistorical)"}'),
  ('Auctioning', 'Flip Fast', '{"postCap": "20", "undercut": "1c", "duration": 1,
     "minPrice": "0.9*dbmarket", "normalPrice": "dbmarket", "maxPrice": "1.5*dbmarket"}'),
  ('Auctioning', 'Flip Premium', '{"postCap": "2", "undercut": "1c", "duration": 3,
     "minPrice": "0.85*dbhistorical", "normalPrice": "max(dbmarket, dbhistorical)", "maxPrice": "2*dbhistorical"}'),
  ('Shopping', 'Flip Buy', '{"maxPrice": "0.7*dbmarket", "showAboveMaxPrice": false}'),
  ('Crafting', 'Craft', '{"minRestock": "2", "maxRestock": "10", "minProfit": "50g"}');

-- Sensible defaults under the root. Market values: 1g = 10000 copper.
INSERT INTO goblin.tsm_group_rule (path, source, priority, min_market_value, max_market_value, min_daily_sold, min_sale_rate, min_profit, min_margin, max_items, operations) VALUES
  ('',                     NULL,     100, NULL,      NULL,      NULL, NULL, NULL,    NULL, 500, '{"Auctioning": ["Post"]}'),
  ('Flips',                NULL,     100, NULL,      NULL,      NULL, NULL, NULL,    NULL, 500, '{"Shopping": ["Flip Buy"]}'),
  ('Flips/High Volume',    'market',  20, 100000,    100000000, 100,  0.3,  NULL,    NULL, 500, '{"Auctioning": ["Flip Fast"]}'),
  ('Flips/Premium',        'market',  30, 10000000,  NULL,      1,    0.1,  NULL,    NULL, 200, '{"Auctioning": ["Flip Premium"]}'),
  ('Flips/Steady',         'market',  40, 500000,    NULL,      10,   0.2,  NULL,    NULL, 500, '{}'),
  ('Crafting',             NULL,     100, NULL,      NULL,      NULL, NULL, NULL,    NULL, 500, '{"Crafting": ["Craft"]}'),
  ('Crafting/Profitable',  'craft',   10, NULL,      NULL,      5,    NULL, 500000,  0.2,  500, '{}'),
  ('Crafting/Slow Profit', 'craft',   15, NULL,      NULL,      0.5,  NULL, 5000000, 0.2,  200, '{}');

-- The plan: which item (TSM item string) goes into which rule's group, one
-- group per item, the best-scoring max_items per group. Realm rows win over
-- region-wide ones for the same item when a connected realm is named.
CREATE FUNCTION goblin.tsm_group_plan(p_region text, p_connected_realm_id integer DEFAULT NULL)
RETURNS TABLE (path text, item_string text, market_value bigint, daily_sold numeric, sale_rate numeric, profit bigint, margin numeric, score numeric)
LANGUAGE sql STABLE AS $$
  WITH market AS (
    SELECT DISTINCT ON (m.item_id, m.pet_species_id) m.item_id, m.pet_species_id, m.market_value, m.daily_sold, m.sale_rate
    FROM goblin.view_market_analysis m
    WHERE m.region = p_region AND (m.connected_realm_id IS NULL OR m.connected_realm_id = p_connected_realm_id)
      AND (m.item_id IS NOT NULL OR m.pet_species_id IS NOT NULL)
    ORDER BY m.item_id, m.pet_species_id, m.connected_realm_id IS NULL
  ),
  craft AS (
    -- The most profitable recipe per output item stands for it.
    SELECT DISTINCT ON (c.output_item_id) c.output_item_id, c.output_value, c.sold_per_day, c.profit, c.margin
    FROM goblin.view_craft_profit c
    WHERE c.region = p_region AND c.output_item_id IS NOT NULL
    ORDER BY c.output_item_id, c.profit DESC NULLS LAST
  ),
  candidates AS (
    SELECT 'market'::text AS source,
           CASE WHEN pet_species_id IS NOT NULL THEN 'p:' || pet_species_id ELSE 'i:' || item_id END AS item_string,
           market_value, daily_sold, sale_rate, NULL::bigint AS profit, NULL::numeric AS margin,
           coalesce(market_value, 0)::numeric * coalesce(daily_sold, 0) AS score
    FROM market
    UNION ALL
    SELECT 'craft', 'i:' || c.output_item_id, c.output_value, c.sold_per_day, m.sale_rate, c.profit, c.margin,
           coalesce(c.profit, 0)::numeric * coalesce(c.sold_per_day, 0)
    FROM craft c LEFT JOIN market m ON m.item_id = c.output_item_id AND m.pet_species_id IS NULL
  ),
  matched AS (
    SELECT DISTINCT ON (c.item_string) r.path, r.max_items, c.*
    FROM goblin.tsm_group_rule r
    JOIN candidates c ON c.source = r.source
    WHERE r.enabled
      AND (r.min_market_value IS NULL OR c.market_value >= r.min_market_value)
      AND (r.max_market_value IS NULL OR c.market_value < r.max_market_value)
      AND (r.min_daily_sold IS NULL OR c.daily_sold >= r.min_daily_sold)
      AND (r.min_sale_rate IS NULL OR c.sale_rate >= r.min_sale_rate)
      AND (r.min_profit IS NULL OR c.profit >= r.min_profit)
      AND (r.min_margin IS NULL OR c.margin >= r.min_margin)
    ORDER BY c.item_string, r.priority, r.path
  ),
  ranked AS (
    SELECT m.*, row_number() OVER (PARTITION BY m.path ORDER BY m.score DESC, m.item_string) AS n FROM matched m
  )
  SELECT path, item_string, market_value, daily_sold, sale_rate, profit, margin, score
  FROM ranked WHERE n <= max_items
  ORDER BY path, score DESC, item_string
$$;
