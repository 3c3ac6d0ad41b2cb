import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { to as copyTo } from 'pg-copy-streams';
import type { Database } from '../db/pool.js';
import { DataError } from '../errors.js';

/**
 * Archives one partition as a gzip-compressed PostgreSQL COPY text file, plus a
 * manifest. The file is written under a temporary name, fsynced, renamed, then
 * read back and its rows counted: only an archive that holds exactly the
 * partition's rows counts as written. Restore with COPY FROM (see the manifest).
 */
export interface ArchiveResult {
  file: string;
  manifest: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  table: string;
  partition: string;
  day: string;
  rows: number;
  columns: string[];
  format: 'postgresql-copy-text+gzip';
  sha256: string;
  createdAt: string;
  restore: string;
}

export function archiveName(parent: string, day: string): string {
  return `${parent}_p${day.replaceAll('-', '')}.copy.gz`;
}

export async function archivePartition(db: Database, parent: string, partition: string, day: string, dir: string): Promise<ArchiveResult> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, archiveName(parent, day));
  const temporary = `${file}.${process.pid}.tmp`;
  const columns = await columnNames(db, partition);
  const [{ n: expected } = { n: 0 }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${partition}`);
  let exported = 0;
  const lineCounter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      exported += countNewlines(chunk);
      done(null, chunk);
    },
  });
  const hash = createHash('sha256');
  const hasher = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const columnList = columns.map((c) => `"${c}"`).join(', ');
  try {
    await db.withClient(async (client) => {
      const source = client.query(copyTo(`COPY ${partition} (${columnList}) TO STDOUT`));
      await pipeline(source, lineCounter, createGzip({ level: 6 }), hasher, fs.createWriteStream(temporary, { mode: 0o640 }));
    });
    const fd = fs.openSync(temporary, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    if (exported !== expected) throw new DataError(`archive of ${partition}: exported ${exported} rows, the partition holds ${expected}`);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  const readBack = await countArchivedRows(file);
  if (readBack !== expected) throw new DataError(`archive ${file} holds ${readBack} rows, the partition ${expected}; not dropping it`);
  const sha256 = hash.digest('hex');
  const manifestFile = file.replace(/\.copy\.gz$/, '.json');
  const manifest: Manifest = {
    table: parent,
    partition,
    day,
    rows: expected,
    columns,
    format: 'postgresql-copy-text+gzip',
    sha256,
    createdAt: new Date().toISOString(),
    restore: `SELECT ops.ensure_daily_partition('${parent}', '${day}'); then: gunzip -c ${path.basename(file)} | psql -c "COPY ${parent} (${columnList}) FROM STDIN"`,
  };
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return { file, manifest: manifestFile, rows: expected, bytes: fs.statSync(file).size, sha256 };
}

/** Rows in an archive: COPY text escapes newlines inside values, so one line is one row. */
export async function countArchivedRows(file: string): Promise<number> {
  let rows = 0;
  await pipeline(
    fs.createReadStream(file),
    createGunzip(),
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        rows += countNewlines(chunk);
        done();
      },
    }),
  );
  return rows;
}

function countNewlines(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n += 1;
  return n;
}

async function columnNames(db: Database, table: string): Promise<string[]> {
  const rows = await db.query<{ attname: string }>(
    `SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [table],
  );
  return rows.map((r) => r.attname);
}
