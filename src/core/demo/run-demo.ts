import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/pool.js';
import { DataError, UnavailableError } from '../errors.js';
import type { Logger } from '../log.js';
import { snapshotHours } from './auctions.js';
import { BlizzardStandIn, STANDIN_CLIENT_ID, STANDIN_CLIENT_SECRET } from './blizzard-standin.js';
import { AUCTION_ALT, DEMO_ACCOUNT, REQUIREMENTS, writeDemoAccount } from './savedvariables.js';
import { DEMO_REGION, HOUR_MS, demoWorld } from './world.js';

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
  const step = async (name: DemoStep, fn: () => Promise<{ reused: boolean; detail: string }>) => {
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

/** --fresh: the demo's server is stopped and everything under the demo's home removed. */
async function wipe(home: string, log: Logger): Promise<void> {
  const { stopEmbeddedServer } = await import('../db/embedded/index.js');
  if (fs.existsSync(home)) {
    await stopEmbeddedServer(home, log).catch(() => undefined);
    fs.rmSync(home, { recursive: true, force: true });
  }
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

type Api = import('../blizzard/client.js').BlizzardClient;

/**
 * One scrape per snapshot hour the database lacks, each with the clock set a
 * few minutes after the stand-in published that hour, so snapshots, sales
 * estimates and daily roll-ups happen as they would have on those days.
 */
async function scrapeHistory(db: Database, api: Api, standIn: BlizzardStandIn, config: Config, options: DemoOptions, deps: DemoDeps) {
  const { scrapeOnce } = await import('../scrape/scrape.js');
  const { ListingCache } = await import('../scrape/listing-cache.js');
  const [row] = await db.query<{ at: Date | null; n: number }>(
    `SELECT max(snapshot_at) AS at, count(*)::int AS n FROM goblin.auction_snapshots WHERE dataset = $1`,
    [`${DEMO_REGION}/commodities`],
  );
  const stored = row?.at ? Math.floor(row.at.getTime() / HOUR_MS) : -Infinity;
  const hours = snapshotHours(deps.clock.now(), options.days ?? 14, options.hourly ?? 6).filter((h) => h > stored);
  const cache = new ListingCache(path.join(config.home, 'cache', 'listings'), 'demo', deps.log);
  let stats = { stored: 0, rows: 0, failed: 0 };
  for (const [i, hour] of hours.entries()) {
    standIn.hour = hour;
    const at = standIn.publishedAt.getTime() + 3 * 60_000;
    const clock: Clock = { now: () => at, sleep: deps.clock.sleep };
    const summary = await scrapeOnce({ regions: [DEMO_REGION], realms: { mode: 'all' }, concurrency: 3 }, { db, api, clock, log: deps.log, cache });
    for (const r of summary.results) {
      if (r.status === 'success') stats = { ...stats, stored: stats.stored + 1, rows: stats.rows + (r.rows ?? 0) };
      if (r.status === 'failed') stats = { ...stats, failed: stats.failed + 1 };
    }
    deps.onStep?.({ step: 'scrape', state: 'running', detail: `snapshot ${i + 1}/${hours.length} (${new Date(hour * HOUR_MS).toISOString().slice(0, 13)}:00Z)` });
  }
  if (stats.failed > 0) deps.log.warn(`scrape: ${stats.failed} dataset(s) failed against the stand-in (a bug: it serves every dataset); holocron demo --fresh rebuilds`);
  return {
    reused: (row?.n ?? 0) > 0,
    detail: `${hours.length} hour(s) scraped (${stats.stored} snapshots, ${stats.rows} auctions)${(row?.n ?? 0) > 0 ? `; ${row!.n} commodity snapshots were there` : ''}`,
  };
}

async function ingestAccount(db: Database, world: ReturnType<typeof demoWorld>, home: string, deps: DemoDeps) {
  const root = path.join(home, 'wow');
  const folder = path.join(root, 'WTF', 'Account');
  // A rerun the same day ingests the same bytes, which ingest recognises and
  // skips; a day later the account is saved again, as a player's would be, so
  // the week's vault and quests stay current.
  if (accountAge(folder, deps.clock.now()) > REWRITE_AFTER_MS) writeDemoAccount(world, root, deps.clock.now());
  const { ingest } = await import('../inventory/ingest.js');
  const summary = await ingest({ paths: [path.join(root, 'WTF')] }, { db, log: deps.log });
  const bad = summary.files.filter((f) => !['ingested', 'unchanged', 'skipped'].includes(f.status));
  // The files are ours: one the readers refuse is holocron disagreeing with itself.
  if (bad.length > 0) throw new DataError(`the demo's own SavedVariables were not read: ${bad.map((f) => `${path.basename(f.path)} ${f.status}${f.error ? ` (${f.error})` : ''}`).join('; ')}`, { hint: 'Run holocron demo --fresh; if it happens again, it is a bug.' });
  const ingested = summary.files.filter((f) => f.status === 'ingested').length;
  return {
    reused: ingested === 0,
    detail: `${summary.files.length} SavedVariables file(s) in ${root}: ${ingested} ingested, ${summary.files.length - ingested} unchanged; ${summary.stacks} stacks`,
  };
}

const REWRITE_AFTER_MS = 20 * HOUR_MS;

function accountAge(folder: string, now: number): number {
  try {
    return now - fs.statSync(path.join(folder, DEMO_ACCOUNT, 'SavedVariables', 'Holocron.lua')).mtimeMs;
  } catch {
    return Infinity;
  }
}

async function seedCatalogue(db: Database, api: Api, deps: DemoDeps) {
  const { seed } = await import('../seed/seed.js');
  const summaries = await seed(
    { regions: [DEMO_REGION], only: ['realms', 'professions', 'recipes', 'items', 'pets'], force: false, concurrency: 8 },
    { db, api, clock: deps.clock, log: deps.log },
  );
  const jobs = summaries.flatMap((s) => s.jobs);
  const fetched = jobs.reduce((n, j) => n + j.fetched, 0);
  const failed = jobs.reduce((n, j) => n + j.failed, 0);
  if (failed > 0) deps.log.warn(`seed: ${failed} document(s) failed: ${jobs.flatMap((j) => j.errors).slice(0, 3).join('; ')}`);
  return { reused: fetched === 0, detail: `${fetched} documents fetched, ${jobs.reduce((n, j) => n + j.unchanged, 0)} unchanged` };
}

async function liquidate(db: Database, deps: DemoDeps) {
  const { setAuctionAlt } = await import('../liquidation/settings.js');
  const { planLiquidation } = await import('../liquidation/plan.js');
  const { applyJobs } = await import('../liquidation/jobs.js');
  await setAuctionAlt(db, AUCTION_ALT);
  const plan = await planLiquidation(db, { region: DEMO_REGION, now: new Date(deps.clock.now()) });
  const applied = await applyJobs(db, plan.planned);
  return {
    reused: applied.created === 0,
    detail: `${plan.sell.length} line(s) to sell, ${plan.kept.length} kept; jobs: ${applied.created} new, ${applied.unchanged} unchanged (auction alt ${AUCTION_ALT})`,
  };
}

async function restock(db: Database) {
  const { setRequirement } = await import('../skillweaver/consumables/requirements.js');
  const { planRestock, RESTOCK_PREFIX } = await import('../skillweaver/consumables/restock.js');
  const { applyJobs, reconcileJobs } = await import('../liquidation/jobs.js');
  for (const r of REQUIREMENTS) await setRequirement(db, r);
  await reconcileJobs(db);
  const plan = await planRestock(db);
  const applied = await applyJobs(db, plan.planned, RESTOCK_PREFIX);
  return { reused: applied.created === 0, detail: `${plan.needs.length} shortfall(s); jobs: ${applied.created} new, ${applied.unchanged} unchanged` };
}

async function weeklyReset(db: Database, api: Api, deps: DemoDeps) {
  const { runReset } = await import('../weekly/reset.js');
  const result = await runReset({ region: DEMO_REGION, now: new Date(deps.clock.now()) }, { db, log: deps.log, api: { client: api }, clock: deps.clock });
  return { reused: result.status !== 'opened', detail: `week ${result.status}${result.week ? ` (from ${result.week.startsAt.toISOString()})` : ''}` };
}

async function courier(db: Database, home: string, deps: DemoDeps) {
  const { writeCourier } = await import('../courier/courier.js');
  const report = await writeCourier({ outDir: path.join(home, 'courier'), version: deps.version, region: DEMO_REGION }, { db, log: deps.log });
  const written = report.files.filter((f) => f.written).length;
  return { reused: written === 0, detail: `${report.files.length} addon file(s) in ${report.outDir}, ${written} written` };
}

/** Rows behind each Command Center tab, for the summary and the tests. */
export const COUNT_QUERIES: Record<string, string> = {
  items: 'SELECT count(*) FROM goblin.items',
  recipes: 'SELECT count(*) FROM goblin.recipes',
  species: 'SELECT count(*) FROM petweaver.species',
  snapshots: 'SELECT count(*) FROM goblin.auction_snapshots',
  marketDays: 'SELECT count(DISTINCT day) FROM goblin.item_daily_market',
  characters: "SELECT count(*) FROM holocron.characters",
  stacks: 'SELECT count(*) FROM holocron.item_stacks',
  ledgerRows: 'SELECT count(*) FROM goblin.ledger',
  pets: 'SELECT count(*) FROM petweaver.owned_pets',
  vaults: 'SELECT count(*) FROM skillweaver.vault_status',
  openJobs: "SELECT count(*) FROM holocron.logistics_queue WHERE status = 'open'",
};

async function countRows(db: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, sql] of Object.entries(COUNT_QUERIES)) {
    try {
      const [row] = await db.query<{ count: string }>(sql);
      counts[name] = Number(row?.count ?? 0);
    } catch {
      counts[name] = -1;
    }
  }
  return counts;
}
