import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { LEDGER_DIMENSIONS, parseSince, type LedgerDimension } from '../core/goblin/ledger/report.js';
import { ledgerLines } from '../output/ledger-format.js';
import { emitReport } from '../output/report.js';
import { createContext, withDatabase, type CommandContext } from './context.js';
import { wholeNumber } from './options.js';

interface LedgerFlags {
  since: string;
  by: string;
  region?: string;
  limit: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('ledger')
    .description('what was earned and spent (TradeSkillMaster accounting read by holocron ingest), and the gold velocity')
    .option('--since <when>', 'start of the window: 30d, 2w, 12h, or a date (2026-11-01, UTC)', '30d')
    .option('--by <dimension>', 'break down by item, character or day', 'item')
    .option('--region <region>', 'only characters on realms of this region (us, eu, kr, tw; realms known from holocron scrape)')
    .option('--limit <n>', 'rows in the breakdown', '50')
    .option('--json', 'print the report as JSON (copper amounts)')
    .addHelpText(
      'after',
      '\nEarned = auction, trade, COD and vendor sales plus income (mail money, missions); spent = buys plus\nexpenses (postage, repairs, money sent). Gold velocity: copper per day over the window, the last 7 and 30 days.',
    )
    .action(async (flags: LedgerFlags, cmd: Command) => run(flags, createContext(cmd.optsWithGlobals())));
}

export async function run(flags: LedgerFlags, ctx: CommandContext, now = new Date()): Promise<void> {
  if (!LEDGER_DIMENSIONS.includes(flags.by as LedgerDimension)) throw new UsageError(`--by must be one of ${LEDGER_DIMENSIONS.join(', ')}`);
  const since = parseSince(flags.since, now);
  if (!since) throw new UsageError(`--since ${JSON.stringify(flags.since)}: give a span like 30d, 2w or 12h, or a past date like 2026-11-01`);
  const region = flags.region?.toLowerCase();
  if (region !== undefined && !['us', 'eu', 'kr', 'tw'].includes(region)) throw new UsageError('--region must be us, eu, kr or tw');
  const limit = wholeNumber(flags.limit, '--limit', 1, 1_000_000);
  const { ledgerReport } = await import('../core/goblin/ledger/report.js');
  const report = await withDatabase(ctx, { migrate: true }, ({ db }) =>
    ledgerReport(db, { since, now, by: flags.by as LedgerDimension, limit, ...(region !== undefined && { region }) }),
  );
  await emitReport(ctx.mode, { data: report, json: (r) => r, plain: ledgerLines });
}
