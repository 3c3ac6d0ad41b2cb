-- 0023_missing_utility
-- placeholder: the utility branch replaces this file. Contract others rely on:
CREATE VIEW holocron.view_shopping_list AS
SELECT NULL::integer AS owner_id, NULL::text AS character, NULL::integer AS item_id, NULL::text AS item_name, NULL::text AS why,
       NULL::bigint AS unit_price, NULL::text AS price_source, NULL::text AS held_by
WHERE false;
