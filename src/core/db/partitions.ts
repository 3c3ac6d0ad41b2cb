import type { Database } from './pool.js';

/**
 * Daily partitions of the tables registered in ops.partitioned_tables, named
 * `<table>_pYYYYMMDD` by UTC day. Callers create a partition in its own short
 * transaction before loading into it, never inside the load.
 */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function partitionName(parent: string, day: string): string {
  return `${parent}_p${day.replaceAll('-', '')}`;
}

const ensured = new WeakMap<Database, Set<string>>();

/** Creates the partition of `parent` for `at`'s UTC day if missing; returns its name. */
export async function ensureDailyPartition(db: Database, parent: string, at: Date): Promise<string> {
  const day = utcDay(at);
  const name = partitionName(parent, day);
  let seen = ensured.get(db);
  if (!seen) ensured.set(db, (seen = new Set()));
  if (seen.has(name)) return name;
  await db.query('SELECT ops.ensure_daily_partition($1, $2::date)', [parent, day]);
  seen.add(name);
  return name;
}
