import type pg from 'pg';
import type { Clock } from '../clock.js';
import { partitionName, utcDay } from '../db/partitions.js';
import type { Database } from '../db/pool.js';
import { TempFailError, UsageError, errnoCode } from '../errors.js';
import { LockId, advisoryLockSql } from '../locks.js';
import type { Logger } from '../log.js';
import { marketLabel, marketsNotRolledUp } from '../goblin/market/retention-guard.js';
import { archivePartition, type ArchiveResult } from './archive.js';

/**
 * `holocron partition`: daily partitions ahead of time for every table in
 * ops.partitioned_tables, and retention of old ones. An expired partition is
 * archived (when asked) and verified, then detached CONCURRENTLY — which waits
 * for loads instead of blocking them — and dropped. Every step can fail without
 * losing data: until the drop, the rows are in the partition, and the drop only
 * follows a verified archive (or an explicit --retain without archive).
 */
export interface PartitionOptions {
  aheadDays: number;
  /** Days of data to keep; undefined keeps everything. */
  retainDays: number | undefined;
  archiveDir: string | undefined;
  dryRun: boolean;
  /** Roll up an expired day's market history first when it is missing, instead of keeping the day. */
  rollUpMissing?: boolean;
}

export interface PartitionDeps {
  db: Database;
  clock: Clock;
  log: Logger;
}

export interface PartitionAction {
  table: string;
  day: string;
  partition: string;
  rows?: number;
  archive?: ArchiveResult;
  /** Markets whose history of the day this run rolled up before the drop (--roll-up-missing). */
  rolledUp?: string[];
}

export interface PartitionReport {
  dryRun: boolean;
  created: PartitionAction[];
  archived: PartitionAction[];
  dropped: PartitionAction[];
  failed: Array<PartitionAction & { error: string }>;
  /** Expired but kept: the day's market history is not rolled up yet (its only source is this partition). */
  skipped: Array<PartitionAction & { reason: string }>;
}

/** A century: beyond it the cutoff date soon leaves what Date (and PostgreSQL's date) can hold. */
export const MAX_RETAIN_DAYS = 36_500;

export function parseRetention(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)\s*d$/i.exec(text.trim());
  const days = match ? Number(match[1]) : Number.NaN;
  if (!(days >= 1 && days <= MAX_RETAIN_DAYS)) throw new UsageError(`--retain takes whole days from 1d to ${MAX_RETAIN_DAYS}d, like 30d (got '${text}')`);
  return days;
}

interface ExistingPartition {
  table: string;
  partition: string;
  day: string;
  attached: boolean;
  detachPending: boolean;
}

export async function maintainPartitions(options: PartitionOptions, deps: PartitionDeps): Promise<PartitionReport> {
  const report: PartitionReport = { dryRun: options.dryRun, created: [], archived: [], dropped: [], failed: [], skipped: [] };
  return deps.db.withClient(async (lockClient) => {
    if (!options.dryRun) await takeLock(lockClient);
    try {
      const tables = await deps.db.query<{ parent_table: string; needs_rollup: boolean }>('SELECT parent_table, needs_rollup FROM ops.partitioned_tables ORDER BY 1');
      const today = utcDay(new Date(deps.clock.now()));
      const guard = rollupGuard(deps.db, options);
      for (const { parent_table: table, needs_rollup: needsRollup } of tables) {
        const existing = await existingPartitions(deps.db, table);
        await finishInterruptedDetaches(existing, options, deps);
        await createAhead(table, existing, today, options, deps, report);
        if (options.retainDays !== undefined) await expire(table, existing, today, options, deps, report, needsRollup ? guard : undefined);
      }
      return report;
    } finally {
      if (!options.dryRun) await lockClient.query(`SELECT pg_advisory_unlock(${advisoryLockSql(LockId.partitionMaintenance)})`);
    }
  });
}

async function takeLock(client: pg.PoolClient): Promise<void> {
  const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${advisoryLockSql(LockId.partitionMaintenance)}) AS locked`);
  if (!rows[0]?.locked) throw new TempFailError('another `holocron partition` is running; try again when it has finished');
}

/** Partitions named `<table>_pYYYYMMDD`, attached or left detached by an interrupted run. */
async function existingPartitions(db: Database, table: string): Promise<ExistingPartition[]> {
  const [schema, name] = table.split('.') as [string, string];
  const rows = await db.query<{ relname: string; attached: boolean; detach_pending: boolean }>(
    `SELECT c.relname,
            i.inhrelid IS NOT NULL AS attached,
            coalesce(i.inhdetachpending, false) AS detach_pending
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_inherits i ON i.inhrelid = c.oid AND i.inhparent = $3::regclass
     WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname ~ ('^' || $2 || '_p[0-9]{8}$')
     ORDER BY c.relname`,
    [schema, name, table],
  );
  return rows.map((r) => {
    const digits = r.relname.slice(-8);
    return {
      table,
      partition: `${schema}.${r.relname}`,
      day: `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`,
      attached: r.attached,
      detachPending: r.detach_pending,
    };
  });
}

/** A detach interrupted between its two transactions is finished first. */
async function finishInterruptedDetaches(existing: ExistingPartition[], options: PartitionOptions, deps: PartitionDeps): Promise<void> {
  for (const p of existing.filter((e) => e.detachPending)) {
    if (options.dryRun) continue;
    deps.log.info(`finishing the interrupted detach of ${p.partition}`);
    await deps.db.query(`ALTER TABLE ${p.table} DETACH PARTITION ${p.partition} FINALIZE`);
    p.attached = false;
  }
}

async function createAhead(table: string, existing: ExistingPartition[], today: string, options: PartitionOptions, deps: PartitionDeps, report: PartitionReport): Promise<void> {
  const have = new Set(existing.map((e) => e.day));
  for (let offset = 0; offset <= options.aheadDays; offset++) {
    const day = addDays(today, offset);
    if (have.has(day)) continue;
    const action = { table, day, partition: partitionName(table, day) };
    if (!options.dryRun) await deps.db.query('SELECT ops.ensure_daily_partition($1, $2::date)', [table, day]);
    report.created.push(action);
  }
}

interface GuardAnswer {
  /** Why the day may not be dropped yet; undefined: it may. */
  reason?: string;
  /** Markets rolled up by this run to let it go (--roll-up-missing). */
  rolledUp?: string[];
}

/** Asked once per day for all guarded tables. */
type RollupGuard = (day: string) => Promise<GuardAnswer>;

function rollupGuard(db: Database, options: PartitionOptions): RollupGuard {
  const answers = new Map<string, Promise<GuardAnswer>>();
  return (day) => {
    let answer = answers.get(day);
    if (!answer) {
      answer = guardDay(db, day, options);
      answers.set(day, answer);
    }
    return answer;
  };
}

async function guardDay(db: Database, day: string, options: PartitionOptions): Promise<GuardAnswer> {
  const missing = await marketsNotRolledUp(db, day);
  if (missing.length === 0) return {};
  const labels = missing.map(marketLabel);
  if (options.rollUpMissing && !options.dryRun) {
    const { rollUpDay } = await import('../scrape/daily-sales.js');
    for (const region of new Set(missing.map((m) => m.region))) await rollUpDay(db, region, day);
    if ((await marketsNotRolledUp(db, day)).length === 0) return { rolledUp: labels };
  }
  return {
    reason:
      `the market history of ${day} is not rolled up yet for ${labels.join(', ')}; ` +
      'the scrape rolls up the complete days of the last week, --roll-up-missing older ones; kept until then',
  };
}

async function expire(
  table: string,
  existing: ExistingPartition[],
  today: string,
  options: PartitionOptions,
  deps: PartitionDeps,
  report: PartitionReport,
  guard: RollupGuard | undefined,
): Promise<void> {
  // A partition holds [day, day + 1); it is wholly older than the cutoff when day + 1 <= cutoff.
  const cutoff = addDays(today, -options.retainDays!);
  for (const p of existing) {
    if (addDays(p.day, 1) > cutoff) continue;
    const action: PartitionAction = { table, day: p.day, partition: p.partition };
    try {
      const { reason, rolledUp } = guard ? await guard(p.day) : {};
      if (reason !== undefined) {
        report.skipped.push({ ...action, reason });
        deps.log.warn(`${p.partition} kept: ${reason}`);
        continue;
      }
      if (rolledUp) {
        action.rolledUp = rolledUp;
        deps.log.info(`${p.day}: market history rolled up for ${rolledUp.join(', ')} before the drop`);
      }
      action.rows = (await deps.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${p.partition}`))[0]?.n ?? 0;
      if (options.dryRun) {
        if (options.archiveDir) report.archived.push(action);
        report.dropped.push(action);
        continue;
      }
      if (options.archiveDir) {
        action.archive = await archivePartition(deps.db, table, p.partition, p.day, options.archiveDir);
        report.archived.push(action);
        deps.log.info(`archived ${p.partition}: ${action.rows} rows → ${action.archive.file}`);
      }
      if (p.attached) await deps.db.query(`ALTER TABLE ${table} DETACH PARTITION ${p.partition} CONCURRENTLY`);
      await deps.db.query(`DROP TABLE ${p.partition}`);
      report.dropped.push(action);
      deps.log.info(`dropped ${p.partition}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      deps.log.error(`${p.partition}: ${message} (left in place)`);
      report.failed.push({ ...action, error: errnoCode(error) ? `${errnoCode(error)}: ${message}` : message });
    }
  }
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
