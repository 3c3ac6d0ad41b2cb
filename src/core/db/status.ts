import type { Connected } from './connect.js';
import { migrationStatus } from './migrate.js';

export interface DatabaseStatus {
  server: {
    kind: 'embedded' | 'external';
    version: string;
    target: string;
    dataDir?: string;
    pid?: number;
  };
  database: string;
  schemas: string[];
  migrations: {
    applied: number;
    pending: number;
    latest: string | null;
    pendingFiles: string[];
  };
}

/** Holocron's own schemas, in the order they are presented. */
export const HOLOCRON_SCHEMAS = ['goblin', 'skillweaver', 'petweaver', 'holocron', 'ops'] as const;

export async function databaseStatus({ db, server }: Connected): Promise<DatabaseStatus> {
  const [info] = await db.query<{ version: string; database: string }>(
    `SELECT current_setting('server_version') AS version, current_database() AS database`,
  );
  const schemaRows = await db.query<{ name: string }>(
    `SELECT nspname AS name FROM pg_namespace WHERE nspname = ANY($1::text[]) ORDER BY array_position($1::text[], nspname::text)`,
    [HOLOCRON_SCHEMAS],
  );
  const { applied, pending } = await migrationStatus(db);
  const latest = applied.at(-1);
  return {
    server: {
      kind: server.kind,
      version: info?.version ?? 'unknown',
      target: server.target,
      ...(server.dataDir ? { dataDir: server.dataDir } : {}),
      ...(server.pid ? { pid: server.pid } : {}),
    },
    database: info?.database ?? 'unknown',
    schemas: schemaRows.map((r) => r.name),
    migrations: {
      applied: applied.length,
      pending: pending.length,
      latest: latest ? `${String(latest.version).padStart(4, '0')}_${latest.name}` : null,
      pendingFiles: pending.map((p) => p.file),
    },
  };
}
