/**
 * Every account's TradeSkillMaster.lua under a WoW folder:
 * `<wow>/_<flavour>_/WTF/Account/<ACCOUNT>/SavedVariables/TradeSkillMaster.lua`.
 * Folder names are matched without regard to case (a Windows folder copied to Linux).
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

export const FLAVOURS = ['retail', 'classic', 'classic_era', 'anniversary', 'ptr', 'xptr', 'beta'] as const;
export type Flavour = (typeof FLAVOURS)[number];

export interface TsmFile {
  flavour: Flavour;
  account: string;
  file: string;
}

export function findTsmFiles(wowDir: string, flavours: readonly Flavour[]): TsmFile[] {
  const base = path.resolve(wowDir);
  if (!isDir(base)) throw new UsageError(`${wowDir} is not a folder`);
  const out: TsmFile[] = [];
  const insideFlavour = /^_([a-z_]+)_$/i.exec(path.basename(base));
  for (const flavour of flavours) {
    const root = insideFlavour ? (insideFlavour[1]!.toLowerCase() === flavour ? base : undefined) : child(base, `_${flavour}_`);
    if (!root) continue;
    const accounts = child(child(root, 'WTF'), 'Account');
    if (!accounts) continue;
    for (const account of fs.readdirSync(accounts).sort()) {
      if (account === 'SavedVariables') continue;
      const file = child(child(path.join(accounts, account), 'SavedVariables'), 'TradeSkillMaster.lua');
      if (file && fs.statSync(file).isFile()) out.push({ flavour, account, file });
    }
  }
  return out;
}

function child(dir: string | undefined, name: string): string | undefined {
  if (!dir) return undefined;
  try {
    const match = fs.readdirSync(dir).find((entry) => entry.toLowerCase() === name.toLowerCase());
    return match === undefined ? undefined : path.join(dir, match);
  } catch {
    return undefined;
  }
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
