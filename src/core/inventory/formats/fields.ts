/**
 * Numbers the readers take from a SavedVariables file, checked where they are
 * read: a corrupt or hand-edited file (a count of 3000000000, money of 1e38 or
 * -5, an id of 1.5) is rejected with the field's path and line instead of
 * reaching PostgreSQL, where it would fail the whole transaction with a
 * column-type error and no hint of where it came from.
 *
 * A value of the wrong type (a string where a number belongs) reads as absent,
 * as before: addons change shapes between versions, and absent is safe.
 */
import type { LuaKey, LuaTable } from '../../lua/lua-table.js';
import { DataError } from '../../errors.js';

export interface NumberRule {
  what: string;
  min: number;
  max: number;
  integer: boolean;
}

const INT32_MAX = 2_147_483_647;

/** Item, species, currency, NPC, creature and ability ids: PostgreSQL integer columns. */
export const ID: NumberRule = { what: 'an id', min: 1, max: INT32_MAX, integer: true };
/** Stack sizes and other counts. */
export const COUNT: NumberRule = { what: 'a count', min: 0, max: INT32_MAX, integer: true };
/** Copper; the gold cap is ~10^11, so anything beyond 2^53 is corruption, not wealth. */
export const MONEY: NumberRule = { what: 'an amount of copper', min: 0, max: Number.MAX_SAFE_INTEGER, integer: true };
/** Unix seconds (time() or GetServerTime()); fractions appear in computed expiries. */
export const UNIX_TIME: NumberRule = { what: 'a time in Unix seconds', min: 0, max: 4_102_444_800, integer: false };
/** Bag, bank-tab and slot numbers, pet stats: integer columns. */
export const INT32: NumberRule = { what: 'a whole number', min: -INT32_MAX, max: INT32_MAX, integer: true };
/** Qualities and levels: smallint columns. */
export const SMALL_INT: NumberRule = { what: 'a small whole number', min: -32_768, max: 32_767, integer: true };
/** Auction ids, bids and buyouts: bigint columns. */
export const BIG_INT: NumberRule = { what: 'a whole number', min: 0, max: Number.MAX_SAFE_INTEGER, integer: true };

/**
 * A value that breaks its field's rule. Carries the table and key so the
 * ingest, which has the file, can name the path and line (describeBadField).
 */
export class BadFieldError extends DataError {
  constructor(
    readonly table: LuaTable,
    readonly key: LuaKey,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/** t[key] as a number obeying `rule`; undefined when absent or not a number. */
export function numberField(t: LuaTable | undefined, key: LuaKey, rule: NumberRule): number | undefined {
  const value = t?.get(key);
  if (typeof value !== 'number') return undefined;
  checkNumber(value, rule, t!, key);
  return value;
}

/** Throws BadFieldError when `value` (found at t[key], perhaps inside a packed or text value) breaks `rule`. */
export function checkNumber(value: number, rule: NumberRule, t: LuaTable, key: LuaKey, detail = ''): number {
  const problem = numberProblem(value, rule);
  if (problem) throw new BadFieldError(t, key, `${detail}${value} ${problem}`);
  return value;
}

export function numberProblem(value: number, rule: NumberRule): string | undefined {
  if (!Number.isFinite(value)) return `is not a finite number (${rule.what} was expected)`;
  if (rule.integer && !Number.isInteger(value)) return `is not a whole number (${rule.what} was expected)`;
  if (value < rule.min || value > rule.max) return `is out of range for ${rule.what} (${rule.min} to ${rule.max})`;
  return undefined;
}
