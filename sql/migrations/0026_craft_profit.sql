-- 0026_craft_profit
-- placeholder: its branch replaces this file.
-- Contract others rely on (columns may be added at the end):
CREATE VIEW goblin.view_craft_profit AS
SELECT NULL::text AS region, NULL::integer AS recipe_id, NULL::text AS recipe_name, NULL::integer AS profession_id,
       NULL::integer AS output_item_id, NULL::smallint AS output_quality, NULL::bigint AS reagent_cost, NULL::bigint AS output_value,
       NULL::bigint AS profit, NULL::numeric AS margin, NULL::numeric AS sold_per_day
WHERE false;
