/**
 * The Command Center's queries on a small account with market data (the
 * liquidation fixture): each tab's object from real tables, actions through
 * the queue, and the NOTIFY that tells the faces to reload.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../../src/core/dashboard/actions.js';
import { listenForData } from '../../src/core/dashboard/listen.js';
import { loadTab, tabName } from '../../src/core/dashboard/tabs.js';
import { TAB_NAMES } from '../../src/core/dashboard/types.js';
import { UsageError } from '../../src/core/errors.js';
import { ingest } from '../../src/core/inventory/ingest.js';
import { silentLogger } from '../../src/core/log.js';
import { setAuctionAlt } from '../../src/core/liquidation/settings.js';
import { useTestDatabase } from '../helpers/db.js';
import { ITEMS, SQUIRREL, T0, insertMarket, writeAccount } from '../helpers/liquidation-fixture.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const tempDir = useTempDirs();
const NOW = new Date((T0 + 600) * 1000);
const DAY = 86_400_000;

beforeAll(async () => {
  await ingest({ paths: [writeAccount(tempDir('holocron-dashboard-'))] }, { db: t.db, log: silentLogger });
  await insertMarket(t.db);
  // Three days of sales and one purchase: 1,000g in on each, 300g out on the last.
  for (const d of [1, 2, 3]) {
    await t.db.query(
      `INSERT INTO goblin.ledger (kind, realm, realm_key, character, item_string, item_id, quantity, price, source, occurred_at, row_key)
       VALUES ('sale', 'Stormrage', 'stormrage', 'Farmer', 'i:${ITEMS.mycobloom}', ${ITEMS.mycobloom}, 100, 100000, 'Auction', $1, md5($2)::uuid)`,
      [new Date(NOW.getTime() - d * DAY), `sale ${d}`],
    );
  }
  await t.db.query(
    `INSERT INTO goblin.ledger (kind, realm, realm_key, character, item_string, item_id, quantity, price, source, occurred_at, row_key)
     VALUES ('buy', 'Stormrage', 'stormrage', 'Farmer', 'i:${ITEMS.potion}', ${ITEMS.potion}, 1, 3000000, 'Auction', $1, md5('buy')::uuid)`,
    [new Date(NOW.getTime() - DAY)],
  );
});

describe('dashboard tabs', () => {
  it('names each tab and refuses others', () => {
    expect(TAB_NAMES.map((n) => tabName(n.toUpperCase()))).toEqual([...TAB_NAMES]);
    expect(() => tabName('stats')).toThrow(UsageError);
  });

  it('Home: the account worth (as holocron value counts it), characters and freshness', async () => {
    const home = await loadTab(t.db, 'home', { now: NOW });
    // 400 + 100 Mycobloom at 95s among the priced stacks.
    expect(home.totals.itemValue).toBeGreaterThanOrEqual(500 * 9500);
    expect(home.totals.characters).toBeGreaterThanOrEqual(2);
    expect(home.freshness.map((f) => f.source)).toContain('ingest MAIN');
    expect(home.missing).toEqual([]);
  });

  it('Market: gold velocity from the ledger and the holdings by liquidity', async () => {
    const market = await loadTab(t.db, 'market', { now: NOW });
    expect(market.velocity.days.map((d) => d.goldIn)).toEqual([10_000_000, 10_000_000, 10_000_000]);
    expect(market.velocity.days.at(-1)).toMatchObject({ goldOut: 3_000_000, net: 7_000_000 });
    expect(market.velocity.netPerDay7d).toBe(Math.round((30_000_000 - 3_000_000) / 7));
    const herb = market.liquidity.items.find((i) => i.itemId === ITEMS.mycobloom);
    // No sales rates in the fixture: held, valued, not yet liquid.
    expect(herb).toMatchObject({ name: 'Mycobloom', value: herb!.unitsSellable * 9500, soldPerDay: null, liquidValue7d: 0 });
    expect(market.liquidity.items[0]!.itemId).toBe(ITEMS.mycobloom);
    expect(market.liquidity.value).toBeGreaterThan(0);
  });

  it('Collection: journal duplicates to sell, never the team pet', async () => {
    const collection = await loadTab(t.db, 'collection', { now: NOW });
    expect(collection.duplicates).toEqual([{ speciesId: SQUIRREL, name: 'Mechanical Squirrel', owned: 3, sellable: 2, unitValue: 120_000 }]);
    expect(collection.petsOwned).toBeGreaterThanOrEqual(4);
  });

  it('Roster: every character with its vault and knowledge', async () => {
    const roster = await loadTab(t.db, 'roster', { now: NOW });
    expect(roster.characters.map((c) => c.character)).toEqual(expect.arrayContaining(['Farmer-Stormrage', 'Thrall-Stormrage']));
    for (const c of roster.characters) expect(c.vault.slots).toBeGreaterThanOrEqual(0);
  });
});

describe('dashboard actions', () => {
  it('plans, applies, and closes jobs; the listener hears the queue change', async () => {
    await setAuctionAlt(t.db, 'Farmer-Stormrage');
    const heard: string[][] = [];
    const listener = await listenForData(t.db, (what) => heard.push(what), { debounceMs: 20 });
    try {
      const plan = await runAction(t.db, { action: 'liquidate-plan' }, { now: NOW });
      expect(plan.summary).toMatch(/^liquidation plan, not applied: \d+ line\(s\) to sell/);
      expect((await loadTab(t.db, 'operations', { now: NOW })).jobs).toEqual([]);

      const applied = await runAction(t.db, { action: 'liquidate-apply' }, { now: NOW });
      expect(applied.summary).toMatch(/liquidation queued .*: [1-9]\d* new/);
      const ops = await loadTab(t.db, 'operations', { now: NOW });
      expect(ops.jobs.length).toBeGreaterThan(0);
      expect(ops.queued.liquidation).toBe(ops.jobs.length);
      expect(ops.auctionAlt).toBe('Farmer-Stormrage');
      const home = await loadTab(t.db, 'home', { now: NOW });
      expect(home.totals.openJobs).toBe(ops.jobs.length);
      expect(home.alerts.some((a) => /job.? pending$/.test(a.text) && a.tab === 'operations')).toBe(true);

      const [first, second] = ops.jobs;
      await runAction(t.db, { action: 'job-done', ids: [first!.id] });
      await runAction(t.db, { action: 'job-cancel', ids: [second!.id] });
      const after = await loadTab(t.db, 'operations', { now: NOW });
      expect(after.jobs.map((j) => j.id)).not.toContain(first!.id);
      expect(after.jobs.map((j) => j.id)).not.toContain(second!.id);
      await expect(runAction(t.db, { action: 'job-done', ids: [first!.id] })).rejects.toThrow(/no open job/);
      await expect(runAction(t.db, { action: 'job-done', ids: [] })).rejects.toThrow(UsageError);

      for (let i = 0; i < 100 && !heard.flat().includes('jobs'); i++) await new Promise((r) => setTimeout(r, 20));
      expect(heard.flat()).toContain('jobs');
    } finally {
      await listener.close();
    }
  });

  it('makes a restock manifest without queueing it unless asked', async () => {
    const before = (await loadTab(t.db, 'operations', { now: NOW })).jobs.length;
    const manifest = await runAction(t.db, { action: 'restock-manifest', apply: false });
    expect(manifest.summary).toMatch(/^restock manifest: \d+ move\(s\) for \d+ need\(s\).*\(not applied\)$/);
    expect((await loadTab(t.db, 'operations', { now: NOW })).jobs.length).toBe(before);
  });

  it('hears an ingest that changed something, once for the whole file', async () => {
    const heard: string[][] = [];
    const listener = await listenForData(t.db, (what) => heard.push(what), { debounceMs: 50 });
    try {
      await ingest({ paths: [writeAccount(tempDir('holocron-dashboard-later-'), T0 + 3600, true)] }, { db: t.db, log: silentLogger });
      for (let i = 0; i < 100 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(heard[0]).toContain('ingest');
      expect(heard).toHaveLength(1);
    } finally {
      await listener.close();
    }
  });

  it('refuses an unknown action', async () => {
    await expect(runAction(t.db, { action: 'sell-everything' } as never)).rejects.toThrow(UsageError);
  });
});
