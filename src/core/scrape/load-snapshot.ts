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
import { peakRssMb } from '../memory.js';
import type { Logger } from '../log.js';
import { AuctionStreamParser, type AuctionRow } from './auction-parser.js';
import { COMMODITY_COLUMNS, REALM_COLUMNS, encodeCommodity, encodeRealmAuction, unitPriceOf } from './auction-encoder.js';
import { auctionTable, type AuctionDataset } from './datasets.js';
import { loadPreviousListings, type SnapshotRef } from './previous-listings.js';
import { recordAttempt, type LoadTimings } from './scrape-log.js';
import type { ListingCache } from './listing-cache.js';
import { SnapshotStats, type ItemStatsRow, type PreviousListings } from './snapshot-stats.js';
import { VariantStats, type VariantStatsRow } from './variant-stats.js';
import { copyVariantStats } from './variant-stats-copy.js';

export interface LoadProgress {
  wireBytes: number;
  totalBytes: number | undefined;
  rows: number;
}

export interface LoadDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  /** Last snapshot per dataset on disk; without it the previous one is read from the database. */
  cache?: ListingCache | undefined;
  onProgress?: (progress: LoadProgress) => void;
}

export type LoadOutcome =
  | { status: 'unchanged'; snapshotAt: Date; reason: string }
  | { status: 'success'; snapshotAt: Date; snapshotId: number; attemptId: number; rows: number; items: number; timings: LoadTimings; skipped: number };

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
  // Gear and pets differ by variant on realm auction houses only; commodities are all alike.
  const variants = dataset.kind === 'commodities' ? undefined : new VariantStats();
  const variantPartition = variants ? await ensureDailyPartition(db, 'goblin.item_variant_stats', snapshotAt) : undefined;
  const previous = await previousSnapshot(db, dataset.key, snapshotAt);
  const stats = new SnapshotStats();
  const cached = previous ? deps.cache?.read(dataset.key, previous, previous.auctionCount) : undefined;
  let previousListings: Promise<PreviousListings> | undefined;
  if (previous && cached) {
    stats.comparePrevious({ ...cached, gapMs: snapshotAt.getTime() - previous.snapshotAt.getTime() });
  } else if (previous) {
    // Started now, awaited after the COPY: the read overlaps the download.
    previousListings = loadPreviousListings(db, table, previous, snapshotAt);
    previousListings.catch(() => undefined);
  }

  const outcome = await db.withClient((client) =>
    inTransaction(client, async (tx) => {
      const snapshotId = await insertSnapshot(tx, dataset, snapshotAt, previous);
      if (snapshotId === undefined) {
        response.body.destroy();
        return { status: 'unchanged' as const, snapshotAt, reason: 'stored by a concurrent run' };
      }
      const copied = await copyListings(tx, dataset, partition, snapshotAt, snapshotId, response, { stats, variants }, deps, !previousListings);
      const loadMs = clock.now() - begun;

      const statsStart = clock.now();
      let itemRows: ItemStatsRow[];
      if (copied.statistics) {
        itemRows = await copied.statistics;
      } else {
        let prior: PreviousListings | undefined;
        try {
          prior = await previousListings;
        } catch (error) {
          log.warn(`${dataset.key}: previous snapshot unreadable, no sales estimate this time (${String(error)})`);
        }
        itemRows = await stats.finish(prior);
      }
      const computed = clock.now();
      await copyItemStats(tx, statsPartition, snapshotAt, snapshotId, itemRows);
      const variantRows = (await copied.variantRows) ?? [];
      if (variantPartition && variantRows.length > 0) await copyVariantStats(tx, variantPartition, snapshotAt, snapshotId, variantRows);
      const statsWritten = clock.now();
      log.debug(
        `${dataset.key}: load ${loadMs} ms, previous snapshot ${cached ? 'from cache' : previous ? 'from the database' : 'none'}, statistics ready +${computed - statsStart} ms, stats rows (and ${variantRows.length} variant rows) written +${statsWritten - computed} ms, peak RSS ${peakRssMb()} MB`,
      );
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
      const attemptId = await recordAttempt(
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
        attemptId,
        rows: stats.listingCount,
        items: stats.itemCount,
        timings,
        skipped: copied.skipped,
      };
    }),
  );
  if (outcome.status !== 'success') return outcome;
  // The log row was written before COMMIT; correct its duration to include it.
  outcome.timings.totalMs = clock.now() - startedAt.getTime();
  await finishAttemptTiming(db, outcome.attemptId, outcome.timings.totalMs);
  deps.cache?.write(dataset.key, outcome, stats.cacheable());
  return outcome;
}

async function finishAttemptTiming(db: Database, attemptId: number, totalMs: number): Promise<void> {
  await db.query(
    `WITH attempt AS (UPDATE ops.scraper_log SET duration_ms = $2 WHERE attempt_id = $1)
     UPDATE ops.load_benchmark SET total_ms = $2 WHERE attempt_id = $1`,
    [attemptId, Math.round(totalMs)],
  );
}

async function snapshotExists(db: Database, dataset: string, snapshotAt: Date): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM goblin.auction_snapshots WHERE dataset = $1 AND snapshot_at = $2', [dataset, snapshotAt]);
  return rows.length > 0;
}

async function previousSnapshot(db: Database, dataset: string, before: Date): Promise<(SnapshotRef & { auctionCount: number }) | undefined> {
  const [row] = await db.query<{ snapshot_id: number; snapshot_at: Date; auction_count: number }>(
    `SELECT snapshot_id, snapshot_at, auction_count FROM goblin.auction_snapshots
     WHERE dataset = $1 AND snapshot_at < $2 ORDER BY snapshot_at DESC LIMIT 1`,
    [dataset, before],
  );
  return row ? { snapshotId: row.snapshot_id, snapshotAt: row.snapshot_at, auctionCount: row.auction_count } : undefined;
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
const OUTPUT_CHUNK_BYTES = 256 * 1024;
const COPY_BUFFER_BYTES = 16 * 1024 * 1024;

async function copyListings(
  tx: pg.ClientBase,
  dataset: AuctionDataset,
  partition: string,
  snapshotAt: Date,
  snapshotId: number,
  response: StreamResponse,
  { stats, variants }: { stats: SnapshotStats; variants: VariantStats | undefined },
  deps: LoadDeps,
  finishEarly: boolean,
): Promise<{ bodyBytes: number; skipped: number; statistics?: Promise<ItemStatsRow[]>; variantRows?: Promise<VariantStatsRow[]> }> {
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
    stats.add(row.auctionId, row.itemId, row.petSpeciesId ?? 0, row.quantity, price, row.timeLeft);
    variants?.add(row, price);
  });
  let bodyBytes = 0;
  let reported = 0;
  let statistics: Promise<ItemStatsRow[]> | undefined;
  let variantRows: Promise<VariantStatsRow[]> | undefined;
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
        // Hand over ~256 KB at a time: fewer, larger socket writes to the server.
        done(null, writer.length >= OUTPUT_CHUNK_BYTES ? writer.take() : undefined);
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        parser.end();
        writer.trailer();
        done(null, writer.take());
        // Every listing is known: compute while the server works off the COPY buffer.
        if (finishEarly) {
          statistics = stats.finish();
          statistics.catch(() => undefined);
        }
        // Needs no previous snapshot: always computed while the COPY drains.
        variantRows = variants?.finish();
        variantRows?.catch(() => undefined);
      } catch (error) {
        done(error as Error);
      }
    },
  });
  // A deep buffer between parser and server (16 MB ≈ 240k rows) absorbs their
  // uneven pace, and lets the statistics run while the server works it off.
  const sink = tx.query(copyFrom(`COPY ${partition} (${columns.join(', ')}) FROM STDIN WITH (FORMAT binary)`, { highWaterMark: COPY_BUFFER_BYTES }));
  await pipeline(response.body, encoder, sink);
  deps.onProgress?.({ wireBytes: response.wireBytes(), totalBytes: response.contentLength, rows: stats.listingCount });
  if (skipped > 0) deps.log.warn(`${dataset.key}: skipped ${skipped} listings without item id or price`);
  const result = statistics ? { bodyBytes, skipped, statistics } : { bodyBytes, skipped };
  return variantRows ? { ...result, variantRows } : result;
}

const ITEM_STATS_COLUMNS = [
  'snapshot_at',
  'snapshot_id',
  'item_id',
  'pet_species_id',
  'min_price',
  'max_price',
  'mean_price',
  'median_price',
  'market_value',
  'total_quantity',
  'auction_count',
  'est_sold',
  'new_listings',
] as const;
const ITEM_STATS_ROW_BYTES = 2 + 12 + 8 + 8 + 8 + 12 + 12 + BinaryCopyWriter.NUMERIC4_MAX_BYTES + 12 * 3 + 8 + 12 * 2;

/** ~15k rows per snapshot, in binary: a text COPY spent ~40 ms formatting and parsing them. */
async function copyItemStats(tx: pg.ClientBase, partition: string, snapshotAt: Date, snapshotId: number, rows: ItemStatsRow[]): Promise<void> {
  const at = snapshotAt.getTime();
  const writer = new BinaryCopyWriter(rows.length * ITEM_STATS_ROW_BYTES + 64);
  writer.header();
  for (const r of rows) {
    writer.beginRow(ITEM_STATS_COLUMNS.length, ITEM_STATS_ROW_BYTES);
    writer.timestamptz(at);
    writer.int4(snapshotId);
    writer.int4(r.itemId);
    writer.int4(r.petSpeciesId);
    writer.int8(r.minPrice);
    writer.int8(r.maxPrice);
    writer.numeric4(r.meanPrice);
    writer.int8(r.medianPrice);
    writer.int8(r.marketValue);
    writer.int8(r.totalQuantity);
    writer.int4(r.auctionCount);
    writer.int8(r.estSold);
    writer.int8(r.newListings);
  }
  writer.trailer();
  const sink = tx.query(copyFrom(`COPY ${partition} (${ITEM_STATS_COLUMNS.join(', ')}) FROM STDIN WITH (FORMAT binary)`));
  await pipeline([writer.take()], sink);
}
