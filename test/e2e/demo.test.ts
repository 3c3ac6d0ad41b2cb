/**
 * `holocron demo` as a new user runs it: the real binary, no network, a
 * DATABASE_URL that points nowhere (the demo must not use it), then the
 * ordinary commands on the demo's home; a second run reuses, --fresh rebuilds.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stopEmbeddedServer } from '../../src/core/db/embedded/index.js';
import { silentLogger } from '../../src/core/log.js';
import { BIN, cliEnv, runCli } from '../helpers/cli.js';
import { useTempHomes } from '../helpers/home.js';

const home = useTempHomes()('demo');
const demoHome = path.join(home, 'demo');
const BOGUS_DATABASE = 'postgres://nobody@127.0.0.1:1/nothing';
// Registered after useTempHomes: runs first, before the home is removed.
afterAll(() => stopEmbeddedServer(demoHome, silentLogger).catch(() => undefined));

/** A network namespace with nothing but loopback (root and util-linux unshare): no network at all. */
const CAN_UNSHARE = spawnSync('unshare', ['-n', 'true'], { stdio: 'ignore' }).status === 0;

interface DemoJson {
  home: string;
  fresh: boolean;
  steps: Array<{ step: string; reused: boolean; detail: string }>;
  counts: Record<string, number>;
  open: string;
}

async function demo(...args: string[]): Promise<DemoJson> {
  const result = await runCli(['demo', '--json', ...args], { env: { HOLOCRON_HOME: home, DATABASE_URL: BOGUS_DATABASE }, timeoutMs: 90_000 });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as DemoJson;
}

/** The same, in a network namespace with nothing but loopback when the host allows it (root, util-linux): no network at all. */
async function demoOffline(): Promise<DemoJson> {
  if (!CAN_UNSHARE) return demo();
  const script = 'ip link set lo up 2>/dev/null; exec "$0" "$1" demo --json';
  const child = spawn('unshare', ['-n', 'sh', '-c', script, process.execPath, BIN], {
    env: cliEnv({ HOLOCRON_HOME: home, DATABASE_URL: BOGUS_DATABASE }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout) as DemoJson;
}

const reused = (r: DemoJson) => Object.fromEntries(r.steps.map((s) => [s.step, s.reused]));

describe('holocron demo', () => {
  it('builds a populated demo database beside the real one (offline), reuses it, and rebuilds it with --fresh', { timeout: 240_000 }, async () => {
    const first = await demoOffline();
    expect(first.home).toBe(demoHome);
    expect(first.steps.map((s) => s.step)).toEqual(['database', 'api', 'scrape', 'ingest', 'seed', 'liquidate', 'restock', 'reset', 'courier']);
    expect(reused(first)).toMatchObject({ database: false, scrape: false, ingest: false, seed: false, liquidate: false });
    expect(first.counts).toMatchObject({ characters: 5, pets: 19, species: 16, vaults: 5 });
    expect(first.counts.marketDays).toBeGreaterThanOrEqual(6);
    expect(first.counts.ledgerRows).toBeGreaterThan(100);
    expect(first.counts.openJobs).toBeGreaterThan(10);
    expect(first.open).toContain(demoHome);
    // The user's own cluster was never created.
    expect(fs.existsSync(path.join(home, 'pg'))).toBe(false);

    const env = { HOLOCRON_HOME: demoHome };
    const roster = await runCli(['roster', '--json'], { env });
    expect(roster.code, roster.stderr).toBe(0);
    const characters = (JSON.parse(roster.stdout) as { characters: Array<{ character: string; itemLevel: number | null; vault: { slots: number } }> }).characters;
    expect(characters.map((c) => c.character).sort()).toEqual(['Aelindra-Stormrage', 'Brumgar-Stormrage', 'Coinpurse-Stormrage', 'Thistlewood-Stormrage', 'Vexa-Area52']);
    expect(characters.every((c) => c.itemLevel !== null)).toBe(true);
    const search = await runCli(['search', 'Mycobloom', '--json'], { env });
    expect(search.code, search.stderr).toBe(0);
    expect((JSON.parse(search.stdout) as { items: Array<{ itemId: number; total: number }> }).items[0]).toMatchObject({ itemId: 210796, total: 1080 });
    const jobs = await runCli(['jobs'], { env });
    expect(jobs.stdout).toMatch(/sell at auction on Coinpurse-Stormrage/);
    expect(jobs.stdout).toMatch(/mail Coinpurse-Stormrage → Aelindra-Stormrage: Flask of Alchemical Chaos/);

    const second = await demo();
    // Not liquidate and restock: a run that crosses an hour scrapes that hour, and new prices may change a job.
    expect(reused(second)).toMatchObject({ database: true, scrape: true, ingest: true, seed: true });
    expect(second.counts.characters).toBe(5);
    expect(second.counts.snapshots).toBeGreaterThanOrEqual(first.counts.snapshots!);

    const fresh = await demo('--fresh');
    expect(fresh.fresh).toBe(true);
    expect(reused(fresh)).toMatchObject({ database: false, scrape: false, ingest: false });
    expect(fresh.counts).toMatchObject({ characters: 5, pets: 19, ledgerRows: first.counts.ledgerRows });
  });

  it('prints a summary without a terminal and explains how to open the dashboard, whatever DATABASE_URL holds', { timeout: 60_000 }, async () => {
    // Not even a URL: every other command stops at it (exit 78); the demo never reads it.
    const result = await runCli(['demo', '--no-dashboard'], { env: { HOLOCRON_HOME: home, DATABASE_URL: 'not a url' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^demo database in /);
    expect(result.stdout).toContain(`HOLOCRON_HOME=${JSON.stringify(demoHome)} holocron dashboard`);
    expect(result.stdout).toMatch(/Roster +5 characters/);
    expect(result.stderr).toMatch(/demo scrape: /);
  });
});
