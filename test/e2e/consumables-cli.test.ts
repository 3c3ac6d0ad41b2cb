/**
 * `holocron consumables` and `restock` as a user runs them: set, list and
 * remove by name or id, the JSON forms scripts and the dashboard read, exit
 * codes for bad input, and restock --apply queueing once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTestDatabase } from '../helpers/db.js';
import { FLASK, FLASK_NAME, POTION, T0, writeConsumablesAccount } from '../helpers/consumables-fixture.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const tempDir = useTempDirs();
const cli = (...args: string[]) => runCli(args, { env: { DATABASE_URL: t.url } });

interface RestockJson {
  needs: Array<{ character: string; itemId: number; required: number; held: number; inMail: number; shortfall: number; planned: number; sources: Array<{ holder: string; available: number; reachable: boolean }> }>;
  jobs: Array<{ kind: string; from: string; to: string; source: string | null; items: Array<{ itemId: number; count: number }> }>;
  warnings: string[];
  applied?: { created: number; updated: number; unchanged: number; cancelled: number };
}

beforeAll(async () => {
  expect((await cli('ingest', writeConsumablesAccount(tempDir('holocron-consumables-cli-'), 'planned'))).code).toBe(0);
});

describe('holocron consumables', () => {
  it('sets a requirement by name and shows what is held, short, and where the rest is', async () => {
    const set = await cli('consumables', 'set', 'Raider-Stormrage', FLASK_NAME, '20');
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/^Raider-Stormrage {2}Flask of Alchemical Chaos \(212283\) {2}10\/20 held, short 10, 4 in the mailbox; held elsewhere: Bankalt-Stormrage 60, Warband 50, Alt-Stormrage 8; out of reach: Faraway-Area52 100, Hordie-Stormrage 70\n$/);
    expect((await cli('consumables', 'set', 'raider', String(POTION), '15')).code).toBe(0);
    const list = JSON.parse((await cli('consumables', 'list', 'Raider-Stormrage', '--json')).stdout) as RestockJson['needs'];
    expect(list.map((n) => [n.character, n.itemId, n.required, n.held, n.inMail, n.shortfall])).toEqual([
      ['Raider-Stormrage', FLASK, 20, 10, 4, 10],
      ['Raider-Stormrage', POTION, 15, 0, 0, 15],
    ]);
    expect((await cli('consumables', 'list')).stdout.trim().split('\n')).toHaveLength(2);
  });

  it('removes a requirement, and says so when there was none', async () => {
    expect((await cli('consumables', 'set', 'Alt-Stormrage', FLASK_NAME, '5')).code).toBe(0);
    expect((await cli('consumables', 'remove', 'Alt-Stormrage', FLASK_NAME)).stdout).toMatch(/removed the requirement for Flask of Alchemical Chaos on Alt-Stormrage/);
    const again = await cli('consumables', 'remove', 'Alt-Stormrage', FLASK_NAME, '--json');
    expect(JSON.parse(again.stdout)).toEqual({ removed: false, character: 'Alt-Stormrage', itemId: FLASK, itemName: FLASK_NAME });
  });

  it('refuses an unknown character (64, listing candidates), an unknown item (65), and bad counts (64)', async () => {
    const ghost = await cli('consumables', 'set', 'Ghost-Stormrage', FLASK_NAME, '3');
    expect([ghost.code, ghost.stderr]).toEqual([64, expect.stringMatching(/no character 'Ghost-Stormrage'; characters on that realm: Alt-Stormrage, Bankalt-Stormrage, Hordie-Stormrage, Raider-Stormrage/)]);
    const listGhost = await cli('consumables', 'list', 'Ghost-Stormrage');
    expect([listGhost.code, listGhost.stderr]).toEqual([64, expect.stringMatching(/no character 'Ghost-Stormrage'/)]);
    const item = await cli('consumables', 'set', 'Raider-Stormrage', 'Flask of Alchemical Chaoss', '3');
    expect([item.code, item.stderr]).toEqual([65, expect.stringMatching(/unknown item 'Flask of Alchemical Chaoss': did you mean 'Flask of Alchemical Chaos'/)]);
    expect((await cli('consumables', 'set', 'Raider-Stormrage', FLASK_NAME, '0')).code).toBe(64);
    expect((await cli('consumables', 'set', 'Raider-Stormrage', FLASK_NAME, 'lots')).code).toBe(64);
    expect((await cli('consumables', 'set', 'Raider-Stormrage', FLASK_NAME)).code).toBe(64);
    expect((await cli('consumables', 'list', ' ')).code).toBe(64);
  });

  it('imports the good lines of a CSV, reports the bad ones with their line, and exits 65', async () => {
    const file = path.join(tempDir('holocron-consumables-csv-'), 'needs.csv');
    fs.writeFileSync(file, 'character,item,count\nBankalt-Stormrage,Tempered Potion,4\nGhost-Stormrage,212265,3\n');
    const run = await cli('consumables', 'import', file);
    expect(run.code).toBe(65);
    expect(run.stdout).toContain('needs.csv: 1 requirement(s) imported');
    expect(run.stdout).toMatch(/needs\.csv:3: no character 'Ghost-Stormrage'/);
    expect((await cli('consumables', 'import', path.join(path.dirname(file), 'missing.csv'))).code).toBe(66);
    expect((await cli('consumables', 'remove', 'Bankalt-Stormrage', 'Tempered Potion')).code).toBe(0);
  });
});

describe('holocron restock', () => {
  it('prints {needs, jobs}: mail from the biggest holder, a withdrawal from the warband bank', async () => {
    const run = await cli('restock', '--json');
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as RestockJson;
    expect(plan.needs.map((n) => [n.itemId, n.shortfall, n.planned])).toEqual([
      [FLASK, 10, 6],
      [POTION, 15, 15],
    ]);
    expect(plan.jobs.map((j) => [j.kind, j.from, j.to, j.source, j.items.map((i) => [i.itemId, i.count])])).toEqual([
      ['mail', 'Bankalt-Stormrage', 'Raider-Stormrage', null, [[FLASK, 6], [POTION, 3]]],
      ['withdraw', 'Raider-Stormrage', 'Raider-Stormrage', 'Warband', [[POTION, 12]]],
    ]);
    expect(plan.applied).toBeUndefined();
  });

  it('--apply queues the jobs once, and jobs lists them', async () => {
    const first = JSON.parse((await cli('restock', '--apply', '--json')).stdout) as RestockJson;
    expect(first.applied).toMatchObject({ created: 3, updated: 0, unchanged: 0, cancelled: 0 });
    const again = await cli('restock', '--apply');
    expect(again.stdout).toContain('queued: 0 new job row(s), 0 changed, 3 unchanged, 0 cancelled');
    expect(again.stdout).toContain('mail Bankalt-Stormrage → Raider-Stormrage: Flask of Alchemical Chaos (212283) ×6, Tempered Potion (212265) ×3');
    expect(again.stdout).toContain('take from the warband bank on Raider-Stormrage: Tempered Potion (212265) ×12');
    const jobs = JSON.parse((await cli('jobs', '--json')).stdout) as Array<{ kind: string; itemId: number; count: number }>;
    expect(jobs.map((j) => [j.kind, j.itemId, j.count]).sort()).toEqual([['mail', FLASK, 6], ['mail', POTION, 3], ['withdraw', POTION, 12]].sort());
  });

  it('closes the jobs when an ingest shows the items at the raider, and then has nothing to do', async () => {
    expect((await cli('ingest', writeConsumablesAccount(tempDir('holocron-consumables-cli-later-'), 'arrived', T0 + 3600))).code).toBe(0);
    const jobs = JSON.parse((await cli('jobs', '--all', '--json')).stdout) as Array<{ kind: string; status: string; closeReason: string | null }>;
    expect(jobs.map((j) => [j.kind, j.status, j.closeReason]).sort()).toEqual([['mail', 'done', 'arrived'], ['mail', 'done', 'arrived'], ['withdraw', 'done', 'arrived']]);
    const run = await cli('restock', '--apply');
    expect(run.stdout).toMatch(/^Every consumable requirement is stocked\./);
    expect(run.stdout).toContain('queued: 0 new job row(s), 0 changed, 0 unchanged, 0 cancelled');
    expect((await cli('consumables', 'list')).stdout).toMatch(/20\/20 held, stocked/);
  });
});
