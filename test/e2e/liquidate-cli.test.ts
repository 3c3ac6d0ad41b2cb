/**
 * `holocron keep`, `liquidate` and `jobs` as a user runs them: settings that
 * stick, the JSON and CSV forms scripts rely on, exit codes for bad input,
 * and a manifest on a terminal.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliOnTty } from '../helpers/cli.js';
import { useTestDatabase } from '../helpers/db.js';
import { ITEMS, insertMarket, writeAccount } from '../helpers/liquidation-fixture.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const tempDir = useTempDirs();
const env = () => ({ DATABASE_URL: t.url });
const cli = (...args: string[]) => runCli(args, { env: env() });

interface PlanJson {
  sell: Array<{ holder: string; location: string; itemId: number; count: number; unitValue: number; priceSource: string; value: number }>;
  kept: Array<{ holder: string; location: string; itemId: number; count: number; reason: string }>;
  jobs: Array<{ kind: string; from: string; to: string | null; items: Array<{ itemId: number; count: number }> }>;
  applied?: { created: number; updated: number; unchanged: number; cancelled: number };
}

beforeAll(async () => {
  expect((await cli('ingest', writeAccount(tempDir('holocron-liquidate-cli-')))).code).toBe(0);
  await insertMarket(t.db);
});

describe('holocron keep', () => {
  it('sets, lists and removes rules by name, id or link', async () => {
    expect((await cli('keep', 'set', 'Algari Healing Potion', '40', '--character', 'Thrall-Stormrage')).stdout).toMatch(/40 {2}Algari Healing Potion \(212664\) {2}on Thrall-Stormrage/);
    expect((await cli('keep', 'set', '|cffffffff|Hitem:210930::::::::80:::::|h[Bismuth]|h|r', '100')).code).toBe(0);
    const list = JSON.parse((await cli('keep', 'list', '--json')).stdout) as Array<{ itemId: number; keepCount: number; character: string | null }>;
    expect(list.map((r) => [r.itemId, r.keepCount, r.character])).toEqual([[ITEMS.potion, 40, 'Thrall-Stormrage'], [ITEMS.bismuth, 100, null]]);
    expect((await cli('keep', 'remove', 'bismuth')).stdout).toMatch(/removed the keep rule for Bismuth \(account\)/);
  });

  it('refuses an unknown item (65) or character (64) and a bad count (64), naming what is wrong', async () => {
    const unknown = await cli('keep', 'set', 'Mycobloooom', '5');
    expect([unknown.code, unknown.stderr]).toEqual([65, expect.stringMatching(/unknown item 'Mycobloooom': did you mean 'Mycobloom'/)]);
    const nobody = await cli('keep', 'set', 'Mycobloom', '5', '--character', 'Nobody-Stormrage');
    expect([nobody.code, nobody.stderr]).toEqual([64, expect.stringMatching(/no character 'Nobody-Stormrage'; characters on that realm: Bankalt-Stormrage/)]);
    expect((await cli('keep', 'set', 'Mycobloom', '-5')).code).toBe(64);
  });

  it('imports the good lines of a CSV, reports the bad ones with their line, and exits 65', async () => {
    const file = path.join(tempDir('holocron-keep-csv-'), 'rules.csv');
    fs.writeFileSync(file, 'item,count,character\nMycobloom,50\nWho Knows,3\n210930,20,Farmer-Stormrage\n');
    const run = await cli('keep', 'import', file);
    expect(run.code).toBe(65);
    expect(run.stdout).toContain('rules.csv: 2 rule(s) imported');
    expect(run.stdout).toMatch(/rules\.csv:3: unknown item 'Who Knows'/);
    expect((await cli('keep', 'import', path.join(path.dirname(file), 'missing.csv'))).code).toBe(66);
    await cli('keep', 'remove', 'Mycobloom');
    await cli('keep', 'remove', 'Bismuth', '--character', 'Farmer-Stormrage');
  });
});

describe('holocron liquidate and jobs', () => {
  it('refuses an auction alt the account does not have (64), listing that realm\'s characters', async () => {
    const run = await cli('liquidate', '--auction-alt', 'Ghost-Stormrage');
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/characters on that realm: Bankalt-Stormrage, Farmer-Stormrage, Healer-Stormrage, Thrall-Stormrage/);
    expect((await cli('liquidate', '--min-value', '20 gold')).code).toBe(64);
  });

  it('prints {sell, kept, jobs}, remembering the auction alt and min value for the next run', async () => {
    const first = JSON.parse((await cli('liquidate', '--auction-alt', 'Bankalt-Stormrage', '--min-value', '1g', '--json')).stdout) as PlanJson;
    const second = JSON.parse((await cli('liquidate', '--json')).stdout) as PlanJson;
    expect(second.jobs).toEqual(first.jobs);
    expect(second.sell.find((r) => r.holder === 'Farmer-Stormrage' && r.itemId === ITEMS.mycobloom)).toMatchObject({ location: 'bags', count: 400, unitValue: 9500, priceSource: 'region commodity', value: 3_800_000 });
    expect(second.kept.find((r) => r.itemId === ITEMS.thunderfury)).toMatchObject({ holder: 'Thrall-Stormrage', location: 'bags', count: 1, reason: 'kept: soulbound' });
    expect(second.kept.find((r) => r.itemId === ITEMS.lowHerb)).toMatchObject({ reason: 'below --min-value' });
    expect(second.jobs.find((j) => j.kind === 'mail' && j.from === 'Farmer-Stormrage')).toMatchObject({ to: 'Bankalt-Stormrage' });
  });

  it('writes every sell and kept line as CSV', async () => {
    const run = await cli('liquidate', '--csv');
    expect(run.code).toBe(0);
    const rows = parse(run.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows.filter((r) => r.status === 'sell').length).toBeGreaterThan(5);
    expect(rows.find((r) => r.status === 'kept' && r.item_id === String(ITEMS.thunderfury))).toMatchObject({ holder: 'Thrall-Stormrage', reason: 'kept: soulbound' });
  });

  it('queues jobs once with --apply, lists and cancels them', async () => {
    const applied = JSON.parse((await cli('liquidate', '--apply', '--json')).stdout) as PlanJson;
    expect(applied.applied!.created).toBeGreaterThan(0);
    const again = JSON.parse((await cli('liquidate', '--apply', '--json')).stdout) as PlanJson;
    expect(again.applied).toMatchObject({ created: 0, updated: 0, cancelled: 0 });
    const jobs = JSON.parse((await cli('jobs', '--json')).stdout) as Array<{ id: number; kind: string; from: string; to: string | null; itemId: number; count: number; status: string }>;
    expect(jobs.length).toBe(applied.applied!.created);
    const mail = jobs.find((j) => j.kind === 'mail' && j.itemId === ITEMS.mycobloom)!;
    expect(mail).toMatchObject({ from: 'Farmer-Stormrage', to: 'Bankalt-Stormrage', count: 400, status: 'open' });
    expect((await cli('jobs', 'cancel', String(mail.id))).code).toBe(0);
    expect((await cli('jobs', 'cancel', String(mail.id))).code).toBe(64);
    const other = jobs.find((j) => j.id !== mail.id)!;
    expect(JSON.parse((await cli('jobs', 'done', String(other.id), '--json')).stdout)).toEqual({ done: 1, ids: [other.id] });
    const history = JSON.parse((await cli('jobs', '--all', '--json')).stdout) as Array<{ id: number; status: string }>;
    expect(history.find((j) => j.id === mail.id)!.status).toBe('cancelled');
    expect(history.find((j) => j.id === other.id)!.status).toBe('done');
  });

  it('shows the manifest as a table on a terminal', async () => {
    const run = await runCliOnTty(['liquidate'], { env: env() });
    if (!run) return; // no `script` to give the CLI a terminal
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/holder\s+place\s+item\s+count\s+each\s+value/);
    expect(run.stdout).toMatch(/Farmer-Stormrage\s+bags\s+Mycobloom \(210796\)\s+400/);
  });
});
