/**
 * One account saved by the Holocron collector (HolocronDB, the ingest path a
 * real session takes) for the missing-utility, shopping-list and todo tests:
 *   Thrall   alchemist: did this week's alchemy quest and one treasure; the
 *            treatise is still open and Jaina holds one.
 *   Jaina    scribe: used this week's inscription treatise; holds a
 *            Thalassian Treatise on Alchemy (for Thrall).
 *   Sylvanas leatherworker whose quest dump is from last week: everything is
 *            open again, and nobody holds her treatise, so it is bought.
 * The warband's pet journal: a species owned only as uncommon and a rare pet
 * at level 12 (the tests put it in a team).
 */
import fs from 'node:fs';
import path from 'node:path';
import { itemLink, luaFile, type LuaFixture } from './lua-writer.js';

export const ALCHEMY_TREATISE = 245755;
export const INSCRIPTION_TREATISE = 245757;
export const LEATHERWORKING_TREATISE = 245758;
export const MYCOBLOOM = 210796;
export const REALM = 'Stormrage';
export const UNCOMMON_SPECIES = 39;
export const TEAM_PET_SPECIES = 40;
export const TEAM_PET_GUID = 'BattlePet-0-000000000B02';

/** The US weekly reset (Tuesday 15:00 UTC) at or before this instant, in ms. */
export function usWeekStart(ms: number): number {
  const d = new Date(ms);
  const tuesday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 5) % 7), 15);
  return tuesday <= ms ? tuesday : tuesday - 7 * 86_400_000;
}

type Bag = Array<[itemId: number, count: number, name: string]>;

function character(n: number, name: string, savedAt: number, questsAt: number, done: number[], bags: Bag): [string, LuaFixture] {
  return [
    `Player-60-0000000${n}`,
    {
      name,
      realm: REALM,
      realmId: 60,
      region: 1,
      class: 'MAGE',
      level: 90,
      savedAt,
      bags: { at: savedAt, items: bags.map(([id, count, label], i) => [0, i + 1, id, count, itemLink(id, label), false, false]) },
      quests: { at: questsAt, done },
    },
  ];
}

/** Writes WTF/Account/MAIN/SavedVariables/Holocron.lua under root; returns the SavedVariables folder. */
export function writeTodoAccount(root: string, nowMs = Date.now()): string {
  const now = Math.floor(nowMs / 1000);
  const lastWeek = Math.floor(usWeekStart(nowMs) / 1000) - 3600;
  const characters = new Map<string, LuaFixture>([
    character(1, 'Thrall', now - 60, now - 60, [93690, 93528], [[MYCOBLOOM, 20, 'Mycobloom']]),
    character(2, 'Jaina', now - 60, now - 60, [95131], [[ALCHEMY_TREATISE, 1, 'Thalassian Treatise on Alchemy']]),
    character(3, 'Sylvanas', now - 60, lastWeek, [95134, 93695, 93540], []),
  ]);
  const db: LuaFixture = {
    version: 1,
    addonVersion: '0.2.0',
    characters,
    warband: {
      pets: {
        at: now - 60,
        list: [
          ['BattlePet-0-000000000B01', UNCOMMON_SPECIES, 25, 2, 1400, 260, 250],
          [TEAM_PET_GUID, TEAM_PET_SPECIES, 12, 3, 900, 150, 160],
        ],
      },
    },
  };
  const sv = path.join(root, 'WTF', 'Account', 'MAIN', 'SavedVariables');
  fs.mkdirSync(sv, { recursive: true });
  fs.writeFileSync(path.join(sv, 'Holocron.lua'), luaFile({ HolocronDB: db }));
  return sv;
}
