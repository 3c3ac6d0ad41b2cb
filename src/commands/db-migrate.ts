import type { Command } from 'commander';
import { emitReport } from '../output/report.js';
import { createContext, withDatabase, type CommandContext } from './context.js';

interface MigrateResult {
  server: string;
  newlyApplied: readonly string[];
  applied: number;
}

export function register(db: Command): void {
  db.command('migrate')
    .description('create or start the database if needed and apply every pending migration')
    .option('--json', 'print the result as JSON')
    .action(async (_opts, cmd: Command) => run(createContext(cmd.optsWithGlobals())));
}

export async function run(ctx: CommandContext): Promise<void> {
  const { migrate } = await import('../core/db/migrate.js');
  const result = await withDatabase(ctx, { migrate: false }, async ({ db, server }) => {
    const report = await migrate(db, ctx.log);
    return { server: `${server.kind} ${server.target}`, newlyApplied: report.newlyApplied, applied: report.applied };
  });
  await emitReport<MigrateResult>(ctx.mode, {
    data: result,
    json: (r) => r,
    plain: (r) =>
      r.newlyApplied.length === 0
        ? [`database is up to date (${r.applied} migrations applied) on ${r.server}`]
        : [`applied ${r.newlyApplied.length} migration(s) on ${r.server}: ${r.newlyApplied.join(', ')}`],
  });
}
