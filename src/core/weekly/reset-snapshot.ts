import type { BlizzardClient } from '../blizzard/client.js';
import type { Region } from '../blizzard/regions.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/pool.js';
import type { Logger } from '../log.js';
import type { ListingCache } from '../scrape/listing-cache.js';

/** How the reset reaches the API: a client, or why there is none (no credentials). */
export type ResetApi = { client: BlizzardClient; cache?: ListingCache | undefined } | { unavailable: string };

export interface SnapshotOutcome {
  snapshotId: number | null;
  /** What went wrong, for the board's notes; absent when the snapshot was taken. */
  note?: string;
}

/**
 * Reset-day prices: the region's commodities through the same scrape as
 * `holocron scrape` (no realms, no token), then the first commodities snapshot
 * at or after the week's start becomes the week's reset snapshot. A regular
 * scrape that ran between the reset and this run counts too; a failure here
 * never fails the reset.
 */
export async function captureResetSnapshot(
  region: Region,
  startsAt: Date,
  deps: { db: Database; api: ResetApi; clock: Clock; log: Logger },
): Promise<SnapshotOutcome> {
  let failure: string | undefined;
  if ('unavailable' in deps.api) {
    failure = deps.api.unavailable;
  } else {
    try {
      const { scrapeOnce } = await import('../scrape/scrape.js');
      const summary = await scrapeOnce(
        { regions: [region], realms: { mode: 'none' }, concurrency: 1, token: false },
        { db: deps.db, api: deps.api.client, clock: deps.clock, log: deps.log, cache: deps.api.cache },
      );
      const bad = summary.results.find((r) => r.status === 'failed');
      if (bad) failure = `${bad.dataset.key}: ${bad.error ?? 'failed'}`;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
  }
  const [row] = await deps.db.query<{ snapshot_id: number }>(
    `SELECT snapshot_id FROM goblin.auction_snapshots
     WHERE region = $1 AND connected_realm_id IS NULL AND snapshot_at >= $2
     ORDER BY snapshot_at LIMIT 1`,
    [region, startsAt],
  );
  if (row) {
    await deps.db.query(`UPDATE ops.reset_weeks SET reset_snapshot_id = $3 WHERE region = $1 AND starts_at = $2`, [region, startsAt, row.snapshot_id]);
    return { snapshotId: row.snapshot_id };
  }
  return { snapshotId: null, note: `no reset-day prices: ${failure ?? 'the API has no commodities snapshot newer than the reset yet'}` };
}
