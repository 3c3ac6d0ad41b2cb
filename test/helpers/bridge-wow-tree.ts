import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * A World of Warcraft folder as the game leaves it, for the bridge tests:
 * `<wow>/<flavour>/WTF/Account/<account>/SavedVariables`, `Logs`, and the
 * Holocron addon installed (its Data folder is where courier files land).
 */
export interface WowTree {
  wowDir: string;
  savedVariables(flavour: string, account: string): string;
  logs(flavour: string): string;
  dataFolder(flavour: string): string;
}

export function makeWowTree(wowDir: string, layout: Record<string, string[]>): WowTree {
  const tree: WowTree = {
    wowDir,
    savedVariables: (flavour, account) => path.join(wowDir, flavour, 'WTF', 'Account', account, 'SavedVariables'),
    logs: (flavour) => path.join(wowDir, flavour, 'Logs'),
    dataFolder: (flavour) => path.join(wowDir, flavour, 'Interface', 'AddOns', 'Holocron', 'Data'),
  };
  for (const [flavour, accounts] of Object.entries(layout)) {
    for (const account of accounts) fs.mkdirSync(tree.savedVariables(flavour, account), { recursive: true });
    fs.mkdirSync(tree.logs(flavour), { recursive: true });
    const addon = path.dirname(tree.dataFolder(flavour));
    fs.mkdirSync(addon, { recursive: true });
    fs.writeFileSync(path.join(addon, 'Holocron.toc'), '## Interface: 110200\n## Title: Holocron\n');
  }
  return tree;
}

/**
 * A logout save as the client does it: the previous file becomes `.bak`, then
 * the new one is written in steps (the file grows while the game flushes it).
 */
export async function logoutWrite(file: string, bytes: Buffer, steps: number, stepMs: number): Promise<void> {
  if (fs.existsSync(file)) fs.renameSync(file, `${file}.bak`);
  const size = Math.ceil(bytes.length / steps);
  fs.writeFileSync(file, '');
  for (let at = 0; at < bytes.length; at += size) {
    fs.appendFileSync(file, bytes.subarray(at, at + size));
    await delay(stepMs);
  }
}
