/**
 * HolocronAPI.GetPrice / MarketInfo decode Holocron_Pricing.lua exactly as
 * docs/courier-format.md §1 encodes it: money as 28-bit floats, rates, ages,
 * the character's connected realm chosen by GetRealmID(), the most specific key
 * first (item level, breed) with the "any" key as fallback.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountIndex, accountPetNeeds, accountPricing, GENERATED_AT, NOW, OTHER_REALMS, PRIMARY_REALMS } from '../helpers/addon-fixtures.js';
import { decodeAge, decodeMoney, decodeRate, encodeAge, encodeMoney, encodeRate, type PricingFixture } from '../helpers/courier-fixture.js';
import { HAS_LUA, luaTitle, runOps, writeCourierFiles, type LuaLiteral } from '../helpers/lua-harness.js';
import { useTempDirs } from '../helpers/tmp.js';

const tempDir = useTempDirs();

const MONEY = [1, 99, 8_388_607, 8_388_608, 8_388_609, 16_777_215, 16_777_217, 123_456_789, 2 ** 31 + 7, 9_999_999_999_999];
const RATES = [0, 0.04, 0.05, 0.3, 102.3, 102.4, 1000.05, 123_456.7, 1_000_000];
const AGES: Array<number | null> = [0, 1, 95, 96, 100, 816, 839, 840, null];

const money = (v: number) => decodeMoney(encodeMoney(v));
const rate = (v: number) => decodeRate(encodeRate(v));
const age = (v: number | null) => decodeAge(encodeAge(v));

function pricing(): PricingFixture {
  const base = accountPricing();
  MONEY.forEach((v, i) => base.records.push({ kind: 0, id: 600_000 + i, variant: 0, region: v, realm: v, minBuyout: v, soldPerDay: 1, ageHours: 1 }));
  RATES.forEach((v, i) => base.records.push({ kind: 0, id: 610_000 + i, variant: 0, region: 100, soldPerDay: v, ageHours: 1 }));
  AGES.forEach((v, i) => base.records.push({ kind: 0, id: 620_000 + i, variant: 0, region: 100, realm: 90, minBuyout: 80, ageHours: v }));
  return base;
}

const GEAR_LINK_284 = '|cnIQ4:|Hitem:49623::::::::80:::::::|h[Shadowmourne]|h|r';
const GEAR_LINK_300 = '|cnIQ4:|Hitem:49623::::::::80:::1:4321::::|h[Shadowmourne]|h|r';
const PET_RARE = '|cff0070dd|Hbattlepet:39:25:3:1546:276:289:BattlePet-0-00000E09B186|h[Mechanical Squirrel]|h|r';
const PET_UNCOMMON = '|cff1eff00|Hbattlepet:39:25:2:1400:250:260:0000000000000000|h[Mechanical Squirrel]|h|r';

function scenario(realmId: number): LuaLiteral {
  return {
    time: NOW,
    player: { name: 'Thrall', realm: 'Stormrage', realmId },
    itemClasses: { 49623: 2 },
    linkLevels: { [GEAR_LINK_284]: 284, [GEAR_LINK_300]: 300 },
  };
}

type Price = Record<string, number | undefined>;

/** Like toMatchObject, where an undefined field must be absent (Lua's nil). */
function expectPrice(actual: Price | undefined, expected: Price): void {
  for (const [key, value] of Object.entries(expected)) {
    if (value === undefined) expect(actual?.[key], key).toBeUndefined();
    else expect(actual?.[key], key).toEqual(value);
  }
}

let dir: string;
beforeAll(() => {
  if (!HAS_LUA) return;
  dir = writeCourierFiles(tempDir('holocron-addon-pricing-'), { index: accountIndex(), pricing: pricing(), petNeeds: accountPetNeeds() });
});

function prices(realmId: number, items: Array<number | string>): Price[] {
  return runOps(dir, scenario(realmId), items.map((item) => ({ op: 'price', item }))).results.map((r) => r.result as Price);
}

describe.skipIf(!HAS_LUA)(luaTitle('addon pricing'), () => {
  it('decodes money exactly as the 28-bit float stores it', () => {
    const got = prices(PRIMARY_REALMS[0]!, MONEY.map((_, i) => 600_000 + i));
    got.forEach((p, i) => {
      const v = MONEY[i]!;
      expectPrice(p, { region: money(v), realm: money(v), minBuyout: money(v), market: money(v) });
      if (v < 2 ** 23) expect(p.region).toBe(v);
      else expect(Math.abs(p.region! - v) / v).toBeLessThan(2 ** -22);
    });
    expect(got[4]!.region).toBe(8_388_608);
    expect(got[9]!.region).not.toBe(9_999_999_999_999);
  });

  it('decodes sold per day and hours since listed', () => {
    const rates = prices(60, RATES.map((_, i) => 610_000 + i));
    expect(rates.map((p) => p.soldPerDay)).toEqual(RATES.map(rate));
    expect(rates.map((p) => p.soldPerDay)).toContain(0.1);
    const ages = prices(60, AGES.map((_, i) => 620_000 + i));
    expect(ages.map((p) => p.listedHoursAgo)).toEqual(AGES.map((a) => age(a) ?? undefined));
    expect(ages.map((p) => p.days)).toEqual(AGES.map((a) => (age(a) === null ? 255 : Math.floor(age(a)! / 24))));
    expect(ages.every((p) => p.age === NOW - GENERATED_AT && p.generatedAt === GENERATED_AT)).toBe(true);
  });

  it('uses the realm values of the primary connected realm for its realms', () => {
    for (const realmId of PRIMARY_REALMS) {
      const [commodity, big, regionOnly, stale] = prices(realmId, [210796, 19019, 2589, 14047]);
      expect(commodity).toEqual({
        kind: 0, id: 210796, variant: 0, region: 1234, market: 1234, minBuyout: 1100, soldPerDay: rate(5321.4),
        listedHoursAgo: 0, days: 0, age: NOW - GENERATED_AT, generatedAt: GENERATED_AT,
      });
      expectPrice(big, { region: money(1_234_567_890), realm: money(987_654_321), market: money(987_654_321), minBuyout: money(999_999_999), listedHoursAgo: 192, days: 8 });
      expectPrice(regionOnly, { region: 45, market: 45, realm: undefined, minBuyout: undefined, listedHoursAgo: undefined, days: 255, soldPerDay: rate(1000.05) });
      expectPrice(stale, { region: 2000, realm: undefined, soldPerDay: 0, listedHoursAgo: undefined, days: 255 });
    }
  });

  it("uses another connected realm's own values there, and region values alone elsewhere", () => {
    const [silk, big, commodity, gear] = prices(OTHER_REALMS[1]!, [4306, 19019, 210796, 49623]);
    expectPrice(silk, { region: 500, realm: 777, market: 777, minBuyout: 700, listedHoursAgo: 5, soldPerDay: rate(123.4) });
    expectPrice(big, { realm: 16_777_216, minBuyout: 8_388_608, listedHoursAgo: 96, region: money(1_234_567_890) });
    // A commodity's cheapest unit is region-wide; an item the realm does not list has no realm values.
    expectPrice(commodity, { region: 1234, market: 1234, minBuyout: 1100, realm: undefined });
    expectPrice(gear, { region: 50_000_000, market: 50_000_000, realm: undefined, minBuyout: undefined, listedHoursAgo: undefined });

    const [silkAway, commodityAway] = prices(9999, [4306, 210796]);
    expectPrice(silkAway, { region: 500, market: 500, realm: undefined, minBuyout: undefined, soldPerDay: rate(123.4) });
    expectPrice(commodityAway, { market: 1234, minBuyout: 1100 });
  });

  it('looks up gear by item level and pets by breed quality, falling back to any', () => {
    const [at284, at300, byId, rare, uncommon, unknown] = prices(60, [GEAR_LINK_284, GEAR_LINK_300, 49623, PET_RARE, PET_UNCOMMON, 'item:424242']);
    expectPrice(at284, { kind: 1, id: 49623, variant: 284, region: 80_000_000, realm: 70_000_000, listedHoursAgo: 95 });
    expectPrice(at300, { kind: 0, id: 49623, variant: 0, region: 50_000_000 });
    expectPrice(byId, { kind: 0, variant: 0, region: 50_000_000 });
    expectPrice(rare, { kind: 2, id: 39, variant: 4, region: 300_000, realm: 310_000 });
    expectPrice(uncommon, { kind: 2, id: 39, variant: 0, region: 250_000, realm: 240_000 });
    expect(unknown).toBeNull();
  });

  it("fills Oribos Exchange's fields with MarketInfo", () => {
    const run = runOps(dir, scenario(60), [
      { op: 'marketInfo', item: 19019 },
      { op: 'marketInfo', item: PET_RARE, reuse: true },
      { op: 'marketInfo', item: 424242, reuse: true },
    ]);
    const [thunderfury, pet, none] = run.results.map((r) => r.result as { returned: Price | null; same: boolean; filled: Price | null });
    expect(thunderfury!.returned).toEqual({ input: 19019, itemid: 19019, market: money(987_654_321), region: money(1_234_567_890), days: 8, age: NOW - GENERATED_AT });
    expect(pet!.same).toBe(true);
    expect(pet!.filled).toEqual({ input: PET_RARE, itemid: 82800, species: 39, quality: 3, market: 310_000, region: 300_000, days: 0, age: NOW - GENERATED_AT, stale: true });
    // No price: nil, and nothing stale left in the caller's table.
    expect(none!.returned).toBeNull();
    expect(none!.filled).toEqual({ input: 424242, itemid: 424242, stale: true });
  });

  it('answers nil, without an error, for a file whose data does not match its count', () => {
    const broken = tempDir('holocron-addon-pricing-broken-');
    writeCourierFiles(broken, { index: accountIndex(), petNeeds: accountPetNeeds() });
    const text = fs.readFileSync(path.join(dir, 'Holocron_Pricing.lua'), 'latin1').replace(/count = (\d+),\n  width = 20/, (_, n: string) => `count = ${Number(n) + 1},\n  width = 20`);
    fs.writeFileSync(path.join(broken, 'Holocron_Pricing.lua'), Buffer.from(text, 'latin1'));
    const run = runOps(broken, scenario(60), [{ op: 'price', item: 210796 }, { op: 'tooltip', item: 210796 }]);
    expect(run.results[0]!.result).toBeNull();
    expect((run.results[1]!.result as Array<{ text: string }>).map((l) => l.text)).toEqual(['Holocron: 230 held in 2 places', 'Thrall: 230 bags']);
  });
});
