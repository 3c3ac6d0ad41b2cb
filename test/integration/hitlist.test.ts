/**
 * The hitlist from real inputs: the journal seeded from the fake API, and two
 * collector sessions of one account ingested (this week's Thrall, last week's
 * Jaina). Vault: one short in each row this week, nothing from last week.
 * Farms: free lockouts with a missing mount, pet or appearance are listed, a
 * locked one and an owned mount are not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlizzardClient } from '../../src/core/blizzard/client.js';
import { systemClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { ingest } from '../../src/core/inventory/ingest.js';
import { silentLogger } from '../../src/core/log.js';
import { seed } from '../../src/core/seed/seed.js';
import { useTestDatabase } from '../helpers/db.js';
import { FakeBlizzard } from '../helpers/fake-blizzard.js';
import { DROPS, PET_SPECIES, serveJournal } from '../helpers/fake-journal.js';
import { GUID } from '../helpers/collector-scenario.js';
import { players, raidNight } from '../helpers/combatlog-generator.js';
import { JAINA_GUID, jainaSession, thrallSession } from '../helpers/hitlist-scenario.js';
import { HAS_LUA, luaTitle, runLuaJson, writeLuaValue } from '../helpers/lua-harness.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const tempDir = useTempDirs();
const server = new FakeBlizzard();

type HitRow = { character: string; kind: string; what: string; why: string; reward: string; minutes: number; value: number; slot: number | null; item_ids: number[] | null };

beforeAll(async () => {
  await server.start();
  serveJournal(server);
  await t.db.query(`INSERT INTO petweaver.species (species_id, name) VALUES ($1, 'Wick')`, [PET_SPECIES.wick]);
  const config = loadConfig({ ...server.env(), HOLOCRON_HOME: '/tmp/unused' });
  const api = new BlizzardClient({ config: config.blizzard, userAgent: 'holocron-test', clock: systemClock, log: silentLogger, random: () => 0 });
  try {
    const [summary] = await seed({ regions: ['us'], only: ['journal'], force: false, concurrency: 4 }, { db: t.db, api, clock: systemClock, log: silentLogger });
    expect(summary!.state).toBe('complete');
  } finally {
    await api.close();
  }
  if (!HAS_LUA) return;
  const now = Math.floor(Date.now() / 1000);
  const root = tempDir('holocron-hitlist-');
  const sv = path.join(root, 'WTF', 'Account', 'MAIN', 'SavedVariables');
  fs.mkdirSync(sv, { recursive: true });
  const file = path.join(sv, 'Holocron.lua');
  // Jaina's session last week, then Thrall's now on top of the same saved file.
  runLuaJson('test/lua/cases/collector.lua', [writeLuaValue(path.join(root, 'jaina.lua'), jainaSession(now)), file]);
  runLuaJson('test/lua/cases/collector.lua', [writeLuaValue(path.join(root, 'thrall.lua'), thrallSession(now)), file, file]);
  const summary = await ingest({ paths: [sv] }, { db: t.db, log: silentLogger });
  expect(summary.files.map((f) => f.status)).toEqual(['ingested']);
});
afterAll(async () => {
  await server.stop();
});

/** The US weekly reset (Tuesday 15:00 UTC) this instant falls after. */
function usWeekStart(ms: number): number {
  const d = new Date(ms);
  const tuesday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 5) % 7), 15);
  return tuesday <= ms ? tuesday : tuesday - 7 * 86_400_000;
}

const hitlist = (kind: string) =>
  t.db.query<HitRow>(`SELECT character, kind, what, why, reward, minutes, value, slot, item_ids FROM holocron.view_hitlist WHERE kind = $1 ORDER BY character, what`, [kind]);

describe.skipIf(!HAS_LUA)(luaTitle('the hitlist'), () => {
  it('lists this week’s one-short vault slots with the activity that gets them; last week’s progress is gone', async () => {
    expect(await hitlist('vault')).toEqual([
      // Last week's dump: 1 of 2 raid bosses then, 0 now; its thresholds still say one key fills slot 1.
      // Her keystone was last week's too: no level to suggest.
      {
        character: 'Jaina-Stormrage', kind: 'vault', what: '1 more Mythic+ dungeon for slot 1', why: '0 of 1 dungeons this week',
        reward: 'Great Vault dungeon slot 1', minutes: 35, value: 0, slot: 1, item_ids: null,
      },
      {
        character: 'Thrall-Stormrage', kind: 'vault', what: '1 more +10 for slot 2', why: '3 of 4 dungeons this week',
        reward: 'Great Vault dungeon slot 2 at +10', minutes: 35, value: 0, slot: 2, item_ids: null,
      },
      {
        character: 'Thrall-Stormrage', kind: 'vault', what: '1 more Heroic raid boss for slot 1', why: '1 of 2 raid bosses this week',
        reward: 'Great Vault raid slot 1 at Heroic', minutes: 8, value: 0, slot: 1, item_ids: null,
      },
      {
        character: 'Thrall-Stormrage', kind: 'vault', what: '1 more tier 8 delve or world activity for slot 3', why: '7 of 8 world activities this week',
        reward: 'Great Vault world slot 3 at tier 8', minutes: 15, value: 0, slot: 3, item_ids: null,
      },
    ]);
  });

  it('lists free lockouts that drop what the account lacks, not locked ones or owned mounts', async () => {
    const rows = await hitlist('farm');
    expect(rows.map((r) => [r.character, r.what, r.reward, r.minutes])).toEqual([
      ['Jaina-Stormrage', 'Darkflame Cleft (dungeon: Normal, Heroic, Mythic)', 'pet: Wick', 30],
      // Old raid: every legacy difficulty is free; the cloak's appearance the collector saw as not collected.
      ['Jaina-Stormrage', 'Icecrown Citadel (raid: 10 Player, 25 Player, 10 Player Heroic, 25 Player Heroic)', "mount: Invincible's Reins, appearance: Cloak", 10],
      // Her Mythic lockout was last week's: reset since.
      ['Jaina-Stormrage', 'Liberation of Undermine (raid: Normal, Heroic, Mythic)', 'mount: Gallywix Hoard Key', 24],
      ['Thrall-Stormrage', 'Darkflame Cleft (dungeon: Normal, Heroic, Mythic)', 'pet: Wick', 30],
      // Locked on Mythic this week: Normal and Heroic remain. Icecrown Citadel is locked on all four: absent.
      ['Thrall-Stormrage', 'Liberation of Undermine (raid: Normal, Heroic)', 'mount: Gallywix Hoard Key', 24],
    ]);
    expect(rows[1]).toMatchObject({ why: 'lockout free this week; The Lich King drops what the account lacks', value: 0 });
    expect(rows[1]!.item_ids!.sort()).toEqual([DROPS.invincible, DROPS.cloak].sort());
    // Stratholme's Deathcharger is owned; the world boss has no lockout.
    expect(rows.some((r) => /Stratholme|Khaz Algar/.test(r.what))).toBe(false);
  });

  it('drops a farm once the mount is collected, and a vault row once the slot is earned', async () => {
    await t.db.query(`UPDATE holocron.account_collections SET ids = ids || 363 WHERE kind = 'mount'`);
    await t.db.query(`UPDATE skillweaver.vault_activities SET progress = 4 WHERE activity_type = 'Activities' AND owner_id = (SELECT owner_id FROM holocron.owners WHERE label = 'Thrall-Stormrage')`);
    const farms = await hitlist('farm');
    expect(farms.find((r) => r.what.startsWith('Icecrown Citadel'))?.reward).toBe('appearance: Cloak');
    expect((await hitlist('vault')).map((r) => [r.character, r.what])).toEqual([
      ['Jaina-Stormrage', '1 more Mythic+ dungeon for slot 1'],
      ['Thrall-Stormrage', '1 more Heroic raid boss for slot 1'],
      ['Thrall-Stormrage', '1 more tier 8 delve or world activity for slot 3'],
    ]);
  });

  it('values a tradeable drop at its market value, a bound one at 0', async () => {
    // The cloak as if it bound on equip, listed on a US realm at 75g and in another region at 999g.
    await t.db.query(`UPDATE goblin.items SET binding = 'ON_EQUIP' WHERE item_id = $1`, [DROPS.cloak]);
    const at = new Date().toISOString();
    await t.db.query(`SELECT ops.ensure_daily_partition('goblin.item_stats', $1::timestamptz::date)`, [at]);
    for (const [id, region, price] of [[1, 'us', 750_000], [2, 'eu', 9_990_000]] as const) {
      await t.db.query(
        `INSERT INTO goblin.auction_snapshots (snapshot_id, dataset, region, connected_realm_id, snapshot_at, auction_count, item_count)
         OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, 60, $4, 1, 1)`,
        [id, `${region}/realm/60`, region, at],
      );
      await t.db.query(
        `INSERT INTO goblin.item_stats (snapshot_at, snapshot_id, item_id, market_value, min_price, total_quantity, auction_count) VALUES ($1, $2, $3, $4, $4, 1, 1)`,
        [at, id, DROPS.cloak, price],
      );
    }
    const farms = await hitlist('farm');
    expect(farms.find((r) => r.what.startsWith('Icecrown Citadel'))).toMatchObject({ character: 'Jaina-Stormrage', value: 750_000 });
    expect(farms.filter((r) => !r.what.startsWith('Icecrown Citadel')).map((r) => r.value)).toEqual([0, 0, 0, 0]);
  });

  it('answers for another instant: next week Thrall’s lockouts have reset and his vault starts over', async () => {
    const rows = await t.db.query<HitRow>(
      `SELECT character, kind, what FROM holocron.hitlist_at(now() + interval '7 days') WHERE character = 'Thrall-Stormrage' ORDER BY kind, what`,
    );
    expect(rows.map((r) => [r.kind, r.what])).toEqual([
      ['farm', 'Darkflame Cleft (dungeon: Normal, Heroic, Mythic)'],
      ['farm', 'Icecrown Citadel (raid: 10 Player, 25 Player, 10 Player Heroic, 25 Player Heroic)'],
      ['farm', 'Liberation of Undermine (raid: Normal, Heroic, Mythic)'],
      ['vault', '1 more Mythic+ dungeon for slot 1'],
    ]);
  });

  it('counts the combat log’s kills and keys too: the larger progress wins', async () => {
    const root = tempDir('holocron-hitlist-log-');
    const group = players(20, 'US', 60);
    group[0] = { ...group[0]!, guid: GUID, name: 'Thrall-Stormrage-US', specId: 71 };
    group[1] = { ...group[1]!, guid: JAINA_GUID, name: 'Jaina-Stormrage-US', specId: 64 };
    // Two heroic kills (Thrall's dump said one) and a timed +12 with both in the party.
    fs.writeFileSync(path.join(root, 'WoWCombatLog-hitlist.txt'), raidNight(group, usWeekStart(Date.now()) + 60_000).text());
    const summary = await ingest({ paths: [root] }, { db: t.db, log: silentLogger });
    expect(summary.files.map((f) => f.status)).toEqual(['ingested']);
    // Thrall's raid slot 1 is earned (slot 2 needs two more); Jaina's dungeon slot 1 too.
    expect((await hitlist('vault')).map((r) => [r.character, r.what])).toEqual([['Thrall-Stormrage', '1 more tier 8 delve or world activity for slot 3']]);
  });
});
