import path from 'node:path';
import { Option, type Command } from 'commander';
import { parseRegions, type Region } from '../core/blizzard/regions.js';
import { systemClock } from '../core/clock.js';
import { UsageError } from '../core/errors.js';
import type { ResetApi } from '../core/weekly/reset-snapshot.js';
import type { ResetResult } from '../core/weekly/reset.js';
import { emitReport } from '../output/report.js';
import { resetJson, resetLines } from '../output/reset-format.js';
import { userAgent } from '../core/version.js';
import { createContext, withDatabase, type CommandContext } from './context.js';

interface ResetFlags {
  region?: string;
  json?: boolean;
  now?: string;
}

export function register(program: Command): void {
  program
    .command('reset')
    .description('open the weekly reset: settle the Great Vault, close lockouts, capture reset-day prices, print the week’s board')
    .option('--region <region>', 'us, eu, kr or tw (default: where most characters play)')
    .option('--json', 'print the board as JSON')
    // For tests and replays: the instant the run believes it is.
    .addOption(new Option('--now <time>', 'run as if it were this ISO 8601 instant').hideHelp())
    .addHelpText(
      'after',
      '\nIdempotent per region and week: run it from cron at the reset instant and hourly to catch up.\nExit codes: 0 week open (even without prices or collector data), 64 bad region, 69 database unreachable.',
    )
    .action(async (flags: ResetFlags, cmd: Command) => run(flags, createContext(cmd.optsWithGlobals())));
}

function parseNow(text: string | undefined): Date {
  if (text === undefined) return new Date(systemClock.now());
  const at = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(at.getTime())) throw new UsageError(`--now must be an ISO 8601 instant like 2026-12-01T15:00:00Z (got '${text}')`);
  return at;
}

function parseRegion(text: string): Region {
  const regions = parseRegions(text);
  if (regions.length !== 1) throw new UsageError('--region takes one region: a reset is per region');
  return regions[0]!;
}

async function run(flags: ResetFlags, ctx: CommandContext): Promise<void> {
  const named = flags.region === undefined ? undefined : parseRegion(flags.region);
  const now = parseNow(flags.now);
  const api = await resetApi(ctx);
  try {
    const result = await withDatabase(ctx, { migrate: true }, async ({ db, server }) => {
      const { accountRegion } = await import('../core/inventory/region.js');
      const region = named ?? parseRegion(await accountRegion(db));
      if ('client' in api) {
        const { ListingCache } = await import('../core/scrape/listing-cache.js');
        api.cache = new ListingCache(path.join(ctx.config.home, 'cache', 'listings'), server.target, ctx.log);
      }
      const { runReset } = await import('../core/weekly/reset.js');
      return runReset({ region, now }, { db, log: ctx.log, api, clock: systemClock });
    });
    await emitReport(ctx.mode, {
      data: result,
      json: resetJson,
      plain: resetLines,
      ink: async (r: ResetResult) => {
        const { ResetView } = await import('../ui/ResetView.js');
        return ResetView({ result: r, width: ctx.stdout.columns || 100 });
      },
    });
  } finally {
    if ('client' in api) await api.client.close();
  }
}

/** Missing credentials cost the price moves, never the reset. */
async function resetApi(ctx: CommandContext): Promise<ResetApi> {
  const { BlizzardClient } = await import('../core/blizzard/client.js');
  try {
    return { client: new BlizzardClient({ config: ctx.config.blizzard, userAgent: userAgent(), clock: systemClock, log: ctx.log }) };
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : String(error) };
  }
}
