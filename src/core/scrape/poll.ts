import pLimit from 'p-limit';
import type { Region } from '../blizzard/regions.js';
import type { Database } from '../db/pool.js';
import { commoditiesDataset, realmDataset, tokenDataset, type Dataset } from './datasets.js';
import { resolveRealmIds, rollUpSales, scrapeDataset, type AttemptResult, type RealmSelection, type ScrapeDeps } from './scrape.js';

/**
 * `scrape --poll`: instead of a fixed hourly cron, each dataset is checked
 * around the moment its next snapshot should appear, learned from the
 * Last-Modified history (Blizzard's minute differs per region and drifts). The
 * schedule follows shatari's: look 45 s early, then every 1 min while up to
 * 5 min late, 5 min up to 30, 15 min up to 2 h, then every 30 min. All of it
 * scales with the learned interval, so a dataset that updates every 20 minutes
 * (the token) is polled proportionally faster.
 */
export interface Schedule {
  /** When to check next (ms since epoch). */
  checkAt: number;
  /** When the next snapshot is expected; undefined when there is no history. */
  expectedAt: number | undefined;
  intervalMs: number;
}

const HOUR = 3_600_000;
const MAX_INTERVAL = 2 * HOUR;
const MIN_STEP_MS = 250;

/**
 * `history`: snapshot times (ms), any order. The interval is the smallest gap
 * between consecutive snapshots (a missed hour makes a 2 h gap, never a shorter one).
 */
export function nextCheck(history: readonly number[], now: number, defaultIntervalMs = HOUR): Schedule {
  if (history.length === 0) return { checkAt: now, expectedAt: undefined, intervalMs: defaultIntervalMs };
  const times = [...new Set(history)].sort((a, b) => a - b);
  let interval = Number.POSITIVE_INFINITY;
  for (let i = 1; i < times.length; i++) interval = Math.min(interval, times[i]! - times[i - 1]!);
  if (!Number.isFinite(interval) || interval > MAX_INTERVAL) interval = defaultIntervalMs;
  const scale = interval / HOUR;
  const last = times[times.length - 1]!;
  const expectedAt = last + interval;
  const early = 45_000 * scale;
  if (now < expectedAt - early) return { checkAt: expectedAt - early, expectedAt, intervalMs: interval };
  const late = now - expectedAt;
  const minute = 60_000 * scale;
  const step = late < 5 * minute ? minute : late < 30 * minute ? 5 * minute : late < 120 * minute ? 15 * minute : 30 * minute;
  return { checkAt: now + Math.max(MIN_STEP_MS, step), expectedAt, intervalMs: interval };
}

export interface PollOptions {
  regions: readonly Region[];
  realms: RealmSelection;
  concurrency: number;
  /** Aborting stops the loop after the datasets being fetched have finished. */
  signal: AbortSignal;
}

const HISTORY = 36;
const TOKEN_DEFAULT_INTERVAL = 20 * 60_000;
const REALM_LIST_MAX_AGE = 24 * HOUR;

export async function pollForever(options: PollOptions, deps: ScrapeDeps): Promise<void> {
  const limit = pLimit(Math.max(1, options.concurrency));
  const heavy = pLimit(1);
  let datasets: Dataset[] = [];
  let realmsReadAt = Number.NEGATIVE_INFINITY;
  const due = new Map<string, number>();

  while (!options.signal.aborted) {
    if (deps.clock.now() - realmsReadAt > REALM_LIST_MAX_AGE) {
      // Connected-realm ids change when Blizzard re-connects realms: re-read daily.
      datasets = await selectDatasets(options, deps);
      realmsReadAt = deps.clock.now();
      for (const d of datasets) if (!due.has(d.key)) due.set(d.key, deps.clock.now());
    }
    const now = deps.clock.now();
    const ready = datasets.filter((d) => (due.get(d.key) ?? now) <= now);
    if (ready.length === 0) {
      const next = Math.min(...datasets.map((d) => due.get(d.key) ?? now));
      await deps.clock.sleep(Math.max(MIN_STEP_MS, next - now), options.signal);
      continue;
    }
    await Promise.all(
      ready.map((dataset) =>
        limit(async () => {
          if (options.signal.aborted) return;
          deps.events?.started?.(dataset);
          const run = () => scrapeDataset(dataset, deps);
          const result: AttemptResult = dataset.kind === 'commodities' ? await heavy(run) : await run();
          deps.events?.finished?.(result);
          const schedule = nextCheck(await history(deps.db, dataset), deps.clock.now(), defaultInterval(dataset));
          due.set(dataset.key, schedule.checkAt);
        }),
      ),
    );
    // A cheap look when nothing is pending; the roll-up itself runs once a day.
    if (!options.signal.aborted) for (const region of options.regions) await rollUpSales(region, deps);
  }
}

async function selectDatasets(options: PollOptions, deps: ScrapeDeps): Promise<Dataset[]> {
  const datasets: Dataset[] = [];
  for (const region of options.regions) {
    datasets.push(commoditiesDataset(region), tokenDataset(region));
    const { ids } = await resolveRealmIds(region, options.realms, deps);
    for (const id of ids) datasets.push(realmDataset(region, id));
  }
  return datasets;
}

function defaultInterval(dataset: Dataset): number {
  return dataset.kind === 'token' ? TOKEN_DEFAULT_INTERVAL : HOUR;
}

async function history(db: Database, dataset: Dataset): Promise<number[]> {
  const rows =
    dataset.kind === 'token'
      ? await db.query<{ at: Date }>('SELECT updated_at AS at FROM goblin.token_prices WHERE region = $1 ORDER BY updated_at DESC LIMIT $2', [
          dataset.region,
          HISTORY,
        ])
      : await db.query<{ at: Date }>('SELECT snapshot_at AS at FROM goblin.auction_snapshots WHERE dataset = $1 ORDER BY snapshot_at DESC LIMIT $2', [
          dataset.key,
          HISTORY,
        ]);
  return rows.map((r) => r.at.getTime());
}
