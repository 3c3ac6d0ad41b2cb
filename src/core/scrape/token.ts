import type { BlizzardClient } from '../blizzard/client.js';
import type { Clock } from '../clock.js';
import { inTransaction, type Database } from '../db/pool.js';
import { DataError } from '../errors.js';
import { datasetPath, type Dataset } from './datasets.js';
import { recordAttempt, type AttemptRecord } from './scrape-log.js';

interface TokenIndex {
  last_updated_timestamp?: unknown;
  price?: unknown;
}

/** Fetches the WoW Token price of a region into goblin.token_prices (once per update). */
export async function scrapeToken(
  dataset: Dataset,
  deps: { db: Database; api: BlizzardClient; clock: Clock },
  startedAt: Date,
): Promise<AttemptRecord> {
  const [last] = await deps.db.query<{ at: Date | null }>('SELECT max(updated_at) AS at FROM goblin.token_prices WHERE region = $1', [
    dataset.region,
  ]);
  const response = await deps.api.getJson<TokenIndex>(dataset.region, datasetPath(dataset), {
    namespace: 'dynamic',
    ifModifiedSince: last?.at ?? undefined,
  });
  const base = { dataset, startedAt, snapshotId: null, error: null };
  if (response.status === 304) {
    const record: AttemptRecord = { ...base, status: 'unchanged', durationMs: deps.clock.now() - startedAt.getTime(), httpStatus: 304, wireBytes: 0, rows: 0, snapshotAt: last?.at ?? null };
    await deps.db.withClient((c) => recordAttempt(c, record));
    return record;
  }
  const { price, last_updated_timestamp: updated } = response.data;
  if (!Number.isSafeInteger(price) || (price as number) <= 0) throw new DataError(`token index: "price" is not a positive integer (${JSON.stringify(price)})`);
  if (!Number.isSafeInteger(updated)) throw new DataError(`token index: "last_updated_timestamp" is missing or not a number`);
  const updatedAt = new Date(updated as number);
  return deps.db.withClient((client) =>
    inTransaction(client, async (tx) => {
      const inserted = await tx.query(
        'INSERT INTO goblin.token_prices (region, updated_at, price) VALUES ($1, $2, $3) ON CONFLICT (region, updated_at) DO NOTHING',
        [dataset.region, updatedAt, price],
      );
      const record: AttemptRecord = {
        ...base,
        status: inserted.rowCount === 1 ? 'success' : 'unchanged',
        durationMs: deps.clock.now() - startedAt.getTime(),
        httpStatus: 200,
        wireBytes: response.wireBytes,
        rows: inserted.rowCount ?? 0,
        snapshotAt: updatedAt,
      };
      await recordAttempt(tx, record);
      return record;
    }),
  );
}
