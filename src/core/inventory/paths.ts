/**
 * What `holocron ingest <path…>` reads: a SavedVariables file, a SavedVariables
 * folder, an account folder (WTF/Account/<name>), a WTF folder or a game folder
 * holding one (every WTF/Account/* then, so several WoW accounts merge). The
 * account is the <name> of WTF/Account/<name> unless --account says otherwise.
 * `.lua.bak` files (the client's previous save) are left out. Combat logs
 * (WoWCombatLog*.txt) in a named folder, or in the Logs folder beside a WTF
 * folder, come along: ingest reads them with their own reader.
 *
 * A folder or file that cannot be read (permissions, a broken link) is not a
 * usage error and never silently skipped: it comes back as a problem with its
 * real cause, and everything else is still read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError, errnoCode } from '../errors.js';

export interface InputFile {
  path: string;
  account: string;
  /** Set when the account could not be told from the path. */
  accountGuessed: boolean;
}

/** Something named or found that could not be read. */
export interface InputProblem {
  path: string;
  account: string;
  reason: string;
}

export interface Inputs {
  files: InputFile[];
  problems: InputProblem[];
}

export const DEFAULT_ACCOUNT = 'default';

export function expandInputs(inputs: readonly string[], accountOverride?: string): Inputs {
  const files: InputFile[] = [];
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  // A folder that cannot be listed is named by the account it belongs to, as its files would be.
  const accountOf = (target: string) => accountOverride ?? accountFromPath(target) ?? accountFromPath(path.join(target, 'SavedVariables', 'x.lua')) ?? DEFAULT_ACCOUNT;
  for (const input of inputs) {
    const absolute = path.resolve(input);
    const kind = entryKind(absolute);
    if (kind.kind === 'missing') throw new UsageError(`${input}: no such file or folder`);
    if (kind.kind === 'problem') {
      problems.push({ path: absolute, account: accountOf(absolute), reason: kind.reason });
      continue;
    }
    const walk = new Walk(problems, accountOf);
    const found = kind.kind === 'folder' ? walk.luaFilesUnder(absolute) : [absolute];
    if (kind.kind === 'folder' && found.length === 0 && walk.problemCount === 0) {
      throw new UsageError(`${input}: no SavedVariables (*.lua) or combat logs (WoWCombatLog*.txt) found in this folder or its WTF/Account/*/SavedVariables`);
    }
    for (const file of found) {
      if (seen.has(file)) continue;
      seen.add(file);
      const fromPath = accountFromPath(file);
      files.push({ path: file, account: accountOverride ?? fromPath ?? DEFAULT_ACCOUNT, accountGuessed: !accountOverride && !fromPath });
    }
  }
  return { files: orderForIngest(files), problems };
}

/** WTF/Account/<name>/SavedVariables/X.lua → <name>. */
export function accountFromPath(file: string): string | undefined {
  const parts = path.resolve(file).split(path.sep);
  for (let i = parts.length - 2; i >= 1; i--) {
    if (parts[i - 1]?.toLowerCase() === 'account' && parts[i] && i + 1 < parts.length - 1) return parts[i];
  }
  return undefined;
}

type EntryKind = { kind: 'file' } | { kind: 'folder' } | { kind: 'missing' } | { kind: 'other' } | { kind: 'problem'; reason: string };

function entryKind(target: string): EntryKind {
  try {
    const stat = fs.statSync(target);
    if (stat.isDirectory()) return { kind: 'folder' };
    return stat.isFile() ? { kind: 'file' } : { kind: 'other' };
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EACCES' || code === 'EPERM') return { kind: 'problem', reason: 'permission denied' };
    if (code === 'ELOOP') return { kind: 'problem', reason: 'a link that points to itself' };
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const link = linkTarget(target);
      return link === undefined ? { kind: 'missing' } : { kind: 'problem', reason: `broken link (it points to ${link}, which does not exist)` };
    }
    return { kind: 'problem', reason: `cannot read (${code ?? (error as Error).message})` };
  }
}

function linkTarget(target: string): string | undefined {
  try {
    return fs.lstatSync(target).isSymbolicLink() ? fs.readlinkSync(target) : undefined;
  } catch {
    return undefined;
  }
}

/** One walk over a folder argument, collecting what it cannot read. */
class Walk {
  problemCount = 0;

  constructor(
    private readonly problems: InputProblem[],
    private readonly accountOf: (file: string) => string,
  ) {}

  luaFilesUnder(dir: string): string[] {
    const base = path.basename(dir).toLowerCase();
    if (base === 'savedvariables') return this.luaFilesIn(dir);
    const children = this.readdir(dir);
    if (children === undefined) return [];
    const child = (name: string) => children.find((c) => c.toLowerCase() === name.toLowerCase());
    const savedVariables = child('SavedVariables');
    if (savedVariables) return this.luaFilesIn(path.join(dir, savedVariables));
    const account = child('Account');
    if (account) return (this.readdir(path.join(dir, account)) ?? []).flatMap((name) => this.accountFolder(path.join(dir, account, name)));
    const wtf = child('WTF');
    const logs = child('Logs');
    const combatLogs = wtf && logs ? this.luaFilesIn(path.join(dir, logs)).filter(isCombatLogName) : [];
    if (wtf) return [...this.luaFilesUnder(path.join(dir, wtf)), ...combatLogs];
    // A game folder with several flavours: _retail_/WTF, _classic_/WTF …
    const flavours = children.filter((c) => /^_.+_$/.test(c) && fs.existsSync(path.join(dir, c, 'WTF')));
    if (flavours.length > 0) return flavours.flatMap((f) => this.luaFilesUnder(path.join(dir, f, 'WTF')));
    return this.luaFilesIn(dir, children);
  }

  private accountFolder(dir: string): string[] {
    const kind = entryKind(dir);
    if (kind.kind === 'problem') this.problem(dir, kind.reason);
    if (kind.kind !== 'folder') return [];
    const sv = this.readdir(dir)?.find((c) => c.toLowerCase() === 'savedvariables');
    return sv ? this.luaFilesIn(path.join(dir, sv)) : [];
  }

  private luaFilesIn(dir: string, listed?: string[]): string[] {
    const files: string[] = [];
    for (const name of listed ?? this.readdir(dir) ?? []) {
      if (!name.toLowerCase().endsWith('.lua') && !isCombatLogName(name)) continue;
      const file = path.join(dir, name);
      const kind = entryKind(file);
      if (kind.kind === 'file') files.push(file);
      else if (kind.kind === 'problem') this.problem(file, kind.reason);
    }
    return files;
  }

  /** The folder's entries; undefined (and a problem noted) when it cannot be listed. */
  private readdir(dir: string): string[] | undefined {
    try {
      return fs.readdirSync(dir).sort();
    } catch (error) {
      const code = errnoCode(error);
      this.problem(dir, code === 'EACCES' || code === 'EPERM' ? 'permission denied (cannot list the folder)' : `cannot list the folder (${code ?? (error as Error).message})`);
      return undefined;
    }
  }

  private problem(target: string, reason: string): void {
    this.problemCount += 1;
    this.problems.push({ path: target, account: this.accountOf(target), reason });
  }
}

export function isCombatLogName(file: string): boolean {
  return /^WoWCombatLog.*\.txt$/i.test(path.basename(file));
}

/** DataStore.lua first in each account: the module files of the same folder need its ids. */
function orderForIngest(files: InputFile[]): InputFile[] {
  const rank = (f: InputFile) => (path.basename(f.path).toLowerCase() === 'datastore.lua' ? 0 : 1);
  return [...files].sort((a, b) => rank(a) - rank(b));
}
