/**
 * What the bridge has already carried, so a run after a restart (or the next
 * Task Scheduler run) uploads nothing twice: per file the size, mtime and
 * sha256 of the last upload the server confirmed, a combat log's confirmed
 * byte offset, and the ETag of each courier file written. Saved atomically
 * (temp + rename) after every confirmed step, so a crash loses at most the
 * step in flight, which the server then answers as "unchanged" or with the
 * offset it expects.
 */
import fs from 'node:fs';
import path from 'node:path';

export const STATE_FILE = 'bridge-state.json';
const VERSION = 1;

export interface FileState {
  size: number;
  mtimeMs: number;
  sha256: string;
  /** The server's verdict on these bytes. */
  status: 'ingested' | 'unchanged' | 'rejected' | 'partial';
  /** Combat logs: bytes the server has confirmed. */
  offset?: number;
  /** Why the server refused it (422/413); the file is not sent again until it changes. */
  reason?: string;
  at: string;
}

export interface CourierState {
  etag: string;
  size: number;
}

export interface BridgeState {
  version: number;
  files: Record<string, FileState>;
  /** Keyed `<addon folder>|<name>`: each flavour's copy is its own. */
  courier: Record<string, CourierState>;
}

export function emptyState(): BridgeState {
  return { version: VERSION, files: {}, courier: {} };
}

/** A missing or unreadable state file means "nothing carried yet": the server's hashes keep that safe. */
export function loadState(file: string): { state: BridgeState; problem?: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { state: emptyState() };
  }
  try {
    const parsed = JSON.parse(text) as Partial<BridgeState>;
    if (parsed.version !== VERSION || typeof parsed.files !== 'object' || typeof parsed.courier !== 'object' || !parsed.files || !parsed.courier) {
      return { state: emptyState(), problem: `${file} is not a bridge state file of this version; starting afresh` };
    }
    return { state: { version: VERSION, files: parsed.files, courier: parsed.courier } };
  } catch {
    return { state: emptyState(), problem: `${file} is not valid JSON; starting afresh (the server answers "unchanged" for what it already has)` };
  }
}

export function saveState(file: string, state: BridgeState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeAtomically(file, `${JSON.stringify(state, null, 1)}\n`);
}

/** Temp file in the same folder, then rename: readers never see half a file. */
export function writeAtomically(file: string, data: string | Buffer): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.part`);
  fs.writeFileSync(temp, data);
  try {
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/** Whether a file whose size and mtime are `now` needs another look at its bytes. */
export function mayHaveChanged(previous: FileState | undefined, now: { size: number; mtimeMs: number }): boolean {
  if (!previous) return true;
  if (previous.status === 'partial') return true;
  return previous.size !== now.size || previous.mtimeMs !== now.mtimeMs;
}
