export interface AdminConfig {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
}

export interface TestServer {
  kind: 'embedded' | 'external';
  admin: AdminConfig;
  template: string;
  home?: string;
}

export function adminConfigFromUrl(url: string): AdminConfig {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  return {
    host: parsed.hostname || parsed.searchParams.get('host') || 'localhost',
    port: Number(parsed.port || parsed.searchParams.get('port') || 5432),
    user: decodeURIComponent(parsed.username) || 'postgres',
    ...(password ? { password } : {}),
    database: decodeURIComponent(parsed.pathname.slice(1)) || 'postgres',
  };
}

/** A libpq URL for one database on the test server, for spawned CLI processes. */
export function databaseUrl(admin: AdminConfig, database: string): string {
  const auth = `${encodeURIComponent(admin.user)}${admin.password ? `:${encodeURIComponent(admin.password)}` : ''}`;
  if (admin.host.startsWith('/')) {
    return `postgresql://${auth}@/${database}?host=${encodeURIComponent(admin.host)}&port=${admin.port}`;
  }
  return `postgresql://${auth}@${admin.host}:${admin.port}/${database}`;
}
