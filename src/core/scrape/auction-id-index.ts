/**
 * Open-addressing hash index from auction id to its position in a list of ids,
 * over typed arrays. The table stores positions only (4 bytes a slot, load ≤ 0.75)
 * and compares against the list itself: 1.5 million ids cost 8 MB, where a
 * Map<number, number> took ~100 MB and churned the GC.
 */
export class AuctionIdIndex {
  private readonly table: Int32Array;
  private readonly mask: number;

  constructor(
    private readonly ids: Float64Array,
    count: number,
  ) {
    let size = 1024;
    while (size * 0.75 < count) size *= 2;
    this.table = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let i = 0; i < count; i++) this.insert(ids[i]!, i);
  }

  /** Position of `id`, or -1. */
  find(id: number): number {
    let h = hash(id) & this.mask;
    for (;;) {
      const position = this.table[h]!;
      if (position === -1 || this.ids[position] === id) return position;
      h = (h + 1) & this.mask;
    }
  }

  private insert(id: number, position: number): void {
    let h = hash(id) & this.mask;
    for (;;) {
      const occupant = this.table[h]!;
      if (occupant === -1) {
        this.table[h] = position;
        return;
      }
      if (this.ids[occupant] === id) return; // a duplicate id keeps its first position
      h = (h + 1) & this.mask;
    }
  }
}

function hash(id: number): number {
  // Mix both 32-bit halves; auction ids are sequential, so spread them.
  const low = id >>> 0;
  const high = (id / 4294967296) >>> 0;
  return Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b) ^ (low >>> 13);
}

type NumberArray = Float64Array | Int32Array | Uint32Array | Uint8Array;

const BLOCK = 1 << 16;

/**
 * A column of unknown length, filled in fixed blocks and copied once into an
 * exact-length array when complete. Never reallocating while it fills matters for
 * memory: each freed multi-megabyte buffer raises glibc's mmap threshold, after
 * which everything lands in a fragmenting heap (peak RSS at 1.5M listings went
 * from ~175 MB to ~250 MB with doubling arrays).
 */
export class Growable<T extends NumberArray> {
  private readonly blocks: T[] = [];
  private current: T;
  private used = 0;
  private whole: T | undefined;
  length = 0;

  constructor(private readonly make: (size: number) => T) {
    this.current = make(BLOCK);
  }

  push(value: number): void {
    if (this.used === BLOCK) {
      this.blocks.push(this.current);
      this.current = this.make(BLOCK);
      this.used = 0;
    }
    this.current[this.used++] = value;
    this.length += 1;
  }

  /** The values as one exact-length array (built once; pushing afterwards is an error). */
  array(): T {
    if (this.whole) return this.whole;
    const whole = this.make(this.length);
    let offset = 0;
    for (const block of this.blocks) {
      whole.set(block, offset);
      offset += BLOCK;
    }
    whole.set(this.current.subarray(0, this.used), offset);
    this.blocks.length = 0;
    this.current = this.make(0);
    this.used = BLOCK; // a push now would write past the empty block: fail loudly
    this.whole = whole;
    return whole;
  }
}

export const float64s = () => new Growable((n) => new Float64Array(n));
export const int32s = () => new Growable((n) => new Int32Array(n));
export const uint8s = () => new Growable((n) => new Uint8Array(n));
