import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { loadMigrationFiles, migrate, migrationStatus, MIGRATIONS_DIR } from '../../src/core/db/migrate.js';
import { createDatabase } from '../../src/core/db/pool.js';
import { silentLogger } from '../../src/core/log.js';
import { useTestDatabase } from '../helpers/db.js';
import { useTempDirs } from '../helpers/tmp.js';

const tempDir = useTempDirs();

function migrationDir(files: Record<string, string>): string {
  const dir = tempDir('holocron-mig-');
  for (const [name, sql] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), sql);
  return dir;
}

describe('migrate on an empty database', () => {
  const t = useTestDatabase({ empty: true });

  it('applies every migration once and records checksums', async () => {
    const files = loadMigrationFiles();
    const first = await migrate(t.db, silentLogger);
    expect(first.newlyApplied).toEqual(files.map((f) => f.file));
    const rows = await t.db.query<{ version: number; checksum: string }>('SELECT version, checksum FROM ops.schema_migrations ORDER BY version');
    expect(rows).toEqual(files.map((f) => ({ version: f.version, checksum: f.checksum })));
    const schemas = await t.db.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname IN ('goblin','skillweaver','petweaver','holocron','ops') ORDER BY 1`,
    );
    expect(schemas.map((s) => s.nspname)).toEqual(['goblin', 'holocron', 'ops', 'petweaver', 'skillweaver']);

    const second = await migrate(t.db, silentLogger);
    expect(second.newlyApplied).toEqual([]);
    expect((await migrationStatus(t.db)).pending).toEqual([]);
  });
});

describe('concurrent migrators', () => {
  const t = useTestDatabase({ empty: true });

  it('are serialised: all succeed and each migration is applied once', async () => {
    const pools = [1, 2, 3].map(() => createDatabase({ config: { ...t.server.admin, database: t.name }, describe: t.name }, silentLogger));
    try {
      const reports = await Promise.all(pools.map((db) => migrate(db, silentLogger)));
      const applied = reports.flatMap((r) => r.newlyApplied);
      expect(applied.sort()).toEqual(loadMigrationFiles().map((f) => f.file).sort());
    } finally {
      await Promise.all(pools.map((db) => db.close()));
    }
  });
});

describe('migration safety', () => {
  const t = useTestDatabase({ empty: true });

  it('rolls back a failing migration and keeps the ones before it', async () => {
    const dir = migrationDir({
      '0001_ok.sql': '-- 0001_ok\nCREATE TABLE public.kept (id int);',
      '0002_bad.sql': '-- 0002_bad\nCREATE TABLE public.half (id int);\nSELECT no_such_function();',
    });
    await expect(migrate(t.db, silentLogger, loadMigrationFiles(dir))).rejects.toThrow(/0002_bad.sql failed/);
    const tables = await t.db.query<{ t: string | null }>(`SELECT to_regclass('public.kept')::text AS t UNION ALL SELECT to_regclass('public.half')::text`);
    expect(tables.map((r) => r.t)).toEqual(['kept', null]);
    const versions = await t.db.query<{ version: number }>('SELECT version FROM ops.schema_migrations');
    expect(versions.map((v) => v.version)).toEqual([1]);
  });

  it('refuses to continue when an applied file was edited (exit 78)', async () => {
    const edited = migrationDir({ '0001_ok.sql': '-- 0001_ok\nCREATE TABLE public.kept (id bigint);' });
    const error = await migrate(t.db, silentLogger, loadMigrationFiles(edited)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(78);
    expect((error as Error).message).toMatch(/0001_ok.sql was changed/);
  });

  it('reads the shipped migrations from the package', () => {
    expect(fs.existsSync(path.join(MIGRATIONS_DIR, '0001_schemas.sql'))).toBe(true);
  });
});
