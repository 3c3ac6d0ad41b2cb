/**
 * Writer for PostgreSQL's binary COPY format. Binary COPY saves the server the
 * text parsing of every field (timestamps especially): 16–25 % of its COPY work
 * in our measurements (../shared/reference/db-substrate.md §2), which is what
 * lets a snapshot load keep pace with the server instead of the other way round.
 *
 * Fields are written straight into one growable Buffer; callers hand full chunks
 * to the COPY stream with take().
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
const TWO_POW_32 = 4294967296;
export const INT4_OID = 23;

export class BinaryCopyWriter {
  private buf: Buffer;
  private view: DataView;
  private pos = 0;

  constructor(initialBytes = 1 << 18) {
    this.buf = Buffer.allocUnsafeSlow(initialBytes);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** Bytes written since the last take(). */
  get length(): number {
    return this.pos;
  }

  header(): void {
    this.ensure(19);
    SIGNATURE.copy(this.buf, this.pos);
    this.pos += SIGNATURE.length;
    this.view.setInt32(this.pos, 0); // flags
    this.view.setInt32(this.pos + 4, 0); // header extension length
    this.pos += 8;
  }

  trailer(): void {
    this.ensure(2);
    this.view.setInt16(this.pos, -1);
    this.pos += 2;
  }

  /** Reserves room for a whole row up front so the field writers need no checks. */
  beginRow(fieldCount: number, maxBytes: number): void {
    this.ensure(2 + maxBytes);
    this.view.setInt16(this.pos, fieldCount);
    this.pos += 2;
  }

  null(): void {
    this.view.setInt32(this.pos, -1);
    this.pos += 4;
  }

  int2(value: number | null): void {
    if (value === null) return this.null();
    const v = this.view;
    v.setInt32(this.pos, 2);
    v.setInt16(this.pos + 4, value);
    this.pos += 6;
  }

  int4(value: number | null): void {
    if (value === null) return this.null();
    const v = this.view;
    v.setInt32(this.pos, 4);
    v.setInt32(this.pos + 4, value);
    this.pos += 8;
  }

  bool(value: boolean | null): void {
    if (value === null) return this.null();
    this.view.setInt32(this.pos, 1);
    this.buf[this.pos + 4] = value ? 1 : 0;
    this.pos += 5;
  }

  /** UTF-8 text; room for it must have been reserved (textBytes). */
  text(value: string | null): void {
    if (value === null) return this.null();
    const written = this.buf.write(value, this.pos + 4, 'utf8');
    this.view.setInt32(this.pos, written);
    this.pos += 4 + written;
  }

  /** Bytes text() may need for `value`, length word included (UTF-8 takes at most 3 bytes per UTF-16 unit). */
  static textBytes(value: string | null | undefined): number {
    return 4 + (value ? value.length * 3 : 0);
  }

  /** A safe integer (|v| < 2^53) as int8, without going through BigInt. */
  int8(value: number | null): void {
    if (value === null) return this.null();
    const v = this.view;
    const high = Math.floor(value / TWO_POW_32);
    v.setInt32(this.pos, 8);
    v.setInt32(this.pos + 4, high);
    v.setUint32(this.pos + 8, value - high * TWO_POW_32);
    this.pos += 12;
  }

  /** float8. */
  float8(value: number | null): void {
    if (value === null) return this.null();
    const v = this.view;
    v.setInt32(this.pos, 8);
    v.setFloat64(this.pos + 4, value);
    this.pos += 12;
  }

  /** Bytes numeric4() writes at most (length word included). */
  static readonly NUMERIC4_MAX_BYTES = 4 + 8 + 2 * 6;

  /**
   * `numeric` with four decimal places (|value| < 10^11), in PostgreSQL's wire
   * form: base-10000 digit groups with a weight, sign and display scale.
   */
  numeric4(value: number | null): void {
    if (value === null) return this.null();
    const v = this.view;
    if (!Number.isFinite(value)) {
      v.setInt32(this.pos, 8);
      v.setInt16(this.pos + 4, 0);
      v.setInt16(this.pos + 6, 0);
      v.setUint16(this.pos + 8, 0xc000); // NaN
      v.setInt16(this.pos + 10, 0);
      this.pos += 12;
      return;
    }
    const scaled = Math.round(Math.abs(value) * 10_000);
    const fraction = scaled % 10_000;
    let whole = (scaled - fraction) / 10_000;
    const groups: number[] = [];
    while (whole > 0) {
      groups.unshift(whole % 10_000);
      whole = Math.floor(whole / 10_000);
    }
    const weight = groups.length === 0 ? -1 : groups.length - 1;
    if (fraction !== 0 || groups.length === 0) groups.push(fraction);
    while (groups.length > 0 && groups[groups.length - 1] === 0) groups.pop();
    const digits = groups.length;
    v.setInt32(this.pos, 8 + 2 * digits);
    v.setInt16(this.pos + 4, digits);
    v.setInt16(this.pos + 6, digits === 0 ? 0 : weight);
    v.setUint16(this.pos + 8, value < 0 && digits > 0 ? 0x4000 : 0);
    v.setInt16(this.pos + 10, 4);
    for (let i = 0; i < digits; i++) v.setInt16(this.pos + 12 + 2 * i, groups[i]!);
    this.pos += 12 + 2 * digits;
  }

  /** timestamptz from milliseconds since the Unix epoch. */
  timestamptz(epochMs: number): void {
    this.int8((epochMs - POSTGRES_EPOCH_MS) * 1000);
  }

  /** Bytes a one-dimensional int4[] of n elements takes, length word included. */
  static int4ArrayBytes(n: number): number {
    return n === 0 ? 16 : 24 + n * 8;
  }

  /** A one-dimensional int4[] without nulls. */
  int4Array(values: readonly number[] | null): void {
    if (values === null) return this.null();
    const n = values.length;
    const v = this.view;
    let p = this.pos;
    v.setInt32(p, BinaryCopyWriter.int4ArrayBytes(n) - 4);
    v.setInt32(p + 4, n === 0 ? 0 : 1); // dimensions
    v.setInt32(p + 8, 0); // has nulls
    v.setInt32(p + 12, INT4_OID);
    p += 16;
    if (n > 0) {
      v.setInt32(p, n);
      v.setInt32(p + 4, 1); // lower bound
      p += 8;
      for (let i = 0; i < n; i++) {
        v.setInt32(p, 4);
        v.setInt32(p + 4, values[i]!);
        p += 8;
      }
    }
    this.pos = p;
  }

  /**
   * Hands out a copy of what was written so far and rewinds. Copying ~64 KB is
   * cheaper than allocating a fresh working buffer per chunk, and the COPY stream
   * may hold the chunk until the socket drains.
   */
  take(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    this.pos = 0;
    return out;
  }

  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.pos + bytes));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
    this.view = new DataView(grown.buffer, grown.byteOffset, grown.byteLength);
  }
}
