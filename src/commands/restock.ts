import type { Command } from 'commander';
import type { ApplyReport, ReconcileReport } from '../core/liquidation/jobs.js';
import type { RestockPlan } from '../core/skillweaver/consumables/restock.js';
import { restockLines } from '../output/consumables-format.js';
import { emitReport } from '../output/report.js';
import { createContext, withDatabase, type CommandContext } from './context.js';

interface RestockFlags {
  apply?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('restock')
    .description("turn consumable shortfalls into jobs: mail from the account's biggest holder to the raider, or a withdrawal from the warband bank")
    .option('--apply', 'queue the jobs in holocron.logistics_queue (the courier carries them to the addon)')
    .option('--json', 'print the plan as JSON: {"needs": [...], "jobs": [...]}')
    .addHelpText(
      'after',
      [
        '',
        'A shortfall is what a requirement (holocron consumables) asks beyond what the character holds in bags,',
        'bank and reagent bank. Items already in their mailbox, or mailed by an earlier restock job, count as on',
        'their way. Jobs close by themselves when a later ingest shows the items at the raider.',
      ].join('\n'),
    )
    .action(async (flags: RestockFlags, cmd: Command) => run(flags, createContext(cmd.optsWithGlobals())));
}

export async function run(flags: RestockFlags, ctx: CommandContext): Promise<void> {
  const { planRestock, RESTOCK_PREFIX } = await import('../core/skillweaver/consumables/restock.js');
  const { applyJobs, reconcileJobs } = await import('../core/liquidation/jobs.js');
  const result = await withDatabase(ctx, { migrate: true }, async ({ db }) => {
    // Closed first: a job the newest inventories show sent is mail in the post, not a need.
    const reconciled = await reconcileJobs(db);
    const plan = await planRestock(db);
    const applied = flags.apply ? await applyJobs(db, plan.planned, RESTOCK_PREFIX) : undefined;
    return { plan, applied, reconciled };
  });
  await emitReport(ctx.mode, {
    data: result,
    json: ({ plan, applied }) => toJson(plan, applied),
    plain: ({ plan, applied, reconciled }) => [...restockLines(plan), ...appliedLines(applied, reconciled)],
  });
}

function toJson(plan: RestockPlan, applied: ApplyReport | undefined): unknown {
  const { planned: _planned, ...rest } = plan;
  return { ...rest, ...(applied && { applied }) };
}

function appliedLines(applied: ApplyReport | undefined, reconciled: ReconcileReport): string[] {
  const lines: string[] = [];
  if (reconciled.done + reconciled.cancelled > 0) lines.push(`earlier jobs: ${reconciled.done} done, ${reconciled.cancelled} cancelled by the newest inventories`);
  if (applied) {
    lines.push(`queued: ${applied.created} new job row(s), ${applied.updated} changed, ${applied.unchanged} unchanged, ${applied.cancelled} cancelled (no longer in the plan)`);
    lines.push('holocron courier carries them to the addon (a /reload in game reads them)');
  }
  return lines.length ? ['', ...lines] : [];
}
