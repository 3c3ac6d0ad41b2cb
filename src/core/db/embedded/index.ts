import fs from 'node:fs';
import { ConfigError, errorMessage } from '../../errors.js';
import { folderProblem, makeFolders } from '../../folders.js';
import type { Logger } from '../../log.js';
import { clusterLayout, ensureRunDirs, initCluster, inspectCluster, readCredentials, type ClusterLayout } from './cluster.js';
import { resolveRuntime } from './runtime.js';
import { resolveServerUser, serverUserCanAccess, type ServerUser } from './server-user.js';
import { runningServer, startServer, stopServer, type RunningServer, type StopResult } from './server.js';

export { clusterLayout, type ClusterLayout } from './cluster.js';

export interface EmbeddedConnection {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  readonly layout: ClusterLayout;
  readonly server: RunningServer;
  /** True when this call started the server (it was not running). */
  readonly started: boolean;
}

export interface EmbeddedOptions {
  home: string;
  serverUserName: string;
  log: Logger;
}

/**
 * Returns connection parameters for the embedded server, initialising the cluster
 * on first use and starting the server when it is not running. The common case —
 * a server already up — costs two small file reads.
 */
export async function ensureEmbeddedServer(options: EmbeddedOptions): Promise<EmbeddedConnection> {
  const layout = clusterLayout(options.home);
  const state = inspectCluster(layout);
  if (state === 'ready') {
    const server = runningServer(layout);
    if (server?.status === 'ready') return connection(layout, server, false);
  }
  const user = resolveServerUser(options.serverUserName, options.log);
  prepareHome(options.home, user);
  const runtime = await resolveRuntime(options.home, user, options.log);
  if (inspectCluster(layout, runtime.major) === 'missing') {
    await initCluster(options.home, layout, runtime, user, options.log);
    inspectCluster(layout, runtime.major);
  }
  ensureRunDirs(layout, user);
  const server = await startServer(layout, runtime, user, options.log);
  return connection(layout, server, true);
}

function connection(layout: ClusterLayout, server: RunningServer, started: boolean): EmbeddedConnection {
  const credentials = readCredentials(layout);
  return {
    host: server.socketDir,
    port: server.port,
    user: credentials.user,
    password: credentials.password,
    database: credentials.database,
    layout,
    server,
    started,
  };
}

/**
 * As root the home must be traversable by the server user (755); a normal user's
 * home holds a password file, so it stays private (700).
 */
function prepareHome(home: string, user: ServerUser): void {
  // loadConfig checked this already; callers that pass a home of their own (tests, benches) get the same answer.
  const problem = folderProblem(home);
  if (problem) throw new ConfigError(`HOLOCRON_HOME=${home} cannot be used: ${problem}`);
  try {
    makeFolders(home, user.isSelf ? 0o700 : 0o755);
  } catch (error) {
    throw new ConfigError(`cannot create HOLOCRON_HOME=${home}: ${errorMessage(error)}`, { cause: error });
  }
  if (!serverUserCanAccess(user, home)) {
    // Our own directory (e.g. made by mktemp, mode 700): traversal is all the server
    // user needs; the files holding secrets stay mode 600.
    const stat = fs.statSync(home);
    if (stat.uid === process.getuid?.()) fs.chmodSync(home, stat.mode | 0o011);
  }
  if (!serverUserCanAccess(user, home)) {
    throw new ConfigError(`the embedded server runs as OS user '${user.name}', which cannot reach ${home}`, {
      hint: 'Run as root with the default HOLOCRON_HOME (/var/lib/holocron), choose a HOLOCRON_HOME that user can traverse, or set DATABASE_URL.',
    });
  }
}

export function stopEmbeddedServer(home: string, log: Logger): Promise<StopResult> {
  return stopServer(clusterLayout(home), log);
}

export function embeddedServerStatus(home: string): RunningServer | undefined {
  return runningServer(clusterLayout(home));
}
