/**
 * `holocron reset` as cron and a user run it: the plain board under cron, the
 * JSON keys, the Ink board on a terminal, a second run in the same week, no
 * credentials, and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auctionsBody } from '../helpers/auction-generator.js';
import { runCli, runCliOnTty } from '../helpers/cli.js';
import { useTestDatabase } from '../helpers/db.js';
import { FakeBlizzard } from '../helpers/fake-blizzard.js';
import { useTempHomes } from '../helpers/home.js';
import { HAS_LUA, luaTitle } from '../helpers/lua-harness.js';
import { DAY, ITEMS, commodities, playSession, seedItems, vault, week } from '../helpers/reset-scenario.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const tempDir = useTempDirs();
const home = useTempHomes()('reset');
const server = new FakeBlizzard();
const MIN = 60_000;
const env = (extra: Record<string, string | undefined> = {}) => ({ ...server.env(), DATABASE_URL: t.url, HOLOCRON_HOME: home, ...extra });
const at = (base: Date, ms: number) => new Date(base.getTime() + ms).toISOString();

interface ResetJson {
  region: string;
  status: string;
  week: { startsAt: string; source: string; snapshotId: number | null } | null;
  nextResetAt: string;
  characters: Array<{ character: string; earned: number; claimable: number }>;
  hitlist: unknown[];
  shoppingList: { items: unknown[]; totalCopper: number; unpriced: number };
  priceMoves: unknown[] | null;
  notes: string[];
}

beforeAll(async () => {
  await server.start();
  await seedItems(t.db);
  const prices = Object.fromEntries(ITEMS.map((i, n) => [i.id, 10_000 * (n + 1)]));
  server.route('us', '/data/wow/auctions/commodities', { body: auctionsBody(commodities(prices, 1)), gzip: true, lastModified: new Date(week(1).getTime() + 2 * MIN) });
  if (HAS_LUA) {
    await playSession(t.db, tempDir('holocron-reset-cli-'), {
      at: new Date(week(0).getTime() + 2 * DAY),
      nextReset: week(1),
      vault: vault(2, 4, 0),
      hasRewards: false,
      lockouts: [['Nerub-ar Palace', 2657, week(1), 15, false]],
    });
  }
});
afterAll(async () => {
  await server.stop();
});

describe.skipIf(!HAS_LUA)(luaTitle('holocron reset'), () => {
  it('opens the week under cron and prints the plain board (region from the account’s characters)', async () => {
    const r = await runCli(['reset', '--now', at(week(1), 5 * MIN)], { env: env() });
    expect([r.code, r.stderr]).toEqual([0, '']);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('us: opened the week of 2026-11-17 15:00 UTC (client reset time); next reset 2026-11-24 15:00 UTC');
    expect(r.stdout).toMatch(/^vault \(1 character\(s\)\)\ncharacter +last week +earned +claimable +claimed +this week needs\nThrall-Stormrage +R1 D2 W0 +3 +3 +0 +R:2\/4\/6 D:1\/4\/8 W:2\/4\/8$/m);
    // The hitlist and utility views, from the same collector session: one dungeon short, a treatise unused this week.
    expect(r.stdout).toMatch(/^hitlist \(1\)\ncharacter +what +reward +min\nThrall-Stormrage +1 more Mythic\+ dungeon for slot 1 +Great Vault dungeon slot 1 +35$/m);
    expect(r.stdout).toMatch(/^shopping list: 2 item\(s\), 3g 0s 0c to buy \(1 without a price\)$/m);
    expect(r.stdout).toMatch(/^Thrall-Stormrage +Algari Treatise on Alchemy +3g 0s 0c +Alchemy treatise not used this week/m);
    expect(r.stdout).toMatch(/^note: first reset snapshot of us/m);
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('prints the same week as JSON, and says the next week has not started on a second run', async () => {
    const r = await runCli(['reset', '--region', 'us', '--json', '--now', at(week(1), 60 * MIN)], { env: env() });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as ResetJson;
    expect(json).toMatchObject({
      region: 'us',
      status: 'not-due',
      week: { startsAt: week(1).toISOString(), source: 'client' },
      nextResetAt: week(2).toISOString(),
      characters: [{ character: 'Thrall-Stormrage', earned: 3, claimable: 3 }],
      hitlist: [{ character: 'Thrall-Stormrage', kind: 'vault', what: '1 more Mythic+ dungeon for slot 1' }],
      shoppingList: { totalCopper: 30_000, unpriced: 1 },
      priceMoves: null,
    });
    expect(json.week!.snapshotId).toEqual(expect.any(Number));
    expect(json.notes).toContain(`week not started yet, next reset at ${week(2).toISOString()}`);
  });

  it('logs one line and its notes under cron when the week is already open', async () => {
    const r = await runCli(['reset', '--region', 'us', '--now', at(week(1), 62 * MIN)], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('us: already open: the week of 2026-11-17 15:00 UTC (client reset time); next reset 2026-11-24 15:00 UTC');
    expect(r.stdout).not.toMatch(/^vault/m);
    expect(r.stdout).toMatch(/^note: week not started yet, next reset at 2026-11-24T15:00:00.000Z$/m);
  });

  it('draws the board with Ink on a terminal', async () => {
    const r = await runCliOnTty(['reset', '--region', 'us', '--now', at(week(1), 61 * MIN)], { env: env() });
    if (!r) return;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/already open: the week of 2026-11-17 15:00 UTC/);
    expect(r.stdout).toMatch(/Thrall-Stormrage/);
  });

  it('opens the next week without credentials: exit 0, a note instead of price moves', async () => {
    const r = await runCli(['reset', '--region', 'us', '--json', '--now', at(week(2), 5 * MIN)], {
      env: env({ BLIZZARD_CLIENT_ID: undefined, BLIZZARD_CLIENT_SECRET: undefined }),
    });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as ResetJson;
    expect(json).toMatchObject({ status: 'opened', week: { startsAt: week(2).toISOString(), snapshotId: null }, priceMoves: null });
    expect(json.notes.join('\n')).toMatch(/no reset-day prices: BLIZZARD_CLIENT_ID and BLIZZARD_CLIENT_SECRET must be set/);
  });
});

describe('holocron reset with bad input', () => {
  it('refuses an unknown region, several regions and a bad --now with 64', async () => {
    for (const args of [['--region', 'xx'], ['--region', 'us,eu'], ['--region', 'us', '--now', 'tuesday']]) {
      const r = await runCli(['reset', ...args], { env: env() });
      expect([args, r.code]).toEqual([args, 64]);
      expect(r.stderr).toMatch(/region|--now/);
    }
  });

  it('opens a region with no characters and no scrape from the fixed schedule, exit 0', async () => {
    const r = await runCli(['reset', '--region', 'kr', '--now', '2026-12-03T01:00:00Z'], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^kr: opened the week of 2026-12-02 23:00 UTC \(fixed schedule\)/);
    expect(r.stdout).toMatch(/note: no collector reset time for kr/);
    expect(r.stdout).toMatch(/note: kr has never been scraped/);
  });
});
