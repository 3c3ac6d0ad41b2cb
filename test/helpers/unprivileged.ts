import { execFileSync } from 'node:child_process';
import { BIN } from './cli.js';

/**
 * Whom to run the CLI as when a test needs file permissions to bite: the
 * suite's own user when it is not root; `nobody` when it is (root reads
 * everything); undefined when neither works (root without a usable nobody).
 */
export function unprivilegedUser(): { uid?: number; gid?: number } | undefined {
  if (process.getuid?.() !== 0) return {};
  try {
    const uid = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim());
    // A checkout under root's private home is out of that user's reach altogether.
    execFileSync('/bin/sh', ['-c', 'test -r "$1"', 'sh', BIN], { uid, gid, stdio: 'ignore' });
    return { uid, gid };
  } catch {
    return undefined;
  }
}
