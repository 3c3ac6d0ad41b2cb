import pLimit from 'p-limit';
import type pg from 'pg';
import type { BlizzardClient } from '../blizzard/client.js';
import { ApiStatusError, ApiUnavailableError } from '../blizzard/errors.js';
import type { Region } from '../blizzard/regions.js';
import type { Clock } from '../clock.js';
import { inTransaction, type Database } from '../db/pool.js';
import { AppError, DataError } from '../errors.js';
import type { Logger } from '../log.js';
import { indexIds } from './documents.js';

/**
 * Fetches one kind of document for a list of ids and stores them in batches.
 * Each batch (≤ 50 documents or 1 s of fetching) is one transaction that also
 * marks its documents done in ops.seed_entities, so a killed run loses at most
 * one batch and the next run skips everything committed. 404 → `missing`, other
 * failures (after the client's retries) → `failed`, both recorded and skipped.
 */
export interface EntityJob<T> {
  seeder: string;
  region: Region;
  namespace: 'static' | 'dynamic';
  ids: readonly number[];
  path(id: number): string;
  /** Send If-Modified-Since with the stored Last-Modified (index-like documents). */
  conditional?: boolean;
  read(doc: Record<string, unknown>, id: number): T;
  write(tx: pg.ClientBase, rows: T[]): Promise<void>;
}

export interface JobDeps {
  db: Database;
  api: BlizzardClient;
  clock: Clock;
  log: Logger;
  concurrency: number;
  force: boolean;
  onProgress?: (progress: JobProgress) => void;
}

export interface JobProgress {
  seeder: string;
  done: number;
  total: number;
  startedAt: number;
}

export interface JobResult {
  seeder: string;
  total: number;
  fetched: number;
  unchanged: number;
  missing: number;
  failed: number;
  errors: string[];
}

type Mark = { id: number; state: 'done' | 'missing' | 'failed'; lastModified: Date | null; httpStatus: number | null; error: string | null };

const BATCH_DOCUMENTS = 50;
const BATCH_MS = 1000;

export async function runEntityJob<T>(job: EntityJob<T>, deps: JobDeps): Promise<JobResult> {
  const result: JobResult = { seeder: job.seeder, total: job.ids.length, fetched: 0, unchanged: 0, missing: 0, failed: 0, errors: [] };
  const lastModified = job.conditional && !deps.force ? await storedLastModified(deps.db, job) : new Map<number, Date>();
  const limit = pLimit(Math.max(1, deps.concurrency));
  const flushLock = pLimit(1);
  let rows: T[] = [];
  let marks: Mark[] = [];
  let lastFlush = deps.clock.now();
  let done = 0;
  const startedAt = deps.clock.now();

  const flush = () =>
    flushLock(async () => {
      if (rows.length === 0 && marks.length === 0) return;
      const [batchRows, batchMarks] = [rows, marks];
      rows = [];
      marks = [];
      lastFlush = deps.clock.now();
      await deps.db.withClient((client) =>
        inTransaction(client, async (tx) => {
          if (batchRows.length > 0) await job.write(tx, batchRows);
          await recordMarks(tx, job, batchMarks);
        }),
      );
    });

  const fetchOne = async (id: number) => {
    const mark = await fetchDocument(job, id, lastModified.get(id), deps);
    if (mark.row !== undefined) {
      rows.push(mark.row);
      result.fetched += 1;
    } else if (mark.state === 'done') {
      result.unchanged += 1;
    } else if (mark.state === 'missing') {
      result.missing += 1;
    } else {
      result.failed += 1;
      if (result.errors.length < 20) result.errors.push(`${job.seeder} ${id}: ${mark.error}`);
      deps.log.warn(`${job.seeder} ${id}: ${mark.error}`);
    }
    marks.push(mark);
    done += 1;
    deps.onProgress?.({ seeder: job.seeder, done, total: job.ids.length, startedAt });
    if (rows.length >= BATCH_DOCUMENTS || deps.clock.now() - lastFlush >= BATCH_MS) await flush();
  };

  const outcomes = await Promise.allSettled(job.ids.map((id) => limit(() => fetchOne(id))));
  const fatal = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  // Whatever was fetched before a fatal error is still worth keeping.
  await flush().catch((error: unknown) => {
    if (!fatal) throw error;
  });
  if (fatal) throw fatal.reason;
  return result;
}

async function fetchDocument<T>(
  job: EntityJob<T>,
  id: number,
  since: Date | undefined,
  deps: JobDeps,
): Promise<Mark & { row?: T }> {
  try {
    const response = await deps.api.getJson<Record<string, unknown>>(job.region, job.path(id), {
      namespace: job.namespace,
      query: { locale: 'en_US' },
      ifModifiedSince: since,
    });
    if (response.status === 304) return { id, state: 'done', lastModified: since ?? null, httpStatus: 304, error: null };
    const row = job.read(response.data, id);
    return { id, state: 'done', lastModified: response.lastModified ?? null, httpStatus: 200, error: null, row };
  } catch (error) {
    if (error instanceof ApiStatusError && error.status === 404) {
      return { id, state: 'missing', lastModified: null, httpStatus: 404, error: null };
    }
    if (error instanceof ApiStatusError || error instanceof ApiUnavailableError || error instanceof DataError) {
      const status = error instanceof ApiStatusError ? error.status : error instanceof ApiUnavailableError ? (error.status ?? null) : 200;
      return { id, state: 'failed', lastModified: null, httpStatus: status, error: error.message };
    }
    if (error instanceof AppError) throw error; // credentials, an unreachable API: stop the run
    throw error;
  }
}

async function storedLastModified(db: Database, job: EntityJob<unknown>): Promise<Map<number, Date>> {
  const rows = await db.query<{ entity_id: number; last_modified: Date }>(
    `SELECT entity_id, last_modified FROM ops.seed_entities
     WHERE seeder = $1 AND region = $2 AND state = 'done' AND last_modified IS NOT NULL`,
    [job.seeder, job.region],
  );
  return new Map(rows.map((r) => [r.entity_id, r.last_modified]));
}

async function recordMarks(tx: pg.ClientBase, job: EntityJob<unknown>, marks: Mark[]): Promise<void> {
  if (marks.length === 0) return;
  await tx.query(
    `INSERT INTO ops.seed_entities AS e (seeder, region, entity_id, state, last_modified, http_status, error, updated_at)
     SELECT $1, $2, m.entity_id, m.state, m.last_modified, m.http_status, m.error, now()
     FROM unnest($3::bigint[], $4::text[], $5::timestamptz[], $6::int[], $7::text[])
       AS m(entity_id, state, last_modified, http_status, error)
     ON CONFLICT (seeder, region, entity_id) DO UPDATE
       SET state = excluded.state,
           last_modified = coalesce(excluded.last_modified, e.last_modified),
           http_status = excluded.http_status,
           error = excluded.error,
           updated_at = now()`,
    [
      job.seeder,
      job.region,
      marks.map((m) => m.id),
      marks.map((m) => m.state),
      marks.map((m) => m.lastModified),
      marks.map((m) => m.httpStatus),
      marks.map((m) => m.error),
    ],
  );
}

/** Ids of a seeder already done (or 404) that a normal run skips. */
export async function settledIds(db: Database, seeder: string, region: Region): Promise<Set<number>> {
  const rows = await db.query<{ entity_id: number }>(
    `SELECT entity_id FROM ops.seed_entities WHERE seeder = $1 AND region = $2 AND state IN ('done', 'missing')`,
    [seeder, region],
  );
  return new Set(rows.map((r) => r.entity_id));
}

/** An index document, read whole on every run (it is what tells new entities). */
export async function fetchIndex(region: Region, path: string, namespace: 'static' | 'dynamic', key: string, deps: JobDeps): Promise<number[]> {
  const response = await deps.api.getJson<Record<string, unknown>>(region, path, { namespace, query: { locale: 'en_US' } });
  if (response.status === 304) return [];
  const ids = indexIds(response.data, key);
  if (ids.length === 0) throw new DataError(`${path} lists no ${key}`);
  return ids;
}

/** The ids a normal run still has to fetch (all of them with --force). */
export async function pending(ids: number[], seeder: string, region: Region, deps: JobDeps): Promise<number[]> {
  if (deps.force) return ids;
  const settled = await settledIds(deps.db, seeder, region);
  return ids.filter((id) => !settled.has(id));
}
