/**
 * TSM group sync against real files: the TSM sample (10.1.7, CRLF, tabs,
 * per-profile operations) and generated 11.x-style files (LF, no indent,
 * global operations, two profiles, raw control bytes). The written file is
 * loaded by real Lua 5.1 and compared key by key with the original; bytes
 * outside our keys are compared with those keys cut out by luaparse.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, DataError, ExitCode, TempFailError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/log.js';
import { planGroups, type GroupPlan } from '../../src/core/tsm/plan.js';
import { listBackups, syncFile, type SyncFileDeps } from '../../src/core/tsm/sync-file.js';
import { syncFiles } from '../../src/core/tsm/sync.js';
import { useTestDatabase } from '../helpers/db.js';
import { HAS_LUA, luaTitle } from '../helpers/lua-harness.js';
import { hasSamples, samplePath } from '../helpers/samples.js';
import { tmpFile } from '../helpers/tsm-files.js';
import { fillAnalysis, luaDump, planFixture, tsmFile, tsmSanityProblems, withoutFields } from '../helpers/tsm-fixture.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const tempDir = useTempDirs();
const SAMPLE = samplePath('client', 'tradeskillmaster-retail-10.1.7.lua');
const APPDATA = samplePath('blizzard', 'tsm_appdata_bcc_2022_excerpt.lua');
let clock = Date.parse('2026-12-02T03:00:00Z');
const deps: SyncFileDeps = { now: () => (clock += 1000), wowCheck: () => ({ running: false, detail: 'no WoW process' }) };

/** Every entry of the keys we touch that is the user's, and every other key whole. */
function userView(dump: Map<string, string>, root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of dump) {
    const [key, entry] = k.split('\t') as [string, string];
    const ours =
      (key.endsWith('@userData@groups') && (entry === root || entry.startsWith(`${root}\``))) ||
      (key.endsWith('@userData@items') && (v === JSON.stringify(root) || v.startsWith(`"${root}\``))) ||
      (/perations$/.test(key) && entry.includes(`/${root}: `));
    if (!ours) out.set(k, v);
  }
  return out;
}

function oursView(dump: Map<string, string>, root: string): Map<string, string> {
  const user = userView(dump, root);
  return new Map([...dump].filter(([k]) => !user.has(k)));
}

beforeAll(async () => {
  await fillAnalysis(
    t.db,
    [
      { itemId: 2589, marketValue: 150_000, dailySold: 400, saleRate: 0.6 }, // high volume
      { itemId: 2589, realm: 11, marketValue: 15_000_000, dailySold: 5, saleRate: 0.3 }, // realm row: premium there
      { itemId: 2447, marketValue: 20_000_000, dailySold: 3, saleRate: 0.2 }, // premium
      { itemId: 2770, marketValue: 900_000, dailySold: 40, saleRate: 0.25 }, // steady
      { itemId: 2771, marketValue: 900, dailySold: 5000, saleRate: 0.9 }, // too cheap for any rule
      { petSpeciesId: 1890, marketValue: 12_000_000, dailySold: 2, saleRate: 0.15 }, // premium pet
      { itemId: 191460, marketValue: 300_000, dailySold: 900, saleRate: 0.5 }, // also crafted: craft rule wins (priority 10)
    ],
    [
      { recipeId: 1, outputItemId: 191460, profit: 1_000_000, margin: 0.4, soldPerDay: 50 },
      { recipeId: 2, outputItemId: 191461, profit: 9_000_000, margin: 0.3, soldPerDay: 1 }, // slow profit
      { recipeId: 3, outputItemId: 191462, profit: 100, margin: 0.01, soldPerDay: 100 }, // not profitable
    ],
  );
});

describe('tsm group plan', () => {
  it('puts each item into one group by the default rules', async () => {
    const plan = await planGroups(t.db, { region: 'us' });
    const where = Object.fromEntries(plan.items.map((i) => [i.itemString, i.path]));
    expect(where).toEqual({
      'i:2589': 'Holocron`Flips`High Volume',
      'i:2447': 'Holocron`Flips`Premium',
      'i:2770': 'Holocron`Flips`Steady',
      'p:1890': 'Holocron`Flips`Premium',
      'i:191460': 'Holocron`Crafting`Profitable',
      'i:191461': 'Holocron`Crafting`Slow Profit',
    });
    expect(plan.groups.map((g) => g.path)).toEqual([
      'Holocron',
      'Holocron`Crafting',
      'Holocron`Crafting`Profitable',
      'Holocron`Crafting`Slow Profit',
      'Holocron`Flips',
      'Holocron`Flips`High Volume',
      'Holocron`Flips`Premium',
      'Holocron`Flips`Steady',
    ]);
    expect(plan.groups.find((g) => g.path === 'Holocron`Flips`High Volume')!.operations).toEqual({ Auctioning: ['Holocron: Flip Fast'] });
    expect(Object.keys(plan.operations.Auctioning!)).toEqual(['Holocron: Flip Fast', 'Holocron: Flip Premium', 'Holocron: Post']);
  });

  it('prefers a connected realm’s analysis when one is named', async () => {
    const plan = await planGroups(t.db, { region: 'us', connectedRealmId: 11 });
    expect(plan.items.find((i) => i.itemString === 'i:2589')!.path).toBe('Holocron`Flips`Premium');
  });

  it('keeps the best-scoring items when a rule caps its group', async () => {
    await t.db.query(`UPDATE goblin.tsm_group_rule SET max_items = 1 WHERE path = 'Flips/Premium'`);
    try {
      const plan = await planGroups(t.db, { region: 'us' });
      expect(plan.items.filter((i) => i.path === 'Holocron`Flips`Premium').map((i) => i.itemString)).toEqual(['i:2447']);
    } finally {
      await t.db.query(`UPDATE goblin.tsm_group_rule SET max_items = 200 WHERE path = 'Flips/Premium'`);
    }
  });

  it('rejects rules that give no group an operation (ours could not be told from the user’s)', async () => {
    await t.db.query(`UPDATE goblin.tsm_group_rule SET enabled = false WHERE operations <> '{}'`);
    try {
      await expect(planGroups(t.db, { region: 'us' })).rejects.toThrow(/gives no group an operation/);
    } finally {
      await t.db.query(`UPDATE goblin.tsm_group_rule SET enabled = true`);
    }
  });

  it('rejects a rule naming an operation that does not exist (TSM would drop it)', async () => {
    await t.db.query(`UPDATE goblin.tsm_group_rule SET operations = '{"Auctioning": ["Nope"]}' WHERE path = 'Flips/Steady'`);
    try {
      await expect(planGroups(t.db, { region: 'us' })).rejects.toThrow(/names Auctioning operation "Nope"/);
    } finally {
      await t.db.query(`UPDATE goblin.tsm_group_rule SET operations = '{}' WHERE path = 'Flips/Steady'`);
    }
  });
});

interface Case {
  name: string;
  bytes: () => Buffer;
  groupsKeys: string[];
  itemsKeys: string[];
  opsKey: string;
  present: () => boolean;
}

const CASES: Case[] = [
  {
    name: 'the 10.1.7 sample (CRLF, tabs, profile operations)',
    bytes: () => fs.readFileSync(SAMPLE),
    groupsKeys: ['p@Default@userData@groups'],
    itemsKeys: ['p@Default@userData@items'],
    opsKey: 'p@Default@userData@operations',
    present: hasSamples,
  },
  {
    name: 'a generated 11.x file (LF, global operations, two profiles)',
    bytes: () => tsmFile({ userItems: 50 }),
    groupsKeys: ['p@Alt@userData@groups', 'p@Default@userData@groups'],
    itemsKeys: ['p@Alt@userData@items', 'p@Default@userData@items'],
    opsKey: 'g@ @userData@sharedOperations',
    present: () => true,
  },
];

describe.each(CASES)(luaTitle('tsm sync into $name'), (c) => {
  it.skipIf(!HAS_LUA || !c.present())('keeps every user group, item, operation and byte; ours as planned; twice is byte-identical', async () => {
    const plan = await planGroups(t.db, { region: 'us' });
    const file = tmpFile(tempDir('holocron-tsm-'), c.bytes());
    const original = fs.readFileSync(file);
    const touched = [...c.groupsKeys, ...c.itemsKeys, c.opsKey];
    const before = luaDump(file, touched);

    const first = syncFile(file, plan, {}, deps);
    expect(first.outcome).toBe('written');
    expect(first.operationsKey).toBe(c.opsKey);
    const written = fs.readFileSync(file);
    const after = luaDump(file, touched);

    // The user's part, as the game loads it, is untouched.
    expect(userView(after, 'Holocron')).toEqual(userView(before, 'Holocron'));
    expect(oursView(before, 'Holocron').size).toBe(0);
    // Every byte outside the three keys is the same.
    expect(withoutFields(written, touched)).toBe(withoutFields(original, touched));
    // The user's entries inside them keep their bytes too.
    expect(written.includes(Buffer.from('["New Group"] = {', 'latin1')) || written.includes(Buffer.from('["Mats`Herbs"] = {', 'latin1'))).toBe(true);

    // Ours, as planned and in the shapes TSM keeps.
    for (const groupsKey of c.groupsKeys) {
      expect(after.get(`${groupsKey}\tHolocron`)).toContain('["Auctioning"]={[1]="Holocron: Post",["override"]=true}');
      expect(after.get(`${groupsKey}\tHolocron\`Flips\`High Volume`)).toContain('["Auctioning"]={[1]="Holocron: Flip Fast",["override"]=true}');
      // Inherited lists are the parent's list, without override (what TSM would rewrite them to).
      expect(after.get(`${groupsKey}\tHolocron\`Flips\`Premium`)).toContain('["Shopping"]={[1]="Holocron: Flip Buy"}');
      expect(after.get(`${groupsKey}\tHolocron\`Flips`)).toContain('["Sniper"]={[1]="#Default"}');
    }
    for (const itemsKey of c.itemsKeys) {
      expect(after.get(`${itemsKey}\ti:2589`)).toBe('"Holocron`Flips`High Volume"');
      expect(after.get(`${itemsKey}\tp:1890`)).toBe('"Holocron`Flips`Premium"');
    }
    const post = after.get(`${c.opsKey}\tAuctioning/Holocron: Post`)!;
    expect(post).toContain('["postCap"]="5"');
    expect(post).toContain('["undercut"]="1c"');
    expect(post).toContain('["cancelRepostThreshold"]="1g"'); // the rest from the file's #Default
    expect(post).toContain('["relationships"]={}');
    // Nothing TSM's load-time sanitizing would drop or repair.
    for (const groupsKey of c.groupsKeys) expect(tsmSanityProblems(file, groupsKey.split('@')[1]!, c.opsKey)).toEqual([]);
    // Types follow the file's #Default: duration is a number, postCap a string.
    expect(after.get(`${c.opsKey}\tAuctioning/Holocron: Flip Fast`)).toContain('["duration"]=1,');

    // The same data again: nothing written, no new backup.
    const backups = listBackups(file);
    const second = syncFile(file, plan, {}, deps);
    expect(second.outcome).toBe('unchanged');
    expect(fs.readFileSync(file).equals(written)).toBe(true);
    expect(listBackups(file)).toEqual(backups);
    expect(fs.readFileSync(backups[0]!).equals(original)).toBe(true);

    // A changed plan replaces our entries and still leaves the user's alone.
    const smaller: GroupPlan = { ...plan, items: plan.items.filter((i) => i.itemString !== 'i:2589') };
    expect(syncFile(file, smaller, {}, deps).outcome).toBe('written');
    const third = luaDump(file, touched);
    expect(userView(third, 'Holocron')).toEqual(userView(before, 'Holocron'));
    for (const itemsKey of c.itemsKeys) expect(third.has(`${itemsKey}\ti:2589`)).toBe(false);
    expect(withoutFields(fs.readFileSync(file), touched)).toBe(withoutFields(original, touched));
    // And back: the bytes of the first sync again.
    syncFile(file, plan, {}, deps);
    expect(fs.readFileSync(file).equals(written)).toBe(true);
  });
});

describe('tsm sync refuses', () => {
  it('a file changed between read and write (exit 75), leaving the change in place', () => {
    const file = tmpFile(tempDir('holocron-tsm-'), tsmFile());
    const changed = Buffer.concat([fs.readFileSync(file), Buffer.from('-- written by the game\n')]);
    const error = captureError(() => syncFile(file, planFixture(), {}, { ...deps, afterRead: (f) => fs.writeFileSync(f, changed) }));
    expect(error).toBeInstanceOf(TempFailError);
    expect(error.exitCode).toBe(ExitCode.tempFail);
    expect(error.message).toMatch(/changed since holocron read it/);
    expect(fs.readFileSync(file).equals(changed)).toBe(true);
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('holocron-tmp'))).toEqual([]);
  });

  it('while the game runs (exit 75), saying so', () => {
    const file = tmpFile(tempDir('holocron-tsm-'), tsmFile());
    const original = fs.readFileSync(file);
    const error = captureError(() => syncFile(file, planFixture(), {}, { ...deps, wowCheck: () => ({ running: true, detail: 'Wow.exe (pid 4242)' }) }));
    expect(error.exitCode).toBe(ExitCode.tempFail);
    expect(error.message).toMatch(/World of Warcraft is running \(Wow.exe \(pid 4242\)\)/);
    expect(fs.readFileSync(file).equals(original)).toBe(true);
    expect(listBackups(file)).toEqual([]);
  });

  it('a file that does not parse (exit 65 with line:column), nothing written, backups untouched', () => {
    const dir = tempDir('holocron-tsm-');
    const file = tmpFile(dir, tsmFile());
    syncFile(file, planFixture(), {}, deps);
    const backups = listBackups(file).map((b) => [b, fs.readFileSync(b)] as const);
    const broken = Buffer.from(fs.readFileSync(file, 'latin1').replace('["_version"] = 129,', '["_version"] = 129 oops,'), 'latin1');
    fs.writeFileSync(file, broken);
    const error = captureError(() => syncFile(file, planFixture({ postCap: '9' }), {}, deps));
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toMatch(/TradeSkillMaster\.lua:3:20: expected "," or "}"/);
    expect(fs.readFileSync(file).equals(broken)).toBe(true);
    expect(listBackups(file).map((b) => [b, fs.readFileSync(b)] as const)).toEqual(backups);
  });

  it.skipIf(!hasSamples())('a file that is not TradeSkillMaster’s SavedVariables (the AppHelper data file): exit 65', () => {
    const file = tmpFile(tempDir('holocron-tsm-'), fs.readFileSync(APPDATA));
    const error = captureError(() => syncFile(file, planFixture(), {}, deps));
    expect(error.exitCode).toBe(ExitCode.dataError);
    expect(error.message).toMatch(/:1:7: expected "=" after select/);
  });

  it('a root group of the user’s own (exit 78) and says how to choose another; --root works', () => {
    const file = tmpFile(tempDir('holocron-tsm-'), tsmFile({ userGroup: 'Holocron' }));
    const original = fs.readFileSync(file);
    const error = captureError(() => syncFile(file, planFixture(), {}, deps));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.exitCode).toBe(ExitCode.config);
    expect(error.message).toMatch(/already has a group "Holocron" of your own/);
    expect((error as ConfigError).hint).toMatch(/--root <name> \(or HOLOCRON_TSM_ROOT\)/);
    expect(fs.readFileSync(file).equals(original)).toBe(true);
    const other = syncFile(file, planFixture({ root: 'Holocron Auto' }), {}, deps);
    expect(other.outcome).toBe('written');
    // The user's "Holocron" group keeps its item (ours wanted i:2589 too).
    expect(other.keptInUserGroups).toEqual([
      { profile: 'Alt', itemString: 'i:2589', group: 'Holocron' },
      { profile: 'Default', itemString: 'i:2589', group: 'Holocron' },
    ]);
  });

  it('an unknown profile (TSM would reset it): exit 64', () => {
    const file = tmpFile(tempDir('holocron-tsm-'), tsmFile());
    expect(captureError(() => syncFile(file, planFixture(), { profile: 'Nope' }, deps)).exitCode).toBe(ExitCode.usage);
  });
});

describe('tsm sync after the game re-saved the file', () => {
  it('leaves it alone when our entries hold what we would write, in whatever order and layout', () => {
    const file = tmpFile(tempDir('holocron-tsm-'), tsmFile());
    syncFile(file, planFixture(), {}, deps);
    // As TSM writes at logout: its own order (ours first here), WoW's "-- [n]" comments on list entries.
    const text = fs.readFileSync(file, 'latin1');
    const line = '["i:2590"] = "Holocron`Flips`High Volume",\n';
    const resaved = text
      .replace(line, '')
      .replace('["p@Default@userData@items"] = {\n', `["p@Default@userData@items"] = {\n${line}`)
      .replace('"Holocron: Flip Fast",\n', '"Holocron: Flip Fast", -- [1]\n');
    expect(resaved).not.toBe(text);
    fs.writeFileSync(file, resaved, 'latin1');
    const backups = listBackups(file);
    const report = syncFile(file, planFixture(), {}, deps);
    expect(report.outcome).toBe('unchanged');
    expect(fs.readFileSync(file, 'latin1')).toBe(resaved);
    expect(listBackups(file)).toEqual(backups);
    // A real change still writes.
    expect(syncFile(file, planFixture({ items: 2 }), {}, deps).outcome).toBe('written');
  });
});

describe('tsm sync backups', () => {
  it('keeps the last 10, newest last, each the file before its write', () => {
    const file = tmpFile(tempDir('holocron-tsm-'), tsmFile());
    const versions: Buffer[] = [];
    for (let n = 0; n < 13; n++) {
      versions.push(fs.readFileSync(file));
      expect(syncFile(file, planFixture({ postCap: String(n + 1) }), {}, deps).outcome).toBe('written');
    }
    const backups = listBackups(file);
    expect(backups).toHaveLength(10);
    backups.forEach((b, i) => expect(fs.readFileSync(b).equals(versions[i + 3]!)).toBe(true));
  });

  it('a dry run writes nothing and returns the diff', () => {
    const file = tmpFile(tempDir('holocron-tsm-'), tsmFile());
    const original = fs.readFileSync(file);
    const report = syncFile(file, planFixture(), { dryRun: true }, deps);
    expect(report.outcome).toBe('dry-run');
    expect(report.diff).toContain('+["Holocron`Flips`High Volume"] = {');
    expect(report.diff.filter((l) => l.startsWith('-'))).toEqual([]);
    expect(fs.readFileSync(file).equals(original)).toBe(true);
    expect(listBackups(file)).toEqual([]);
  });
});

describe('tsm sync over several files', () => {
  it('syncs the others when one fails and reports the failure', () => {
    const dir = tempDir('holocron-tsm-');
    const good = tmpFile(path.join(dir, 'a'), tsmFile());
    const bad = tmpFile(path.join(dir, 'b'), Buffer.from('TradeSkillMasterDB = {'));
    const result = syncFiles(
      [
        { flavour: 'retail', account: 'B', file: bad },
        { flavour: 'retail', account: 'A', file: good },
      ],
      planFixture(),
      {},
      { ...deps, log: silentLogger },
    );
    expect(result.failure?.message).toMatch(/unexpected end of file/);
    expect(result.files.map((f) => ('error' in f ? 'failed' : f.outcome))).toEqual(['failed', 'written']);
  });
});

function captureError(fn: () => unknown): Error & { exitCode?: number } {
  try {
    fn();
  } catch (error) {
    return error as Error & { exitCode?: number };
  }
  throw new Error('expected an error');
}
