import { describe, expect, it } from 'vitest';
import { ROOT_DEFAULT_HOME, defaultHome, loadConfig } from '../../src/core/config.js';
import { ConfigError } from '../../src/core/errors.js';
import { redact } from '../../src/core/redact.js';
import { describeExternal } from '../../src/core/db/describe.js';

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

describe('describeExternal', () => {
  it('names host, port and database but never the password', () => {
    expect(describeExternal('postgres://u:secret@db.example:6543/market')).toBe('db.example:6543/market');
    expect(describeExternal('postgresql://u:secret@/holocron?host=/run/pg&port=5433')).toBe('/run/pg:5433/holocron');
    expect(describeExternal('postgresql:///x')).toBe('localhost:5432/x');
  });
});
