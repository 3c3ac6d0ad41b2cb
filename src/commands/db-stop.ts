import type { Command } from 'commander';
import { stopEmbeddedServer } from '../core/db/embedded/index.js';
import { UsageError } from '../core/errors.js';
import { emitReport } from '../output/report.js';
import { createContext, type CommandContext } from './context.js';

export function register(db: Command): void {
  db.command('stop')
    .description('stop the embedded PostgreSQL server (the next command starts it again)')
    .option('--json', 'print the result as JSON')
    .action(async (_opts, cmd: Command) => run(createContext(cmd.optsWithGlobals())));
}

export async function run(ctx: CommandContext): Promise<void> {
  if (ctx.config.databaseUrl) {
    throw new UsageError('DATABASE_URL is set: holocron does not manage that server, so there is nothing to stop');
  }
  const result = await stopEmbeddedServer(ctx.config.home, ctx.log);
  await emitReport(ctx.mode, {
    data: result,
    json: (r) => ({ stopped: r.wasRunning, ...(r.pid ? { pid: r.pid } : {}) }),
    plain: (r) => [r.wasRunning ? `stopped the embedded server (pid ${r.pid})` : 'the embedded server was not running'],
  });
}
