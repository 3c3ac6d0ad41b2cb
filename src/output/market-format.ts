/**
 * `holocron market` as lines (cron, pipes), JSON, and the pieces the Ink
 * chart (src/ui/MarketChart.tsx) draws with.
 */
import type { MarketHistory } from '../core/goblin/market/history.js';
import { formatGold } from './money.js';
import { formatCount } from './progress-board.js';
import { alignedLines } from './text-table.js';

const money = (copper: number | null) => (copper === null ? '—' : formatGold(copper));

export function itemLabel(h: MarketHistory): string {
  const key = h.item.petSpeciesId ? `battlepet:${h.item.petSpeciesId}` : String(h.item.itemId);
  return h.item.name ? `${h.item.name} (${key})` : key;
}

export function headerLine(h: MarketHistory): string {
  return `${itemLabel(h)} on ${h.market.label}: ${h.days.length} day(s)${h.through ? ` through ${h.through}` : ''}`;
}

/** The TSM-style measures in one line, or why there are none. */
export function measuresLine(h: MarketHistory): string {
  const a = h.analysis;
  if (!a) {
    if (!h.through) return `no rolled-up days on ${h.market.label} yet (the scrape rolls up each complete UTC day)`;
    // Gear and battle pets are not commodities: they trade on each realm's own auction house.
    const hint = h.market.connectedRealmId === null ? ' (gear and pets trade per realm: --realm)' : '';
    return `no listings of it on ${h.market.label} in the last 60 rolled-up days${hint}`;
  }
  const rate = a.saleRate === null ? '—' : `${(a.saleRate * 100).toFixed(1)}%`;
  const vol = a.volatility === null ? '—' : `${(a.volatility * 100).toFixed(1)}%`;
  const sold = a.dailySold === null ? '—' : a.dailySold.toFixed(1);
  return `market value ${money(a.marketValue)}  historical ${money(a.historicalValue)}  sold/day ${sold}  sale rate ${rate}  volatility ${vol}`;
}

export const HISTORY_COLUMNS = [
  { header: 'day', value: (d: MarketHistory['days'][number]) => d.day },
  { header: 'min', value: (d: MarketHistory['days'][number]) => money(d.minPrice), align: 'right' as const },
  { header: 'market value', value: (d: MarketHistory['days'][number]) => money(d.marketValue), align: 'right' as const },
  { header: 'median', value: (d: MarketHistory['days'][number]) => money(d.medianPrice), align: 'right' as const, optional: true },
  { header: 'quantity', value: (d: MarketHistory['days'][number]) => formatCount(d.quantity), align: 'right' as const },
  { header: 'sold', value: (d: MarketHistory['days'][number]) => formatCount(d.sold), align: 'right' as const },
  { header: 'new', value: (d: MarketHistory['days'][number]) => formatCount(d.newListings), align: 'right' as const, optional: true },
];

/** A plain aligned table: what cron and pipes get. */
export function marketLines(h: MarketHistory): string[] {
  const lines = [headerLine(h), measuresLine(h)];
  if (h.days.length === 0) return lines;
  lines.push('', ...alignedLines(HISTORY_COLUMNS, h.days));
  return lines;
}

export function marketJson(h: MarketHistory): unknown {
  return {
    item: { itemId: h.item.itemId, petSpeciesId: h.item.petSpeciesId, name: h.item.name },
    region: h.market.region,
    connectedRealmId: h.market.connectedRealmId,
    market: h.market.label,
    through: h.through,
    days: h.days,
    analysis: h.analysis,
  };
}

const BLOCKS = ' ▁▂▃▄▅▆▇█';

/**
 * Column-chart rows, top first: each value is a column `height` cells tall at
 * most, in eighths of a cell; null values leave a gap. The scale starts at the
 * smallest value's lower half so day-to-day moves stay visible.
 */
export function columnChart(values: ReadonlyArray<number | null>, height: number): { rows: string[]; low: number; high: number } {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return { rows: [], low: 0, high: 0 };
  const high = Math.max(...present);
  const low = Math.min(...present) / 2;
  const span = high - low || 1;
  const eighths = values.map((v) => (v === null ? 0 : Math.max(1, Math.round(((v - low) / span) * height * 8))));
  const rows: string[] = [];
  for (let level = height - 1; level >= 0; level--) {
    rows.push(eighths.map((e) => BLOCKS[Math.min(8, Math.max(0, e - level * 8))]!).join(''));
  }
  return { rows, low, high };
}

/** One line of block characters scaled to the largest value (0 → blank). */
export function sparkline(values: readonly number[]): string {
  const high = Math.max(0, ...values);
  return values.map((v) => (high === 0 || v <= 0 ? ' ' : BLOCKS[Math.max(1, Math.round((v / high) * 8))]!)).join('');
}

/**
 * One line of block characters for a series that moves within a band (prices,
 * gold per day): scaled from its lowest to its highest value so small moves
 * show; `fromZero` scales from 0 instead, for amounts where 0 means "none".
 * Values ≤ 0 (with fromZero) draw as blanks; long series keep their newest
 * `width` values.
 */
export function trendline(values: readonly number[], options: { fromZero?: boolean; width?: number } = {}): string {
  const shown = options.width !== undefined ? values.slice(-options.width) : values;
  if (options.fromZero) return sparkline(shown);
  if (shown.length === 0) return '';
  const low = Math.min(...shown);
  const span = Math.max(...shown) - low;
  return shown.map((v) => BLOCKS[span === 0 ? 4 : 1 + Math.round(((v - low) / span) * 7)]!).join('');
}
