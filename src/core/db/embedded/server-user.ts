import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import { ConfigError } from '../../errors.js';
import type { Logger } from '../../log.js';

/**
 * PostgreSQL refuses to run as root. When holocron runs as root (the server case)
 * the embedded server runs as an unprivileged OS user instead, `postgres` by
 * default, created on first use if it does not exist. As a normal user the server
 * simply runs as that user.
 */
export interface ServerUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  /** True when the server runs as the invoking user (no uid switch). */
  readonly isSelf: boolean;
}

export function resolveServerUser(wantedName: string, log: Logger): ServerUser {
  const uid = typeof process.getuid === 'function' ? process.getuid() : -1;
  if (uid !== 0) {
    const info = os.userInfo();
    return { name: info.username, uid: info.uid, gid: info.gid, isSelf: true };
  }
  const existing = lookupUser(wantedName);
  if (existing) return existing;
  log.info(`creating OS user '${wantedName}' to run the embedded PostgreSQL server (it cannot run as root)`);
  try {
    execFileSync(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', wantedName],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } catch (error) {
    throw new ConfigError(`could not create the OS user '${wantedName}' for the embedded server`, {
      cause: error,
      hint: 'Create it yourself (useradd --system postgres), set HOLOCRON_PG_OS_USER to an existing unprivileged user, or set DATABASE_URL.',
    });
  }
  const created = lookupUser(wantedName);
  if (!created) throw new ConfigError(`OS user '${wantedName}' still missing after useradd`);
  return created;
}

function lookupUser(name: string): ServerUser | undefined {
  const uid = idNumber('-u', name);
  const gid = idNumber('-g', name);
  if (uid === undefined || gid === undefined) return undefined;
  if (uid === 0) throw new ConfigError(`HOLOCRON_PG_OS_USER '${name}' is root; PostgreSQL cannot run as root`);
  return { name, uid, gid, isSelf: false };
}

function idNumber(flag: '-u' | '-g', name: string): number | undefined {
  const result = spawnSync('id', [flag, name], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  const value = Number.parseInt(result.stdout.trim(), 10);
  return Number.isFinite(value) ? value : undefined;
}

/** Options for child_process calls that must run as the server user. */
export function asServerUser(user: ServerUser): { uid?: number; gid?: number } {
  return user.isSelf ? {} : { uid: user.uid, gid: user.gid };
}

/**
 * Whether the server user can traverse/read a path. Asked of the kernel by running
 * `test` as that user, so ACLs and group membership count exactly as they will.
 */
export function serverUserCanAccess(user: ServerUser, target: string, mode: 'x' | 'r' | 'w' = 'x'): boolean {
  if (user.isSelf) return true;
  const result = spawnSync('/bin/sh', ['-c', `test -${mode} "$1"`, 'sh', target], {
    ...asServerUser(user),
    stdio: 'ignore',
  });
  return result.status === 0;
}
