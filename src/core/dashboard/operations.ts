/**
 * Operations: the logistics queue as the player works through it. Plans
 * (liquidate, restock) are actions: computing one reads every stack.
 */
import type { Database } from '../db/pool.js';
import { PLANNER_PREFIX, listJobs } from '../liquidation/jobs.js';
import { readSettings } from '../liquidation/settings.js';
import { RESTOCK_PREFIX } from '../skillweaver/consumables/restock.js';
import type { JobView, Missing, OperationsTab } from './types.js';

export async function loadOperations(db: Database, now: Date): Promise<OperationsTab> {
  const [jobs, settings] = await Promise.all([listJobs(db), readSettings(db)]);
  const views: JobView[] = jobs.map((j) => ({
    id: j.id,
    kind: j.kind,
    status: j.status,
    from: j.from,
    to: j.to,
    itemId: j.itemId,
    itemName: j.itemName,
    count: j.count,
    reason: j.reason,
    createdAt: j.createdAt,
  }));
  const by = (prefix: string) => jobs.filter((j) => j.key.startsWith(prefix)).length;
  const liquidation = by(PLANNER_PREFIX);
  const restock = by(RESTOCK_PREFIX);
  const missing: Missing[] = [];
  if (jobs.length === 0) missing.push({ what: 'open jobs', command: 'holocron liquidate --apply' });
  return {
    tab: 'operations',
    generatedAt: now.toISOString(),
    jobs: views,
    queued: { liquidation, restock, other: jobs.length - liquidation - restock },
    auctionAlt: settings.auctionAlts.map((a) => a.character).join(', ') || null,
    missing,
  };
}
