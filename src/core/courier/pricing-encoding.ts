/**
 * The byte layout of Holocron_Pricing.lua's records (docs/courier-format.md §1):
 * fixed-width records of 7-bit bytes (each 0x80–0xFF), sorted by key, so the
 * addon finds a key by binary search in one string and the data needs no
 * escaping. Why this and not Oribos Exchange's one string per item in a table:
 * 200,000 table entries cost Lua ~16 MB and a second to build; one string of
 * 20-byte records costs 4 MB and loads as fast as the file reads
 * (`npm run bench:courier` measures both).
 */

export const enum KeyKind {
  /** An item, any variant. */
  Item = 0,
  /** An item of one item level (variant = the level). */
  ItemLevel = 1,
  /** A battle pet by species (variant = breed quality + 1, or 0 for any). */
  Pet = 2,
}

export const PRIMARY_WIDTH = 20;
export const REALM_WIDTH = 14;

/** ((kind × 2^21) + id) × 2^12 + variant: 35 bits, exact in a double. */
export function pricingKey(kind: KeyKind, id: number, variant = 0): number {
  if (!(id >= 0 && id < 2 ** 21 && variant >= 0 && variant < 2 ** 12)) throw new RangeError(`pricing key out of range: kind ${kind}, id ${id}, variant ${variant}`);
  return (kind * 2 ** 21 + id) * 2 ** 12 + variant;
}

/** Copper as a 28-bit small float: exponent × 2^23 + mantissa; exact below 2^23, else rounded down by less than 1 part in 2^22. */
export function encodeMoney(copper: number | null | undefined): number {
  if (copper === null || copper === undefined || !(copper > 0)) return 0;
  if (copper < 2 ** 23) return Math.floor(copper);
  // The smallest exponent that brings the value under 2^23 (log2 can land one off either way at a power of two).
  let exponent = Math.max(1, Math.floor(Math.log2(copper)) - 22);
  if (Math.floor(copper / 2 ** exponent) >= 2 ** 23) exponent += 1;
  else if (exponent > 1 && Math.floor(copper / 2 ** (exponent - 1)) < 2 ** 23) exponent -= 1;
  if (exponent > 31) return 31 * 2 ** 23 + (2 ** 23 - 1);
  return exponent * 2 ** 23 + Math.floor(copper / 2 ** exponent);
}

export function decodeMoney(field: number): number {
  return (field % 2 ** 23) * 2 ** Math.floor(field / 2 ** 23);
}

/** A rate (units per day) ×10 as a 14-bit small float: exponent × 2^10 + mantissa. */
export function encodeRate(perDay: number | null | undefined): number {
  if (perDay === null || perDay === undefined || !(perDay > 0)) return 0;
  const tenths = Math.round(perDay * 10);
  let mantissa = tenths;
  let exponent = 0;
  while (mantissa >= 2 ** 10) {
    exponent += 1;
    mantissa = Math.floor(tenths / 2 ** exponent);
  }
  if (exponent > 15) return 15 * 2 ** 10 + (2 ** 10 - 1);
  return exponent * 2 ** 10 + mantissa;
}

export function decodeRate(field: number): number {
  return ((field % 2 ** 10) * 2 ** Math.floor(field / 2 ** 10)) / 10;
}

/** Hours since last listed: 0–95 hours, then days 4–34 (96–126), 127 older or never. */
export function encodeAge(hours: number | null | undefined): number {
  if (hours === null || hours === undefined || !Number.isFinite(hours) || hours < 0) return 127;
  if (hours < 96) return Math.floor(hours);
  const days = Math.floor(hours / 24);
  return days <= 34 ? days + 92 : 127;
}

export function decodeAgeHours(field: number): number | undefined {
  if (field >= 127) return undefined;
  return field < 96 ? field : (field - 92) * 24;
}

/** Appends `value` as `bytes` big-endian 7-bit groups, each stored as 0x80 | group. */
export function put7(out: Buffer, at: number, value: number, bytes: number): void {
  // Values under 2^28 fit 32-bit integer operations; a 5-byte key (35 bits) is split first.
  let v = value;
  let i = bytes - 1;
  if (bytes === 5) {
    const high = Math.floor(value / 2 ** 28);
    v = value - high * 2 ** 28;
    out[at] = 0x80 | high;
    i = 4;
    for (; i >= 1; i--) {
      out[at + i] = 0x80 | (v & 0x7f);
      v >>>= 7;
    }
    return;
  }
  for (; i >= 0; i--) {
    out[at + i] = 0x80 | (v & 0x7f);
    v >>>= 7;
  }
}

export function get7(data: Buffer, at: number, bytes: number): number {
  let v = 0;
  for (let i = 0; i < bytes; i++) v = v * 128 + (data[at + i]! - 0x80);
  return v;
}

export interface PrimaryRecord {
  key: number;
  regionMarket: number | null;
  realmMarket: number | null;
  minBuyout: number | null;
  soldPerDay: number | null;
  ageHours: number | null;
}

export interface RealmRecord {
  key: number;
  realmMarket: number | null;
  minBuyout: number | null;
  ageHours: number | null;
}

/** Records sorted by key, as one buffer of PRIMARY_WIDTH-byte records. */
export function encodePrimary(records: readonly PrimaryRecord[]): Buffer {
  const out = Buffer.allocUnsafe(records.length * PRIMARY_WIDTH);
  let at = 0;
  for (const r of records) {
    put7(out, at, r.key, 5);
    put7(out, at + 5, encodeMoney(r.regionMarket), 4);
    put7(out, at + 9, encodeMoney(r.realmMarket), 4);
    put7(out, at + 13, encodeMoney(r.minBuyout), 4);
    put7(out, at + 17, encodeRate(r.soldPerDay), 2);
    put7(out, at + 19, encodeAge(r.ageHours), 1);
    at += PRIMARY_WIDTH;
  }
  return out;
}

export function encodeRealm(records: readonly RealmRecord[]): Buffer {
  const out = Buffer.allocUnsafe(records.length * REALM_WIDTH);
  let at = 0;
  for (const r of records) {
    put7(out, at, r.key, 5);
    put7(out, at + 5, encodeMoney(r.realmMarket), 4);
    put7(out, at + 9, encodeMoney(r.minBuyout), 4);
    put7(out, at + 13, encodeAge(r.ageHours), 1);
    at += REALM_WIDTH;
  }
  return out;
}
