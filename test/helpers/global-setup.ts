import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ensureEmbeddedServer, stopEmbeddedServer } from '../../src/core/db/embedded/index.js';
import { migrate } from '../../src/core/db/migrate.js';
import { createDatabase } from '../../src/core/db/pool.js';
import { silentLogger } from '../../src/core/log.js';
import { adminConfigFromUrl, type TestServer } from './server-config.js';

/**
 * Provisions the server the database tests use and a migrated template database;
 * each test file then clones the template (graphile-worker's approach), so files
 * run in parallel on fresh data and migrations run once per test run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let cleanupHome: string | undefined;
  let server: TestServer;
  if (process.env.DATABASE_URL) {
    server = { kind: 'external', admin: adminConfigFromUrl(process.env.DATABASE_URL), template: '' };
  } else {
    cleanupHome = fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-test-'));
    const conn = await ensureEmbeddedServer({ home: cleanupHome, serverUserName: 'postgres', log: silentLogger });
    server = {
      kind: 'embedded',
      admin: { host: conn.host, port: conn.port, user: conn.user, password: conn.password, database: 'postgres' },
      template: '',
      home: cleanupHome,
    };
  }
  server.template = `holocron_tpl_${process.pid}_${Date.now().toString(36)}`;
  await withAdmin(server.admin, (client) => client.query(`CREATE DATABASE ${server.template}`));
  const templateDb = createDatabase({ config: { ...server.admin, database: server.template }, describe: 'template' }, silentLogger);
  try {
    await migrate(templateDb, silentLogger);
  } finally {
    await templateDb.close();
  }
  project.provide('testServer', server);

  return async () => {
    await withAdmin(server.admin, (client) => client.query(`DROP DATABASE IF EXISTS ${server.template} WITH (FORCE)`));
    if (cleanupHome) {
      await stopEmbeddedServer(cleanupHome, silentLogger);
      fs.rmSync(cleanupHome, { recursive: true, force: true });
    }
  };
}

async function withAdmin<T>(config: pg.ClientConfig, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    testServer: TestServer;
  }
}
