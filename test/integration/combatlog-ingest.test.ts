import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest, type FileReport } from '../../src/core/inventory/ingest.js';
import { silentLogger } from '../../src/core/log.js';
import { runCli } from '../helpers/cli.js';
import { Clock, LogText, raidNight, players, type Player } from '../helpers/combatlog-generator.js';
import { useTestDatabase } from '../helpers/db.js';
import { hasSamples, samplePath } from '../helpers/samples.js';
import { useTempDirs } from '../helpers/tmp.js';

/** WoWCombatLog*.txt through `holocron ingest` into skillweaver and its views (0016). */
const t = useTestDatabase();
const tempDir = useTempDirs();

async function run(...paths: string[]): Promise<FileReport[]> {
  return (await ingest({ paths }, { db: t.db, log: silentLogger })).files;
}

/** Everything the combat log tables hold, for "nothing changed" comparisons. */
const TABLES = ['combat_log_files', 'log_players', 'encounters', 'encounter_players', 'challenge_runs', 'run_players', 'deaths', 'gear_snapshots', 'gear_snapshot_items'] as const;

async function tableCounts(): Promise<Record<(typeof TABLES)[number], number>> {
  const tables = TABLES;
  const counts = {} as Record<(typeof TABLES)[number], number>;
  for (const table of tables) counts[table] = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM skillweaver.${table}`))[0]!.n;
  return counts;
}

async function addCharacter(p: Player, name: string, region: string): Promise<number> {
  const [account] = await t.db.query<{ account_id: number }>(`INSERT INTO holocron.accounts (name) VALUES ('Main') ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING account_id`);
  const [owner] = await t.db.query<{ owner_id: number }>(`INSERT INTO holocron.owners (kind, label, account_id) VALUES ('character', $1, $2) RETURNING owner_id`, [`${name}-Stormrage`, account!.account_id]);
  await t.db.query(
    `INSERT INTO holocron.characters (owner_id, account_id, guid, name, realm, realm_key, region) VALUES ($1, $2, $3, $4, 'Stormrage', 'stormrage', $5)`,
    [owner!.owner_id, account!.account_id, p.guid, name, region],
  );
  return owner!.owner_id;
}

describe.skipIf(!hasSamples())('the four sample logs', () => {
  const files = [
    'combatlog-tww-11.2.0-arena-3v3-reduced.txt',
    'combatlog-tww-11.0.2-solo-shuffle-excerpt.txt',
    'combatlog-midnight-12.0-solo-shuffle-round-excerpt.txt',
    'combatlog-shadowlands-9.x-skirmish-excerpt.txt',
  ].map((f) => samplePath('client', f));

  it('give the players, their exact gear and no pulls or keys (they are arena logs)', async () => {
    const reports = await run(...files);
    expect(reports.map((r) => [path.basename(r.path), r.status, r.formats])).toEqual(files.map((f) => [path.basename(f), 'ingested', ['combatlog']]));
    expect(reports.map((r) => r.combatLog?.brokenCount)).toEqual([0, 0, 0, 0]);
    expect(reports.map((r) => r.combatLog?.lines)).toEqual([32, 410, 400, 300]);
    const counts = await tableCounts();
    expect(counts).toMatchObject({ combat_log_files: 4, encounters: 0, challenge_runs: 0, deaths: 0 });
    // By path: Midnight, Shadowlands, 11.0.2 (ten players over its rounds and reloads), 11.2.
    const perFile = await t.db.query<{ path: string; players: number }>(
      `SELECT f.path, count(DISTINCT s.guid)::int AS players FROM skillweaver.combat_log_files f JOIN skillweaver.gear_snapshots s USING (log_file_id) GROUP BY f.path ORDER BY f.path`,
    );
    expect(perFile.map((r) => r.players)).toEqual([6, 6, 10, 6]);
    // The filtered 11.0.2 excerpt never shows four of its players casting: they are listed by GUID.
    const listed = await t.db.query<{ named: number; unnamed: number; snapshots: number }>(
      `SELECT count(DISTINCT guid) FILTER (WHERE character <> guid)::int AS named, count(DISTINCT guid) FILTER (WHERE character = guid)::int AS unnamed,
              (SELECT count(DISTINCT guid)::int FROM skillweaver.gear_snapshots) AS snapshots
       FROM skillweaver.view_log_gear`,
    );
    expect(listed).toEqual([{ named: listed[0]!.snapshots - 4, unnamed: 4, snapshots: listed[0]!.snapshots }]);
    const cloak = await t.db.query(`SELECT character, item_id, item_level, enchant_id, bonus_ids, gems, spec_id FROM skillweaver.view_log_gear WHERE guid = 'Player-11-0E26FE42' AND slot = 15`);
    expect(cloak).toEqual([{ character: 'Alleeyy-Tichondrius', item_id: 235499, item_level: 730, enchant_id: 7409, bonus_ids: [12401, 9893, 12256], gems: [238046, 571], spec_id: 257 }]);
    const [ilvl] = await t.db.query<{ equipped_item_level: number }>(`SELECT DISTINCT equipped_item_level FROM skillweaver.view_log_gear WHERE guid = 'Player-11-0E26FE42'`);
    // 16 slots: 12 × 710, 3 × 723, 1 × 730 (no off hand: the main hand counts twice).
    expect(ilvl!.equipped_item_level).toBe(Math.round(((710 * 11 + 723 * 3 + 730 + 710) / 16) * 100) / 100);
    const [name] = await t.db.query(`SELECT name, realm, region FROM skillweaver.log_players WHERE guid = 'Player-60-0EB66B5A'`);
    expect(name).toEqual({ name: 'Bátmañ', realm: 'Stormrage', region: 'us' });
    expect(await t.db.query(`SELECT * FROM skillweaver.view_vault_progress WHERE guid = 'Player-11-0E26FE42'`)).toEqual([]);
  });

  it('a second ingest of the same files changes nothing', async () => {
    const before = await tableCounts();
    const reports = await run(...files);
    expect(reports.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(await tableCounts()).toEqual(before);
  });
});

describe('a generated raid night: a wipe, two kills and a timed key', () => {
  const group = players(20, 'US', 60);
  // Tuesday 2026-12-01 14:50 UTC: the raid pulls before the US reset (15:00 UTC), the key after it.
  const start = Date.UTC(2026, 11, 1, 14, 50, 0);
  const night = raidNight(group, start);

  it('gives the encounters, the run, the deaths, the gear and the vault progress per reset week', async () => {
    const ownerId = await addCharacter(group[0]!, 'Thrall', 'us');
    await t.db.query(
      `INSERT INTO skillweaver.vault_activities (owner_id, activity_type, activity_index, threshold, progress, level, observed_at)
       VALUES ($1, 'World', 1, 2, 3, 5, $2), ($1, 'World', 2, 4, 3, 0, $2), ($1, 'World', 3, 8, 3, 0, $2)`,
      [ownerId, new Date(start + 3_600_000)],
    );
    const file = path.join(tempDir(), 'WoWCombatLog-120126_145000.txt');
    fs.writeFileSync(file, night.text());
    const [report] = await run(file);
    expect(report).toMatchObject({ status: 'ingested', formats: ['combatlog'], combatLog: { encounters: 4, kills: 3, runs: 1, deaths: 4, gearSnapshots: 20, brokenCount: 0 } });

    const thrall = await t.db.query(
      `SELECT character, encounter_id, encounter_name, difficulty_id, group_size, success, started_at, duration_s::float AS duration_s, deaths
       FROM skillweaver.view_encounters WHERE guid = $1 ORDER BY started_at`,
      [group[0]!.guid],
    );
    expect(thrall.map((e) => [e.character, e.encounter_name, e.difficulty_id, e.group_size, e.success, e.duration_s, e.deaths])).toEqual([
      ['Thrall-Stormrage', 'Ulgrax the Devourer', 15, 20, false, 245, 1],
      ['Thrall-Stormrage', 'Ulgrax the Devourer', 15, 20, true, 301.5, 0],
      ['Thrall-Stormrage', 'The Bloodbound Horror', 15, 20, true, 199, 0],
      ['Thrall-Stormrage', 'Avanoxx', 8, 5, true, 90, 0],
    ]);
    const other = await t.db.query(`SELECT character, count(*)::int AS pulls, sum(deaths)::int AS deaths FROM skillweaver.view_encounters WHERE guid = $1 GROUP BY 1`, [group[2]!.guid]);
    expect(other).toEqual([{ character: group[2]!.name.replace(/-US$/, ''), pulls: 4, deaths: 1 }]);

    const [key] = await t.db.query(`SELECT zone_name, keystone_level, affix_ids, in_time, completed, duration_ms FROM skillweaver.challenge_runs`);
    expect(key).toEqual({ zone_name: 'Ara-Kara, City of Echoes', keystone_level: 12, affix_ids: [10, 9, 147], in_time: true, completed: true, duration_ms: 1_700_000 });
    expect((await t.db.query(`SELECT count(*)::int AS n FROM skillweaver.run_players`))[0]).toEqual({ n: 5 });

    const gear = await t.db.query(`SELECT slot, item_level, bonus_ids FROM skillweaver.view_log_gear WHERE guid = $1 AND slot IN (1, 11) ORDER BY slot`, [group[0]!.guid]);
    expect(gear).toEqual([
      { slot: 1, item_level: 630, bonus_ids: [10390, 6652, 1540] },
      { slot: 11, item_level: 630, bonus_ids: [10390, 6652, 10383, 1540] },
    ]);

    const vault = await t.db.query(
      `SELECT kind, week::text, progress, thresholds, slots_earned, slot_levels, next_slot_needs FROM skillweaver.view_vault_progress WHERE guid = $1 ORDER BY week, kind`,
      [group[0]!.guid],
    );
    expect(vault).toEqual([
      // Raid before Tuesday's reset: last week. Two distinct heroic bosses (the wipe does not count).
      { kind: 'raid', week: '2026-11-24', progress: 2, thresholds: [2, 4, 6], slots_earned: 1, slot_levels: [15], next_slot_needs: 2 },
      { kind: 'dungeon', week: '2026-12-01', progress: 1, thresholds: [1, 4, 8], slots_earned: 1, slot_levels: [12], next_slot_needs: 3 },
      { kind: 'world', week: '2026-12-01', progress: 3, thresholds: [2, 4, 8], slots_earned: 1, slot_levels: [5], next_slot_needs: 1 },
    ]);
    // Not in the key: no dungeon row.
    const raider = await t.db.query(`SELECT kind FROM skillweaver.view_vault_progress WHERE guid = $1`, [group[10]!.guid]);
    expect(raider).toEqual([{ kind: 'raid' }]);
  });

  it('a second ingest of the same file changes nothing', async () => {
    const before = await tableCounts();
    const again = path.join(tempDir(), 'WoWCombatLog-copy.txt');
    fs.writeFileSync(again, night.text());
    const [report] = await run(again);
    expect(report).toMatchObject({ status: 'unchanged', notes: ['already read to its end (same first bytes and size); nothing to do'] });
    expect(await tableCounts()).toEqual(before);
  });
});

describe('a log that grows while the game runs', () => {
  const group = players(20, 'EU', 1084);
  // Wednesday 2026-12-02 03:50 UTC: the EU reset is at 04:00, so the raid is last week's and the key this week's.
  const start = Date.UTC(2026, 11, 2, 3, 50, 0);
  const night = raidNight(group, start);

  it('continues from its offset: a pull cut mid-way and a cut line wait, nothing is stored twice', async () => {
    const before = await tableCounts();
    const text = night.text();
    // Cut inside the Bloodbound pull, in the middle of a line.
    const cutAt = text.indexOf('ENCOUNTER_START,2917') + 200;
    const file = path.join(tempDir(), 'WoWCombatLog-120226_035000.txt');
    fs.writeFileSync(file, text.slice(0, cutAt));
    const [first] = await run(file);
    expect(first!.status).toBe('ingested');
    expect(first!.combatLog).toMatchObject({ encounters: 2, kills: 1, runs: 0 });
    expect(first!.combatLog!.cutLine).toBeGreaterThan(0);
    expect(first!.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^the file ends mid-line \(line \d+\)/), expect.stringMatching(/^still in progress at the end of the log: pull of The Bloodbound Horror/)]));
    const [stored] = await t.db.query<{ resume_offset: number }>(`SELECT resume_offset FROM skillweaver.combat_log_files WHERE path = $1`, [file]);
    // The next read starts at the unfinished pull's first line.
    expect(stored!.resume_offset).toBe(Buffer.byteLength(text.slice(0, text.lastIndexOf('\n', text.indexOf('ENCOUNTER_START,2917')) + 1)));

    fs.appendFileSync(file, text.slice(cutAt));
    const [second] = await run(file);
    expect(second!.status).toBe('ingested');
    expect(second!.combatLog).toMatchObject({ fromOffset: stored!.resume_offset, encounters: 2, kills: 2, runs: 1, brokenCount: 0 });
    expect(second!.notes[0]).toMatch(/^the log has grown since it was last read: continued from byte \d+/);

    const after = await tableCounts();
    expect(after.encounters - before.encounters).toBe(4);
    expect(after.challenge_runs - before.challenge_runs).toBe(1);
    expect(after.deaths - before.deaths).toBe(4);
    expect(after.gear_snapshots - before.gear_snapshots).toBe(20);
    expect(after.combat_log_files - before.combat_log_files).toBe(1);
    const vault = await t.db.query(`SELECT kind, week::text, progress FROM skillweaver.view_vault_progress WHERE guid = $1 ORDER BY week, kind`, [group[0]!.guid]);
    expect(vault).toEqual([
      { kind: 'raid', week: '2026-11-25', progress: 2 },
      { kind: 'dungeon', week: '2026-12-02', progress: 1 },
    ]);
    const [third] = await run(file);
    expect(third!.status).toBe('unchanged');
    expect(await tableCounts()).toEqual(after);
  });

  it('a file that is not a combat log is rejected (exit 65), the others still read', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'WoWCombatLog-bad.txt'), 'this is not\na combat log\n');
    const good = players(5, 'US', 11);
    fs.writeFileSync(path.join(dir, 'WoWCombatLog-good.txt'), raidNight(good, Date.UTC(2026, 10, 20, 20, 0, 0)).text());
    const reports = await run(dir);
    expect(reports.map((r) => [path.basename(r.path), r.status])).toEqual([
      ['WoWCombatLog-bad.txt', 'rejected'],
      ['WoWCombatLog-good.txt', 'ingested'],
    ]);
    expect(reports[0]!.error).toMatch(/WoWCombatLog-bad\.txt:1: not a combat log line/);
  });
});

describe('names and the command line', () => {
  it('stores a name that is not UTF-8 byte for byte (one character per byte), and the pull with it', async () => {
    const group = players(5, 'EU', 1305);
    const log = new LogText(new Clock(Date.UTC(2026, 10, 18, 19, 0, 0))).header();
    log.pull(group, { id: 2902, name: 'Ulgrax the Devourer', difficulty: 14, instance: 2657 }, { kill: true, ms: 200_000 });
    const text = log.text().replace('ENCOUNTER_END', 'UNIT_DIED,0000000000000000,nil,0x80000000,0x80000000,Player-1305-0BADBAD0,"\u0001NAME\u0001",0x512,0x0,0\n' + log.lines.at(-1)!.split('  ')[0] + '  ENCOUNTER_END');
    const [head, tail] = text.split('\u0001NAME\u0001');
    const bytes = Buffer.concat([Buffer.from(head!, 'utf8'), Buffer.from([0x53, 0xe9, 0x72, 0x00, 0x61, 0x70, 0x68]), Buffer.from('-Drak\'thul-EU', 'utf8'), Buffer.from(tail!, 'utf8')]);
    const file = path.join(tempDir(), 'WoWCombatLog-111826_190000.txt');
    fs.writeFileSync(file, bytes);
    const [report] = await run(file);
    expect(report).toMatchObject({ status: 'ingested', combatLog: { encounters: 1, deaths: 1, brokenCount: 0 } });
    expect(report!.notes).toContain('1 name(s) were not UTF-8; stored byte for byte (one character per byte)');
    const [player] = await t.db.query(`SELECT name, realm, region FROM skillweaver.log_players WHERE guid = 'Player-1305-0BADBAD0'`);
    expect(player).toEqual({ name: 'S\u00e9raph', realm: "Drak'thul", region: 'eu' });
    const [pull] = await t.db.query(`SELECT character, deaths FROM skillweaver.view_encounters WHERE guid = 'Player-1305-0BADBAD0'`);
    expect(pull).toEqual({ character: "S\u00e9raph-Drak'thul", deaths: 1 });
  });

  it('holocron ingest <Logs folder> --json: each log in the report, exit 65 for a file that is not a log', async () => {
    const logs = path.join(tempDir(), 'Logs');
    fs.mkdirSync(logs);
    fs.writeFileSync(path.join(logs, 'WoWCombatLog-112026_200000.txt'), raidNight(players(5, 'US', 3676), Date.UTC(2026, 10, 20, 20, 0, 0)).text());
    fs.writeFileSync(path.join(logs, 'WoWCombatLog-broken.txt'), 'not a log\n');
    fs.writeFileSync(path.join(logs, 'notes.txt'), 'ignored: not named like a combat log\n');
    const result = await runCli(['ingest', logs, '--json'], { env: { DATABASE_URL: t.url, HOLOCRON_HOME: tempDir() } });
    expect(result.code).toBe(65);
    const report = JSON.parse(result.stdout) as { files: FileReport[]; exitCode: number };
    expect(report.exitCode).toBe(65);
    expect(report.files.map((f) => [path.basename(f.path), f.status, f.combatLog?.encounters])).toEqual([
      ['WoWCombatLog-112026_200000.txt', 'ingested', 4],
      ['WoWCombatLog-broken.txt', 'rejected', undefined],
    ]);
    expect(report.files[0]!.combatLog).toMatchObject({ kills: 3, runs: 1, fromOffset: 0, brokenLines: [], versions: [21] });
  });
});
