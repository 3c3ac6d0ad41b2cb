import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auctionsBody, generateAuctions } from '../helpers/auction-generator.js';
import { BIN, cliEnv, runCli, runCliOnTty } from '../helpers/cli.js';
import { useTestDatabase } from '../helpers/db.js';
import { useTempDirs } from '../helpers/tmp.js';
import { FakeBlizzard, realmIndexBody, tokenBody } from '../helpers/fake-blizzard.js';
import { referenceStats } from '../helpers/reference-stats.js';
import { formatCount } from '../../src/output/progress-board.js';

const t = useTestDatabase();
const usFirst = generateAuctions({ auctions: 800, items: 30, seed: 1 });
const realm60 = generateAuctions({ auctions: 100, items: 10, seed: 2, kind: 'realm' });
const server = new FakeBlizzard();
const T0 = new Date('2026-11-21T10:28:00Z');

beforeAll(async () => {
  await server.start();
  server.route('us', '/data/wow/auctions/commodities', { body: auctionsBody(usFirst), gzip: true, lastModified: T0 });
  server.route('eu', '/data/wow/auctions/commodities', { status: 500, body: { code: 500, detail: 'Internal Server Error' } });
  server.route('us', '/data/wow/token/index', { body: tokenBody(2_000_000_000, T0), lastModified: T0 });
  server.route('eu', '/data/wow/token/index', { body: tokenBody(2_900_000_000, T0), lastModified: T0 });
  server.route('us', '/data/wow/connected-realm/index', { body: realmIndexBody('us', [60]) });
  server.route('us', '/data/wow/connected-realm/60/auctions', {
    body: auctionsBody(realm60, 'realm', 60),
    gzip: true,
    lastModified: T0,
  });
});
afterAll(async () => {
  await server.stop();
});

const home = useTempDirs()('holocron-scrape-home-');
const env = () => ({ ...server.env(), DATABASE_URL: t.url, HOLOCRON_HOME: home });

describe('holocron scrape', () => {
  it('exits 75 when one region fails, after storing the other; plain lines per dataset', async () => {
    const result = await runCli(['scrape', '--once', '--region', 'us,eu', '--realms', 'all'], { env: env() });
    expect(result.code, result.stderr).toBe(75);
    expect(result.stdout).toMatch(/^us\/commodities\s+success\s+http 200\s+800 rows/m);
    expect(result.stdout).toMatch(/^us\/realm\/60\s+success/m);
    expect(result.stdout).toMatch(/^eu\/commodities\s+failed\s+http 500/m);
    expect(result.stdout).toMatch(/^eu\/token\s+success/m);
    // Totals per region before the last line; a token price is one row.
    expect(result.stdout).toContain(`\nus: 3 datasets, 3 stored, 0 unchanged, 0 skipped, 0 failed; ${formatCount(usFirst.length + realm60.length + 1)} rows, `);
    // eu: the token stored, commodities failed, and no realm index (404).
    expect(result.stdout).toContain(`\neu: 3 datasets, 1 stored, 0 unchanged, 0 skipped, 2 failed; 1 rows, `);
    expect(result.stdout).toMatch(/scrape finished in .*: 4 stored, 0 unchanged, 0 skipped, 2 failed/);
    expect(result.stdout).not.toMatch(/\u001b\[/);
    expect(result.stderr).toMatch(/HTTP 500; retrying/);
    expect(result.stdout + result.stderr).not.toContain(server.clientSecret);
    // Statistics the built CLI computed while loading, checked against an independent reference.
    const reference = referenceStats(usFirst);
    const rows = await t.db.query<{ item_id: number; min_price: number; median_price: number; market_value: number; total_quantity: number }>(
      `SELECT item_id, min_price, median_price, market_value, total_quantity FROM goblin.view_latest_commodity_stats WHERE region = 'us'`,
    );
    expect(rows).toHaveLength(reference.size);
    for (const row of rows) {
      const ref = reference.get(row.item_id)!;
      expect([row.min_price, row.median_price, row.total_quantity]).toEqual([ref.minPrice, ref.medianPrice, ref.totalQuantity]);
      expect(Math.abs(row.market_value - ref.marketValue!)).toBeLessThanOrEqual(1);
    }
  });

  it('--json prints one document; a second run is unchanged and exits 0 for the healthy region', async () => {
    const result = await runCli(['scrape', '--region', 'us', '--json'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { counts: Record<string, number>; exitCode: number; datasets: Array<{ dataset: string; status: string }> };
    expect(summary.exitCode).toBe(0);
    expect(summary.counts).toEqual({ success: 0, unchanged: 2, skipped: 0, failed: 0 });
    expect(summary.datasets.map((d) => `${d.dataset}:${d.status}`)).toEqual(['us/commodities:unchanged', 'us/token:unchanged']);
  });

  it('renders progress and a summary per region with Ink on a terminal; every dataset with -v', async () => {
    const result = await runCliOnTty(['scrape', '--region', 'us'], { env: env() });
    if (!result) return;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/holocron scrape\s+2\/2 datasets, .*done in/);
    expect(result.stdout).toMatch(/region\s+datasets\s+stored\s+unchanged\s+skipped\s+failed/);
    expect(result.stdout).toMatch(/us\s+2\s+0\s+2\s+0\s+0/);
    expect(result.stdout).not.toMatch(/us\/commodities\s+unchanged/);
    const verbose = await runCliOnTty(['scrape', '--region', 'us', '-v'], { env: env() });
    expect(verbose!.code).toBe(0);
    expect(verbose!.stdout).toMatch(/dataset\s+status\s+rows/);
    expect(verbose!.stdout).toMatch(/us\/commodities\s+unchanged/);
    expect(verbose!.stdout).toMatch(/us\/token\s+unchanged/);
  });

  it('exits 78 without credentials, before touching the database', async () => {
    const result = await runCli(['scrape'], { env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } });
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(/BLIZZARD_CLIENT_ID and BLIZZARD_CLIENT_SECRET must be set/);
  });

  it('exits 78 when Battle.net rejects the credentials, without printing the secret', async () => {
    const result = await runCli(['scrape', '--region', 'us'], { env: { ...env(), BLIZZARD_CLIENT_SECRET: 'definitely-wrong-secret' } });
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(/rejected the client credentials/);
    expect(result.stdout + result.stderr).not.toContain('definitely-wrong-secret');
  });

  it('exits 69 when the database is unreachable', async () => {
    const result = await runCli(['scrape', '--region', 'us'], { env: { ...env(), DATABASE_URL: 'postgres://x:y@127.0.0.1:1/none' } });
    expect(result.code).toBe(69);
    expect(result.stderr).toContain('127.0.0.1:1');
  });

  it('rejects bad flags with exit 64', async () => {
    for (const args of [['--region', 'cn'], ['--realms', 'some'], ['--concurrency', '0'], ['--once', '--poll']]) {
      const result = await runCli(['scrape', ...args], { env: env() });
      expect(result.code, args.join(' ')).toBe(64);
    }
  });

  it('a scrape killed in the middle of a load leaves nothing behind, and the next run stores it', async () => {
    const at = new Date(T0.getTime() + 3_600_000);
    const auctions = generateAuctions({ auctions: 20_000, items: 200, seed: 5 });
    server.route('us', '/data/wow/auctions/commodities', { body: auctionsBody(auctions), gzip: true, lastModified: at, trickle: { bytes: 16_384, pauseMs: 50 } });
    const child = spawn(process.execPath, [BIN, 'scrape', '--region', 'us'], { env: cliEnv(env()), stdio: 'ignore' });
    const sentBefore = server.bytesSent;
    for (let i = 0; i < 200 && server.bytesSent - sentBefore < 100_000; i++) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    const stored = () =>
      t.db.query<{ snapshots: number; rows: number }>(
        `SELECT (SELECT count(*) FROM goblin.auction_snapshots WHERE snapshot_at = $1)::int AS snapshots,
                (SELECT count(*) FROM goblin.commodity_auctions WHERE snapshot_at = $1)::int AS rows`,
        [at],
      );
    expect(await stored()).toEqual([{ snapshots: 0, rows: 0 }]);

    server.route('us', '/data/wow/auctions/commodities', { body: auctionsBody(auctions), gzip: true, lastModified: at });
    const rerun = await runCli(['scrape', '--region', 'us', '-v'], { env: env() });
    expect(rerun.code, rerun.stderr).toBe(0);
    // The killed run wrote nothing, not even the cache: the first run's cache file serves this one.
    expect(rerun.stderr).toMatch(/us\/commodities: load \d+ ms, previous snapshot from cache/);
    expect(await stored()).toEqual([{ snapshots: 1, rows: auctions.length }]);
    // The sales estimate against the first snapshot, as read from that cache.
    const reference = referenceStats(auctions, usFirst, 3_600_000);
    const sales = await t.db.query<{ item_id: number; est_sold: number; new_listings: number }>(
      `SELECT item_id, est_sold, new_listings FROM goblin.view_latest_commodity_stats WHERE region = 'us'`,
    );
    expect(sales).toHaveLength(reference.size);
    for (const row of sales) expect([row.est_sold, row.new_listings]).toEqual([reference.get(row.item_id)!.estSold, reference.get(row.item_id)!.newListings]);
  });

  it('--poll stops cleanly on SIGTERM between datasets', async () => {
    const child = spawn(process.execPath, [BIN, 'scrape', '--poll', '--region', 'us', '--json'], { env: cliEnv(env()), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // Wait for the first round (both datasets checked), then stop it.
    for (let i = 0; i < 100 && stdout.trim().split('\n').filter(Boolean).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { dataset: string; status: string });
    expect(lines.map((l) => l.dataset).sort()).toEqual(['us/commodities', 'us/token']);
    expect(stderr).toMatch(/SIGTERM: stopping/);
  });
});
