/**
 * One character's session as the stubbed client sees it (test/lua/wow.lua
 * reads it): bags, both banks, gear, vault, lockouts, collections. The
 * collector unit test and the collector → ingest round trip both play it.
 */
import type { LuaLiteral } from './lua-harness.js';

export const T0 = 1_764_633_600;
export const RESET_IN = 54_000;
export const GUID = 'Player-60-0ABCDEF0';

export const link = (id: number, name: string, quality = 1) => `|cnIQ${quality}:|Hitem:${id}::::::::80:::::|h[${name}]|h|r`;
export const HELM = link(212000, 'Helm of "Quotes" \\ Backslashes', 4);
export const CLOAK = link(212001, 'Cloak', 4);
export const TRINKET = link(212002, 'Trinket', 4);
export const SQUIRREL = '|cff0070dd|Hbattlepet:39:25:3:1546:276:289:BattlePet-0-00000E09B186|h[Mechanical Squirrel]|h|r';

export type Item = { id: number; count?: number; link: string; level?: number; bound?: boolean };
export const BAGS: Record<number, { size: number; slots: Record<number, Item> }> = {
  0: { size: 16, slots: { 1: { id: 6948, link: link(6948, 'Hearthstone'), level: 1, bound: true }, 3: { id: 212001, link: CLOAK, level: 639 }, 9: { id: 82800, link: SQUIRREL } } },
  1: { size: 30, slots: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [i + 1, { id: 210796, count: 200 + i, link: link(210796, 'Mycobloom'), level: 80 }])) },
  2: { size: 30, slots: {} },
  3: { size: 30, slots: { 30: { id: 212002, link: TRINKET, level: 626, bound: true } } },
  4: { size: 30, slots: {} },
  5: { size: 36, slots: { 1: { id: 210930, count: 1000, link: link(210930, 'Bismuth'), level: 80 } } },
  6: { size: 98, slots: Object.fromEntries(Array.from({ length: 98 }, (_, i) => [i + 1, { id: 2589, count: i + 1, link: link(2589, 'Linen Cloth'), level: 5 }])) },
  7: { size: 0, slots: {} },
  12: { size: 98, slots: { 1: { id: 14047, count: 400, link: link(14047, 'Runecloth'), level: 50 }, 98: { id: 212000, link: HELM, level: 645, bound: true } } },
};

export const TOYS = Array.from({ length: 60 }, (_, i) => 1973 + i * 7);
export const OWNED_TOYS = TOYS.filter((_, i) => i % 3 !== 1);
export const MOUNTS = Array.from({ length: 300 }, (_, i) => i + 6);
export const OWNED_MOUNTS = MOUNTS.filter((id) => id % 4 === 0);
export const PETS = Array.from({ length: 25 }, (_, i) => ({
  guid: `BattlePet-0-${String(1000 + i).padStart(12, '0')}`,
  species: 39 + i,
  level: (i % 25) + 1,
  rarity: (i % 4) + 1,
  maxHealth: 150 + i,
  power: 10 + i,
  speed: 12 + i,
}));

export const SCENARIO: LuaLiteral = {
  time: T0,
  secondsUntilWeeklyReset: RESET_IN,
  player: { name: 'Thrall', realm: 'Stormrage', realmId: 60, region: 1, guid: GUID, class: 'WARRIOR', level: 80, specIndex: 1, specId: 71, itemLevel: [641.25, 639.5, 630] },
  equipped: { 1: { link: HELM, level: 645 }, 15: { link: CLOAK, level: 639 }, 13: { link: TRINKET, level: 626 } },
  bags: BAGS,
  bankView: { 0: true, 2: true },
  // Enum.BankType → purchased tabs { bag id, name }: an unnamed character tab is left out of HolocronDB.
  bankTabs: { 0: [[6, 'Mats'], [7, '']], 2: [[12, 'Warband Gear'], [13, 'Herbs']] },
  transmog: {
    [HELM]: { appearanceID: 100, sourceID: 1000, collected: true },
    [CLOAK]: { appearanceID: 101, sourceID: 1001, collected: false },
  },
  vault: {
    hasRewards: false,
    activities: [
      { type: 3, index: 1, threshold: 2, progress: 2, level: 16, id: 1234 },
      { type: 1, index: 1, threshold: 1, progress: 4, level: 12, id: 1240 },
      { type: 6, index: 2, threshold: 4, progress: 3, level: 8, id: 1250 },
    ],
  },
  lockouts: [
    ['Nerub-ar Palace', 123456, 54000, 16, true, false, 0, true, 20, 'Mythic', 8, 3, false, 2657],
    ['The Dawnbreaker', 654321, 3600, 23, true, true, 0, false, 5, 'Mythic', 4, 4, false, 2662],
  ],
  keystone: { mapId: 2660, challengeMapId: 503, level: 12 },
  questsDone: { 95127: true, 93690: true, 83725: true, 12345: true },
  mounts: { ids: MOUNTS, collected: Object.fromEntries(OWNED_MOUNTS.map((id) => [id, true])) },
  toys: { list: TOYS, owned: Object.fromEntries(OWNED_TOYS.map((id) => [id, true])) },
  toyFilters: { collected: false, uncollected: true, sources: [true, false, true, true, true, true, true, true, true, true], search: '' },
  pets: PETS,
};
