import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { StreamResponse } from '../blizzard/client.js';
import type { Clock } from '../clock.js';
import { BinaryCopyWriter } from '../db/copy-binary.js';
import { ensureDailyPartition } from '../db/partitions.js';
import { SqlState, inTransaction, type Database } from '../db/pool.js';
import { errnoCode } from '../errors.js';
import type { Logger } from '../log.js';
import { AuctionStreamParser, type AuctionRow } from './auction-parser.js';
import { COMMODITY_COLUMNS, REALM_COLUMNS, encodeCommodity, encodeRealmAuction, unitPriceOf } from './auction-encoder.js';
import { auctionTable, type AuctionDataset } from './datasets.js';
import { loadPreviousListings, type SnapshotRef } from './previous-listings.js';
import { recordAttempt, type LoadTimings } from './scrape-log.js';
import { SnapshotStats, type ItemStatsRow, type PreviousListings } from './snapshot-stats.js';

export interface LoadProgress {
  wireBytes: number;
  totalBytes: number | undefined;
  rows: number;
}

export interface LoadDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  onProgress?: (progress: LoadProgress) => void;
}

export type LoadOutcome =
  | { status: 'unchanged'; snapshotAt: Date; reason: string }
  | { status: 'success'; snapshotAt: Date; snapshotId: number; rows: number; items: number; timings: LoadTimings; skipped: number };

/**
 * Stores one auction snapshot: rows, statistics, snapshot record and the
 * scraper-log row in a single transaction, so a crash, kill or bad payload
 * leaves nothing half-written. The body streams from the HTTP response through
 * the parser into a binary COPY while the previous snapshot is read on another
 * connection for the sales estimate.
 */
export async function loadAuctionSnapshot(
  dataset: AuctionDataset,
  response: StreamResponse,
  startedAt: Date,
  deps: LoadDeps,
): Promise<LoadOutcome> {
  const { db, clock, log } = deps;
  const begun = clock.now();
  const snapshotAt = response.lastModified ?? new Date(Math.floor(clock.now() / 1000) * 1000);
  if (!response.lastModified) log.warn(`${dataset.key}: no Last-Modified header; using the current time as the snapshot time`);

  if (await snapshotExists(db, dataset.key, snapshotAt)) {
    response.body.destroy();
    return { status: 'unchanged', snapshotAt, reason: 'this snapshot is already stored' };
  }
  const table = auctionTable(dataset);
  const partition = await ensureDailyPartition(db, table, snapshotAt);
  const statsPartition = await ensureDailyPartition(db, 'goblin.item_stats', snapshotAt);
  const previous = await previousSnapshot(db, dataset.key, snapshotAt);
  // Started now, awaited after the COPY: the read overlaps the download.
  const previousListings = previous ? loadPreviousListings(db, table, previous, snapshotAt) : undefined;
  previousListings?.catch(() => undefined);

  return db.withClient((client) =>
    inTransaction(client, async (tx) => {
      const snapshotId = await insertSnapshot(tx, dataset, snapshotAt, previous);
      if (snapshotId === undefined) {
        response.body.destroy();
        return { status: 'unchanged' as const, snapshotAt, reason: 'stored by a concurrent run' };
      }
      const stats = new SnapshotStats();
      const copied = await copyListings(tx, dataset, partition, snapshotAt, snapshotId, response, stats, deps);
      const loadMs = clock.now() - begun;

      const statsStart = clock.now();
      let prior: PreviousListings | undefined;
      try {
        prior = previousListings ? await previousListings : undefined;
      } catch (error) {
        log.warn(`${dataset.key}: previous snapshot unreadable, no sales estimate this time (${String(error)})`);
      }
      const itemRows = stats.finish(prior);
      await copyItemStats(tx, statsPartition, snapshotAt, snapshotId, itemRows);
      await tx.query('UPDATE goblin.auction_snapshots SET auction_count = $2, item_count = $3, body_bytes = $4 WHERE snapshot_id = $1', [
        snapshotId,
        stats.listingCount,
        stats.itemCount,
        copied.bodyBytes,
      ]);
      const statsMs = clock.now() - statsStart;
      const timings: LoadTimings = {
        rows: stats.listingCount,
        wireBytes: response.wireBytes(),
        bodyBytes: copied.bodyBytes,
        loadMs,
        statsMs,
        totalMs: clock.now() - startedAt.getTime(),
      };
      await recordAttempt(
        tx,
        {
          dataset,
          status: 'success',
          startedAt,
          durationMs: timings.totalMs,
          httpStatus: 200,
          wireBytes: timings.wireBytes,
          rows: stats.listingCount,
          snapshotAt,
          snapshotId,
          error: copied.skipped > 0 ? `skipped ${copied.skipped} listings without item id or price` : null,
        },
        timings,
      );
      return {
        status: 'success' as const,
        snapshotAt,
        snapshotId,
        rows: stats.listingCount,
        items: stats.itemCount,
        timings,
        skipped: copied.skipped,
      };
    }),
  );
}

async function snapshotExists(db: Database, dataset: string, snapshotAt: Date): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM goblin.auction_snapshots WHERE dataset = $1 AND snapshot_at = $2', [dataset, snapshotAt]);
  return rows.length > 0;
}

async function previousSnapshot(db: Database, dataset: string, before: Date): Promise<SnapshotRef | undefined> {
  const [row] = await db.query<{ snapshot_id: number; snapshot_at: Date }>(
    `SELECT snapshot_id, snapshot_at FROM goblin.auction_snapshots
     WHERE dataset = $1 AND snapshot_at < $2 ORDER BY snapshot_at DESC LIMIT 1`,
    [dataset, before],
  );
  return row ? { snapshotId: row.snapshot_id, snapshotAt: row.snapshot_at } : undefined;
}

/** Returns the new snapshot id, or undefined when (dataset, snapshot_at) exists already. */
async function insertSnapshot(tx: pg.ClientBase, dataset: AuctionDataset, snapshotAt: Date, previous: SnapshotRef | undefined): Promise<number | undefined> {
  try {
    const { rows } = await tx.query<{ snapshot_id: number }>(
      `INSERT INTO goblin.auction_snapshots (dataset, region, connected_realm_id, snapshot_at, previous_snapshot_id, auction_count, item_count)
       VALUES ($1, $2, $3, $4, $5, 0, 0)
       ON CONFLICT (dataset, snapshot_at) DO NOTHING
       RETURNING snapshot_id`,
      [dataset.key, dataset.region, dataset.connectedRealmId, snapshotAt, previous?.snapshotId ?? null],
    );
    return rows[0]?.snapshot_id;
  } catch (error) {
    if (errnoCode(error) === SqlState.uniqueViolation) return undefined;
    throw error;
  }
}

const PROGRESS_EVERY_BYTES = 512 * 1024;

async function copyListings(
  tx: pg.ClientBase,
  dataset: AuctionDataset,
  partition: string,
  snapshotAt: Date,
  snapshotId: number,
  response: StreamResponse,
  stats: SnapshotStats,
  deps: LoadDeps,
): Promise<{ bodyBytes: number; skipped: number }> {
  const commodities = dataset.kind === 'commodities';
  const columns = commodities ? COMMODITY_COLUMNS : REALM_COLUMNS;
  const encode = commodities ? encodeCommodity : encodeRealmAuction;
  const at = snapshotAt.getTime();
  const writer = new BinaryCopyWriter();
  writer.header();
  let skipped = 0;
  const parser = new AuctionStreamParser((row: AuctionRow) => {
    const price = unitPriceOf(row);
    if (row.itemId <= 0 || (commodities && row.unitPrice === null)) {
      skipped += 1;
      return;
    }
    encode(writer, at, snapshotId, row);
    stats.add(row.auctionId, row.itemId, row.petSpeciesId ?? 0, row.quantity, price);
  });
  let bodyBytes = 0;
  let reported = 0;
  const encoder = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        bodyBytes += chunk.length;
        parser.push(chunk);
        const wire = response.wireBytes();
        if (deps.onProgress && wire - reported >= PROGRESS_EVERY_BYTES) {
          reported = wire;
          deps.onProgress({ wireBytes: wire, totalBytes: response.contentLength, rows: stats.listingCount });
        }
        done(null, writer.length > 0 ? writer.take() : undefined);
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        parser.end();
        writer.trailer();
        done(null, writer.take());
      } catch (error) {
        done(error as Error);
      }
    },
  });
  const sink = tx.query(copyFrom(`COPY ${partition} (${columns.join(', ')}) FROM STDIN WITH (FORMAT binary)`));
  await pipeline(response.body, encoder, sink);
  deps.onProgress?.({ wireBytes: response.wireBytes(), totalBytes: response.contentLength, rows: stats.listingCount });
  if (skipped > 0) deps.log.warn(`${dataset.key}: skipped ${skipped} listings without item id or price`);
  return { bodyBytes, skipped };
}

/** ~15k rows per snapshot; text COPY keeps `numeric` simple and costs ~0.1 s. */
async function copyItemStats(tx: pg.ClientBase, partition: string, snapshotAt: Date, snapshotId: number, rows: ItemStatsRow[]): Promise<void> {
  const at = snapshotAt.toISOString();
  const lines: string[] = [];
  for (const r of rows) {
    lines.push(
      [
        at,
        snapshotId,
        r.itemId,
        r.petSpeciesId,
        r.minPrice,
        r.maxPrice,
        r.meanPrice === null ? null : r.meanPrice.toFixed(4),
        r.medianPrice,
        r.marketValue,
        r.totalQuantity,
        r.auctionCount,
        r.estSold,
        r.newListings,
      ]
        .map((v) => (v === null ? '\\N' : String(v)))
        .join('\t'),
    );
  }
  const sink = tx.query(
    copyFrom(
      `COPY ${partition} (snapshot_at, snapshot_id, item_id, pet_species_id, min_price, max_price, mean_price, median_price, market_value, total_quantity, auction_count, est_sold, new_listings) FROM STDIN`,
    ),
  );
  const chunks: string[] = [];
  for (let i = 0; i < lines.length; i += 2000) chunks.push(lines.slice(i, i + 2000).join('\n') + '\n');
  await pipeline(chunks, sink);
}
