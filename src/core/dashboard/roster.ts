/** Roster: one line per character (skillweaver.view_roster) with the week's unclaimed profession knowledge. */
import type { Database } from '../db/pool.js';
import { loadRoster } from '../skillweaver/roster.js';
import { loadMissingUtility } from '../weekly/utility.js';
import type { Missing, RosterTab } from './types.js';

export async function loadRosterTab(db: Database, now: Date): Promise<RosterTab> {
  const [roster, utility] = await Promise.all([loadRoster(db), loadMissingUtility(db)]);
  const knowledge = new Map<string, number>();
  for (const u of utility) knowledge.set(u.character, (knowledge.get(u.character) ?? 0) + u.knowledge);
  const missing: Missing[] = [];
  if (roster.length === 0) missing.push({ what: 'characters (the Holocron addon, DataStore or Syndicator)', command: 'holocron ingest <WoW folder>' });
  else if (roster.every((r) => r.itemLevel === null)) missing.push({ what: 'item levels (log in once per character with the addon)', command: 'holocron addon install' });
  return {
    tab: 'roster',
    generatedAt: now.toISOString(),
    characters: roster.map((r) => ({
      character: r.character,
      account: r.account,
      class: r.class,
      level: r.level,
      spec: r.spec,
      itemLevel: r.itemLevel,
      vault: { raid: r.vault.raid, dungeon: r.vault.dungeon, world: r.vault.world, slots: r.vault.slots },
      knowledgeMissing: knowledge.get(r.character) ?? 0,
      keystone: r.keystone,
      lastSeenAt: r.lastSeenAt,
    })),
    missing,
  };
}
