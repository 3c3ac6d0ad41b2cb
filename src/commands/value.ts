import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import type { ValueDimension, ValueReport, ValueRow } from '../core/inventory/valuation.js';
import { formatGold, ownerLabel } from '../output/money.js';
import { formatCount } from '../output/progress-board.js';
import { emitReport } from '../output/report.js';
import { createContext, withDatabase, type CommandContext } from './context.js';
import { wholeNumber } from './options.js';

interface ValueFlags {
  by: string;
  region?: string;
  limit: string;
  json?: boolean;
}

const DIMENSIONS: ValueDimension[] = ['character', 'location', 'item'];

export function register(program: Command): void {
  program
    .command('value')
    .description("the account's worth: gold everywhere plus every item at market value")
    .option('--by <dimension>', 'break down by character, location or item', 'character')
    .option('--region <region>', "whose market prices to use (default: your characters' region, else the one scraped last)")
    .option('--limit <n>', 'rows in the breakdown', '50')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nPrices: the region commodity market value, else the market value on the owner\'s realm, else the\nvendor sell price (soulbound items only ever at vendor price); items with none are counted as unpriced.',
    )
    .action(async (flags: ValueFlags, cmd: Command) => run(flags, createContext(cmd.optsWithGlobals())));
}

export async function run(flags: ValueFlags, ctx: CommandContext): Promise<void> {
  if (!DIMENSIONS.includes(flags.by as ValueDimension)) throw new UsageError(`--by must be one of ${DIMENSIONS.join(', ')}`);
  const region = flags.region?.toLowerCase();
  if (region !== undefined && !['us', 'eu', 'kr', 'tw'].includes(region)) throw new UsageError('--region must be us, eu, kr or tw');
  const limit = wholeNumber(flags.limit, '--limit', 1, 1_000_000);
  const { accountValue } = await import('../core/inventory/valuation.js');
  const report = await withDatabase(ctx, { migrate: true }, ({ db }) =>
    accountValue(db, { by: flags.by as ValueDimension, limit, ...(region !== undefined && { region }) }),
  );
  await emitReport(ctx.mode, {
    data: report,
    json: (r) => r,
    plain: valueLines,
    ink: async (r) => {
      const { ValueView } = await import('../ui/ValueView.js');
      return ValueView({ report: r, summary: summaryLines(r) });
    },
  });
}

export function summaryLines(r: ValueReport): string[] {
  const prices = r.pricesAsOf ? `${r.region} prices as of ${r.pricesAsOf.slice(0, 16).replace('T', ' ')} UTC` : `no ${r.region} market data yet (run holocron scrape): items at vendor price only`;
  return [
    `Net worth ${formatGold(r.netWorth)} (${prices})`,
    `  gold     ${formatGold(r.gold.total)}: on characters ${formatGold(r.gold.onHand)}, in mail ${formatGold(r.gold.mail)}, guild banks ${formatGold(r.gold.guildBanks)}, warband banks ${formatGold(r.gold.warbandBanks)}`,
    `  items    ${formatGold(r.items.total)}: at market ${formatGold(r.items.market)}, at realm market ${formatGold(r.items.realmMarket)}, at vendor ${formatGold(r.items.vendor)}; ${formatCount(r.items.unpricedItems)} item group(s) unpriced`,
  ];
}

export function rowLine(r: ValueReport, row: ValueRow): string {
  if (r.by === 'item') {
    const unit = row.unitPrice != null ? `${formatGold(row.unitPrice)} each (${row.priceSource})` : 'unpriced';
    return `${formatGold(row.total).padStart(14)}  ${row.key} ×${formatCount(row.count ?? 0)} — ${unit}`;
  }
  const parts = [];
  if (row.gold) parts.push(`gold ${formatGold(row.gold)}`);
  if (row.market) parts.push(`market ${formatGold(row.market)}`);
  if (row.realmMarket) parts.push(`realm market ${formatGold(row.realmMarket)}`);
  if (row.vendor) parts.push(`vendor ${formatGold(row.vendor)}`);
  if (row.unpricedItems) parts.push(`${row.unpricedItems} unpriced`);
  return `${formatGold(row.total).padStart(14)}  ${ownerLabel(row)}: ${parts.join(', ') || 'nothing'}`;
}

function valueLines(r: ValueReport): string[] {
  const lines = summaryLines(r);
  lines.push(`By ${r.by}:`);
  for (const row of r.rows) lines.push(rowLine(r, row));
  if (r.moreRows) lines.push(`  … ${r.moreRows} more (--limit)`);
  return lines;
}
