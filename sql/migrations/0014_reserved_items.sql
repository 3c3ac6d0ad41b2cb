-- 0014_reserved_items: placeholder until the reserved branch lands (development only)
CREATE VIEW skillweaver.view_reserved_gear AS
SELECT NULL::bigint AS snapshot_id, NULL::integer AS container, NULL::integer AS slot, NULL::text AS for_character,
       NULL::text AS equip_slot, NULL::integer AS item_level, NULL::integer AS equipped_item_level
WHERE false;
CREATE VIEW holocron.view_unlearned_transmog AS
SELECT NULL::bigint AS snapshot_id, NULL::integer AS container, NULL::integer AS slot WHERE false;
CREATE VIEW petweaver.view_caged_team_pets AS
SELECT NULL::bigint AS snapshot_id, NULL::integer AS container, NULL::integer AS slot, NULL::text AS team_name WHERE false;
