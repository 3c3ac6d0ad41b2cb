/**
 * `holocron ingest`: SavedVariables files → PostgreSQL, one transaction per
 * file. Whatever goes wrong with one file — it cannot be read, does not parse,
 * holds a value no column can take, or the database refuses it — is settled
 * for that file alone: rolled back, reported with its name and reason, kept
 * (compressed) when it could be read, and the run goes on. A DataStore module
 * whose DataStore.lua has not arrived waits, stored, and is read again once
 * it has.
 */
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type pg from 'pg';
import type { Database } from '../db/pool.js';
import { reconcileJobs, type ReconcileReport } from '../liquidation/jobs.js';
import { LockId, advisoryLockSql } from '../locks.js';
import type { Logger } from '../log.js';
import type { SavedVariables } from '../lua/saved-variables.js';
import { extract, readersFor } from './formats/index.js';
import { DATASTORE_ID_KEYED } from './formats/datastore-current.js';
import { classifyFailure, type Failure } from './ingest-failure.js';
import type { CharacterRef, DataStoreIds, Extract, GuildRef } from './model.js';
import { DEFAULT_ACCOUNT, expandInputs, type InputFile, type InputProblem } from './paths.js';
import { closeSourceFile, compressSourceFile, openSourceFile, parseSourceFile, sourceBytes, sourceFromBytes, UnreadableFileError, type SourceFile } from './source-file.js';
import { ingestedMeanwhile, lookupFile, recordFile, recordOutcome, storedContent, storedFiles, type StoredFile } from './source-records.js';
import { storeExtract, type StoreCounts } from './store/apply.js';
import { readHead, STDIN_PATH } from '../skillweaver/simc/ingest.js';
import { simcFileReport } from '../skillweaver/simc/file-report.js';
import { looksLikeSimcExport } from '../skillweaver/simc/reader.js';
import type { StoredProfile } from '../skillweaver/simc/store.js';
import { movePlaces } from './store/current-places.js';
import { validateExtract } from './validate-extract.js';
import { ingestCombatLog, isCombatLog, type CombatLogReport } from '../skillweaver/combatlog/ingest-log.js';
import { ingestTsmFile } from '../goblin/ledger/ingest-file.js';
import type { LedgerCounts } from '../goblin/ledger/store.js';
import { isTsmFile, TSM_GLOBAL } from '../goblin/ledger/tsm-accounting.js';

const KNOWN_FILE_NAME = /^(DataStore(_\w+)?|Syndicator|Baganator|Rematch|Holocron|TradeSkillMaster)\.lua$/i;

export type FileStatus = 'ingested' | 'unchanged' | 'skipped' | 'deferred' | 'rejected' | 'unreadable' | 'changed' | 'failed';

export interface FileReport {
  path: string;
  account: string;
  status: FileStatus;
  formats: string[];
  sizeBytes: number;
  /** What was written; absent unless ingested. */
  counts?: StoreCounts;
  /** What a /simc export wrote (formats ['simc']). */
  simc?: StoredProfile;
  notes: string[];
  error?: string;
  ms: number;
  /** Where the time went, per phase (ms). */
  timings?: Record<string, number>;
  /** What a combat log gave (WoWCombatLog*.txt); absent for SavedVariables. */
  combatLog?: CombatLogReport;
  /** What a TradeSkillMaster.lua's accounting gave goblin.ledger. */
  ledger?: LedgerCounts;
}

export interface IngestSummary {
  files: FileReport[];
  /** Stacks written over all files. */
  stacks: number;
  /** Logistics jobs the new inventories closed. */
  jobs: ReconcileReport;
}

export interface IngestOptions {
  paths: readonly string[];
  account?: string;
  /** Read every stored file again (after a parser fix). */
  reprocess?: boolean;
  /** `holocron ingest -`: a /simc export read from stdin. */
  stdin?: Buffer;
}

export interface IngestDeps {
  db: Database;
  log: Logger;
  onFile?: (event: { index: number; total: number; path: string; phase: 'reading' | 'storing' | 'done'; report?: FileReport }) => void;
}

/** One file on its way in: where it came from and what is known of it. */
interface Loaded {
  input: InputFile;
  source: SourceFile;
  /** The file's row when this exact file was stored before (re-reads, earlier rejections). */
  storedId?: number | undefined;
  /** Its bytes are in holocron.source_contents already. */
  contentStored: boolean;
}

export async function ingest(options: IngestOptions, deps: IngestDeps): Promise<IngestSummary> {
  const reports: FileReport[] = [];
  if (options.reprocess) reports.push(...(await reprocessStored(deps)));
  if (options.stdin) {
    const account = { account: options.account ?? DEFAULT_ACCOUNT, accountExplicit: options.account !== undefined };
    reports.push(await simcFileReport({ path: STDIN_PATH, size: options.stdin.length, bytes: () => options.stdin!, ...account, observedAt: new Date() }, deps));
  }
  const inputs = options.paths.length > 0 ? expandInputs(options.paths, options.account) : { files: [], problems: [] };
  for (const problem of inputs.problems) reports.push(problemReport(problem));
  for (const [index, input] of inputs.files.entries()) {
    deps.onFile?.({ index, total: inputs.files.length, path: input.path, phase: 'reading' });
    const report = await ingestPath(input, deps);
    reports.push(report);
    deps.onFile?.({ index, total: inputs.files.length, path: input.path, phase: 'done', report });
  }
  for (const retried of await retryDeferred(deps)) {
    const earlier = reports.findIndex((r) => r.status === 'deferred' && r.path === retried.path);
    if (earlier >= 0) reports[earlier] = { ...retried, notes: ['read after DataStore.lua of the same run', ...retried.notes] };
    else reports.push({ ...retried, notes: ['waited for DataStore.lua since an earlier run; read now', ...retried.notes] });
  }
  const stacks = reports.reduce((sum, r) => sum + (r.counts?.stacks ?? 0), 0);
  if (stacks > 0) await tidy(deps);
  // A job is done when an inventory shows its items moved: this is that moment.
  const changed = reports.some((r) => r.status === 'ingested');
  const jobs = changed ? await reconcileJobs(deps.db) : { done: 0, cancelled: 0 };
  return { files: reports, stacks, jobs };
}

/**
 * Fresh statistics for the tables search plans against, so a first ingest is
 * not searched with the plans of an empty table. Vacuuming is left to
 * autovacuum: search reads the places' heap for the few places it lists, so
 * it gains nothing from an all-visible map (vacuuming cost a first ingest
 * 0.1–0.5 s).
 */
async function tidy(deps: IngestDeps): Promise<void> {
  const started = Date.now();
  try {
    await deps.db.query('ANALYZE holocron.current_places, holocron.current_item_totals, holocron.inventory_snapshots');
    deps.log.debug(`analyze after ingest: ${Date.now() - started} ms`);
  } catch (error) {
    deps.log.debug(`analyze after ingest skipped: ${(error as Error).message}`);
  }
}

function problemReport(problem: InputProblem): FileReport {
  return { path: problem.path, account: problem.account, status: 'unreadable', formats: [], sizeBytes: 0, notes: [], error: `${problem.path}: ${problem.reason}`, ms: 0 };
}

async function ingestPath(input: InputFile, deps: IngestDeps): Promise<FileReport> {
  if (isCombatLog(input.path)) return ingestCombatLog(input, deps);
  const started = Date.now();
  const pathNotes = input.accountGuessed ? [`account unknown from the path (not under WTF/Account/<name>); filed under "${input.account}" — use --account`] : [];
  const report = (status: FileStatus, extra: Partial<FileReport> = {}): FileReport => ({
    path: input.path,
    account: input.account,
    status,
    formats: [],
    sizeBytes: 0,
    notes: pathNotes,
    ms: Date.now() - started,
    ...extra,
  });
  let source: SourceFile;
  try {
    source = openSourceFile(input.path);
  } catch (error) {
    if (error instanceof UnreadableFileError) return report('unreadable', { error: error.message });
    throw error;
  }
  try {
    if (source.fd !== undefined && readersFor(source.globals).length === 0 && looksLikeSimcExport(readHead(source.fd))) {
      const simc = { path: input.path, size: source.size, bytes: () => sourceBytes(source), account: input.account, accountExplicit: !input.accountGuessed, observedAt: source.modifiedAt };
      return { ...(await simcFileReport(simc, deps)), ms: Date.now() - started };
    }
    // A file named like one we read is parsed even when the sniff finds nothing: cut off early, it must be rejected, not skipped.
    if (source.size > 0 && readersFor(source.globals).length === 0 && !isTsmFile(source.globals) && !KNOWN_FILE_NAME.test(path.basename(input.path))) {
      const seen = source.globals.slice(0, 4).join(', ') || 'no Lua assignments';
      return report('skipped', { sizeBytes: source.size, notes: [`not a DataStore, Syndicator, Rematch or Holocron file (${seen}); skipped`] });
    }
    const known = await lookupFile(deps.db, input, source.sha256);
    if (known.status === 'ingested') return report('unchanged', { sizeBytes: source.size, notes: ['already ingested (same account, path and SHA-256); nothing to do'] });
    const result = await processFile({ input, source, storedId: known.fileId, contentStored: known.contentStored }, deps);
    return { ...result, notes: [...pathNotes, ...result.notes], ms: Date.now() - started };
  } finally {
    closeSourceFile(source);
  }
}

/** Parse, read and store one file; every outcome but an unreadable or changing file is recorded in holocron.source_files. */
async function processFile(file: Loaded, deps: IngestDeps): Promise<FileReport> {
  const started = Date.now();
  const timings: Record<string, number> = {};
  const lap = (phase: string, since: number) => {
    timings[phase] = Date.now() - since;
    return Date.now();
  };
  const base = { path: file.input.path, account: file.input.account, sizeBytes: file.source.size, formats: [] as string[], notes: [] as string[] };
  // Started before the parse so the compression runs on the other core meanwhile.
  const gzip = file.contentStored ? undefined : compressSourceFile(file.source);
  gzip?.catch(() => undefined);
  let sv: SavedVariables | undefined;
  let found: Extract | undefined;
  try {
    let at = started;
    sv = parseSourceFile(file.source);
    at = lap('parse', at);
    if (sv.has(TSM_GLOBAL)) {
      const tsm = await ingestTsmFile({ input: file.input, source: file.source, sv, storedId: file.storedId, content: async () => (gzip ? await gzip : undefined) }, deps);
      return { ...tsm, notes: tsm.notes, ms: Date.now() - started, timings: { ...timings, ...tsm.timings } };
    }
    const fileTime = Math.floor(file.source.modifiedAt.getTime() / 1000);
    const needsIds = DATASTORE_ID_KEYED.some((g) => sv!.has(g)) && !sv.has('DataStore_CharacterIDs');
    const dataStoreIds = needsIds ? await loadDataStoreIds(deps.db, file.input.account) : undefined;
    found = extract(sv, { account: file.input.account, fileTime, ...(dataStoreIds && { dataStoreIds }) });
    if (found.formats.length === 0) {
      return { ...base, status: 'skipped', notes: [`no DataStore, Syndicator, Rematch or Holocron data in it (${[...sv.keys()].slice(0, 4).join(', ') || 'nothing'}); skipped`], ms: Date.now() - started };
    }
    validateExtract(found);
    at = lap('extract', at);
    const content = gzip ? await gzip : undefined;
    at = lap('compress wait', at);
    const extracted = found;
    const counts = await deps.db.withTransaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${advisoryLockSql(LockId.ingest)})`);
      if (file.storedId === undefined && (await ingestedMeanwhile(tx, file.input, file.source.sha256))) return undefined;
      const fileId = await recordFile(tx, file.input, file.source, { status: 'ingested', error: null, formats: extracted.formats, notes: extracted.notes }, content);
      if (file.storedId !== undefined) await forgetFile(tx, fileId);
      const written = await storeExtract(tx, extracted, { fileId, account: file.input.account, fileTime }, timings);
      if (written.notes.length) await tx.query('UPDATE holocron.source_files SET notes = notes || $2::text[] WHERE file_id = $1', [fileId, written.notes]);
      return written;
    });
    lap('store', at);
    if (!counts) return { ...base, status: 'unchanged', notes: ['ingested by a concurrent run'], ms: Date.now() - started };
    deps.log.debug(`${file.input.path}: ${Object.entries(timings).map(([phase, ms]) => `${phase} ${ms} ms`).join(', ')}`);
    return { ...base, status: 'ingested', formats: found.formats, counts, notes: [...found.notes, ...counts.notes], ms: Date.now() - started, timings };
  } catch (error) {
    const failure = classifyFailure(error, { path: file.input.path, sv, bytes: () => sourceBytes(file.source), target: deps.db.target });
    await keepFailedFile(file, failure, gzip, deps);
    if (failure.status === 'failed') deps.log.error(`${file.input.path}: ${(error as Error)?.stack ?? String(error)}`);
    const formats = failure.status === 'deferred' ? ['datastore'] : (found?.formats ?? []);
    const notes = failure.status === 'deferred' ? [`waiting: ${failure.message}`] : [];
    return { ...base, status: failure.status, formats, notes, ...(failure.status !== 'deferred' && { error: failure.message }), ms: Date.now() - started };
  }
}

/** Rejected, failed and waiting files are kept, bytes and all, for a later run to read again. */
async function keepFailedFile(file: Loaded, failure: Failure, gzip: Promise<Buffer> | undefined, deps: IngestDeps): Promise<void> {
  if (!failure.keep) return;
  let content: Buffer | undefined;
  try {
    content = gzip ? await gzip : undefined;
  } catch {
    return; // The file changed or vanished while it was compressed: nothing trustworthy to keep.
  }
  if (!file.contentStored && !content) return;
  const status = failure.status === 'deferred' ? 'deferred' : failure.status === 'failed' ? 'failed' : 'rejected';
  await recordOutcome(deps.db, file.input, file.source, { status, error: failure.message, formats: failure.status === 'deferred' ? ['datastore'] : [], notes: [] }, content);
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

async function replay(stored: StoredFile, deps: IngestDeps): Promise<FileReport> {
  const bytes = gunzipSync(await storedContent(deps.db, stored.sha256));
  const input: InputFile = { path: stored.path, account: stored.account, accountGuessed: false };
  const source = sourceFromBytes(stored.path, bytes, stored.modified_at, stored.sha256);
  return processFile({ input, source, storedId: stored.file_id, contentStored: true }, deps);
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
