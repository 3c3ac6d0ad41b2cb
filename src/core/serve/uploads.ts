/**
 * POST /api/v1/files: a file from the gaming PC goes through the very ingest
 * of `holocron ingest` (routing by name, validation, one transaction per file,
 * the per-file report). The bytes land in a server-owned spool named by their
 * SHA-256; the client's name is only ever the last path component, checked.
 * Combat logs arrive in chunks appended at a byte offset, so a 1 GB log
 * resumes where it stopped, and are read whole once complete.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Database } from '../db/pool.js';
import type { FileReport, IngestSummary } from '../inventory/ingest.js';
import type { Logger } from '../log.js';
import { isCombatLog } from '../skillweaver/combatlog/ingest-log.js';
import { checkDeclaredSize, receiveBody } from './body.js';
import { HttpError, header, nameHeader } from './http.js';

export interface UploadDeps {
  db: Database;
  log: Logger;
  /** HOLOCRON_HOME/uploads */
  spoolDir: string;
  maxBody: number;
  /** Runs ingests one at a time (they share the account's rows and the courier). */
  serially: <T>(fn: () => Promise<T>) => Promise<T>;
  ingest: (paths: string[], account: string) => Promise<IngestSummary>;
  now: () => Date;
}

export type UploadStatus = 'ingested' | 'unchanged' | 'rejected' | 'partial';

export interface UploadAnswer {
  httpStatus: number;
  body: {
    status: UploadStatus;
    file?: FileReport;
    nextOffset?: number;
    receivedAt: string;
    warnings: string[];
  };
  /** Something was stored that the courier files may show. */
  changed: boolean;
}

const CLOCK_SKEW_WARNING_MS = 3600_000;

interface UploadHeaders {
  name: string;
  account: string;
  flavour: string;
  mtime: number | undefined;
}

export function uploadHeaders(req: IncomingMessage): UploadHeaders {
  const name = nameHeader(req, 'x-holocron-file-name') ?? '';
  if (!isSafeName(name)) throw new HttpError(400, 'X-Holocron-File-Name must be a plain file name (no path, no "..")');
  const account = nameHeader(req, 'x-holocron-account') ?? '';
  if (!/^[^\0\n\r/\\]{1,64}$/.test(account) || account === '.' || account === '..') throw new HttpError(400, 'X-Holocron-Account must be the WTF/Account folder name (1–64 characters)');
  const flavour = header(req, 'x-holocron-flavour') ?? '_retail_';
  if (!/^_[a-z0-9_]{1,30}_$/.test(flavour)) throw new HttpError(400, 'X-Holocron-Flavour must look like _retail_');
  const mtimeText = header(req, 'x-holocron-mtime');
  if (mtimeText !== undefined && !/^\d{1,15}$/.test(mtimeText)) throw new HttpError(400, 'X-Holocron-Mtime must be milliseconds since the epoch');
  return { name, account, flavour, mtime: mtimeText === undefined ? undefined : Number(mtimeText) };
}

export function isSafeName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && !/[/\\\0]/.test(name) && !name.includes('..') && name !== '.';
}

export async function handleUpload(req: IncomingMessage, deps: UploadDeps): Promise<UploadAnswer> {
  const meta = uploadHeaders(req);
  const offsetText = header(req, 'x-holocron-offset');
  if (offsetText !== undefined) return handleChunk(req, meta, offsetText, deps);
  checkDeclaredSize(req, deps.maxBody);
  const receivedAt = deps.now();
  const tmpDir = path.join(deps.spoolDir, 'incoming');
  fs.mkdirSync(tmpDir, { recursive: true, mode: 0o700 });
  const tmp = path.join(tmpDir, randomBytes(12).toString('hex'));
  let received;
  try {
    received = await receiveBody(req, tmp, { limit: deps.maxBody, flags: 'w' });
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  // Named by content: the same bytes under the same name are the same path, which ingest knows as unchanged.
  const dir = path.join(deps.spoolDir, received.sha256);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const spooled = path.join(dir, meta.name);
  fs.renameSync(tmp, spooled);
  if (meta.mtime !== undefined) fs.utimesSync(spooled, new Date(meta.mtime), new Date(meta.mtime));
  const answer = await ingestSpooled(spooled, meta, receivedAt, received.sha256, deps);
  // Stored files live on compressed in holocron.source_files; a rejected one stays here too, for inspection.
  if (answer.body.status !== 'rejected') fs.rmSync(dir, { recursive: true, force: true });
  return answer;
}

async function handleChunk(req: IncomingMessage, meta: UploadHeaders, offsetText: string, deps: UploadDeps): Promise<UploadAnswer> {
  if (!isCombatLog(meta.name)) throw new HttpError(400, 'X-Holocron-Offset is for combat logs (WoWCombatLog*.txt) only');
  const totalText = header(req, 'x-holocron-total-size');
  if (!/^\d{1,15}$/.test(offsetText) || !totalText || !/^\d{1,15}$/.test(totalText)) throw new HttpError(400, 'X-Holocron-Offset and X-Holocron-Total-Size must be byte counts');
  const offset = Number(offsetText);
  const total = Number(totalText);
  checkDeclaredSize(req, deps.maxBody);
  const key = createHash('sha256').update(`${meta.account}\0${meta.flavour}\0${meta.name}`).digest('hex');
  const dir = path.join(deps.spoolDir, 'logs', key);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const spooled = path.join(dir, meta.name);
  return withLogLock(key, async () => {
    let size = fileSize(spooled);
    // A shorter log than the spool is a new log under the old name (deleted, rotated): start over.
    if (total < size) {
      fs.truncateSync(spooled, 0);
      size = 0;
    }
    if (offset !== size) throw new HttpError(409, `expected offset ${size}`, { expectedOffset: size });
    const receivedAt = deps.now();
    await receiveBody(req, spooled, { limit: Math.min(deps.maxBody, total - offset), flags: 'a' });
    size = fileSize(spooled);
    if (size < total) return { httpStatus: 200, body: { status: 'partial' as const, nextOffset: size, receivedAt: receivedAt.toISOString(), warnings: [] }, changed: false };
    if (meta.mtime !== undefined) fs.utimesSync(spooled, new Date(meta.mtime), new Date(meta.mtime));
    return ingestSpooled(spooled, meta, receivedAt, null, deps);
  });
}

async function ingestSpooled(spooled: string, meta: UploadHeaders, receivedAt: Date, sha256: string | null, deps: UploadDeps): Promise<UploadAnswer> {
  const warnings: string[] = [];
  if (meta.mtime !== undefined && Math.abs(receivedAt.getTime() - meta.mtime) > CLOCK_SKEW_WARNING_MS) {
    warnings.push(`the file's mtime (${new Date(meta.mtime).toISOString()}) is more than an hour from the server's receive time (${receivedAt.toISOString()}): is the PC's clock right?`);
  }
  const summary = await deps.serially(() => deps.ingest([spooled], meta.account));
  const file = summary.files.find((f) => f.path === spooled) ?? summary.files[0];
  if (!file) throw new HttpError(500, 'ingest gave no report for the file');
  const { status, httpStatus } = outcome(file, warnings);
  await recordUpload(deps.db, { meta, receivedAt, sha256, size: file.sizeBytes, status, fileStatus: file.status }).catch((error) =>
    deps.log.warn(`upload not recorded in ops.uploads: ${(error as Error).message}`),
  );
  return { httpStatus, body: { status, file, receivedAt: receivedAt.toISOString(), warnings }, changed: file.status === 'ingested' || summary.stacks > 0 };
}

function outcome(file: FileReport, warnings: string[]): { status: UploadStatus; httpStatus: number } {
  switch (file.status) {
    case 'ingested':
      return { status: 'ingested', httpStatus: 200 };
    case 'deferred':
      warnings.push(`stored, read once the account's DataStore.lua arrives: ${file.notes.join('; ')}`);
      return { status: 'ingested', httpStatus: 200 };
    case 'unchanged':
      return { status: 'unchanged', httpStatus: 200 };
    case 'skipped':
      // Not a file holocron reads: nothing to store, and nothing the bridge should send again.
      warnings.push(`not read by holocron: ${[file.error, ...file.notes].filter(Boolean).join('; ') || 'unknown file'}`);
      return { status: 'unchanged', httpStatus: 200 };
    case 'rejected':
      return { status: 'rejected', httpStatus: 422 };
    case 'changed':
    case 'unreadable':
      throw new HttpError(503, file.error ?? `the spooled file was ${file.status}; send it again`, { file });
    default:
      throw new HttpError(500, file.error ?? 'ingest failed', { file });
  }
}

async function recordUpload(
  db: Database,
  r: { meta: UploadHeaders; receivedAt: Date; sha256: string | null; size: number; status: UploadStatus; fileStatus: string },
): Promise<void> {
  await db.withClient((client) =>
    client.query({
      name: 'serve_record_upload',
      text: `INSERT INTO ops.uploads (received_at, account, flavour, file_name, sha256, size_bytes, client_mtime, status, file_status)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      values: [r.receivedAt, r.meta.account, r.meta.flavour, r.meta.name, r.sha256, r.size, r.meta.mtime === undefined ? null : new Date(r.meta.mtime), r.status, r.fileStatus],
    }),
  );
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

const busyLogs = new Set<string>();

/** Two chunks of one log at once would both see the same size: the second is told where to go on. */
async function withLogLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  if (busyLogs.has(key)) throw new HttpError(409, 'another chunk of this log is being received', { expectedOffset: null });
  busyLogs.add(key);
  try {
    return await fn();
  } finally {
    busyLogs.delete(key);
  }
}
