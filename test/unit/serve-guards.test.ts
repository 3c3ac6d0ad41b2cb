import { describe, expect, it } from 'vitest';
import { isLoopback, tokenChecker } from '../../src/core/serve/auth.js';
import { RateLimiter } from '../../src/core/serve/rate-limit.js';
import { isSafeName } from '../../src/core/serve/uploads.js';

describe('serve guards', () => {
  it('accepts only the exact bearer token', () => {
    const ok = tokenChecker('s3cret-token-abcdefgh');
    expect(ok('Bearer s3cret-token-abcdefgh')).toBe(true);
    for (const header of [undefined, '', 'Bearer ', 'Bearer s3cret-token-abcdefg', 'Bearer s3cret-token-abcdefghX', 'bearer s3cret-token-abcdefgh', 's3cret-token-abcdefgh', 'Basic s3cret-token-abcdefgh']) {
      expect(ok(header), String(header)).toBe(false);
    }
  });

  it('refuses names that could leave the spool', () => {
    expect(isSafeName('Syndicator.lua')).toBe(true);
    expect(isSafeName('WoWCombatLog-120126_200000.txt')).toBe(true);
    for (const name of ['', '.', '..', '../x.lua', 'a/b', 'a\\b', 'x\0.lua', 'x..lua', 'a'.repeat(256)]) expect(isSafeName(name), name).toBe(false);
  });

  it('tells loopback addresses from the rest', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.2', 'r720']) expect(isLoopback(host), host).toBe(false);
  });

  it('gives each client a burst, then its rate', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 4, () => now);
    expect(Array.from({ length: 5 }, () => limiter.take('a'))).toEqual([true, true, true, true, false]);
    expect(limiter.take('b')).toBe(true);
    now += 500; // one token back at 2 per second
    expect([limiter.take('a'), limiter.take('a')]).toEqual([true, false]);
  });
});

describe('names in headers', () => {
  it('round-trips what the bridge sends: ASCII as is, anything else (or a %) percent-encoded and decoded by serve', async () => {
    const { headerText } = await import('../../src/core/bridge/upload.js');
    const { nameHeader } = await import('../../src/core/serve/http.js');
    for (const name of ['12345678#1', 'ÄÄKKÖSET', '100%', 'WoWCombatLog-120126.txt', '../../etc']) {
      const sent = headerText(name);
      expect(sent).toMatch(/^[\x20-\x7e]*$/);
      expect(nameHeader({ headers: { 'x-holocron-account': sent } } as unknown as import('node:http').IncomingMessage, 'x-holocron-account')).toBe(name);
    }
    expect(() => nameHeader({ headers: { 'x-holocron-account': 'bad%zz' } } as unknown as import('node:http').IncomingMessage, 'x-holocron-account')).toThrow(/percent-encoding/);
  });
});
