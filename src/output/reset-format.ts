import type { BoardCharacter, HitlistRow, PriceMove, ShoppingRow, VaultRow } from '../core/weekly/board.js';
import type { ResetResult } from '../core/weekly/reset.js';
import { formatGold } from './money.js';

import type { Column } from '../ui/components/Table.js';
import { alignedLines } from './text-table.js';

export type { Column };

const day = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');

/** "opened the us week of 2026-12-01 15:00 (client time; 1 missed week caught up)". */
export function resetHeadline(r: ResetResult): string {
  if (!r.week) return `${r.region}: no week open yet; next reset at ${day(r.nextResetAt)} UTC`;
  const missed = r.opened.filter((w) => w.missed).length;
  const how = `${r.week.source === 'client' ? 'client reset time' : 'fixed schedule'}${missed ? `; ${missed} missed week(s) caught up` : ''}`;
  const verb = r.status === 'opened' ? 'opened' : 'already open:';
  return `${r.region}: ${verb} the week of ${day(r.week.startsAt)} UTC (${how}); next reset ${day(r.nextResetAt)} UTC`;
}

function slotsLabel(rows: readonly VaultRow[]): string {
  return rows.map((v) => `${v.kind.charAt(0).toUpperCase()}${v.slots}`).join(' ');
}

function thresholdsLabel(rows: readonly VaultRow[]): string {
  return rows.map((v) => `${v.kind.charAt(0).toUpperCase()}:${v.thresholds ? v.thresholds.map((t) => t ?? '?').join('/') : '?'}`).join(' ');
}

export const VAULT_COLUMNS: ReadonlyArray<Column<BoardCharacter>> = [
  { header: 'character', value: (c) => c.character, shrinkTo: 14 },
  { header: 'last week', value: (c) => slotsLabel(c.lastWeek) },
  { header: 'earned', value: (c) => String(c.earned), align: 'right' },
  { header: 'claimable', value: (c) => String(c.claimable), align: 'right' },
  { header: 'claimed', value: (c) => String(c.claimed), align: 'right', optional: true },
  { header: 'this week needs', value: (c) => thresholdsLabel(c.thisWeek), shrinkTo: 12, optional: true },
];

export const HITLIST_COLUMNS: ReadonlyArray<Column<HitlistRow>> = [
  { header: 'character', value: (h) => h.character, shrinkTo: 14 },
  { header: 'what', value: (h) => h.what, shrinkTo: 20 },
  { header: 'reward', value: (h) => h.reward ?? '', shrinkTo: 10, optional: true },
  { header: 'min', value: (h) => (h.minutes === null ? '' : String(h.minutes)), align: 'right', optional: true },
];

export const SHOPPING_COLUMNS: ReadonlyArray<Column<ShoppingRow>> = [
  { header: 'character', value: (s) => s.character, shrinkTo: 14 },
  { header: 'item', value: (s) => s.itemName ?? `item ${s.itemId}`, shrinkTo: 16 },
  { header: 'price', value: (s) => (s.heldBy ? `mail from ${s.heldBy}` : s.unitPrice === null ? 'no price' : formatGold(s.unitPrice)), align: 'right' },
  { header: 'why', value: (s) => s.why ?? '', shrinkTo: 10, optional: true },
];

export const PRICE_COLUMNS: ReadonlyArray<Column<PriceMove>> = [
  { header: 'item', value: (p) => p.itemName, shrinkTo: 16 },
  { header: 'kind', value: (p) => p.category, optional: true },
  { header: 'now', value: (p) => formatGold(p.marketValue), align: 'right' },
  { header: 'last reset', value: (p) => formatGold(p.previousMarketValue), align: 'right' },
  { header: 'change', value: (p) => (p.changePct === null ? '' : `${p.changePct > 0 ? '+' : ''}${p.changePct.toFixed(1)}%`), align: 'right' },
];

export function shoppingTotal(r: ResetResult): string {
  const s = r.board!.shopping;
  const unpriced = s.unpriced ? ` (${s.unpriced} without a price)` : '';
  return `shopping list: ${s.items.length} item(s), ${formatGold(s.totalCopper)} to buy${unpriced}`;
}

/**
 * Plain lines for cron: headline, vault, hitlist, shopping, prices, notes;
 * sections never cut. A run that opened nothing (the hourly catch-up) logs its
 * headline and notes only; --json and the terminal show the board every time.
 */
export function resetLines(r: ResetResult): string[] {
  const lines = [resetHeadline(r)];
  const b = r.status === 'opened' ? r.board : null;
  if (b) {
    lines.push('', `vault (${b.characters.length} character(s))`, ...(b.characters.length ? alignedLines(VAULT_COLUMNS, b.characters) : ['  none']));
    lines.push('', `hitlist (${b.hitlist.length})`, ...(b.hitlist.length ? alignedLines(HITLIST_COLUMNS, b.hitlist) : ['  nothing one step short']));
    lines.push('', shoppingTotal(r), ...(b.shopping.items.length ? alignedLines(SHOPPING_COLUMNS, b.shopping.items) : []));
    if (b.priceMoves) lines.push('', `price moves since the last reset (${b.priceMoves.length})`, ...(b.priceMoves.length ? alignedLines(PRICE_COLUMNS, b.priceMoves) : ['  no reset-day item in both snapshots']));
  }
  for (const note of r.notes) lines.push(`note: ${note}`);
  return lines;
}

/** The --json document (public keys). */
export function resetJson(r: ResetResult): unknown {
  return {
    region: r.region,
    status: r.status,
    now: r.now,
    source: r.source,
    week: r.week,
    opened: r.opened,
    nextResetAt: r.nextResetAt,
    claimsSynced: r.claimsSynced,
    characters: r.board?.characters ?? [],
    hitlist: r.board?.hitlist ?? [],
    shoppingList: r.board?.shopping ?? { items: [], totalCopper: 0, unpriced: 0 },
    priceMoves: r.board?.priceMoves ?? null,
    treatiseJobs: r.treatiseJobs,
    notes: r.notes,
  };
}
