import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, UnavailableError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { EMBEDDED_PORT, isProcessAlive, lastLines, type ClusterLayout } from './cluster.js';
import type { PgRuntime } from './runtime.js';
import { asServerUser, type ServerUser } from './server-user.js';

/**
 * The embedded server is a detached postmaster that outlives the command that
 * started it, so later commands (and cron runs) connect in milliseconds instead of
 * paying a start each time. It listens only on a unix socket in its own directory,
 * so it can never collide with a system server on port 5432.
 */
export interface RunningServer {
  readonly pid: number;
  readonly socketDir: string;
  readonly port: number;
  readonly status: string;
}

// Lines of postmaster.pid, see PostgreSQL's pidfile.h.
const PID_LINE = 0;
const PORT_LINE = 3;
const SOCKET_DIR_LINE = 4;
const STATUS_LINE = 7;

/** Reads postmaster.pid and checks that its process is really our postmaster. */
export function runningServer(layout: ClusterLayout): RunningServer | undefined {
  let lines: string[];
  try {
    lines = fs.readFileSync(`${layout.dataDir}/postmaster.pid`, 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(lines[PID_LINE] ?? '', 10);
  if (!Number.isFinite(pid) || pid <= 0 || processKind(pid) !== 'postgres') return undefined;
  return {
    pid,
    port: Number.parseInt(lines[PORT_LINE] ?? '', 10) || EMBEDDED_PORT,
    socketDir: lines[SOCKET_DIR_LINE]?.trim() || layout.socketDir,
    status: lines[STATUS_LINE]?.trim() ?? '',
  };
}

/**
 * After a SIGKILL the pid in postmaster.pid may be a zombie (a container whose
 * init does not reap) or belong to an unrelated process by now. Only a live
 * process named postgres counts as the server. PostgreSQL itself replaces a pid
 * file whose process is gone, but it takes a zombie or a reused pid for a running
 * server and refuses to start, so those files are ours to remove.
 */
type ProcessKind = 'dead' | 'postgres' | 'zombie' | 'other';

function processKind(pid: number): ProcessKind {
  if (!isProcessAlive(pid)) return 'dead';
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\) Z /.test(stat)) return 'zombie';
    const argv0 = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return argv0.endsWith('postgres') || argv0.startsWith('postgres:') ? 'postgres' : 'other';
  } catch {
    // No /proc or not allowed to look: assume the worst (a live server).
    return 'postgres';
  }
}

export interface StartOptions {
  timeoutMs?: number;
}

/**
 * Starts the postmaster unless one is already up, and waits until it accepts
 * connections. Two processes calling this at once both succeed: PostgreSQL's own
 * lock on postmaster.pid lets exactly one postmaster win and the other command
 * waits for that one.
 */
export async function startServer(
  layout: ClusterLayout,
  runtime: PgRuntime,
  user: ServerUser,
  log: Logger,
  options: StartOptions = {},
): Promise<RunningServer> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let attempt = 0;
  for (;;) {
    const current = runningServer(layout);
    if (current?.status === 'ready') return current;
    if (current) {
      // Someone else's postmaster is starting (or shutting down): wait for it.
      await waitOrFail(deadline, layout, 'the embedded server did not become ready');
      continue;
    }
    removeForeignPidFile(layout, log);
    attempt += 1;
    log.debug(`starting the embedded PostgreSQL server (attempt ${attempt})`);
    const outcome = await spawnPostmaster(layout, runtime, user, deadline);
    if (outcome.kind === 'ready') return outcome.server;
    // Lost a start race, or children of a killed postmaster still hold its shared
    // memory: both clear up within moments.
    if (Date.now() > deadline || attempt >= 20) {
      throw new UnavailableError(`the embedded PostgreSQL server did not start: ${outcome.reason}`, {
        hint: `See ${layout.logFile}.`,
      });
    }
    if (isFatalStartError(outcome.reason)) {
      throw new ConfigError(`the embedded PostgreSQL server cannot start: ${outcome.reason}`, {
        hint: `Nothing was deleted. See ${layout.logFile}.`,
      });
    }
    await sleep(Math.min(100 * attempt, 1000));
  }
}

type SpawnOutcome = { kind: 'ready'; server: RunningServer } | { kind: 'exited'; reason: string };

async function spawnPostmaster(
  layout: ClusterLayout,
  runtime: PgRuntime,
  user: ServerUser,
  deadline: number,
): Promise<SpawnOutcome> {
  rotateLog(layout.logFile);
  const logStart = fileSize(layout.logFile);
  const logFd = fs.openSync(layout.logFile, 'a', 0o600);
  if (!user.isSelf) fs.fchownSync(logFd, user.uid, user.gid);
  let exited = false;
  try {
    const child = spawn(
      runtime.postgres,
      ['-D', layout.dataDir, '-k', layout.socketDir, '-p', String(EMBEDDED_PORT), '-c', 'listen_addresses='],
      {
        ...asServerUser(user),
        cwd: '/',
        detached: true,
        stdio: ['ignore', logFd, logFd],
        env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C', LD_LIBRARY_PATH: runtime.libDir },
      },
    );
    child.on('exit', () => (exited = true));
    child.on('error', () => (exited = true));
    child.unref();
    for (;;) {
      const server = runningServer(layout);
      if (server && server.pid === child.pid && server.status === 'ready') return { kind: 'ready', server };
      if (exited) return { kind: 'exited', reason: newLogLines(layout.logFile, logStart) };
      if (Date.now() > deadline) return { kind: 'exited', reason: 'timed out waiting for "ready"' };
      await sleep(15);
    }
  } finally {
    fs.closeSync(logFd);
  }
}

/** Problems that retrying cannot fix: damaged or incompatible data, bad permissions. */
function isFatalStartError(reason: string): boolean {
  return /incompatible with server|could not read file|invalid checkpoint|Permission denied|corrupt|is not a valid data directory|database files are incompatible/i.test(
    reason,
  );
}

function removeForeignPidFile(layout: ClusterLayout, log: Logger): void {
  const pidFile = `${layout.dataDir}/postmaster.pid`;
  let pid: number;
  try {
    pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  } catch {
    return;
  }
  if (!Number.isFinite(pid) || pid <= 0) return;
  const kind = processKind(pid);
  if (kind === 'zombie') log.info(`the previous server (pid ${pid}) was killed; removing its postmaster.pid`);
  if (kind === 'other') log.warn(`postmaster.pid names process ${pid}, which is not a PostgreSQL server; removing the stale file`);
  if (kind === 'zombie' || kind === 'other') fs.rmSync(pidFile, { force: true });
}

async function waitOrFail(deadline: number, layout: ClusterLayout, message: string): Promise<void> {
  if (Date.now() > deadline) throw new UnavailableError(message, { hint: `See ${layout.logFile}.` });
  await sleep(20);
}

export interface StopResult {
  readonly wasRunning: boolean;
  readonly pid?: number;
}

/** Fast shutdown (SIGINT): open transactions roll back, committed data is safe. */
export async function stopServer(layout: ClusterLayout, log: Logger, timeoutMs = 30_000): Promise<StopResult> {
  const server = runningServer(layout);
  if (!server) return { wasRunning: false };
  process.kill(server.pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(server.pid)) {
    if (Date.now() > deadline) {
      log.warn(`server ${server.pid} ignored a fast shutdown; sending an immediate shutdown`);
      process.kill(server.pid, 'SIGQUIT');
      await sleep(500);
      break;
    }
    await sleep(20);
  }
  return { wasRunning: true, pid: server.pid };
}

const MAX_LOG_BYTES = 10 * 1024 * 1024;

function rotateLog(logFile: string): void {
  if (fileSize(logFile) > MAX_LOG_BYTES) fs.renameSync(logFile, `${logFile}.1`);
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function newLogLines(logFile: string, from: number): string {
  try {
    const text = fs.readFileSync(logFile).subarray(from).toString('utf8');
    const interesting = text.split('\n').filter((line) => /FATAL|ERROR|PANIC|HINT/.test(line));
    return lastLines(interesting.length > 0 ? interesting.join('\n') : text, 4) || 'postgres exited';
  } catch {
    return 'postgres exited';
  }
}
