import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { useTempHomes } from '../helpers/home.js';
import { luaFile } from '../helpers/lua-writer.js';
import { useTempDirs } from '../helpers/tmp.js';
import { unprivilegedUser } from '../helpers/unprivileged.js';

/**
 * Input the CLI cannot read, through the built CLI as a user that file
 * permissions apply to (root reads everything, so then as `nobody`, with an
 * embedded server of its own). Each cause is named; the rest is still read;
 * "could not read some input" is exit 66 (sysexits' EX_NOINPUT).
 */
const user = unprivilegedUser();
const tempDir = useTempDirs();
const tempHome = useTempHomes();

describe.skipIf(!user)('ingest: input that cannot be read', () => {
  let home: string;
  let root: string;
  const cli = (args: string[]): Promise<CliResult> => runCli(args, { env: { HOLOCRON_HOME: home, HOME: home }, ...user, timeoutMs: 120_000 });

  beforeAll(async () => {
    home = tempHome('perm');
    root = tempDir('holocron-perm-');
    const account = (name: string) => {
      const dir = path.join(root, 'WTF', 'Account', name, 'SavedVariables');
      fs.mkdirSync(dir, { recursive: true });
      return dir;
    };
    const team = (name: string) => luaFile({ RematchSaved: { [name]: [['BattlePet-0-000000000001', 0, 0, 0, 39]] } });
    fs.writeFileSync(path.join(account('Open'), 'Rematch.lua'), team('Readable team'));
    fs.writeFileSync(path.join(account('Open'), 'Syndicator.lua'), team('Unreadable file'));
    fs.symlinkSync(path.join(root, 'gone.lua'), path.join(account('Open'), 'Dangling.lua'));
    fs.writeFileSync(path.join(account('Locked'), 'Rematch.lua'), team('In a locked folder'));
    if (user!.uid !== undefined) {
      for (const dir of [home, root]) chownTree(dir, user!.uid, user!.gid!);
    }
    fs.chmodSync(path.join(account('Open'), 'Syndicator.lua'), 0o000);
    fs.chmodSync(path.join(root, 'WTF', 'Account', 'Locked'), 0o000);
    const migrated = await cli(['db', 'migrate']);
    expect(migrated.code, migrated.stderr).toBe(0);
  }, 180_000);

  afterAll(async () => {
    fs.chmodSync(path.join(root, 'WTF', 'Account', 'Locked'), 0o755);
    await cli(['db', 'stop']);
  });

  it('names each cause, still ingests what it can read, and exits 66', async () => {
    const run = await cli(['ingest', path.join(root, 'WTF'), '--json']);
    expect(run.code, run.stderr).toBe(66);
    const report = JSON.parse(run.stdout) as { files: Array<{ path: string; status: string; error?: string }> };
    const byPath = Object.fromEntries(report.files.map((f) => [path.relative(path.join(root, 'WTF', 'Account'), f.path), f]));
    expect(byPath[path.join('Open', 'SavedVariables', 'Rematch.lua')]).toMatchObject({ status: 'ingested' });
    expect(byPath[path.join('Open', 'SavedVariables', 'Syndicator.lua')]).toMatchObject({ status: 'unreadable', error: expect.stringMatching(/Syndicator\.lua: permission denied$/) });
    expect(byPath[path.join('Open', 'SavedVariables', 'Dangling.lua')]).toMatchObject({ status: 'unreadable', error: expect.stringMatching(/broken link \(it points to .*gone\.lua/) });
    expect(byPath.Locked).toMatchObject({ status: 'unreadable', error: expect.stringMatching(/Locked: permission denied \(cannot list the folder\)$/) });
    expect(run.stderr).not.toMatch(/this is a bug/);
  });

  it('says "permission denied", not "no SavedVariables found", for a folder it cannot list', async () => {
    const run = await cli(['ingest', path.join(root, 'WTF', 'Account', 'Locked')]);
    expect(run.code, run.stderr).toBe(66);
    expect(run.stdout).toMatch(/unreadable .*Locked: permission denied \(cannot list the folder\)/);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/no SavedVariables/);
  });

  it('exits 66 for an unreadable file named on the command line, not 69', async () => {
    const run = await cli(['ingest', path.join(root, 'WTF', 'Account', 'Open', 'SavedVariables', 'Syndicator.lua')]);
    expect(run.code, run.stderr).toBe(66);
    expect(run.stdout).toMatch(/unreadable .*Syndicator\.lua: permission denied/);
  });
});

function chownTree(target: string, uid: number, gid: number): void {
  fs.lchownSync(target, uid, gid);
  if (fs.lstatSync(target).isDirectory()) for (const name of fs.readdirSync(target)) chownTree(path.join(target, name), uid, gid);
}
