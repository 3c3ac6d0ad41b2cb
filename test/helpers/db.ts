import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { createDatabase, type Database } from '../../src/core/db/pool.js';
import { silentLogger } from '../../src/core/log.js';
import { databaseUrl, type TestServer } from './server-config.js';

export interface TestDatabase {
  readonly name: string;
  /** libpq URL for spawned CLI processes (DATABASE_URL). */
  readonly url: string;
  readonly db: Database;
  readonly server: TestServer;
}

/**
 * Gives the calling test file its own database cloned from the migrated template,
 * dropped when the file ends; `empty` gives an unmigrated one instead. Access the result inside tests (after beforeAll).
 */
export function useTestDatabase(options: { empty?: boolean } = {}): TestDatabase {
  const server = inject('testServer');
  const name = `holocron_test_${randomBytes(6).toString('hex')}`;
  let db: Database | undefined;

  beforeAll(async () => {
    const template = options.empty ? 'template0' : server.template;
    await adminQuery(server, `CREATE DATABASE ${name} TEMPLATE ${template}`);
    db = createDatabase({ config: { ...server.admin, database: name }, describe: name }, silentLogger);
  });

  afterAll(async () => {
    await db?.close();
    await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  return {
    name,
    url: databaseUrl(server.admin, name),
    server,
    get db(): Database {
      if (!db) throw new Error('useTestDatabase(): the database exists only inside tests and hooks');
      return db;
    },
  };
}

/** Runs one statement as the admin user, retrying while the template is busy. */
export async function adminQuery(server: TestServer, sql: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client(server.admin);
    try {
      await client.connect();
      await client.query(sql);
      return;
    } catch (error) {
      const busy = (error as { code?: string }).code === '55006';
      if (!busy || attempt >= 20) throw error;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
