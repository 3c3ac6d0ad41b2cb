-- 0010_partition_race: two loads creating the same day's partition at once.
-- Safe while jobs run (replaces one function).
--
-- The loser of the race waits for the winner's transaction and then fails on
-- the catalog: as duplicate_table, as unique_violation, or — seen once in the
-- test suite, with two realms' scrapes — as duplicate_object on the table's
-- row type ("type realm_auctions_p20261120 already exists"). All three mean
-- the partition now exists; 0002 caught only the first two.
CREATE OR REPLACE FUNCTION ops.ensure_daily_partition(parent text, day date) RETURNS text
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
    EXCEPTION WHEN duplicate_table OR duplicate_object OR unique_violation THEN
      NULL; -- created by a concurrent caller
    END;
  END IF;
  RETURN format('%I.%I', schema_name, partition);
END;
$$;
