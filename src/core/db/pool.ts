import pg from './pg-import.js';
import { ConfigError, TempFailError, UnavailableError, errnoCode } from '../errors.js';
import type { Logger } from '../log.js';

/**
 * The one module that talks to node-postgres. Type parsing, error translation and
 * transactions are decided here once; core code gets a Database and never a raw pool.
 */
export interface Database {
  readonly pool: pg.Pool;
  /** host:port/database with no credentials, for messages. */
  readonly target: string;
  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  withTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Database.query on one client: for code that runs inside a transaction and also outside one. */
export function queryOn(client: pg.PoolClient): Pick<Database, 'query'> {
  return {
    query: async <Row extends object>(sql: string, params?: readonly unknown[]) => (await client.query<Row>(sql, params as unknown[])).rows,
  };
}

export const SqlState = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  invalidPassword: '28P01',
  invalidAuthorization: '28000',
  invalidCatalogName: '3D000',
  duplicateDatabase: '42P04',
  duplicateObject: '42710',
  duplicateTable: '42P07',
  objectInUse: '55006',
  lockNotAvailable: '55P03',
  cannotConnectNow: '57P03',
  adminShutdown: '57P01',
  tooManyConnections: '53300',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Prices are copper and fit easily in a double (the gold cap is ~10^11 copper), so
 * bigint and numeric come back as numbers; a value beyond 2^53 would be a bug we
 * want to see, not silently round.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return parseSafeInteger;
    if (oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as unknown as pg.CustomTypesConfig;

function parseSafeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`bigint ${value} exceeds JavaScript's safe integer range`);
  return n;
}

export interface PoolTarget {
  config: pg.PoolConfig;
  /** Host and port (or socket dir) for messages. */
  describe: string;
}

export function createDatabase(target: PoolTarget, log: Logger): Database {
  const pool = new pg.Pool({
    max: 8,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 10_000,
    application_name: 'holocron',
    ...target.config,
    types,
  });
  pool.on('error', (error) => log.warn(`idle database connection failed: ${error.message}`));

  const withClient = async <T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw translatePgError(error, target.describe);
    }
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  };

  return {
    pool,
    target: target.describe,
    async query<Row extends object>(sql: string, params?: readonly unknown[]) {
      return withClient(async (client) => (await client.query<Row>(sql, params as unknown[])).rows);
    },
    withClient,
    withTransaction: <T>(fn: (client: pg.PoolClient) => Promise<T>) => withClient((client) => inTransaction(client, fn)),
    close: () => pool.end(),
  };
}

export async function inTransaction<T>(client: pg.ClientBase, fn: (client: pg.ClientBase & pg.PoolClient) => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await fn(client as pg.PoolClient);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'ENOENT']);

/** Node's codes for a TLS certificate it will not accept (self-signed, expired, wrong host…). */
const TLS_REFUSED = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

/** Turns connection-level failures into errors with exit codes; leaves query errors alone. */
export function translatePgError(error: unknown, target: string): unknown {
  const code = errnoCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if ((code && UNREACHABLE.has(code)) || /timeout expired|Connection terminated/i.test(message)) {
    return new UnavailableError(`cannot reach PostgreSQL at ${target} (${code ?? message})`, {
      cause: error,
      hint: 'Check that the server is running and that DATABASE_URL names the right host and port.',
    });
  }
  if (code === SqlState.invalidPassword || code === SqlState.invalidAuthorization) {
    return new ConfigError(`PostgreSQL at ${target} rejected the credentials (${message})`, {
      cause: error,
      hint: 'Check the user and password in DATABASE_URL.',
    });
  }
  if (code === SqlState.invalidCatalogName) {
    return new ConfigError(`PostgreSQL at ${target}: ${message}`, {
      cause: error,
      hint: 'Create the database first (createdb), or fix the database name in DATABASE_URL.',
    });
  }
  if (/does not support SSL/i.test(message)) {
    return new ConfigError(`PostgreSQL at ${target} does not accept SSL connections, and DATABASE_URL asks for one`, {
      cause: error,
      hint: 'Remove sslmode (or ssl=true) from DATABASE_URL, or enable ssl on the server.',
    });
  }
  if (code && TLS_REFUSED.test(code)) {
    return new ConfigError(`PostgreSQL at ${target}: its TLS certificate is not trusted (${code})`, {
      cause: error,
      hint: 'Give the server a certificate this machine trusts (NODE_EXTRA_CA_CERTS names extra CAs), or change sslmode in DATABASE_URL.',
    });
  }
  if (code === SqlState.cannotConnectNow || code === SqlState.tooManyConnections || code === SqlState.adminShutdown) {
    return new TempFailError(`PostgreSQL at ${target} is not accepting connections right now (${message})`, { cause: error });
  }
  return error;
}
