import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/tmp.js';
import { ConfigError } from '../../src/core/errors.js';
import { loadMigrationFiles, planMigrations, type AppliedMigration } from '../../src/core/db/migrate.js';

const tempDir = useTempDirs();

describe('migration files', () => {
  const files = loadMigrationFiles();

  it('are numbered contiguously from 0001 with unique versions', () => {
    expect(files.map((f) => f.version)).toEqual(files.map((_, i) => i + 1));
  });

  it('each start with a header comment saying what they do', () => {
    for (const file of files) expect(file.sql.startsWith(`-- ${file.file.replace('.sql', '')}`)).toBe(true);
  });

  it('rejects a gap in the numbering', () => {
    const dir = tempDir('holocron-mig-');
    fs.writeFileSync(path.join(dir, '0001_a.sql'), '-- a');
    fs.writeFileSync(path.join(dir, '0003_c.sql'), '-- c');
    expect(() => loadMigrationFiles(dir)).toThrow(/out of sequence/);
  });
});

describe('planMigrations', () => {
  const files = loadMigrationFiles();
  const applied = (overrides: Partial<AppliedMigration> = {}): AppliedMigration => ({
    version: 1,
    name: files[0]!.name,
    checksum: files[0]!.checksum,
    appliedAt: new Date(),
    ...overrides,
  });

  it('returns the files not applied yet', () => {
    expect(planMigrations(files, [])).toHaveLength(files.length);
    expect(planMigrations(files, [applied()])).toHaveLength(files.length - 1);
  });

  it('refuses an applied file whose checksum changed', () => {
    expect(() => planMigrations(files, [applied({ checksum: 'edited' })])).toThrow(ConfigError);
    expect(() => planMigrations(files, [applied({ checksum: 'edited' })])).toThrow(/changed after it was applied/);
  });

  it('refuses a database migrated by a newer holocron', () => {
    expect(() => planMigrations(files, [applied(), applied({ version: 999, name: 'future' })])).toThrow(/does not know/);
  });
});
