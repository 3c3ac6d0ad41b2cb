-- 0015_liquidation: what `holocron liquidate` needs besides the market and the
-- inventory: the player's keep rules and settings, and the logistics queue's
-- new job kinds and the counts that tell a job done. The plan's view itself
-- is 0019: it reads what 0016–0018 add (raiders' consumables among them).
-- Safe while jobs run (new tables, a widened CHECK, new nullable columns).

-- "Keep 40 Algari Mana Potions" — on one character, or across the account
-- (owner_id NULL: the kept units are left with the biggest holders first, so
-- that the fewest mails gather the rest).
CREATE TABLE holocron.keep_rules (
  rule_id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id        integer REFERENCES holocron.owners ON DELETE CASCADE,
  item_id         integer NOT NULL,
  pet_species_id  integer NOT NULL DEFAULT 0,   -- caged pets (item 82800) by species
  keep_count      bigint NOT NULL CHECK (keep_count >= 0),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (owner_id, item_id, pet_species_id)
);

-- The character that posts auctions on a realm: sell jobs gather there.
-- Keyed by the realm as characters store it (realm_key); characters on a
-- connected realm of it mail there too.
CREATE TABLE holocron.auction_alts (
  realm_key   text PRIMARY KEY,
  owner_id    integer NOT NULL REFERENCES holocron.characters ON DELETE CASCADE,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Player settings by name (liquidate.min_value: copper). One row each.
CREATE TABLE holocron.settings (
  name        text PRIMARY KEY,
  value       jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Job kinds for liquidation: vendor (sell to a merchant: worth more there than
-- at market, or grey) and cage (journal duplicates to cage and sell).
ALTER TABLE holocron.logistics_queue DROP CONSTRAINT logistics_queue_kind_check;
ALTER TABLE holocron.logistics_queue ADD CONSTRAINT logistics_queue_kind_check CHECK (kind IN ('mail', 'sell', 'vendor', 'cage'));

-- A job key names "this kind, from here, to there"; once a job is done or
-- cancelled the same move may be wanted again later, so only open rows are unique.
ALTER TABLE holocron.logistics_queue DROP CONSTRAINT logistics_queue_job_key_item_id_pet_species_id_key;
CREATE UNIQUE INDEX logistics_queue_open_item ON holocron.logistics_queue (job_key, item_id, pet_species_id) WHERE status = 'open';

-- Whether a job is done is read from later inventories against these counts,
-- taken when the row was planned: what the source held (for cage jobs: pets
-- of the species in the journal) and what the destination held. The source
-- is where the items are when that is not the one who acts (the warband bank,
-- emptied by the auction alt).
ALTER TABLE holocron.logistics_queue
  ADD COLUMN source_owner_id integer REFERENCES holocron.owners,
  ADD COLUMN source_count_at_open bigint,
  ADD COLUMN destination_count_at_open bigint,
  ADD COLUMN close_reason text;
CREATE INDEX logistics_queue_history ON holocron.logistics_queue (closed_at) WHERE status <> 'open';

-- What the liquidation plan (and the dashboard) needs of a stack besides
-- what the view already shows; appended so the public columns keep their order.
CREATE OR REPLACE VIEW holocron.view_current_stacks AS
SELECT a.name AS account,
       o.label AS owner,
       o.kind AS owner_kind,
       o.owner_id,
       s.location,
       s.section,
       s.observed_at,
       s.containers -> st.container::text ->> 'name' AS container_name,
       st.container,
       st.slot,
       st.item_id,
       st.pet_species_id,
       coalesce(n.name, sp.name, i.name) AS item_name,
       st.count,
       st.quality,
       st.is_bound,
       st.link,
       st.expires_at,
       st.buyout,
       st.bid,
       st.auction_id,
       st.snapshot_id,
       st.bonus_ids,
       st.modifiers,
       st.item_level,
       st.appearance_collected,
       st.pet_level,
       st.pet_quality
FROM holocron.inventory_snapshots s
JOIN holocron.owners o USING (owner_id)
JOIN holocron.accounts a ON a.account_id = coalesce(o.account_id, s.account_id)
JOIN holocron.item_stacks st ON st.snapshot_id = s.snapshot_id AND st.is_current
LEFT JOIN holocron.item_names n ON n.item_id = st.item_id AND n.pet_species_id = coalesce(st.pet_species_id, 0)
LEFT JOIN petweaver.species sp ON sp.species_id = st.pet_species_id
LEFT JOIN goblin.items i ON i.item_id = st.item_id
WHERE s.is_current;
