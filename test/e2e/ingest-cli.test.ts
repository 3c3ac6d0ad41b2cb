import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliOnTty } from '../helpers/cli.js';
import { useTestDatabase } from '../helpers/db.js';
import { hasSamples, samplePath } from '../helpers/samples.js';
import { useTempDirs } from '../helpers/tmp.js';

/**
 * The real sample files (../shared/samples/client, skipped when absent), laid out
 * as a WTF folder with two accounts, through the built CLI. The expected counts
 * were taken from the files by hand (grep/awk over the text, noted per line), not
 * from holocron.
 */
const t = useTestDatabase();
const tempDir = useTempDirs();
const env = () => ({ DATABASE_URL: t.url });

interface FileJson {
  path: string;
  status: string;
  formats: string[];
  error?: string;
  counts?: { stacks: number; characters: number; guilds: number; teams: number; ownedPets: number };
  notes: string[];
}

function copyKeepingTime(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
  const stat = fs.statSync(from);
  fs.utimesSync(to, stat.atime, stat.mtime);
}

describe.skipIf(!hasSamples())('holocron ingest on the real sample files', () => {
  let root: string;
  let files: Record<string, FileJson>;
  let exitCode: number | null;
  let stderr: string;

  beforeAll(async () => {
    root = tempDir('holocron-wtf-');
    const wtf = (account: string, name: string) => path.join(root, 'WTF', 'Account', account, 'SavedVariables', name);
    for (const name of ['DataStore', 'DataStore_Characters', 'DataStore_Containers', 'DataStore_Mails', 'DataStore_Pets']) {
      copyKeepingTime(samplePath('client', `datastore-2024-retail-acct2-${name}.lua`), wtf('50747314#2', `${name}.lua`));
    }
    copyKeepingTime(samplePath('client', 'syndicator-retail-11.2.lua'), wtf('50747314#2', 'Syndicator.lua'));
    for (const name of ['DataStore', 'DataStore_Auctions', 'DataStore_Characters', 'DataStore_Containers', 'DataStore_Inventory', 'DataStore_Mails']) {
      copyKeepingTime(samplePath('client', `datastore-legacy-wotlk-SDK-${name}.lua`), wtf('SDK', `${name}.lua`));
    }
    copyKeepingTime(samplePath('client', 'rematch4-legacy-legion-7.3.lua'), wtf('SDK', 'Rematch.lua'));
    copyKeepingTime(samplePath('client', 'tradeskillmaster-retail-10.1.7.lua'), wtf('SDK', 'TradeSkillMaster.lua'));
    // A crash while the client wrote the file: the first 60 % of a real one.
    const whole = fs.readFileSync(samplePath('client', 'syndicator-retail-11.2.lua'));
    fs.mkdirSync(path.dirname(wtf('Crashed', 'x')), { recursive: true });
    fs.writeFileSync(wtf('Crashed', 'Syndicator.lua'), whole.subarray(0, Math.floor(whole.length * 0.6)));

    const run = await runCli(['ingest', path.join(root, 'WTF'), '--json'], { env: env() });
    exitCode = run.code;
    stderr = run.stderr;
    const report = JSON.parse(run.stdout) as { files: FileJson[] };
    files = Object.fromEntries(report.files.map((f) => [path.relative(path.join(root, 'WTF', 'Account'), f.path), f]));
  });

  it('rejects the truncated file with file:line:column, exits 65, and ingests every other file', () => {
    expect(exitCode).toBe(65);
    const crashed = files[path.join('Crashed', 'SavedVariables', 'Syndicator.lua')]!;
    expect(crashed.status).toBe('rejected');
    expect(crashed.error).toMatch(/Crashed\/SavedVariables\/Syndicator\.lua:\d+:\d+: /);
    expect(stderr).toMatch(/Syndicator\.lua:\d+:\d+/);
    const statuses = Object.entries(files).filter(([name]) => !name.startsWith('Crashed'));
    expect(statuses.filter(([, f]) => f.status !== 'ingested').map(([name, f]) => [name, f.status])).toEqual([]);
    // TradeSkillMaster.lua gives its accounting to the ledger (test/integration/ledger.test.ts checks the rows).
    expect(files[path.join('SDK', 'SavedVariables', 'TradeSkillMaster.lua')]!.formats).toEqual(['tsm-accounting']);
  });

  it('stores the counts the files hold', () => {
    const counts = (account: string, name: string) => files[path.join(account, 'SavedVariables', name)]!.counts!;
    // 431 packed slot integers in the characters' containers + 30 in DataStore_Containers_Banks
    // + 22 bags with a link of their own (the equipped bags); 8 of 9 characters have a lastUpdate.
    expect(counts('50747314#2', 'DataStore_Containers.lua')).toMatchObject({ stacks: 483, characters: 8 });
    // 322 `["itemCount"]` entries in SYNDICATOR_DATA; 5 characters, 1 guild.
    expect(counts('50747314#2', 'Syndicator.lua')).toMatchObject({ stacks: 322, characters: 5, guilds: 1 });
    expect(counts('50747314#2', 'DataStore_Pets.lua')).toMatchObject({ ownedPets: 565 }); // DataStore_Pets_GUIDs keys
    // 3,388 item ids in characters' Bag tables, 2,216 in guild-bank tabs, 76 bag links.
    expect(counts('SDK', 'DataStore_Containers.lua')).toMatchObject({ stacks: 5680, guilds: 8 });
    expect(counts('SDK', 'DataStore_Inventory.lua')).toMatchObject({ stacks: 299 }); // Inventory entries
    // 54 item mails + 1 in MailCache of an alt that never logged in (Mejoral).
    expect(counts('SDK', 'DataStore_Mails.lua')).toMatchObject({ stacks: 55 });
    expect(counts('SDK', 'Rematch.lua')).toMatchObject({ teams: 53 }); // top-level RematchSaved keys
  });

  it('answers the views: Syndicator bags by character, guild tabs, protected pets', async () => {
    // Mbuzi's 106 bag slots hold 531 items (awk over the file's bags section).
    const [mbuzi] = await t.db.query<{ n: number; items: number }>(
      "SELECT count(*)::int AS n, sum(count)::int AS items FROM holocron.view_current_stacks WHERE owner = 'Mbuzi-TwistingNether' AND location = 'bags'",
    );
    expect(mbuzi).toEqual({ n: 106, items: 531 });
    const [warband] = await t.db.query<{ items: number }>(
      "SELECT sum(count)::int AS items FROM holocron.view_item_locations WHERE owner = 'Warband' AND account = '50747314#2'",
    );
    expect(warband).toEqual({ items: 139 });
    // 140 `"BattlePet-…"` GUIDs in RematchSaved team slots.
    const [pets] = await t.db.query<{ n: number; with_species: number }>(
      "SELECT count(*)::int AS n, count(species_id)::int AS with_species FROM petweaver.view_protected_pets WHERE pet_guid IS NOT NULL AND account = 'SDK'",
    );
    expect(pets!.n).toBe(140);
    expect(pets!.with_species).toBe(140); // species from the team or from the Sanctuary
    const [imported] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM holocron.characters c JOIN holocron.accounts a USING (account_id) WHERE a.name = 'julianchin'");
    expect(imported!.n).toBeGreaterThan(0); // DataStore's imported account kept apart from the folder's
  });

  it('finds every Hearthstone: the 20 biggest places, the exact total and how many more; --all lists them all', async () => {
    type SearchJson = { items: Array<{ itemId: number; total: number; placeCount: number; morePlaces: number; places: Array<{ owner: string; location: string; place: string }> }> };
    const run = await runCli(['search', 'hearthstone', '--json'], { env: env() });
    expect(run.code).toBe(0);
    const hearthstone = (JSON.parse(run.stdout) as SearchJson).items.find((i) => i.itemId === 6948)!;
    // 18 in the legacy bags (lines "6948, -- [n]"), 6 in the 2024 DataStore file, 5 in Syndicator.
    expect(hearthstone).toMatchObject({ total: 29, placeCount: 29, morePlaces: 9 });
    expect(hearthstone.places).toHaveLength(20);
    const all = await runCli(['search', 'hearthstone', '--all', '--json'], { env: env() });
    const every = (JSON.parse(all.stdout) as SearchJson).items.find((i) => i.itemId === 6948)!;
    expect(every).toMatchObject({ total: 29, placeCount: 29, morePlaces: 0 });
    expect(every.places).toHaveLength(29);
    expect(every.places.every((p) => p.location === 'bags')).toBe(true);
    expect(every.places.map((p) => p.owner)).toContain('Mbuzi-TwistingNether');
    const plain = await runCli(['search', 'hearthstone'], { env: env() });
    expect(plain.stdout).toMatch(/^Hearthstone \(item 6948\): 29 in all$/m);
    expect(plain.stdout.match(/^ +1 {2}\S+ \(/gm)).toHaveLength(20);
    expect(plain.stdout).toMatch(/^ {2}… and 9 more places \(--all lists them\)$/m);
    const plainAll = await runCli(['search', 'hearthstone', '--all'], { env: env() });
    expect(plainAll.stdout.match(/^ +1 {2}\S+ \(/gm)).toHaveLength(29);
    expect(plainAll.stdout).toMatch(/^ +1 {2}Mbuzi-TwistingNether \(50747314#2\), backpack {2}\[seen /m);
    expect(plainAll.stdout).not.toMatch(/more place/);
    const tty = await runCliOnTty(['search', 'hearthstone'], { env: env() });
    if (tty) expect(tty.stdout).toMatch(/… and 9 more places \(--all lists them\)/);
    const one = await runCli(['search', 'hearthstone', '--character', 'Mbuzi', '--json'], { env: env() });
    expect((JSON.parse(one.stdout) as SearchJson).items[0]).toMatchObject({ total: 1, placeCount: 1, morePlaces: 0 });
  });

  it('ingesting the same folder again does nothing', async () => {
    const run = await runCli(['ingest', path.join(root, 'WTF', 'Account', '50747314#2'), '--json'], { env: env() });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { files: FileJson[]; stacks: number };
    expect(report.stacks).toBe(0);
    expect(new Set(report.files.map((f) => f.status))).toEqual(new Set(['unchanged']));
  });
});

describe('holocron ingest output', () => {
  it('prints a note that every file shares once, with the number of files', async () => {
    const dir = tempDir('holocron-notes-');
    const syndicator = (name: string) =>
      `SYNDICATOR_DATA = {\n["Characters"] = {\n["${name}-Stormrage"] = {\n["details"] = {\n["character"] = "${name}",\n["realm"] = "Stormrage",\n},\n["money"] = 1,\n},\n},\n}\n`;
    fs.writeFileSync(path.join(dir, 'Syndicator.lua'), syndicator('Noter'));
    fs.writeFileSync(path.join(dir, 'Baganator.lua'), syndicator('Other'));
    const run = await runCli(['ingest', dir], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout.match(/account unknown from the path/g)).toHaveLength(1);
    expect(run.stdout).toMatch(/^note \(2 files\): account unknown from the path/m);
  });
});
