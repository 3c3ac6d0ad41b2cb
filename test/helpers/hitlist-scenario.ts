/**
 * Two characters of one account for the hitlist, as collector sessions (the
 * same stubbed client as collector-scenario.ts, which they extend):
 * - Thrall, this week: one activity short of a vault slot in all three rows,
 *   holding a +10 key, locked on every Icecrown Citadel difficulty and on
 *   Liberation of Undermine Mythic.
 * - Jaina, eight days ago (last week): one raid boss short back then, and an
 *   Undermine Mythic lockout that has long reset.
 * Both carry the account's mounts (Rivendare's Deathcharger owned), pets (Wick
 * not owned) and a cloak whose appearance is not collected.
 */
import { SCENARIO } from './collector-scenario.js';
import type { LuaLiteral } from './lua-harness.js';

const DAY = 86_400;
export const JAINA_GUID = 'Player-60-0AB12345';
const base = SCENARIO as Record<string, LuaLiteral>;

type Activity = { type: number; index: number; threshold: number; progress: number; level: number; id: number };
const row = (type: number, thresholds: number[], progress: number, levels: number[]): Activity[] =>
  thresholds.map((threshold, i) => ({ type, index: i + 1, threshold, progress, level: levels[i] ?? 0, id: type * 100 + i }));
// Enum.WeeklyRewardChestThresholdType: Activities 1 (Mythic+), Raid 3, World 6.
const [ACTIVITIES, RAID, WORLD] = [1, 3, 6];

/** GetSavedInstanceInfo's returns, in order. */
const lockout = (name: string, resetIn: number, difficulty: number, isRaid: boolean, instanceId: number, bosses: number): LuaLiteral => [
  name, 900_000 + instanceId * 100 + difficulty, resetIn, difficulty, true, false, 0, isRaid, isRaid ? 25 : 5, `difficulty ${difficulty}`, bosses, 1, false, instanceId,
];

export function thrallSession(nowSeconds: number): LuaLiteral {
  return {
    ...base,
    time: nowSeconds - 1200,
    vault: {
      hasRewards: false,
      activities: [
        ...row(RAID, [2, 4, 6], 1, [15]),
        ...row(ACTIVITIES, [1, 4, 8], 3, [12]),
        ...row(WORLD, [2, 4, 8], 7, [8, 8]),
      ],
    },
    keystone: { mapId: 2651, challengeMapId: 504, level: 10 },
    lockouts: [
      ...[3, 4, 5, 6].map((d) => lockout('Icecrown Citadel', 54_000, d, true, 631, 12)),
      lockout('Liberation of Undermine', 54_000, 16, true, 2769, 8),
    ],
  };
}

export function jainaSession(nowSeconds: number): LuaLiteral {
  const player = base.player as Record<string, LuaLiteral>;
  return {
    ...base,
    time: nowSeconds - 8 * DAY,
    player: { ...player, name: 'Jaina', guid: JAINA_GUID, class: 'MAGE', specId: 64 },
    equipped: {},
    vault: { hasRewards: false, activities: [...row(RAID, [2, 4, 6], 1, [14]), ...row(ACTIVITIES, [1, 4, 8], 8, [10, 10, 10])] },
    keystone: { mapId: 2651, challengeMapId: 504, level: 7 },
    lockouts: [lockout('Liberation of Undermine', 3600, 16, true, 2769, 8)],
  };
}
