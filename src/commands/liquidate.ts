import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import type { ApplyReport, ReconcileReport } from '../core/liquidation/jobs.js';
import type { LiquidationPlan } from '../core/liquidation/plan.js';
import { formatGold } from '../output/money.js';
import { planCsv, planLines } from '../output/liquidation-format.js';
import { emitReport, write } from '../output/report.js';
import { createContext, withDatabase, type CommandContext } from './context.js';
import { moneyOption } from './options.js';

interface LiquidateFlags {
  region?: string;
  auctionAlt?: string;
  minValue?: string;
  gatherTo?: string | true;
  apply?: boolean;
  all?: boolean;
  json?: boolean;
  csv?: boolean;
}

export function register(program: Command): void {
  program
    .command('liquidate')
    .description('what is worth selling and from where, what is kept and why; --apply queues the jobs for the addon')
    .option('--auction-alt <Name-Realm>', 'the character that posts auctions on its realm (saved; others mail it what they sell)')
    .option('--min-value <money>', 'keep auction lines worth less than this, like 20g (saved)')
    .option('--gather-to [Name-Realm]', 'also mail what stays unsold of an item to one character per realm (default: its biggest holder)')
    .option('--region <region>', "whose market prices (default: your characters' region, else the one scraped last)")
    .option('--apply', 'queue the plan as jobs in holocron.logistics_queue (the courier carries them to the addon)')
    .option('--all', 'list every kept line, not the first few per reason')
    .option('--json', 'print the plan as JSON: {"sell": [...], "kept": [...], "jobs": [...]}')
    .option('--csv', 'print every sell and kept line as CSV')
    .addHelpText(
      'after',
      [
        '',
        'Never sold: soulbound items, pets a saved Rematch team uses (caged ones too), bag gear that is an',
        'upgrade for a character who can wear it, items whose appearance you have not collected, what keep',
        'rules hold back (holocron keep), and items without market data. Grey items and items worth more at a',
        'vendor go to a vendor. Jobs close by themselves when a later ingest shows the items moved or sold.',
      ].join('\n'),
    )
    .action(async (flags: LiquidateFlags, cmd: Command) => run(flags, createContext(cmd.optsWithGlobals())));
}

export async function run(flags: LiquidateFlags, ctx: CommandContext): Promise<void> {
  if (flags.json && flags.csv) throw new UsageError('choose --json or --csv, not both');
  const region = flags.region?.toLowerCase();
  if (region !== undefined && !['us', 'eu', 'kr', 'tw'].includes(region)) throw new UsageError('--region must be us, eu, kr or tw');
  const minValue = flags.minValue !== undefined ? moneyOption(flags.minValue, '--min-value') : undefined;
  const { planLiquidation } = await import('../core/liquidation/plan.js');
  const { setAuctionAlt, setMinValue } = await import('../core/liquidation/settings.js');
  const { applyJobs, reconcileJobs } = await import('../core/liquidation/jobs.js');
  const result = await withDatabase(ctx, { migrate: true }, async ({ db }) => {
    if (flags.auctionAlt !== undefined) {
      const alt = await setAuctionAlt(db, flags.auctionAlt);
      ctx.log.info(`auction alt on ${alt.realm}: ${alt.character} (saved)`);
    }
    if (minValue !== undefined) {
      await setMinValue(db, minValue);
      ctx.log.info(`min value ${formatGold(minValue)} (saved)`);
    }
    // Jobs a newer inventory shows done are closed before the plan reads them.
    const reconciled = flags.apply ? undefined : await reconcileJobs(db);
    const plan = await planLiquidation(db, { region, gatherTo: flags.gatherTo, now: new Date() });
    const applied = flags.apply ? await applyJobs(db, plan.planned) : undefined;
    return { plan, applied, reconciled: applied?.reconciled ?? reconciled };
  });
  if (flags.csv) {
    await write(ctx.stdout, planCsv(result.plan));
    return;
  }
  await emitReport(ctx.mode, {
    data: result,
    json: ({ plan, applied }) => toJson(plan, applied),
    plain: ({ plan, applied, reconciled }) => [...planLines(plan, Boolean(flags.all)), ...appliedLines(applied, reconciled)],
    ink: async ({ plan, applied, reconciled }) => {
      const { LiquidateView } = await import('../ui/LiquidateView.js');
      return LiquidateView({ plan, all: Boolean(flags.all), footer: appliedLines(applied, reconciled), width: ctx.stdout.columns || 100 });
    },
  });
}

function toJson(plan: LiquidationPlan, applied: ApplyReport | undefined): unknown {
  const { planned: _planned, dbMs: _dbMs, ...rest } = plan;
  return { ...rest, ...(applied && { applied }) };
}

function appliedLines(applied: ApplyReport | undefined, reconciled: ReconcileReport | undefined): string[] {
  const lines: string[] = [];
  if (reconciled && reconciled.done + reconciled.cancelled > 0) lines.push(`earlier jobs: ${reconciled.done} done, ${reconciled.cancelled} cancelled by the newest inventories`);
  if (applied) {
    lines.push(`queued: ${applied.created} new job row(s), ${applied.updated} changed, ${applied.unchanged} unchanged, ${applied.cancelled} cancelled (no longer in the plan)`);
    lines.push('holocron courier carries them to the addon (a /reload in game reads them)');
  }
  return lines.length ? ['', ...lines] : [];
}
