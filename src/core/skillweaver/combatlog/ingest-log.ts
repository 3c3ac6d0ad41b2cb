/**
 * One WoWCombatLog*.txt through `holocron ingest`: one transaction per file,
 * reported like a SavedVariables file (FileReport). A file is known by the
 * hash of its first bytes: read to its end before, it is left alone; grown
 * since, the read continues at the stored offset; new, it is read whole.
 * Bad lines never stop a file: they are counted and reported by line number.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import type { Database } from '../../db/pool.js';
import { DataError } from '../../errors.js';
import type { FileReport } from '../../inventory/ingest.js';
import { classifyFailure } from '../../inventory/ingest-failure.js';
import type { InputFile } from '../../inventory/paths.js';
import { unreadableReason } from '../../inventory/source-file.js';
import { LockId, advisoryLockSql } from '../../locks.js';
import type { Logger } from '../../log.js';
import { LogDigest } from './digest.js';
import { readCombatLog, type ReadResult } from './reader.js';
import { storeDigest, type CombatLogCounts } from './store.js';

export const COMBAT_LOG_NAME = /^WoWCombatLog.*\.txt$/i;
/** How many first bytes identify a log while it grows. */
const HEAD_BYTES = 64 * 1024;
const LINE_START = /^\d{1,2}\/\d{1,2}(\/\d{4})? \d{1,2}:\d\d:\d\d\.\d+\S*  [A-Z_]+,/;

/** What the run reports for a combat log (FileReport.combatLog). */
export interface CombatLogReport extends CombatLogCounts {
  /** Where this read started and ended (bytes). */
  fromOffset: number;
  toOffset: number;
  lines: number;
  brokenLines: number[];
  brokenCount: number;
  /** The file ends mid-line at this line (kept for when the rest arrives). */
  cutLine?: number;
  versions: number[];
}

/** A combat log by its name, or by a first line that looks like one (logs renamed or cut out). */
export function isCombatLog(file: string): boolean {
  if (COMBAT_LOG_NAME.test(path.basename(file))) return true;
  if (!file.toLowerCase().endsWith('.txt')) return false;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(256);
      const n = fs.readSync(fd, head, 0, head.length, 0);
      return LINE_START.test(head.toString('latin1', 0, n).replace(/^\uFEFF/, ''));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

interface StoredLog {
  log_file_id: number;
  size_bytes: number;
  resume_offset: number;
  resume_lines: number;
  log_version: number | null;
}

export async function ingestCombatLog(input: InputFile, deps: { db: Database; log: Logger }): Promise<FileReport> {
  const started = Date.now();
  const base = { path: input.path, account: input.account, formats: ['combatlog'], sizeBytes: 0, notes: [] as string[] };
  const done = (status: FileReport['status'], extra: Partial<FileReport> = {}): FileReport => ({ ...base, status, ms: Date.now() - started, ...extra });
  let fd: number;
  try {
    fd = fs.openSync(input.path, 'r');
  } catch (error) {
    return done('unreadable', { error: `${input.path}: ${unreadableReason(input.path, error)}` });
  }
  try {
    const stat = fs.fstatSync(fd);
    base.sizeBytes = stat.size;
    if (stat.size === 0) return done('skipped', { notes: ['empty combat log (logging just started?); nothing to read'] });
    const result = await deps.db.withTransaction((tx) => readIntoDatabase(tx, fd, input.path, stat));
    if (result.status !== 'ingested') return done(result.status, { notes: result.notes });
    return done('ingested', { notes: result.notes, combatLog: result.report });
  } catch (error) {
    const failure = classifyFailure(error, { path: input.path, bytes: () => Buffer.alloc(0), target: deps.db.target });
    if (failure.status === 'failed') deps.log.error(`${input.path}: ${(error as Error)?.stack ?? String(error)}`);
    return done(failure.status, { error: failure.message });
  } finally {
    fs.closeSync(fd);
  }
}

type Outcome = { status: 'ingested'; notes: string[]; report: CombatLogReport } | { status: 'unchanged'; notes: string[] };

async function readIntoDatabase(tx: pg.PoolClient, fd: number, file: string, stat: fs.Stats): Promise<Outcome> {
  // Serialised with SavedVariables ingests and other runs reading the same log.
  await tx.query(`SELECT pg_advisory_xact_lock(${advisoryLockSql(LockId.ingest)})`);
  const size = stat.size;
  const stored = await findStored(tx, fd, size);
  if (stored && stored.size_bytes === size) return { status: 'unchanged', notes: ['already read to its end (same first bytes and size); nothing to do'] };
  if (stored && size < stored.resume_offset) return { status: 'unchanged', notes: ['shorter than when it was last read (same first bytes); left as stored'] };
  const from = stored?.resume_offset ?? 0;
  const digest = new LogDigest();
  const modified = stat.mtime;
  const read = readCombatLog(
    fd,
    { from, linesBefore: stored?.resume_lines ?? 0, size, years: { year: modified.getUTCFullYear(), month: modified.getUTCMonth() + 1 }, wantedNames: digest.wantedNames },
    digest.add,
  );
  digest.finish();
  if (!stored && read.brokenCount > 0 && read.brokenCount === read.lines) {
    throw new DataError(`${file}:${read.brokenLines[0] ?? 1}: not a combat log line (expected "<M/D[/YYYY] HH:MM:SS.mmm>  EVENT,…")`);
  }
  const logFileId = stored?.log_file_id ?? (await insertFile(tx, fd, file, size));
  const counts = await storeDigest(tx, digest, logFileId);
  const resume = digest.resumePoint(read.endOffset, read.lines);
  const notes = [...readNotes(read, from, stored !== undefined), ...digest.notes];
  await tx.query(
    `UPDATE skillweaver.combat_log_files SET
       path = $2, size_bytes = $3, resume_offset = $4, resume_lines = $5, log_version = coalesce($6, log_version),
       unknown_versions = ARRAY(SELECT DISTINCT unnest(unknown_versions || $7::int[])), cut_line = $8,
       broken_lines = (broken_lines || $9::bigint[])[1:1000], broken_count = broken_count + $10,
       notes = notes || $11::text[], first_event_at = coalesce(first_event_at, $12), last_event_at = coalesce($13, last_event_at), last_read_at = now()
     WHERE log_file_id = $1`,
    [
      logFileId, file, size, resume.offset, resume.lines, digest.version ?? stored?.log_version ?? null, read.unknownVersions, read.cutLine ?? null,
      read.brokenLines, read.brokenCount, notes, digest.firstAt === undefined ? null : new Date(digest.firstAt), digest.lastAt === undefined ? null : new Date(digest.lastAt),
    ],
  );
  const report: CombatLogReport = {
    ...counts,
    fromOffset: from,
    toOffset: read.endOffset,
    lines: read.lines,
    brokenLines: read.brokenLines.slice(0, 20),
    brokenCount: read.brokenCount,
    ...(read.cutLine !== undefined && { cutLine: read.cutLine }),
    versions: read.versions,
  };
  return { status: 'ingested', notes, report };
}

function readNotes(read: ReadResult, from: number, continued: boolean): string[] {
  const notes: string[] = [];
  if (continued) notes.push(`the log has grown since it was last read: continued from byte ${from}`);
  if (read.brokenCount > 0) {
    const listed = read.brokenLines.slice(0, 10).join(', ');
    notes.push(`${read.brokenCount} broken line(s) skipped (cut short, e.g. by a crash): line ${listed}${read.brokenCount > 10 ? ', …' : ''}`);
  }
  if (read.cutLine !== undefined) notes.push(`the file ends mid-line (line ${read.cutLine}): the complete lines are stored; that line is read when the log grows`);
  if (read.unknownVersions.length) notes.push(`COMBAT_LOG_VERSION ${read.unknownVersions.join(', ')} is not one we know (20–22): read what matches the known layouts`);
  if (read.nonUtf8Names > 0) notes.push(`${read.nonUtf8Names} name(s) were not UTF-8; stored byte for byte (one character per byte)`);
  return notes;
}

function headHash(fd: number, bytes: number): Buffer {
  const head = Buffer.alloc(bytes);
  const got = fs.readSync(fd, head, 0, bytes, 0);
  return createHash('sha256').update(head.subarray(0, got)).digest();
}

async function findStored(tx: pg.PoolClient, fd: number, size: number): Promise<StoredLog | undefined> {
  const lengths = await tx.query<{ head_bytes: number }>('SELECT DISTINCT head_bytes FROM skillweaver.combat_log_files WHERE head_bytes <= $1', [size]);
  for (const { head_bytes } of lengths.rows) {
    const hash = headHash(fd, head_bytes);
    const { rows } = await tx.query<StoredLog>(
      `SELECT log_file_id, size_bytes, resume_offset, resume_lines, log_version FROM skillweaver.combat_log_files
       WHERE head_sha256 = $1 AND head_bytes = $2 FOR UPDATE`,
      [hash, head_bytes],
    );
    if (rows[0]) return rows[0];
  }
  return undefined;
}

async function insertFile(tx: pg.PoolClient, fd: number, file: string, size: number): Promise<number> {
  const bytes = Math.min(size, HEAD_BYTES);
  const { rows } = await tx.query<{ log_file_id: number }>(
    `INSERT INTO skillweaver.combat_log_files (head_sha256, head_bytes, path, size_bytes, resume_offset, resume_lines)
     VALUES ($1, $2, $3, $4, 0, 0) RETURNING log_file_id`,
    [headHash(fd, bytes), bytes, file, size],
  );
  return rows[0]!.log_file_id;
}
