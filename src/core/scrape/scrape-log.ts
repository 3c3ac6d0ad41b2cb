import type { Dataset } from './datasets.js';

/** What one attempt at one dataset came to; the scraper log row and the report line. */
export type AttemptStatus = 'success' | 'unchanged' | 'failed' | 'skipped';

export interface AttemptRecord {
  dataset: Dataset;
  status: AttemptStatus;
  startedAt: Date;
  durationMs: number;
  httpStatus: number | null;
  wireBytes: number | null;
  rows: number | null;
  snapshotAt: Date | null;
  snapshotId: number | null;
  error: string | null;
}

export interface LoadTimings {
  rows: number;
  wireBytes: number;
  bodyBytes: number;
  loadMs: number;
  statsMs: number;
  totalMs: number;
}

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/** Appends to ops.scraper_log (and ops.load_benchmark for a load); returns the attempt id. */
export async function recordAttempt(client: Queryable, attempt: AttemptRecord, timings?: LoadTimings): Promise<number> {
  const { rows } = await client.query(
    `INSERT INTO ops.scraper_log
       (started_at, dataset, region, connected_realm_id, status, http_status, bytes, rows, duration_ms, snapshot_at, snapshot_id, error)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     RETURNING attempt_id`,
    [
      attempt.startedAt,
      attempt.dataset.key,
      attempt.dataset.region,
      attempt.dataset.connectedRealmId,
      attempt.status,
      attempt.httpStatus,
      attempt.wireBytes,
      attempt.rows,
      Math.round(attempt.durationMs),
      attempt.snapshotAt,
      attempt.snapshotId,
      attempt.error,
    ],
  );
  const attemptId = Number(rows[0]?.attempt_id);
  if (timings) {
    await client.query(
      `INSERT INTO ops.load_benchmark (attempt_id, dataset, rows, wire_bytes, body_bytes, load_ms, stats_ms, total_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        attemptId,
        attempt.dataset.key,
        timings.rows,
        timings.wireBytes,
        timings.bodyBytes,
        Math.round(timings.loadMs),
        Math.round(timings.statsMs),
        Math.round(timings.totalMs),
      ],
    );
  }
  return attemptId;
}
