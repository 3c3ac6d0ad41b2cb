import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import type { CraftSort } from '../core/goblin/craft/profit.js';
import { craftLines } from '../output/craft-format.js';
import { emitReport } from '../output/report.js';
import { createContext, withDatabase, type CommandContext } from './context.js';
import { moneyOption, wholeNumber } from './options.js';

interface CraftFlags {
  profession?: string;
  region?: string;
  realm?: string;
  minProfit?: string;
  sort: string;
  json?: boolean;
}

const REGIONS = ['us', 'eu', 'kr', 'tw'];
const SORTS: readonly CraftSort[] = ['profit', 'margin', 'sold'];

export function register(program: Command): void {
  program
    .command('craft')
    .description("profit per recipe of one profession: reagent cost at the cheapest quality, output value per quality, margin, sold per day")
    .option('--profession <name|id>', 'the profession, by name (alchemy) or id (171)')
    .option('--region <region>', 'whose market prices to use: us, eu, kr or tw')
    .option('--realm <connected-realm-id>', "also price from this connected realm's auctions when the region's commodities have no price")
    .option('--min-profit <money>', 'only recipes with at least this profit (20g, 1g50s); unknown profits are left out')
    .option('--sort <by>', 'profit, margin or sold (per day)', 'profit')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      "\nReagents: each at its cheapest quality tier with a price (region commodity market value, else the\n--realm's market value, else a vendor's price for reagents in goblin.vendor_reagents). A recipe with\nan unpriced reagent shows no cost and names the reagent. Profit is the output's value less the\nauction house's 5% cut, less the reagent cost; margin is profit over output value.",
    )
    .action(async (flags: CraftFlags, cmd: Command) => run(flags, createContext(cmd.optsWithGlobals())));
}

export async function run(flags: CraftFlags, ctx: CommandContext): Promise<void> {
  if (flags.profession === undefined || flags.profession.trim() === '') throw new UsageError('name the profession: --profession alchemy (or its id)');
  const region = flags.region?.toLowerCase();
  if (region === undefined || !REGIONS.includes(region)) throw new UsageError(`--region must be us, eu, kr or tw${flags.region === undefined ? '' : ` (got '${flags.region}')`}`);
  if (!SORTS.includes(flags.sort as CraftSort)) throw new UsageError(`--sort must be one of ${SORTS.join(', ')} (got '${flags.sort}')`);
  const realm = flags.realm === undefined ? undefined : wholeNumber(flags.realm, '--realm', 1, 2 ** 31 - 1);
  const minProfit = flags.minProfit === undefined ? undefined : moneyOption(flags.minProfit, '--min-profit');
  const { craftReport } = await import('../core/goblin/craft/profit.js');
  const report = await withDatabase(ctx, { migrate: true }, ({ db }) =>
    craftReport(db, {
      profession: flags.profession!,
      region,
      sort: flags.sort as CraftSort,
      ...(realm !== undefined && { connectedRealmId: realm }),
      ...(minProfit !== undefined && { minProfit }),
    }),
  );
  await emitReport(ctx.mode, {
    data: report,
    json: (r) => r,
    plain: craftLines,
    ink: async (r) => {
      const { CraftView } = await import('../ui/CraftView.js');
      return CraftView({ report: r, width: ctx.stdout.columns || 100 });
    },
  });
}
