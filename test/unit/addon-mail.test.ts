/**
 * Logistics jobs at the mailbox: the "Holocron: N jobs" button fills recipient,
 * subject and attachments of this character's next mail job (whole stacks, a
 * split for the rest, at most 12 attachments, the rest in the next mail) and
 * never sends; the bags highlight exactly what open jobs want moved (sell jobs
 * while the auction house is open), in the default bags and through Baganator's
 * corner widget.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { accountIndex, accountPetNeeds, accountPricing, NOW } from '../helpers/addon-fixtures.js';
import { PET_CAGE } from '../helpers/courier-fixture.js';
import { HAS_LUA, luaTitle, runOps, writeCourierFiles, type LuaLiteral } from '../helpers/lua-harness.js';
import { useTempDirs } from '../helpers/tmp.js';

const tempDir = useTempDirs();

const MYCOBLOOM = 210796;
const BISMUTH = 210930;
const LINEN = 2589;
const POTION = 212664;

const link = (id: number, name: string) => `|cffffffff|Hitem:${id}::::::::80:::::|h[${name}]|h|r`;
const cage = (species: number, name: string) => `|cff0070dd|Hbattlepet:${species}:25:3:1500:300:300:BattlePet-0-0000000000${species}|h[${name}]|h|r`;

const linenSlots: Record<number, LuaLiteral> = {};
for (let slot = 1; slot <= 15; slot++) linenSlots[slot] = { id: LINEN, count: 20, link: link(LINEN, 'Linen Cloth') };

const SCENARIO: LuaLiteral = {
  time: NOW,
  player: { name: 'Thrall', realm: 'Stormrage', realmId: 60 },
  baganator: true,
  bags: {
    0: { size: 16, slots: { 1: { id: 6948, count: 1, link: link(6948, 'Hearthstone'), bound: true }, 5: { id: POTION, count: 20, link: link(POTION, 'Algari Healing Potion') } } },
    1: { size: 20, slots: { 1: { id: MYCOBLOOM, count: 180, link: link(MYCOBLOOM, 'Mycobloom') }, 2: { id: BISMUTH, count: 40, link: link(BISMUTH, 'Bismuth') } } },
    2: { size: 20, slots: { 1: { id: MYCOBLOOM, count: 50, link: link(MYCOBLOOM, 'Mycobloom') }, 7: { id: PET_CAGE, count: 1, link: cage(1155, 'Anubisath Idol') }, 8: { id: PET_CAGE, count: 1, link: cage(39, 'Mechanical Squirrel') } } },
    3: { size: 20, slots: { 4: { id: MYCOBLOOM, count: 500, link: link(MYCOBLOOM, 'Mycobloom'), bound: true } } },
    4: { size: 20, slots: linenSlots },
  },
};

interface MailState {
  button: { shown: boolean; visible: boolean; text: string } | null;
  to: string;
  subject: string;
  attachments: Array<{ index: number; bag: number; slot: number; count: number; id: number; split: boolean }>;
  log: Array<{ op: string; bag: number; slot: number; count: number }>;
  chat: string | null;
  sendMail: number;
  highlighted: string[];
}

let dir: string;
beforeAll(() => {
  if (!HAS_LUA) return;
  const index = accountIndex();
  index.jobs = {
    'Thrall-Stormrage': [
      { id: 31, kind: 'mail', to: 'Bankalt-Stormrage', items: [[MYCOBLOOM, 0, 200], [BISMUTH, 0, 40]] },
      { id: 32, kind: 'mail', to: 'Jaina-Area52', items: [[LINEN, 0, 300]] },
      { id: 33, kind: 'mail', to: 'Bankalt-Stormrage', items: [[PET_CAGE, 39, 1]] },
      { id: 34, kind: 'sell', items: [[POTION, 0, 20]] },
      { id: 35, kind: 'craft', items: [[6948, 0, 1]] },
    ],
    'Bankalt-Stormrage': [{ id: 36, kind: 'mail', to: 'Thrall-Stormrage', items: [[14047, 0, 100]] }],
  };
  dir = writeCourierFiles(tempDir('holocron-addon-mail-'), { index, pricing: accountPricing(), petNeeds: accountPetNeeds() });
});

describe.skipIf(!HAS_LUA)(luaTitle('addon mail jobs and bag highlights'), () => {
  it('fills each mail of each job on a click, splits stacks, keeps to 12 attachments, never sends', () => {
    const run = runOps(dir, SCENARIO, [
      { op: 'mailShow' }, { op: 'sendTab' },
      { op: 'mailClick' }, { op: 'mailClick' }, { op: 'mailSend' },
      { op: 'mailClick' }, { op: 'mailSend' },
      { op: 'mailClick' }, { op: 'mailSend' },
      { op: 'mailClick' }, { op: 'mailSend' },
      { op: 'mailClick' }, { op: 'jobsSent' },
    ]);
    const s = run.results.map((r) => r.result as MailState);
    const [inbox, sendTab, first, again, sent1, linen1, sentLinen1, linen2, sentLinen2, squirrel, sentAll, nothing] = s;

    expect(inbox!.button).toEqual({ shown: true, visible: false, text: 'Holocron: 3 jobs' });
    expect(sendTab!.button!.visible).toBe(true);

    expect(first!.to).toBe('Bankalt-Stormrage');
    expect(first!.subject).toBe('Holocron job 31');
    expect(first!.attachments).toEqual([
      { index: 1, bag: 1, slot: 1, count: 180, id: MYCOBLOOM, split: false },
      { index: 2, bag: 2, slot: 1, count: 20, id: MYCOBLOOM, split: true },
      { index: 3, bag: 1, slot: 2, count: 40, id: BISMUTH, split: false },
    ]);
    expect(first!.log).toEqual([
      { op: 'pickup', bag: 1, slot: 1, count: 180 },
      { op: 'split', bag: 2, slot: 1, count: 20 },
      { op: 'pickup', bag: 1, slot: 2, count: 40 },
    ]);
    expect(first!.chat).toContain('job 31 to Bankalt-Stormrage: 3 attachments');

    // A second click does not stack a second job onto the first.
    expect(again!.attachments).toEqual(first!.attachments);
    expect(again!.chat).toContain('already has attachments');

    expect(sent1!.button!.text).toBe('Holocron: 2 jobs');

    expect(linen1!.to).toBe('Jaina-Area52');
    expect(linen1!.subject).toBe('Holocron job 32');
    expect(linen1!.attachments).toHaveLength(12);
    expect(linen1!.attachments.every((a) => a.id === LINEN && a.count === 20 && !a.split)).toBe(true);
    expect(sentLinen1!.button!.text).toBe('Holocron: 2 jobs');
    expect(linen2!.subject).toBe('Holocron job 32');
    expect(linen2!.attachments.map((a) => a.count)).toEqual([20, 20, 20]);
    expect(sentLinen2!.button!.text).toBe('Holocron: 1 job');

    expect(squirrel!.attachments).toEqual([{ index: 1, bag: 2, slot: 8, count: 1, id: PET_CAGE, split: false }]);
    expect(sentAll!.button).toMatchObject({ shown: false });
    expect(nothing!.attachments).toEqual([]);
    expect(nothing!.chat).toContain('no mail jobs');

    expect(s.slice(0, 12).every((state) => state.sendMail === 0)).toBe(true);
    expect(run.results[12]!.result).toMatchObject({ jobs: { 31: { '210796:0': 200, '210930:0': 40 }, 32: { '2589:0': 300 }, 33: { '82800:39': 1 } } });
    expect(run.blizzardWrites).toEqual([]);
  });

  it('highlights exactly the stacks that open jobs want moved, and stops once they are sent', () => {
    const run = runOps(dir, SCENARIO, [
      { op: 'openBags' }, { op: 'auctionShow' }, { op: 'baganator' },
      { op: 'mailShow' }, { op: 'sendTab' }, { op: 'mailClick' }, { op: 'mailSend' },
      { op: 'bagUpdate' }, { op: 'baganator' },
    ]);
    const linen = Array.from({ length: 15 }, (_, i) => `4/${i + 1}`);
    // Mail jobs glow anywhere; the sell job's potions (0/5) only once the auction house is open.
    expect(run.results[0]!.result).toEqual(['1/1', '1/2', '2/1', '2/8', '3/4', ...linen].sort());
    const before = run.results[1]!.result as string[];
    expect(before).toEqual(['0/5', '1/1', '1/2', '2/1', '2/8', '3/4', ...linen].sort());
    const widget = run.results[2]!.result as { id: string; marked: string[]; position: { corner: string } };
    expect(widget.id).toBe('holocron_jobs');
    expect(widget.marked).toEqual(before);

    // Job 31 sent: its Mycobloom and Bismuth stacks are no longer wanted.
    const after = run.results[7]!.result as string[];
    expect(after).toEqual(['0/5', '2/8', ...linen].sort());
    const widgetAfter = run.results[8]!.result as { marked: string[]; refreshes: number };
    expect(widgetAfter.marked).toEqual(after);
    expect(widgetAfter.refreshes).toBeGreaterThan(0);
    expect(run.blizzardWrites).toEqual([]);
  });
});
