import { DataError } from '../errors.js';

/**
 * Streaming parser for the auction payloads (`/data/wow/auctions/commodities` and
 * `/data/wow/connected-realm/{id}/auctions`). It scans bytes as they arrive from
 * gunzip and hands every auction to a callback, reusing one row object, without
 * building the document or any per-auction strings.
 *
 * Why our own: a whole-body JSON.parse holds the 45–140 MB body and its object
 * graph in memory and cannot start before the last byte arrives (1.8× the
 * `psql \copy` time for 500k auctions); generic streaming JSON libraries were
 * 6–19× slower than JSON.parse (../shared/reference/db-substrate.md §2).
 *
 * Only what the payload needs is understood: the root object, the `auctions`
 * array, the fields of an auction; any other value is skipped structurally. A body
 * that is not JSON, is cut off, or is malformed fails with the byte offset.
 */
export interface AuctionRow {
  auctionId: number;
  itemId: number;
  quantity: number;
  unitPrice: number | null;
  buyout: number | null;
  bid: number | null;
  /** 1 SHORT, 2 MEDIUM, 3 LONG, 4 VERY_LONG, 0 unknown. */
  timeLeft: number;
  context: number | null;
  bonusLists: number[] | null;
  modifierTypes: number[] | null;
  modifierValues: number[] | null;
  petSpeciesId: number | null;
  petBreedId: number | null;
  petLevel: number | null;
  petQualityId: number | null;
}

export const TIME_LEFT = { SHORT: 1, MEDIUM: 2, LONG: 3, VERY_LONG: 4 } as const;

// Byte values.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const MINUS = 0x2d;

const EMPTY = Buffer.alloc(0);

const enum Field {
  AuctionId,
  ItemId,
  Quantity,
  UnitPrice,
  Buyout,
  Bid,
  Context,
  PetSpeciesId,
  PetBreedId,
  PetLevel,
  PetQualityId,
}

/** Returned by the scanning helpers when the buffer ends before the value does. */
const INCOMPLETE = -1;
/** Returned by the commodity fast path when the bytes are not in its shape. */
const NO_MATCH = -3;

const LIT_ID = Buffer.from('{"id":');
const LIT_ITEM_ID = Buffer.from(',"item":{"id":');
const LIT_QUANTITY = Buffer.from('},"quantity":');
const LIT_UNIT_PRICE = Buffer.from(',"unit_price":');
const LIT_TIME_LEFT = Buffer.from(',"time_left":');

const LIT_TIME_LEFT_QUOTE = Buffer.from(',"time_left":"');
const LIT_SHORT = Buffer.from('SHORT"');
const LIT_MEDIUM = Buffer.from('MEDIUM"');
const LIT_LONG = Buffer.from('LONG"');
const LIT_VERY_LONG = Buffer.from('VERY_LONG"');
/**
 * Bytes that surely hold a whole commodity auction (they are ~90 long; digit runs
 * are bounded by the window check too), so the in-window path needs no bounds checks.
 */
const FAST_WINDOW = 256;

/** Whether `literal` is at `pos` (the caller guarantees the bytes exist). */
function literalAt(b: Buffer, pos: number, literal: Buffer): boolean {
  for (let i = 0; i < literal.length; i++) if (b[pos + i] !== literal[i]) return false;
  return true;
}

function expectLiteral(b: Buffer, pos: number, literal: Buffer): number {
  const n = literal.length;
  for (let i = 0; i < n; i++) {
    if (pos + i >= b.length) return INCOMPLETE;
    if (b[pos + i] !== literal[i]) return NO_MATCH;
  }
  return pos + n;
}

const enum State {
  BeforeRoot,
  RootKey,
  RootAfterValue,
  AuctionsArray,
  AuctionsAfterElement,
  Done,
}

function newRow(): AuctionRow {
  return {
    auctionId: 0,
    itemId: 0,
    quantity: 0,
    unitPrice: null,
    buyout: null,
    bid: null,
    timeLeft: 0,
    context: null,
    bonusLists: null,
    modifierTypes: null,
    modifierValues: null,
    petSpeciesId: null,
    petBreedId: null,
    petLevel: null,
    petQualityId: null,
  };
}

export class AuctionStreamParser {
  private buf: Buffer = EMPTY;
  private work: Buffer = Buffer.allocUnsafeSlow(1 << 17);
  /** Absolute offset of buf[0] in the whole body, for error messages. */
  private base = 0;
  private state = State.BeforeRoot;
  private readonly row = newRow();
  private sawAuctions = false;
  /** The number most recently read by readInt (null for a JSON null). */
  private num: number | null = null;
  auctionCount = 0;

  constructor(private readonly onAuction: (row: AuctionRow) => void) {}

  push(chunk: Buffer): void {
    if (this.buf.length === 0) {
      this.buf = chunk;
    } else {
      // An auction almost always straddles two chunks: join the leftover and the
      // new chunk in one reused buffer rather than allocating ~64 KB per chunk.
      const needed = this.buf.length + chunk.length;
      if (this.work.length < needed) this.work = Buffer.allocUnsafeSlow(Math.max(needed, 2 * this.work.length));
      if (this.buf.buffer !== this.work.buffer || this.buf.byteOffset !== this.work.byteOffset) this.buf.copy(this.work, 0);
      chunk.copy(this.work, this.buf.length);
      this.buf = this.work.subarray(0, needed);
    }
    const consumed = this.run();
    this.base += consumed;
    if (consumed >= this.buf.length) {
      this.buf = EMPTY;
    } else if (this.buf.buffer === this.work.buffer) {
      // Keep the leftover at the start of the work buffer (copyWithin handles overlap).
      const rest = this.buf.length - consumed;
      this.work.copyWithin(0, this.buf.byteOffset - this.work.byteOffset + consumed, this.buf.byteOffset - this.work.byteOffset + this.buf.length);
      this.buf = this.work.subarray(0, rest);
    } else {
      this.buf = this.buf.subarray(consumed);
    }
  }

  /** Call after the last chunk; throws if the document is incomplete. */
  end(): void {
    if (this.state === State.Done) {
      const trailing = skipWhitespace(this.buf, 0);
      if (trailing < this.buf.length) this.fail(trailing, 'unexpected data after the end of the JSON document');
      return;
    }
    if (this.state === State.BeforeRoot && skipWhitespace(this.buf, 0) >= this.buf.length && this.base === 0) {
      throw new DataError('empty response body');
    }
    throw new DataError(
      `truncated response body: the JSON ends after ${this.base + this.buf.length} bytes, inside ${this.where()} (${this.auctionCount} auctions read)`,
    );
  }

  private where(): string {
    if (this.state === State.AuctionsArray || this.state === State.AuctionsAfterElement) return 'the auctions array';
    return 'the root object';
  }

  /** Parses as far as the buffer allows; returns the number of bytes consumed. */
  private run(): number {
    const b = this.buf;
    const end = b.length;
    let pos = 0;
    for (;;) {
      pos = skipWhitespace(b, pos);
      if (pos >= end) return pos;
      const c = b[pos]!;
      switch (this.state) {
        case State.BeforeRoot:
          if (c !== LBRACE) this.notJson(pos);
          pos += 1;
          this.state = State.RootKey;
          break;
        case State.RootKey: {
          if (c === RBRACE) {
            if (!this.sawAuctions) this.fail(pos, 'the response has no "auctions" array');
            this.state = State.Done;
            return pos + 1;
          }
          if (c !== QUOTE) this.fail(pos, 'expected a key');
          const keyEnd = scanString(b, pos);
          if (keyEnd === INCOMPLETE) return pos;
          let p = skipWhitespace(b, keyEnd);
          if (p >= end) return pos;
          if (b[p] !== COLON) this.fail(p, 'expected ":"');
          p = skipWhitespace(b, p + 1);
          if (p >= end) return pos;
          if (keyEnd - pos === 10 && b.toString('latin1', pos + 1, keyEnd - 1) === 'auctions') {
            if (b[p] !== LBRACKET) this.fail(p, '"auctions" is not an array');
            this.sawAuctions = true;
            this.state = State.AuctionsArray;
            pos = p + 1;
          } else {
            const valueEnd = skipValue(b, p);
            if (valueEnd === INCOMPLETE) return pos;
            if (valueEnd < 0) this.fail(-valueEnd - 2, 'malformed JSON value');
            this.state = State.RootAfterValue;
            pos = valueEnd;
          }
          break;
        }
        case State.RootAfterValue:
          if (c === COMMA) this.state = State.RootKey;
          else if (c === RBRACE) {
            if (!this.sawAuctions) this.fail(pos, 'the response has no "auctions" array');
            this.state = State.Done;
            return pos + 1;
          } else this.fail(pos, 'expected "," or "}"');
          pos += 1;
          break;
        case State.AuctionsArray:
        case State.AuctionsAfterElement: {
          if (c === RBRACKET) {
            this.state = State.RootAfterValue;
            pos += 1;
            break;
          }
          let p = pos;
          if (this.state === State.AuctionsAfterElement) {
            if (c !== COMMA) this.fail(pos, 'expected "," or "]" in the auctions array');
            p = skipWhitespace(b, pos + 1);
            if (p >= end) return pos;
          }
          const next = this.parseAuction(b, p);
          if (next === INCOMPLETE) return pos;
          pos = next;
          this.state = State.AuctionsAfterElement;
          break;
        }
        case State.Done:
          return pos;
      }
    }
  }

  /** Parses one auction object at `start`; INCOMPLETE leaves no trace. */
  private parseAuction(b: Buffer, start: number): number {
    const row = this.row;
    resetRow(row);
    const fast = this.fastCommodity(b, start);
    if (fast !== NO_MATCH) {
      if (fast !== INCOMPLETE) {
        this.auctionCount += 1;
        this.onAuction(row);
      }
      return fast;
    }
    resetRow(row);
    if (b[start] !== LBRACE) this.fail(start, 'expected an auction object');
    let pos = start + 1;
    let first = true;
    for (;;) {
      pos = skipWhitespace(b, pos);
      if (pos >= b.length) return INCOMPLETE;
      let c = b[pos]!;
      if (c === RBRACE) break;
      if (!first) {
        if (c !== COMMA) this.fail(pos, 'expected "," or "}" in an auction');
        pos = skipWhitespace(b, pos + 1);
        if (pos >= b.length) return INCOMPLETE;
        c = b[pos]!;
      }
      first = false;
      if (c !== QUOTE) this.fail(pos, 'expected a key in an auction');
      const keyStart = pos + 1;
      const keyEnd = scanString(b, pos);
      if (keyEnd === INCOMPLETE) return INCOMPLETE;
      const keyLength = keyEnd - 1 - keyStart;
      pos = skipWhitespace(b, keyEnd);
      if (pos >= b.length) return INCOMPLETE;
      if (b[pos] !== COLON) this.fail(pos, 'expected ":"');
      pos = skipWhitespace(b, pos + 1);
      if (pos >= b.length) return INCOMPLETE;
      const next = this.auctionField(b, keyStart, keyLength, pos);
      if (next === INCOMPLETE) return INCOMPLETE;
      pos = next;
    }
    if (row.itemId === 0 && row.auctionId === 0) this.fail(start, 'auction without "id" and "item"');
    this.auctionCount += 1;
    this.onAuction(row);
    return pos + 1;
  }

  /**
   * Region commodities are hundreds of thousands of auctions in one fixed shape,
   * `{"id":1,"item":{"id":2},"quantity":3,"unit_price":4,"time_left":"LONG"}`;
   * matching it literally is ~3× faster than the general field loop, which every
   * other shape (whitespace, other key order, realm auctions) falls back to.
   */
  private fastCommodity(b: Buffer, start: number): number {
    if (start + FAST_WINDOW <= b.length) return this.fastCommodityInWindow(b, start);
    const row = this.row;
    let p = expectLiteral(b, start, LIT_ID);
    if (p < 0) return p;
    p = this.digits(b, p);
    if (p < 0) return p;
    row.auctionId = this.num!;
    p = expectLiteral(b, p, LIT_ITEM_ID);
    if (p < 0) return p;
    p = this.digits(b, p);
    if (p < 0) return p;
    row.itemId = this.num!;
    p = expectLiteral(b, p, LIT_QUANTITY);
    if (p < 0) return p;
    p = this.digits(b, p);
    if (p < 0) return p;
    row.quantity = this.num!;
    p = expectLiteral(b, p, LIT_UNIT_PRICE);
    if (p < 0) return p;
    p = this.digits(b, p);
    if (p < 0) return p;
    row.unitPrice = this.num!;
    p = expectLiteral(b, p, LIT_TIME_LEFT);
    if (p < 0) return p;
    const end = this.readTimeLeft(b, p);
    if (end < 0) return end;
    if (end >= b.length) return INCOMPLETE;
    if (b[end] !== RBRACE) return NO_MATCH;
    return end + 1;
  }

  /**
   * The fast path when the whole element is surely in the buffer: no bounds checks,
   * literals compared in place, numbers accumulated in locals.
   */
  private fastCommodityInWindow(b: Buffer, start: number): number {
    let p = start;
    if (!literalAt(b, p, LIT_ID)) return NO_MATCH;
    p += LIT_ID.length;
    let auctionId = 0;
    let d = b[p]! - 48;
    if (d < 0 || d > 9) return NO_MATCH;
    do {
      auctionId = auctionId * 10 + d;
      d = b[++p]! - 48;
    } while (d >= 0 && d <= 9);
    if (!literalAt(b, p, LIT_ITEM_ID)) return NO_MATCH;
    p += LIT_ITEM_ID.length;
    let itemId = 0;
    d = b[p]! - 48;
    if (d < 0 || d > 9) return NO_MATCH;
    do {
      itemId = itemId * 10 + d;
      d = b[++p]! - 48;
    } while (d >= 0 && d <= 9);
    if (!literalAt(b, p, LIT_QUANTITY)) return NO_MATCH;
    p += LIT_QUANTITY.length;
    let quantity = 0;
    d = b[p]! - 48;
    if (d < 0 || d > 9) return NO_MATCH;
    do {
      quantity = quantity * 10 + d;
      d = b[++p]! - 48;
    } while (d >= 0 && d <= 9);
    if (!literalAt(b, p, LIT_UNIT_PRICE)) return NO_MATCH;
    p += LIT_UNIT_PRICE.length;
    let unitPrice = 0;
    d = b[p]! - 48;
    if (d < 0 || d > 9) return NO_MATCH;
    do {
      unitPrice = unitPrice * 10 + d;
      d = b[++p]! - 48;
    } while (d >= 0 && d <= 9);
    if (!literalAt(b, p, LIT_TIME_LEFT_QUOTE)) return NO_MATCH;
    p += LIT_TIME_LEFT_QUOTE.length;
    let timeLeft: number;
    switch (b[p]) {
      case 0x53: // SHORT"
        if (!literalAt(b, p, LIT_SHORT)) return NO_MATCH;
        timeLeft = TIME_LEFT.SHORT;
        p += LIT_SHORT.length;
        break;
      case 0x4d: // MEDIUM"
        if (!literalAt(b, p, LIT_MEDIUM)) return NO_MATCH;
        timeLeft = TIME_LEFT.MEDIUM;
        p += LIT_MEDIUM.length;
        break;
      case 0x4c: // LONG"
        if (!literalAt(b, p, LIT_LONG)) return NO_MATCH;
        timeLeft = TIME_LEFT.LONG;
        p += LIT_LONG.length;
        break;
      case 0x56: // VERY_LONG"
        if (!literalAt(b, p, LIT_VERY_LONG)) return NO_MATCH;
        timeLeft = TIME_LEFT.VERY_LONG;
        p += LIT_VERY_LONG.length;
        break;
      default:
        return NO_MATCH;
    }
    if (b[p] !== RBRACE || p - start >= FAST_WINDOW) return NO_MATCH;
    // Only numbers that fit exactly are taken; anything longer goes the careful way.
    if (auctionId > Number.MAX_SAFE_INTEGER || unitPrice > Number.MAX_SAFE_INTEGER) return NO_MATCH;
    const row = this.row;
    row.auctionId = auctionId;
    row.itemId = itemId;
    row.quantity = quantity;
    row.unitPrice = unitPrice;
    row.timeLeft = timeLeft;
    return p + 1;
  }

  /** Unsigned digits into this.num; NO_MATCH when there are none. */
  private digits(b: Buffer, pos: number): number {
    let p = pos;
    let value = 0;
    while (p < b.length) {
      const d = b[p]! - 48;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
      p += 1;
    }
    if (p >= b.length) return INCOMPLETE;
    if (p === pos || p - pos > 15) return NO_MATCH;
    this.num = value;
    return p;
  }

  private auctionField(b: Buffer, key: number, length: number, pos: number): number {
    const row = this.row;
    switch (length) {
      case 2: // id
        if (b[key] === 0x69 && b[key + 1] === 0x64) return this.readField(b, pos, Field.AuctionId);
        break;
      case 3: // bid
        if (matches(b, key, 'bid')) return this.readField(b, pos, Field.Bid);
        break;
      case 4: // item
        if (matches(b, key, 'item')) return this.parseItem(b, pos);
        break;
      case 6: // buyout
        if (matches(b, key, 'buyout')) return this.readField(b, pos, Field.Buyout);
        break;
      case 8: // quantity
        if (matches(b, key, 'quantity')) return this.readField(b, pos, Field.Quantity);
        break;
      case 9: // time_left
        if (matches(b, key, 'time_left')) return this.readTimeLeft(b, pos);
        break;
      case 10: // unit_price
        if (matches(b, key, 'unit_price')) return this.readField(b, pos, Field.UnitPrice);
        break;
    }
    return this.skip(b, pos);
  }

  private parseItem(b: Buffer, start: number): number {
    if (b[start] !== LBRACE) this.fail(start, '"item" is not an object');
    const row = this.row;
    let pos = start + 1;
    let first = true;
    for (;;) {
      pos = skipWhitespace(b, pos);
      if (pos >= b.length) return INCOMPLETE;
      let c = b[pos]!;
      if (c === RBRACE) return pos + 1;
      if (!first) {
        if (c !== COMMA) this.fail(pos, 'expected "," or "}" in an item');
        pos = skipWhitespace(b, pos + 1);
        if (pos >= b.length) return INCOMPLETE;
        c = b[pos]!;
      }
      first = false;
      if (c !== QUOTE) this.fail(pos, 'expected a key in an item');
      const key = pos + 1;
      const keyEnd = scanString(b, pos);
      if (keyEnd === INCOMPLETE) return INCOMPLETE;
      const length = keyEnd - 1 - key;
      pos = skipWhitespace(b, keyEnd);
      if (pos >= b.length) return INCOMPLETE;
      if (b[pos] !== COLON) this.fail(pos, 'expected ":"');
      pos = skipWhitespace(b, pos + 1);
      if (pos >= b.length) return INCOMPLETE;
      let next: number;
      if (length === 2 && b[key] === 0x69 && b[key + 1] === 0x64) next = this.readField(b, pos, Field.ItemId);
      else if (length === 7 && matches(b, key, 'context')) next = this.readField(b, pos, Field.Context);
      else if (length === 11 && matches(b, key, 'bonus_lists')) next = this.readIntArray(b, pos);
      else if (length === 9 && matches(b, key, 'modifiers')) next = this.readModifiers(b, pos);
      else if (length === 12 && matches(b, key, 'pet_breed_id')) next = this.readField(b, pos, Field.PetBreedId);
      else if (length === 9 && matches(b, key, 'pet_level')) next = this.readField(b, pos, Field.PetLevel);
      else if (length === 14 && matches(b, key, 'pet_quality_id')) next = this.readField(b, pos, Field.PetQualityId);
      else if (length === 14 && matches(b, key, 'pet_species_id')) next = this.readField(b, pos, Field.PetSpeciesId);
      else next = this.skip(b, pos);
      if (next === INCOMPLETE) return INCOMPLETE;
      pos = next;
    }
  }

  /** Reads an integer (or null) into this.num; returns the position after it. */
  private readInt(b: Buffer, pos: number): number {
    let p = pos;
    let negative = false;
    if (b[p] === MINUS) {
      negative = true;
      p += 1;
    }
    let value = 0;
    const digitsStart = p;
    while (p < b.length) {
      const d = b[p]! - 48;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
      p += 1;
    }
    if (p >= b.length) return INCOMPLETE; // a number can continue in the next chunk
    if (p === digitsStart) {
      if (b[pos] !== 0x6e) this.fail(pos, 'expected a number');
      this.num = null;
      return this.skip(b, pos); // null
    }
    const c = b[p]!;
    if (c === 0x2e || c === 0x65 || c === 0x45) {
      // A fraction or exponent: not expected in these payloads, but valid JSON.
      const end = skipValue(b, pos);
      if (end === INCOMPLETE) return INCOMPLETE;
      this.num = Math.round(Number(b.toString('latin1', pos, end)));
      return end;
    }
    if (!Number.isSafeInteger(value)) this.fail(pos, 'number out of range');
    this.num = negative ? -value : value;
    return p;
  }

  private readField(b: Buffer, pos: number, field: Field): number {
    const end = this.readInt(b, pos);
    if (end === INCOMPLETE) return INCOMPLETE;
    const row = this.row;
    const v = this.num;
    switch (field) {
      case Field.AuctionId: row.auctionId = v ?? 0; break;
      case Field.ItemId: row.itemId = v ?? 0; break;
      case Field.Quantity: row.quantity = v ?? 0; break;
      case Field.UnitPrice: row.unitPrice = v; break;
      case Field.Buyout: row.buyout = v; break;
      case Field.Bid: row.bid = v; break;
      case Field.Context: row.context = v; break;
      case Field.PetSpeciesId: row.petSpeciesId = v; break;
      case Field.PetBreedId: row.petBreedId = v; break;
      case Field.PetLevel: row.petLevel = v; break;
      case Field.PetQualityId: row.petQualityId = v; break;
    }
    return end;
  }

  private readIntArray(b: Buffer, pos: number): number {
    if (b[pos] !== LBRACKET) return this.skip(b, pos);
    const values: number[] = [];
    let p = skipWhitespace(b, pos + 1);
    if (p >= b.length) return INCOMPLETE;
    if (b[p] === RBRACKET) {
      this.row.bonusLists = values;
      return p + 1;
    }
    for (;;) {
      const next = this.readInt(b, p);
      if (next === INCOMPLETE) return INCOMPLETE;
      if (this.num !== null) values.push(this.num);
      p = skipWhitespace(b, next);
      if (p >= b.length) return INCOMPLETE;
      if (b[p] === RBRACKET) {
        this.row.bonusLists = values;
        return p + 1;
      }
      if (b[p] !== COMMA) this.fail(p, 'expected "," or "]" in a number list');
      p = skipWhitespace(b, p + 1);
      if (p >= b.length) return INCOMPLETE;
    }
  }

  /** `modifiers: [{"type": t, "value": v}, …]` into two parallel arrays. */
  private readModifiers(b: Buffer, pos: number): number {
    if (b[pos] !== LBRACKET) return this.skip(b, pos);
    const types: number[] = [];
    const values: number[] = [];
    let p = skipWhitespace(b, pos + 1);
    if (p >= b.length) return INCOMPLETE;
    while (b[p] !== RBRACKET) {
      if (types.length > 0) {
        if (b[p] !== COMMA) this.fail(p, 'expected "," or "]" in modifiers');
        p = skipWhitespace(b, p + 1);
        if (p >= b.length) return INCOMPLETE;
      }
      if (b[p] !== LBRACE) this.fail(p, 'expected a modifier object');
      let type = 0;
      let value = 0;
      p += 1;
      for (;;) {
        p = skipWhitespace(b, p);
        if (p >= b.length) return INCOMPLETE;
        if (b[p] === RBRACE) {
          p += 1;
          break;
        }
        if (b[p] === COMMA) p = skipWhitespace(b, p + 1);
        if (p >= b.length) return INCOMPLETE;
        const key = p + 1;
        const keyEnd = scanString(b, p);
        if (keyEnd === INCOMPLETE) return INCOMPLETE;
        p = skipWhitespace(b, keyEnd);
        if (p >= b.length) return INCOMPLETE;
        if (b[p] !== COLON) this.fail(p, 'expected ":"');
        p = skipWhitespace(b, p + 1);
        if (p >= b.length) return INCOMPLETE;
        const isType = keyEnd - 1 - key === 4 && matches(b, key, 'type');
        const isValue = keyEnd - 1 - key === 5 && matches(b, key, 'value');
        const next = isType || isValue ? this.readInt(b, p) : this.skip(b, p);
        if (next === INCOMPLETE) return INCOMPLETE;
        if (isType) type = this.num ?? 0;
        if (isValue) value = this.num ?? 0;
        p = next;
      }
      types.push(type);
      values.push(value);
      p = skipWhitespace(b, p);
      if (p >= b.length) return INCOMPLETE;
    }
    this.row.modifierTypes = types;
    this.row.modifierValues = values;
    return p + 1;
  }

  private readTimeLeft(b: Buffer, pos: number): number {
    if (b[pos] !== QUOTE) return this.skip(b, pos);
    const end = scanString(b, pos);
    if (end === INCOMPLETE) return INCOMPLETE;
    const length = end - pos - 2;
    const s = pos + 1;
    if (length === 5 && matches(b, s, 'SHORT')) this.row.timeLeft = TIME_LEFT.SHORT;
    else if (length === 6 && matches(b, s, 'MEDIUM')) this.row.timeLeft = TIME_LEFT.MEDIUM;
    else if (length === 4 && matches(b, s, 'LONG')) this.row.timeLeft = TIME_LEFT.LONG;
    else if (length === 9 && matches(b, s, 'VERY_LONG')) this.row.timeLeft = TIME_LEFT.VERY_LONG;
    else this.row.timeLeft = 0;
    return end;
  }

  private skip(b: Buffer, pos: number): number {
    const end = skipValue(b, pos);
    if (end < INCOMPLETE) this.fail(-end - 2, 'malformed JSON value');
    return end;
  }

  private notJson(pos: number): never {
    const preview = this.buf
      .toString('utf8', pos, Math.min(this.buf.length, pos + 40))
      .replace(/\s+/g, ' ')
      .trim();
    throw new DataError(`the response is not JSON (it starts with "${preview}")`);
  }

  private fail(pos: number, problem: string): never {
    throw new DataError(`malformed auction JSON at byte ${this.base + pos}: ${problem}`);
  }
}

function resetRow(row: AuctionRow): void {
  row.auctionId = 0;
  row.itemId = 0;
  row.quantity = 0;
  row.unitPrice = null;
  row.buyout = null;
  row.bid = null;
  row.timeLeft = 0;
  row.context = null;
  row.bonusLists = null;
  row.modifierTypes = null;
  row.modifierValues = null;
  row.petSpeciesId = null;
  row.petBreedId = null;
  row.petLevel = null;
  row.petQualityId = null;
}

function matches(b: Buffer, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (b[at + i] !== word.charCodeAt(i)) return false;
  return true;
}

function skipWhitespace(b: Buffer, pos: number): number {
  let p = pos;
  while (p < b.length) {
    const c = b[p]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    p += 1;
  }
  return p;
}

/** Position after the string starting at `pos` (a quote), or INCOMPLETE. */
function scanString(b: Buffer, pos: number): number {
  let p = pos + 1;
  while (p < b.length) {
    const c = b[p]!;
    if (c === QUOTE) return p + 1;
    p += c === BACKSLASH ? 2 : 1;
  }
  return INCOMPLETE;
}

/**
 * Position after the JSON value at `pos`, INCOMPLETE when the buffer ends first,
 * or -(offset + 2) for a syntax error at offset (kept allocation-free).
 */
function skipValue(b: Buffer, pos: number): number {
  const c = b[pos]!;
  if (c === QUOTE) return scanString(b, pos);
  if (c === LBRACE || c === LBRACKET) {
    let depth = 0;
    let p = pos;
    while (p < b.length) {
      const d = b[p]!;
      if (d === QUOTE) {
        const end = scanString(b, p);
        if (end === INCOMPLETE) return INCOMPLETE;
        p = end;
        continue;
      }
      if (d === LBRACE || d === LBRACKET) depth += 1;
      else if (d === RBRACE || d === RBRACKET) {
        depth -= 1;
        if (depth === 0) return p + 1;
      }
      p += 1;
    }
    return INCOMPLETE;
  }
  // number, true, false, null
  let p = pos;
  while (p < b.length) {
    const d = b[p]!;
    if (d === COMMA || d === RBRACE || d === RBRACKET || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
    p += 1;
  }
  if (p >= b.length) return INCOMPLETE;
  if (p === pos) return -(pos + 2);
  return p;
}
