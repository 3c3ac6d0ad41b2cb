import type { ValueRow } from '../core/inventory/valuation.js';

// Core writes sentences with amounts too (alerts, action summaries): one formatter for both.
export { formatGold } from '../core/money.js';

/** "Name-Realm (account)", "Warband (account)", "Guild name (guild)". */
export function ownerLabel(row: ValueRow): string {
  if (row.account === undefined) return row.key;
  return row.detail === 'guild' ? `${row.key} (guild)` : `${row.key} (${row.account})`;
}
