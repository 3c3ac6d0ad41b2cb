/** Plain-text lines for `holocron ledger` and the ledger part of `holocron ingest`'s report. */
import type { LedgerCounts } from '../core/goblin/ledger/store.js';
import type { LedgerReport } from '../core/goblin/ledger/report.js';
import { formatGold } from './money.js';

export function ledgerCounts(c: LedgerCounts): string {
  const parts = [`${c.read} accounting rows read`, `${c.added} new to the ledger`];
  if (c.grown) parts.push(`${c.grown} with a larger quantity`);
  parts.push(`${c.unchanged} already held`);
  if (c.duplicates) parts.push(`${c.duplicates} repeated in the file`);
  if (c.skipped) parts.push(`${c.skipped} bad rows skipped`);
  return parts.join(', ');
}

const pad = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));
const right = (text: string, width: number) => text.padStart(width);

export function ledgerLines(r: LedgerReport): string[] {
  const where = r.region ? ` on ${r.region} realms` : '';
  const lines = [`ledger ${r.since.slice(0, 10)} → ${r.until.slice(0, 16).replace('T', ' ')} UTC (${r.days} days)${where}, by ${r.by}`];
  if (r.totals.transactions === 0) {
    lines.push('no ledger rows in this window (holocron ingest reads TradeSkillMaster.lua accounting)');
    return lines;
  }
  lines.push(`${pad(r.by, 32)} ${right('earned', 14)} ${right('spent', 14)} ${right('net', 14)} ${right('sold', 7)} ${right('bought', 7)}`);
  for (const g of r.groups) {
    lines.push(`${pad(g.label, 32)} ${right(formatGold(g.earned), 14)} ${right(formatGold(g.spent), 14)} ${right(formatGold(g.net), 14)} ${right(String(g.unitsSold), 7)} ${right(String(g.unitsBought), 7)}`);
  }
  if (r.more > 0) lines.push(`… ${r.more} more (--json lists them all)`);
  const t = r.totals;
  lines.push(`total: earned ${formatGold(t.earned)} (sales ${formatGold(t.sales)}, income ${formatGold(t.income)}), spent ${formatGold(t.spent)} (buys ${formatGold(t.buys)}, expenses ${formatGold(t.expenses)}), net ${formatGold(t.net)}`);
  if (t.expired + t.cancelled > 0) lines.push(`auctions: ${t.expired} expired, ${t.cancelled} cancelled`);
  const v = r.velocity;
  lines.push(`gold velocity: ${formatGold(v.earnedPerDay)}/day in, ${formatGold(v.spentPerDay)}/day out (net ${formatGold(v.netPerDay)}/day); last 7 days ${formatGold(v.earnedPerDay7d)} in / ${formatGold(v.spentPerDay7d)} out per day; last 30 days ${formatGold(v.earnedPerDay30d)} in / ${formatGold(v.spentPerDay30d)} out per day`);
  return lines;
}
