/**
 * `holocron ingest` for /simc exports: a file whose first lines are the
 * addon's header, or stdin (`holocron ingest -`). Each export is one
 * transaction; a changed or truncated one is rejected (exit 65) with its line,
 * and nothing of it is stored.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Database } from '../../db/pool.js';
import { isAppError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { readSimcExport } from './reader.js';
import { storeSimcProfile, type StoredProfile } from './store.js';

export const STDIN_PATH = '-';

/** A /simc export is a few KB (a full bag dump, ~50 KB); anything this big is not one, and is not read into memory. */
export const SIMC_MAX_BYTES = 4 << 20;

export interface SimcInput {
  /** The file, or "-" for stdin. */
  path: string;
  bytes: Buffer;
  account: string;
  /** The account came from --account (else it is a guess: the export names none). */
  accountExplicit: boolean;
  /** The file's modification time; when stdin was read. */
  observedAt: Date;
}

export interface SimcIngestResult {
  status: 'ingested' | 'unchanged' | 'rejected';
  profile?: StoredProfile;
  notes: string[];
  error?: string;
}

export async function ingestSimcExport(input: SimcInput, deps: { db: Database; log: Logger }): Promise<SimcIngestResult> {
  let exp;
  try {
    exp = readSimcExport(input.bytes, input.path === STDIN_PATH ? 'stdin' : input.path);
  } catch (error) {
    if (isAppError(error)) return { status: 'rejected', notes: [], error: error.message };
    throw error;
  }
  const sha256 = createHash('sha256').update(input.bytes).digest();
  const profile = await deps.db.withTransaction((tx) =>
    storeSimcProfile(tx, exp, {
      rawText: input.bytes.toString('utf8').replace(/^\uFEFF/, ''),
      sha256,
      observedAt: input.observedAt,
      sourcePath: input.path,
      account: { name: input.account, explicit: input.accountExplicit },
    }),
  );
  const notes = [...exp.notes];
  if (profile.createdCharacter) notes.push(`${profile.character}: a new character, known only from SimC (account "${input.account}")`);
  deps.log.debug(`${input.path}: SimC export of ${profile.character}, ${profile.equipped} equipped items`);
  return profile.profileId === undefined
    ? { status: 'unchanged', profile, notes: [...notes, 'this export is stored already; nothing to do'] }
    : { status: 'ingested', profile, notes };
}

/** The first bytes of an open file, for the sniff that tells a /simc export from a SavedVariables file. */
export function readHead(fd: number, length = 2048): Buffer {
  const head = Buffer.alloc(length);
  const n = fs.readSync(fd, head, 0, length, 0);
  return head.subarray(0, n);
}
