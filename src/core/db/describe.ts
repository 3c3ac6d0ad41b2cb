/** host:port/database from a libpq URL, never the user's password. */
export function describeExternal(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
    const port = parsed.port || parsed.searchParams.get('port') || '5432';
    const database = decodeURIComponent(parsed.pathname.slice(1)) || parsed.username || 'postgres';
    return `${host}:${port}/${database}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

