/**
 * Home: what needs the player now (alerts), what the account is worth, and
 * how fresh each source is. Alerts are short sentences; each names the tab
 * with the detail.
 */
import type { Database } from '../db/pool.js';
import { accountRegion } from '../inventory/region.js';
import { loadRoster, type RosterRow } from '../skillweaver/roster.js';
import type { Alert, Freshness, HomeTab, Missing } from './types.js';

/** Sources older than this are called stale: hourly scrapes that stopped, a game not played for a day. */
const STALE_SCRAPE_MS = 3 * 3600_000;
const STALE_INGEST_MS = 2 * 86_400_000;
const VAULT_ALERTS = 3;

export async function loadHome(db: Database, now: Date): Promise<HomeTab> {
  const region = await accountRegion(db);
  const [value, jobs, roster, freshness] = await Promise.all([
    worth(db, region),
    openJobsByKind(db),
    loadRoster(db),
    loadFreshness(db),
  ]);
  const auctionValue = value.auction;
  const openJobs = jobs.reduce((sum, j) => sum + j.jobs, 0);
  const alerts: Alert[] = [
    ...jobs.map((j): Alert => ({ level: 'info', text: `${j.jobs} ${j.kind} job${j.jobs === 1 ? '' : 's'} pending`, tab: 'operations' })),
    ...vaultAlerts(roster),
    ...(auctionValue > 0 ? [{ level: 'info' as const, text: 'Auction value', amount: auctionValue, tab: 'market' as const }] : []),
    ...consumableAlerts(roster),
    ...staleAlerts(freshness, now),
  ];
  const missing: Missing[] = [];
  if (roster.length === 0) missing.push({ what: 'characters, items and gold', command: 'holocron ingest <WoW folder>' });
  if (!value.priced) missing.push({ what: 'market prices', command: 'holocron scrape' });
  return {
    tab: 'home',
    generatedAt: now.toISOString(),
    alerts,
    totals: { itemValue: value.items, auctionValue, gold: value.gold, characters: roster.length, openJobs },
    freshness,
    missing,
  };
}

/**
 * The totals of `holocron value` (same views) in one pass: accountValue's
 * breakdown and its "prices as of" each read every stack, and Home is the
 * first paint (60,530 stacks: 95 ms here against 200 ms).
 */
async function worth(db: Database, region: string): Promise<{ items: number; auction: number; gold: number; priced: boolean }> {
  const [row] = await db.query<{ items: string; auction: string; gold: string; priced: boolean }>(
    `SELECT coalesce(sum(value), 0) AS items,
            coalesce(sum(value) FILTER (WHERE location = 'auction'), 0) AS auction,
            (SELECT coalesce(sum(copper), 0) FROM holocron.view_gold) AS gold,
            EXISTS (SELECT 1 FROM goblin.auction_snapshots) AS priced
     FROM holocron.view_inventory_valuation WHERE region = $1`,
    [region],
  );
  return { items: Number(row!.items), auction: Number(row!.auction), gold: Number(row!.gold), priced: row!.priced };
}

async function openJobsByKind(db: Database): Promise<Array<{ kind: string; jobs: number }>> {
  return db.query<{ kind: string; jobs: number }>(
    `SELECT kind, count(*)::int AS jobs FROM holocron.logistics_queue WHERE status = 'open' GROUP BY kind ORDER BY count(*) DESC, kind`,
  );
}

function vaultAlerts(roster: readonly RosterRow[]): Alert[] {
  const unlocked = roster.filter((r) => r.vault.slots > 0).sort((a, b) => b.vault.slots - a.vault.slots);
  const shown = unlocked.slice(0, VAULT_ALERTS).map((r): Alert => ({
    level: 'info',
    text: `Vault unlocked on ${r.character} (${r.vault.slots} of 9 slots)`,
    tab: 'roster',
  }));
  const more = unlocked.length - shown.length;
  return more > 0 ? [...shown, { level: 'info', text: `Vault unlocked on ${more} more character${more === 1 ? '' : 's'}`, tab: 'roster' }] : shown;
}

function consumableAlerts(roster: readonly RosterRow[]): Alert[] {
  const short = roster.filter((r) => r.consumablesShort.lines > 0);
  if (short.length === 0) return [];
  const names = short.slice(0, 2).map((r) => r.character).join(', ');
  const more = short.length > 2 ? ` and ${short.length - 2} more` : '';
  return [{ level: 'warn', text: `Consumables short on ${names}${more} (restock)`, tab: 'operations' }];
}

function staleAlerts(freshness: readonly Freshness[], now: Date): Alert[] {
  const age = (f: Freshness) => (f.at === null ? Number.POSITIVE_INFINITY : now.getTime() - Date.parse(f.at));
  return freshness
    .filter((f) => (f.source.startsWith('scrape ') ? age(f) > STALE_SCRAPE_MS : f.source.startsWith('ingest ') && age(f) > STALE_INGEST_MS))
    .map((f): Alert => ({ level: 'warn', text: `${f.source}: ${f.at === null ? 'never succeeded' : `last ${f.at.slice(0, 16).replace('T', ' ')} UTC`}`, tab: 'home' }));
}

/**
 * The newest success of each scrape dataset and the newest ingest of each
 * account. A region's realms count as one source, as fresh as its stalest
 * realm: one realm that stopped is what the player needs to hear about.
 */
export async function loadFreshness(db: Database): Promise<Freshness[]> {
  const rows = await db.query<{ source: string; at: Date | null }>(
    `WITH per_dataset AS (
       SELECT regexp_replace(dataset, '/realm/\\d+$', '/realms') AS source,
              max(finished_at) FILTER (WHERE status IN ('success', 'unchanged')) AS at
         FROM ops.scraper_log GROUP BY dataset
     )
     SELECT 'scrape ' || replace(source, '/', ' ') AS source,
            CASE WHEN bool_or(at IS NULL) THEN NULL ELSE min(at) END AS at
       FROM per_dataset GROUP BY source
     UNION ALL
     SELECT 'ingest ' || a.name, max(f.processed_at)
       FROM holocron.source_files f JOIN holocron.accounts a USING (account_id) GROUP BY a.name
     ORDER BY 1`,
  );
  return rows.map((r) => ({ source: r.source, at: r.at?.toISOString() ?? null }));
}
