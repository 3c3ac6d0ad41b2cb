/**
 * `holocron tsm groups` and `tsm sync` as a user runs them: the JSON preview,
 * a dry run's diff, every account's file under --wow-dir, exit codes for a
 * running game (a real process named Wow.exe), a broken file and a root clash.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTestDatabase } from '../helpers/db.js';
import { hasSamples, samplePath } from '../helpers/samples.js';
import { wowAccountFile } from '../helpers/tsm-files.js';
import { fillAnalysis, tsmFile } from '../helpers/tsm-fixture.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const tempDir = useTempDirs();
const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { env: { DATABASE_URL: t.url, ...env } });

beforeAll(async () => {
  await fillAnalysis(
    t.db,
    [
      { itemId: 2589, marketValue: 150_000, dailySold: 400, saleRate: 0.6 },
      { itemId: 2447, marketValue: 20_000_000, dailySold: 3, saleRate: 0.2 },
    ],
    [{ recipeId: 1, outputItemId: 191460, profit: 1_000_000, margin: 0.4, soldPerDay: 50 }],
  );
});

describe('holocron tsm groups', () => {
  it('previews the plan as JSON', async () => {
    const run = await cli(['tsm', 'groups', '--region', 'us', '--json']);
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as { root: string; groups: Array<{ path: string; items: number }>; items: Array<{ itemString: string; path: string }> };
    expect(plan.root).toBe('Holocron');
    expect(plan.items.map((i) => [i.itemString, i.path])).toEqual([
      ['i:191460', 'Holocron`Crafting`Profitable'],
      ['i:2589', 'Holocron`Flips`High Volume'],
      ['i:2447', 'Holocron`Flips`Premium'],
    ]);
  });

  it('prints a readable list without --json', async () => {
    const run = await cli(['tsm', 'groups', '--root', 'Goblin']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/under "Goblin": 8 groups, 3 items/);
    expect(run.stdout).toMatch(/Goblin \/ Flips \/ High Volume {2}1 item\(s\) {2}\[Auctioning: Goblin: Flip Fast\]/);
  });
});

describe('holocron tsm sync', () => {
  it('shows the diff on --dry-run and writes nothing', async () => {
    const wow = tempDir('holocron-tsm-cli-');
    const file = wowAccountFile(wow, 'ACCOUNT1', tsmFile());
    const before = fs.readFileSync(file);
    const run = await cli(['tsm', 'sync', '--wow-dir', wow, '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`+++ ${file} (after sync)`);
    expect(run.stdout).toContain('+["i:2589"] = "Holocron`Flips`High Volume",');
    expect(run.stdout).toMatch(/would write .*profile Alt, Default\): 8 groups, 3 items, 5 operations/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it.skipIf(!hasSamples())('syncs every account of the flavours asked, then leaves them byte-identical', async () => {
    const wow = tempDir('holocron-tsm-cli-');
    const a = wowAccountFile(wow, 'ACCOUNT1', fs.readFileSync(samplePath('client', 'tradeskillmaster-retail-10.1.7.lua')));
    const b = wowAccountFile(wow, 'ACCOUNT2', tsmFile());
    const classic = wowAccountFile(wow, 'ACCOUNT1', tsmFile(), 'classic');
    const classicBefore = fs.readFileSync(classic);
    const first = await cli(['tsm', 'sync', '--wow-dir', wow]);
    expect(first.code).toBe(0);
    expect(first.stdout.match(/ wrote /g)).toHaveLength(2);
    expect(fs.readFileSync(classic).equals(classicBefore)).toBe(true);
    const written = [fs.readFileSync(a), fs.readFileSync(b)];
    const second = await cli(['tsm', 'sync', '--wow-dir', wow, '--flavour', 'retail,classic', '--json']);
    expect(second.code).toBe(0);
    const report = JSON.parse(second.stdout) as { files: Array<{ file: string; outcome: string; flavour: string }> };
    expect(report.files.map((f) => [f.flavour, f.outcome])).toEqual([
      ['retail', 'unchanged'],
      ['retail', 'unchanged'],
      ['classic', 'written'],
    ]);
    expect(fs.readFileSync(a).equals(written[0]!)).toBe(true);
    expect(fs.readFileSync(b).equals(written[1]!)).toBe(true);
  });

  it('refuses while the game runs (exit 75) and says so', async () => {
    const wow = tempDir('holocron-tsm-cli-');
    const file = wowAccountFile(wow, 'ACCOUNT1', tsmFile());
    const before = fs.readFileSync(file);
    // A real process whose name is the game's, as Wine shows it in /proc.
    const game = spawn('bash', ['-c', 'exec -a Wow.exe sleep 60'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 200));
      const run = await cli(['tsm', 'sync', '--wow-dir', wow]);
      expect(run.code).toBe(75);
      expect(run.stderr).toMatch(/World of Warcraft is running \(Wow\.exe \(pid \d+\)\)/);
      expect(run.stderr).toMatch(/Exit the game/);
      expect(fs.readFileSync(file).equals(before)).toBe(true);
    } finally {
      game.kill();
    }
  });

  it('exits 65 with line:column for a file that does not parse, and writes nothing', async () => {
    const wow = tempDir('holocron-tsm-cli-');
    const broken = Buffer.from('\nTradeSkillMasterDB = {\n["_version"] = 129,\n["x"] = {\n}}\n}\n');
    const file = wowAccountFile(wow, 'ACCOUNT1', broken);
    const run = await cli(['tsm', 'sync', '--wow-dir', wow]);
    expect(run.code).toBe(65);
    expect(run.stderr).toContain(`${file}:6:1: expected a variable name`);
    expect(fs.readFileSync(file).equals(broken)).toBe(true);
    expect(fs.existsSync(path.join(path.dirname(file), '.holocron-backups'))).toBe(false);
  });

  it('exits 78 when the root group is the user’s own, and --root or HOLOCRON_TSM_ROOT picks another', async () => {
    const wow = tempDir('holocron-tsm-cli-');
    const file = wowAccountFile(wow, 'ACCOUNT1', tsmFile({ userGroup: 'Holocron' }));
    const run = await cli(['tsm', 'sync', '--wow-dir', wow]);
    expect(run.code).toBe(78);
    expect(run.stderr).toMatch(/already has a group "Holocron" of your own/);
    expect(run.stderr).toMatch(/--root <name> \(or HOLOCRON_TSM_ROOT\)/);
    expect((await cli(['tsm', 'sync', '--wow-dir', wow], { HOLOCRON_TSM_ROOT: 'Holocron Auto' })).code).toBe(0);
    expect(fs.readFileSync(file, 'latin1')).toContain('["Holocron Auto`Flips"] = {');
  });

  it('exits 64 when there is no TradeSkillMaster.lua to sync', async () => {
    const wow = tempDir('holocron-tsm-cli-');
    fs.mkdirSync(path.join(wow, '_retail_', 'WTF', 'Account', 'ACCOUNT1', 'SavedVariables'), { recursive: true });
    const run = await cli(['tsm', 'sync', '--wow-dir', wow]);
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/no TradeSkillMaster\.lua under/);
  });
});
