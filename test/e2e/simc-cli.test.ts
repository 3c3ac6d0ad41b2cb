import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTestDatabase } from '../helpers/db.js';
import { CN_WARRIOR, simcExport, type FixtureExport } from '../helpers/simc-export.js';
import { useTempDirs } from '../helpers/tmp.js';

/**
 * /simc exports through the built CLI on a real PostgreSQL: ingest from a file
 * and from stdin, the character found by the names the export carries, and
 * `holocron simc` printing the stored profile back.
 */
const t = useTestDatabase();
const tempDir = useTempDirs();
const env = () => ({ DATABASE_URL: t.url });

const EU_DK: FixtureExport = {
  name: 'Pølsefatter',
  className: 'deathknight',
  spec: 'frost',
  specTitle: 'Frost',
  region: 'eu',
  realm: 'Argent Dawn',
  server: 'argent_dawn',
  equipped: [
    { slot: 'head', id: 249970, name: "Relentless Rider's Crown", ilvl: 289, options: { enchant_id: '7991', gem_id: '240908', bonus_id: '6652/13440' } },
    { slot: 'neck', id: 240950, name: 'Masterwork Sin\'dorei Amulet', ilvl: 285, options: { gem_id: '240983', bonus_id: '12214/13667', crafted_stats: '40/36' } },
    { slot: 'main_hand', id: 222447, name: 'Charged Facesmasher', ilvl: 639, options: { enchant_id: '7460', bonus_id: '10421/9633', drop_level: '80' } },
  ],
};

const RAIDER: FixtureExport = { ...EU_DK, name: 'Raider', className: 'warrior', spec: 'fury', specTitle: 'Fury', realm: "Zul'jin", server: 'zuljin', region: 'us' };

/** An 11.2+ item link: item:id:enchant:gem1:gem2:gem3:gem4:suffix:unique:linkLevel:spec:mask:context:#bonus:…:#modifiers:(type:value)…:relics. */
function link(id: number, name: string, o: { enchant?: number; gems?: number[]; bonuses: number[]; modifiers: number[] }): string {
  const gems = [0, 1, 2, 3].map((i) => o.gems?.[i] ?? '');
  const fields = ['item', id, o.enchant ?? '', ...gems, '', '', 90, 251, '', 3, o.bonuses.length, ...o.bonuses, o.modifiers.length / 2, ...o.modifiers, '', '', '', ''];
  return `|cnIQ4:|H${fields.join(':')}|h[${name}]|h|r`;
}

const itemLines = (text: string) => text.split('\n').filter((l) => /^[a-z_0-9]+=,id=\d/.test(l));

interface FileJson {
  path: string;
  status: string;
  formats: string[];
  error?: string;
  notes: string[];
  simc?: { character: string; createdCharacter: boolean; knownFrom: string; profileId?: number; equipped: number; bags: number; vault: number };
}

async function ingestJson(args: string[], input?: string): Promise<{ code: number | null; files: FileJson[]; stderr: string }> {
  const run = await runCli(['ingest', ...args, '--json'], { env: env(), ...(input !== undefined && { input }) });
  return { code: run.code, files: run.stdout ? (JSON.parse(run.stdout) as { files: FileJson[] }).files : [], stderr: run.stderr };
}

function writeExport(dir: string, name: string, text: string, mtime = new Date('2026-11-24T20:10:00Z')): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  fs.utimesSync(file, mtime, mtime);
  return file;
}

describe('holocron ingest and holocron simc with /simc exports', () => {
  let dir: string;
  const cnText = simcExport(CN_WARRIOR);

  beforeAll(() => {
    dir = tempDir('holocron-simc-');
  });

  it('ingests an export of a character never seen: a new character known only from SimC, UTF-8 names kept', async () => {
    const file = writeExport(dir, 'simc-战神.txt', cnText);
    const run = await ingestJson([file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.files).toEqual([
      expect.objectContaining({ status: 'ingested', formats: ['simc'], simc: expect.objectContaining({ character: '战神阿瑞斯-燃烧之刃', createdCharacter: true, knownFrom: 'simc', equipped: 5, bags: 2, vault: 1 }) }),
    ]);
    expect(run.files[0]!.notes.join()).toMatch(/known only from SimC/);
    const [row] = await t.db.query<{ name: string; realm: string; region: string; class: string; level: number; known_from: string; account: string }>(
      `SELECT c.name, c.realm, c.region, c.class, c.level, c.known_from, a.name AS account
       FROM holocron.characters c JOIN holocron.accounts a USING (account_id) WHERE c.realm_key = '燃烧之刃'`,
    );
    expect(row).toEqual({ name: '战神阿瑞斯', realm: '燃烧之刃', region: 'cn', class: 'WARRIOR', level: 90, known_from: 'simc', account: 'default' });
    const items = await t.db.query<{ section: string; slot: string; item_id: number; bonus_ids: number[]; gem_ids: number[]; crafted_stats: number[]; drop_level: number | null }>(
      'SELECT section, slot, item_id, bonus_ids, gem_ids, crafted_stats, drop_level FROM skillweaver.simc_items ORDER BY section, position',
    );
    expect(items.map((i) => `${i.section}:${i.slot}`)).toEqual(['bags:finger1', 'bags:trinket1', 'equipped:head', 'equipped:neck', 'equipped:back', 'equipped:finger1', 'equipped:main_hand', 'vault:legs']);
    expect(items.find((i) => i.slot === 'finger1' && i.section === 'equipped')).toMatchObject({ gem_ids: [0, 213494], crafted_stats: [40, 32] });
  });

  it('round-trips: holocron simc prints the export it stored, the same gear lines', async () => {
    const run = await runCli(['simc', '战神阿瑞斯-燃烧之刃'], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${cnText}\n`);
    expect(itemLines(run.stdout)).toEqual(itemLines(cnText));
    const json = JSON.parse((await runCli(['simc', '战神阿瑞斯-燃烧之刃', '--json'], { env: env() })).stdout) as { gearSource: string; knownFrom: string; equipped: Array<{ line: string }>; text: string };
    expect(json).toMatchObject({ gearSource: 'simc', knownFrom: 'simc', text: cnText });
    expect(json.equipped.map((i) => i.line)).toEqual(itemLines(cnText));
  });

  it('the same export again changes nothing', async () => {
    const run = await ingestJson([path.join(dir, 'simc-战神.txt')]);
    expect(run.code).toBe(0);
    expect(run.files[0]).toMatchObject({ status: 'unchanged', formats: ['simc'] });
    expect(await t.db.query('SELECT 1 FROM skillweaver.simc_profiles')).toHaveLength(1);
  });

  it('reads an export from stdin (holocron ingest -) and finds its character by any spelling of the names', async () => {
    const run = await ingestJson(['-'], simcExport(EU_DK));
    expect(run.code, run.stderr).toBe(0);
    expect(run.files).toEqual([expect.objectContaining({ path: '-', status: 'ingested', simc: expect.objectContaining({ character: 'Pølsefatter-ArgentDawn', createdCharacter: true }) })]);
    for (const spelling of ['Pølsefatter-Argent Dawn', 'pølsefatter-argentdawn', 'PØLSEFATTER-ARGENT-DAWN', 'Pølsefatter']) {
      const found = await runCli(['simc', spelling], { env: env() });
      expect(found.code, `${spelling}: ${found.stderr}`).toBe(0);
      expect(itemLines(found.stdout)).toEqual(itemLines(simcExport(EU_DK)));
    }
  });

  it('rejects a changed or truncated export with exit 65 naming the line, storing nothing', async () => {
    const changed = writeExport(dir, 'changed.txt', cnText.replace('id=211984', 'id=211985'));
    const run = await ingestJson([changed]);
    expect(run.code).toBe(65);
    expect(run.files[0]).toMatchObject({ status: 'rejected', formats: ['simc'] });
    expect(run.files[0]!.error).toMatch(new RegExp(`changed\\.txt:${cnText.split('\n').length}: checksum [0-9a-f]+ does not match`));
    const truncated = await ingestJson(['-'], cnText.split('\n').slice(0, 25).join('\n'));
    expect(truncated.code).toBe(65);
    expect(truncated.files[0]!.error).toMatch(/^stdin:25: no "# Checksum:" line after line 25: the export is truncated/);
    expect(truncated.stderr).toMatch(/stdin:25/);
    expect(await t.db.query('SELECT 1 FROM skillweaver.simc_profiles')).toHaveLength(2);
  });

  it('a file that starts like an export but is far too big is rejected unread', async () => {
    const big = writeExport(dir, 'big-simc.txt', cnText.replace('### Gear from Bags', `### Gear from Bags\n${'#\n'.repeat(2_500_000)}`));
    const run = await ingestJson([big]);
    expect(run.code).toBe(65);
    expect(run.files[0]!.error).toMatch(/big-simc\.txt: \d+ bytes is far more than a \/simc export/);
  });

  it('stdin that is not a /simc export is rejected', async () => {
    const run = await ingestJson(['-'], 'SYNDICATOR_DATA = {}\n');
    expect(run.code).toBe(65);
    expect(run.files[0]!.error).toMatch(/not a \/simc export/);
  });

  it('an unknown character exits 64 listing near matches', async () => {
    const run = await runCli(['simc', 'Pölsefatter-ArgentDawn'], { env: env() });
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/no character 'Pölsefatter-ArgentDawn'; near matches: Pølsefatter-ArgentDawn/);
    expect((await runCli(['simc', 'Raider', '--region', 'xx'], { env: env() })).code).toBe(64);
  });

  it('takes the collector gear when it is newer than the export, keeping the rest of the profile', async () => {
    const [dk] = await t.db.query<{ owner_id: number }>(`SELECT owner_id FROM holocron.characters WHERE name = 'Pølsefatter'`);
    const later = new Date(Date.now() + 3_600_000);
    await t.db.query(
      `INSERT INTO skillweaver.equipped_items (owner_id, slot, item_id, link, item_level, observed_at) VALUES
         ($1, 1, 249970, $2, 295, $4), ($1, 16, 222448, $3, 645, $4)`,
      [
        dk!.owner_id,
        link(249970, "Relentless Rider's Crown", { enchant: 7991, gems: [240908], bonuses: [6652, 13441], modifiers: [9, 90] }),
        link(222448, 'Charged Runeaxe', { enchant: 7460, bonuses: [10421, 9633], modifiers: [9, 80, 29, 32, 30, 40] }),
        later,
      ],
    );
    const run = await runCli(['simc', 'Pølsefatter-ArgentDawn', '--json'], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { gearSource: string; text: string; equipped: Array<{ line: string }> };
    expect(report.gearSource).toBe('collector');
    expect(itemLines(report.text)).toEqual([
      'head=,id=249970,enchant_id=7991,gem_id=240908,bonus_id=6652/13441,drop_level=90',
      'main_hand=,id=222448,enchant_id=7460,bonus_id=10421/9633,drop_level=80,crafted_stats=32/40',
    ]);
    expect(report.text).toMatch(/^# Relentless Rider's Crown \(295\)\nhead=/m);
    expect(report.text).toMatch(/^talents=CsPAk/m);
    expect(report.text).toMatch(/^### Additional Character Info$/m);
    expect(report.text).not.toMatch(/# Checksum:/);
    expect(report.text).toMatch(/# Gear from the collector, seen .*; rebuilt by holocron, so no addon checksum\n$/);
    expect(run.stderr).toMatch(/gear from the collector/);
  });

  it('attaches an export to the character an addon file already knows, and an addon file makes a SimC-only character ordinary', async () => {
    const saved = path.join(tempDir('holocron-simc-wtf-'), 'WTF', 'Account', 'default', 'SavedVariables');
    fs.mkdirSync(saved, { recursive: true });
    fs.writeFileSync(
      path.join(saved, 'Syndicator.lua'),
      [
        'SYNDICATOR_DATA = {',
        '["Characters"] = {',
        '["Raider-Zul\'jin"] = {\n["details"] = {\n["character"] = "Raider",\n["realm"] = "Zul\'jin",\n},\n["money"] = 100,\n},',
        '["战神阿瑞斯-燃烧之刃"] = {\n["details"] = {\n["character"] = "战神阿瑞斯",\n["realm"] = "燃烧之刃",\n},\n["money"] = 5,\n},',
        '},',
        '}',
        '',
      ].join('\n'),
    );
    expect((await runCli(['ingest', path.dirname(saved)], { env: env() })).code).toBe(0);
    const run = await ingestJson([writeExport(dir, 'raider.txt', simcExport(RAIDER))]);
    expect(run.files[0]!.simc).toMatchObject({ character: "Raider-Zul'jin", createdCharacter: false, knownFrom: 'addon' });
    const known = await t.db.query<{ name: string; known_from: string }>(`SELECT name, known_from FROM holocron.characters WHERE name IN ('Raider', '战神阿瑞斯') ORDER BY name`);
    expect(known).toEqual([
      { name: 'Raider', known_from: 'addon' },
      { name: '战神阿瑞斯', known_from: 'addon' },
    ]);
    const found = await runCli(['simc', "raider-zul'jin"], { env: env() });
    expect(found.code, found.stderr).toBe(0);
    expect(itemLines(found.stdout)).toEqual(itemLines(simcExport(RAIDER)));
  });
});
