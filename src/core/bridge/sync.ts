/**
 * One bridge pass: find what changed under the WoW folder, wait until the game
 * has finished writing it, send it, record what the server confirmed, then
 * bring the courier files back. `watch.ts` runs passes on file events.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { BridgeClient } from './client.js';
import { downloadCourier, type CourierOutcome } from './courier-download.js';
import { flavourFolders, installedAddonFolder, scanFlavour, type WatchedFile } from './layout.js';
import { look, unsettled, type FileLook } from './stability.js';
import { mayHaveChanged, saveState, type BridgeState, type FileState } from './state.js';
import { logHead, sha256, uploadLog, uploadWhole } from './upload.js';
import { DEFAULT_CHUNK_BYTES } from './chunks.js';

export interface SyncOptions {
  wowDir: string;
  flavours?: readonly string[];
  statePath: string;
  /** Between the two looks that decide a file is stable. */
  lookIntervalMs?: number;
  /** How long a pass keeps looking at a file the game is still writing (0: one look pair). */
  settleMs?: number;
  chunkBytes?: number;
}

export interface SyncDeps {
  client: BridgeClient;
  state: BridgeState;
  log: Logger;
  clock: Clock;
  signal?: AbortSignal;
}

export interface FileOutcome {
  path: string;
  flavour: string;
  account: string;
  name: string;
  status: 'ingested' | 'unchanged' | 'rejected';
  bytes: number;
  reason?: string;
  warnings: string[];
}

export interface PassReport {
  server: string;
  files: FileOutcome[];
  /** Files the game is still writing: taken on a later pass. */
  waiting: Array<{ path: string; reason: string }>;
  /** Files already carried and not changed since. */
  current: number;
  courier: CourierOutcome;
  courierSkipped: string[];
}

export async function syncPass(options: SyncOptions, deps: SyncDeps): Promise<PassReport> {
  const flavours = flavourFolders(options.wowDir, options.flavours);
  const all = flavours.flatMap(({ root, flavour }) => scanFlavour(root, flavour));
  const report: PassReport = { server: deps.client.server, files: [], waiting: [], current: 0, courier: { written: [], current: 0, refused: [] }, courierSkipped: [] };
  const save = () => saveState(options.statePath, deps.state);

  const changed = all.filter((file) => {
    const first = look(file.path);
    const needed = first !== undefined && mayHaveChanged(deps.state.files[key(file)], first);
    if (!needed) report.current += 1;
    return needed;
  });
  const { stable, waiting } = await settle(changed, options, deps);
  report.waiting = waiting;
  for (const { file, seen } of stable) {
    if (deps.signal?.aborted) break;
    const outcome = file.kind === 'combatlog' ? await sendLog(file, seen, options, deps, save) : await sendSavedVariables(file, seen, deps, save);
    if (outcome) {
      report.files.push(outcome);
      deps.log.info(statusLine(outcome));
    } else report.current += 1;
  }

  const addonFolders: string[] = [];
  for (const { root, flavour } of flavours) {
    const folder = installedAddonFolder(root, flavour);
    if (folder) addonFolders.push(folder);
    else report.courierSkipped.push(flavour);
  }
  if (!deps.signal?.aborted) report.courier = await downloadCourier(deps.client, addonFolders, deps.state, save);
  for (const written of report.courier.written) deps.log.info(`courier ${written.name} → ${written.path} (${written.size} bytes)`);
  for (const name of report.courier.refused) deps.log.warn(`courier: the server offered a file named ${JSON.stringify(name)}; not written (unsafe name)`);
  return report;
}

/** State key: the path as this machine names it. */
export function key(file: WatchedFile): string {
  return path.resolve(file.path);
}

/** Two looks `lookIntervalMs` apart, repeated for the unsettled ones until `settleMs` has passed. */
async function settle(files: WatchedFile[], options: SyncOptions, deps: SyncDeps) {
  const interval = options.lookIntervalMs ?? 1000;
  const deadline = deps.clock.now() + (options.settleMs ?? 0);
  const stable: Array<{ file: WatchedFile; seen: FileLook }> = [];
  let pending = files.map((file) => ({ file, before: look(file.path), reason: '' }));
  while (pending.length > 0 && !deps.signal?.aborted) {
    await deps.clock.sleep(interval, deps.signal);
    const next: typeof pending = [];
    for (const entry of pending) {
      const after = look(entry.file.path);
      const reason = unsettled(entry.before, after);
      if (reason === undefined) stable.push({ file: entry.file, seen: after! });
      else if (after) next.push({ file: entry.file, before: after, reason });
    }
    pending = next;
    if (deps.clock.now() >= deadline) break;
  }
  return { stable, waiting: pending.map((p) => ({ path: p.file.path, reason: p.reason || 'not looked at twice yet' })) };
}

async function sendSavedVariables(file: WatchedFile, seen: FileLook, deps: SyncDeps, save: () => void): Promise<FileOutcome | undefined> {
  const bytes = fs.readFileSync(file.path);
  // Rewritten between the look and the read: the next pass takes the new save.
  if (bytes.length !== seen.size) return undefined;
  const hash = sha256(bytes);
  const previous = deps.state.files[key(file)];
  const record = (fields: Partial<FileState> & Pick<FileState, 'status'>) => {
    deps.state.files[key(file)] = { size: seen.size, mtimeMs: seen.mtimeMs, sha256: hash, at: new Date(deps.clock.now()).toISOString(), ...fields };
    save();
  };
  // Touched but the same bytes (a /reload with nothing new): nothing to send.
  if (previous && previous.sha256 === hash && previous.status !== 'partial') {
    record({ status: previous.status, ...(previous.reason !== undefined && { reason: previous.reason }) });
    return undefined;
  }
  const result = await uploadWhole(deps.client, file, bytes, seen.mtimeMs);
  record({ status: result.status, ...(result.reason !== undefined && { reason: result.reason }) });
  return outcome(file, result.status, bytes.length, result.reason, result.warnings);
}

async function sendLog(file: WatchedFile, seen: FileLook, options: SyncOptions, deps: SyncDeps, save: () => void): Promise<FileOutcome | undefined> {
  if (seen.size === 0) return undefined;
  const previous = deps.state.files[key(file)];
  const confirmed = previous?.offset ?? 0;
  // Same log grown, or a new log under an old name (then from the start).
  const sameLog = previous !== undefined && confirmed <= seen.size && logHead(file.path, confirmed) === previous.sha256;
  const from = sameLog ? confirmed : 0;
  if (sameLog && previous.status === 'rejected' && previous.size === seen.size) return undefined;
  if (from === seen.size) return undefined;
  const record = (fields: Partial<FileState> & Pick<FileState, 'status'>) => {
    const offset = fields.offset ?? from;
    deps.state.files[key(file)] = { size: seen.size, mtimeMs: seen.mtimeMs, sha256: logHead(file.path, offset), at: new Date(deps.clock.now()).toISOString(), ...fields, offset };
    save();
  };
  const result = await uploadLog(deps.client, file, { from, totalSize: seen.size, mtimeMs: seen.mtimeMs, chunkBytes: options.chunkBytes ?? DEFAULT_CHUNK_BYTES }, (offset) => {
    record({ status: offset >= seen.size ? 'ingested' : 'partial', offset });
    if (offset < seen.size) deps.log.debug(`${file.name}: ${offset} of ${seen.size} bytes confirmed`);
  });
  record({ status: result.status, offset: result.offset ?? from, ...(result.reason !== undefined && { reason: result.reason }) });
  return outcome(file, result.status, seen.size - from, result.reason, result.warnings);
}

function outcome(file: WatchedFile, status: FileOutcome['status'], bytes: number, reason: string | undefined, warnings: string[]): FileOutcome {
  return { path: file.path, flavour: file.flavour, account: file.account, name: file.name, status, bytes, ...(reason !== undefined && { reason }), warnings };
}

export function statusLine(o: FileOutcome): string {
  const where = [o.flavour, o.account, o.name].filter(Boolean).join(' ');
  const tail = o.reason ? `: ${o.reason}` : '';
  const warn = o.warnings.length > 0 ? ` (${o.warnings.join('; ')})` : '';
  return `${o.status} ${where} (${o.bytes} bytes)${tail}${warn}`;
}
