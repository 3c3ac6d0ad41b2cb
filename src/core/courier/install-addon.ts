/**
 * `holocron addon install`: copies the addon this holocron ships
 * (addon/Holocron) into the game's Interface/AddOns/Holocron.
 *
 * - Version-checked: the .toc's `## Version:` of both; a newer installed addon
 *   is left alone unless forced, the same version only fills in missing files.
 * - Never deletes: files in the game's folder that we do not ship stay.
 * - Never overwrites the courier's data with the empty placeholders the addon
 *   ships: an existing Data/ file is kept.
 * - Each file is written to a temporary name and renamed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, DataError, errnoCode } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { ADDON_NAME, addonFolder } from './wow-folder.js';

export interface InstallOptions {
  wowDir: string;
  /** Install over a newer version. */
  force?: boolean;
}

export type InstallOutcome = 'installed' | 'upgraded' | 'up to date' | 'newer installed';

export interface InstallReport {
  target: string;
  outcome: InstallOutcome;
  shippedVersion: string;
  installedVersion: string | null;
  /** Files written (relative to the addon folder). */
  written: string[];
  /** Courier data files that were already there and kept. */
  keptData: string[];
}

export function shippedAddonFolder(): string {
  return path.join(packageRoot(), 'addon', ADDON_NAME);
}

export function installAddon(options: InstallOptions, source = shippedAddonFolder()): InstallReport {
  const target = addonFolder(options.wowDir);
  const shippedVersion = tocVersion(path.join(source, `${ADDON_NAME}.toc`));
  if (shippedVersion === null) throw new DataError(`${source}: ${ADDON_NAME}.toc has no "## Version:" line`);
  const installedVersion = fs.existsSync(path.join(target, `${ADDON_NAME}.toc`)) ? tocVersion(path.join(target, `${ADDON_NAME}.toc`)) : null;
  const order = installedVersion === null ? -1 : compareVersions(installedVersion, shippedVersion);
  if (order > 0 && !options.force) return { target, outcome: 'newer installed', shippedVersion, installedVersion, written: [], keptData: [] };
  const written: string[] = [];
  const keptData: string[] = [];
  for (const file of filesUnder(source)) {
    const to = path.join(target, file);
    const exists = fs.existsSync(to);
    if (exists && /^data[\\/]/i.test(file)) {
      keptData.push(file);
      continue;
    }
    const bytes = fs.readFileSync(path.join(source, file));
    if (exists && order === 0 && sameBytes(to, bytes)) continue;
    copyAtomically(to, bytes);
    written.push(file);
  }
  const outcome: InstallOutcome = installedVersion === null ? 'installed' : order === 0 ? 'up to date' : 'upgraded';
  return { target, outcome, shippedVersion, installedVersion, written, keptData };
}

export function tocVersion(tocPath: string): string | null {
  try {
    const match = /^##\s*Version:\s*(\S+)/m.exec(fs.readFileSync(tocPath, 'utf8'));
    return match ? match[1]! : null;
  } catch {
    return null;
  }
}

/** Dotted numbers compared numerically ("0.10.0" > "0.9.1"); anything else compares as text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const order = Number.isInteger(nx) && Number.isInteger(ny) ? nx - ny : x.localeCompare(y);
    if (order !== 0) return Math.sign(order);
  }
  return 0;
}

function filesUnder(root: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, prefix), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(root, relative));
    else if (entry.isFile()) out.push(relative);
  }
  return out;
}

function sameBytes(file: string, bytes: Buffer): boolean {
  try {
    return fs.readFileSync(file).equals(bytes);
  } catch {
    return false;
  }
}

function copyAtomically(to: string, bytes: Buffer): void {
  const temporary = `${to}.holocron-tmp`;
  try {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.writeFileSync(temporary, bytes);
    fs.renameSync(temporary, to);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new ConfigError(`cannot write ${to} (${errnoCode(error) ?? (error as Error).message})`, {
      hint: 'Give holocron write access to the game\'s Interface/AddOns folder.',
    });
  }
}
