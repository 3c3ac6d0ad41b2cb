import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import type { CourierReport } from '../core/courier/courier.js';
import { formatBytes, formatCount } from '../output/progress-board.js';
import { emitReport } from '../output/report.js';
import { createContext, withDatabase, type CommandContext } from './context.js';

interface CourierFlags {
  wowDir?: string;
  out?: string;
  region?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('courier')
    .description("write the addon's data files: what the account holds, prices, jobs, pet needs")
    .option('--wow-dir <folder>', 'the World of Warcraft folder: writes into _retail_/Interface/AddOns/Holocron/Data')
    .option('--out <folder>', 'write the files into this folder instead (the bridge carries them to the game)')
    .option('--region <region>', 'whose market prices (default: where most characters play, else us)')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nThe files are written atomically and only when their contents change. The game reads a rewritten\nfile at the next /reload or login; the addon must be installed first (holocron addon install).',
    )
    .action(async (flags: CourierFlags, cmd: Command) => run(flags, createContext(cmd.optsWithGlobals())));
}

export async function run(flags: CourierFlags, ctx: CommandContext): Promise<void> {
  if ((flags.wowDir === undefined) === (flags.out === undefined)) throw new UsageError('name either --wow-dir (the game folder) or --out (any folder)');
  const region = flags.region?.toLowerCase();
  if (region !== undefined && !['us', 'eu', 'kr', 'tw'].includes(region)) throw new UsageError('--region must be us, eu, kr or tw');
  const outDir = flags.out ?? (await dataFolder(flags.wowDir!));
  const { writeCourier } = await import('../core/courier/courier.js');
  const { holocronVersion } = await import('../core/version.js');
  const report = await withDatabase(ctx, { migrate: true }, ({ db }) =>
    writeCourier({ outDir, version: holocronVersion(), ...(region !== undefined && { region }) }, { db, log: ctx.log }),
  );
  const now = Date.now();
  await emitReport(ctx.mode, { data: report, json: (r) => r, plain: (r) => courierLines(r, now) });
  for (const file of report.files) if (file.note) ctx.log.warn(`${file.name}: ${file.note}`);
}

/** The addon's Data folder under --wow-dir; the addon must be installed there. */
async function dataFolder(wowDir: string): Promise<string> {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { addonFolder } = await import('../core/courier/wow-folder.js');
  const addon = addonFolder(wowDir);
  if (!fs.existsSync(path.join(addon, 'Holocron.toc'))) {
    throw new UsageError(`the Holocron addon is not installed in ${addon}`, { hint: `Run: holocron addon install --wow-dir ${JSON.stringify(wowDir)}` });
  }
  return path.join(addon, 'Data');
}

export function courierLines(r: CourierReport, now: number): string[] {
  const lines = [`courier files in ${r.outDir} (${r.region} prices):`];
  for (const f of r.files) {
    const counts = Object.entries(f.counts).map(([what, n]) => `${formatCount(n)} ${what}`).join(', ');
    const age = f.dataAt === null ? 'no data' : `data as of ${new Date(f.dataAt * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC (${ageText(now / 1000 - f.dataAt)} old)`;
    lines.push(`  ${f.written ? 'wrote    ' : 'unchanged'} ${f.name} ${formatBytes(f.bytes)}: ${counts}; ${age}${f.note ? ` — ${f.note}` : ''}`);
  }
  return lines;
}

function ageText(seconds: number): string {
  if (seconds < 0) return '0 min';
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}
