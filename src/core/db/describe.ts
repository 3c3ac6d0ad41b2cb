export interface DatabaseUrlParts {
  host: string;
  port: string;
  database: string;
  user: string;
  password: string;
}

const SOCKET_PLACEHOLDER = '__socket__';

/**
 * libpq accepts URLs that WHATWG's URL parser rejects, notably an empty host with
 * credentials (`postgresql://user:pw@/db?host=/run/postgresql`). Parse those by
 * giving the URL a placeholder host, as node-postgres itself does.
 */
export function parseDatabaseUrl(url: string): DatabaseUrlParts & { protocol: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    parsed = new URL(url.replace('@/', `@${SOCKET_PLACEHOLDER}/`));
  }
  const hostname = parsed.hostname === SOCKET_PLACEHOLDER ? '' : parsed.hostname;
  const user = decodeURIComponent(parsed.username);
  return {
    protocol: parsed.protocol,
    host: hostname || parsed.searchParams.get('host') || 'localhost',
    port: parsed.port || parsed.searchParams.get('port') || '5432',
    database: decodeURIComponent(parsed.pathname.slice(1)) || user || 'postgres',
    user,
    password: decodeURIComponent(parsed.password),
  };
}

/** host:port/database from a libpq URL, never the user's password. */
export function describeExternal(url: string): string {
  try {
    const { host, port, database } = parseDatabaseUrl(url);
    return `${host}:${port}/${database}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}
