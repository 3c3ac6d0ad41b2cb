/**
 * What the Command Center can do, through the same core functions as the
 * CLI: `liquidate` (plan, --apply), `restock` (plan, --apply), `jobs done`
 * and `jobs cancel`. Each action is one unit of work; the queue's own
 * transactions and lock make two faces acting at once safe.
 */
import type { Database } from '../db/pool.js';
import { UsageError } from '../errors.js';
import { applyJobs, closeJobs, reconcileJobs, type ApplyReport } from '../liquidation/jobs.js';
import { planLiquidation, type JobPlan } from '../liquidation/plan.js';
import { formatGold } from '../money.js';
import { RESTOCK_PREFIX, planRestock, type RestockJob } from '../skillweaver/consumables/restock.js';
import type { ActionResult, DashboardAction } from './types.js';

const DETAIL_LINES = 30;

export async function runAction(db: Database, action: DashboardAction, options: { now?: Date } = {}): Promise<ActionResult> {
  const now = options.now ?? new Date();
  switch (action.action) {
    case 'liquidate-plan':
    case 'liquidate-apply': {
      const apply = action.action === 'liquidate-apply';
      // As `holocron liquidate`: jobs the newest inventories show carried out are closed before planning.
      if (!apply) await reconcileJobs(db);
      const plan = await planLiquidation(db, { now });
      const applied = apply ? await applyJobs(db, plan.planned) : undefined;
      const worth = `${plan.sell.length} line(s) to sell: ${formatGold(plan.totals.auction)} at auction, ${formatGold(plan.totals.vendor)} at vendors`;
      return {
        action: action.action,
        summary: applied ? `liquidation queued (${worth}): ${appliedText(applied)}` : `liquidation plan, not applied: ${worth}, ${plan.jobs.length} job(s)`,
        lines: [...plan.warnings, ...cap(plan.jobs.map(jobText))],
      };
    }
    case 'restock-manifest': {
      await reconcileJobs(db);
      const plan = await planRestock(db);
      const applied = action.apply ? await applyJobs(db, plan.planned, RESTOCK_PREFIX) : undefined;
      const unmet = plan.needs.filter((n) => n.unmet > 0).length;
      const head = `restock manifest: ${plan.jobs.length} move(s) for ${plan.needs.length} need(s)${unmet ? `, ${unmet} not coverable from the account` : ''}`;
      return {
        action: action.action,
        summary: applied ? `${head}; queued: ${appliedText(applied)}` : `${head} (not applied)`,
        lines: [...plan.warnings, ...cap(plan.jobs.map(restockText))],
      };
    }
    case 'job-done':
    case 'job-cancel': {
      const ids = jobIds(action.ids);
      const status = action.action === 'job-done' ? 'done' : 'cancelled';
      const closed = await closeJobs(db, ids, status);
      return { action: action.action, summary: `${closed} job(s) ${status === 'done' ? 'marked done' : 'cancelled'}: ${ids.map((id) => `#${id}`).join(', ')}`, lines: [] };
    }
    default:
      throw new UsageError(`no action '${(action as { action?: unknown }).action}': one of liquidate-plan, liquidate-apply, restock-manifest, job-done, job-cancel`);
  }
}

const MAX_JOB_IDS = 1000;

/** The ids of a job-done or job-cancel, from any face (the page sends them as JSON). */
export function jobIds(ids: unknown): number[] {
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_JOB_IDS || !ids.every((id) => Number.isSafeInteger(id) && (id as number) > 0)) {
    throw new UsageError(`ids must be a list of 1–${MAX_JOB_IDS} job ids`);
  }
  return ids as number[];
}

const appliedText = (a: ApplyReport) => `${a.created} new, ${a.updated} changed, ${a.unchanged} unchanged, ${a.cancelled} cancelled`;

function cap(lines: string[]): string[] {
  return lines.length > DETAIL_LINES ? [...lines.slice(0, DETAIL_LINES), `… and ${lines.length - DETAIL_LINES} more`] : lines;
}

function itemsText(items: ReadonlyArray<{ itemName: string | null; itemId: number; count: number }>): string {
  const shown = items.slice(0, 3).map((i) => `${i.count} × ${i.itemName ?? `item ${i.itemId}`}`);
  return items.length > 3 ? `${shown.join(', ')} and ${items.length - 3} more` : shown.join(', ');
}

function jobText(j: JobPlan): string {
  const route = j.to ? `${j.from} → ${j.to}` : j.from;
  return `${j.kind} ${route}: ${itemsText(j.items)} (${formatGold(j.value)})`;
}

function restockText(j: RestockJob): string {
  return `${j.kind} ${j.from} → ${j.to}: ${itemsText(j.items)}`;
}
