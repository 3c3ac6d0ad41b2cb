import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/commands/ingest.js';
import { ingest, type FileReport } from '../../src/core/inventory/ingest.js';
import { silentLogger } from '../../src/core/log.js';
import { useTestDatabase } from '../helpers/db.js';
import { itemLink, luaFile, type LuaFixture } from '../helpers/lua-writer.js';
import { useTempDirs } from '../helpers/tmp.js';

/**
 * One folder mixing good files with every kind of bad one: each bad file is
 * named with its reason, rolled back and kept, and every good file ingests.
 */
const t = useTestDatabase();
const tempDir = useTempDirs();
const T0 = 1_760_000_000;

function write(root: string, account: string, name: string, content: Buffer | string): string {
  const dir = path.join(root, 'WTF', 'Account', account, 'SavedVariables');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  fs.utimesSync(file, T0, T0);
  return file;
}

function syndicator(character: string, fields: Record<string, LuaFixture>, item: Record<string, LuaFixture> = { itemID: 6948, itemCount: 1 }): Buffer {
  return luaFile({
    SYNDICATOR_DATA: {
      Characters: { [`${character}-Realm`]: { details: { character, realm: 'Realm' }, ...fields, bags: [[{ ...item, itemLink: itemLink(Number(item.itemID), 'Thing') }]] } },
    },
  });
}

/** A Rematch 4 file with one team, so a good file is easy to recognise in the tables. */
function rematch(team: string): Buffer {
  return luaFile({ RematchSaved: { [team]: [['BattlePet-0-000000000001', 0, 0, 0, 39], undefined, undefined] } });
}

describe('ingest isolates every failure to its file', () => {
  let root: string;
  let files: Record<string, FileReport>;

  beforeAll(async () => {
    root = tempDir('holocron-isolation-');
    write(root, 'Good', 'Syndicator.lua', syndicator('Fine', { money: 12345 }));
    write(root, 'Good', 'Rematch.lua', rematch('Good team'));
    write(root, 'HugeCount', 'Baganator.lua', syndicator('Huge', {}, { itemID: 2589, itemCount: 3000000000 }).toString().replace('SYNDICATOR_DATA', 'BAGANATOR_DATA'));
    write(root, 'HugeCount', 'Rematch.lua', rematch('Same folder as a bad file'));
    write(root, 'RichMoney', 'Syndicator.lua', syndicator('Rich', { money: 1e38 }));
    write(root, 'HalfMoney', 'Syndicator.lua', syndicator('Half', { money: 1.5 }));
    write(root, 'DebtMoney', 'Syndicator.lua', syndicator('Debt', { money: -5 }));
    write(root, 'Deep', 'DataStore_Containers.lua', `\nDataStore_Containers_Characters = ${'{'.repeat(10_000)}${'}'.repeat(10_000)}\n`);
    // A NUL byte in a character name: every check passes it; PostgreSQL's text refuses it.
    write(root, 'NulName', 'Syndicator.lua', luaFile({ SYNDICATOR_DATA: { Characters: { 'Nul-Realm': { details: { character: 'N\\000ul', realm: 'Realm' }, money: 1 } } } }).toString().replace('N\\\\000ul', 'N\\000ul'));
    const dangling = path.join(root, 'WTF', 'Account', 'Good', 'SavedVariables', 'Dangling.lua');
    fs.symlinkSync(path.join(root, 'nowhere.lua'), dangling);
    // A database error that is no fault of the data (a stand-in for a bug): the file fails, the run goes on.
    await t.db.query(
      `CREATE FUNCTION public.refuse_bug() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN IF NEW.name = 'Buggy' THEN RAISE EXCEPTION 'simulated internal failure' USING ERRCODE = 'XX000'; END IF; RETURN NEW; END $$`,
    );
    await t.db.query('CREATE TRIGGER refuse_bug BEFORE INSERT ON holocron.characters FOR EACH ROW EXECUTE FUNCTION public.refuse_bug()');
    write(root, 'Buggy', 'Syndicator.lua', syndicator('Buggy', { money: 1 }));

    const summary = await ingest({ paths: [path.join(root, 'WTF')] }, { db: t.db, log: silentLogger });
    files = Object.fromEntries(summary.files.map((f) => [path.relative(path.join(root, 'WTF', 'Account'), f.path), f]));
  });

  const file = (account: string, name: string) => files[path.join(account, 'SavedVariables', name)]!;

  it('ingests every good file, including the good file next to a bad one', async () => {
    expect(file('Good', 'Syndicator.lua').status).toBe('ingested');
    expect(file('Good', 'Rematch.lua').status).toBe('ingested');
    expect(file('HugeCount', 'Rematch.lua').status).toBe('ingested');
    const teams = await t.db.query<{ name: string }>('SELECT name FROM petweaver.teams ORDER BY name');
    expect(teams.map((r) => r.name)).toEqual(['Good team', 'Same folder as a bad file']);
    const money = await t.db.query<{ name: string; money: number }>('SELECT name, money FROM holocron.characters ORDER BY name');
    expect(money).toEqual([{ name: 'Fine', money: 12345 }]);
  });

  it('names the field, its path and its line for values no column can hold', () => {
    const count = file('HugeCount', 'Baganator.lua');
    expect(count.status).toBe('rejected');
    expect(count.error).toMatch(/Baganator\.lua:\d+:\d+: BAGANATOR_DATA\.Characters\["Huge-Realm"\]\.bags\[1\]\[1\]\.itemCount: 3000000000 is out of range for a count/);
    expect(file('RichMoney', 'Syndicator.lua').error).toMatch(/Syndicator\.lua:\d+:\d+: SYNDICATOR_DATA\.Characters\["Rich-Realm"\]\.money: 1e\+38 is out of range for an amount of copper/);
    expect(file('HalfMoney', 'Syndicator.lua').error).toMatch(/\.money: 1\.5 is not a whole number/);
    expect(file('DebtMoney', 'Syndicator.lua').error).toMatch(/\.money: -5 is out of range for an amount of copper/);
  });

  it('points the line at the field itself', () => {
    const [, line] = /Syndicator\.lua:(\d+):\d+/.exec(file('RichMoney', 'Syndicator.lua').error!)!;
    const text = fs.readFileSync(path.join(root, 'WTF', 'Account', 'RichMoney', 'SavedVariables', 'Syndicator.lua'), 'utf8').split('\n');
    expect(text[Number(line) - 1]).toMatch(/\["money"\] = 1e\+38/);
  });

  it('rejects a table nested 10,000 deep with its line and column instead of overflowing the stack', () => {
    expect(file('Deep', 'DataStore_Containers.lua')).toMatchObject({ status: 'rejected' });
    expect(file('Deep', 'DataStore_Containers.lua').error).toMatch(/DataStore_Containers\.lua:2:\d+: tables nested more than 256 levels deep/);
  });

  it('rolls back a file the database refuses and says so', () => {
    expect(file('NulName', 'Syndicator.lua').status).toBe('rejected');
    expect(file('NulName', 'Syndicator.lua').error).toMatch(/PostgreSQL refused its data \(SQLSTATE 22\w{3}\)/);
  });

  it('reports a failure that is not the data\'s fault as a bug, after reading everything else', async () => {
    expect(file('Buggy', 'Syndicator.lua').status).toBe('failed');
    expect(file('Buggy', 'Syndicator.lua').error).toMatch(/this is a bug.*simulated internal failure/);
    expect(await t.db.query("SELECT 1 FROM holocron.characters WHERE name = 'Buggy'")).toEqual([]);
  });

  it('names a broken link as one', () => {
    expect(file('Good', 'Dangling.lua')).toMatchObject({ status: 'unreadable' });
    expect(file('Good', 'Dangling.lua').error).toMatch(/broken link \(it points to .*nowhere\.lua, which does not exist\)/);
  });

  it('keeps every rejected and failed file with its reason for a later --reprocess', async () => {
    const kept = await t.db.query<{ path: string; status: string; error: string; stored: boolean }>(
      `SELECT f.path, f.status, f.error, c.sha256 IS NOT NULL AS stored
       FROM holocron.source_files f LEFT JOIN holocron.source_contents c USING (sha256) WHERE f.status <> 'ingested' ORDER BY f.path`,
    );
    const byAccount = Object.fromEntries(kept.map((k) => [path.relative(path.join(root, 'WTF', 'Account'), k.path).split(path.sep)[0], k]));
    expect(Object.keys(byAccount).sort()).toEqual(['Buggy', 'DebtMoney', 'Deep', 'HalfMoney', 'HugeCount', 'NulName', 'RichMoney']);
    expect(byAccount.Buggy).toMatchObject({ status: 'failed', stored: true });
    expect(byAccount.RichMoney).toMatchObject({ status: 'rejected', stored: true });
    expect(byAccount.RichMoney!.error).toMatch(/\.money: 1e\+38/);
  });

  it('exits 1 when something failed as a bug, else 65 for bad data, else 66 for unreadable input', () => {
    const all = Object.values(files);
    expect(exitCodeOf(all)).toBe(1);
    expect(exitCodeOf(all.filter((f) => f.status !== 'failed'))).toBe(65);
    expect(exitCodeOf(all.filter((f) => f.status !== 'failed' && f.status !== 'rejected'))).toBe(66);
    expect(exitCodeOf(all.filter((f) => f.status === 'ingested'))).toBe(0);
  });
});

describe('ingest keys "already ingested" by account, path and bytes', () => {
  it('files a byte-identical file for each account that has it, and stores its bytes once', async () => {
    const root = tempDir('holocron-dedup-');
    const bytes = rematch('Shared team');
    const first = write(root, 'First', 'Rematch.lua', bytes);
    const second = write(root, 'Second', 'Rematch.lua', bytes);
    const summary = await ingest({ paths: [path.join(root, 'WTF')] }, { db: t.db, log: silentLogger });
    expect(summary.files.map((f) => [f.account, f.status])).toEqual([
      ['First', 'ingested'],
      ['Second', 'ingested'],
    ]);
    const sets = await t.db.query<{ account: string }>(
      "SELECT a.name AS account FROM petweaver.teams t JOIN holocron.accounts a USING (account_id) WHERE t.name = 'Shared team' ORDER BY 1",
    );
    expect(sets.map((s) => s.account)).toEqual(['First', 'Second']);
    const stored = await t.db.query<{ records: number; contents: number }>(
      `SELECT (SELECT count(*)::int FROM holocron.source_files WHERE path IN ($1, $2)) AS records,
              (SELECT count(*)::int FROM holocron.source_contents c WHERE c.sha256 IN (SELECT sha256 FROM holocron.source_files WHERE path IN ($1, $2))) AS contents`,
      [first, second],
    );
    expect(stored).toEqual([{ records: 2, contents: 1 }]);
    const again = await ingest({ paths: [first, second] }, { db: t.db, log: silentLogger });
    expect(again.files.map((f) => f.status)).toEqual(['unchanged', 'unchanged']);
  });
});
