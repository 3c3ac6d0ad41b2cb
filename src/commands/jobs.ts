import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import type { JobRow } from '../core/liquidation/jobs.js';
import { jobLine } from '../output/liquidation-format.js';
import { emitReport } from '../output/report.js';
import { createContext, withDatabase, type CommandContext } from './context.js';

interface JobsFlags {
  all?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  const jobs = program
    .command('jobs')
    .description('the logistics queue: open jobs (mail, sell, vendor, cage, withdraw); they close when a later ingest shows the move')
    .option('--all', 'also the done and cancelled ones, newest first')
    .option('--json', 'print the jobs as JSON')
    .action(async (flags: JobsFlags, cmd: Command) => list(flags, createContext(cmd.optsWithGlobals())));
  jobs
    .command('cancel <id...>')
    .description('cancel open jobs by id')
    .option('--json', 'print the result as JSON')
    .action(async (ids: string[], _flags: JobsFlags, cmd: Command) => closeBy('cancelled', ids, createContext(cmd.optsWithGlobals())));
  jobs
    .command('done <id...>')
    .description('mark open jobs done (carried out in game; a later ingest would close them too)')
    .option('--json', 'print the result as JSON')
    .action(async (ids: string[], _flags: JobsFlags, cmd: Command) => closeBy('done', ids, createContext(cmd.optsWithGlobals())));
}

async function list(flags: JobsFlags, ctx: CommandContext): Promise<void> {
  const { listJobs, reconcileJobs } = await import('../core/liquidation/jobs.js');
  const rows = await withDatabase(ctx, { migrate: true }, async ({ db }) => {
    await reconcileJobs(db);
    return listJobs(db, { all: Boolean(flags.all) });
  });
  await emitReport(ctx.mode, {
    data: rows,
    json: (r) => r,
    plain: (r) => (r.length === 0 ? [flags.all ? 'no jobs yet (holocron liquidate --apply queues some)' : 'no open jobs'] : r.map(jobRowLine)),
  });
}

async function closeBy(status: 'done' | 'cancelled', idTexts: string[], ctx: CommandContext): Promise<void> {
  const ids = idTexts.map((text) => {
    if (!/^\d+$/.test(text)) throw new UsageError(`a job id is a number (got '${text}')`);
    return Number(text);
  });
  const { closeJobs } = await import('../core/liquidation/jobs.js');
  const closed = await withDatabase(ctx, { migrate: true }, ({ db }) => closeJobs(db, ids, status));
  await emitReport(ctx.mode, {
    data: { [status]: closed, ids },
    json: (r) => r,
    plain: () => [`${status === 'done' ? 'marked done' : 'cancelled'}: ${closed} job row(s): ${ids.join(', ')}`],
  });
}

function jobRowLine(job: JobRow): string {
  const status = job.status === 'open' ? 'open' : `${job.status} ${job.closedAt?.slice(0, 16).replace('T', ' ')} (${job.closeReason})`;
  return `#${job.id} ${status}: ${jobLine(job)}`;
}
