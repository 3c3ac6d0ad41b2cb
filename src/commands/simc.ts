import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import type { SimcProfileReport } from '../core/skillweaver/simc/profile.js';
import { emitReport } from '../output/report.js';
import { createContext, withDatabase, type CommandContext } from './context.js';

interface SimcFlags {
  region?: string;
  json?: boolean;
}

const REGIONS = ['us', 'eu', 'kr', 'tw', 'cn'];

export function register(program: Command): void {
  program
    .command('simc')
    .description("a character's newest SimulationCraft profile, ready for Raidbots: its /simc export, with newer gear when the collector saw some")
    .argument('<Name-Realm>', 'the character as the export names it (any case; the realm with or without spaces and apostrophes)')
    .option('--region <region>', 'when the same Name-Realm exists in two regions: us, eu, kr, tw or cn')
    .option('--json', 'print the profile and where its gear came from as JSON')
    .addHelpText('after', '\nStore exports with: holocron ingest simc-Raider.txt (or paste into: holocron ingest -).\nExit codes: 64 unknown character (near matches listed), 65 nothing stored for it.')
    .action(async (who: string, flags: SimcFlags, cmd: Command) => run(who, flags, createContext(cmd.optsWithGlobals())));
}

export async function run(who: string, flags: SimcFlags, ctx: CommandContext): Promise<void> {
  const region = flags.region?.toLowerCase();
  if (region !== undefined && !REGIONS.includes(region)) throw new UsageError(`--region must be one of ${REGIONS.join(', ')} (got '${flags.region}')`);
  const { simcProfile } = await import('../core/skillweaver/simc/profile.js');
  const report = await withDatabase(ctx, { migrate: true }, ({ db }) => simcProfile(db, who, region ? { region } : {}));
  for (const note of report.notes) ctx.log.info(`${report.character}: ${note}`);
  await emitReport(ctx.mode, { data: report, json: (r: SimcProfileReport) => r, plain: (r) => [r.text.replace(/\n$/, '')] });
}
