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

/** A typed array that grows by doubling, for per-listing columns of unknown length. */
export class Growable<T extends NumberArray> {
  data: T;
  length = 0;

  constructor(private readonly make: (size: number) => T, capacity = 1 << 16) {
    this.data = make(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = this.make(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  /** The filled part (a view, not a copy). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

export const float64s = (capacity?: number) => new Growable((n) => new Float64Array(n), capacity);
export const int32s = (capacity?: number) => new Growable((n) => new Int32Array(n), capacity);
export const uint8s = (capacity?: number) => new Growable((n) => new Uint8Array(n), capacity);
