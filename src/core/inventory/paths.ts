/**
 * What `holocron ingest <path…>` reads: a SavedVariables file, a SavedVariables
 * folder, an account folder (WTF/Account/<name>), a WTF folder or a game folder
 * holding one (every WTF/Account/* then, so several WoW accounts merge). The
 * account is the <name> of WTF/Account/<name> unless --account says otherwise.
 * `.lua.bak` files (the client's previous save) are left out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

export interface InputFile {
  path: string;
  account: string;
  /** Set when the account could not be told from the path. */
  accountGuessed: boolean;
}

export const DEFAULT_ACCOUNT = 'default';

export function expandInputs(inputs: readonly string[], accountOverride?: string): InputFile[] {
  const files: InputFile[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const absolute = path.resolve(input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      throw new UsageError(`${input}: no such file or folder`);
    }
    const found = stat.isDirectory() ? luaFilesUnder(absolute) : [absolute];
    if (stat.isDirectory() && found.length === 0) throw new UsageError(`${input}: no SavedVariables (*.lua) found in this folder or its WTF/Account/*/SavedVariables`);
    for (const file of found) {
      if (seen.has(file)) continue;
      seen.add(file);
      const fromPath = accountFromPath(file);
      files.push({ path: file, account: accountOverride ?? fromPath ?? DEFAULT_ACCOUNT, accountGuessed: !accountOverride && !fromPath });
    }
  }
  return orderForIngest(files);
}

/** WTF/Account/<name>/SavedVariables/X.lua → <name>. */
export function accountFromPath(file: string): string | undefined {
  const parts = path.resolve(file).split(path.sep);
  for (let i = parts.length - 2; i >= 1; i--) {
    if (parts[i - 1]?.toLowerCase() === 'account' && parts[i] && i + 1 < parts.length - 1) return parts[i];
  }
  return undefined;
}

function luaFilesUnder(dir: string): string[] {
  const base = path.basename(dir).toLowerCase();
  if (base === 'savedvariables') return luaFilesIn(dir);
  const children = safeReaddir(dir);
  const child = (name: string) => children.find((c) => c.toLowerCase() === name.toLowerCase());
  const savedVariables = child('SavedVariables');
  if (savedVariables) return luaFilesIn(path.join(dir, savedVariables));
  const account = child('Account');
  if (account) return safeReaddir(path.join(dir, account)).flatMap((name) => accountFolder(path.join(dir, account, name)));
  const wtf = child('WTF');
  if (wtf) return luaFilesUnder(path.join(dir, wtf));
  // A game folder with several flavours: _retail_/WTF, _classic_/WTF …
  const flavours = children.filter((c) => /^_.+_$/.test(c) && fs.existsSync(path.join(dir, c, 'WTF')));
  if (flavours.length > 0) return flavours.flatMap((f) => luaFilesUnder(path.join(dir, f, 'WTF')));
  return luaFilesIn(dir);
}

function accountFolder(dir: string): string[] {
  const sv = safeReaddir(dir).find((c) => c.toLowerCase() === 'savedvariables');
  return sv ? luaFilesIn(path.join(dir, sv)) : [];
}

function luaFilesIn(dir: string): string[] {
  return safeReaddir(dir)
    .filter((name) => name.toLowerCase().endsWith('.lua'))
    .map((name) => path.join(dir, name))
    .filter((file) => fs.statSync(file).isFile());
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** DataStore.lua first in each account: the module files of the same folder need its ids. */
function orderForIngest(files: InputFile[]): InputFile[] {
  const rank = (f: InputFile) => (path.basename(f.path).toLowerCase() === 'datastore.lua' ? 0 : 1);
  return [...files].sort((a, b) => rank(a) - rank(b));
}
