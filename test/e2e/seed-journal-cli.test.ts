import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTestDatabase } from '../helpers/db.js';
import { FakeBlizzard } from '../helpers/fake-blizzard.js';
import { DROPS, INSTANCES, serveJournal } from '../helpers/fake-journal.js';

const t = useTestDatabase();
const server = new FakeBlizzard();

beforeAll(async () => {
  await server.start();
  serveJournal(server);
});
afterAll(async () => {
  await server.stop();
});

describe('holocron seed --only journal', () => {
  it('runs the journal seeder from the CLI and reports its jobs in the JSON summary', async () => {
    const result = await runCli(['seed', '--only', 'journal', '--json'], { env: { ...server.env(), DATABASE_URL: t.url } });
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { exitCode: number; seeders: Array<{ seeder: string; state: string; jobs: Array<{ seeder: string; fetched: number; missing: number }> }> };
    expect(summary).toMatchObject({ exitCode: 0, seeders: [{ seeder: 'journal', state: 'complete' }] });
    expect(summary.seeders[0]!.jobs.map((j) => [j.seeder, j.fetched, j.missing])).toEqual([
      ['journal-instance', INSTANCES.length, 0],
      ['journal-encounter', INSTANCES.flatMap((i) => i.encounters).length - 1, 1],
      ['journal-item', Object.keys(DROPS).length, 0],
      ['mount-index', 5, 0],
    ]);
    expect(await t.db.query('SELECT count(*)::int AS n FROM goblin.view_journal_collectibles')).toEqual([{ n: 5 }]);
  });
});
