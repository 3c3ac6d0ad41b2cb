-- 0022_hitlist
-- placeholder: the hitlist branch replaces this file. Contract others rely on:
CREATE VIEW holocron.view_hitlist AS
SELECT NULL::integer AS owner_id, NULL::text AS character, NULL::text AS kind, NULL::text AS what, NULL::text AS why,
       NULL::text AS reward, NULL::integer AS minutes, NULL::bigint AS value
WHERE false;
