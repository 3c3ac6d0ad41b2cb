import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/partition/maintain.js';
import { runCli } from '../helpers/cli.js';
import { useTestDatabase } from '../helpers/db.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const tempDir = useTempDirs();
const today = new Date().toISOString().slice(0, 10);

async function seedDay(day: string, rows: number): Promise<void> {
  await t.db.query(`SELECT ops.ensure_daily_partition('goblin.commodity_auctions', $1)`, [day]);
  await t.db.query(
    `INSERT INTO goblin.commodity_auctions SELECT $1::timestamptz, 1, g, 7, 1, 100, 1 FROM generate_series(1, $2) g`,
    [`${day}T05:00:00Z`, rows],
  );
}

describe('holocron partition', () => {
  it('--retain 7d --archive-dir archives and drops exactly the partitions older than a week', async () => {
    const old = addDays(today, -9);
    const recent = addDays(today, -3);
    await seedDay(old, 1234);
    await seedDay(recent, 10);
    const dir = tempDir('holocron-archive-');

    const dry = await runCli(['partition', '--retain', '7d', '--archive-dir', dir, '--dry-run'], { env: { DATABASE_URL: t.url } });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`would drop   goblin.commodity_auctions_p${old.replaceAll('-', '')}  1,234 rows`);
    expect(dry.stdout).toMatch(/^dry run: \d+ created, 1 archived, 1 dropped, 0 failed$/m);
    expect(fs.readdirSync(dir)).toEqual([]);

    const result = await runCli(['partition', '--retain', '7d', '--archive-dir', dir, '--json'], { env: { DATABASE_URL: t.url } });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { dropped: Array<{ partition: string; rows: number }>; archived: Array<{ archive: { file: string; rows: number } }> };
    expect(report.dropped.map((d) => [d.partition, d.rows])).toEqual([[`goblin.commodity_auctions_p${old.replaceAll('-', '')}`, 1234]]);
    expect(report.archived[0]!.archive).toMatchObject({ file: path.join(dir, `goblin.commodity_auctions_p${old.replaceAll('-', '')}.copy.gz`), rows: 1234 });
    const remaining = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM goblin.commodity_auctions WHERE snapshot_at::date = $1`, [recent]);
    expect(remaining[0]!.n).toBe(10);
  });

  it('keeps everything without --retain, and rejects flags that do not make sense (exit 64)', async () => {
    const plain = await runCli(['partition', '--ahead', '2'], { env: { DATABASE_URL: t.url } });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/0 dropped/);
    for (const args of [['--archive-dir', '/tmp/x'], ['--retain', '30'], ['--retain', '0d'], ['--ahead', '-1']]) {
      const result = await runCli(['partition', ...args], { env: { DATABASE_URL: t.url } });
      expect(result.code, args.join(' ')).toBe(64);
    }
  });
});
