import fs from 'node:fs';
import path from 'node:path';
import { errnoCode } from './errors.js';

/**
 * Folders the user names (HOLOCRON_HOME, --archive-dir) are checked before use, so
 * a file or a device in their place is reported by name instead of surfacing as
 * ENOTDIR from deep inside a command.
 */

/** Why `dir` cannot be (or become) a folder, e.g. "/x is a file, not a folder"; undefined when it can. */
export function folderProblem(dir: string): string | undefined {
  const absolute = path.resolve(dir);
  for (let at = absolute; ; at = path.dirname(at)) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(at);
    } catch (error) {
      const code = errnoCode(error);
      // Missing (or under something that is not a folder): the answer is further up.
      if ((code === 'ENOENT' || code === 'ENOTDIR') && at !== path.dirname(at)) continue;
      return `${at} cannot be read (${code ?? String(error)})`;
    }
    if (stat.isDirectory()) return undefined;
    return `${at} is ${kindOf(stat)}, not a folder`;
  }
}

function kindOf(stat: fs.Stats): string {
  if (stat.isFile()) return 'a file';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isFIFO()) return 'a pipe';
  return 'a special file';
}

/**
 * `mkdir -p`, one level at a time: Node 20's recursive mkdir never returns for a
 * path under /proc (ENOENT on the leaf, EEXIST on the parent, and round again).
 * Throws the system error of the level that could not be made.
 */
export function makeFolders(dir: string, mode: number): void {
  const missing: string[] = [];
  for (let at = path.resolve(dir); !fs.existsSync(at); at = path.dirname(at)) {
    missing.push(at);
    if (at === path.dirname(at)) break;
  }
  for (const level of missing.reverse()) {
    try {
      fs.mkdirSync(level, { mode });
    } catch (error) {
      // Another process made it a moment ago.
      if (errnoCode(error) !== 'EEXIST') throw error;
    }
  }
}
