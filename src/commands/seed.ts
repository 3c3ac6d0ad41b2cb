import type { Command } from 'commander';
import { parseRegions } from '../core/blizzard/regions.js';
import { systemClock } from '../core/clock.js';
import { ExitCode, ExitError } from '../core/errors.js';
import type { JobProgress } from '../core/seed/entity-job.js';
import type { SeederSummary } from '../core/seed/seed.js';
import { userAgent } from '../core/version.js';
import { ProgressBoard, formatCount, formatDuration } from '../output/progress-board.js';
import { emitReport } from '../output/report.js';
import { createContext, withDatabase, type CommandContext } from './context.js';
import { wholeNumber } from './options.js';

interface SeedFlags {
  region: string;
  only?: string;
  force?: boolean;
  concurrency: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('seed')
    .description('fill reference data from the Blizzard API: realms, professions, recipes, items, battle-pet species, raid and dungeon drops')
    .option('--region <list>', 'region(s); realms are seeded for each, static data from the first', 'us')
    .option('--only <seeders>', 'comma-separated subset: realms, professions, recipes, items, pets, journal')
    .option('--force', 'fetch everything again, even what is stored')
    .option('--concurrency <n>', 'documents fetched at once', '8')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', '\nResumable: a run killed halfway continues where it stopped. Exit 75 when some documents failed (the next run retries them).')
    .action(async (flags: SeedFlags, cmd: Command) => run(flags, createContext(cmd.optsWithGlobals())));
}

export async function run(flags: SeedFlags, ctx: CommandContext): Promise<void> {
  const regions = parseRegions(flags.region);
  const concurrency = wholeNumber(flags.concurrency, '--concurrency', 1, 32);
  const { parseSeeders, seed } = await import('../core/seed/seed.js');
  const only = parseSeeders(flags.only);
  const { BlizzardClient } = await import('../core/blizzard/client.js');
  const api = new BlizzardClient({ config: ctx.config.blizzard, userAgent: userAgent(), clock: systemClock, log: ctx.log });
  const progress = await progressReporter(ctx);
  let summaries: SeederSummary[];
  try {
    summaries = await withDatabase(ctx, { migrate: true }, ({ db }) =>
      seed({ regions, only, force: Boolean(flags.force), concurrency }, { db, api, clock: systemClock, log: ctx.log, onProgress: progress.update }),
    );
  } finally {
    await progress.stop();
    await api.close();
  }
  await emitReport(ctx.mode, {
    data: summaries,
    json: (s) => ({ seeders: s, exitCode: exitCodeOf(s) }),
    plain: (s) => s.flatMap(summaryLines),
    ink: async (s) => {
      const { SeedSummaryView } = await import('../ui/SeedSummaryView.js');
      return SeedSummaryView({ lines: s.flatMap(summaryLines) });
    },
  });
  const code = exitCodeOf(summaries);
  if (code !== ExitCode.ok) throw new ExitError(code);
}

function exitCodeOf(summaries: SeederSummary[]): typeof ExitCode.ok | typeof ExitCode.tempFail {
  return summaries.every((s) => s.state === 'complete') ? ExitCode.ok : ExitCode.tempFail;
}

function summaryLines(s: SeederSummary): string[] {
  return s.jobs.map(
    (j) =>
      `${`${j.seeder} (${s.region})`.padEnd(22)} ${formatCount(j.fetched)} fetched, ${formatCount(j.unchanged)} unchanged, ${formatCount(j.missing)} missing (404), ${formatCount(j.failed)} failed` +
      (j.errors.length ? `; first error: ${j.errors[0]}` : ''),
  );
}

/** Live bars on a terminal; otherwise a line on stderr every 10 s per running job. */
async function progressReporter(ctx: CommandContext): Promise<{ update: (p: JobProgress) => void; stop: () => Promise<void> }> {
  const rate = (p: JobProgress) => {
    const seconds = Math.max(0.001, (Date.now() - p.startedAt) / 1000);
    const perSecond = p.done / seconds;
    const eta = perSecond > 0 ? ((p.total - p.done) / perSecond) * 1000 : 0;
    return `${perSecond.toFixed(0)}/s, ETA ${formatDuration(eta)}`;
  };
  if (ctx.mode === 'ink' && ctx.stderr.isTTY) {
    const board = new ProgressBoard('holocron seed', { noun: 'seeders', itemName: 'documents' });
    const { mountProgress } = await import('../ui/live.js');
    const stop = mountProgress(board, { logs: ctx.logSink });
    return {
      update: (p) =>
        board.upsert(p.seeder, { label: p.seeder, state: p.done >= p.total ? 'done' : 'running', done: p.done, total: p.total, unit: 'items', detail: rate(p) }),
      stop,
    };
  }
  const lastLine = new Map<string, number>();
  return {
    update: (p) => {
      const now = Date.now();
      const finished = p.done >= p.total;
      if (!finished && now - (lastLine.get(p.seeder) ?? p.startedAt) < 10_000) return;
      lastLine.set(p.seeder, now);
      ctx.log.info(`seed ${p.seeder}: ${formatCount(p.done)}/${formatCount(p.total)} (${Math.round((100 * p.done) / Math.max(1, p.total))}%), ${rate(p)}`);
    },
    stop: async () => {},
  };
}
