import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { ConfigError, TempFailError, errnoCode } from '../errors.js';
import type { Logger } from '../log.js';
import { LockId, advisoryLockSql } from '../locks.js';
import { packageRoot } from '../package-root.js';
import { SqlState, inTransaction, queryOn, type Database } from './pool.js';

/**
 * Forward-only SQL migrations from sql/migrations/NNNN_name.sql. Each runs in its
 * own transaction and is recorded with a checksum of its text; editing an applied
 * file is a configuration error, never silently ignored. Concurrent migrators are
 * serialised by an advisory lock.
 */
export interface MigrationFile {
  readonly version: number;
  readonly name: string;
  readonly file: string;
  readonly checksum: string;
  readonly sql: string;
}

export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
  readonly appliedAt: Date;
}

export interface MigrationReport {
  readonly applied: number;
  readonly pending: number;
  /** Versions applied by this call. */
  readonly newlyApplied: readonly string[];
}

export const MIGRATIONS_DIR = path.join(packageRoot(), 'sql', 'migrations');
const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export function loadMigrationFiles(dir: string = MIGRATIONS_DIR): MigrationFile[] {
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  return files.map((file, index) => {
    const match = FILE_PATTERN.exec(file);
    if (!match?.[1] || !match[2]) throw new Error(`migration file name ${file} does not match NNNN_name.sql`);
    const version = Number(match[1]);
    if (version !== index + 1) throw new Error(`migration ${file} is out of sequence: expected ${String(index + 1).padStart(4, '0')}`);
    // Checksums ignore line endings so a Windows checkout does not look edited.
    const sql = fs.readFileSync(path.join(dir, file), 'utf8').replace(/\r\n/g, '\n');
    return { version, name: match[2], file, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

export async function readAppliedMigrations(db: Pick<Database, 'query'>): Promise<AppliedMigration[]> {
  // Checked first rather than caught, so a fresh database does not log an ERROR.
  const [table] = await db.query<{ present: boolean }>(`SELECT to_regclass('ops.schema_migrations') IS NOT NULL AS present`);
  if (!table?.present) return [];
  const rows = await db.query<{ version: number; name: string; checksum: string; applied_at: Date }>(
    'SELECT version, name, checksum, applied_at FROM ops.schema_migrations ORDER BY version',
  );
  return rows.map((r) => ({ version: r.version, name: r.name, checksum: r.checksum, appliedAt: r.applied_at }));
}

/** Compares files with the database; throws on edited or unknown migrations. */
export function planMigrations(files: readonly MigrationFile[], applied: readonly AppliedMigration[]): MigrationFile[] {
  const byVersion = new Map(files.map((f) => [f.version, f]));
  for (const row of applied) {
    const file = byVersion.get(row.version);
    if (!file) {
      throw new ConfigError(
        `the database has migration ${String(row.version).padStart(4, '0')}_${row.name}, which this holocron does not know`,
        { hint: 'The database was migrated by a newer holocron; upgrade this installation.' },
      );
    }
    if (file.checksum !== row.checksum) {
      throw new ConfigError(`migration ${file.file} was changed after it was applied (checksum mismatch)`, {
        hint: 'Applied migrations are immutable: restore the original file and put the change in a new migration.',
      });
    }
  }
  const appliedVersions = new Set(applied.map((a) => a.version));
  return files.filter((f) => !appliedVersions.has(f.version));
}

export async function migrationStatus(db: Database, files = loadMigrationFiles()): Promise<{ applied: AppliedMigration[]; pending: MigrationFile[] }> {
  const applied = await readAppliedMigrations(db);
  return { applied, pending: planMigrations(files, applied) };
}

const BOOTSTRAP_SQL = `
CREATE SCHEMA IF NOT EXISTS ops;
CREATE TABLE IF NOT EXISTS ops.schema_migrations (
  version     integer PRIMARY KEY,
  name        text NOT NULL,
  checksum    text NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now(),
  duration_ms integer
);`;

/**
 * Applies every pending migration. Cheap when there is nothing to do: one query,
 * no lock. Otherwise takes the migration lock and re-plans under it, because
 * another process may have migrated while we waited.
 */
export async function migrate(db: Database, log: Logger, files = loadMigrationFiles()): Promise<MigrationReport> {
  const before = await migrationStatus(db, files);
  if (before.pending.length === 0) return { applied: before.applied.length, pending: 0, newlyApplied: [] };

  return db.withClient(async (client) => {
    await acquireMigrationLock(client);
    try {
      await client.query(BOOTSTRAP_SQL);
      const pending = planMigrations(files, await readAppliedMigrations(queryOn(client)));
      const newlyApplied: string[] = [];
      for (const migration of pending) {
        await applyOne(client, migration, log);
        newlyApplied.push(migration.file);
      }
      return { applied: files.length, pending: 0, newlyApplied };
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${advisoryLockSql(LockId.migrate)})`);
    }
  });
}

async function acquireMigrationLock(client: pg.PoolClient): Promise<void> {
  await client.query(`SET lock_timeout = '120s'`);
  try {
    await client.query(`SELECT pg_advisory_lock(${advisoryLockSql(LockId.migrate)})`);
  } catch (error) {
    if (errnoCode(error) === SqlState.lockNotAvailable) {
      throw new TempFailError('another holocron is migrating the database and has not finished in 120 s', { cause: error });
    }
    throw error;
  } finally {
    await client.query('RESET lock_timeout');
  }
}

async function applyOne(client: pg.PoolClient, migration: MigrationFile, log: Logger): Promise<void> {
  const started = performance.now();
  log.info(`applying migration ${migration.file}`);
  await inTransaction(client, async (tx) => {
    // Recorded first, so a racing migrator without the lock would collide here.
    await tx.query('INSERT INTO ops.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
      migration.version,
      migration.name,
      migration.checksum,
    ]);
    try {
      await tx.query(migration.sql);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new Error(`migration ${migration.file} failed: ${detail}`, { cause: error });
    }
    await tx.query('UPDATE ops.schema_migrations SET duration_ms = $2 WHERE version = $1', [
      migration.version,
      Math.round(performance.now() - started),
    ]);
  });
}

