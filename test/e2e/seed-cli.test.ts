import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, runCli } from '../helpers/cli.js';
import { useTestDatabase } from '../helpers/db.js';
import { FakeBlizzard } from '../helpers/fake-blizzard.js';
import { itemDocument, serveCatalogue } from '../helpers/fake-catalogue.js';
import { useTempDirs } from '../helpers/tmp.js';
import { TmuxWindow, tmuxAvailable } from '../helpers/tmux.js';

const t = useTestDatabase();
const server = new FakeBlizzard();
const MANY = Array.from({ length: 240 }, (_, i) => 900_000 + i);

beforeAll(async () => {
  await server.start();
  serveCatalogue(server);
  for (const id of MANY) server.route('us', `/data/wow/item/${id}`, { body: itemDocument(id), delayMs: 25 });
  await t.db.query(`SELECT ops.ensure_daily_partition('goblin.item_stats', '2026-11-20')`);
  await t.db.query(
    `INSERT INTO goblin.item_stats (snapshot_at, snapshot_id, item_id, total_quantity, auction_count)
     SELECT '2026-11-20T10:00:00Z', 1, id, 1, 1 FROM unnest($1::int[]) AS id`,
    [MANY],
  );
});
afterAll(async () => {
  await server.stop();
});

const env = () => ({ ...server.env(), DATABASE_URL: t.url });
const tmp = useTempDirs();
const itemRequests = () => server.requests.filter((r) => /\/item\/9\d{5}$/.test(r.path)).map((r) => Number(r.path.split('/').pop()));

describe('holocron seed', () => {
  it('resumes after being killed: nothing committed is fetched again, nothing is duplicated', async () => {
    const child = spawn(process.execPath, [BIN, 'seed', '--only', 'items', '--concurrency', '2'], { env: cliEnv(env()), stdio: 'ignore' });
    const stored = async () => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM goblin.items WHERE item_id >= 900000`))[0]!.n;
    for (let i = 0; i < 300 && (await stored()) < 50; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    const committed = new Set((await t.db.query<{ item_id: number }>('SELECT item_id FROM goblin.items WHERE item_id >= 900000')).map((r) => r.item_id));
    expect(committed.size).toBeGreaterThanOrEqual(50);
    expect(committed.size).toBeLessThan(MANY.length);

    const before = itemRequests().length;
    const result = await runCli(['seed', '--only', 'items', '--json'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    const refetched = itemRequests().slice(before).filter((id) => committed.has(id));
    expect(refetched).toEqual([]);
    expect(await stored()).toBe(MANY.length);
    const [dupes] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ops.seed_entities WHERE seeder = 'item' AND entity_id >= 900000`);
    expect(dupes!.n).toBe(MANY.length);
    const summary = JSON.parse(result.stdout) as { exitCode: number; seeders: Array<{ seeder: string; state: string }> };
    expect(summary).toMatchObject({ exitCode: 0, seeders: [{ seeder: 'items', state: 'complete' }] });
  });

  it('exits 75 when some documents failed, naming them, and prints progress on stderr', async () => {
    const result = await runCli(['seed', '--only', 'professions,recipes'], { env: env() });
    expect(result.code).toBe(75);
    expect(result.stdout).toMatch(/^recipe \(us\)\s+7 fetched, 0 unchanged, 1 missing \(404\), 1 failed; first error: recipe 7500: .*not JSON/m);
    expect(result.stderr).toMatch(/seed recipe: 9\/9 \(100%\)/);
    expect(result.stdout).not.toMatch(/\u001b\[/);
  });

  it('rejects an unknown seeder with exit 64', async () => {
    const result = await runCli(['seed', '--only', 'mounts'], { env: env() });
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/unknown seeder 'mounts'/);
  });

  it('draws its board within an 80×24 terminal, with the warnings above it', async (ctx) => {
    ctx.skip(!tmuxAvailable(), 'tmux is not installed (.ci/run installs it)');
    const home = tmp('holocron-seed-tty-');
    const argv = [process.execPath, BIN, 'seed', '--only', 'professions,recipes,items', '--force'];
    const tty = { HOLOCRON_HOME: home, HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color', LANG: 'C.UTF-8' };
    const window = TmuxWindow.start(home, argv, { ...env(), ...tty }, { columns: 80, rows: 24 });
    try {
      let history: string[] = [];
      for (let i = 0; i < 600 && !history.some((l) => /^exited \d+$/.test(l)); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        history = window.capture({ history: true, join: true });
      }
      expect(history).toContain('exited 75');
      // One board, its last frame: the overall line alone; no stale frame above it.
      expect(history.filter((l) => /^holocron seed\s+\d+\//.test(l))).toEqual([expect.stringMatching(/^holocron seed\s+\d+\/\d+ seeders, .*done in/)]);
      expect(history.some((l) => l.startsWith('warning: recipe 7500: '))).toBe(true);
      expect(history.join('\n')).toMatch(/^recipe \(us\)\s+7 fetched/m);
      for (const line of history) expect(line.length, line).toBeLessThanOrEqual(80);
    } finally {
      window.kill();
    }
  }, 120_000);
});
