import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BinaryCopyWriter } from '../db/copy-binary.js';
import type { VariantStatsRow } from './variant-stats.js';

/** Column order of goblin.item_variant_stats as written here (sql/migrations/0013_item_variant_stats.sql). */
const VARIANT_STATS_COLUMNS = [
  'snapshot_at',
  'snapshot_id',
  'item_id',
  'variant_key',
  'pet_species_id',
  'pet_breed_id',
  'min_price',
  'median_price',
  'total_quantity',
  'auction_count',
] as const;
const FIXED_ROW_BYTES = 2 + 12 + 8 + 8 + 8 + 6 + 12 * 3 + 8;

/** One snapshot's variant rows into its day partition, in binary like the item statistics. */
export async function copyVariantStats(tx: pg.ClientBase, partition: string, snapshotAt: Date, snapshotId: number, rows: readonly VariantStatsRow[]): Promise<void> {
  const at = snapshotAt.getTime();
  let bytes = 64;
  for (const r of rows) bytes += FIXED_ROW_BYTES + BinaryCopyWriter.textBytes(r.variantKey);
  const writer = new BinaryCopyWriter(bytes);
  writer.header();
  for (const r of rows) {
    writer.beginRow(VARIANT_STATS_COLUMNS.length, FIXED_ROW_BYTES + BinaryCopyWriter.textBytes(r.variantKey));
    writer.timestamptz(at);
    writer.int4(snapshotId);
    writer.int4(r.itemId);
    writer.text(r.variantKey);
    writer.int4(r.petSpeciesId);
    writer.int2(r.petBreedId);
    writer.int8(r.minPrice);
    writer.int8(r.medianPrice);
    writer.int8(r.totalQuantity);
    writer.int4(r.auctionCount);
  }
  writer.trailer();
  const sink = tx.query(copyFrom(`COPY ${partition} (${VARIANT_STATS_COLUMNS.join(', ')}) FROM STDIN WITH (FORMAT binary)`));
  await pipeline([writer.take()], sink);
}
