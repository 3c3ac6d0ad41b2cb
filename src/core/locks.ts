/**
 * Advisory locks share one namespace (the first key, "HOLO" in ASCII) so that
 * holocron's locks never collide with another application's on the same server.
 * The second key names the job; scrape and partition use the dataset-independent
 * ids here so maintenance and loads can coordinate.
 */
export const LOCK_NAMESPACE = 0x484f4c4f;

export const LockId = {
  migrate: 1,
  partitionMaintenance: 2,
  scrape: 3,
  seed: 4,
  ingest: 5,
} as const;

export type LockIdValue = (typeof LockId)[keyof typeof LockId];

/** The two-integer key as SQL literal arguments, e.g. `1213156431, 1`. */
export function advisoryLockSql(id: LockIdValue): string {
  return `${LOCK_NAMESPACE}, ${id}`;
}
