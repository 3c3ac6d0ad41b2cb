import os from 'node:os';
import path from 'node:path';
import { parseDatabaseUrl } from './db/describe.js';
import { ConfigError } from './errors.js';
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
  const home = nonEmpty(env.HOLOCRON_HOME) ?? defaultHome(currentUid(), os.homedir());
  return Object.freeze({
    databaseUrl,
    home: path.resolve(home),
    embeddedServerUser: nonEmpty(env.HOLOCRON_PG_OS_USER) ?? 'postgres',
    blizzard: Object.freeze({
      clientId: nonEmpty(env.BLIZZARD_CLIENT_ID),
      clientSecret,
      oauthUrl: nonEmpty(env.BLIZZARD_OAUTH_URL) ?? 'https://oauth.battle.net/token',
      apiUrl: nonEmpty(env.BLIZZARD_API_URL) ?? 'https://{region}.api.blizzard.com',
      maxAttempts: positiveInteger(env, 'HOLOCRON_API_MAX_ATTEMPTS', 5),
      retryBaseMs: positiveInteger(env, 'HOLOCRON_API_RETRY_BASE_MS', 1000),
    }),
  });
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

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = nonEmpty(env[name]);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a positive whole number (got '${text}')`);
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
  ['HOLOCRON_API_MAX_ATTEMPTS', 'tries per API request before giving up (default 5)'],
  ['HOLOCRON_API_RETRY_BASE_MS', 'first retry delay, doubled each time (default 1000)'],
];
