/**
 * The read API: the same core functions as `holocron search`, `value` and
 * `jobs`, with the query string for flags, answering the JSON those commands
 * print with --json. /status says how fresh each source is.
 */
import type { Database } from '../db/pool.js';
import { searchItems } from '../inventory/search.js';
import { accountValue, type ValueDimension } from '../inventory/valuation.js';
import { listJobs } from '../liquidation/jobs.js';
import { HttpError } from './http.js';

export async function searchRoute(db: Database, q: URLSearchParams): Promise<unknown> {
  const text = q.get('q') ?? '';
  if (!text.trim()) throw new HttpError(400, 'q= is required: part of an item name, an item id or a link');
  const limit = intParam(q, 'limit', 25, 1, 500);
  const character = q.get('character');
  const result = await searchItems(db, { text, limit, ...(q.get('all') === '1' && { placesPerItem: 'all' as const }), ...(character && { character }) });
  return { query: result.query, items: result.hits };
}

export async function valueRoute(db: Database, q: URLSearchParams): Promise<unknown> {
  const by = (q.get('by') ?? 'character') as ValueDimension;
  if (!['character', 'location', 'item'].includes(by)) throw new HttpError(400, 'by= must be character, location or item');
  const region = q.get('region')?.toLowerCase();
  if (region !== undefined && !['us', 'eu', 'kr', 'tw'].includes(region)) throw new HttpError(400, 'region= must be us, eu, kr or tw');
  return accountValue(db, { by, limit: intParam(q, 'limit', 50, 1, 1_000_000), ...(region !== undefined && { region }) });
}

export async function jobsRoute(db: Database, q: URLSearchParams): Promise<unknown> {
  return { jobs: await listJobs(db, { all: q.get('all') === '1' }) };
}

export interface StatusExtras {
  courier: { lastWrittenAt: string | null; lastError: string | null; files: { name: string; mtime: string; size: number }[] };
  startedAt: string;
}

export async function statusRoute(db: Database, extras: StatusExtras): Promise<unknown> {
  const named = async <Row>(name: string, text: string) => db.withClient(async (c) => (await c.query({ name, text })).rows as Row[]);
  const [scrapes, ingests, uploads] = await Promise.all([
    named<{ dataset: string; last_attempt_at: Date; last_success_at: Date | null; last_status: string }>(
      'serve_status_scrapes',
      `SELECT DISTINCT ON (dataset) dataset, finished_at AS last_attempt_at, status AS last_status,
              (SELECT max(finished_at) FROM ops.scraper_log s2 WHERE s2.dataset = s.dataset AND s2.status IN ('success', 'unchanged')) AS last_success_at
         FROM ops.scraper_log s ORDER BY dataset, started_at DESC`,
    ),
    named<{ account: string; last_ingest_at: Date; newest_file_at: Date; files: number }>(
      'serve_status_ingests',
      `SELECT a.name AS account, max(f.processed_at) AS last_ingest_at, max(f.modified_at) AS newest_file_at, count(*)::int AS files
         FROM holocron.source_files f JOIN holocron.accounts a USING (account_id) GROUP BY a.name ORDER BY a.name`,
    ),
    named<{ account: string; last_upload_at: Date; uploads: number }>(
      'serve_status_uploads',
      `SELECT account, max(received_at) AS last_upload_at, count(*)::int AS uploads FROM ops.uploads GROUP BY account ORDER BY account`,
    ),
  ]);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    serverStartedAt: extras.startedAt,
    scrapes: scrapes.map((r) => ({ dataset: r.dataset, lastAttemptAt: iso(r.last_attempt_at), lastStatus: r.last_status, lastSuccessAt: iso(r.last_success_at) })),
    ingests: ingests.map((r) => ({ account: r.account, lastIngestAt: iso(r.last_ingest_at), newestFileAt: iso(r.newest_file_at), files: r.files })),
    uploads: uploads.map((r) => ({ account: r.account, lastUploadAt: iso(r.last_upload_at), uploads: r.uploads })),
    courier: extras.courier,
  };
}

function intParam(q: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const text = q.get(name);
  if (text === null) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new HttpError(400, `${name}= must be a whole number from ${min} to ${max}`);
  return n;
}
