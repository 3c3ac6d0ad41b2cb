-- 0009_slim_current_places: current_places keeps only what is per place (the
-- item, its snapshot and container, the owner for --character, the count and
-- earliest expiry); where, whose and "seen" are read from the snapshot.
-- Safe while jobs run? Run it with no ingest running (it rebuilds the index).
--
-- Why: 0006 copied the snapshot's columns into every place so search need not
-- join the snapshots. Since search lists at most 20 places per item (unless
-- --all), joining those few to their snapshots costs little, while the copies
-- cost every ingest: a first ingest of 117,000 places spent ~0.65 s in this
-- table's COPY and index, and a file saved again with the same contents
-- rewrote every place only to move seen_at (1.3 s on the benchmark file).
DROP INDEX holocron.current_places_by_item;
ALTER TABLE holocron.current_places
  DROP COLUMN account_id,
  DROP COLUMN location,
  DROP COLUMN container_name,
  DROP COLUMN seen_at;
-- Still hands over an item's biggest places in order; owner_id is included for --character.
CREATE INDEX current_places_by_item ON holocron.current_places (item_id, pet_species_id, count DESC, snapshot_id, container) INCLUDE (owner_id);
