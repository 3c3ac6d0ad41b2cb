/**
 * A TradeSkillMaster.lua on its way through `holocron ingest`: its
 * accounting into goblin.ledger, in the file's one transaction, with the
 * same per-file record and report as any SavedVariables file. Called by the
 * inventory's ingest once the file has parsed (a file that does not parse is
 * rejected there, with its line and column).
 */
import type { Database } from '../../db/pool.js';
import { LockId, advisoryLockSql } from '../../locks.js';
import type { Logger } from '../../log.js';
import type { SavedVariables } from '../../lua/saved-variables.js';
import type { FileReport } from '../../inventory/ingest.js';
import type { InputFile } from '../../inventory/paths.js';
import type { SourceFile } from '../../inventory/source-file.js';
import { ingestedMeanwhile, recordFile } from '../../inventory/source-records.js';
import { storeLedger, type LedgerCounts } from './store.js';
import { readTsmAccounting } from './tsm-accounting.js';

export const TSM_FORMAT = 'tsm-accounting';

export interface TsmFile {
  input: InputFile;
  source: SourceFile;
  sv: SavedVariables;
  /** Set when this exact file was recorded before (a re-read). */
  storedId: number | undefined;
  /** The gzip of the file for holocron.source_contents; undefined when stored already. */
  content: () => Promise<Buffer | undefined>;
}

export async function ingestTsmFile(file: TsmFile, deps: { db: Database; log: Logger }): Promise<FileReport> {
  const started = Date.now();
  const base = { path: file.input.path, account: file.input.account, sizeBytes: file.source.size, formats: [TSM_FORMAT] };
  const found = readTsmAccounting(file.sv);
  const readMs = Date.now() - started;
  const content = await file.content();
  const compressMs = Date.now() - started - readMs;
  const storeTimings: Record<string, number> = {};
  const counts = await deps.db.withTransaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${advisoryLockSql(LockId.ingest)})`);
    if (file.storedId === undefined && (await ingestedMeanwhile(tx, file.input, file.source.sha256))) return undefined;
    const fileId = await recordFile(tx, file.input, file.source, { status: 'ingested', error: null, formats: [TSM_FORMAT], notes: found.notes }, content);
    const stored = await storeLedger(tx, found.rows, { account: file.input.account, fileId }, storeTimings);
    return { ...stored, skipped: found.skipped.length } satisfies LedgerCounts;
  });
  const ms = Date.now() - started;
  if (!counts) return { ...base, status: 'unchanged', notes: ['ingested by a concurrent run'], ms };
  const timings = { 'read accounting': readMs, 'compress wait': compressMs, store: ms - readMs - compressMs, ...storeTimings };
  return { ...base, status: 'ingested', ledger: counts, notes: found.notes, ms, timings };
}
