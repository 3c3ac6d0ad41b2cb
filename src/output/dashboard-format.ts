/**
 * The Command Center's tabs as text: the columns and detail lines both faces of
 * `holocron dashboard` use (the Ink app draws them, plain mode prints them), and
 * the short per-tab summary cron and pipes get.
 */
import type {
  Alert,
  CollectionTab,
  DashboardTab,
  HomeTab,
  JobView,
  LiquidityRow,
  MarketTab,
  Missing,
  MoverRow,
  OperationsTab,
  PetSaleRow,
  PetWantRow,
  RosterEntry,
  RosterTab,
} from '../core/dashboard/types.js';
import { TAB_TITLES } from '../core/dashboard/types.js';
import type { ItemHit } from '../core/inventory/search.js';
import { columnChart, trendline } from './market-format.js';
import { formatGold } from './money.js';
import { alignedLines } from './text-table.js';
import { formatCount } from './progress-board.js';
import { hitTitle, shortTime } from './search-format.js';

/** What a table column needs; src/ui/components/Table.tsx takes the same shape. */
export interface TextColumn<Row> {
  header: string;
  value: (row: Row) => string;
  align?: 'left' | 'right';
  shrinkTo?: number;
  optional?: boolean;
}

const money = (copper: number | null) => (copper === null ? '—' : formatGold(copper));
const perDay = (n: number | null) => (n === null ? '—' : n >= 10 ? formatCount(n) : n.toFixed(1));
const percent = (x: number | null) => (x === null ? '—' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`);

export function missingLine(m: Missing): string {
  return `no ${m.what} yet: run \`${m.command}\``;
}

export function alertLine(a: Alert): string {
  return `${a.level === 'warn' ? '!' : '·'} ${a.text}${a.amount !== undefined ? `: ${money(a.amount)}` : ''}`;
}

export function homeTotalsLines(h: HomeTab): string[] {
  const t = h.totals;
  return [
    `items ${money(t.itemValue)} (on auction ${money(t.auctionValue)})  gold ${money(t.gold)}`,
    `${formatCount(t.characters)} character${t.characters === 1 ? '' : 's'}  ${formatCount(t.openJobs)} open job${t.openJobs === 1 ? '' : 's'}`,
  ];
}

/** "scrape commodities 2026-11-21 18:04, ingest Main never" */
export function freshnessLine(h: HomeTab): string {
  return h.freshness.map((f) => `${f.source} ${f.at ? shortTime(f.at) : 'never'}`).join(', ');
}

export function velocityLines(m: MarketTab): string[] {
  const v = m.velocity;
  if (v.days.length === 0) return [];
  return [
    `gold in ${money(v.inPerDay7d)}/day  out ${money(v.outPerDay7d)}/day  net ${money(v.netPerDay7d)}/day (7d), ${money(v.netPerDay30d)}/day (30d)`,
    `in  ${trendline(v.days.map((d) => d.goldIn), { fromZero: true })}`,
    `out ${trendline(v.days.map((d) => d.goldOut), { fromZero: true })}`,
  ];
}

export function liquidityLine(m: MarketTab): string {
  return `holdings ${money(m.liquidity.value)}, of which sellable within 7 days ${money(m.liquidity.liquidValue7d)}`;
}

export const ALERT_COLUMNS: TextColumn<Alert>[] = [
  { header: 'alert', value: alertLine, shrinkTo: 30 },
  { header: 'tab', value: (a) => TAB_TITLES[a.tab] },
];

export const MOVER_COLUMNS: TextColumn<MoverRow>[] = [
  { header: 'item', value: (r) => r.name, shrinkTo: 14 },
  { header: 'value', value: (r) => money(r.marketValue), align: 'right' },
  { header: 'change', value: (r) => percent(r.change), align: 'right' },
  { header: 'sold/day', value: (r) => perDay(r.dailySold), align: 'right', optional: true },
  { header: 'history', value: (r) => trendline(r.history.map((d) => d.value), { width: 20 }), shrinkTo: 8, optional: true },
];

export const LIQUIDITY_COLUMNS: TextColumn<LiquidityRow>[] = [
  { header: 'item', value: (r) => r.name, shrinkTo: 14 },
  { header: 'units', value: (r) => formatCount(r.unitsSellable), align: 'right' },
  { header: 'value', value: (r) => money(r.value), align: 'right' },
  { header: 'liquid 7d', value: (r) => money(r.liquidValue7d), align: 'right' },
  { header: 'days', value: (r) => (r.daysToLiquidate === null ? '—' : perDay(r.daysToLiquidate)), align: 'right', optional: true },
];

export const JOB_COLUMNS: TextColumn<JobView>[] = [
  { header: 'id', value: (j) => String(j.id), align: 'right' },
  { header: 'kind', value: (j) => j.kind },
  { header: 'item', value: (j) => j.itemName ?? `item ${j.itemId}`, shrinkTo: 12 },
  { header: 'count', value: (j) => formatCount(j.count), align: 'right' },
  { header: 'from', value: (j) => j.from, shrinkTo: 10 },
  { header: 'to', value: (j) => j.to ?? '', shrinkTo: 10 },
  { header: 'status', value: (j) => j.status, optional: true },
];

export const ROSTER_COLUMNS: TextColumn<RosterEntry>[] = [
  { header: 'character', value: (r) => r.character, shrinkTo: 14 },
  { header: 'spec', value: (r) => [r.spec, r.class].filter(Boolean).join(' '), shrinkTo: 8, optional: true },
  { header: 'ilvl', value: (r) => (r.itemLevel === null ? '' : r.itemLevel.toFixed(1)), align: 'right' },
  { header: 'vault', value: (r) => `R${r.vault.raid} D${r.vault.dungeon} W${r.vault.world}` },
  { header: 'knowledge', value: (r) => (r.knowledgeMissing ? `${formatCount(r.knowledgeMissing)} to take` : 'done'), align: 'right' },
  { header: 'key', value: (r) => (r.keystone ? `+${r.keystone.level}` : ''), align: 'right', optional: true },
];

export const DUPLICATE_COLUMNS: TextColumn<PetSaleRow>[] = [
  { header: 'pet', value: (p) => p.name, shrinkTo: 14 },
  { header: 'owned', value: (p) => formatCount(p.owned), align: 'right' },
  { header: 'sellable', value: (p) => formatCount(p.sellable), align: 'right' },
  { header: 'each', value: (p) => money(p.unitValue), align: 'right' },
];

export const WANTED_COLUMNS: TextColumn<PetWantRow>[] = [
  { header: 'pet', value: (p) => p.name, shrinkTo: 14 },
  { header: 'why', value: (p) => p.reason, shrinkTo: 10 },
  { header: 'price', value: (p) => money(p.unitValue), align: 'right' },
];

/** The detail pane of one row: every field, then a chart where there is a history. */
export function moverDetail(r: MoverRow, chartHeight = 6): string[] {
  const lines = [
    `market value ${money(r.marketValue)}  historical ${money(r.historicalValue)}  change ${percent(r.change)}  sold/day ${perDay(r.dailySold)}`,
  ];
  const chart = columnChart(r.history.map((d) => d.value), chartHeight);
  if (chart.rows.length === 0) return [...lines, 'no price history yet'];
  const first = r.history[0]!.day;
  const last = r.history.at(-1)!.day;
  return [...lines, '', `${money(chart.high)} ┐`, ...chart.rows.map((row) => `  ${row}`), `${first} … ${last}  (${r.history.length} days, scale from ${money(chart.low)})`];
}

export function liquidityDetail(r: LiquidityRow): string[] {
  return [
    `${formatCount(r.unitsSellable)} sellable, worth ${money(r.value)}`,
    `sells about ${perDay(r.soldPerDay)} a day: ${money(r.liquidValue7d)} of it within 7 days`,
    `days to sell all: ${r.daysToLiquidate === null ? 'unknown (no sales seen)' : perDay(r.daysToLiquidate)}`,
  ];
}

export function jobDetail(j: JobView): string[] {
  return [
    `job ${j.id}: ${j.kind}, ${j.status}`,
    `${formatCount(j.count)} × ${j.itemName ?? `item ${j.itemId}`} (item ${j.itemId})`,
    `from ${j.from}${j.to ? ` to ${j.to}` : ''}`,
    ...(j.reason ? [`why: ${j.reason}`] : []),
    `created ${shortTime(j.createdAt)}`,
  ];
}

export function rosterDetail(r: RosterEntry): string[] {
  return [
    `${r.character} (${r.account})`,
    `${[r.level !== null ? `level ${r.level}` : null, r.spec, r.class].filter(Boolean).join(' ')}`,
    `item level ${r.itemLevel === null ? 'unknown' : r.itemLevel.toFixed(1)}`,
    `great vault: raid ${r.vault.raid}, dungeon ${r.vault.dungeon}, world ${r.vault.world} (${r.vault.slots} slots)`,
    `knowledge points not yet taken this week: ${formatCount(r.knowledgeMissing)}`,
    `keystone: ${r.keystone ? `+${r.keystone.level}${r.keystone.mapId !== null ? ` (map ${r.keystone.mapId})` : ''}` : 'none'}`,
    `last seen ${r.lastSeenAt ? shortTime(r.lastSeenAt) : 'never'}`,
  ];
}

export function duplicateDetail(p: PetSaleRow): string[] {
  const worth = p.unitValue === null ? 'no market value known' : `${money(p.unitValue)} each, ${money(p.unitValue * p.sellable)} in all`;
  return [`${p.name} (species ${p.speciesId})`, `${formatCount(p.owned)} owned, ${formatCount(p.sellable)} can be caged and sold`, worth];
}

export function wantedDetail(p: PetWantRow): string[] {
  return [`${p.name} (species ${p.speciesId})`, `wanted: ${p.reason}`, `cheapest caged: ${money(p.unitValue)}`];
}

export function alertDetail(a: Alert): string[] {
  return [a.text, `details on the ${TAB_TITLES[a.tab]} tab (enter goes there)`];
}

/** Every place of one search hit, biggest first. */
export function hitDetail(hit: ItemHit): string[] {
  const places = hit.places.map((p) => `${formatCount(p.count).padStart(7)}  ${p.owner}, ${p.place}${p.expiresAt ? `, ends ${shortTime(p.expiresAt)}` : ''}`);
  const more = hit.morePlaces > 0 ? [`… and ${formatCount(hit.morePlaces)} more places (holocron search --all)`] : [];
  return [hitTitle(hit), ...places, ...more];
}

/** One place, short: "1,200 Main-Realm, bank tab 2". */
export function placeSummary(hit: ItemHit): string {
  const top = hit.places[0];
  if (!top) return 'held nowhere';
  const rest = hit.placeCount - 1;
  return `${formatCount(top.count)} ${top.owner}, ${top.place}${rest > 0 ? ` (+${formatCount(rest)} more)` : ''}`;
}

const TOP = 10;
const section = <Row>(title: string, columns: ReadonlyArray<TextColumn<Row>>, rows: readonly Row[]) =>
  rows.length === 0 ? [] : [`${title} (${formatCount(rows.length)}${rows.length > TOP ? `, first ${TOP}` : ''})`, ...alignedLines(columns, rows.slice(0, TOP)).map((l) => `  ${l}`)];

/** Plain mode: a short summary of each tab, for cron and pipes. */
export function tabLines(data: DashboardTab): string[] {
  const lines = [`== ${TAB_TITLES[data.tab]} ==`];
  switch (data.tab) {
    case 'home':
      lines.push(...data.alerts.map(alertLine), ...homeTotalsLines(data));
      if (data.freshness.length) lines.push(`data as of: ${freshnessLine(data)}`);
      break;
    case 'market':
      lines.push(...velocityLines(data), liquidityLine(data), ...section('movers', MOVER_COLUMNS, data.movers), ...section('liquidity', LIQUIDITY_COLUMNS, data.liquidity.items));
      break;
    case 'operations':
      lines.push(...operationsLines(data), ...section('jobs', JOB_COLUMNS, data.jobs));
      break;
    case 'roster':
      lines.push(...section('characters', ROSTER_COLUMNS, data.characters));
      break;
    case 'collection':
      lines.push(
        collectionLine(data),
        ...section('duplicates to sell', DUPLICATE_COLUMNS, data.duplicates),
        ...section('wanted pets', WANTED_COLUMNS, data.wanted),
      );
      break;
  }
  lines.push(...data.missing.map(missingLine));
  return lines;
}

export function operationsLines(o: OperationsTab): string[] {
  const open = o.jobs.filter((j) => j.status === 'open').length;
  const q = o.queued;
  return [
    `${formatCount(open)} open job${open === 1 ? '' : 's'}: ${formatCount(q.liquidation)} liquidation, ${formatCount(q.restock)} restock, ${formatCount(q.other)} other`,
    `auction alt: ${o.auctionAlt ?? 'none set'}`,
  ];
}

export function collectionLine(c: CollectionTab): string {
  return `${formatCount(c.speciesOwned)} of ${formatCount(c.speciesKnown)} species, ${formatCount(c.petsOwned)} pets`;
}

/** "18:04" (UTC) from an ISO time: when a tab's data was read. */
export function shortTimeOfDay(iso: string): string {
  return shortTime(iso).slice(11);
}
