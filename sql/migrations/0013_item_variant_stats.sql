-- 0013_item_variant_stats: placeholder until the variants branch lands (development only)
CREATE FUNCTION goblin.item_variant_key(bonus_ids integer[], modifiers integer[]) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT nullif(array_to_string(ARRAY(SELECT DISTINCT b FROM unnest(bonus_ids) AS b ORDER BY b), ':'), '') $$;
CREATE VIEW goblin.view_latest_variant_stats AS
SELECT NULL::text AS region, NULL::integer AS connected_realm_id, NULL::timestamptz AS snapshot_at, NULL::integer AS item_id,
       NULL::text AS variant_key, NULL::integer AS pet_species_id, NULL::smallint AS pet_breed_id, NULL::bigint AS min_price,
       NULL::bigint AS median_price, NULL::bigint AS total_quantity, NULL::integer AS auction_count
WHERE false;
