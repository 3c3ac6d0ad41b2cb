import type { Command } from 'commander';
import type { RosterRow } from '../core/skillweaver/roster.js';
import { rosterLines } from '../output/roster-format.js';
import { emitReport } from '../output/report.js';
import { createContext, withDatabase, type CommandContext } from './context.js';

interface RosterFlags {
  character?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('roster')
    .description('every character: spec, item level, Great Vault slots this week, lockouts, keystone, consumables short')
    .option('--character <Name-Realm>', 'one character only')
    .option('--json', 'print the roster as JSON')
    .action(async (flags: RosterFlags, cmd: Command) => run(flags, createContext(cmd.optsWithGlobals())));
}

async function run(flags: RosterFlags, ctx: CommandContext): Promise<void> {
  const { loadRoster } = await import('../core/skillweaver/roster.js');
  const rows = await withDatabase(ctx, { migrate: true }, ({ db }) => loadRoster(db, flags.character !== undefined ? { character: flags.character } : {}));
  await emitReport(ctx.mode, {
    data: rows,
    json: (r: RosterRow[]) => ({ characters: r }),
    plain: rosterLines,
    ink: async (r) => {
      const { RosterView } = await import('../ui/RosterView.js');
      return RosterView({ rows: r, width: ctx.stdout.columns || 100 });
    },
  });
}
