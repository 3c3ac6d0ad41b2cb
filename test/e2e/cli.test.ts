import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliOnTty } from '../helpers/cli.js';
import { useTestDatabase } from '../helpers/db.js';
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

  it('db status --json describes the server, schemas and migrations', async () => {
    const result = await runCli(['db', 'status', '--json'], { env: { DATABASE_URL: t.url } });
    expect(result.code, result.stderr).toBe(0);
    const status = JSON.parse(result.stdout) as Record<string, any>;
    expect(status.server.kind).toBe('external');
    expect(status.server.version).toMatch(/^\d+/);
    expect(status.database).toBe(t.name);
    expect(status.schemas).toEqual(['goblin', 'skillweaver', 'petweaver', 'holocron', 'ops']);
    expect(status.migrations.pending).toBe(0);
    expect(status.migrations.applied).toBeGreaterThan(0);
    if (t.server.admin.password) expect(result.stdout).not.toContain(t.server.admin.password);
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
    // The embedded test server uses scram-sha-256; a trust-auth external server accepts anything.
    if (!t.server.admin.password) return;
    const wrong = t.url.replace(encodeURIComponent(t.server.admin.password), 'wrong-password-xyz');
    const result = await runCli(['db', 'status'], { env: { DATABASE_URL: wrong } });
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(/rejected the credentials/);
    expect(result.stderr).not.toContain('wrong-password-xyz');
  });

  it('db stop and db url refuse to act on an external server (exit 64)', async () => {
    for (const sub of ['stop', 'url']) {
      const result = await runCli(['db', sub], { env: { DATABASE_URL: t.url } });
      expect(result.code).toBe(64);
      if (t.server.admin.password) expect(result.stderr).not.toContain(t.server.admin.password);
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
