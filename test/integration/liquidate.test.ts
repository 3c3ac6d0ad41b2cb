/**
 * holocron liquidate on a small account with market data: each exclusion for
 * the right stack, prices and their sources, routing through the auction
 * alt, vendor and cage jobs, gathering, keep rules, and the logistics queue:
 * idempotent --apply, and jobs closed by the ingest that shows the move.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/core/inventory/ingest.js';
import { silentLogger } from '../../src/core/log.js';
import { applyJobs, listJobs } from '../../src/core/liquidation/jobs.js';
import { importKeepRules, listKeepRules, removeKeepRule, setKeepRule } from '../../src/core/liquidation/keep-rules.js';
import { planLiquidation, type LiquidationPlan } from '../../src/core/liquidation/plan.js';
import { setAuctionAlt, setMinValue } from '../../src/core/liquidation/settings.js';
import { DataError, UsageError } from '../../src/core/errors.js';
import { useTestDatabase } from '../helpers/db.js';
import { ITEMS, SQUIRREL, T0, insertMarket, writeAccount } from '../helpers/liquidation-fixture.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const tempDir = useTempDirs();
const NOW = new Date((T0 + 600) * 1000);

const plan = (options: Partial<Parameters<typeof planLiquidation>[1]> = {}) => planLiquidation(t.db, { now: NOW, region: 'us', ...options });
const sellOf = (p: LiquidationPlan, holder: string, itemId: number) => p.sell.filter((r) => r.holder === holder && r.itemId === itemId);
const keptOf = (p: LiquidationPlan, holder: string, itemId: number) => p.kept.filter((r) => r.holder === holder && r.itemId === itemId).map((r) => [r.count, r.reason]);

beforeAll(async () => {
  await ingest({ paths: [writeAccount(tempDir('holocron-liquidate-'))] }, { db: t.db, log: silentLogger });
  await insertMarket(t.db);
  await setMinValue(t.db, 10_000);
});

describe('the liquidation plan', () => {
  it('sells unbound priced items at market, naming the price source and how fast they sell', async () => {
    const p = await plan();
    expect(sellOf(p, 'Farmer-Stormrage', ITEMS.mycobloom)).toEqual([
      expect.objectContaining({ location: 'bags', count: 400, unitValue: 9500, priceSource: 'region commodity', value: 400 * 9500, action: 'auction' }),
    ]);
    expect(sellOf(p, 'Farmer-Stormrage', ITEMS.boots)).toEqual([expect.objectContaining({ location: 'bank', count: 1, unitValue: 500_000, priceSource: 'realm market' })]);
    // The warband bank sells too; with no auction alt nobody is named to empty it.
    expect(sellOf(p, 'Warband', ITEMS.mycobloom)).toEqual([expect.objectContaining({ count: 100 })]);
    expect(p.warnings.join('\n')).toMatch(/Warband: nothing to act for it/);
    expect(p.warnings.join('\n')).toMatch(/no auction alt on Stormrage/);
  });

  it('keeps soulbound items, items without market data, and lines below the minimum value, saying why', async () => {
    const p = await plan();
    expect(keptOf(p, 'Thrall-Stormrage', ITEMS.thunderfury)).toEqual([[1, 'kept: soulbound']]);
    expect(keptOf(p, 'Farmer-Stormrage', ITEMS.mystery)).toEqual([[2, 'no market data']]);
    expect(keptOf(p, 'Farmer-Stormrage', ITEMS.lowHerb)).toEqual([[5, 'below --min-value']]);
    expect(sellOf(p, 'Farmer-Stormrage', ITEMS.lowHerb)).toEqual([]);
    const higher = await plan({ minValue: 500 * 9500 });
    expect(keptOf(higher, 'Farmer-Stormrage', ITEMS.mycobloom)).toEqual([[400, 'below --min-value']]);
  });

  it('sends grey items and items worth more at a vendor to a vendor', async () => {
    const p = await plan();
    expect(sellOf(p, 'Farmer-Stormrage', ITEMS.tooth)).toEqual([expect.objectContaining({ action: 'vendor', unitValue: 25, priceSource: 'vendor', value: 75 })]);
    expect(sellOf(p, 'Farmer-Stormrage', ITEMS.cheapOre)).toEqual([expect.objectContaining({ action: 'vendor', unitValue: 50, value: 2000 })]);
    expect(p.jobs.find((j) => j.kind === 'vendor' && j.from === 'Farmer-Stormrage')!.items.map((i) => i.itemId).sort()).toEqual([ITEMS.tooth, ITEMS.cheapOre].sort());
  });

  it('cages journal duplicates beyond what teams use, never the team pet', async () => {
    const p = await plan();
    // Three squirrels, one in a team: two to cage; one Bombay Cat: none.
    const cage = p.jobs.filter((j) => j.kind === 'cage');
    expect(cage).toHaveLength(1);
    expect(cage[0]!.items).toEqual([{ itemId: 82800, petSpeciesId: SQUIRREL, itemName: 'Mechanical Squirrel', count: 2 }]);
  });

  it('keeps what keep rules hold back: a character rule on that character, an account rule with the biggest holders', async () => {
    await setKeepRule(t.db, { item: 'Algari Healing Potion', count: 40, character: 'Thrall-Stormrage' });
    await setKeepRule(t.db, { item: String(ITEMS.bismuth), count: 100 });
    const p = await plan();
    expect(keptOf(p, 'Thrall-Stormrage', ITEMS.potion)).toEqual([[40, 'kept: keep rule 40']]);
    expect(sellOf(p, 'Thrall-Stormrage', ITEMS.potion)[0]!.count).toBe(20);
    // 140 Bismuth held: Farmer (80) keeps all, Thrall (50) keeps 20, Bankalt's 10 are sold.
    expect(keptOf(p, 'Farmer-Stormrage', ITEMS.bismuth)).toEqual([[80, 'kept: keep rule 100']]);
    expect(keptOf(p, 'Thrall-Stormrage', ITEMS.bismuth)).toEqual([[20, 'kept: keep rule 100']]);
    expect(sellOf(p, 'Thrall-Stormrage', ITEMS.bismuth)[0]!.count).toBe(30);
    expect(sellOf(p, 'Bankalt-Stormrage', ITEMS.bismuth)[0]!.count).toBe(10);
    expect((await listKeepRules(t.db)).map((r) => [r.itemName, r.keepCount, r.character])).toEqual([
      ['Algari Healing Potion', 40, 'Thrall-Stormrage'],
      ['Bismuth', 100, null],
    ]);
  });

  it('names the closest items for an unknown one, and imports CSV rules line by line', async () => {
    await expect(setKeepRule(t.db, { item: 'Mycobloomm', count: 5 })).rejects.toThrow(/unknown item 'Mycobloomm': did you mean 'Mycobloom'/);
    await expect(setKeepRule(t.db, { item: 'Mycobloom', count: 5, character: 'Nobody-Stormrage' })).rejects.toThrow(UsageError);
    const report = await importKeepRules(t.db, 'item,count,character\nMycobloom,50\n"Bismuth",abc\nNo Such Thing,3\n210796,60,Farmer-Stormrage\n', 'rules.csv');
    expect(report.imported).toBe(2);
    expect(report.problems).toEqual([
      { line: 3, message: "count 'abc' is not a whole number" },
      { line: 4, message: expect.stringMatching(/^unknown item 'No Such Thing'/) },
    ]);
    await expect(importKeepRules(t.db, 'a,"b\n', 'broken.csv')).rejects.toThrow(DataError);
    expect((await removeKeepRule(t.db, 'Mycobloom')).removed).toBe(true);
    expect((await removeKeepRule(t.db, 'Mycobloom', 'Farmer-Stormrage')).removed).toBe(true);
    expect((await removeKeepRule(t.db, 'Mycobloom')).removed).toBe(false);
  });
});

describe('routing through the auction alt', () => {
  beforeAll(async () => {
    await setAuctionAlt(t.db, 'bankalt-stormrage');
  });

  it('mails what others sell to the alt of their realm, sells its own and the warband bank there, and other realms where they are', async () => {
    const p = await plan();
    const job = (kind: string, from: string) => p.jobs.find((j) => j.kind === kind && j.from === from);
    expect(job('mail', 'Farmer-Stormrage')).toMatchObject({ to: 'Bankalt-Stormrage', reason: 'to the auction alt' });
    expect(job('mail', 'Farmer-Stormrage')!.items.find((i) => i.itemId === ITEMS.mycobloom)!.count).toBe(400);
    expect(job('sell', 'Bankalt-Stormrage')!.items.find((i) => i.itemId === ITEMS.mycobloom)!.count).toBe(50);
    expect(p.jobs.find((j) => j.kind === 'sell' && j.source === 'Warband')).toMatchObject({ from: 'Bankalt-Stormrage', reason: 'take from the warband bank' });
    expect(job('sell', 'Jaina-Area52')).toBeDefined();
    expect(sellOf(p, 'Farmer-Stormrage', ITEMS.mycobloom)[0]!.sellerAt).toBe('Bankalt-Stormrage');
    expect(p.warnings.join('\n')).toMatch(/no auction alt on Area52/);
  });

  it('refuses an auction alt the account does not have, listing the characters of that realm', async () => {
    await expect(setAuctionAlt(t.db, 'Nobody-Stormrage')).rejects.toThrow(/no character 'Nobody-Stormrage'; characters on that realm: Bankalt-Stormrage, Farmer-Stormrage, Healer-Stormrage, Thrall-Stormrage/);
  });

  it('gathers what stays unsold at one character per realm', async () => {
    const p = await plan({ gatherTo: true });
    // Mystery Trinkets: Farmer 2, Healer 1: Healer's go to Farmer.
    const gather = p.jobs.filter((j) => j.reason === 'gather');
    expect(gather.map((j) => [j.from, j.to, j.items.map((i) => [i.itemId, i.count])])).toContainEqual(['Healer-Stormrage', 'Farmer-Stormrage', [[ITEMS.mystery, 1]]]);
    const named = await plan({ gatherTo: 'Healer-Stormrage' });
    expect(named.jobs.filter((j) => j.reason === 'gather').map((j) => [j.from, j.to])).toContainEqual(['Farmer-Stormrage', 'Healer-Stormrage']);
  });
});

describe('the logistics queue', () => {
  it('queues the plan once: applying the same plan again changes nothing', async () => {
    const first = await applyJobs(t.db, (await plan()).planned);
    expect(first.created).toBeGreaterThan(5);
    const again = await applyJobs(t.db, (await plan()).planned);
    expect(again).toMatchObject({ created: 0, updated: 0, cancelled: 0, unchanged: first.created });
    const open = await listJobs(t.db);
    expect(open.every((j) => j.status === 'open')).toBe(true);
    expect(open.find((j) => j.kind === 'mail' && j.from === 'Farmer-Stormrage' && j.itemId === ITEMS.mycobloom)).toMatchObject({ to: 'Bankalt-Stormrage', count: 400 });
  });

  it('closes a mail job when a later ingest shows the items arrived, and re-plans from there', async () => {
    const summary = await ingest({ paths: [writeAccount(tempDir('holocron-liquidate-later-'), T0 + 3600, true)] }, { db: t.db, log: silentLogger });
    expect(summary.files.map((f) => f.status)).toContain('ingested');
    expect(summary.jobs.done).toBeGreaterThanOrEqual(1);
    const all = await listJobs(t.db, { all: true });
    const herbs = all.find((j) => j.kind === 'mail' && j.from === 'Farmer-Stormrage' && j.itemId === ITEMS.mycobloom)!;
    expect(herbs).toMatchObject({ status: 'done', closeReason: 'arrived' });
    // The alt now holds 450 Mycobloom: the next plan sells them there, and nothing asks Farmer to mail them again.
    const next = await plan();
    expect(sellOf(next, 'Bankalt-Stormrage', ITEMS.mycobloom)[0]!.count).toBe(450);
    const applied = await applyJobs(t.db, next.planned);
    expect(applied.created).toBeGreaterThan(0);
    const open = await listJobs(t.db);
    expect(open.filter((j) => j.from === 'Farmer-Stormrage' && j.itemId === ITEMS.mycobloom)).toEqual([]);
    expect(open.find((j) => j.kind === 'sell' && j.from === 'Bankalt-Stormrage' && j.itemId === ITEMS.mycobloom && j.source === null)!.count).toBe(450);
  });
});
