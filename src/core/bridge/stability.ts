/**
 * WoW writes SavedVariables on logout and /reload: it writes `<name>.lua.tmp`
 * (or truncates and rewrites the file) and keeps the previous save as
 * `<name>.lua.bak`. A file is taken only when two looks about a second apart
 * agree on its size and mtime and no `.tmp` sibling is present or a `.bak`
 * sibling changed in between: otherwise half a save would be uploaded.
 */
import fs from 'node:fs';

export interface FileLook {
  size: number;
  mtimeMs: number;
  /** Siblings `<name>.tmp` / `<name>.bak` seen, by suffix. */
  siblings: Record<string, { size: number; mtimeMs: number }>;
}

export const SIBLING_SUFFIXES = ['.tmp', '.bak'] as const;

export function look(file: string): FileLook | undefined {
  const stat = statOf(file);
  if (!stat) return undefined;
  const siblings: FileLook['siblings'] = {};
  for (const suffix of SIBLING_SUFFIXES) {
    const s = statOf(file + suffix);
    if (s) siblings[suffix] = s;
  }
  return { ...stat, siblings };
}

/** Why the file is not ready yet, or undefined when it is. */
export function unsettled(before: FileLook | undefined, after: FileLook | undefined): string | undefined {
  if (!before || !after) return 'the file is gone';
  if (after.siblings['.tmp']) return 'the game is writing it (a .tmp file is beside it)';
  if (before.size !== after.size || before.mtimeMs !== after.mtimeMs) return 'it is still changing';
  const bakBefore = before.siblings['.bak'];
  const bakAfter = after.siblings['.bak'];
  if ((bakBefore === undefined) !== (bakAfter === undefined)) return 'the game is rotating its .bak file';
  if (bakBefore && bakAfter && (bakBefore.size !== bakAfter.size || bakBefore.mtimeMs !== bakAfter.mtimeMs)) return 'the game is rotating its .bak file';
  return undefined;
}

function statOf(file: string): { size: number; mtimeMs: number } | undefined {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() ? { size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs) } : undefined;
  } catch {
    return undefined;
  }
}
