/**
 * Liquidation's jobs reach the game: `liquidate --apply` queues them,
 * `courier` writes them into the index file, and the addon — loaded in Lua
 * 5.1 as the game loads it — highlights the stacks they want moved, fills
 * the mail to the auction alt, and at a merchant sells the junk on a click.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCourier } from '../../src/core/courier/courier.js';
import { ingest } from '../../src/core/inventory/ingest.js';
import { silentLogger } from '../../src/core/log.js';
import { applyJobs } from '../../src/core/liquidation/jobs.js';
import { planLiquidation } from '../../src/core/liquidation/plan.js';
import { setAuctionAlt, setMinValue } from '../../src/core/liquidation/settings.js';
import { useTestDatabase } from '../helpers/db.js';
import { HAS_LUA, luaTitle, runOps, type LuaLiteral } from '../helpers/lua-harness.js';
import { ITEMS, T0, characters, insertMarket, writeAccount } from '../helpers/liquidation-fixture.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const tempDir = useTempDirs();
let dataDir: string;

/** The stub client's view of one character of the fixture: its bags and bank as the game would show them. */
function scenarioOf(name: string): LuaLiteral {
  const c = characters().find((x) => x.name === name)!;
  const bags: Record<number, { size: number; slots: Record<number, LuaLiteral> }> = {};
  for (const [bag, slot, id, count, link, , bound] of [...c.bags, ...(c.bank ?? [])]) {
    bags[bag] ??= { size: 20, slots: {} };
    bags[bag].slots[slot] = { id, count, link, bound };
  }
  return { time: T0 + 3600, player: { name: c.name, realm: c.realm, realmId: c.realmId }, inCombat: false, bags };
}

beforeAll(async () => {
  if (!HAS_LUA) return;
  await ingest({ paths: [writeAccount(tempDir('holocron-liquidate-addon-'))] }, { db: t.db, log: silentLogger });
  await insertMarket(t.db);
  await setMinValue(t.db, 10_000);
  await setAuctionAlt(t.db, 'Bankalt-Stormrage');
  const plan = await planLiquidation(t.db, { now: new Date((T0 + 600) * 1000), region: 'us' });
  await applyJobs(t.db, plan.planned);
  dataDir = tempDir('holocron-liquidate-addon-data-');
  await writeCourier({ outDir: dataDir, version: '9.9.9', region: 'us' }, { db: t.db, log: silentLogger });
});

describe.skipIf(!HAS_LUA)(luaTitle('liquidation jobs in game'), () => {
  it("highlights the stacks the character's jobs want moved, and nothing else", () => {
    const run = runOps(dataDir, scenarioOf('Farmer'), [{ op: 'openBags' }]);
    const marked = run.results[0]!.result as string[];
    // Mycobloom (bag 0 slots 1, 2) and Bismuth (bag 1 slot 1) go to the auction alt; the Mystery
    // Trinket (no market data) and the Low Value Herb (below the minimum) stay unmarked.
    expect(marked).toEqual(expect.arrayContaining(['0/1', '0/2', '1/1']));
    expect(marked).not.toContain('0/3');
    expect(marked).not.toContain('0/6');
  });

  it('fills the mail to the auction alt with what the job names', () => {
    const run = runOps(dataDir, scenarioOf('Farmer'), [{ op: 'mailShow' }, { op: 'sendTab' }, { op: 'mailClick' }]);
    const filled = run.results[2]!.result as { to: string; attachments: Array<{ id: number; count: number }> };
    expect(filled.to).toBe('Bankalt-Stormrage');
    const byItem = new Map<number, number>();
    for (const a of filled.attachments) byItem.set(a.id, (byItem.get(a.id) ?? 0) + a.count);
    expect(Object.fromEntries(byItem)).toEqual({ [ITEMS.mycobloom]: 400, [ITEMS.bismuth]: 80 });
  });

  it("shows the auction alt its own sell job at the auction house, and nobody else's", () => {
    const run = runOps(dataDir, scenarioOf('Bankalt'), [{ op: 'openBags' }, { op: 'auctionShow' }]);
    expect(run.results[0]!.result).toEqual([]);
    expect(run.results[1]!.result).toEqual(['0/1', '0/2']);
  });

  it('at a merchant highlights the vendor junk and sells exactly it on a click', () => {
    const scenario = { ...(scenarioOf('Farmer') as Record<string, LuaLiteral>), sellPrices: { [ITEMS.tooth]: 25, [ITEMS.cheapOre]: 50 } };
    const run = runOps(dataDir, scenario, [{ op: 'merchantShow' }, { op: 'merchantClick' }, { op: 'frames' }, { op: 'window', text: 'jobs' }]);
    const shown = run.results[0]!.result as { highlighted: string[]; button: { shown: boolean; text: string }; sold: unknown[] };
    // The grey Broken Tooth (0/4) and the Cheap Ore a vendor pays more for (0/5) glow beside the mail job's stacks.
    expect(shown.highlighted).toEqual(['0/1', '0/2', '0/4', '0/5', '1/1']);
    expect(shown.button).toEqual({ shown: true, text: 'Sell 2 junk items (20s 75c)' });
    expect(shown.sold).toEqual([]);
    const done = run.results[2]!.result as { sold: Array<{ bag: number; slot: number; id: number; count: number; hardware: boolean }>; button: { shown: boolean } };
    expect(done.sold.map((s) => [s.bag, s.slot, s.id, s.count])).toEqual([[0, 4, ITEMS.tooth, 3], [0, 5, ITEMS.cheapOre, 40]]);
    expect(done.sold[0]!.hardware).toBe(true);
    expect(done.button.shown).toBe(false);
    // Sold: the vendor job is gone from /holo jobs; the mail job is still there.
    const rows = (run.results[3]!.result as { rows: string[] }).rows.join('\n');
    expect(rows).not.toContain('vendor');
    expect(rows).toMatch(/mail to Bankalt-Stormrage/);
  });
});
