import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/pool.js';
import { UnavailableError } from '../errors.js';
import type { Logger } from '../log.js';
import { BlizzardStandIn, STANDIN_CLIENT_ID, STANDIN_CLIENT_SECRET } from './blizzard-standin.js';
import { countRows, courier, ingestAccount, liquidate, restock, scrapeHistory, seedCatalogue, weeklyReset, type StepOutcome } from './steps.js';
import { demoWorld } from './world.js';

/**
 * `holocron demo`: a separate database under $HOLOCRON_HOME/demo filled the
 * way a real account fills it — seed and scrape against a local stand-in for
 * the Blizzard API, ingest of a sample account's SavedVariables, liquidate and
 * restock applied, the weekly reset, the courier files — each through the same
 * core function as its command. A second run reuses what is there.
 */
export const DEMO_STEPS = ['database', 'api', 'scrape', 'ingest', 'seed', 'liquidate', 'restock', 'reset', 'courier'] as const;
export type DemoStep = (typeof DEMO_STEPS)[number];

export interface DemoOptions {
  /** Stop the demo's server and delete its data first. */
  fresh: boolean;
  /** Days of market history scraped on the first run (every 6 hours), and hourly snapshots at the end. */
  days?: number;
  hourly?: number;
}

export interface DemoDeps {
  /** The user's configuration: only its home is used, to place the demo's beside it. */
  config: Config;
  log: Logger;
  clock: Clock;
  userAgent: string;
  version: string;
  onStep?: (event: StepEvent) => void;
}

export interface StepEvent {
  step: DemoStep;
  state: 'running' | 'done';
  detail: string;
}

export interface StepReport {
  step: DemoStep;
  ms: number;
  /** The step found its work done by an earlier run and did (almost) nothing. */
  reused: boolean;
  detail: string;
}

export interface DemoResult {
  /** The demo's configuration: open the dashboard (or any command) on it. */
  config: Config;
  home: string;
  fresh: boolean;
  steps: StepReport[];
  counts: Record<string, number>;
  totalMs: number;
}

/** The demo's configuration: its own embedded cluster, never DATABASE_URL, and the API at the stand-in. */
export function demoConfig(config: Config, api: { apiUrl: string; oauthUrl: string }): Config {
  return Object.freeze({
    ...config,
    databaseUrl: undefined,
    home: path.join(config.home, 'demo'),
    blizzard: Object.freeze({
      ...config.blizzard,
      clientId: STANDIN_CLIENT_ID,
      clientSecret: STANDIN_CLIENT_SECRET,
      apiUrl: api.apiUrl,
      oauthUrl: api.oauthUrl,
      maxAttempts: 2,
      retryBaseMs: 50,
    }),
  });
}

export async function runDemo(options: DemoOptions, deps: DemoDeps): Promise<DemoResult> {
  const started = performance.now();
  const world = demoWorld();
  const standIn = await new BlizzardStandIn(world).start().catch((error: unknown) => {
    throw new UnavailableError(`cannot start the demo's Blizzard API stand-in on 127.0.0.1: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  });
  const config = demoConfig(deps.config, standIn);
  const steps: StepReport[] = [];
  const step = async (name: DemoStep, fn: () => Promise<StepOutcome>) => {
    deps.onStep?.({ step: name, state: 'running', detail: '' });
    const t0 = performance.now();
    const outcome = await fn();
    const report = { step: name, ms: Math.round(performance.now() - t0), ...outcome };
    steps.push(report);
    deps.onStep?.({ step: name, state: 'done', detail: outcome.detail });
    return report;
  };
  const { BlizzardClient } = await import('../blizzard/client.js');
  const api = new BlizzardClient({ config: config.blizzard, userAgent: deps.userAgent, clock: deps.clock, log: deps.log });
  let db: Database | undefined;
  try {
    await step('database', async () => {
      fs.mkdirSync(deps.config.home, { recursive: true });
      const existed = fs.existsSync(path.join(config.home, 'pg', 'data', 'PG_VERSION'));
      if (options.fresh) await wipe(config.home, deps.log);
      await reachableParent(deps.config, deps.log);
      const { openDatabase } = await import('../db/connect.js');
      db = (await openDatabase({ config, log: deps.log, migrate: true })).db;
      const reused = existed && !options.fresh;
      return { reused, detail: `${reused ? '' : 'created '}${path.join(config.home, 'pg')}` };
    });
    const ready = db!;
    await step('api', async () => ({ reused: false, detail: `Blizzard API stand-in on ${standIn.apiUrl.replace('/{region}', '')}` }));
    await step('scrape', () => scrapeHistory(ready, api, standIn, config, options, deps));
    await step('ingest', () => ingestAccount(ready, world, config.home, deps));
    await step('seed', () => seedCatalogue(ready, api, deps));
    await step('liquidate', () => liquidate(ready, deps));
    await step('restock', () => restock(ready));
    await step('reset', () => weeklyReset(ready, api, deps));
    await step('courier', () => courier(ready, config.home, deps));
    const counts = await countRows(ready);
    // The stand-in stops with this run: whatever opens the demo next talks to the real API settings.
    const after = Object.freeze({ ...config, blizzard: deps.config.blizzard });
    return { config: after, home: config.home, fresh: options.fresh, steps, counts, totalMs: Math.round(performance.now() - started) };
  } finally {
    await db?.close();
    await api.close();
    await standIn.stop();
  }
}

/**
 * --fresh: the demo's server is stopped and everything under the demo's home
 * removed. The data is about to go, so the server gets an immediate shutdown:
 * a fast one first writes its shutdown checkpoint, seconds of fsync on a busy
 * disk for pages nobody will read.
 */
async function wipe(home: string, log: Logger): Promise<void> {
  if (!fs.existsSync(home)) return;
  const { embeddedServerStatus, stopEmbeddedServer } = await import('../db/embedded/index.js');
  const { isProcessAlive } = await import('../db/embedded/cluster.js');
  const running = embeddedServerStatus(home);
  if (running) {
    process.kill(running.pid, 'SIGQUIT');
    const deadline = Date.now() + 10_000;
    while (isProcessAlive(running.pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    if (isProcessAlive(running.pid)) await stopEmbeddedServer(home, log);
  }
  fs.rmSync(home, { recursive: true, force: true });
}

/**
 * As root the demo's server runs as another OS user, who must traverse the
 * user's home to reach demo/ inside it. The user's own server asks the same of
 * that home (embedded/index.ts prepareHome); a home made by mktemp is mode 700.
 */
async function reachableParent(config: Config, log: Logger): Promise<void> {
  const { resolveServerUser, serverUserCanAccess } = await import('../db/embedded/server-user.js');
  const user = resolveServerUser(config.embeddedServerUser, log);
  if (user.isSelf || serverUserCanAccess(user, config.home)) return;
  const stat = fs.statSync(config.home);
  if (stat.uid === process.getuid?.()) fs.chmodSync(config.home, stat.mode | 0o011);
}
