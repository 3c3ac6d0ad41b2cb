import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LastSeen } from '../../src/core/dashboard/last-seen.js';
import { TABS } from '../helpers/dashboard-tabs.js';
import { useTempDirs } from '../helpers/tmp.js';

const tempDir = useTempDirs();

describe('the dashboard’s last-seen tabs', () => {
  it('gives back what was saved, for the same database only', () => {
    const home = tempDir('holocron-last-seen-');
    new LastSeen(home, undefined).save(TABS.home);
    new LastSeen(home, undefined).save(TABS.roster);
    expect(new LastSeen(home, undefined).read()).toEqual({ home: TABS.home, roster: TABS.roster });
    expect(new LastSeen(home, 'postgres://elsewhere/db').read()).toEqual({});
    expect(fs.statSync(path.join(home, 'dashboard-last.json')).mode & 0o777).toBe(0o600);
  });

  it('ignores a missing, damaged or foreign file', () => {
    const home = tempDir('holocron-last-seen-');
    expect(new LastSeen(home, undefined).read()).toEqual({});
    fs.writeFileSync(path.join(home, 'dashboard-last.json'), '{"database": "x", "tabs"');
    expect(new LastSeen(home, undefined).read()).toEqual({});
    const seen = new LastSeen(home, undefined);
    seen.save(TABS.home);
    const stored = JSON.parse(fs.readFileSync(path.join(home, 'dashboard-last.json'), 'utf8')) as { tabs: Record<string, unknown> };
    stored.tabs.market = { tab: 'roster' };
    stored.tabs.weather = { tab: 'weather' };
    fs.writeFileSync(path.join(home, 'dashboard-last.json'), JSON.stringify(stored));
    expect(Object.keys(new LastSeen(home, undefined).read())).toEqual(['home']);
  });

  it('survives a home it cannot write to', () => {
    const seen = new LastSeen('/proc/holocron-nowhere', undefined);
    expect(() => seen.save(TABS.home)).not.toThrow();
  });
});
