/**
 * `holocron ingest`: SavedVariables files → PostgreSQL, one transaction per
 * file. A file that cannot be parsed is kept (compressed) and reported with
 * file:line:column while every other file goes on; a DataStore module whose
 * DataStore.lua has not arrived waits, stored, and is read again once it has.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type pg from 'pg';
import type { Database } from '../db/pool.js';
import { DataError } from '../errors.js';
import { LockId, advisoryLockSql } from '../locks.js';
import type { Logger } from '../log.js';
import { readSavedVariables } from '../lua/saved-variables.js';
import { extract, readersFor, sniffGlobals } from './formats/index.js';
import { NeedsDataStoreIds } from './formats/reader.js';
import { DATASTORE_ID_KEYED } from './formats/datastore-current.js';
import type { CharacterRef, DataStoreIds, GuildRef } from './model.js';
import { expandInputs, type InputFile } from './paths.js';
import { storeExtract, type StoreCounts } from './store/apply.js';
import { movePlaces } from './store/current-places.js';

const KNOWN_FILE_NAME = /^(DataStore(_\w+)?|Syndicator|Baganator|Rematch)\.lua$/i;

export type FileStatus = 'ingested' | 'unchanged' | 'skipped' | 'rejected' | 'deferred' | 'failed';

export interface FileReport {
  path: string;
  account: string;
  status: FileStatus;
  formats: string[];
  sizeBytes: number;
  /** What was written; absent unless ingested. */
  counts?: StoreCounts;
  notes: string[];
  error?: string;
  ms: number;
}

export interface IngestSummary {
  files: FileReport[];
  /** Stacks written over all files. */
  stacks: number;
}

export interface IngestOptions {
  paths: readonly string[];
  account?: string;
  /** Read every stored file again (after a parser fix). */
  reprocess?: boolean;
}

export interface IngestDeps {
  db: Database;
  log: Logger;
  onFile?: (event: { index: number; total: number; path: string; phase: 'reading' | 'storing' | 'done'; report?: FileReport }) => void;
}

interface Loaded {
  input: InputFile;
  bytes: Buffer;
  sha256: Buffer;
  modifiedAt: Date;
  storedId?: number | undefined;
}

export async function ingest(options: IngestOptions, deps: IngestDeps): Promise<IngestSummary> {
  const reports: FileReport[] = [];
  if (options.reprocess) {
    reports.push(...(await reprocessStored(deps)));
  }
  const inputs = options.paths.length > 0 ? expandInputs(options.paths, options.account) : [];
  for (const [index, input] of inputs.entries()) {
    deps.onFile?.({ index, total: inputs.length, path: input.path, phase: 'reading' });
    const report = await ingestPath(input, deps);
    reports.push(report);
    deps.onFile?.({ index, total: inputs.length, path: input.path, phase: 'done', report });
  }
  for (const retried of await retryDeferred(deps)) {
    const earlier = reports.findIndex((r) => r.status === 'deferred' && r.path === retried.path);
    if (earlier >= 0) reports[earlier] = { ...retried, notes: ['read after DataStore.lua of the same run', ...retried.notes] };
    else reports.push({ ...retried, notes: ['waited for DataStore.lua since an earlier run; read now', ...retried.notes] });
  }
  const stacks = reports.reduce((sum, r) => sum + (r.counts?.stacks ?? 0), 0);
  if (stacks > 0) await tidy(deps);
  return { files: reports, stacks };
}

/**
 * Marks the new rows all-visible so search's index-only scans need not visit
 * the table (and refreshes the planner's statistics). Only new pages are read.
 */
async function tidy(deps: IngestDeps): Promise<void> {
  const started = Date.now();
  try {
    await deps.db.query('VACUUM (ANALYZE) holocron.item_stacks, holocron.current_places, holocron.current_item_totals, holocron.inventory_snapshots, holocron.item_names');
    deps.log.debug(`vacuum after ingest: ${Date.now() - started} ms`);
  } catch (error) {
    deps.log.debug(`vacuum after ingest skipped: ${(error as Error).message}`);
  }
}

async function ingestPath(input: InputFile, deps: IngestDeps): Promise<FileReport> {
  const started = Date.now();
  const report = (status: FileStatus, extra: Partial<FileReport> = {}): FileReport => ({
    path: input.path,
    account: input.account,
    status,
    formats: [],
    sizeBytes: 0,
    notes: input.accountGuessed ? [`account unknown from the path (not under WTF/Account/<name>); filed under "${input.account}" — use --account`] : [],
    ms: Date.now() - started,
    ...extra,
  });
  let bytes: Buffer;
  let modifiedAt: Date;
  try {
    bytes = fs.readFileSync(input.path);
    modifiedAt = fs.statSync(input.path).mtime;
  } catch (error) {
    return report('failed', { error: `${input.path}: cannot read: ${(error as Error).message}` });
  }
  const globals = sniffGlobals(bytes);
  // A file named like one we read is parsed even when the sniff finds nothing: cut off early, it must be rejected, not skipped.
  if (bytes.length > 0 && readersFor(globals).length === 0 && !KNOWN_FILE_NAME.test(path.basename(input.path))) {
    const seen = globals.slice(0, 4).join(', ') || 'no Lua assignments';
    return report('skipped', { sizeBytes: bytes.length, notes: [`not a DataStore, Syndicator or Rematch file (${seen}); skipped`] });
  }
  const loaded: Loaded = { input, bytes, sha256: createHash('sha256').update(bytes).digest(), modifiedAt };
  const stored = await deps.db.query<{ file_id: number; status: string }>('SELECT file_id, status FROM holocron.source_files WHERE sha256 = $1', [loaded.sha256]);
  if (stored[0]?.status === 'ingested') return report('unchanged', { sizeBytes: bytes.length, notes: ['already ingested (same SHA-256); nothing to do'] });
  loaded.storedId = stored[0]?.file_id;
  const result = await processFile(loaded, deps);
  return { ...result, notes: [...report('ingested').notes, ...result.notes], ms: Date.now() - started };
}

/** Parse, read and store one file; every outcome is recorded in holocron.source_files. */
async function processFile(file: Loaded, deps: IngestDeps): Promise<FileReport> {
  const started = Date.now();
  const base = { path: file.input.path, account: file.input.account, sizeBytes: file.bytes.length, formats: [] as string[], notes: [] as string[] };
  const label = file.input.path;
  let sv: ReturnType<typeof readSavedVariables>;
  try {
    sv = readSavedVariables(file.bytes, label);
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    await recordOutcome(deps.db, file, { status: 'rejected', error: error.message, formats: [], notes: [] });
    return { ...base, status: 'rejected', error: error.message, ms: Date.now() - started };
  }
  const fileTime = Math.floor(file.modifiedAt.getTime() / 1000);
  const needsIds = DATASTORE_ID_KEYED.some((g) => sv.has(g)) && !sv.has('DataStore_CharacterIDs');
  const dataStoreIds = needsIds ? await loadDataStoreIds(deps.db, file.input.account) : undefined;
  let found: ReturnType<typeof extract>;
  try {
    found = extract(sv, { account: file.input.account, fileTime, ...(dataStoreIds && { dataStoreIds }) });
  } catch (error) {
    if (error instanceof NeedsDataStoreIds) {
      await recordOutcome(deps.db, file, { status: 'deferred', error: error.message, formats: ['datastore'], notes: [] });
      return { ...base, status: 'deferred', formats: ['datastore'], notes: [`waiting: ${error.message}`], ms: Date.now() - started };
    }
    const message = `${label}: could not read the data (a holocron bug; the file is kept for --reprocess): ${(error as Error).message}`;
    await recordOutcome(deps.db, file, { status: 'rejected', error: message, formats: [], notes: [] });
    return { ...base, status: 'failed', error: message, ms: Date.now() - started };
  }
  if (found.formats.length === 0) {
    return { ...base, status: 'skipped', notes: [`no DataStore, Syndicator or Rematch data in it (${[...sv.keys()].slice(0, 4).join(', ') || 'nothing'}); skipped`], ms: Date.now() - started };
  }
  const parsedAt = Date.now();
  const counts = await deps.db.withTransaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${advisoryLockSql(LockId.ingest)})`);
    const again = await tx.query<{ status: string }>('SELECT status FROM holocron.source_files WHERE sha256 = $1', [file.sha256]);
    if (again.rows[0]?.status === 'ingested' && file.storedId === undefined) return undefined; // a concurrent run got there first
    const fileId = await recordFile(tx, file, { status: 'ingested', error: null, formats: found.formats, notes: found.notes });
    if (file.storedId !== undefined) await forgetFile(tx, fileId);
    const written = await storeExtract(tx, found, { fileId, account: file.input.account, fileTime });
    if (written.notes.length) await tx.query('UPDATE holocron.source_files SET notes = notes || $2::text[] WHERE file_id = $1', [fileId, written.notes]);
    return written;
  });
  if (!counts) return { ...base, status: 'unchanged', notes: ['ingested by a concurrent run'], ms: Date.now() - started };
  deps.log.debug(`${label}: parsed and read in ${parsedAt - started} ms, stored in ${Date.now() - parsedAt} ms`);
  return { ...base, status: 'ingested', formats: found.formats, counts, notes: [...found.notes, ...counts.notes], ms: Date.now() - started };
}

interface FileRecord {
  status: 'ingested' | 'rejected' | 'deferred';
  error: string | null;
  formats: string[];
  notes: string[];
}

/** Outside the ingest transaction: rejected and deferred files are kept even though nothing else is written. */
async function recordOutcome(db: Database, file: Loaded, record: FileRecord): Promise<void> {
  await db.withClient((client) => recordFile(client, file, record));
}

async function recordFile(client: pg.PoolClient, file: Loaded, record: FileRecord): Promise<number> {
  const account = await client.query<{ account_id: number }>(
    `WITH inserted AS (INSERT INTO holocron.accounts (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING account_id)
     SELECT account_id FROM inserted UNION ALL SELECT account_id FROM holocron.accounts WHERE name = $1`,
    [file.input.account],
  );
  const rows = await client.query<{ file_id: number }>(
    `INSERT INTO holocron.source_files (sha256, account_id, path, size_bytes, modified_at, content_gzip, formats, status, error, notes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (sha256) DO UPDATE SET
       path = EXCLUDED.path, account_id = EXCLUDED.account_id, formats = EXCLUDED.formats, status = EXCLUDED.status,
       error = EXCLUDED.error, notes = EXCLUDED.notes, processed_at = now()
     RETURNING file_id`,
    [
      file.sha256,
      account.rows[0]!.account_id,
      file.input.path,
      file.bytes.length,
      file.modifiedAt,
      gzipSync(file.bytes, { level: 6 }),
      record.formats,
      record.status,
      record.error,
      record.notes,
    ],
  );
  return rows.rows[0]!.file_id;
}

/**
 * Before a stored file is read again: drop what it wrote, and where that was a
 * location's current snapshot, make the newest remaining one current.
 */
async function forgetFile(tx: pg.PoolClient, fileId: number): Promise<void> {
  const removed = await tx.query<{ snapshot_id: number; owner_id: number; location: string; section: string; is_current: boolean }>(
    'DELETE FROM holocron.inventory_snapshots WHERE file_id = $1 RETURNING snapshot_id, owner_id, location, section, is_current',
    [fileId],
  );
  if (removed.rows.length === 0) return;
  await tx.query('DELETE FROM holocron.item_stacks WHERE snapshot_id = ANY($1)', [removed.rows.map((r) => r.snapshot_id)]);
  const orphaned = removed.rows.filter((r) => r.is_current);
  if (orphaned.length === 0) return;
  const promoted = await tx.query<{ snapshot_id: number }>(
    `UPDATE holocron.inventory_snapshots AS s SET is_current = true
     FROM (SELECT DISTINCT ON (owner_id, location, section) snapshot_id
           FROM holocron.inventory_snapshots
           WHERE (owner_id, location, section) IN (SELECT * FROM unnest($1::int[], $2::text[], $3::text[]))
           ORDER BY owner_id, location, section, observed_at DESC) AS newest
     WHERE s.snapshot_id = newest.snapshot_id
     RETURNING s.snapshot_id`,
    [orphaned.map((r) => r.owner_id), orphaned.map((r) => r.location), orphaned.map((r) => r.section)],
  );
  const promotedIds = promoted.rows.map((r) => r.snapshot_id);
  if (promotedIds.length) await tx.query('UPDATE holocron.item_stacks SET is_current = true WHERE snapshot_id = ANY($1)', [promotedIds]);
  await movePlaces(tx, { dropped: orphaned.map((r) => r.snapshot_id), added: promotedIds });
}

async function loadDataStoreIds(db: Database, account: string): Promise<DataStoreIds | undefined> {
  const rows = await db.query<{ kind: string; datastore_id: number; account: string; name: string; realm: string; guid: string | null }>(
    `SELECT d.kind, d.datastore_id, coalesce(ca.name, a.name) AS account,
            coalesce(c.name, g.name) AS name, coalesce(c.realm, g.realm) AS realm, c.guid
     FROM holocron.datastore_ids d
     JOIN holocron.accounts a ON a.account_id = d.account_id
     LEFT JOIN holocron.characters c ON c.owner_id = d.owner_id
     LEFT JOIN holocron.accounts ca ON ca.account_id = c.account_id
     LEFT JOIN holocron.guilds g ON g.owner_id = d.owner_id
     WHERE a.name = $1`,
    [account],
  );
  if (rows.length === 0) return undefined;
  const ids: DataStoreIds = { account, characters: new Map(), guilds: new Map() };
  for (const row of rows) {
    if (row.kind === 'character') {
      const ref: CharacterRef = { kind: 'character', account: row.account, realm: row.realm, name: row.name };
      if (row.guid) ref.guid = row.guid;
      ids.characters.set(row.datastore_id, ref);
    } else {
      ids.guilds.set(row.datastore_id, { kind: 'guild', realm: row.realm, name: row.name } satisfies GuildRef);
    }
  }
  return ids;
}

interface StoredFile {
  file_id: number;
  path: string;
  account: string;
  modified_at: Date;
  content_gzip: Buffer;
  sha256: Buffer;
}

async function storedFiles(db: Database, where: string, params: unknown[] = []): Promise<StoredFile[]> {
  return db.query<StoredFile>(
    `SELECT f.file_id, f.path, a.name AS account, f.modified_at, f.content_gzip, f.sha256
     FROM holocron.source_files f JOIN holocron.accounts a USING (account_id)
     WHERE ${where}
     ORDER BY (f.formats @> '{datastore}' AND f.status = 'ingested') DESC, f.modified_at, f.file_id`,
    params,
  );
}

async function replay(stored: StoredFile, deps: IngestDeps): Promise<FileReport> {
  const bytes = gunzipSync(stored.content_gzip);
  const input: InputFile = { path: stored.path, account: stored.account, accountGuessed: false };
  return processFile({ input, bytes, sha256: stored.sha256, modifiedAt: stored.modified_at, storedId: stored.file_id }, deps);
}

/** `--reprocess`: every stored file again, oldest first, each in its own transaction. */
async function reprocessStored(deps: IngestDeps): Promise<FileReport[]> {
  const files = await storedFiles(deps.db, 'true');
  const reports: FileReport[] = [];
  for (const [index, file] of files.entries()) {
    deps.onFile?.({ index, total: files.length, path: file.path, phase: 'reading' });
    const report = await replay(file, deps);
    reports.push({ ...report, notes: ['re-read from the stored copy', ...report.notes] });
    deps.onFile?.({ index, total: files.length, path: file.path, phase: 'done', report });
  }
  return reports;
}

/** Deferred DataStore modules whose account now has its ids. */
async function retryDeferred(deps: IngestDeps): Promise<FileReport[]> {
  const waiting = await storedFiles(
    deps.db,
    `f.status = 'deferred' AND EXISTS (SELECT 1 FROM holocron.datastore_ids d WHERE d.account_id = f.account_id)`,
  );
  const reports: FileReport[] = [];
  for (const file of waiting) reports.push(await replay(file, deps));
  return reports;
}
