import os from 'node:os';
import path from 'node:path';
import { parseDatabaseUrl } from './db/describe.js';
import { ConfigError } from './errors.js';
import { folderProblem } from './folders.js';
import { registerSecret } from './redact.js';

/**
 * Holocron reads its configuration from the environment only (plus flags the
 * commands add on top). Cron has a minimal environment, so `--env <file>` loads
 * a file into process.env before this runs.
 */
export interface Config {
  /** libpq URL of an external server; undefined selects the embedded server. */
  readonly databaseUrl: string | undefined;
  /** Where the embedded server, raw files and archives live. */
  readonly home: string;
  /** OS user that runs the embedded server when holocron runs as root. */
  readonly embeddedServerUser: string;
  readonly blizzard: BlizzardConfig;
}

export interface BlizzardConfig {
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  readonly oauthUrl: string;
  /** `{region}` is replaced by us, eu, kr or tw. */
  readonly apiUrl: string;
  /** Tries per request before a dataset counts as failed (429, 5xx, timeouts). */
  readonly maxAttempts: number;
  /** First retry delay; doubles each time, with jitter. */
  readonly retryBaseMs: number;
}

export const ROOT_DEFAULT_HOME = '/var/lib/holocron';

/**
 * Root's home is mode 700, so the unprivileged server user could not reach a data
 * directory under it; root therefore defaults to the FHS place for service state.
 */
export function defaultHome(uid: number, homedir: string): string {
  return uid === 0 ? ROOT_DEFAULT_HOME : path.join(homedir, '.holocron');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = nonEmpty(env.DATABASE_URL);
  if (databaseUrl !== undefined) validateDatabaseUrl(databaseUrl);
  const clientSecret = nonEmpty(env.BLIZZARD_CLIENT_SECRET);
  registerSecret(clientSecret);
  const home = checkHome(nonEmpty(env.HOLOCRON_HOME), defaultHome(currentUid(), os.homedir()));
  return Object.freeze({
    databaseUrl,
    home,
    embeddedServerUser: osUserName(nonEmpty(env.HOLOCRON_PG_OS_USER) ?? 'postgres'),
    blizzard: Object.freeze({
      clientId: nonEmpty(env.BLIZZARD_CLIENT_ID),
      clientSecret,
      oauthUrl: httpUrl(env, 'BLIZZARD_OAUTH_URL', 'https://oauth.battle.net/token'),
      apiUrl: httpUrl(env, 'BLIZZARD_API_URL', 'https://{region}.api.blizzard.com'),
      maxAttempts: wholeNumber(env, 'HOLOCRON_API_MAX_ATTEMPTS', 5, 100),
      // The client caps every delay at 30 s, so a larger base would only mislead.
      retryBaseMs: wholeNumber(env, 'HOLOCRON_API_RETRY_BASE_MS', 1000, 30_000),
    }),
  });
}

/**
 * The state directory must be (or become) a folder. A line break is refused too:
 * PostgreSQL records the socket directory as one line of postmaster.pid, so the
 * server would start and never be found.
 */
function checkHome(fromEnv: string | undefined, fallback: string): string {
  const home = path.resolve(fromEnv ?? fallback);
  const label = fromEnv !== undefined ? `HOLOCRON_HOME=${home}` : `${home} (the default HOLOCRON_HOME)`;
  if (/[\0\r\n]/.test(home)) throw new ConfigError(`HOLOCRON_HOME must not contain a line break (got ${JSON.stringify(home)})`);
  const problem = folderProblem(home);
  if (problem === undefined) return home;
  throw new ConfigError(problem.startsWith(`${home} is `) ? `${label}${problem.slice(home.length)}` : `${label} cannot be used: ${problem}`, {
    hint: 'Point HOLOCRON_HOME at a folder (it is created if missing), or remove what is in its place.',
  });
}

/** useradd and id take it as an argument: an option-like name must not reach them. */
function osUserName(name: string): string {
  if (!/^[a-z_][a-z0-9_.-]{0,31}$/i.test(name)) throw new ConfigError(`HOLOCRON_PG_OS_USER must be an OS user name like postgres (got '${name}')`);
  return name;
}

/** `{region}` is substituted later; it is checked here with a real region in its place. */
function httpUrl(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const text = nonEmpty(env[name]);
  if (text === undefined) return fallback;
  let protocol: string | undefined;
  try {
    protocol = new URL(text.replaceAll('{region}', 'us')).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw new ConfigError(`${name} must be an http:// or https:// URL (got '${text}')`);
  return text;
}

function validateDatabaseUrl(url: string): void {
  let parsed: ReturnType<typeof parseDatabaseUrl>;
  try {
    parsed = parseDatabaseUrl(url);
  } catch {
    throw new ConfigError('DATABASE_URL is not a valid URL', {
      hint: 'Use the libpq form postgres://user:password@host:5432/database',
    });
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql:// (got ${parsed.protocol}//)`);
  }
  registerSecret(parsed.password);
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const text = nonEmpty(env[name]);
  if (text === undefined) return fallback;
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1 && value <= max)) throw new ConfigError(`${name} must be a whole number from 1 to ${max} (got '${text}')`);
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

export function currentUid(): number {
  return typeof process.getuid === 'function' ? process.getuid() : -1;
}

/** The environment variables holocron reads, for --help and the README. */
export const ENVIRONMENT_HELP: ReadonlyArray<[string, string]> = [
  ['DATABASE_URL', 'external PostgreSQL (libpq URL); unset = embedded server'],
  ['HOLOCRON_HOME', 'state directory (default ~/.holocron, /var/lib/holocron for root)'],
  ['HOLOCRON_PG_OS_USER', 'OS user for the embedded server when run as root (default postgres)'],
  ['BLIZZARD_CLIENT_ID', 'Battle.net API client id'],
  ['BLIZZARD_CLIENT_SECRET', 'Battle.net API client secret (never printed)'],
  ['BLIZZARD_OAUTH_URL', 'token endpoint (default https://oauth.battle.net/token)'],
  ['BLIZZARD_API_URL', 'API base, {region} substituted (default https://{region}.api.blizzard.com)'],
  ['HOLOCRON_API_MAX_ATTEMPTS', 'tries per API request before giving up, 1-100 (default 5)'],
  ['HOLOCRON_TOKEN', 'bearer token of holocron serve (else $HOLOCRON_HOME/serve-token; never printed)'],
  ['HOLOCRON_API_RETRY_BASE_MS', 'first retry delay, doubled each time, 1-30000 (default 1000)'],
];
