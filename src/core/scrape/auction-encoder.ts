import { BinaryCopyWriter } from '../db/copy-binary.js';
import type { AuctionRow } from './auction-parser.js';

/**
 * Turns parsed auctions into binary COPY rows for the two auction tables. The
 * column lists here and in sql/migrations/0003_auctions.sql must agree.
 */
export const COMMODITY_COLUMNS = ['snapshot_at', 'snapshot_id', 'auction_id', 'item_id', 'quantity', 'unit_price', 'time_left'] as const;

export const REALM_COLUMNS = [
  'snapshot_at',
  'snapshot_id',
  'auction_id',
  'item_id',
  'quantity',
  'unit_price',
  'buyout',
  'bid',
  'time_left',
  'context',
  'bonus_lists',
  'modifier_types',
  'modifier_values',
  'pet_species_id',
  'pet_breed_id',
  'pet_level',
  'pet_quality_id',
] as const;

// 2 (field count) + per field: 4 (length) + value.
const COMMODITY_ROW_BYTES = 2 + 12 + 8 + 12 + 8 + 8 + 12 + 6;
const REALM_FIXED_BYTES = 2 + 12 + 8 + 12 + 8 + 8 + 12 * 3 + 6 + 8 + 8 + 6 * 3;

export function encodeCommodity(writer: BinaryCopyWriter, snapshotAtMs: number, snapshotId: number, row: AuctionRow): void {
  writer.beginRow(COMMODITY_COLUMNS.length, COMMODITY_ROW_BYTES);
  writer.timestamptz(snapshotAtMs);
  writer.int4(snapshotId);
  writer.int8(row.auctionId);
  writer.int4(row.itemId);
  writer.int4(row.quantity);
  writer.int8(row.unitPrice);
  writer.int2(row.timeLeft);
}

export function encodeRealmAuction(writer: BinaryCopyWriter, snapshotAtMs: number, snapshotId: number, row: AuctionRow): void {
  const arrays =
    arrayBytes(row.bonusLists) + arrayBytes(row.modifierTypes) + arrayBytes(row.modifierValues);
  writer.beginRow(REALM_COLUMNS.length, REALM_FIXED_BYTES + arrays);
  writer.timestamptz(snapshotAtMs);
  writer.int4(snapshotId);
  writer.int8(row.auctionId);
  writer.int4(row.itemId);
  writer.int4(row.quantity);
  writer.int8(row.unitPrice);
  writer.int8(row.buyout);
  writer.int8(row.bid);
  writer.int2(row.timeLeft);
  writer.int4(row.context);
  writer.int4Array(row.bonusLists);
  writer.int4Array(row.modifierTypes);
  writer.int4Array(row.modifierValues);
  writer.int4(row.petSpeciesId);
  writer.int2(row.petBreedId);
  writer.int2(row.petLevel);
  writer.int2(row.petQualityId);
}

function arrayBytes(values: readonly number[] | null): number {
  return values === null ? 4 : BinaryCopyWriter.int4ArrayBytes(values.length);
}

/** Price per unit used for statistics: unit_price, else buyout spread over the stack. */
export function unitPriceOf(row: AuctionRow): number | null {
  if (row.unitPrice !== null) return row.unitPrice;
  if (row.buyout !== null && row.quantity > 0) return Math.round(row.buyout / row.quantity);
  return null;
}
