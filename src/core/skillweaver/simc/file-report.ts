/**
 * A /simc export as one line of `holocron ingest`'s report, beside the
 * SavedVariables files: the same statuses, the same exit codes.
 */
import type { Database } from '../../db/pool.js';
import type { FileReport } from '../../inventory/ingest.js';
import type { Logger } from '../../log.js';
import { ingestSimcExport, SIMC_MAX_BYTES, STDIN_PATH, type SimcInput } from './ingest.js';
import { looksLikeSimcExport } from './reader.js';

/** `bytes` is called only for an input of a plausible size. */
export async function simcFileReport(
  input: Omit<SimcInput, 'bytes'> & { size: number; bytes: () => Buffer },
  deps: { db: Database; log: Logger },
): Promise<FileReport> {
  const started = Date.now();
  const base = { path: input.path, account: input.account, formats: ['simc'], sizeBytes: input.size };
  const name = input.path === STDIN_PATH ? 'stdin' : input.path;
  if (input.size > SIMC_MAX_BYTES) {
    const error = `${name}: ${input.size} bytes is far more than a /simc export (at most ${SIMC_MAX_BYTES} bytes read); not stored`;
    return { ...base, status: 'rejected', notes: [], error, ms: Date.now() - started };
  }
  const bytes = input.bytes();
  if (input.path === STDIN_PATH && !looksLikeSimcExport(bytes)) {
    const error = `stdin: not a /simc export (no "# SimC Addon" header in its first lines); stdin takes /simc exports only, name SavedVariables files as paths`;
    return { ...base, formats: [], status: 'rejected', notes: [], error, ms: Date.now() - started };
  }
  const result = await ingestSimcExport({ ...input, bytes }, deps);
  return {
    ...base,
    status: result.status,
    notes: result.notes,
    ...(result.profile && { simc: result.profile }),
    ...(result.error !== undefined && { error: result.error }),
    ms: Date.now() - started,
  };
}
