/**
 * Three US weeks and a missed one, on a fake clock: collector sessions played
 * in Lua and ingested, the reset run at, after, before and long after each
 * instant, and the fake Blizzard API serving each reset's commodities. Each
 * step checks the week table, the vault rows, the claimable slots, the
 * lockouts and the price moves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlizzardClient } from '../../src/core/blizzard/client.js';
import { systemClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { silentLogger } from '../../src/core/log.js';
import type { Region } from '../../src/core/blizzard/regions.js';
import type { ResetApi } from '../../src/core/weekly/reset-snapshot.js';
import { runReset, weeksToOpen } from '../../src/core/weekly/reset.js';
import { resetLines } from '../../src/output/reset-format.js';
import { resetAnchor, scheduleAnchor, weekStartAt } from '../../src/core/weekly/schedule.js';
import { auctionsBody } from '../helpers/auction-generator.js';
import { useTestDatabase } from '../helpers/db.js';
import { FakeBlizzard } from '../helpers/fake-blizzard.js';
import { HAS_LUA, luaTitle } from '../helpers/lua-harness.js';
import { DAY, ITEMS, commodities, playSession, seedItems, vault, week } from '../helpers/reset-scenario.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const tempDir = useTempDirs();
const server = new FakeBlizzard();
const HOUR = 3_600_000;
const MIN = 60_000;
const [FLASK, ENCHANT, TREATISE, HERB] = ITEMS.map((i) => i.id) as [number, number, number, number];

beforeAll(async () => {
  await server.start();
  await seedItems(t.db);
});
afterAll(async () => {
  await server.stop();
});

async function reset(region: Region, now: Date, api?: ResetApi) {
  const client = new BlizzardClient({
    config: loadConfig({ ...server.env(), HOLOCRON_HOME: '/tmp/unused' }).blizzard,
    userAgent: 'holocron-test',
    clock: systemClock,
    log: silentLogger,
    random: () => 0.5,
  });
  try {
    return await runReset({ region, now }, { db: t.db, log: silentLogger, api: api ?? { client }, clock: systemClock });
  } finally {
    await client.close();
  }
}

function serveCommodities(region: string, at: Date, prices: Record<number, number>, firstId: number) {
  server.route(region, '/data/wow/auctions/commodities', { body: auctionsBody(commodities(prices, firstId)), gzip: true, lastModified: at });
}

const iso = (d: Date) => d.toISOString();

async function weeks(region = 'us') {
  const rows = await t.db.query<{ starts_at: Date; ends_at: Date; source: string; missed: boolean; closed: boolean; snapshot: boolean }>(
    `SELECT starts_at, ends_at, source, missed, closed_at IS NOT NULL AS closed, reset_snapshot_id IS NOT NULL AS snapshot
     FROM ops.reset_weeks WHERE region = $1 ORDER BY starts_at`,
    [region],
  );
  return rows.map((r) => ({ ...r, starts_at: iso(r.starts_at), ends_at: iso(r.ends_at) }));
}

async function vaultRows(startsAt: Date) {
  const rows = await t.db.query<{ kind: string; progress: number; thresholds: number[] | null; slots_earned: number; state: string }>(
    `SELECT kind, progress, thresholds, slots_earned, state FROM skillweaver.vault_progress WHERE starts_at = $1 ORDER BY kind`,
    [startsAt],
  );
  return Object.fromEntries(rows.map((r) => [r.kind, [r.progress, r.slots_earned, r.state]]));
}

async function lockouts() {
  const open = await t.db.query<{ instance_name: string }>(`SELECT instance_name FROM skillweaver.lockouts ORDER BY 1`);
  const history = await t.db.query<{ instance_name: string; difficulty_id: number; week: Date }>(
    `SELECT instance_name, difficulty_id, week_starts_at AS week FROM skillweaver.lockout_history ORDER BY week_starts_at, instance_name, difficulty_id`,
  );
  return { open: open.map((r) => r.instance_name), history: history.map((r) => [r.instance_name, r.difficulty_id, iso(r.week)]) };
}

describe('the reset schedule', () => {
  it('puts each region’s fixed reset on its day and hour, as skillweaver.reset_week_start does', async () => {
    const at = new Date('2026-12-03T12:00:00Z'); // a Thursday
    const expected = { us: '2026-12-01T15:00:00.000Z', eu: '2026-12-02T04:00:00.000Z', kr: '2026-12-02T23:00:00.000Z', tw: '2026-12-02T23:00:00.000Z' };
    for (const region of ['us', 'eu', 'kr', 'tw'] as const) {
      expect(iso(weekStartAt(scheduleAnchor(region), at))).toBe(expected[region]);
      const [row] = await t.db.query<{ s: Date }>(`SELECT skillweaver.reset_week_start($1, $2) AS s`, [at, region]);
      expect(iso(row!.s)).toBe(expected[region]);
    }
  });

  it('opens the weeks after the newest open one, oldest first, and only the current one the first time', () => {
    const starts = (list: ReturnType<typeof weeksToOpen>) => list.map((w) => [iso(w.startsAt), iso(w.previousStart)]);
    expect(starts(weeksToOpen(week(3), undefined))).toEqual([[iso(week(3)), iso(week(2))]]);
    expect(starts(weeksToOpen(week(3), week(1)))).toEqual([
      [iso(week(2)), iso(week(1))],
      [iso(week(3)), iso(week(2))],
    ]);
    expect(weeksToOpen(week(3), week(3))).toEqual([]);
    // A client count an hour off the stored week is the same week, not a new one.
    expect(weeksToOpen(new Date(week(3).getTime() - HOUR), week(3))).toEqual([]);
  });
});

describe.skipIf(!HAS_LUA)(luaTitle('holocron reset across three weeks, one missed'), () => {
  const root = tempDir('holocron-reset-');

  it('week 1: opens from the client’s reset time, settles last week’s vault, closes lockouts, takes the reset snapshot', async () => {
    await playSession(t.db, root, {
      at: new Date(week(0).getTime() + 2 * DAY),
      nextReset: week(1),
      vault: vault(2, 4, 0),
      hasRewards: false,
      lockouts: [
        ['Nerub-ar Palace', 2657, week(1), 15, false],
        ['Liberation of Undermine', 2769, week(2), 16, true],
      ],
    });
    expect((await resetAnchor(t.db, 'us')).source).toBe('client');
    serveCommodities('us', new Date(week(1).getTime() + 2 * MIN), { [FLASK]: 1_000_000, [ENCHANT]: 500_000, [TREATISE]: 200_000, [HERB]: 3_000 }, 1);

    const r = await reset('us', new Date(week(1).getTime() + 5 * MIN));
    expect(r.status).toBe('opened');
    expect(r.opened.map((w) => [iso(w.startsAt), w.missed])).toEqual([[iso(week(1)), false]]);
    expect(await weeks()).toEqual([{ starts_at: iso(week(1)), ends_at: iso(week(2)), source: 'client', missed: false, closed: false, snapshot: true }]);
    // Last week: 2 bosses (slot 1), 4 dungeons (slots 1 and 2), no world: claimable until the collector shows them taken.
    expect(await vaultRows(week(0))).toEqual({ raid: [2, 1, 'claimable'], dungeon: [4, 2, 'claimable'], world: [0, 0, 'empty'] });
    expect(await vaultRows(week(1))).toEqual({ raid: [0, 0, 'locked'], dungeon: [0, 0, 'locked'], world: [0, 0, 'locked'] });
    const [thresholds] = await t.db.query<{ t: number[][] }>(
      `SELECT array_agg(thresholds ORDER BY kind) AS t FROM skillweaver.vault_progress WHERE starts_at = $1`,
      [week(1)],
    );
    expect(thresholds!.t).toEqual([[1, 4, 8], [2, 4, 6], [2, 4, 8]]);
    expect(await lockouts()).toEqual({ open: ['Liberation of Undermine'], history: [['Nerub-ar Palace', 15, iso(week(1))]] });
    expect(r.board!.characters).toMatchObject([{ character: 'Thrall-Stormrage', earned: 3, claimable: 3, claimed: 0 }]);
    expect(r.board!.priceMoves).toBeNull();
    expect(r.notes.join('\n')).toMatch(/first reset snapshot of us/);
  });

  it('week 1 again, an hour later and a minute before the next reset: nothing changes', async () => {
    const before = { weeks: await weeks(), w0: await vaultRows(week(0)), w1: await vaultRows(week(1)), locks: await lockouts() };
    const requests = server.requestsTo('us', '/data/wow/auctions/commodities').length;
    for (const at of [new Date(week(1).getTime() + HOUR), new Date(week(2).getTime() - MIN)]) {
      const r = await reset('us', at);
      expect(r.status).toBe('not-due');
      expect(r.opened).toEqual([]);
      expect(r.notes).toContain(`week not started yet, next reset at ${iso(week(2))}`);
    }
    expect({ weeks: await weeks(), w0: await vaultRows(week(0)), w1: await vaultRows(week(1)), locks: await lockouts() }).toEqual(before);
    expect(server.requestsTo('us', '/data/wow/auctions/commodities').length).toBe(requests);
  });

  it('mid-week 1: the hourly run keeps this week’s count and sees last week’s reward claimed', async () => {
    await playSession(t.db, root, {
      at: new Date(week(1).getTime() + 3 * DAY),
      nextReset: week(2),
      vault: vault(4, 1, 2),
      hasRewards: false,
      lockouts: [
        ['Liberation of Undermine', 2769, week(2), 16, true],
        ['Nerub-ar Palace', 2657, week(2), 16, false],
      ],
    });
    const r = await reset('us', new Date(week(1).getTime() + 3 * DAY + HOUR));
    expect(r.status).toBe('not-due');
    expect(await vaultRows(week(0))).toEqual({ raid: [2, 1, 'claimed'], dungeon: [4, 2, 'claimed'], world: [0, 0, 'empty'] });
    expect(await vaultRows(week(1))).toEqual({ raid: [4, 2, 'locked'], dungeon: [1, 1, 'locked'], world: [2, 1, 'locked'] });
    expect(r.board!.characters).toMatchObject([{ earned: 3, claimable: 0, claimed: 3 }]);
  });

  it('week 3 after a missed week 2: each week opened and closed once, prices against the last reset snapshot', async () => {
    serveCommodities('us', new Date(week(3).getTime() + 2 * MIN), { [FLASK]: 1_200_000, [ENCHANT]: 400_000, [TREATISE]: 200_000, [HERB]: 6_000 }, 100_000);
    const r = await reset('us', new Date(week(3).getTime() + HOUR));
    expect(r.status).toBe('opened');
    expect(r.opened.map((w) => [iso(w.startsAt), w.missed])).toEqual([
      [iso(week(2)), true],
      [iso(week(3)), false],
    ]);
    expect(await weeks()).toEqual([
      { starts_at: iso(week(1)), ends_at: iso(week(2)), source: 'client', missed: false, closed: true, snapshot: true },
      { starts_at: iso(week(2)), ends_at: iso(week(3)), source: 'client', missed: true, closed: true, snapshot: false },
      { starts_at: iso(week(3)), ends_at: iso(week(4)), source: 'client', missed: false, closed: false, snapshot: true },
    ]);
    // Week 1's four slots were claimable during week 2; no dump showed them taken before week 3, so they expired.
    expect(await vaultRows(week(1))).toEqual({ raid: [4, 2, 'expired'], dungeon: [1, 1, 'expired'], world: [2, 1, 'expired'] });
    expect(await vaultRows(week(2))).toEqual({ raid: [0, 0, 'empty'], dungeon: [0, 0, 'empty'], world: [0, 0, 'empty'] });
    expect(await vaultRows(week(3))).toEqual({ raid: [0, 0, 'locked'], dungeon: [0, 0, 'locked'], world: [0, 0, 'locked'] });
    // The missed week's opening closed what reset at its start, once.
    expect(await lockouts()).toEqual({
      open: [],
      history: [
        ['Nerub-ar Palace', 15, iso(week(1))],
        ['Liberation of Undermine', 16, iso(week(2))],
        ['Nerub-ar Palace', 16, iso(week(2))],
      ],
    });
    // The herb is no reset-day item; the comparison is with week 1 (week 2 has no snapshot).
    expect(r.board!.priceMoves!.map((p) => [p.itemName, p.category, p.marketValue, p.previousMarketValue, p.changePct, iso(p.previousStartsAt)])).toEqual([
      ['Enchant Weapon - Authority of Radiant Power', 'enchant', 400_000, 500_000, -20, iso(week(1))],
      ['Flask of Alchemical Chaos', 'consumable', 1_200_000, 1_000_000, 20, iso(week(1))],
      ['Algari Treatise on Alchemy', 'treatise', 200_000, 200_000, 0, iso(week(1))],
    ]);
  });

  it('week 3 again after a new session: only this week’s count moves', async () => {
    await playSession(t.db, root, { at: new Date(week(3).getTime() + 2 * HOUR), nextReset: week(4), vault: vault(2, 0, 0), hasRewards: false, lockouts: [] });
    const before = { weeks: await weeks(), w1: await vaultRows(week(1)), w2: await vaultRows(week(2)), locks: await lockouts() };
    const r = await reset('us', new Date(week(3).getTime() + 3 * HOUR));
    expect(r.status).toBe('not-due');
    expect({ weeks: await weeks(), w1: await vaultRows(week(1)), w2: await vaultRows(week(2)), locks: await lockouts() }).toEqual(before);
    expect(await vaultRows(week(3))).toEqual({ raid: [2, 1, 'locked'], dungeon: [0, 0, 'locked'], world: [0, 0, 'locked'] });
  });

  it('reads the hitlist and the shopping list of the region’s characters, and totals what is to buy', async () => {
    // Stand-ins for the hitlist and utility branches' views, with their contract columns.
    await t.db.query(`DROP VIEW holocron.view_hitlist; CREATE VIEW holocron.view_hitlist AS
      SELECT c.owner_id, 'Thrall-Stormrage'::text AS character, 'vault'::text AS kind, '1 more +10 for slot 2'::text AS what,
             'one run short'::text AS why, 'ilvl 662'::text AS reward, 35 AS minutes, 500::bigint AS value
      FROM holocron.characters c UNION ALL
      SELECT -1, 'Nobody-Elsewhere', 'farm', 'not this region', NULL, NULL, 10, 900::bigint`);
    await t.db.query(`DROP VIEW holocron.view_shopping_list; CREATE VIEW holocron.view_shopping_list AS
      SELECT c.owner_id, 'Thrall-Stormrage'::text AS character, v.item_id, v.item_name, 'weekly treatise'::text AS why,
             v.unit_price, 'us/commodities'::text AS price_source, v.held_by,
             NULL::integer AS held_by_owner_id, NULL::text AS held_by_kind, 'us'::text AS region
      FROM holocron.characters c,
           (VALUES (222546, 'Algari Treatise on Alchemy', 200000::bigint, NULL::text), (222547, 'Algari Treatise on Blacksmithing', NULL, NULL),
                   (222548, 'Algari Treatise on Enchanting', 150000, 'Bankalt-Stormrage')) AS v (item_id, item_name, unit_price, held_by)`);
    const r = await reset('us', new Date(week(3).getTime() + 4 * HOUR));
    expect(r.board!.hitlist).toEqual([{ character: 'Thrall-Stormrage', kind: 'vault', what: '1 more +10 for slot 2', why: 'one run short', reward: 'ilvl 662', minutes: 35 }]);
    expect(r.board!.shopping.items.map((i) => [i.itemName, i.unitPrice, i.heldBy])).toEqual([
      ['Algari Treatise on Alchemy', 200_000, null],
      ['Algari Treatise on Blacksmithing', null, null],
      ['Algari Treatise on Enchanting', 150_000, 'Bankalt-Stormrage'],
    ]);
    // The enchanting treatise is mailed from the bank alt, not bought; blacksmithing has no price.
    expect(r.board!.shopping).toMatchObject({ totalCopper: 200_000, unpriced: 1 });
    const plain = resetLines({ ...r, status: 'opened' }).join('\n');
    expect(plain).toMatch(/^shopping list: 3 item\(s\), 20g 0s 0c to buy \(1 without a price\)$/m);
    expect(plain).toMatch(/^Thrall-Stormrage +Algari Treatise on Enchanting +mail from Bankalt-Stormrage +weekly treatise$/m);
    expect(plain).toMatch(/^Thrall-Stormrage +1 more \+10 for slot 2 +ilvl 662 +35$/m);
  });

  it('a clock behind the open week: week not started yet, nothing recounted', async () => {
    const before = { weeks: await weeks(), w2: await vaultRows(week(2)), w3: await vaultRows(week(3)), locks: await lockouts() };
    const r = await reset('us', new Date(week(3).getTime() - HOUR));
    expect(r.status).toBe('not-due');
    expect(r.notes).toContain(`week not started yet, next reset at ${iso(week(3))}`);
    expect(r.week!.startsAt).toEqual(week(2));
    expect({ weeks: await weeks(), w2: await vaultRows(week(2)), w3: await vaultRows(week(3)), locks: await lockouts() }).toEqual(before);
  });
});

describe('a region without collector data, prices or credentials', () => {
  it('still opens the week from the fixed schedule and says what it could not know', async () => {
    const r = await reset('eu', new Date('2026-12-02T05:00:00Z'), { unavailable: 'BLIZZARD_CLIENT_ID and BLIZZARD_CLIENT_SECRET must be set' });
    expect(r.status).toBe('opened');
    expect(r.week).toMatchObject({ startsAt: new Date('2026-12-02T04:00:00Z'), source: 'schedule', snapshotId: null });
    expect(r.board!.priceMoves).toBeNull();
    const notes = r.notes.join('\n');
    expect(notes).toMatch(/no collector reset time for eu: weeks follow the fixed schedule \(Wednesday 04:00 UTC\)/);
    expect(notes).toMatch(/no characters in eu/);
    expect(notes).toMatch(/no reset-day prices: BLIZZARD_CLIENT_ID/);
    expect(notes).toMatch(/eu has never been scraped/);
  });

  it('retries the reset snapshot on the next run and records an API failure as a note', async () => {
    server.route('eu', '/data/wow/auctions/commodities', { status: 500, body: { code: 500, detail: 'Internal Server Error' } });
    const r = await reset('eu', new Date('2026-12-02T06:00:00Z'));
    expect(r.status).toBe('not-due');
    expect(r.notes.join('\n')).toMatch(/no reset-day prices: eu\/commodities: .*500/);
    expect(await weeks('eu')).toHaveLength(1);
  });
});
