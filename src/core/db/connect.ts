import pg from './pg-import.js';
import type { Config } from '../config.js';
import { errnoCode } from '../errors.js';
import type { Logger } from '../log.js';
import { ensureEmbeddedServer, type EmbeddedConnection } from './embedded/index.js';
import { migrate, type MigrationReport } from './migrate.js';
import { describeExternal } from './describe.js';
import { SqlState, createDatabase, translatePgError, type Database, type PoolTarget } from './pool.js';

export interface ServerInfo {
  readonly kind: 'embedded' | 'external';
  /** Where it is, without credentials: host:port/database or the socket directory. */
  readonly target: string;
  readonly dataDir?: string;
  readonly pid?: number;
}

export interface Connected {
  readonly db: Database;
  readonly server: ServerInfo;
  readonly migrations?: MigrationReport;
}

export interface OpenOptions {
  config: Config;
  log: Logger;
  /** Apply pending migrations before returning (what every data command wants). */
  migrate?: boolean;
  /** Pool settings over the defaults (a resident server keeps its connections warm). */
  pool?: Partial<pg.PoolConfig>;
}

/**
 * Connects to DATABASE_URL when set, otherwise to the embedded server (started or
 * initialised as needed). Verifies the connection up front so an unreachable
 * server fails here with a clear message instead of deep inside a command.
 */
export async function openDatabase(options: OpenOptions): Promise<Connected> {
  const { config, log } = options;
  const started = performance.now();
  const { target, server } = config.databaseUrl
    ? externalTarget(config.databaseUrl)
    : await embeddedTarget(config, log);
  const found = performance.now();
  const db = createDatabase(options.pool ? { ...target, config: { ...target.config, ...options.pool } } : target, log);
  try {
    await verifyConnection(db, config, log);
    const connected = performance.now();
    const migrations = options.migrate ? await migrate(db, log) : undefined;
    // Where a slow command's time goes (performance.now() counts from process start).
    log.debug(
      `database ready ${ms(performance.now())} after start: server ${ms(found - started)}, connect ${ms(connected - found)}, schema ${ms(performance.now() - connected)}`,
    );
    return { db, server, ...(migrations ? { migrations } : {}) };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function verifyConnection(db: Database, config: Config, log: Logger): Promise<void> {
  try {
    await db.query('SELECT 1');
  } catch (error) {
    const missingDatabase = errnoCode((error as { cause?: unknown }).cause) === SqlState.invalidCatalogName;
    if (config.databaseUrl || !missingDatabase) throw error;
    // initdb makes only `postgres`; the holocron database is created on first use.
    const conn = await ensureEmbeddedServer({ home: config.home, serverUserName: config.embeddedServerUser, log });
    await createEmbeddedDatabase(conn);
    await db.query('SELECT 1');
  }
}

function externalTarget(url: string): { target: PoolTarget; server: ServerInfo } {
  const describe = describeExternal(url);
  return {
    target: { config: { connectionString: url }, describe },
    server: { kind: 'external', target: describe },
  };
}

async function embeddedTarget(config: Config, log: Logger): Promise<{ target: PoolTarget; server: ServerInfo }> {
  const conn = await ensureEmbeddedServer({ home: config.home, serverUserName: config.embeddedServerUser, log });
  if (conn.started) log.debug(`embedded PostgreSQL started (pid ${conn.server.pid})`);
  const describe = `unix socket in ${conn.host}`;
  return {
    target: { config: embeddedPoolConfig(conn), describe },
    server: { kind: 'embedded', target: describe, dataDir: conn.layout.dataDir, pid: conn.server.pid },
  };
}

export function embeddedPoolConfig(conn: EmbeddedConnection, database = conn.database): pg.PoolConfig {
  return { host: conn.host, port: conn.port, user: conn.user, password: conn.password, database };
}

async function createEmbeddedDatabase(conn: EmbeddedConnection): Promise<void> {
  const admin = new pg.Client(embeddedPoolConfig(conn, 'postgres'));
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(conn.database)}`);
  } catch (error) {
    // A concurrent first run created it a moment ago.
    const code = errnoCode(error);
    if (code !== SqlState.duplicateDatabase && code !== SqlState.uniqueViolation) throw translatePgError(error, conn.host);
  } finally {
    await admin.end().catch(() => undefined);
  }
}
