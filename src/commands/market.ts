import type { Command } from 'commander';
import type { MarketHistory } from '../core/goblin/market/history.js';
import { marketJson, marketLines } from '../output/market-format.js';
import { emitReport } from '../output/report.js';
import { createContext, withDatabase, type CommandContext } from './context.js';
import { wholeNumber } from './options.js';

interface MarketFlags {
  days: string;
  region?: string;
  realm?: string;
  json?: boolean;
}

/** DBHistorical's window: the history kept is longer, but the measures look no further. */
const MAX_DAYS = 3_650;

export function register(program: Command): void {
  program
    .command('market')
    .description('price history of an item: min, market value, quantity and sold per day, with TSM-style measures')
    .argument('<item>', 'item id, name or pasted link')
    .option('--days <n>', 'days of history, ending with the newest rolled-up day', '14')
    .option('--region <region>', 'us, eu, kr or tw (default: the region rolled up last)')
    .option('--realm <realm>', "a connected realm's market (name, slug or id) instead of the region's commodities")
    .option('--json', 'print the history as JSON')
    .addHelpText(
      'after',
      '\nDays are complete UTC days rolled up by the scrape (kept after the raw snapshots are dropped).\n' +
        'market value: 15-day weighted (DBMarket-style); historical: 60-day mean; sale rate: sold / newly listed, 14 days.',
    )
    .action(async (item: string, flags: MarketFlags, cmd: Command) => run(item, flags, createContext(cmd.optsWithGlobals())));
}

export async function run(item: string, flags: MarketFlags, ctx: CommandContext): Promise<void> {
  const days = wholeNumber(flags.days, '--days', 1, MAX_DAYS);
  const { marketHistory } = await import('../core/goblin/market/history.js');
  const history = await withDatabase(ctx, { migrate: true }, ({ db }) =>
    marketHistory(db, { item, days, ...(flags.region !== undefined && { region: flags.region }), ...(flags.realm !== undefined && { realm: flags.realm }) }),
  );
  await emitReport<MarketHistory>(ctx.mode, {
    data: history,
    json: marketJson,
    plain: marketLines,
    ink: async (h) => {
      const { MarketChart } = await import('../ui/MarketChart.js');
      return MarketChart({ history: h, width: ctx.stdout.columns || 100 });
    },
  });
}
