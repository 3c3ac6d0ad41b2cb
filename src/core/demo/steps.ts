import fs from 'node:fs';
import path from 'node:path';
import type { BlizzardClient } from '../blizzard/client.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/pool.js';
import { DataError } from '../errors.js';
import { snapshotHours } from './auctions.js';
import type { BlizzardStandIn } from './blizzard-standin.js';
import type { DemoDeps, DemoOptions } from './run-demo.js';
import { AUCTION_ALT, DEMO_ACCOUNT, REQUIREMENTS, writeDemoAccount } from './savedvariables.js';
import { DEMO_REGION, HOUR_MS, type DemoWorld } from './world.js';

/**
 * The demo's steps after the database is up, each through the core function
 * its command uses. Each returns whether an earlier run had done its work
 * already (a rerun is cheap) and a line for the summary.
 */
export interface StepOutcome {
  reused: boolean;
  detail: string;
}

type Api = BlizzardClient;

/**
 * One scrape per snapshot hour the database lacks, each with the clock set a
 * few minutes after the stand-in published that hour, so snapshots, sales
 * estimates and daily roll-ups happen as they would have on those days.
 */
export async function scrapeHistory(db: Database, api: Api, standIn: BlizzardStandIn, config: Config, options: DemoOptions, deps: DemoDeps) {
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

export async function ingestAccount(db: Database, world: DemoWorld, home: string, deps: DemoDeps) {
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

export async function seedCatalogue(db: Database, api: Api, deps: DemoDeps) {
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

export async function liquidate(db: Database, deps: DemoDeps) {
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

export async function restock(db: Database) {
  const { setRequirement } = await import('../skillweaver/consumables/requirements.js');
  const { planRestock, RESTOCK_PREFIX } = await import('../skillweaver/consumables/restock.js');
  const { applyJobs, reconcileJobs } = await import('../liquidation/jobs.js');
  for (const r of REQUIREMENTS) await setRequirement(db, r);
  await reconcileJobs(db);
  const plan = await planRestock(db);
  const applied = await applyJobs(db, plan.planned, RESTOCK_PREFIX);
  return { reused: applied.created === 0, detail: `${plan.needs.length} shortfall(s); jobs: ${applied.created} new, ${applied.unchanged} unchanged` };
}

export async function weeklyReset(db: Database, api: Api, deps: DemoDeps) {
  const { runReset } = await import('../weekly/reset.js');
  const result = await runReset({ region: DEMO_REGION, now: new Date(deps.clock.now()) }, { db, log: deps.log, api: { client: api }, clock: deps.clock });
  return { reused: result.status !== 'opened', detail: `week ${result.status}${result.week ? ` (from ${result.week.startsAt.toISOString()})` : ''}` };
}

export async function courier(db: Database, home: string, deps: DemoDeps) {
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

export async function countRows(db: Database): Promise<Record<string, number>> {
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
