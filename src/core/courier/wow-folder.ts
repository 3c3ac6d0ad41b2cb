/**
 * Where things go inside a World of Warcraft installation. `--wow-dir` takes
 * the game's folder (the one holding `_retail_`) or the retail folder itself
 * (the one holding `Interface` and `WTF`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

export const ADDON_NAME = 'Holocron';

/** The retail client's folder: `<wow>/_retail_`, or `<wow>` when it is that folder already. */
export function retailFolder(wowDir: string): string {
  const base = path.resolve(wowDir);
  const child = (name: string) => findChild(base, name);
  const retail = child('_retail_');
  if (retail && isFolder(retail)) return retail;
  if (child('Interface') || child('WTF') || /^_retail_$/i.test(path.basename(base))) return base;
  throw new UsageError(`${wowDir} is not a World of Warcraft folder: expected a _retail_ folder in it (or its Interface and WTF folders)`, {
    hint: 'Name the folder the game is installed in, e.g. "/mnt/wow" or "C:\\Program Files (x86)\\World of Warcraft".',
  });
}

/** `<retail>/Interface/AddOns/Holocron`, whether or not it exists yet. */
export function addonFolder(wowDir: string): string {
  const retail = retailFolder(wowDir);
  const iface = findChild(retail, 'Interface') ?? path.join(retail, 'Interface');
  const addOns = findChild(iface, 'AddOns') ?? path.join(iface, 'AddOns');
  return findChild(addOns, ADDON_NAME) ?? path.join(addOns, ADDON_NAME);
}

/** Windows folders arrive on Linux with their case as the game made them. */
export function findChild(dir: string, name: string): string | undefined {
  try {
    const match = fs.readdirSync(dir).find((entry) => entry.toLowerCase() === name.toLowerCase());
    return match === undefined ? undefined : path.join(dir, match);
  } catch {
    return undefined;
  }
}

function isFolder(target: string): boolean {
  try {
    return fs.statSync(target).isDirectory();
  } catch {
    return false;
  }
}
