/**
 * Sell, vendor and cage jobs in game (Lua 5.1 harness): sell jobs glow gold
 * while the auction house is open; at a merchant the vendor job's stacks glow
 * and a button sells exactly them — only from the player's click, one stack per
 * frame, at most 12 per click (the buyback tab's size); the pet journal's card
 * offers to cage a pet a cage job wants, again only from a click; `/holo jobs`
 * lists what is left and hides what is gone.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { accountIndex, accountPetNeeds, accountPricing, NOW } from '../helpers/addon-fixtures.js';
import { PET_CAGE } from '../helpers/courier-fixture.js';
import { HAS_LUA, luaTitle, runOps, writeCourierFiles, type LuaLiteral } from '../helpers/lua-harness.js';
import { useTempDirs } from '../helpers/tmp.js';

const tempDir = useTempDirs();

const PELT = 4865; // 15 stacks of 2: the vendor job wants all 30
const FANG = 3300; // one stack of 8: the vendor job wants 5, so the stack is left alone
const CLAW = 4866; // in no job: never sold
const POTION = 212664; // the sell job's
const MYCOBLOOM = 210796; // a mail job's

const link = (id: number, name: string) => `|cff9d9d9d|Hitem:${id}::::::::80:::::|h[${name}]|h|r`;
const pelts: Record<number, LuaLiteral> = {};
for (let slot = 1; slot <= 15; slot++) pelts[slot] = { id: PELT, count: 2, link: link(PELT, 'Ruined Pelt') };
const peltSlots = Array.from({ length: 15 }, (_, i) => `1/${i + 1}`);

function scenario(): LuaLiteral {
  return {
    time: NOW,
    player: { name: 'Thrall', realm: 'Stormrage', realmId: 60 },
    sellPrices: { [PELT]: 250, [FANG]: 40, [CLAW]: 1000 },
    bags: {
      0: { size: 16, slots: { 5: { id: POTION, count: 20, link: link(POTION, 'Algari Healing Potion') } } },
      1: { size: 20, slots: pelts },
      2: { size: 20, slots: { 1: { id: FANG, count: 8, link: link(FANG, 'Rough Fang') }, 2: { id: CLAW, count: 1, link: link(CLAW, 'Sharp Claw') } } },
      3: { size: 20, slots: { 1: { id: MYCOBLOOM, count: 200, link: link(MYCOBLOOM, 'Mycobloom') } } },
    },
    pets: [
      { guid: 'BattlePet-0-000000000391', species: 39, level: 1, rarity: 2 },
      { guid: 'BattlePet-0-000000000392', species: 39, level: 25, rarity: 4, slotted: true },
      { guid: 'BattlePet-0-000000000393', species: 39, level: 10, rarity: 3, favorite: true },
      { guid: 'BattlePet-0-000000011551', species: 1155, level: 25, rarity: 4 },
    ],
  };
}

interface Sale { name: string; hardware: boolean; frame: number; bag: number; slot: number; id: number; count: number; merchant: boolean }
interface MerchantState {
  button: { shown: boolean; text: string } | null;
  highlighted: string[];
  sold: Sale[];
  money: number;
  buyback: number;
  frame: number;
  chat: string | null;
  frames?: number;
}
interface CageState { label: string | null; button: boolean; actions: Array<{ name: string; hardware: boolean; guid: string }>; pets: number; chat: string | null; error?: string | null }

let dir: string;
beforeAll(() => {
  if (!HAS_LUA) return;
  const index = accountIndex([
    { itemId: PELT, name: 'Ruined Pelt', quality: 0, places: [{ owner: 2, location: 'bags', container: 1, count: 30 }] },
    { itemId: FANG, name: 'Rough Fang', quality: 0, places: [{ owner: 2, location: 'bags', container: 2, count: 8 }] },
  ]);
  index.jobs = {
    'Thrall-Stormrage': [
      { id: 41, kind: 'vendor', items: [[FANG, 0, 5], [PELT, 0, 30]] },
      { id: 42, kind: 'sell', items: [[POTION, 0, 20]] },
      { id: 43, kind: 'cage', items: [[PET_CAGE, 39, 1], [PET_CAGE, 1155, 1]] },
      { id: 44, kind: 'mail', to: 'Bankalt-Stormrage', items: [[MYCOBLOOM, 0, 200]] },
    ],
  };
  dir = writeCourierFiles(tempDir('holocron-addon-jobs-'), { index, pricing: accountPricing(), petNeeds: accountPetNeeds() });
});

const state = (run: ReturnType<typeof runOps>, i: number) => run.results[i]!.result as MerchantState;

describe.skipIf(!HAS_LUA)(luaTitle('addon sell, vendor and cage jobs'), () => {
  it('glows the sell job only while the auction house is open', () => {
    const run = runOps(dir, scenario(), [{ op: 'openBags' }, { op: 'auctionShow' }, { op: 'auctionClose' }]);
    expect(run.results[0]!.result).toEqual(['3/1']);
    expect(run.results[1]!.result).toEqual(['0/5', '3/1']);
    expect(run.results[2]!.result).toEqual(['3/1']);
    expect(run.blizzardWrites).toEqual([]);
  });

  it('at a merchant glows the vendor items and sells nothing until the click', () => {
    const run = runOps(dir, scenario(), [{ op: 'merchantShow' }, { op: 'frames' }, { op: 'bagUpdateMerchant' }, { op: 'frames' }]);
    const shown = state(run, 0);
    // The Pelts and the Fang stack glow (the job wants Fangs); the mail job's Mycobloom too; the potion is no vendor's.
    expect(shown.highlighted).toEqual([...peltSlots, '2/1', '3/1'].sort());
    expect(shown.button).toEqual({ shown: true, text: 'Sell 12 junk items (60s 00c), 3 more after' });
    for (let i = 0; i < 4; i++) expect(state(run, i).sold).toEqual([]);
  });

  it('sells exactly the job stacks on a click, one a frame, 12 per click, never more', () => {
    const run = runOps(dir, scenario(), [
      { op: 'merchantShow' }, { op: 'merchantClick' }, { op: 'frames' },
      { op: 'merchantClick' }, { op: 'frames' }, { op: 'merchantClick' }, { op: 'window', text: 'jobs' },
    ]);
    const click = state(run, 1);
    // The first stack goes inside the click (the hardware event), the rest on later frames.
    expect(click.sold).toHaveLength(1);
    expect(click.sold[0]).toMatchObject({ hardware: true, id: PELT, merchant: true });
    const first = state(run, 2);
    expect(first.sold).toHaveLength(12);
    expect(first.buyback).toBe(12);
    const frames = first.sold.map((s) => s.frame);
    expect(new Set(frames).size).toBe(12);
    expect(frames).toEqual([...frames].sort((a, b) => a - b));
    expect(first.button).toEqual({ shown: true, text: 'Sell 3 junk items (15s 00c)' });

    const all = state(run, 4);
    expect(all.sold).toHaveLength(15);
    expect(all.sold.every((s) => s.id === PELT && s.count === 2 && s.merchant)).toBe(true);
    expect(all.sold.map((s) => `${s.bag}/${s.slot}`).sort()).toEqual([...peltSlots].sort());
    expect(all.money).toBe(30 * 250);
    // Only the Fang stack is left, and it holds more than the job wants: nothing to sell.
    expect(all.button).toMatchObject({ shown: false });
    expect(all.highlighted).toEqual(['2/1', '3/1']);
    expect(state(run, 5).sold).toHaveLength(15);

    const rows = (run.results[6]!.result as { rows: string[]; status: string });
    expect(rows.status).toBe('4 open jobs');
    expect(rows.rows.join('\n')).toContain('Job 41: vendor');
    expect(rows.rows.join('\n')).toContain('Rough Fang × 5');
    expect(rows.rows.join('\n')).not.toContain('Ruined Pelt');
    expect(rows.rows.join('\n')).toContain('Job 43: cage');
    expect(rows.rows.join('\n')).toContain('Mechanical Squirrel × 1');
    // The species' last pet stays: its row is hidden.
    expect(rows.rows.join('\n')).not.toContain('Anubisath Idol');
  });

  it('stops selling when the merchant closes mid-batch', () => {
    const run = runOps(dir, scenario(), [{ op: 'merchantShow' }, { op: 'merchantClick' }, { op: 'merchantClose' }, { op: 'frames' }]);
    const after = state(run, 3);
    expect(after.sold).toHaveLength(1);
    expect(after.sold.every((s) => s.merchant)).toBe(true);
    expect(after.chat).toContain('sold 1 of 12 stacks: the merchant closed');
  });

  it('stops selling when combat starts, and the next click sells the rest', () => {
    const run = runOps(dir, scenario(), [
      { op: 'merchantShow' }, { op: 'merchantClick' }, { op: 'combat', on: true }, { op: 'frames' },
      { op: 'combat', on: false }, { op: 'merchantClick' }, { op: 'frames' },
    ]);
    const stopped = state(run, 3);
    expect(stopped.sold).toHaveLength(1);
    expect(stopped.chat).toContain('combat started');
    expect(state(run, 6).sold).toHaveLength(13);
  });

  it('cages the pet the card shows only from the click, and refuses a slotted one', () => {
    const run = runOps(dir, scenario(), [
      { op: 'cageCard', petId: 'BattlePet-0-000000000392' }, { op: 'cageClick' },
      { op: 'cageCard', petId: 'BattlePet-0-000000000391' }, { op: 'cageUnclicked' }, { op: 'cageClick' },
      { op: 'cageCard', petId: 'BattlePet-0-000000011551' },
    ]);
    const slotted = run.results[1]!.result as CageState;
    expect(slotted.actions).toEqual([]);
    expect(slotted.chat).toContain('battle slot');

    const card = run.results[2]!.result as CageState;
    expect(card.label).toBe('Holocron job 43: cage 1 of this species');
    expect(card.button).toBe(true);
    // A call from no click is what the stub refuses (as a protected call would be blocked).
    const unclicked = run.results[3]!.result as CageState;
    expect(unclicked.error).toContain('outside a hardware event');
    expect(unclicked.pets).toBe(4);
    const clicked = run.results[4]!.result as CageState;
    expect(clicked.actions.at(-1)).toMatchObject({ name: 'CagePetByID', hardware: true, guid: 'BattlePet-0-000000000391' });
    expect(clicked.pets).toBe(3);
    // Caged: the job wants no more of species 39; the lone Anubisath Idol is the journal's last.
    expect(clicked.label).toBe('');
    const last = run.results[5]!.result as CageState;
    expect(last.label).toBe('');
    expect(last.button).toBe(false);
  });
});
