import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { ensureEmbeddedServer, type EmbeddedConnection } from './embedded/index.js';

/**
 * A libpq URL for the embedded server that carries no password: libpq reads it
 * from the passfile named in the URL, so `psql "$(holocron db url)"` just works
 * and the password never appears in a process list or a shell history.
 */
export async function embeddedPsqlUrl(config: Config, log: Logger): Promise<string> {
  const conn = await ensureEmbeddedServer({ home: config.home, serverUserName: config.embeddedServerUser, log });
  return psqlUrl(conn);
}

export function psqlUrl(conn: EmbeddedConnection, database = conn.database): string {
  const query = [
    ['host', conn.host],
    ['port', String(conn.port)],
    ['passfile', conn.layout.passFile],
  ]
    .map(([key, value]) => `${key}=${encodeQueryValue(value ?? '')}`)
    .join('&');
  return `postgresql://${encodeURIComponent(conn.user)}@/${encodeURIComponent(database)}?${query}`;
}

/** libpq decodes %XX but not `+`, and accepts literal slashes in query values. */
function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/%2F/gi, '/');
}
