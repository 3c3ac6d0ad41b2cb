/**
 * Advisory locks share one namespace (the first key, "HOLO" in ASCII) so that
 * holocron's locks never collide with another application's on the same server.
 * The second key names the job.
 */
export const LOCK_NAMESPACE = 0x484f4c4f;

/**
 * 3 and 4 are retired (reserved for scrape and seed, which never took them): do not reuse
 * them, so a holocron of another version on the same server cannot wait on a lock
 * that means something else to it.
 */
export const LockId = {
  migrate: 1,
  partitionMaintenance: 2,
  ingest: 5,
  dailySales: 6,
  logistics: 7,
  weeklyReset: 8,
} as const;

export type LockIdValue = (typeof LockId)[keyof typeof LockId];

/** The two-integer key as SQL literal arguments, e.g. `1213156431, 1`. */
export function advisoryLockSql(id: LockIdValue): string {
  return `${LOCK_NAMESPACE}, ${id}`;
}
