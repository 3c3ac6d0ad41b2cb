/**
 * Tooltip lines (items through TooltipDataProcessor, battle pets through the
 * BattlePetToolTip_Show / FloatingBattlePet_Show hooks), the pet-needs line in
 * tooltips and on the pet journal's card, and HolocronAPI.GetCounts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { accountIndex, accountPetNeeds, accountPricing, MANY_PLACES, NOW, OWNERS } from '../helpers/addon-fixtures.js';
import { decodeMoney, encodeMoney } from '../helpers/courier-fixture.js';
import { HAS_LUA, luaTitle, runOps, writeCourierFiles, type LuaLiteral } from '../helpers/lua-harness.js';
import { useTempDirs } from '../helpers/tmp.js';

const tempDir = useTempDirs();
const SCENARIO: LuaLiteral = {
  time: NOW,
  player: { name: 'Thrall', realm: 'Stormrage', realmId: 60 },
  pets: [
    { guid: 'BattlePet-0-000000000001', species: 1387, level: 25, rarity: 4, maxHealth: 1500, power: 300, speed: 300 },
    { guid: 'BattlePet-0-000000000002', species: 2000, level: 1, rarity: 4, maxHealth: 150, power: 10, speed: 10 },
  ],
};

interface Line { text: string; r: number; g: number; b: number }

let dir: string;
beforeAll(() => {
  if (!HAS_LUA) return;
  dir = writeCourierFiles(tempDir('holocron-addon-tooltip-'), { index: accountIndex(), pricing: accountPricing(), petNeeds: accountPetNeeds() });
});

const texts = (lines: Line[]) => lines.map((l) => l.text);

function tooltips(items: Array<number | string>): string[][] {
  return runOps(dir, SCENARIO, items.map((item) => ({ op: 'tooltip', item }))).results.map((r) => texts(r.result as Line[]));
}

/** "1,234g 05s 06c" as the addon writes copper. */
function gold(copper: number): string {
  const g = Math.floor(copper / 10000);
  const s = Math.floor(copper / 100) % 100;
  const c = copper % 100;
  return `${g.toLocaleString('en-US')}g ${String(s).padStart(2, '0')}s ${String(c).padStart(2, '0')}c`;
}

describe.skipIf(!HAS_LUA)(luaTitle('addon tooltips'), () => {
  it('shows how many the account holds, where, the market value, sales per day and the data age', () => {
    const [linen, rune, thunderfury, netherweave, cages, unknown] = tooltips([
      '|cffffffff|Hitem:2589::::::::80:::::|h[Linen Cloth]|h|r', 14047, 19019, 21877, 82800, 424242,
    ]);
    expect(linen).toEqual([
      'Holocron: 229 held in 3 places',
      'Bankalt: 200 warband tab 2, Thrall: 17 bags, Guild Bank: 12 guild tab 2',
      'Market 45c, 1,000 sold/day',
      'Prices 3 h old',
    ]);
    expect(rune).toEqual(['Holocron: 500 held in 2 places', 'Bankalt: 500 bank', 'Market 20s 00c, 0 sold/day', 'Prices 3 h old']);
    expect(thunderfury).toEqual([
      'Holocron: 1 held in 1 place',
      'Thrall: 1 equipped',
      `Market ${gold(decodeMoney(encodeMoney(987_654_321)))}, 0.3 sold/day`,
      `Region ${gold(decodeMoney(encodeMoney(1_234_567_890)))}, min buyout ${gold(decodeMoney(encodeMoney(999_999_999)))}, prices 3 h old`,
    ]);
    // Owners of another realm keep their realm.
    expect(netherweave).toEqual(['Holocron: 60 held in 1 place', 'Jaina-Area52: 60 auction house']);
    expect(cages!.slice(0, 2)).toEqual(['Holocron: 6 held in 5 places', 'Bankalt: 2 bags, Warband: 2 warband tab 3, Sylvanas: 1 mail, … 1 more place']);
    expect(unknown).toEqual([]);
  });

  it('names the three biggest owners and counts the places left out', () => {
    const [peppers] = tooltips([MANY_PLACES.itemId]);
    const listed = MANY_PLACES.places.slice(0, 20);
    const byOwner = new Map<number, { count: number; places: number }>();
    for (const p of listed) {
      const g = byOwner.get(p.owner) ?? { count: 0, places: 0 };
      g.count += p.count;
      g.places += 1;
      byOwner.set(p.owner, g);
    }
    const top = [...byOwner.entries()].sort((a, b) => b[1].count - a[1].count).slice(0, 3);
    const shown = top.reduce((n, [, g]) => n + g.places, 0);
    const short = (owner: number) => OWNERS[owner - 1]!.replace(/-Stormrage$/, '');
    expect(peppers).toEqual([
      'Holocron: 1,035 held in 45 places',
      `${top.map(([o, g]) => `${short(o)}: ${g.count} bags`).join(', ')}, … ${45 - shown} more places`,
    ]);
  });

  it('adds the lines to chat-link tooltips too', () => {
    const run = runOps(dir, SCENARIO, [{ op: 'tooltip', item: 'item:2592', itemRef: true }]);
    expect(texts(run.results[0]!.result as Line[])).toEqual(['Holocron: 80 held in 1 place', 'Warband: 80 warband tab 1']);
  });

  it('adds counts, price and pet needs to battle-pet tooltips, growing the frame', () => {
    const run = runOps(dir, SCENARIO, [
      { op: 'petTooltip', species: 39, breedQuality: 3 },
      { op: 'petTooltip', species: 1155, breedQuality: 2 },
      { op: 'petTooltip', species: 40, breedQuality: 1 },
      { op: 'floatingPet', species: 2947, breedQuality: 3, petId: 'BattlePet-0-000000000009' },
      { op: 'petTooltip', species: 5000, breedQuality: 3 },
    ]);
    const [squirrel, idol, missing, whelpling, nothing] = run.results.map((r) => r.result as { lines: Line[]; height: number });
    expect(texts(squirrel!.lines)).toEqual([
      'Holocron: 3 held in 3 places',
      'Bankalt: 2 bags, Thrall: 1 bags',
      'Market 31g 00s 00c, 8 sold/day',
      'Region 30g 00s 00c, min buyout 29g 00s 00c, prices 3 h old',
      'Holocron pets: 3 held, 1 needed: 2 to sell',
    ]);
    expect(squirrel!.height).toBe(122 + 5 * 14);
    expect(squirrel!.lines[4]).toMatchObject({ r: 1, g: 0.82, b: 0 });
    expect(texts(idol!.lines)).toEqual(['Holocron: 2 held in 1 place', 'Warband: 2 warband tab 3', 'Holocron pets: you only have it at uncommon']);
    expect(texts(missing!.lines)).toEqual(['Holocron pets: missing']);
    expect(texts(whelpling!.lines)).toEqual(['Holocron: 1 held in 1 place', 'Sylvanas: 1 mail', 'Holocron pets: missing']);
    expect(whelpling!.height).toBe(150 + 3 * 14);
    expect(texts(nothing!.lines)).toEqual([]);
  });

  it("shows what the account needs of the pet journal card's species", () => {
    const run = runOps(dir, SCENARIO, [
      { op: 'journal', species: 40 },
      { op: 'journal', petId: 'BattlePet-0-000000000001' },
      { op: 'journal', species: 68 },
      { op: 'journal', petId: 'BattlePet-0-000000000002' },
      { op: 'petNeed', species: 1387 },
      { op: 'petNeed', species: 40 },
      { op: 'petNeed', species: 2000 },
    ]);
    const [missing, duplicate, poor, fine] = run.results.slice(0, 4).map((r) => (r.result as { text: string }).text);
    expect(missing).toBe('Holocron pets: missing');
    expect(duplicate).toBe('Holocron pets: 5 held, 2 needed: 3 to sell');
    expect(poor).toBe('Holocron pets: you only have it at poor');
    expect(fine).toBe('');
    expect(run.results[4]!.result).toEqual({ need: { status: 'duplicate', held: 5, needed: 2, spare: 3 }, line: 'Holocron pets: 5 held, 2 needed: 3 to sell' });
    expect(run.results[5]!.result).toEqual({ need: { status: 'missing' }, line: 'Holocron pets: missing' });
    expect(run.results[6]!.result).toEqual({ need: { status: 'ok' } });
    expect(run.blizzardWrites).toEqual([]);
  });

  it('answers GetCounts for ids, links and pets', () => {
    const run = runOps(dir, SCENARIO, [
      { op: 'counts', item: 2589 },
      { op: 'counts', item: '|cff0070dd|Hbattlepet:1155:25:3:1546:276:289:BattlePet-0-00000E09B186|h[Anubisath Idol]|h|r' },
      { op: 'counts', item: 'nonsense' },
    ]);
    expect(run.results[0]!.result).toEqual({
      itemId: 2589, speciesId: 0, name: 'Linen Cloth', total: 229, placeCount: 3,
      places: [
        { owner: 'Bankalt-Stormrage', location: 'warband_bank', container: 14, place: 'warband tab 2', count: 200 },
        { owner: 'Thrall-Stormrage', location: 'bags', container: 3, place: 'bag 3', count: 17 },
        { owner: 'Guild Bank-Stormrage', location: 'guild_bank', container: 2, place: 'guild tab 2', count: 12 },
      ],
    });
    expect(run.results[1]!.result).toMatchObject({ itemId: 82800, speciesId: 1155, name: 'Anubisath Idol', total: 2, placeCount: 1 });
    expect(run.results[2]!.result).toBeNull();
  });
});
