/**
 * The liquidation manifest as text: plain lines for cron and pipes, CSV for
 * spreadsheets. The Ink view (src/ui/LiquidateView.tsx) shows the same parts.
 */
import type { JobRow } from '../core/liquidation/jobs.js';
import type { JobPlan, KeptRow, LiquidationPlan, SellRow } from '../core/liquidation/plan.js';
import { formatGold } from './money.js';
import { formatCount } from './progress-board.js';

/** Kept rows shown per reason before "… N more" (all with --all). */
export const KEPT_SHOWN = 5;

export function headerLines(plan: LiquidationPlan): string[] {
  const prices = plan.pricesAsOf ? `${plan.region} prices as of ${plan.pricesAsOf.slice(0, 16).replace('T', ' ')} UTC` : `no ${plan.region} market data`;
  const alts = plan.auctionAlts.length ? plan.auctionAlts.map((a) => a.character).join(', ') : 'none';
  return [
    `Liquidation: ${formatGold(plan.totals.auction)} at auction, ${formatGold(plan.totals.vendor)} at vendors (${prices})`,
    `  auction alts: ${alts}; min value ${formatGold(plan.minValue)}; ${formatCount(plan.sell.length)} line(s) to sell, ${formatCount(plan.kept.length)} kept, ${formatCount(plan.jobs.length)} job(s)`,
  ];
}

export function itemLabel(row: { itemName: string | null; itemId: number; petSpeciesId: number }): string {
  const id = row.petSpeciesId ? `battlepet:${row.petSpeciesId}` : String(row.itemId);
  return row.itemName ? `${row.itemName} (${id})` : `item ${id}`;
}

export function liquidity(row: SellRow): string {
  if (row.action === 'vendor') return 'vendor';
  if (row.soldPerDay === null) return 'no sales data';
  const days = row.daysToSell!;
  return `${formatRate(row.soldPerDay)}/day, ${days < 1 ? '< 1 day' : `${days < 10 ? days.toFixed(1) : Math.round(days)} days`}`;
}

function formatRate(perDay: number): string {
  return perDay >= 100 ? formatCount(Math.round(perDay)) : perDay.toFixed(perDay < 10 ? 1 : 0);
}

export function sellLine(row: SellRow): string {
  const where = row.sellerAt !== row.holder ? ` → ${row.sellerAt}` : '';
  const stale = row.stale ? '  (stale inventory)' : '';
  const how = row.action === 'vendor' ? 'vendor' : `${row.priceSource}; ${liquidity(row)}`;
  return `${formatGold(row.value).padStart(14)}  ${row.holder} ${row.location}${where}: ${itemLabel(row)} ×${formatCount(row.count)} at ${formatGold(row.unitValue)} (${how})${stale}`;
}

/** A planned job (liquidation's or restock's) or a queued row. */
export type JobLike = Pick<JobPlan, 'kind' | 'from' | 'to' | 'source' | 'items'> | JobRow;

export function jobLine(job: JobLike): string {
  const items = 'items' in job ? job.items.map((i) => `${itemLabel(i)} ×${formatCount(i.count)}`).join(', ') : `${itemLabel(job)} ×${formatCount(job.count)}`;
  const from = job.source ? `${job.from} (from ${job.source})` : job.from;
  switch (job.kind) {
    case 'mail':
      return `mail ${from} → ${job.to}: ${items}`;
    case 'sell':
      return `sell at auction on ${from}: ${items}`;
    case 'vendor':
      return `sell to a vendor on ${from}: ${items}`;
    case 'cage':
      return `cage on ${from}: ${items}`;
    case 'withdraw':
      return `take from the warband bank on ${job.from}: ${items}`;
  }
}

/** Kept rows grouped by reason, biggest groups first. */
export function keptByReason(kept: readonly KeptRow[]): Array<{ reason: string; rows: KeptRow[]; count: number }> {
  const groups = new Map<string, KeptRow[]>();
  for (const row of kept) {
    const key = row.reason.startsWith('kept: upgrade for') ? 'kept: upgrade for an alt' : row.reason.startsWith('kept: pet in Rematch team') ? 'kept: pet in a Rematch team' : row.reason;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.entries()]
    .map(([reason, rows]) => ({ reason, rows, count: rows.reduce((n, r) => n + r.count, 0) }))
    .sort((a, b) => b.rows.length - a.rows.length || a.reason.localeCompare(b.reason));
}

export function keptLine(row: KeptRow): string {
  return `${row.holder} ${row.location}: ${itemLabel(row)} ×${formatCount(row.count)} — ${row.reason}`;
}

export function planLines(plan: LiquidationPlan, all: boolean): string[] {
  const lines = headerLines(plan);
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  lines.push('', plan.sell.length ? 'Sell:' : 'Nothing to sell.');
  for (const row of [...plan.sell].sort((a, b) => b.value - a.value)) lines.push(sellLine(row));
  if (plan.totals.holders.length) {
    lines.push('', 'By holder:');
    for (const h of plan.totals.holders) lines.push(`${formatGold(h.auction + h.vendor).padStart(14)}  ${h.holder}: auction ${formatGold(h.auction)}, vendor ${formatGold(h.vendor)}${h.stale ? ' (stale inventory)' : ''}`);
  }
  if (plan.jobs.length) {
    lines.push('', 'Jobs (holocron liquidate --apply queues them):');
    for (const job of plan.jobs) lines.push(`  ${jobLine(job)}`);
  }
  if (plan.kept.length) {
    lines.push('', 'Kept:');
    for (const group of keptByReason(plan.kept)) {
      lines.push(`  ${group.reason}: ${formatCount(group.rows.length)} line(s), ${formatCount(group.count)} item(s)`);
      const shown = all ? group.rows : group.rows.slice(0, KEPT_SHOWN);
      for (const row of shown) lines.push(`    ${keptLine(row)}`);
      if (shown.length < group.rows.length) lines.push(`    … ${formatCount(group.rows.length - shown.length)} more (--all lists them)`);
    }
  }
  return lines;
}

const CSV_COLUMNS = ['status', 'holder', 'account', 'location', 'item_id', 'pet_species_id', 'item_name', 'count', 'unit_value', 'price_source', 'value', 'sold_per_day', 'days_to_sell', 'action', 'seller', 'reason'] as const;

/** One CSV: every sell line, then every kept line; money in copper. */
export function planCsv(plan: LiquidationPlan): string {
  const rows: string[][] = [CSV_COLUMNS.slice()];
  for (const r of plan.sell) {
    rows.push(['sell', r.holder, r.account, r.location, String(r.itemId), String(r.petSpeciesId), r.itemName ?? '', String(r.count), String(r.unitValue), r.priceSource, String(Math.round(r.value)), r.soldPerDay?.toFixed(2) ?? '', r.daysToSell?.toFixed(2) ?? '', r.action, r.sellerAt, r.stale ? 'stale inventory' : '']);
  }
  for (const r of plan.kept) {
    rows.push(['kept', r.holder, r.account, r.location, String(r.itemId), String(r.petSpeciesId), r.itemName ?? '', String(r.count), r.unitValue === null ? '' : String(r.unitValue), '', '', '', '', '', '', r.reason]);
  }
  return `${rows.map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}

function csvField(value: string): string {
  // A leading = + - @ would be a formula to a spreadsheet: item names are the game's, not ours.
  const safe = /^[=+\-@]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
