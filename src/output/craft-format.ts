/**
 * The crafting-profit report as plain lines (cron, pipes) and the cells the
 * Ink table shares with them.
 */
import type { CraftReport, CraftRow } from '../core/goblin/craft/profit.js';
import { formatGold } from './money.js';

export function craftHeading(r: CraftReport): string {
  const where = r.connectedRealmId === null ? r.region : `${r.region}, connected realm ${r.connectedRealmId}`;
  const asOf = r.pricesAsOf ? `, prices as of ${r.pricesAsOf.slice(0, 16).replace('T', ' ')} UTC` : '';
  const filter = r.minProfit === null ? '' : `, profit at least ${formatGold(r.minProfit)}`;
  return `${r.profession.name} (${r.profession.id}) in ${where}${asOf}: ${r.rows.length} row(s) by ${r.sort}${filter}`;
}

export const gold = (copper: number | null): string => (copper === null ? '—' : formatGold(copper));

/** The crafted item and how many a craft makes ("?" when the seed does not say). */
export function outputName(row: CraftRow): string {
  if (row.outputItemId === null) return '(no crafted item in the seed)';
  const name = row.outputName ?? `item ${row.outputItemId}`;
  const count = row.outputQuantity !== 1 || !row.outputQuantityKnown ? ` ×${row.outputQuantity}${row.outputQuantityKnown ? '' : '?'}` : '';
  return `${name}${count}`;
}

export const tierText = (row: CraftRow): string => (row.outputQuality === null ? '' : `q${row.outputQuality}`);

export function outputLabel(row: CraftRow): string {
  return row.outputQuality === null ? outputName(row) : `${outputName(row)} ${tierText(row)}`;
}

export const marginText = (row: CraftRow): string => (row.margin === null ? '—' : `${(row.margin * 100).toFixed(1)}%`);
export const soldText = (row: CraftRow): string => (row.soldPerDay === null ? '—' : row.soldPerDay.toFixed(1));

/** What keeps a figure from being whole: unpriced reagents, optional slots, a guessed quantity. */
export function notesText(row: CraftRow): string {
  const notes: string[] = [];
  if (row.missingReagents.length) notes.push(`no price: ${row.missingReagents.join(', ')}`);
  if (row.optionalReagents.length) notes.push(`optional: ${row.optionalReagents.join(', ')}`);
  if (!row.outputQuantityKnown && row.outputItemId !== null) notes.push('quantity per craft not seeded, 1 assumed');
  return notes.join('; ');
}

function rowLine(row: CraftRow): string {
  const notes = notesText(row);
  return [
    `${row.recipeName} [${row.recipeId}] → ${outputLabel(row)}`,
    `cost ${gold(row.reagentCost)}`,
    `value ${gold(row.outputValue)}`,
    `profit ${gold(row.profit)}`,
    `margin ${marginText(row)}`,
    `sold/day ${soldText(row)}`,
  ].join('  ') + (notes ? `  (${notes})` : '');
}

export function craftLines(r: CraftReport): string[] {
  if (r.note !== null && r.rows.length === 0) return [craftHeading(r), r.note];
  return [craftHeading(r), ...r.rows.map(rowLine)];
}
