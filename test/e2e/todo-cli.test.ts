/**
 * `holocron todo` as a user runs it: the JSON array scripts read, plain lines
 * under a pipe, filters, and exit 64 for an unknown character or a bad
 * --minutes (before any database work).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliOnTty } from '../helpers/cli.js';
import { useTestDatabase } from '../helpers/db.js';
import { insertSnapshot } from '../helpers/market-fixture.js';
import { useTempDirs } from '../helpers/tmp.js';
import { LEATHERWORKING_TREATISE, writeTodoAccount } from '../helpers/todo-fixture.js';

const t = useTestDatabase();
const tempDir = useTempDirs();
const cli = (...args: string[]) => runCli(args, { env: { DATABASE_URL: t.url } });

interface Item { kind: string; character: string | null; what: string; why: string; reward: string; minutes: number; value: number; score: number }

beforeAll(async () => {
  expect((await cli('ingest', writeTodoAccount(tempDir('holocron-todo-cli-')))).code).toBe(0);
  await insertSnapshot(t.db, { region: 'us', connectedRealmId: null, at: new Date(Date.now() - 600_000), stats: [{ itemId: LEATHERWORKING_TREATISE, market: 1_500_000 }] });
});

describe('holocron todo', () => {
  it('prints a JSON array with stable keys, best value per minute first', async () => {
    const run = await cli('todo', '--json');
    expect(run.code).toBe(0);
    const items = JSON.parse(run.stdout) as Item[];
    expect(items.length).toBe(10);
    for (const item of items) expect(Object.keys(item)).toEqual(['kind', 'character', 'what', 'why', 'reward', 'minutes', 'value', 'score']);
    expect(items[0]).toMatchObject({ kind: 'shopping', character: 'Thrall-Stormrage', what: 'mail Thalassian Treatise on Alchemy from Jaina-Stormrage', minutes: 3 });
    expect(items.find((i) => i.what.startsWith('buy '))).toMatchObject({ reward: '+1 Leatherworking knowledge for 150g', value: 3_500_000 });
    expect(items.map((i) => i.score)).toEqual(items.map((i) => i.score).sort((a, b) => b - a));
  });

  it('filters by character, kind and minutes; prints plain lines under a pipe', async () => {
    const sylvanas = JSON.parse((await cli('todo', '--character', 'Sylvanas-Stormrage', '--kind', 'weekly', '--json')).stdout) as Item[];
    expect(sylvanas.map((i) => i.what)).toEqual([
      'Leatherworking weekly treasure (quest 93540)',
      'Leatherworking weekly treasure (quest 93541)',
      'Leatherworking weekly quest',
    ]);
    const plain = await cli('todo', '--minutes', '18');
    expect(plain.code).toBe(0);
    expect(plain.stdout.split('\n')[0]).toBe('3 thing(s) to do (18 min available), 18 min in all, best value per minute first');
    expect(plain.stdout).toContain('1. [shopping] Thrall-Stormrage: mail Thalassian Treatise on Alchemy from Jaina-Stormrage — 3 min, 500g 0s 0c');
    expect(plain.stdout).toContain('[pet] any character: get a rare species 39');
    const none = await cli('todo', '--kind', 'mount');
    expect([none.code, none.stdout.split('\n')[1]]).toEqual([0, "nothing of kind 'mount'; kinds on the list now: pet, shopping, weekly"]);
  });

  it('draws an Ink table on a terminal', async () => {
    const run = await runCliOnTty(['todo', '--kind', 'shopping'], { env: { DATABASE_URL: t.url } });
    if (!run) return; // no `script` to give the CLI a terminal
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\u001b[');
    expect(run.stdout).toMatch(/2 thing\(s\) to do \(kind shopping\)/);
    expect(run.stdout).toMatch(/#\s+kind\s+who\s+what/);
  });

  it('exits 64 for an unknown character (listing who there is) and for a bad --minutes', async () => {
    const ghost = await cli('todo', '--character', 'Ghost-Stormrage');
    expect([ghost.code, ghost.stderr]).toEqual([64, expect.stringMatching(/no character 'Ghost-Stormrage'; characters on that realm: Jaina-Stormrage, Sylvanas-Stormrage, Thrall-Stormrage/)]);
    for (const minutes of ['0', 'lots', '1.5', '-3', '99999']) {
      const run = await runCli(['todo', '--minutes', minutes], { env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } });
      expect([run.code, run.stderr], minutes).toEqual([64, expect.stringMatching(/--minutes must be a whole number from 1 to 10080/)]);
    }
    expect((await cli('todo', '--kind', 'No Kind!')).code).toBe(64);
  });
});
