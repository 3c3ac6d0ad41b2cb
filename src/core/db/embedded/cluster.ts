import { spawn } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, errnoCode } from '../../errors.js';
import type { Logger } from '../../log.js';
import { registerSecret } from '../../redact.js';
import type { PgRuntime } from './runtime.js';
import { asServerUser, serverUserCanAccess, type ServerUser } from './server-user.js';

/**
 * On-disk layout of the embedded cluster, all under $HOLOCRON_HOME/pg:
 *   data/              PGDATA, owned by the server user, mode 700
 *   run/               unix socket and server log, owned by the server user
 *   credentials.json   superuser name and password, mode 600, owned by the invoking user
 *   pgpass             the same password in libpq passfile form, for `psql "$(holocron db url)"`
 * The whole directory appears at once (initialised in a staging directory, then
 * renamed), so a crash during initdb never leaves a half-made cluster behind and
 * two first runs racing each other end up with one cluster.
 */
export interface ClusterLayout {
  readonly root: string;
  readonly dataDir: string;
  readonly runDir: string;
  readonly socketDir: string;
  readonly logFile: string;
  readonly credentialsFile: string;
  readonly passFile: string;
}

export interface ClusterCredentials {
  readonly user: string;
  readonly password: string;
  readonly database: string;
  readonly port: number;
}

export const EMBEDDED_PORT = 5432;
const SUPERUSER = 'holocron';
const DATABASE = 'holocron';
// sun_path is 108 bytes on Linux including the terminating NUL.
const MAX_SOCKET_PATH = 107;

export function clusterLayout(home: string): ClusterLayout {
  return clusterLayoutAt(path.join(home, 'pg'));
}

function clusterLayoutAt(root: string): ClusterLayout {
  const runDir = path.join(root, 'run');
  return {
    root,
    dataDir: path.join(root, 'data'),
    runDir,
    socketDir: socketDirFor(root, runDir),
    logFile: path.join(runDir, 'postgres.log'),
    credentialsFile: path.join(root, 'credentials.json'),
    passFile: path.join(root, 'pgpass'),
  };
}

/** A socket path longer than sun_path cannot be bound; fall back to a short private dir. */
function socketDirFor(root: string, runDir: string): string {
  const socketPath = path.join(runDir, `.s.PGSQL.${EMBEDDED_PORT}`);
  if (Buffer.byteLength(socketPath) <= MAX_SOCKET_PATH) return runDir;
  const digest = createHash('sha256').update(root).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `holocron-${digest}`);
}

export type ClusterState = 'missing' | 'ready';

/**
 * Classifies what is at $HOLOCRON_HOME/pg. Anything that is not a cluster made by
 * this holocron (foreign files, another PostgreSQL major, missing credentials) is a
 * configuration error: we never delete or "repair" a data directory.
 */
export function inspectCluster(layout: ClusterLayout, runtimeMajor?: number): ClusterState {
  if (!fs.existsSync(layout.root)) return 'missing';
  const stat = fs.statSync(layout.root);
  if (!stat.isDirectory()) throw foreign(layout, `${layout.root} is not a directory`);
  const entries = fs.readdirSync(layout.root);
  if (entries.length === 0) return 'missing';
  if (!fs.existsSync(layout.credentialsFile)) {
    throw foreign(layout, `${layout.root} holds files holocron did not create (no credentials.json)`);
  }
  const versionFile = path.join(layout.dataDir, 'PG_VERSION');
  let dataVersion: string;
  try {
    dataVersion = fs.readFileSync(versionFile, 'utf8').trim();
  } catch {
    throw foreign(layout, `${layout.dataDir} is not a PostgreSQL data directory (no PG_VERSION)`);
  }
  if (runtimeMajor !== undefined && Number.parseInt(dataVersion, 10) !== runtimeMajor) {
    throw new ConfigError(
      `the embedded data directory ${layout.dataDir} was made by PostgreSQL ${dataVersion}, but this holocron embeds PostgreSQL ${runtimeMajor}`,
      { hint: 'Nothing was changed. Dump it with that version (pg_dumpall), move the directory away, and restore into the new one.' },
    );
  }
  return 'ready';
}

function foreign(layout: ClusterLayout, problem: string): ConfigError {
  return new ConfigError(`${problem}; refusing to touch it`, {
    hint: `Nothing was deleted. Move ${layout.root} away, point HOLOCRON_HOME elsewhere, or set DATABASE_URL.`,
  });
}

export function readCredentials(layout: ClusterLayout): ClusterCredentials {
  let parsed: Partial<ClusterCredentials>;
  try {
    parsed = JSON.parse(fs.readFileSync(layout.credentialsFile, 'utf8')) as Partial<ClusterCredentials>;
  } catch (error) {
    throw new ConfigError(`cannot read ${layout.credentialsFile} (${errnoCode(error) ?? 'invalid JSON'})`, {
      hint: 'It belongs to the embedded server; run holocron as the user that created it.',
    });
  }
  if (!parsed.user || !parsed.password || !parsed.database) {
    throw new ConfigError(`${layout.credentialsFile} is incomplete`);
  }
  registerSecret(parsed.password);
  return { user: parsed.user, password: parsed.password, database: parsed.database, port: parsed.port ?? EMBEDDED_PORT };
}

/**
 * Creates the cluster in a staging directory next to the final one and renames it
 * into place. Returns false when another process won the race (its cluster is used).
 */
export async function initCluster(
  home: string,
  layout: ClusterLayout,
  runtime: PgRuntime,
  user: ServerUser,
  log: Logger,
): Promise<boolean> {
  removeStaleStaging(home, log);
  const staging = fs.mkdtempSync(path.join(home, `.pg-init-${process.pid}-`));
  try {
    const stagedLayout = clusterLayoutAt(staging);
    fs.chmodSync(staging, 0o755);
    makeServerDir(stagedLayout.dataDir, user);
    makeServerDir(stagedLayout.runDir, user);
    const password = randomBytes(24).toString('base64url');
    registerSecret(password);
    const pwFile = path.join(stagedLayout.runDir, 'initdb-password');
    fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
    if (!user.isSelf) fs.chownSync(pwFile, user.uid, user.gid);
    log.info(`initialising the embedded PostgreSQL ${runtime.version} cluster in ${layout.root}`);
    await runInitdb(runtime, stagedLayout.dataDir, pwFile, user);
    fs.rmSync(pwFile, { force: true });
    writeCredentialFiles(stagedLayout, { user: SUPERUSER, password, database: DATABASE, port: EMBEDDED_PORT });
    try {
      if (fs.existsSync(layout.root)) fs.rmdirSync(layout.root); // only ever an empty dir here
      fs.renameSync(staging, layout.root);
      return true;
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOTEMPTY' || code === 'EEXIST') {
        log.debug('another holocron process initialised the cluster first; using theirs');
        return false;
      }
      throw error;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function makeServerDir(dir: string, user: ServerUser): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  if (!user.isSelf) fs.chownSync(dir, user.uid, user.gid);
}

/** Recreates run/ (socket and log) when it went missing, e.g. after a manual cleanup. */
export function ensureRunDirs(layout: ClusterLayout, user: ServerUser): void {
  if (!fs.existsSync(layout.runDir)) makeServerDir(layout.runDir, user);
  if (layout.socketDir !== layout.runDir) {
    if (!fs.existsSync(layout.socketDir)) makeServerDir(layout.socketDir, user);
    const stat = fs.statSync(layout.socketDir);
    if (stat.uid !== user.uid) {
      throw new ConfigError(`socket directory ${layout.socketDir} belongs to another user`, {
        hint: 'HOLOCRON_HOME is too long for a unix socket path; choose a shorter one.',
      });
    }
  }
  if (!serverUserCanAccess(user, layout.runDir, 'w')) {
    throw new ConfigError(`OS user '${user.name}' cannot write to ${layout.runDir}`, {
      hint: 'Choose a HOLOCRON_HOME that user can traverse (the root default is /var/lib/holocron), or set DATABASE_URL.',
    });
  }
}

function writeCredentialFiles(layout: ClusterLayout, credentials: ClusterCredentials): void {
  fs.writeFileSync(layout.credentialsFile, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  // libpq ignores a passfile readable by group or others, hence 600.
  fs.writeFileSync(layout.passFile, `*:*:*:${credentials.user}:${credentials.password}\n`, { mode: 0o600 });
}

function runInitdb(runtime: PgRuntime, dataDir: string, pwFile: string, user: ServerUser): Promise<void> {
  const args = [
    `--pgdata=${dataDir}`,
    `--username=${SUPERUSER}`,
    `--pwfile=${pwFile}`,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    // The builtin provider gives Unicode-aware lower()/ILIKE without depending on
    // which OS locales this machine happens to have installed.
    '--locale=C',
    '--locale-provider=builtin',
    '--builtin-locale=C.UTF-8',
    '--no-instructions',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(runtime.initdb, args, {
      ...asServerUser(user),
      cwd: '/',
      env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new ConfigError(`initdb failed (exit ${code}): ${lastLines(output, 8)}`));
    });
  });
}

/** Staging directories of initialisers that died (SIGKILL during initdb). */
function removeStaleStaging(home: string, log: Logger): void {
  for (const name of fs.readdirSync(home)) {
    const match = /^\.pg-init-(\d+)-/.exec(name);
    if (!match?.[1]) continue;
    if (isProcessAlive(Number(match[1]))) continue;
    log.debug(`removing leftover ${name} from an interrupted initialisation`);
    fs.rmSync(path.join(home, name), { recursive: true, force: true });
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}

export function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join('\n');
}
