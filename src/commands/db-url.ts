import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { emitReport } from '../output/report.js';
import { createContext, type CommandContext } from './context.js';
import { describeExternal } from '../core/db/describe.js';

export function register(db: Command): void {
  db.command('url')
    .description('print a connection URL for psql (starts the embedded server if needed)')
    .option('--json', 'print the URL as JSON')
    .action(async (_opts, cmd: Command) => run(createContext(cmd.optsWithGlobals())));
}

export async function run(ctx: CommandContext): Promise<void> {
  if (ctx.config.databaseUrl) {
    throw new UsageError(`DATABASE_URL is set (${describeExternal(ctx.config.databaseUrl)}); use it directly`, {
      hint: 'holocron never prints passwords; `db url` serves the embedded server, whose password lives in a passfile.',
    });
  }
  const { embeddedPsqlUrl } = await import('../core/db/url.js');
  const url = await embeddedPsqlUrl(ctx.config, ctx.log);
  await emitReport(ctx.mode, { data: url, json: (u) => ({ url: u }), plain: (u) => [u] });
}
