-- 0019_liquidatable_assets: the liquidation plan's view. It reads the market
-- (0012, 0013), the inventory (0015's current stacks), what Skillweaver
-- reserves (0014) and raiders need (0018), and what Petweaver protects (0014).
-- Safe while jobs run (a new view).

-- Public contract: every current stack, per region, with what selling it
-- would bring and whether it may be sold. `exclusion` says why a stack is
-- kept whole (NULL: it may be sold); `keep_count` is what keep rules hold
-- back of it. Filter on region: `WHERE region = 'eu'`.
--
-- Price: the region's commodity value, else the realm market of this exact
-- variant (bonus ids) on the holder's connected realm, else the item's realm
-- market there, else the vendor price; an item worth more at a vendor (or
-- grey) goes to a vendor. The warband bank sells on the auction alt's realm
-- (else the realm with the most characters).
--
-- Stacks that cannot be sold whatever the market says (equipped, listed, in
-- a guild bank or void storage, soulbound) take none of the joins below:
-- on the bench account they are two thirds of the stacks.
CREATE VIEW goblin.view_liquidatable_assets AS
WITH realm_names AS (
  SELECT DISTINCT region, lower(regexp_replace(name, '[^[:alnum:]]', '', 'g')) AS realm_key, connected_realm_id FROM goblin.realms
),
home AS (
  SELECT realm_key FROM (
    SELECT realm_key, 1 AS rank FROM holocron.auction_alts
    UNION ALL
    SELECT realm_key, 2 FROM holocron.characters
  ) AS r GROUP BY realm_key ORDER BY min(rank), count(*) DESC, realm_key LIMIT 1
),
-- Straight from the tables, not view_current_stacks: its account join on a
-- coalesce of two columns makes the planner expect 300 rows instead of
-- 60,000, and it then probes the sales rates once per stack (0.5 s on the
-- bench account) where a hash join takes 30 ms; a subquery per row instead
-- cost 60,000 executions.
stacks AS (
  SELECT st.snapshot_id, st.container, st.slot, s.owner_id, o.label AS owner, o.kind AS owner_kind,
         coalesce(owner_account.name, file_account.name) AS account,
         s.location, s.observed_at, st.item_id, coalesce(st.pet_species_id, 0) AS species, st.count, st.bonus_ids, st.modifiers,
         coalesce(ch.realm_key, g.realm_key, (SELECT realm_key FROM home)) AS realm_key,
         nullif(i.sell_price, 0) AS vendor_price,
         coalesce(st.quality, CASE i.quality WHEN 'POOR' THEN 0 END) AS item_quality,
         CASE WHEN s.location = 'equipped' THEN 'equipped'
              WHEN s.location = 'auction' THEN 'already on auction'
              WHEN s.location = 'guild_bank' THEN 'in a guild bank'
              WHEN s.location NOT IN ('bags', 'bank', 'reagent_bank', 'warband_bank', 'mail') THEN s.location
              WHEN coalesce(st.is_bound, i.binding IN ('ON_ACQUIRE', 'QUEST', 'TO_ACCOUNT', 'TO_BNETACCOUNT'), false) THEN 'soulbound'
         END AS unsellable
  FROM holocron.inventory_snapshots s
  JOIN holocron.owners o ON o.owner_id = s.owner_id
  JOIN holocron.item_stacks st ON st.snapshot_id = s.snapshot_id AND st.is_current
  LEFT JOIN holocron.accounts owner_account ON owner_account.account_id = o.account_id
  LEFT JOIN holocron.accounts file_account ON file_account.account_id = s.account_id
  LEFT JOIN holocron.characters ch ON ch.owner_id = s.owner_id
  LEFT JOIN holocron.guilds g ON g.owner_id = s.owner_id
  LEFT JOIN goblin.items i ON i.item_id = st.item_id
  WHERE s.is_current
),
-- What raiders must carry (skillweaver.consumable_requirements) is never
-- sold: on the raider it counts as a character keep rule (the larger of the
-- two), and the account's total shortfall as an account rule on top of the
-- player's, so the stock `holocron restock` draws from stays too.
consumable_shortfall AS (
  SELECT item_id, sum(shortfall)::bigint AS shortfall
  FROM skillweaver.view_consumable_needs
  WHERE shortfall > 0
  GROUP BY item_id
),
-- Keep rules, character ones first, then the account's over what is left,
-- biggest holders first; stacks biggest first.
ruled AS (
  SELECT s.snapshot_id, s.container, s.slot, s.owner_id, s.item_id, s.species, s.count,
         nullif(greatest(coalesce(cr.keep_count, 0), coalesce(cn.required_count, 0)), 0) AS character_rule,
         nullif(coalesce(ar.keep_count, 0) + coalesce(cs.shortfall, 0), 0) AS account_rule,
         CASE WHEN cn.required_count > coalesce(cr.keep_count, 0) THEN 'consumables'
              WHEN cr.rule_id IS NULL AND ar.rule_id IS NULL THEN 'consumables short' END AS consumable_reason
  FROM stacks s
  LEFT JOIN holocron.keep_rules cr ON cr.owner_id = s.owner_id AND cr.item_id = s.item_id AND cr.pet_species_id = s.species
  LEFT JOIN holocron.keep_rules ar ON ar.owner_id IS NULL AND ar.item_id = s.item_id AND ar.pet_species_id = s.species
  LEFT JOIN skillweaver.consumable_requirements cn ON cn.owner_id = s.owner_id AND cn.item_id = s.item_id AND s.species = 0
  LEFT JOIN consumable_shortfall cs ON cs.item_id = s.item_id AND s.species = 0
  WHERE s.location IN ('bags', 'bank', 'reagent_bank', 'warband_bank', 'mail')
    AND (cr.rule_id IS NOT NULL OR ar.rule_id IS NOT NULL OR cn.owner_id IS NOT NULL OR cs.item_id IS NOT NULL)
),
by_character AS (
  SELECT r.*,
         least(r.count, greatest(0, coalesce(r.character_rule, 0) - coalesce(sum(r.count) OVER (
           PARTITION BY r.owner_id, r.item_id, r.species ORDER BY r.count DESC, r.snapshot_id, r.container, r.slot
           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))) AS kept_by_character,
         sum(r.count) OVER (PARTITION BY r.owner_id, r.item_id, r.species) AS holder_total
  FROM ruled r
),
kept AS (
  SELECT b.snapshot_id, b.container, b.slot, b.character_rule, b.account_rule, b.consumable_reason,
         b.kept_by_character + least(b.count - b.kept_by_character, greatest(0, coalesce(b.account_rule, 0) - coalesce(sum(b.count - b.kept_by_character) OVER (
           PARTITION BY b.item_id, b.species ORDER BY b.holder_total DESC, b.owner_id, b.count DESC, b.snapshot_id, b.container, b.slot
           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))) AS keep_count
  FROM by_character b
),
-- Prices and sales of the keys the account could sell, read before the
-- joins: hashing the whole newest realm snapshot (180,000 keys on the bench)
-- took 176 ms and probing the sales rates once per stack 30,000 index scans
-- (~100 ms); filtering both to the ~140 keys held first takes ~40 ms.
held_keys AS (
  SELECT DISTINCT item_id, species FROM stacks WHERE unsellable IS NULL
),
realm_prices AS (
  SELECT rs.region, rs.connected_realm_id, rs.item_id, rs.pet_species_id, rs.market_value
  FROM goblin.view_latest_realm_stats rs
  WHERE (rs.item_id, rs.pet_species_id) IN (SELECT item_id, species FROM held_keys)
),
-- Gear's variant key, computed once per sellable stack (not for the two
-- thirds that cannot be sold: over 40,000 gear stacks it costs ~200 ms), and
-- the variants of held items only.
sellable AS (
  SELECT s.*, CASE WHEN s.bonus_ids IS NOT NULL AND s.species = 0 THEN goblin.item_variant_key(s.bonus_ids, s.modifiers) END AS variant_key
  FROM stacks s
  WHERE s.unsellable IS NULL
),
variant_prices AS (
  SELECT v.region, v.connected_realm_id, v.item_id, v.variant_key, v.median_price
  FROM goblin.view_latest_variant_stats v
  WHERE v.pet_species_id = 0 AND v.variant_key IS NOT NULL AND v.item_id IN (SELECT item_id FROM held_keys WHERE species = 0)
),
held_rates AS MATERIALIZED (
  SELECT sr.region, sr.connected_realm_id, sr.item_id, sr.pet_species_id, sr.units_per_day
  FROM goblin.item_sales_rates sr
  WHERE (sr.item_id, sr.pet_species_id) IN (SELECT item_id, species FROM held_keys)
),
regions AS (
  SELECT region FROM (VALUES ('us'), ('eu'), ('kr'), ('tw')) AS r (region)
),
priced AS (
  SELECT r.region, s.*, rn.connected_realm_id,
         coalesce(k.keep_count, 0) AS keep_count, coalesce(k.character_rule, k.account_rule) AS keep_rule,
         CASE WHEN k.consumable_reason = 'consumables' THEN 'consumables'
              WHEN k.character_rule IS NOT NULL THEN 'character'
              WHEN k.consumable_reason = 'consumables short' THEN 'consumables short'
              WHEN k.account_rule IS NOT NULL THEN 'account' END AS keep_rule_scope,
         CASE WHEN k.consumable_reason = 'consumables' THEN format('consumables this raider needs (%s)', k.character_rule)
              WHEN k.character_rule IS NOT NULL THEN format('keep rule %s', k.character_rule)
              WHEN k.consumable_reason = 'consumables short' THEN format('consumables a raider is short of (%s)', k.account_rule)
              WHEN k.account_rule IS NOT NULL THEN format('keep rule %s', k.account_rule) END AS keep_reason,
         c.market_value AS commodity_price,
         v.median_price AS variant_price,
         rs.market_value AS realm_price,
         coalesce(sc.units_per_day, sr.units_per_day) AS sold_per_day
  FROM sellable s
  CROSS JOIN regions r
  LEFT JOIN kept k ON k.snapshot_id = s.snapshot_id AND k.container = s.container AND k.slot = s.slot
  LEFT JOIN realm_names rn ON rn.region = r.region AND rn.realm_key = s.realm_key
  LEFT JOIN goblin.view_latest_commodity_stats c ON c.region = r.region AND c.item_id = s.item_id AND s.species = 0
  LEFT JOIN variant_prices v ON v.region = r.region AND v.connected_realm_id = rn.connected_realm_id
        AND v.item_id = s.item_id AND v.variant_key = s.variant_key
  LEFT JOIN realm_prices rs ON rs.region = r.region AND rs.connected_realm_id = rn.connected_realm_id
        AND rs.item_id = s.item_id AND rs.pet_species_id = s.species
  LEFT JOIN held_rates sc ON sc.region = r.region AND sc.connected_realm_id IS NULL AND sc.item_id = s.item_id AND sc.pet_species_id = s.species
  LEFT JOIN held_rates sr ON sr.region = r.region AND sr.connected_realm_id IS NOT NULL AND sr.connected_realm_id = rn.connected_realm_id AND sr.item_id = s.item_id AND sr.pet_species_id = s.species
),
decided AS (
  SELECT p.*,
         coalesce(p.commodity_price, p.variant_price, p.realm_price) AS market_price,
         CASE WHEN p.commodity_price IS NOT NULL THEN 'region commodity'
              WHEN p.variant_price IS NOT NULL THEN 'realm market (this variant)'
              WHEN p.realm_price IS NOT NULL THEN 'realm market' END AS market_source,
         rg.for_character, rg.equip_slot, rg.item_level AS reserved_item_level, rg.equipped_item_level,
         tm.snapshot_id IS NOT NULL AS appearance_missing,
         pp.team_name
  FROM priced p
  LEFT JOIN skillweaver.view_reserved_gear rg ON rg.snapshot_id = p.snapshot_id AND rg.container = p.container AND rg.slot = p.slot
  LEFT JOIN holocron.view_unlearned_transmog tm ON tm.snapshot_id = p.snapshot_id AND tm.container = p.container AND tm.slot = p.slot
  LEFT JOIN petweaver.view_caged_team_pets pp ON pp.snapshot_id = p.snapshot_id AND pp.container = p.container AND pp.slot = p.slot
),
judged AS (
  SELECT d.*,
         CASE WHEN d.item_quality = 0 AND d.vendor_price IS NOT NULL THEN 'vendor'
              WHEN d.vendor_price IS NOT NULL AND d.market_price IS NOT NULL AND d.vendor_price >= d.market_price THEN 'vendor'
              WHEN d.market_price IS NOT NULL THEN 'auction' END AS action,
         CASE WHEN d.team_name IS NOT NULL THEN format('pet in Rematch team "%s"', d.team_name)
              WHEN d.for_character IS NOT NULL THEN format('upgrade for %s (%s: %s vs %s)', d.for_character, d.equip_slot, d.reserved_item_level, coalesce(d.equipped_item_level::text, 'empty'))
              WHEN d.appearance_missing THEN 'appearance not collected'
              WHEN d.keep_count >= d.count THEN d.keep_reason
              WHEN d.market_price IS NULL AND NOT (d.item_quality = 0 AND d.vendor_price IS NOT NULL) THEN 'no market data'
         END AS exclusion
  FROM decided d
),
assets AS (
  SELECT region, account, owner, owner_kind, owner_id, location, observed_at, snapshot_id, container, slot,
         item_id, species, item_quality, count,
         -- Without a price, what keep rules hold stays theirs: the manifest
         -- says "kept: keep rule" for it and "no market data" for the rest.
         CASE WHEN exclusion IS NULL OR exclusion = 'no market data' THEN keep_count ELSE count END AS keep_count,
         CASE WHEN exclusion IS NULL THEN count - keep_count ELSE 0 END AS sell_count,
         CASE action WHEN 'vendor' THEN vendor_price ELSE market_price END AS unit_value,
         CASE action WHEN 'vendor' THEN 'vendor' ELSE market_source END AS price_source,
         sold_per_day,
         CASE WHEN exclusion IS NULL THEN (count - keep_count) * CASE action WHEN 'vendor' THEN vendor_price ELSE market_price END ELSE 0 END AS value,
         action, exclusion, keep_rule, keep_rule_scope, keep_reason, vendor_price, market_price, connected_realm_id, realm_key
  FROM judged
  UNION ALL
  SELECT r.region, account, owner, owner_kind, owner_id, location, observed_at, snapshot_id, container, slot,
         item_id, species, item_quality, count, count, 0, NULL, NULL, NULL, 0,
         NULL, unsellable, NULL, NULL, NULL, vendor_price, NULL, NULL, realm_key
  FROM stacks CROSS JOIN regions r
  WHERE unsellable IS NOT NULL
)
SELECT a.region, a.account, a.owner, a.owner_kind, a.owner_id, a.location, a.observed_at, a.snapshot_id, a.container, a.slot,
       a.item_id, a.species AS pet_species_id, coalesce(n.name, sp.name, i.name) AS item_name, a.item_quality AS quality, a.count,
       a.keep_count, a.sell_count, a.unit_value, a.price_source, a.sold_per_day, a.value,
       a.action, a.exclusion, a.keep_rule, a.keep_rule_scope, a.vendor_price, a.market_price, a.connected_realm_id, a.realm_key, a.keep_reason
FROM assets a
LEFT JOIN holocron.item_names n ON n.item_id = a.item_id AND n.pet_species_id = a.species
LEFT JOIN petweaver.species sp ON sp.species_id = nullif(a.species, 0)
LEFT JOIN goblin.items i ON i.item_id = a.item_id;
