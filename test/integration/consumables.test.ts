/**
 * Consumables on a small account: the shortfall (bags, bank and reagent bank
 * held; mailbox and warband not), who can bring the rest, restock jobs from
 * the biggest holder, idempotent re-runs, mail in the post, and jobs closed
 * by the ingest that shows the items at the raider.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/core/inventory/ingest.js';
import { silentLogger } from '../../src/core/log.js';
import { applyJobs, listJobs, reconcileJobs } from '../../src/core/liquidation/jobs.js';
import { importRequirements, listNeeds, removeRequirement, setRequirement } from '../../src/core/skillweaver/consumables/requirements.js';
import { RESTOCK_PREFIX, planRestock } from '../../src/core/skillweaver/consumables/restock.js';
import { DataError, UsageError } from '../../src/core/errors.js';
import { useTestDatabase } from '../helpers/db.js';
import { FLASK, FLASK_NAME, POTION, T0, writeConsumablesAccount, type Stage } from '../helpers/consumables-fixture.js';
import { insertRealms } from '../helpers/market-fixture.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const tempDir = useTempDirs();

const ingestStage = (stage: Stage, savedAt: number) => ingest({ paths: [writeConsumablesAccount(tempDir('holocron-consumables-'), stage, savedAt)] }, { db: t.db, log: silentLogger });
const restockApply = async () => applyJobs(t.db, (await planRestock(t.db)).planned, RESTOCK_PREFIX);

beforeAll(async () => {
  const summary = await ingestStage('planned', T0);
  expect(summary.files.map((f) => f.status)).toContain('ingested');
});

describe('consumable needs', () => {
  it('counts bags, bank and reagent bank as held, the mailbox and the warband bank not', async () => {
    const need = await setRequirement(t.db, { character: 'Raider-Stormrage', item: FLASK_NAME, count: 20 });
    expect(need).toMatchObject({ character: 'Raider-Stormrage', itemId: FLASK, itemName: FLASK_NAME, required: 20, held: 10, inMail: 4, shortfall: 10 });
  });

  it('lists who holds the rest, biggest first, and which of them can reach the raider', async () => {
    const [need] = await listNeeds(t.db, { character: 'raider' });
    expect(need!.sources.map((s) => [s.holder, s.holderKind, s.available, s.reachable])).toEqual([
      ['Faraway-Area52', 'character', 100, false],
      ['Hordie-Stormrage', 'character', 70, false],
      ['Bankalt-Stormrage', 'character', 60, true],
      ['Warband', 'warband', 50, true],
      ['Alt-Stormrage', 'character', 8, true],
    ]);
    expect(need!.available).toBe(118);
  });

  it("leaves a holder's own requirement with it, and shows a met requirement as stocked", async () => {
    await setRequirement(t.db, { character: 'Alt-Stormrage', item: String(FLASK), count: 5 });
    const [raider] = await listNeeds(t.db, { character: 'Raider-Stormrage' });
    expect(raider!.sources.find((s) => s.holder === 'Alt-Stormrage')!.available).toBe(3);
    const [alt] = await listNeeds(t.db, { character: 'Alt-Stormrage' });
    expect(alt).toMatchObject({ held: 8, shortfall: 0 });
    expect((await removeRequirement(t.db, 'Alt-Stormrage', FLASK_NAME)).removed).toBe(true);
    expect((await removeRequirement(t.db, 'Alt-Stormrage', FLASK_NAME)).removed).toBe(false);
  });

  it('refuses unknown characters (listing candidates), unknown items and counts below 1', async () => {
    await expect(setRequirement(t.db, { character: 'Ghost-Stormrage', item: FLASK_NAME, count: 1 })).rejects.toThrow(
      /no character 'Ghost-Stormrage'; characters on that realm: Alt-Stormrage, Bankalt-Stormrage, Hordie-Stormrage, Raider-Stormrage/,
    );
    await expect(setRequirement(t.db, { character: 'Raider-Stormrage', item: 'Flask of Alchemical Chaoss', count: 1 })).rejects.toThrow(DataError);
    await expect(setRequirement(t.db, { character: 'Raider-Stormrage', item: FLASK_NAME, count: 0 })).rejects.toThrow(UsageError);
  });

  it('imports the good CSV lines and reports the bad ones by line', async () => {
    const csv = 'character,item,count\nRaider-Stormrage,212265,15\nGhost-Stormrage,212265,3\nRaider-Stormrage,No Such Flask,2\nRaider-Stormrage,212265,many\nBankalt-Stormrage,"|cnIQ1:|Hitem:212283:::::::80:72:::::::::|h[Flask of Alchemical Chaos]|h|r",1\n';
    const report = await importRequirements(t.db, csv, 'needs.csv');
    expect(report.imported).toBe(2);
    expect(report.problems.map((p) => p.line)).toEqual([3, 4, 5]);
    expect(report.problems[0]!.message).toMatch(/no character 'Ghost-Stormrage'/);
    expect(report.problems[2]!.message).toMatch(/count 'many'/);
    expect((await listNeeds(t.db, { character: 'Raider-Stormrage' })).map((n) => [n.itemId, n.required])).toEqual([
      [FLASK, 20],
      [POTION, 15],
    ]);
    expect((await removeRequirement(t.db, 'Bankalt-Stormrage', String(FLASK))).removed).toBe(true);
  });
});

describe('restock', () => {
  it('mails from the biggest holder, takes from the warband bank what the raider must fetch, and counts the mailbox as on its way', async () => {
    const plan = await planRestock(t.db);
    expect(plan.needs.map((n) => [n.itemId, n.shortfall, n.inMail, n.planned, n.unmet])).toEqual([
      [FLASK, 10, 4, 6, 0],
      [POTION, 15, 0, 15, 0],
    ]);
    expect(plan.jobs.map((j) => [j.kind, j.from, j.to, j.source, j.items.map((i) => [i.itemId, i.count])])).toEqual([
      ['mail', 'Bankalt-Stormrage', 'Raider-Stormrage', null, [[FLASK, 6], [POTION, 3]]],
      ['withdraw', 'Raider-Stormrage', 'Raider-Stormrage', 'Warband', [[POTION, 12]]],
    ]);
  });

  it('queues the jobs once: a re-run changes nothing, and leaves liquidation jobs alone', async () => {
    const first = await restockApply();
    expect(first).toMatchObject({ created: 3, updated: 0, cancelled: 0 });
    expect(await restockApply()).toMatchObject({ created: 0, updated: 0, cancelled: 0, unchanged: 3 });
    const open = await listJobs(t.db);
    expect(open.map((j) => [j.key.split('/').slice(0, 2).join('/'), j.from, j.to, j.source, j.itemId, j.count]).sort()).toEqual(
      [
        ['restock/mail', 'Bankalt-Stormrage', 'Raider-Stormrage', null, FLASK, 6],
        ['restock/mail', 'Bankalt-Stormrage', 'Raider-Stormrage', null, POTION, 3],
        ['restock/withdraw', 'Raider-Stormrage', 'Raider-Stormrage', 'Warband', POTION, 12],
      ].sort(),
    );
    // An empty liquidation plan cancels only its own prefix.
    expect(await applyJobs(t.db, [])).toMatchObject({ cancelled: 0 });
    expect(await listJobs(t.db)).toHaveLength(3);
  });

  it('counts mail that left the sender as in the post: nothing is asked twice', async () => {
    await ingestStage('sent', T0 + 3600);
    await reconcileJobs(t.db);
    const all = await listJobs(t.db, { all: true });
    expect(all.filter((j) => j.kind === 'mail').map((j) => [j.status, j.closeReason])).toEqual([
      ['done', 'sent'],
      ['done', 'sent'],
    ]);
    const plan = await planRestock(t.db);
    expect(plan.needs.map((n) => [n.itemId, n.inTransit, n.planned])).toEqual([
      [FLASK, 6, 0],
      [POTION, 3, 12],
    ]);
    expect(await applyJobs(t.db, plan.planned, RESTOCK_PREFIX)).toMatchObject({ created: 0, updated: 0, cancelled: 0, unchanged: 1 });
  });

  it('closes the withdrawal when an ingest shows the items at the raider, and then plans nothing', async () => {
    const summary = await ingestStage('arrived', T0 + 7200);
    expect(summary.jobs.done).toBe(1);
    const withdraw = (await listJobs(t.db, { all: true })).find((j) => j.kind === 'withdraw')!;
    expect(withdraw).toMatchObject({ status: 'done', closeReason: 'arrived' });
    const plan = await planRestock(t.db);
    expect([plan.needs, plan.jobs]).toEqual([[], []]);
    expect(await restockApply()).toMatchObject({ created: 0, updated: 0, cancelled: 0, unchanged: 0 });
    expect(await listJobs(t.db)).toEqual([]);
  });
});

describe('connected realms', () => {
  it('lets a character of a connected realm mail, and the plan takes the biggest such holder', async () => {
    await setRequirement(t.db, { character: 'Raider-Stormrage', item: FLASK_NAME, count: 40 });
    await insertRealms(t.db, 'us', 60, [[60, 'Stormrage'], [3676, 'Area 52']]);
    const [need] = await listNeeds(t.db, { character: 'Raider-Stormrage' });
    expect(need!.sources.find((s) => s.holder === 'Faraway-Area52')).toMatchObject({ available: 100, reachable: true });
    expect(need!.sources.find((s) => s.holder === 'Hordie-Stormrage')!.reachable).toBe(false);
    const plan = await planRestock(t.db);
    expect(plan.jobs.map((j) => [j.kind, j.from, j.items.map((i) => [i.itemId, i.count])])).toEqual([['mail', 'Faraway-Area52', [[FLASK, 20]]]]);
  });
});

describe('liquidation', () => {
  it("never sells a raider's consumables, nor the stock that covers what raiders are short of", async () => {
    const { planLiquidation } = await import('../../src/core/liquidation/plan.js');
    await setRequirement(t.db, { character: 'Raider-Stormrage', item: FLASK_NAME, count: 40 });
    const [need] = await listNeeds(t.db, { character: 'Raider-Stormrage', itemId: FLASK });
    const plan = await planLiquidation(t.db, { region: 'us', now: new Date(T0 * 1000) });
    const flasks = plan.kept.filter((k) => k.itemId === FLASK);
    const raider = flasks.filter((k) => k.holder === 'Raider-Stormrage' && k.location !== 'mail');
    expect(raider.length).toBeGreaterThan(0);
    for (const row of raider) expect(row.reason).toBe('kept: consumables this raider needs (40)');
    const covering = flasks.filter((k) => /consumables a raider is short of/.test(k.reason));
    expect(covering.reduce((n, k) => n + k.count, 0)).toBeGreaterThanOrEqual(need!.shortfall);
    expect(plan.sell.filter((s) => s.itemId === FLASK)).toEqual([]);
  });
});
