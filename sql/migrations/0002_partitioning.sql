-- 0002_partitioning: the registry of day-partitioned tables and the function that
-- creates their daily partitions. Safe while jobs run (new objects only).
--
-- Every table partitioned by day registers here; `scrape` creates the partition
-- it needs on demand, and `holocron partition` creates days ahead, archives and
-- drops old ones for every registered table.

CREATE TABLE ops.partitioned_tables (
  parent_table   text PRIMARY KEY,          -- schema-qualified, e.g. goblin.commodity_auctions
  partition_key  text NOT NULL,             -- the timestamptz column partitioned on
  description    text NOT NULL
);

COMMENT ON TABLE ops.partitioned_tables IS 'Tables range-partitioned by UTC day; partitions are named <table>_pYYYYMMDD';

-- Creates (if missing) the partition of `parent` holding the UTC day `day`.
-- Concurrent callers are safe: the loser of a creation race sees the winner's table.
-- CREATE TABLE … (LIKE) + ATTACH rather than CREATE TABLE … PARTITION OF: ATTACH
-- takes only a SHARE UPDATE EXCLUSIVE lock on the parent, so it neither waits for
-- nor blocks a load running into another day's partition.
CREATE FUNCTION ops.ensure_daily_partition(parent text, day date) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  schema_name text := split_part(parent, '.', 1);
  table_name  text := split_part(parent, '.', 2);
  partition   text := table_name || '_p' || to_char(day, 'YYYYMMDD');
BEGIN
  IF to_regclass(format('%I.%I', schema_name, partition)) IS NULL THEN
    BEGIN
      EXECUTE format('CREATE TABLE %I.%I (LIKE %I.%I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
        schema_name, partition, schema_name, table_name);
      EXECUTE format('ALTER TABLE %I.%I ATTACH PARTITION %I.%I FOR VALUES FROM (%L) TO (%L)',
        schema_name, table_name, schema_name, partition,
        (day::timestamp AT TIME ZONE 'UTC'), ((day + 1)::timestamp AT TIME ZONE 'UTC'));
    EXCEPTION WHEN duplicate_table OR unique_violation THEN
      NULL; -- created by a concurrent caller
    END;
  END IF;
  RETURN format('%I.%I', schema_name, partition);
END;
$$;
