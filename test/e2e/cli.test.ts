import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliOnTty } from '../helpers/cli.js';
import { useTestDatabase } from '../helpers/db.js';
import { databaseUrl } from '../helpers/server-config.js';
import { useTempDirs } from '../helpers/tmp.js';

const ANSI = /\u001b\[/;
const tempDir = useTempDirs();

describe('usage', () => {
  it('prints help with exit 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: holocron');
    expect(result.stdout).toContain('DATABASE_URL');
  });

  it('exits 64 without a command, on an unknown command and on an unknown flag', async () => {
    for (const args of [[], ['frobnicate'], ['db', 'status', '--no-such-flag'], ['db', 'nope']]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(64);
      expect(result.stdout).toBe('');
    }
  });

  it('suggests the closest command', async () => {
    const result = await runCli(['db', 'statsu']);
    expect(result.stderr).toMatch(/Did you mean status\?/);
  });
});

describe('with DATABASE_URL', () => {
  const t = useTestDatabase();
  // The embedded test server checks passwords (scram-sha-256); CI's external one
  // trusts everyone and never asks. A URL always carries a password here, so the
  // checks that it is never printed run against both.
  const secret = () => t.server.admin.password ?? 'never-printed-7f3a91';
  const secretUrl = () => databaseUrl({ ...t.server.admin, password: secret() }, t.name);

  it('db status --json describes the server, schemas and migrations', async () => {
    const result = await runCli(['db', 'status', '--json'], { env: { DATABASE_URL: secretUrl() } });
    expect(result.code, result.stderr).toBe(0);
    const status = JSON.parse(result.stdout) as Record<string, any>;
    expect(status.server.kind).toBe('external');
    expect(status.server.version).toMatch(/^\d+/);
    expect(status.database).toBe(t.name);
    expect(status.schemas).toEqual(['goblin', 'skillweaver', 'petweaver', 'holocron', 'ops']);
    expect(status.migrations.pending).toBe(0);
    expect(status.migrations.applied).toBeGreaterThan(0);
    expect(result.stdout + result.stderr).not.toContain(secret());
  });

  it('db status prints plain lines without ANSI codes when not on a terminal', async () => {
    const result = await runCli(['db', 'status'], { env: { DATABASE_URL: t.url } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^server: external PostgreSQL/m);
    expect(result.stdout + result.stderr).not.toMatch(ANSI);
  });

  it('db status renders with Ink on a terminal', async () => {
    const result = await runCliOnTty(['db', 'status'], { env: { DATABASE_URL: t.url } });
    if (!result) return; // no `script` on this machine
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Holocron database');
    expect(result.stdout).toMatch(ANSI);
    expect(result.stdout).toContain(t.name);
  });

  it('db migrate reports an up-to-date database', async () => {
    const result = await runCli(['db', 'migrate', '--json'], { env: { DATABASE_URL: t.url } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).newlyApplied).toEqual([]);
  });

  it('reads DATABASE_URL from --env', async () => {
    const file = path.join(tempDir('holocron-envfile-'), 'holocron.env');
    fs.writeFileSync(file, `DATABASE_URL=${t.url}\n`);
    const result = await runCli(['--env', file, 'db', 'status', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).database).toBe(t.name);
  });

  it('reports rejected credentials with exit 78 and without the password', async () => {
    // A role that does not exist is refused by every server, whatever its pg_hba says.
    const wrongUrls = [databaseUrl({ ...t.server.admin, user: 'no_such_role_holocron', password: 'wrong-password-xyz' }, t.name)];
    // A wrong password for a real role is refused only by a server that asks for one:
    // CI's external server (trust) lets it in, so that variant runs on the embedded one.
    if (t.server.admin.password) wrongUrls.push(t.url.replace(encodeURIComponent(t.server.admin.password), 'wrong-password-xyz'));
    for (const url of wrongUrls) {
      const result = await runCli(['db', 'status'], { env: { DATABASE_URL: url } });
      expect(result.code, result.stderr).toBe(78);
      expect(result.stderr).toMatch(/rejected the credentials/);
      expect(result.stderr).not.toContain('wrong-password-xyz');
    }
  });

  it('db stop and db url refuse to act on an external server (exit 64)', async () => {
    for (const sub of ['stop', 'url']) {
      const result = await runCli(['db', sub], { env: { DATABASE_URL: secretUrl() } });
      expect(result.code).toBe(64);
      expect(result.stdout + result.stderr).not.toContain(secret());
    }
  });
});

describe('bad configuration', () => {
  it('names host and port, never the password, when the server is unreachable (exit 69)', async () => {
    const result = await runCli(['db', 'status'], { env: { DATABASE_URL: 'postgres://app:hunter2secret@127.0.0.1:1/holocron' } });
    expect(result.code).toBe(69);
    expect(result.stderr).toContain('127.0.0.1:1');
    expect(result.stderr).not.toContain('hunter2secret');
    expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });

  it('rejects an invalid DATABASE_URL with exit 78', async () => {
    const result = await runCli(['db', 'status'], { env: { DATABASE_URL: 'http://nope' } });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('DATABASE_URL');
  });

  it('rejects a missing --env with exit 78', async () => {
    const result = await runCli(['--env', '/nonexistent/holocron.env', 'db', 'status']);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('/nonexistent/holocron.env');
  });
});
