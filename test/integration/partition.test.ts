import fs from 'node:fs';
import path from 'node:path';
import { createGunzip, gunzipSync } from 'node:zlib';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock.js';
import { TempFailError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/log.js';
import { addDays, maintainPartitions, type PartitionOptions } from '../../src/core/partition/maintain.js';
import { useTestDatabase } from '../helpers/db.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const tempDir = useTempDirs();
const TODAY = '2026-11-21';
const clock: Clock = { now: () => Date.parse(`${TODAY}T12:00:00Z`), sleep: async () => {} };

const run = (options: Partial<PartitionOptions>) =>
  maintainPartitions({ aheadDays: 7, retainDays: undefined, archiveDir: undefined, dryRun: false, ...options }, { db: t.db, clock, log: silentLogger });

async function partitions(table: string): Promise<string[]> {
  const rows = await t.db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass ORDER BY 1`,
    [table],
  );
  return rows.map((r) => r.name);
}

async function seedDay(day: string, rows: number, snapshotId: number): Promise<void> {
  await t.db.query(`SELECT ops.ensure_daily_partition('goblin.commodity_auctions', $1)`, [day]);
  await t.db.query(
    `INSERT INTO goblin.commodity_auctions (snapshot_at, snapshot_id, auction_id, item_id, quantity, unit_price, time_left)
     SELECT $1::timestamptz + (g % 20) * interval '1 hour', $2, g, 1000 + g % 50, 1 + g % 7, 100 * g, 1 + g % 4 FROM generate_series(1, $3) g`,
    [`${day}T01:00:00Z`, snapshotId, rows],
  );
}

describe('holocron partition', () => {
  it('creates partitions from today to --ahead days for every registered table, idempotently', async () => {
    const first = await run({ aheadDays: 3 });
    const tables = (await t.db.query<{ parent_table: string }>('SELECT parent_table FROM ops.partitioned_tables')).map((r) => r.parent_table);
    expect(first.created).toHaveLength(tables.length * 4);
    for (const table of tables) {
      const names = await partitions(table);
      for (let d = 0; d <= 3; d++) expect(names).toContain(`${table.split('.')[1]}_p${addDays(TODAY, d).replaceAll('-', '')}`);
    }
    const second = await run({ aheadDays: 3 });
    expect(second.created).toEqual([]);
  });

  it('--dry-run reports and changes nothing', async () => {
    await seedDay('2026-10-01', 100, 1);
    const archiveDir = tempDir('holocron-archive-');
    const before = await partitions('goblin.commodity_auctions');
    const report = await run({ aheadDays: 10, retainDays: 30, archiveDir, dryRun: true });
    expect(report.created.length).toBeGreaterThan(0);
    expect(report.dropped.map((d) => d.partition)).toContain('goblin.commodity_auctions_p20261001');
    expect(await partitions('goblin.commodity_auctions')).toEqual(before);
    expect(fs.readdirSync(archiveDir)).toEqual([]);
  });

  it('archives, verifies and drops exactly the partitions older than --retain; the archive restores the same rows', async () => {
    await seedDay('2026-10-02', 2500, 2);
    await seedDay('2026-11-10', 300, 3); // within 30 days: kept
    const original = await t.db.query(`SELECT * FROM goblin.commodity_auctions WHERE snapshot_at >= '2026-10-02' AND snapshot_at < '2026-10-03' ORDER BY auction_id`);
    const archiveDir = tempDir('holocron-archive-');
    const report = await run({ retainDays: 30, archiveDir });
    expect(report.failed).toEqual([]);
    expect(report.dropped.map((d) => d.partition).sort()).toEqual(['goblin.commodity_auctions_p20261001', 'goblin.commodity_auctions_p20261002']);
    const names = await partitions('goblin.commodity_auctions');
    expect(names).not.toContain('commodity_auctions_p20261002');
    expect(names).toContain('commodity_auctions_p20261110');

    const file = path.join(archiveDir, 'goblin.commodity_auctions_p20261002.copy.gz');
    expect(gunzipSync(fs.readFileSync(file)).toString().trim().split('\n')).toHaveLength(2500);
    const manifest = JSON.parse(fs.readFileSync(file.replace('.copy.gz', '.json'), 'utf8')) as { rows: number; columns: string[] };
    expect(manifest.rows).toBe(2500);

    // Restore with COPY FROM into the parent: the same rows come back.
    await t.db.query(`SELECT ops.ensure_daily_partition('goblin.commodity_auctions', '2026-10-02')`);
    await t.db.withClient((client) =>
      pipeline(fs.createReadStream(file), createGunzip(), client.query(copyFrom(`COPY goblin.commodity_auctions (${manifest.columns.join(', ')}) FROM STDIN`))),
    );
    const restored = await t.db.query(`SELECT * FROM goblin.commodity_auctions WHERE snapshot_at >= '2026-10-02' AND snapshot_at < '2026-10-03' ORDER BY auction_id`);
    expect(restored).toEqual(original);
  });

  it('never drops data when the archive cannot be written', async () => {
    await seedDay('2026-10-05', 50, 5);
    const notADir = path.join(tempDir('holocron-archive-'), 'file');
    fs.writeFileSync(notADir, '');
    const report = await run({ retainDays: 30, archiveDir: notADir });
    expect(report.failed.map((f) => f.partition)).toContain('goblin.commodity_auctions_p20261005');
    expect(await partitions('goblin.commodity_auctions')).toContain('commodity_auctions_p20261005');
  });

  it('does not block a load into today\'s partition, and finishes a detach interrupted halfway', async () => {
    await seedDay('2026-10-06', 10, 6);
    await t.db.query(`SELECT ops.ensure_daily_partition('goblin.commodity_auctions', $1)`, [TODAY]);
    const loader = new pg.Client({ ...t.server.admin, database: t.name });
    await loader.connect();
    await loader.query('BEGIN');
    await loader.query(`INSERT INTO goblin.commodity_auctions_p20261121 VALUES ('${TODAY}T08:00:00Z', 99, 1, 1, 1, 1, 1)`);
    // Maintenance runs while the load's transaction is open; the load must go on.
    const maintenance = run({ retainDays: 30, aheadDays: 9 });
    await new Promise((r) => setTimeout(r, 300));
    const started = performance.now();
    await loader.query(`INSERT INTO goblin.commodity_auctions_p20261121 VALUES ('${TODAY}T08:00:01Z', 99, 2, 1, 1, 1, 1)`);
    expect(performance.now() - started).toBeLessThan(1000);
    await loader.query('COMMIT');
    const report = await maintenance;
    expect(report.dropped.map((d) => d.partition)).toContain('goblin.commodity_auctions_p20261006');
    expect((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM goblin.commodity_auctions_p20261121 WHERE snapshot_id = 99`))[0]!.n).toBe(2);

    // A DETACH … CONCURRENTLY cancelled while it waits leaves the partition "detach pending".
    await seedDay('2026-10-07', 10, 7);
    await loader.query('BEGIN');
    await loader.query('SELECT count(*) FROM goblin.commodity_auctions');
    const detacher = new pg.Client({ ...t.server.admin, database: t.name });
    await detacher.connect();
    const [{ pid }] = (await detacher.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
    const detaching = detacher.query('ALTER TABLE goblin.commodity_auctions DETACH PARTITION goblin.commodity_auctions_p20261007 CONCURRENTLY').catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 500));
    await t.db.query('SELECT pg_cancel_backend($1)', [pid]);
    expect(await detaching).toBeInstanceOf(Error);
    await detacher.end();
    await loader.query('COMMIT');
    await loader.end();
    const [pending] = await t.db.query<{ pending: boolean }>(
      `SELECT inhdetachpending AS pending FROM pg_inherits WHERE inhrelid = 'goblin.commodity_auctions_p20261007'::regclass`,
    );
    expect(pending?.pending).toBe(true);
    const next = await run({ retainDays: 30 });
    expect(next.dropped.map((d) => d.partition)).toContain('goblin.commodity_auctions_p20261007');
  });

  it('refuses to run beside another maintenance run (exit 75)', async () => {
    const holder = new pg.Client({ ...t.server.admin, database: t.name });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock(1213156431, 2)');
    try {
      await expect(run({})).rejects.toBeInstanceOf(TempFailError);
    } finally {
      await holder.end();
    }
  });
});

describe('ops.ensure_daily_partition under a race', () => {
  it('lets the loser of two concurrent creations of one day go on with the winner\'s partition', async () => {
    const winner = await t.db.pool.connect();
    const loser = await t.db.pool.connect();
    try {
      await winner.query('BEGIN');
      await winner.query(`SELECT ops.ensure_daily_partition('goblin.item_stats', '2031-01-02')`);
      // The loser cannot see the uncommitted table, tries to create it and waits on the catalog;
      // it then fails as unique_violation here (duplicate_object when the winner commits between
      // the catalog's two checks, which no test can time — 0010 catches both).
      const losing = loser.query<{ name: string }>(`SELECT ops.ensure_daily_partition('goblin.item_stats', '2031-01-02') AS name`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await winner.query('COMMIT');
      expect((await losing).rows).toEqual([{ name: 'goblin.item_stats_p20310102' }]);
      expect(await partitions('goblin.item_stats')).toContain('item_stats_p20310102');
    } finally {
      winner.release();
      loser.release();
    }
  });
});
