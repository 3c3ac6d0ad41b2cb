import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DEFAULT_HOME, defaultHome, loadConfig } from '../../src/core/config.js';
import { ConfigError } from '../../src/core/errors.js';
import { redact } from '../../src/core/redact.js';
import { describeExternal } from '../../src/core/db/describe.js';
import { useTempDirs } from '../helpers/tmp.js';

const tempDir = useTempDirs();

describe('loadConfig', () => {
  it('selects the embedded server when DATABASE_URL is unset or empty', () => {
    expect(loadConfig({ HOLOCRON_HOME: '/tmp/h' }).databaseUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: '  ', HOLOCRON_HOME: '/tmp/h' }).databaseUrl).toBeUndefined();
  });

  it('rejects a DATABASE_URL that is not a postgres URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x@y/z' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL is not a valid URL/);
  });

  it('registers the DATABASE_URL password and the client secret for redaction', () => {
    loadConfig({ DATABASE_URL: 'postgres://u:pw-from-url@h/db', BLIZZARD_CLIENT_SECRET: 'blizz-secret' });
    expect(redact('x pw-from-url y blizz-secret')).toBe('x *** y ***');
  });

  it('defaults HOLOCRON_HOME to ~/.holocron, and to /var/lib/holocron for root', () => {
    expect(defaultHome(1000, '/home/alice')).toBe('/home/alice/.holocron');
    expect(defaultHome(0, '/root')).toBe(ROOT_DEFAULT_HOME);
  });

  it('substitutes defaults for the Blizzard endpoints', () => {
    const config = loadConfig({ HOLOCRON_HOME: '/tmp/h' });
    expect(config.blizzard.oauthUrl).toBe('https://oauth.battle.net/token');
    expect(config.blizzard.apiUrl).toBe('https://{region}.api.blizzard.com');
  });
});

describe('loadConfig refuses what cannot work, naming the variable (exit 78)', () => {
  const dir = tempDir('holocron-config-');
  const file = path.join(dir, 'file');
  fs.writeFileSync(file, '');
  const refused = (env: NodeJS.ProcessEnv): string => {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error(`accepted ${JSON.stringify(env)}`);
  };

  it('HOLOCRON_HOME: a file, a device, something under a file, a line break', () => {
    expect(refused({ HOLOCRON_HOME: file })).toBe(`HOLOCRON_HOME=${file} is a file, not a folder`);
    expect(refused({ HOLOCRON_HOME: '/dev/null' })).toBe('HOLOCRON_HOME=/dev/null is a device, not a folder');
    expect(refused({ HOLOCRON_HOME: path.join(file, 'home') })).toBe(`HOLOCRON_HOME=${file}/home cannot be used: ${file} is a file, not a folder`);
    expect(refused({ HOLOCRON_HOME: `${dir}/a\nb` })).toMatch(/HOLOCRON_HOME must not contain a line break/);
  });

  it('accepts a HOLOCRON_HOME that is a folder or does not exist yet, resolved to an absolute path', () => {
    expect(loadConfig({ HOLOCRON_HOME: dir }).home).toBe(dir);
    expect(loadConfig({ HOLOCRON_HOME: path.join(dir, 'new', 'home') }).home).toBe(path.join(dir, 'new', 'home'));
    expect(loadConfig({ HOLOCRON_HOME: 'relative-home' }).home).toBe(path.resolve('relative-home'));
  });

  it('Blizzard endpoints must be http(s) URLs; {region} is allowed in the host', () => {
    expect(refused({ HOLOCRON_HOME: dir, BLIZZARD_API_URL: 'not a url' })).toBe("BLIZZARD_API_URL must be an http:// or https:// URL (got 'not a url')");
    expect(refused({ HOLOCRON_HOME: dir, BLIZZARD_OAUTH_URL: 'ftp://x/token' })).toMatch(/^BLIZZARD_OAUTH_URL must be/);
    expect(loadConfig({ HOLOCRON_HOME: dir, BLIZZARD_API_URL: 'https://{region}.example.test' }).blizzard.apiUrl).toBe('https://{region}.example.test');
  });

  it('retry settings are bounded whole numbers', () => {
    for (const value of ['0', '101', '1e9', '2.5', 'x']) expect(refused({ HOLOCRON_HOME: dir, HOLOCRON_API_MAX_ATTEMPTS: value })).toMatch(/^HOLOCRON_API_MAX_ATTEMPTS must be a whole number from 1 to 100/);
    expect(refused({ HOLOCRON_HOME: dir, HOLOCRON_API_RETRY_BASE_MS: '30001' })).toMatch(/from 1 to 30000/);
    expect(loadConfig({ HOLOCRON_HOME: dir, HOLOCRON_API_MAX_ATTEMPTS: '100', HOLOCRON_API_RETRY_BASE_MS: '30000' }).blizzard).toMatchObject({ maxAttempts: 100, retryBaseMs: 30000 });
  });

  it('HOLOCRON_PG_OS_USER must look like a user name, so useradd never sees an option', () => {
    expect(refused({ HOLOCRON_HOME: dir, HOLOCRON_PG_OS_USER: '--help' })).toMatch(/HOLOCRON_PG_OS_USER must be an OS user name/);
    expect(loadConfig({ HOLOCRON_HOME: dir, HOLOCRON_PG_OS_USER: 'pg_holocron' }).embeddedServerUser).toBe('pg_holocron');
  });
});

describe('describeExternal', () => {
  it('names host, port and database but never the password', () => {
    expect(describeExternal('postgres://u:secret@db.example:6543/market')).toBe('db.example:6543/market');
    expect(describeExternal('postgresql://u:secret@/holocron?host=/run/pg&port=5433')).toBe('/run/pg:5433/holocron');
    expect(describeExternal('postgresql:///x')).toBe('localhost:5432/x');
  });
});
