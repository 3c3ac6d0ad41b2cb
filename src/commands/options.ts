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
