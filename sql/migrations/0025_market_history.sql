-- 0025_market_history
-- placeholder: its branch replaces this file.
-- Contract others rely on (columns may be added at the end):
CREATE VIEW goblin.view_market_analysis AS
SELECT NULL::text AS region, NULL::integer AS connected_realm_id, NULL::integer AS item_id, NULL::integer AS pet_species_id,
       NULL::bigint AS market_value, NULL::bigint AS historical_value, NULL::numeric AS sale_rate, NULL::numeric AS daily_sold,
       NULL::numeric AS volatility, NULL::timestamptz AS last_updated
WHERE false;
