-- 0006_current_places: what `holocron search` reads — the current stacks summed per item and place
-- (one owner's snapshot, one container). Kept by the ingest in the same
-- transaction that changes which snapshot is current, so it never disagrees
-- with holocron.item_stacks.
--
-- Why a table of its own: "where is X" for 25 items had to sum, rank and join
-- ~3,400 places out of 60,000 current stacks (35 ms); with the places summed
-- ahead and ordered by count in an index it reads the ten biggest per item.
-- The snapshot's columns are copied in (they never change, except seen_at,
-- which moves with confirmed_at): one item's 140 places cost 6 ms with the
-- join to the snapshots and 2 ms without.
CREATE TABLE holocron.current_places (
  item_id         integer NOT NULL,
  pet_species_id  integer NOT NULL,   -- 0 when the item is not a caged pet
  snapshot_id     bigint NOT NULL,
  container       integer NOT NULL,
  owner_id        integer NOT NULL,
  account_id      integer NOT NULL,   -- the account of the file (guilds are shared by accounts)
  location        text NOT NULL,
  container_name  text,               -- bank, warband and guild tab names
  count           integer NOT NULL,
  expires_at      timestamptz,        -- the earliest mail expiry or auction end in that place
  seen_at         timestamptz NOT NULL, -- the snapshot's confirmed_at: when an addon last saw it so
  PRIMARY KEY (snapshot_id, item_id, pet_species_id, container)
);
-- Covering, so the biggest places of an item come from the index alone, in
-- order (a heap scan of all 135 places per item and a sort cost 4x as much).
CREATE INDEX current_places_by_item ON holocron.current_places
  (item_id, pet_species_id, count DESC, snapshot_id, container)
  INCLUDE (owner_id, account_id, location, container_name, expires_at, seen_at);

INSERT INTO holocron.current_places
  (item_id, pet_species_id, snapshot_id, container, owner_id, account_id, location, container_name, count, expires_at, seen_at)
SELECT st.item_id, coalesce(st.pet_species_id, 0), st.snapshot_id, st.container, s.owner_id, s.account_id, s.location,
       s.containers -> st.container::text ->> 'name', sum(st.count), min(st.expires_at), s.confirmed_at
FROM holocron.item_stacks st
JOIN holocron.inventory_snapshots s USING (snapshot_id)
WHERE st.is_current
GROUP BY st.item_id, coalesce(st.pet_species_id, 0), st.snapshot_id, st.container, s.snapshot_id;

-- Each item's total and number of places, so a search for 25 items does not
-- sum their 3,400 places each time. Kept with current_places.
CREATE TABLE holocron.current_item_totals (
  item_id         integer NOT NULL,
  pet_species_id  integer NOT NULL,
  total           bigint NOT NULL,
  places          integer NOT NULL,
  PRIMARY KEY (item_id, pet_species_id)
);

INSERT INTO holocron.current_item_totals (item_id, pet_species_id, total, places)
SELECT item_id, pet_species_id, sum(count), count(*)
FROM holocron.current_places
GROUP BY item_id, pet_species_id;
