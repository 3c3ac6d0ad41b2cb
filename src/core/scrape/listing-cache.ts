import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log.js';
import type { ListingColumns } from './snapshot-stats.js';

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

const MAGIC = 0x484c4331; // "HLC1"
const HEADER_BYTES = 4 + 4 + 8 + 4;

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
    let buf: Buffer;
    try {
      buf = fs.readFileSync(this.file(dataset));
    } catch {
      return undefined;
    }
    if (buf.length < HEADER_BYTES || buf.readUInt32BE(0) !== MAGIC) return undefined;
    const snapshotId = buf.readInt32BE(4);
    const snapshotAt = buf.readDoubleBE(8);
    const count = buf.readUInt32BE(16);
    if (snapshotId !== snapshot.snapshotId || snapshotAt !== snapshot.snapshotAt.getTime() || count !== expectedCount) return undefined;
    if (buf.length !== HEADER_BYTES + count * 21) return undefined;
    // Copy into aligned typed arrays (the file buffer's offset need not be aligned).
    let offset = HEADER_BYTES;
    const take = <T>(make: (n: number) => T & { buffer: ArrayBufferLike }, bytesPer: number): T => {
      const out = make(count);
      buf.copy(new Uint8Array(out.buffer), 0, offset, offset + count * bytesPer);
      offset += count * bytesPer;
      return out;
    };
    return {
      count,
      auctionIds: take((n) => new Float64Array(n), 8),
      itemIds: take((n) => new Int32Array(n), 4),
      petSpeciesIds: take((n) => new Int32Array(n), 4),
      quantities: take((n) => new Int32Array(n), 4),
      timeLeft: take((n) => new Uint8Array(n), 1),
    };
  }

  /** Replaces the dataset's cache atomically; a failure only costs the next scrape a database read. */
  write(dataset: string, snapshot: CachedSnapshot, columns: ListingColumns): void {
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt32BE(MAGIC, 0);
    header.writeInt32BE(snapshot.snapshotId, 4);
    header.writeDoubleBE(snapshot.snapshotAt.getTime(), 8);
    header.writeUInt32BE(columns.count, 16);
    const target = this.file(dataset);
    const temporary = `${target}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const fd = fs.openSync(temporary, 'w', 0o600);
      try {
        for (const part of [header, columns.auctionIds, columns.itemIds, columns.petSpeciesIds, columns.quantities, columns.timeLeft]) {
          const bytes = Buffer.from(part.buffer, part.byteOffset, Buffer.isBuffer(part) ? part.length : part.byteLength);
          fs.writeSync(fd, bytes);
        }
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
