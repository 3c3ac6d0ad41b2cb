/**
 * Writes a group plan into one TradeSkillMaster.lua, safely:
 * read and parse (a syntax error is exit 65 with line:column, nothing
 * written) → plan the splice (a user group named like our root is exit 78) →
 * refuse while the game runs (75) → back up with a timestamp, keeping the
 * last 10 → verify the new bytes parse and differ only in our entries →
 * refuse if the file changed since we read it (75) → temp file + rename →
 * read back. The same plan twice writes nothing.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, TempFailError, errnoCode } from '../errors.js';
import { readSavedVariables } from '../lua/saved-variables.js';
import type { GroupPlan } from './plan.js';
import { applyEdits, planSplice, type Edit, type SplicePlan } from './splice.js';
import { verifySplice } from './verify.js';
import { detectWow, type WowCheck } from './wow-process.js';

export const KEEP_BACKUPS = 10;
export const BACKUP_DIR = '.holocron-backups';

export interface SyncFileOptions {
  profile?: string;
  dryRun?: boolean;
  keepBackups?: number;
}

export interface SyncFileDeps {
  now: () => number;
  wowCheck?: () => WowCheck;
  /** Test hook: runs after the file was read and planned, before anything is written. */
  afterRead?: (file: string) => void;
}

export interface SyncFileReport {
  file: string;
  profiles: string[];
  operationsKey: string;
  outcome: 'written' | 'unchanged' | 'dry-run';
  groups: number;
  items: number;
  operations: number;
  keptInUserGroups: SplicePlan['keptInUserGroups'];
  backup: string | null;
  bytesBefore: number;
  bytesAfter: number;
  /** Lines removed and added (dry run, and -v). */
  diff: string[];
  wow: WowCheck;
}

export function syncFile(given: string, plan: GroupPlan, options: SyncFileOptions, deps: SyncFileDeps): SyncFileReport {
  // A linked file is written where it lives, not replaced by a copy.
  const file = fs.realpathSync(given);
  const before = fs.readFileSync(file);
  const digest = sha256(before);
  const parsed = readSavedVariables(before, file);
  const splice = planSplice(before, parsed, plan, file, options.profile === undefined ? {} : { profile: options.profile });
  const after = applyEdits(before, splice.edits);
  const wow = (deps.wowCheck ?? detectWow)();
  const report: SyncFileReport = {
    file,
    profiles: splice.profiles,
    operationsKey: splice.operationsKey,
    outcome: 'unchanged',
    ...splice.counts,
    keptInUserGroups: splice.keptInUserGroups,
    backup: null,
    bytesBefore: before.length,
    bytesAfter: after.length,
    diff: diffLines(before, splice.edits),
    wow,
  };
  if (after.equals(before)) return report;
  // The game re-saves our entries in its own order and layout; when they
  // already hold what we would write, rewriting them would only churn backups.
  if (verifySplice(parsed, parsed, splice.owned).length === 0) return { ...report, bytesAfter: before.length, diff: [] };
  const problems = verifySplice(parsed, readSavedVariables(after, `${file} (as it would be written)`), splice.owned);
  if (problems.length > 0) throw new Error(`${file}: the planned edit would change more than our entries, not written:\n  ${problems.slice(0, 10).join('\n  ')}`);
  if (options.dryRun) return { ...report, outcome: 'dry-run' };
  deps.afterRead?.(file);
  if (wow.running) {
    throw new TempFailError(`World of Warcraft is running (${wow.detail}): it rewrites ${path.basename(file)} at logout, so holocron's groups would be lost; nothing written`, {
      hint: 'Exit the game (not just log out to the character screen), then run tsm sync again.',
    });
  }
  refuseIfChanged(file, digest);
  const backup = writable(file, () => backupFile(file, before, deps.now(), options.keepBackups ?? KEEP_BACKUPS));
  const temporary = `${file}.holocron-tmp`;
  try {
    writable(file, () => fs.writeFileSync(temporary, after, { mode: fs.statSync(file).mode & 0o777 }));
    refuseIfChanged(file, digest);
    writable(file, () => fs.renameSync(temporary, file));
  } finally {
    fs.rmSync(temporary, { force: true });
  }
  const written = fs.readFileSync(file);
  if (!written.equals(after)) throw new TempFailError(`${file} changed while holocron wrote it; your file from before is in ${backup}`);
  readSavedVariables(written, file);
  return { ...report, outcome: 'written', backup };
}

/** A folder we may not write to is the user's to fix (78), not a bug. */
function writable<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOSPC') {
      throw new ConfigError(`cannot write next to ${file} (${code}); nothing changed`, { hint: 'Give holocron write access to the SavedVariables folder (and free space).', cause: error });
    }
    throw error;
  }
}

function refuseIfChanged(file: string, digest: string): void {
  if (sha256(fs.readFileSync(file)) !== digest) {
    throw new TempFailError(`${file} changed since holocron read it (the game or another program wrote it); nothing written`, {
      hint: 'Make sure the game is closed, then run tsm sync again.',
    });
  }
}

/** `<dir>/.holocron-backups/TradeSkillMaster.lua.<UTC stamp>`; the oldest beyond `keep` are deleted. */
export function backupFile(file: string, bytes: Buffer, now: number, keep: number): string {
  const dir = path.join(path.dirname(file), BACKUP_DIR);
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace('.', '-');
  let target = path.join(dir, `${path.basename(file)}.${stamp}`);
  for (let n = 1; fs.existsSync(target); n++) target = path.join(dir, `${path.basename(file)}.${stamp}-${n}`);
  fs.writeFileSync(target, bytes, { flag: 'wx' });
  const prefix = `${path.basename(file)}.`;
  const all = fs.readdirSync(dir).filter((f) => f.startsWith(prefix)).sort();
  for (const old of all.slice(0, Math.max(0, all.length - keep))) fs.rmSync(path.join(dir, old));
  return target;
}

export function listBackups(file: string): string[] {
  const dir = path.join(path.dirname(file), BACKUP_DIR);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.startsWith(`${path.basename(file)}.`)).sort().map((f) => path.join(dir, f));
}

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

/** `@@ line N @@` then `-`/`+` lines per edit (our edits are whole lines, so this is the diff). */
function diffLines(b: Buffer, edits: Edit[]): string[] {
  const out: string[] = [];
  let line = 1;
  let at = 0;
  for (const e of edits) {
    line += countNewlines(b, at, e.start);
    at = e.start;
    const removed = b.subarray(e.start, e.end).toString('utf8');
    if (removed === '' && e.text === '') continue;
    out.push(`@@ line ${line} @@`);
    for (const l of splitLines(removed)) out.push(`-${l}`);
    for (const l of splitLines(e.text)) out.push(`+${l}`);
  }
  return out;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  return text.replace(/\r?\n$/, '').split(/\r?\n/);
}

function countNewlines(b: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = b.indexOf(0x0a, from); i !== -1 && i < to; i = b.indexOf(0x0a, i + 1)) n += 1;
  return n;
}

