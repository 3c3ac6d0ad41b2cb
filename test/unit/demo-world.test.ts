import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commodityAuctions, realmAuctions, snapshotHours } from '../../src/core/demo/auctions.js';
import { nextUsReset, writeDemoAccount } from '../../src/core/demo/savedvariables.js';
import { HOUR_MS, demoWorld } from '../../src/core/demo/world.js';
import { readSavedVariables } from '../../src/core/lua/saved-variables.js';

/** The demo's generated world: the same seed and hour always give the same data, and the data behaves like a market. */
const HOUR = Math.floor(Date.parse('2026-12-01T12:00:00Z') / HOUR_MS);
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('demo world', () => {
  it('is a pure function of the seed and the hour', () => {
    expect(demoWorld()).toEqual(demoWorld());
    expect(commodityAuctions(demoWorld(), HOUR)).toEqual(commodityAuctions(demoWorld(), HOUR));
    expect(realmAuctions(demoWorld(), 60, HOUR)).toEqual(realmAuctions(demoWorld(), 60, HOUR));
    expect(commodityAuctions(demoWorld(7), HOUR)).not.toEqual(commodityAuctions(demoWorld(), HOUR));
  });

  it('lists every traded item with unique auction ids, and the realms their own gear and pets', () => {
    const world = demoWorld();
    const auctions = commodityAuctions(world, HOUR);
    expect(new Set(auctions.map((a) => a.id)).size).toBe(auctions.length);
    const traded = world.items.filter((i) => i.market === 'commodity' && i.depth > 0).map((i) => i.id);
    expect(new Set(auctions.map((a) => a.item.id))).toEqual(new Set(traded));
    expect(auctions.every((a) => a.unit_price! > 0 && a.quantity > 0)).toBe(true);
    const realm = realmAuctions(world, 60, HOUR);
    expect(realm.some((a) => a.item.pet_species_id !== undefined)).toBe(true);
    expect(realm.every((a) => a.buyout! > 0 && a.quantity === 1)).toBe(true);
    expect(realmAuctions(world, 3676, HOUR)).not.toEqual(realm);
  });

  it('sells listings between snapshots: some disappear before they run short, new ones arrive', () => {
    const world = demoWorld();
    const before = commodityAuctions(world, HOUR);
    const after = new Set(commodityAuctions(world, HOUR + 1).map((a) => a.id));
    const gone = before.filter((a) => !after.has(a.id));
    expect(gone.some((a) => a.time_left === 'VERY_LONG' || a.time_left === 'LONG')).toBe(true);
    expect([...after].some((id) => !before.some((a) => a.id === id))).toBe(true);
  });

  it('moves prices from day to day', () => {
    const world = demoWorld();
    const mean = (hour: number) => {
      const rows = commodityAuctions(world, hour).filter((a) => a.item.id === 210796);
      return rows.reduce((sum, a) => sum + a.unit_price!, 0) / rows.length;
    };
    expect(mean(HOUR)).not.toBe(mean(HOUR - 24 * 7));
  });

  it('scrapes every 6 hours over the history, then hourly, ending before the current hour', () => {
    const now = HOUR * HOUR_MS + 25 * 60_000;
    const hours = snapshotHours(now, 7, 6);
    expect(hours.at(-1)).toBe(HOUR - 1);
    expect(hours.slice(-6)).toEqual([HOUR - 6, HOUR - 5, HOUR - 4, HOUR - 3, HOUR - 2, HOUR - 1]);
    expect(hours.slice(0, -6).every((h) => h % 6 === 0)).toBe(true);
    expect(hours[0]).toBeGreaterThanOrEqual(HOUR - 1 - 7 * 24);
    expect([...hours].sort((a, b) => a - b)).toEqual(hours);
  });
});

describe('demo account', () => {
  it('writes the same SavedVariables for the same instant, and each parses', () => {
    const write = () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-demo-sv-'));
      dirs.push(dir);
      return writeDemoAccount(demoWorld(), dir, HOUR * HOUR_MS);
    };
    const [a, b] = [write(), write()];
    expect(a.files.map((f) => path.basename(f))).toEqual(['Holocron.lua', 'Rematch.lua', 'Syndicator.lua', 'TradeSkillMaster.lua']);
    for (const [i, file] of a.files.entries()) {
      const bytes = fs.readFileSync(file);
      expect(bytes.equals(fs.readFileSync(b.files[i]!))).toBe(true);
      expect(readSavedVariables(bytes, file).size).toBeGreaterThan(0);
    }
    expect(a.folder.endsWith(path.join('WTF', 'Account', 'DEMO', 'SavedVariables'))).toBe(true);
  });

  it('repeats the ledger rows of the days two saves share, so a later save adds only the new days', () => {
    const salesOf = (at: number) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-demo-sv-'));
      dirs.push(dir);
      const file = writeDemoAccount(demoWorld(), dir, at).files.find((f) => f.endsWith('TradeSkillMaster.lua'))!;
      const csv = /csvSales"\] = "([^"]*)"/.exec(fs.readFileSync(file, 'utf8'))![1]!;
      return csv.split('\\n').slice(1);
    };
    const before = salesOf(HOUR * HOUR_MS);
    const after = new Set(salesOf((HOUR + 36) * HOUR_MS));
    const shared = before.filter((row) => Number(row.split(',')[6]) >= (Math.floor(((HOUR + 36) * 3600) / 86_400) - 29) * 86_400);
    expect(shared.length).toBeGreaterThan(100);
    expect(shared.filter((row) => !after.has(row))).toEqual([]);
    expect(after.size).toBeGreaterThan(shared.length);
  });

  it('counts down to the US reset, Tuesday 15:00 UTC', () => {
    expect(new Date(nextUsReset(Date.parse('2026-12-02T05:00:00Z') / 1000) * 1000).toISOString()).toBe('2026-12-08T15:00:00.000Z');
    expect(new Date(nextUsReset(Date.parse('2026-12-01T14:59:00Z') / 1000) * 1000).toISOString()).toBe('2026-12-01T15:00:00.000Z');
    expect(new Date(nextUsReset(Date.parse('2026-12-01T15:00:00Z') / 1000) * 1000).toISOString()).toBe('2026-12-08T15:00:00.000Z');
  });
});
