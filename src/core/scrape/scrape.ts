import pLimit from 'p-limit';
import type { BlizzardClient } from '../blizzard/client.js';
import { ApiStatusError, ApiUnavailableError } from '../blizzard/errors.js';
import type { Region } from '../blizzard/regions.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/pool.js';
import { AppError, DataError, errnoCode } from '../errors.js';
import type { Logger } from '../log.js';
import {
  commoditiesDataset,
  datasetPath,
  realmDataset,
  realmIndexDataset,
  tokenDataset,
  type AuctionDataset,
  type Dataset,
} from './datasets.js';
import type { ListingCache } from './listing-cache.js';
import { loadAuctionSnapshot, type LoadProgress } from './load-snapshot.js';
import { rollUpDailySales } from './daily-sales.js';
import { recordAttempt, type AttemptRecord } from './scrape-log.js';
import { scrapeToken } from './token.js';

export type RealmSelection = { mode: 'none' } | { mode: 'all' } | { mode: 'list'; ids: number[] };

export interface ScrapeOptions {
  regions: readonly Region[];
  realms: RealmSelection;
  /** Datasets fetched at once (p-limit). Region commodities load one at a time regardless. */
  concurrency: number;
  /** The WoW Token price too (default). `holocron reset` wants the commodities alone. */
  token?: boolean;
  signal?: AbortSignal;
}

export interface ScrapeEvents {
  /** Known and waiting for its turn: lets a display count what is left. */
  queued?(dataset: Dataset): void;
  started?(dataset: Dataset): void;
  progress?(dataset: Dataset, progress: LoadProgress): void;
  finished?(result: AttemptResult): void;
}

export interface ScrapeDeps {
  db: Database;
  api: BlizzardClient;
  clock: Clock;
  log: Logger;
  cache?: ListingCache | undefined;
  events?: ScrapeEvents;
}

/** An attempt as reported: the log record plus whether its failure was unexpected (a bug). */
export interface AttemptResult extends AttemptRecord {
  unexpected: boolean;
}

export interface ScrapeSummary {
  startedAt: Date;
  finishedAt: Date;
  results: AttemptResult[];
}

/**
 * One pass over every selected dataset of every region. Each dataset stands
 * alone: its failure is logged and the others carry on. Problems that would fail
 * every dataset the same way (rejected credentials, the database gone) end the
 * run with their own error instead.
 */
export async function scrapeOnce(options: ScrapeOptions, deps: ScrapeDeps): Promise<ScrapeSummary> {
  const startedAt = new Date(deps.clock.now());
  const limit = pLimit(Math.max(1, options.concurrency));
  // Two big COPYs at once would compete for the same two cores and double the memory.
  const heavy = pLimit(1);
  const results: AttemptResult[] = [];
  const run = (dataset: Dataset, task: () => Promise<AttemptResult>) => {
    deps.events?.queued?.(dataset);
    return limit(async () => {
      if (options.signal?.aborted) return;
      deps.events?.started?.(dataset);
      const result = await task();
      results.push(result);
      deps.events?.finished?.(result);
    });
  };

  const tasks: Array<Promise<void>> = [];
  for (const region of options.regions) {
    const commodities = commoditiesDataset(region) as AuctionDataset;
    tasks.push(run(commodities, () => heavy(() => scrapeDataset(commodities, deps, options.signal))));
    const token = tokenDataset(region);
    if (options.token !== false) tasks.push(run(token, () => scrapeDataset(token, deps, options.signal)));
    tasks.push(
      (async () => {
        const { ids, failure } = await resolveRealmIds(region, options.realms, deps);
        if (failure) results.push(failure);
        for (const id of ids) {
          const dataset = realmDataset(region, id) as AuctionDataset;
          tasks.push(run(dataset, () => scrapeDataset(dataset, deps, options.signal)));
        }
      })(),
    );
  }
  // Tasks append further tasks (realms after their index); settle until none are left.
  for (let settled = 0; settled < tasks.length; ) {
    const batch = tasks.slice(settled);
    settled += batch.length;
    const outcomes = await Promise.allSettled(batch);
    const fatal = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (fatal) {
      await Promise.allSettled(tasks);
      throw fatal.reason;
    }
  }
  if (!options.signal?.aborted) for (const region of options.regions) await rollUpSales(region, deps);
  return { startedAt, finishedAt: new Date(deps.clock.now()), results };
}

/**
 * The connected realms to fetch. For `all`, the region's index; when that fails
 * the failure is logged, reported and returned, and no realm is fetched.
 */
export async function resolveRealmIds(
  region: Region,
  selection: RealmSelection,
  deps: ScrapeDeps,
): Promise<{ ids: number[]; failure?: AttemptResult }> {
  if (selection.mode === 'none') return { ids: [] };
  if (selection.mode === 'list') return { ids: selection.ids };
  const dataset = realmIndexDataset(region);
  const started = deps.clock.now();
  try {
    const response = await deps.api.getJson<{ connected_realms?: Array<{ href?: string }> }>(region, datasetPath(dataset), {
      namespace: 'dynamic',
    });
    if (response.status === 304) return { ids: [] };
    const ids = (response.data.connected_realms ?? [])
      .map((entry) => /connected-realm\/(\d+)/.exec(entry.href ?? '')?.[1])
      .filter((id): id is string => id !== undefined)
      .map(Number);
    if (ids.length === 0) throw new DataError('the connected-realm index lists no realms');
    return { ids: [...new Set(ids)].sort((a, b) => a - b) };
  } catch (error) {
    const failure = await recordFailure(dataset, error, started, deps);
    deps.events?.finished?.(failure);
    return { ids: [], failure };
  }
}

/** Fetches and stores one dataset; returns its logged attempt. Throws only fatal errors. */
export async function scrapeDataset(dataset: Dataset, deps: ScrapeDeps, signal?: AbortSignal): Promise<AttemptResult> {
  const started = deps.clock.now();
  try {
    if (dataset.kind === 'token') return { ...(await scrapeToken(dataset, deps, new Date(started))), unexpected: false };
    return await scrapeAuctions(dataset as AuctionDataset, deps, new Date(started), signal);
  } catch (error) {
    if (isFatal(error)) throw error;
    return recordFailure(dataset, error, started, deps);
  }
}

async function scrapeAuctions(dataset: AuctionDataset, deps: ScrapeDeps, startedAt: Date, signal?: AbortSignal): Promise<AttemptResult> {
  const ifModifiedSince = await lastSnapshotAt(deps.db, dataset.key);
  const response = await deps.api.openStream(dataset.region, datasetPath(dataset), {
    namespace: 'dynamic',
    ifModifiedSince,
    ...(signal ? { signal } : {}),
  });
  if (response.status === 304) {
    return loggedUnchanged(deps, dataset, startedAt, { httpStatus: 304, wireBytes: 0, snapshotAt: ifModifiedSince ?? null });
  }
  const outcome = await loadAuctionSnapshot(dataset, response, startedAt, {
    db: deps.db,
    clock: deps.clock,
    log: deps.log,
    cache: deps.cache,
    onProgress: (p) => deps.events?.progress?.(dataset, p),
  });
  if (outcome.status === 'unchanged') {
    return loggedUnchanged(deps, dataset, startedAt, { httpStatus: 200, wireBytes: response.wireBytes(), snapshotAt: outcome.snapshotAt });
  }
  // The success row was written inside the load's transaction.
  return {
    dataset,
    status: 'success',
    startedAt,
    durationMs: outcome.timings.totalMs,
    httpStatus: 200,
    wireBytes: outcome.timings.wireBytes,
    rows: outcome.rows,
    snapshotAt: outcome.snapshotAt,
    snapshotId: outcome.snapshotId,
    error: null,
    unexpected: false,
  };
}

/**
 * Days that ended roll up into daily sales after the run's snapshots are in.
 * A failure leaves the days pending for the next scrape: it costs the sales
 * figures a delay, never a snapshot.
 */
export async function rollUpSales(region: Region, deps: ScrapeDeps): Promise<void> {
  try {
    await rollUpDailySales(deps.db, region, new Date(deps.clock.now()), deps.log);
  } catch (error) {
    if (isFatal(error)) throw error;
    deps.log.warn(`${region}: daily sales not rolled up (${error instanceof Error ? error.message : String(error)}); the next scrape tries again`);
  }
}

async function lastSnapshotAt(db: Database, dataset: string): Promise<Date | undefined> {
  const [row] = await db.query<{ at: Date | null }>('SELECT max(snapshot_at) AS at FROM goblin.auction_snapshots WHERE dataset = $1', [dataset]);
  return row?.at ?? undefined;
}

async function logged(deps: ScrapeDeps, record: AttemptRecord): Promise<AttemptResult> {
  await recordAttempt(clientOf(deps.db), record);
  return { ...record, unexpected: false };
}

/** Nothing new: a 304, or a body whose snapshot is already stored. */
function loggedUnchanged(
  deps: ScrapeDeps,
  dataset: AuctionDataset,
  startedAt: Date,
  seen: { httpStatus: number; wireBytes: number; snapshotAt: Date | null },
): Promise<AttemptResult> {
  return logged(deps, {
    dataset,
    status: 'unchanged',
    startedAt,
    durationMs: deps.clock.now() - startedAt.getTime(),
    ...seen,
    rows: 0,
    snapshotId: null,
    error: null,
  });
}

async function recordFailure(dataset: Dataset, error: unknown, started: number, deps: ScrapeDeps): Promise<AttemptResult> {
  if (isFatal(error)) throw error;
  const { status, httpStatus, message, unexpected } = classify(error, dataset);
  if (unexpected) deps.log.error(`${dataset.key}: ${error instanceof Error ? (error.stack ?? message) : message}`);
  const record: AttemptRecord = {
    dataset,
    status,
    startedAt: new Date(started),
    durationMs: deps.clock.now() - started,
    httpStatus,
    wireBytes: null,
    rows: null,
    snapshotAt: null,
    snapshotId: null,
    error: message,
  };
  await recordAttempt(clientOf(deps.db), record);
  return { ...record, unexpected };
}

/** Failures that no other dataset could escape either: stop the run with them. */
function isFatal(error: unknown): boolean {
  return error instanceof AppError && !(error instanceof DataError);
}

const BODY_ERRORS = new Set(['Z_BUF_ERROR', 'Z_DATA_ERROR', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_SOCKET', 'ECONNRESET', 'UND_ERR_ABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

function classify(error: unknown, dataset: Dataset): { status: 'failed' | 'skipped'; httpStatus: number | null; message: string; unexpected: boolean } {
  if (error instanceof ApiStatusError) {
    if (error.status === 404 && dataset.kind === 'realm') {
      return { status: 'skipped', httpStatus: 404, message: 'connected realm not found (404); it may have been merged', unexpected: false };
    }
    return { status: 'failed', httpStatus: error.status, message: error.message, unexpected: false };
  }
  if (error instanceof ApiUnavailableError) return { status: 'failed', httpStatus: error.status ?? null, message: error.message, unexpected: false };
  if (error instanceof DataError) return { status: 'failed', httpStatus: 200, message: error.message, unexpected: false };
  const code = errnoCode(error);
  const text = error instanceof Error ? error.message : String(error);
  if (code && BODY_ERRORS.has(code)) {
    return { status: 'failed', httpStatus: 200, message: `the response body was cut off or corrupt (${code}: ${text})`, unexpected: false };
  }
  return { status: 'failed', httpStatus: null, message: text, unexpected: true };
}

function clientOf(db: Database) {
  return { query: (sql: string, params?: unknown[]) => db.withClient((c) => c.query(sql, params)) };
}
