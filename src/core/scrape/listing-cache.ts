import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log.js';
import type { ListingColumns, SlottedListings } from './snapshot-stats.js';

/**
 * The last stored snapshot of each dataset, kept as plain columns on disk for the
 * next scrape's sales estimate. Reading it back from PostgreSQL costs the server
 * ~0.2 s of COPY TO per 500k listings, right when it is busy loading the new
 * snapshot; the file costs a few milliseconds. It is only a cache: the header
 * names the snapshot it holds, anything that does not match exactly is ignored,
 * and the database is read instead.
 */
export interface CachedSnapshot {
  snapshotId: number;
  snapshotAt: Date;
}

const MAGIC = 0x484c4332; // "HLC2"
// magic, snapshot id, snapshot time (ms, float64), listings, slots
const HEADER_BYTES = 4 + 4 + 8 + 4 + 4;
// Per listing: auction id (8), slot (4), quantity (4), time_left (1); per slot: item, species.
const LISTING_BYTES = 17;
const SLOT_BYTES = 8;

/**
 * Reads each column straight into its typed array: going through one big file
 * buffer would free tens of megabytes at once, which raises glibc's mmap
 * threshold and leaves the rest of the load in a fragmenting heap.
 */
function readColumns(fd: number, snapshot: CachedSnapshot, expectedCount: number): ListingColumns | undefined {
  const header = Buffer.alloc(HEADER_BYTES);
  if (fs.readSync(fd, header, 0, HEADER_BYTES, 0) !== HEADER_BYTES || header.readUInt32BE(0) !== MAGIC) return undefined;
  const snapshotId = header.readInt32BE(4);
  const snapshotAt = header.readDoubleBE(8);
  const count = header.readUInt32BE(16);
  const slots = header.readUInt32BE(20);
  if (snapshotId !== snapshot.snapshotId || snapshotAt !== snapshot.snapshotAt.getTime() || count !== expectedCount) return undefined;
  if (fs.fstatSync(fd).size !== HEADER_BYTES + count * LISTING_BYTES + slots * SLOT_BYTES) return undefined;
  let position = HEADER_BYTES;
  const fill = <T extends Float64Array | Int32Array | Uint8Array>(array: T): T => {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    for (let done = 0; done < bytes.length; ) {
      const n = fs.readSync(fd, bytes, done, Math.min(bytes.length - done, 1 << 20), position + done);
      if (n <= 0) throw new Error('listing cache shorter than its header says');
      done += n;
    }
    position += bytes.length;
    return array;
  };
  const auctionIds = fill(new Float64Array(count));
  const slotOf = fill(new Int32Array(count));
  const quantities = fill(new Int32Array(count));
  const timeLeft = fill(new Uint8Array(count));
  const slotItem = fill(new Int32Array(slots));
  const slotPet = fill(new Int32Array(slots));
  const itemIds = new Int32Array(count);
  const petSpeciesIds = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const slot = slotOf[i]!;
    if (slot < 0 || slot >= slots) return undefined;
    itemIds[i] = slotItem[slot]!;
    petSpeciesIds[i] = slotPet[slot]!;
  }
  return { count, auctionIds, itemIds, petSpeciesIds, quantities, timeLeft };
}

export class ListingCache {
  private warned = false;

  /** `scope` identifies the database (two databases may reuse snapshot ids). */
  constructor(
    private readonly dir: string,
    scope: string,
    private readonly log: Logger,
  ) {
    this.dir = path.join(dir, createHash('sha256').update(scope).digest('hex').slice(0, 16));
  }

  private file(dataset: string): string {
    return path.join(this.dir, `${dataset.replaceAll('/', '_')}.bin`);
  }

  /** The cached listings of exactly this snapshot, or undefined. */
  read(dataset: string, snapshot: CachedSnapshot, expectedCount: number): ListingColumns | undefined {
    let fd: number;
    try {
      fd = fs.openSync(this.file(dataset), 'r');
    } catch {
      return undefined;
    }
    try {
      return readColumns(fd, snapshot, expectedCount);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Replaces the dataset's cache atomically; a failure only costs the next scrape a database read. */
  write(dataset: string, snapshot: CachedSnapshot, listings: SlottedListings): void {
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt32BE(MAGIC, 0);
    header.writeInt32BE(snapshot.snapshotId, 4);
    header.writeDoubleBE(snapshot.snapshotAt.getTime(), 8);
    header.writeUInt32BE(listings.count, 16);
    header.writeUInt32BE(listings.slotItem.length, 20);
    const target = this.file(dataset);
    const temporary = `${target}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const fd = fs.openSync(temporary, 'w', 0o600);
      try {
        const parts = [header, listings.auctionIds, listings.slotOf, listings.quantities, listings.timeLeft, listings.slotItem, listings.slotPet];
        for (const part of parts) fs.writeSync(fd, new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(temporary, target);
    } catch (error) {
      try {
        fs.rmSync(temporary, { force: true });
      } catch {
        // nothing was written
      }
      if (!this.warned) this.log.warn(`cannot write the listing cache in ${this.dir} (${(error as Error).message}); sales estimates will read the database`);
      this.warned = true;
    }
  }
}
