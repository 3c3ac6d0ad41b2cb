import { UsageError } from '../core/errors.js';

/**
 * A count option: digits only, so '', ' ', 1e9, 0x10 and 1.0 are refused instead
 * of becoming 0, a billion, 16 or 1 by way of Number().
 */
export function wholeNumber(text: string, flag: string, min: number, max: number): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(value >= min && value <= max)) throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got '${text}')`);
  return value;
}

/**
 * Money as players write it: "20g", "1g50s", "75s", "12c", "20g 5s"; a bare
 * number is gold. Returns copper.
 */
export function moneyOption(text: string, flag: string): number {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 10_000);
  const match = /^(?:(\d+)\s*g)?\s*(?:(\d+)\s*s)?\s*(?:(\d+)\s*c)?$/.exec(trimmed);
  if (!match || trimmed === '' || (match[2] !== undefined && Number(match[2]) > 99) || (match[3] !== undefined && Number(match[3]) > 99)) {
    throw new UsageError(`${flag} takes money like 20g, 1g50s, 75s or 12c (got '${text}')`);
  }
  const copper = Number(match[1] ?? 0) * 10_000 + Number(match[2] ?? 0) * 100 + Number(match[3] ?? 0);
  if (!Number.isSafeInteger(copper)) throw new UsageError(`${flag} is too large (got '${text}')`);
  return copper;
}
