/**
 * Which files of a World of Warcraft folder the bridge carries, and what the
 * server needs to know about each (flavour, account folder, kind). The path
 * logic takes a `path` flavour as an argument so the Windows layout is tested
 * on Linux with `path.win32`: the gaming PC is usually Windows.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import { ADDON_NAME, findChild } from '../courier/wow-folder.js';
import { DEFAULT_ACCOUNT, isCombatLogName } from '../inventory/paths.js';
import { UsageError } from '../errors.js';

export type PathApi = Pick<typeof nodePath, 'sep' | 'join' | 'basename' | 'relative' | 'resolve' | 'isAbsolute'>;

export type WatchedKind = 'savedvariables' | 'combatlog';

export interface WatchedFile {
  path: string;
  name: string;
  flavour: string;
  /** WTF/Account/<account>; for combat logs, which sit outside any account folder, the account `holocron ingest` gives them. */
  account: string;
  kind: WatchedKind;
}

/** A game flavour folder: `_retail_`, `_classic_`, `_classic_era_`, `_ptr_` … */
export const FLAVOUR_FOLDER = /^_[a-z0-9_]+_$/i;

/** `retail` and `_retail_` both name the `_retail_` folder; the flag takes either. */
export function flavourFolderName(flag: string): string {
  const bare = flag.trim().toLowerCase().replace(/^_+|_+$/g, '');
  if (!/^[a-z0-9_]+$/.test(bare)) throw new UsageError(`--flavour takes names like retail, classic or classic_era (got '${flag}')`);
  return `_${bare}_`;
}

/**
 * Classifies a file by its place under the WoW folder, or undefined when the
 * bridge does not carry it (a `.bak`, a `.tmp`, a cache file).
 */
export function classify(p: PathApi, wowDir: string, file: string): WatchedFile | undefined {
  const parts = p.relative(p.resolve(wowDir), p.resolve(file)).split(p.sep);
  if (parts[0] === '..' || parts.length < 3) return undefined;
  const [flavour, top] = parts as [string, string];
  if (!FLAVOUR_FOLDER.test(flavour)) return undefined;
  const name = parts[parts.length - 1]!;
  if (parts.length === 3 && top.toLowerCase() === 'logs' && isCombatLogName(name)) {
    return { path: file, name, flavour, account: DEFAULT_ACCOUNT, kind: 'combatlog' };
  }
  // <flavour>/WTF/Account/<account>/SavedVariables/<name>.lua; per-character folders are not carried.
  if (parts.length === 6 && top.toLowerCase() === 'wtf' && parts[2]!.toLowerCase() === 'account' && parts[4]!.toLowerCase() === 'savedvariables' && /\.lua$/i.test(name)) {
    return { path: file, name, flavour, account: parts[3]!, kind: 'savedvariables' };
  }
  return undefined;
}

/**
 * The flavour folders under `wowDir` (the folder holding `_retail_`), or `wowDir`
 * itself when it is a flavour folder. Returns [root, flavour] pairs.
 */
export function flavourFolders(wowDir: string, only?: readonly string[]): Array<{ root: string; flavour: string }> {
  const base = nodePath.resolve(wowDir);
  const wanted = only?.map((f) => f.toLowerCase());
  const pick = (flavour: string) => wanted === undefined || wanted.includes(flavour.toLowerCase());
  if (FLAVOUR_FOLDER.test(nodePath.basename(base)) && findChild(base, 'WTF')) {
    return pick(nodePath.basename(base)) ? [{ root: nodePath.dirname(base), flavour: nodePath.basename(base) }] : [];
  }
  let children: string[];
  try {
    children = fs.readdirSync(base).sort();
  } catch {
    throw new UsageError(`${wowDir}: cannot read this folder`, { hint: 'Name the folder the game is installed in, e.g. "C:\\Program Files (x86)\\World of Warcraft".' });
  }
  const found = children.filter((c) => FLAVOUR_FOLDER.test(c) && findChild(nodePath.join(base, c), 'WTF'));
  if (found.length === 0) {
    throw new UsageError(`${wowDir} is not a World of Warcraft folder: no _retail_ (or other flavour) folder with a WTF folder in it`, {
      hint: 'Name the folder the game is installed in, e.g. "C:\\Program Files (x86)\\World of Warcraft"; the game makes WTF at the first login.',
    });
  }
  return found.filter(pick).map((flavour) => ({ root: base, flavour }));
}

/** Every carried file of one flavour, found case-insensitively (Windows folders copied to Linux keep any case). */
export function scanFlavour(root: string, flavour: string): WatchedFile[] {
  const dir = nodePath.join(root, flavour);
  const files: WatchedFile[] = [];
  const keep = (file: string) => {
    const watched = classify(nodePath, root, file);
    if (watched && isFile(file)) files.push(watched);
  };
  const wtf = findChild(dir, 'WTF');
  const accountDir = wtf && findChild(wtf, 'Account');
  for (const account of accountDir ? list(accountDir) : []) {
    const sv = findChild(nodePath.join(accountDir!, account), 'SavedVariables');
    for (const name of sv ? list(sv) : []) keep(nodePath.join(sv!, name));
  }
  const logs = findChild(dir, 'Logs');
  for (const name of logs ? list(logs) : []) keep(nodePath.join(logs!, name));
  return files;
}

/** The folders fs.watch should look at for one flavour. */
export function watchFolders(root: string, flavour: string): string[] {
  const dir = nodePath.join(root, flavour);
  const folders: string[] = [];
  const wtf = findChild(dir, 'WTF');
  const accountDir = wtf && findChild(wtf, 'Account');
  if (accountDir) folders.push(accountDir);
  const logs = findChild(dir, 'Logs');
  if (logs) folders.push(logs);
  return folders;
}

/**
 * A courier file name from the server is used as a file name only: no folder
 * parts, no device names, nothing that could step out of the Data folder.
 */
export function isSafeCourierName(name: string): boolean {
  if (name.length === 0 || name.length > 128) return false;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) return false;
  if (name.includes('..')) return false;
  return !/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(name);
}

/** `<root>/<flavour>/Interface/AddOns/Holocron`, or undefined when the addon is not installed there. */
export function installedAddonFolder(root: string, flavour: string): string | undefined {
  const iface = findChild(nodePath.join(root, flavour), 'Interface');
  const addOns = iface && findChild(iface, 'AddOns');
  return addOns ? findChild(addOns, ADDON_NAME) : undefined;
}

/** Where a courier file goes: the addon's Data folder, under the game's own case for each level. */
export function courierTarget(p: PathApi, addonFolder: string, name: string): string {
  if (!isSafeCourierName(name)) throw new UsageError(`the server offered a courier file with an unsafe name: ${JSON.stringify(name)}`);
  return p.join(addonFolder, 'Data', name);
}

function list(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
