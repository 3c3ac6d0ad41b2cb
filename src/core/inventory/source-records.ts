/**
 * holocron.source_files and source_contents: every file ingest read, with its
 * outcome, and its bytes (gzip) stored once however many accounts or paths
 * bring them, so `ingest --reprocess` can read them all again after an upgrade.
 */
import type pg from 'pg';
import type { Database } from '../db/pool.js';
import type { InputFile } from './paths.js';
import type { SourceFile } from './source-file.js';

export type StoredStatus = 'ingested' | 'rejected' | 'deferred' | 'failed';

export interface FileRecord {
  status: StoredStatus;
  error: string | null;
  formats: string[];
  notes: string[];
}

export interface KnownFile {
  fileId: number | undefined;
  status: StoredStatus | undefined;
  /** The bytes are stored already (maybe for another account or path). */
  contentStored: boolean;
}

/** What we know of this exact file: same account, same path, same bytes. */
export async function lookupFile(db: Database, input: InputFile, sha256: Buffer): Promise<KnownFile> {
  const rows = await db.query<{ file_id: number | null; status: StoredStatus | null; content_stored: boolean }>(
    `SELECT f.file_id, f.status, EXISTS (SELECT 1 FROM holocron.source_contents c WHERE c.sha256 = $3) AS content_stored
     FROM (SELECT 1) AS one
     LEFT JOIN holocron.accounts a ON a.name = $1
     LEFT JOIN holocron.source_files f ON f.account_id = a.account_id AND f.path = $2 AND f.sha256 = $3`,
    [input.account, input.path, sha256],
  );
  const row = rows[0]!;
  return { fileId: row.file_id ?? undefined, status: row.status ?? undefined, contentStored: row.content_stored };
}

/** Inside the file's transaction: has a concurrent run ingested this file meanwhile? */
export async function ingestedMeanwhile(tx: pg.PoolClient, input: InputFile, sha256: Buffer): Promise<boolean> {
  const rows = await tx.query(
    `SELECT 1 FROM holocron.source_files f JOIN holocron.accounts a USING (account_id)
     WHERE a.name = $1 AND f.path = $2 AND f.sha256 = $3 AND f.status = 'ingested'`,
    [input.account, input.path, sha256],
  );
  return rows.rows.length > 0;
}

/** Outside any ingest transaction: rejected, failed and deferred files are kept though nothing else is written. */
export async function recordOutcome(db: Database, input: InputFile, source: SourceFile, record: FileRecord, gzip: Buffer | undefined): Promise<number> {
  return db.withClient((client) => recordFile(client, input, source, record, gzip));
}

export async function recordFile(client: pg.PoolClient, input: InputFile, source: SourceFile, record: FileRecord, gzip: Buffer | undefined): Promise<number> {
  if (gzip) {
    await client.query(
      `INSERT INTO holocron.source_contents (sha256, size_bytes, content_gzip) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING`,
      [source.sha256, source.size, gzip],
    );
  }
  const account = await client.query<{ account_id: number }>(
    `WITH inserted AS (INSERT INTO holocron.accounts (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING account_id)
     SELECT account_id FROM inserted UNION ALL SELECT account_id FROM holocron.accounts WHERE name = $1`,
    [input.account],
  );
  const rows = await client.query<{ file_id: number }>(
    `INSERT INTO holocron.source_files (sha256, account_id, path, size_bytes, modified_at, formats, status, error, notes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (account_id, path, sha256) DO UPDATE SET
       formats = EXCLUDED.formats, status = EXCLUDED.status, error = EXCLUDED.error, notes = EXCLUDED.notes,
       modified_at = greatest(holocron.source_files.modified_at, EXCLUDED.modified_at), processed_at = now()
     RETURNING file_id`,
    [source.sha256, account.rows[0]!.account_id, input.path, source.size, source.modifiedAt, record.formats, record.status, record.error, record.notes],
  );
  return rows.rows[0]!.file_id;
}

export interface StoredFile {
  file_id: number;
  path: string;
  account: string;
  modified_at: Date;
  sha256: Buffer;
}

/** Stored files to read again, DataStore.lua files first; their bytes are fetched one at a time (storedContent). */
export async function storedFiles(db: Database, where: string, params: unknown[] = []): Promise<StoredFile[]> {
  return db.query<StoredFile>(
    `SELECT f.file_id, f.path, a.name AS account, f.modified_at, f.sha256
     FROM holocron.source_files f
     JOIN holocron.accounts a USING (account_id)
     WHERE ${where}
     ORDER BY (f.formats @> '{datastore}' AND f.status = 'ingested') DESC, f.modified_at, f.file_id`,
    params,
  );
}

export async function storedContent(db: Database, sha256: Buffer): Promise<Buffer> {
  const rows = await db.query<{ content_gzip: Buffer }>('SELECT content_gzip FROM holocron.source_contents WHERE sha256 = $1', [sha256]);
  return rows[0]!.content_gzip;
}
