/**
 * /holo and HolocronAPI.Search over a generated index file: what `holocron
 * search` answers for the same data — item ids, pasted links, names ranked as
 * the server ranks them, the typo fallback, the places it lists.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { accountIndex, accountPetNeeds, accountPricing, ITEMS, MANY_PLACES, NOW, OWNERS, padding } from '../helpers/addon-fixtures.js';
import type { IndexItem } from '../helpers/courier-fixture.js';
import { HAS_LUA, luaTitle, runLua, runOps, writeCourierFiles, type OpsRun } from '../helpers/lua-harness.js';
import { useTempDirs } from '../helpers/tmp.js';

const tempDir = useTempDirs();
const SCENARIO = { time: NOW, player: { name: 'Thrall', realm: 'Stormrage', realmId: 60 } };
const PADDING = padding(2000);

interface Place { owner: string; location: string; container: number; place: string; count: number }
interface Hit { itemId: number; petSpeciesId?: number; name?: string; total: number; placeCount: number; morePlaces: number; match: string; places: Place[]; score?: number }
interface Result { query: string; hits: Hit[] }

let dir: string;
beforeAll(() => {
  if (!HAS_LUA) return;
  dir = writeCourierFiles(tempDir('holocron-addon-search-'), { index: accountIndex(PADDING), pricing: accountPricing(), petNeeds: accountPetNeeds() });
});

function search(...texts: string[]): Result[] {
  const run = runOps(dir, SCENARIO, texts.map((text) => ({ op: 'search', text })));
  return run.results.map((r) => r.result as Result);
}

/** The server's ranking: exact name first, then length in characters, then name (bytes), at most 25. */
function ranked(needle: string, items: IndexItem[]): string[] {
  const lower = needle.toLowerCase();
  return items
    .filter((i) => i.name.toLowerCase().includes(lower))
    .sort((a, b) => {
      const exact = Number(b.name.toLowerCase() === lower) - Number(a.name.toLowerCase() === lower);
      if (exact) return exact;
      const length = [...a.name].length - [...b.name].length;
      if (length) return length;
      return Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)) || a.itemId - b.itemId;
    })
    .slice(0, 25)
    .map((i) => i.name);
}

describe.skipIf(!HAS_LUA)(luaTitle('addon search'), () => {
  const all = [...ITEMS, MANY_PLACES, ...PADDING];

  it('finds names containing the text, ranked exact, shorter, then by name, at most 25', () => {
    const [blade, potion, cloth] = search('blade', 'POTION', 'cloth');
    expect(blade!.hits.map((h) => h.name)).toEqual(ranked('blade', all));
    expect(blade!.hits).toHaveLength(25);
    expect(potion!.hits.map((h) => h.name)).toEqual(ranked('potion', all));
    expect(potion!.hits.slice(0, 2).map((h) => h.name)).toEqual(['Potion', 'potion']);
    expect(cloth!.hits.map((h) => h.name)).toEqual(['Runecloth', 'Silk Cloth', 'Wool Cloth', 'Linen Cloth', 'Netherweave Cloth']);
    expect(cloth!.hits.every((h) => h.match === 'name')).toBe(true);
  });

  it('gives each item its total and biggest places: 20 for one item, 10 each for several', () => {
    const [one, several] = search('crunchy peppers', 'pe');
    const hit = one!.hits[0]!;
    expect(one!.hits).toHaveLength(1);
    expect(hit).toMatchObject({ itemId: MANY_PLACES.itemId, total: MANY_PLACES.total, placeCount: 45, morePlaces: 25 });
    expect(hit.places.map((p) => p.count)).toEqual(MANY_PLACES.places.slice(0, 20).map((p) => p.count));
    expect(hit.places[0]).toEqual({ owner: OWNERS[0], location: 'bags', container: 0, place: 'backpack', count: 45 });
    const peppers = several!.hits.find((h) => h.itemId === MANY_PLACES.itemId)!;
    expect(several!.hits.length).toBeGreaterThan(1);
    expect(peppers.places).toHaveLength(10);
    expect(peppers.morePlaces).toBe(35);
  });

  it('reads a number as an item id, listing it even when nobody holds it', () => {
    const [hearth, nobody, zero, cages] = search('6948', '999999', '0', '82800');
    expect(hearth!.hits).toHaveLength(1);
    expect(hearth!.hits[0]).toMatchObject({ itemId: 6948, name: 'Hearthstone', match: 'id', total: 3, placeCount: 3, morePlaces: 0 });
    expect(hearth!.hits[0]!.places.map((p) => [p.owner, p.place])).toEqual([
      ['Thrall-Stormrage', 'backpack'], ['Bankalt-Stormrage', 'backpack'], ['Sylvanas-Stormrage', 'backpack'],
    ]);
    expect(nobody!.hits).toEqual([{ itemId: 999999, petSpeciesId: 0, match: 'id', total: 0, placeCount: 0, morePlaces: 0, places: [] }]);
    expect(zero!.hits).toEqual([]);
    // The pet cage's id lists every species held.
    const cage = cages!.hits[0]!;
    expect(cage).toMatchObject({ itemId: 82800, name: 'Pet Cage', match: 'id', total: 6, placeCount: 5 });
    expect(cage.petSpeciesId).toBeUndefined();
    expect(cage.places.map((p) => p.count)).toEqual([2, 1, 1, 1, 1]);
  });

  it('reads a pasted link by its item id, and a battle pet by its species', () => {
    const [link, bare, pet, keystone] = search(
      '|cffffffff|Hitem:2589::::::::80:::::|h[Linen Cloth]|h|r',
      'item:4306:0:0',
      '|cff0070dd|Hbattlepet:39:25:3:1546:276:289:BattlePet-0-00000E09B186|h[Mechanical Squirrel]|h|r',
      '|cffa335ee|Hkeystone:180653:503:12:10:0:0:0|h[Keystone: Ara-Kara]|h|r',
    );
    expect(link!.hits.map((h) => [h.itemId, h.match, h.total])).toEqual([[2589, 'link', 229]]);
    expect(bare!.hits.map((h) => [h.itemId, h.match, h.total])).toEqual([[4306, 'link', 45]]);
    expect(pet!.hits.map((h) => [h.itemId, h.petSpeciesId, h.name, h.total, h.placeCount])).toEqual([[82800, 39, 'Mechanical Squirrel', 3, 3]]);
    expect(keystone!.hits.map((h) => [h.itemId, h.match, h.name, h.total])).toEqual([[180653, 'link', 'Keystone: Ara-Kara', 0]]);
  });

  it('falls back to typo-tolerant word similarity when no name contains the text', () => {
    const [hearth, mourne, thunder, nothing, punct] = search('hearthstome', 'shadowmorne', 'thunderfurry blade', 'zzzz', '--');
    expect(hearth!.hits.map((h) => [h.name, h.match, h.score])).toEqual([['Hearthstone', 'similar', 0.75]]);
    expect(mourne!.hits.map((h) => h.name)).toEqual(['Shadowmourne']);
    expect(thunder!.hits[0]!.name).toBe('Thunderfury, Blessed Blade of the Windseeker');
    // Ordered by score, then name.
    const scores = thunder!.hits.map((h) => h.score!);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(nothing!.hits).toEqual([]);
    expect(punct!.hits).toEqual([]);
  });

  it('matches UTF-8 names case-insensitively, and names with quotes and backslashes', () => {
    const [epee, potion, korean, quoted] = search('ÉPÉE', 'ЗЕЛЬЕ', '물약', '"QUOTES" \\ back');
    expect(quoted!.hits.map((h) => h.name)).toEqual(['Tome of "Quotes" \\ Backslash']);
    expect(epee!.hits.map((h) => h.name)).toEqual(['Épée du Zèle']);
    expect(potion!.hits.map((h) => h.name)).toEqual(['Зелье исцеления']);
    expect(korean!.hits.map((h) => h.name)).toEqual(['치유 물약']);
  });

  it("splits words for the typo fallback as the server's database does: ASCII by default, every letter when the index says unicode", () => {
    const unicodeDir = writeCourierFiles(tempDir('holocron-addon-search-unicode-'), { index: { ...accountIndex(), trigramWords: 'unicode' } });
    const typo = { op: 'search', text: 'Зеле исцеления' };
    const ascii = runOps(dir, SCENARIO, [typo]).results[0]!.result as Result;
    const unicode = runOps(unicodeDir, SCENARIO, [typo]).results[0]!.result as Result;
    expect(ascii.hits).toEqual([]);
    expect(unicode.hits.map((h) => [h.name, h.match])).toEqual([['Зелье исцеления', 'similar']]);
  });

  it('shows the answer in the /holo window, searches as you type, closes on Escape', () => {
    const run: OpsRun = runOps(dir, SCENARIO, [
      { op: 'window', text: 'cloth' },
      { op: 'type', text: 'runecloth' },
      { op: 'type', text: 'crunchy' },
      { op: 'type', text: 'blade' },
      { op: 'scroll', delta: -5 },
      { op: 'escape' },
      { op: 'window', text: '' },
    ]);
    const [cloth, rune, crunchy, blade, scrolled, escape, empty] = run.results.map((r) => r.result as { shown: boolean; status: string; rows: string[] });
    expect(cloth!.shown).toBe(true);
    expect(cloth!.status).toBe('5 items');
    expect(cloth!.rows.slice(0, 3)).toEqual([
      '|cffffffffRunecloth|r (14047): 500',
      '    Bankalt-Stormrage, bank bag 1: 400',
      '    Bankalt-Stormrage, bank bag 2: 100',
    ]);
    expect(rune!.status).toBe('1 item');
    expect(rune!.rows).toEqual(cloth!.rows.slice(0, 3));
    expect(crunchy!.rows[0]).toBe('|cffffffffCrunchy Peppers|r (224025): 1,035');
    expect(crunchy!.rows).toHaveLength(22);
    expect(crunchy!.rows[21]).toBe('    … and 25 more places');
    // 25 items of one place each: 50 lines, 22 shown; the wheel moves the list.
    expect(blade!.status).toBe('25 items');
    expect(blade!.rows).toHaveLength(22);
    expect(scrolled!.rows).toHaveLength(22);
    expect(scrolled!.rows.slice(0, 17)).toEqual(blade!.rows.slice(5));
    expect(escape).toEqual({ closed: true, shown: false });
    expect(empty!.shown).toBe(true);
    expect(empty!.status).toBe('Type a name, an item id, or paste a link.');
    expect(run.blizzardWrites).toEqual([]);
  });

  it('answers the same from the round-trip scripts test/lua/search.lua and tooltip.lua', () => {
    const printed = runLua('test/lua/search.lua', [dir, 'cloth', '--realm-id', '60', '--time', String(NOW)]);
    expect(printed.code).toBe(0);
    expect(printed.stdout.trim().split('\n').map((line) => JSON.parse(line) as Hit)).toEqual(search('cloth')[0]!.hits);
    const tooltip = runLua('test/lua/tooltip.lua', [dir, '2589', '--realm-id', '60', '--player', 'Thrall-Stormrage', '--time', String(NOW)]);
    expect(tooltip.stdout).toBe('Holocron: 229 held in 3 places\nBankalt: 200 warband tab 2, Thrall: 17 bags, Guild Bank: 12 guild tab 2\nMarket 45c, 1,000 sold/day\nPrices 3 h old\n');
    expect(runLua('test/lua/search.lua', [dir, 'zzzz']).stdout).toBe('');
    expect(runLua('test/lua/search.lua', []).code).toBe(64);
  });
});
