/**
 * What went wrong with one file, in the terms the run reports: every failure
 * is settled per file so the other files still ingest. Only a database that
 * can no longer be reached stops the run (nothing else could be stored).
 */
import { AppError, DataError } from '../errors.js';
import { translatePgError } from '../db/pool.js';
import { fieldPath } from '../lua/field-path.js';
import { locateField, type SavedVariables } from '../lua/saved-variables.js';
import { BadFieldError } from './formats/fields.js';
import { NeedsDataStoreIds } from './formats/reader.js';
import { FileChangedError, UnreadableFileError } from './source-file.js';

export type FailureStatus = 'rejected' | 'deferred' | 'unreadable' | 'changed' | 'failed';

export interface Failure {
  status: FailureStatus;
  message: string;
  /** Whether the file is recorded (and its bytes kept) for a later run. */
  keep: boolean;
}

export interface FailureContext {
  path: string;
  /** The parsed file, when the failure came after the parse. */
  sv?: SavedVariables | undefined;
  /** The file's bytes, read only when a bad value must be located. */
  bytes: () => Buffer;
  target: string;
}

export function classifyFailure(error: unknown, ctx: FailureContext): Failure {
  if (error instanceof NeedsDataStoreIds) return { status: 'deferred', message: error.message, keep: true };
  if (error instanceof FileChangedError) return { status: 'changed', message: error.message, keep: false };
  if (error instanceof UnreadableFileError) return { status: 'unreadable', message: error.message, keep: false };
  if (error instanceof BadFieldError) return { status: 'rejected', message: locateBadField(error, ctx), keep: true };
  if (error instanceof DataError) return { status: 'rejected', message: error.message, keep: true };
  const translated = translatePgError(error, ctx.target);
  if (translated !== error || error instanceof AppError) throw translated;
  const sqlState = (error as { code?: unknown }).code;
  if (typeof sqlState === 'string' && /^(22|23)/.test(sqlState)) {
    // Data exceptions and integrity violations: the file holds something the checks did not catch.
    return { status: 'rejected', message: `${ctx.path}: PostgreSQL refused its data (SQLSTATE ${sqlState}): ${(error as Error).message}`, keep: true };
  }
  return {
    status: 'failed',
    message: `${ctx.path}: unexpected error (this is a bug, please report it; the file is kept and \`ingest --reprocess\` reads it again once fixed): ${(error as Error)?.message ?? String(error)}`,
    keep: true,
  };
}

/** file:line:column: path: problem, e.g. `Baganator.lua:7:5: BAGANATOR_DATA.Characters["Alt-Realm"].bags[1][1].itemCount: …`. */
function locateBadField(error: BadFieldError, ctx: FailureContext): string {
  const where = error.table.at >= 0 ? locateField(ctx.bytes(), error.table.at, error.key) : undefined;
  const path = ctx.sv ? fieldPath(ctx.sv, error.table, error.key) : undefined;
  return `${ctx.path}${where ? `:${where.line}:${where.column}` : ''}: ${path ? `${path}: ` : ''}${error.problem}`;
}
