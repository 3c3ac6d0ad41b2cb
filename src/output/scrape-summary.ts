import type { AttemptResult } from '../core/scrape/scrape.js';
import { formatBytes, formatCount } from './progress-board.js';

/** One region's share of a scrape: what the final summary shows instead of 200 dataset lines. */
export interface RegionTotals {
  region: string;
  datasets: number;
  stored: number;
  unchanged: number;
  skipped: number;
  failed: number;
  rows: number;
  bytes: number;
}

/** Regions in the order given on the command line, then any other that reported. */
export function regionTotals(results: readonly AttemptResult[], regions: readonly string[] = []): RegionTotals[] {
  const byRegion = new Map<string, RegionTotals>();
  for (const region of regions) byRegion.set(region, empty(region));
  for (const r of results) {
    const region = r.dataset.region;
    const totals = byRegion.get(region) ?? empty(region);
    byRegion.set(region, totals);
    totals.datasets += 1;
    if (r.status === 'success') totals.stored += 1;
    else totals[r.status] += 1;
    totals.rows += r.rows ?? 0;
    totals.bytes += r.wireBytes ?? 0;
  }
  return [...byRegion.values()];
}

function empty(region: string): RegionTotals {
  return { region, datasets: 0, stored: 0, unchanged: 0, skipped: 0, failed: 0, rows: 0, bytes: 0 };
}

/** `us: 102 datasets, 98 stored, 2 unchanged, 0 skipped, 2 failed; 1,234,567 rows, 45.6 MB` */
export function regionLine(t: RegionTotals): string {
  return (
    `${t.region}: ${t.datasets} datasets, ${t.stored} stored, ${t.unchanged} unchanged, ${t.skipped} skipped, ${t.failed} failed; ` +
    `${formatCount(t.rows)} rows, ${formatBytes(t.bytes)}`
  );
}

/**
 * An API error without the URL it starts with: where the dataset is named
 * beside it, the URL only pushes the reason out of an 80-column line.
 */
export function errorWithoutUrl(error: string): string {
  return error.replace(/^https?:\/\/\S+: /, '');
}
