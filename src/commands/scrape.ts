import path from 'node:path';
import { Option, type Command } from 'commander';
import { parseRegions, type Region } from '../core/blizzard/regions.js';
import { systemClock } from '../core/clock.js';
import { ExitError, ExitCode, UsageError } from '../core/errors.js';
import type { AttemptResult, RealmSelection, ScrapeEvents, ScrapeSummary } from '../core/scrape/scrape.js';
import { userAgent } from '../core/version.js';
import { ProgressBoard, formatBytes, formatCount, formatDuration } from '../output/progress-board.js';
import { emitReport, write } from '../output/report.js';
import { errorWithoutUrl, regionLine, regionTotals } from '../output/scrape-summary.js';
import { createContext, withDatabase, type CommandContext } from './context.js';
import { wholeNumber } from './options.js';

interface ScrapeFlags {
  region: string;
  realms: string;
  once?: boolean;
  poll?: boolean;
  concurrency: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('scrape')
    .description('fetch auction-house snapshots and WoW Token prices from the Blizzard API into PostgreSQL')
    .option('--region <list>', 'regions, comma-separated: us, eu, kr, tw', 'us,eu')
    .option('--realms <which>', 'connected-realm auctions: none, all, or ids (1080,3678)', 'none')
    .addOption(new Option('--once', 'one pass over every dataset, then exit (for cron; the default)').conflicts('poll'))
    .addOption(new Option('--poll', 'run in the foreground, checking each dataset when its next snapshot is due').conflicts('once'))
    .option('--concurrency <n>', 'datasets fetched at once', '4')
    .option('--json', 'print the result as JSON (with --poll: one JSON line per attempt)')
    .addHelpText(
      'after',
      '\nExit codes: 0 every dataset stored or unchanged, 75 some dataset failed (the next run retries),\n78 credentials missing or rejected, 69 database or API unreachable.',
    )
    .action(async (flags: ScrapeFlags, cmd: Command) => run(flags, createContext(cmd.optsWithGlobals())));
}

export function parseRealms(text: string): RealmSelection {
  const value = text.trim().toLowerCase();
  if (value === 'none') return { mode: 'none' };
  if (value === 'all') return { mode: 'all' };
  const ids = value.split(',').map((part) => part.trim());
  if (ids.length === 0 || ids.some((id) => !/^[1-9]\d{0,8}$/.test(id))) {
    throw new UsageError(`--realms must be none, all, or connected-realm ids like 1080,3678 (got '${text}')`);
  }
  return { mode: 'list', ids: [...new Set(ids.map(Number))] };
}

export async function run(flags: ScrapeFlags, ctx: CommandContext): Promise<void> {
  const regions = parseRegions(flags.region);
  const realms = parseRealms(flags.realms);
  const concurrency = wholeNumber(flags.concurrency, '--concurrency', 1, 32);
  const { BlizzardClient } = await import('../core/blizzard/client.js');
  // Credentials are checked before touching the database: a missing secret is exit 78.
  const api = new BlizzardClient({ config: ctx.config.blizzard, userAgent: userAgent(), clock: systemClock, log: ctx.log });
  try {
    const { ListingCache } = await import('../core/scrape/listing-cache.js');
    await withDatabase(ctx, { migrate: true }, async ({ db, server }) => {
      const cache = new ListingCache(path.join(ctx.config.home, 'cache', 'listings'), server.target, ctx.log);
      const deps = { db, api, clock: systemClock, log: ctx.log, cache };
      if (flags.poll) await poll(ctx, deps, regions, realms, concurrency, flags);
      else await once(ctx, deps, regions, realms, concurrency);
    });
  } finally {
    await api.close();
  }
}

type Deps = Parameters<typeof import('../core/scrape/scrape.js').scrapeOnce>[1];

async function once(ctx: CommandContext, deps: Deps, regions: Region[], realms: RealmSelection, concurrency: number): Promise<void> {
  const { scrapeOnce } = await import('../core/scrape/scrape.js');
  const live = ctx.mode === 'ink' && ctx.stderr.isTTY ? await liveBoard(ctx) : undefined;
  const events: ScrapeEvents = live
    ? live.events
    : ctx.mode === 'plain'
      ? { finished: (r) => void write(ctx.stdout, `${attemptLine(r)}\n`) }
      : {};
  let summary: ScrapeSummary;
  try {
    summary = await scrapeOnce({ regions, realms, concurrency }, { ...deps, events });
  } finally {
    await live?.stop();
  }
  await emitReport(ctx.mode, {
    data: summary,
    json: summaryJson,
    plain: (s) => [...regionTotals(s.results, regions).map(regionLine), summaryLine(s)],
    ink: async (s) => {
      const { ScrapeSummaryView } = await import('../ui/ScrapeSummaryView.js');
      return ScrapeSummaryView({
        regions: regionTotals(s.results, regions),
        rows: s.results.map(attemptJson),
        everyDataset: ctx.verbose,
        footer: summaryLine(s),
      });
    },
  });
  const code = exitCodeOf(summary.results);
  if (code !== ExitCode.ok) throw new ExitError(code);
}

async function poll(ctx: CommandContext, deps: Deps, regions: Region[], realms: RealmSelection, concurrency: number, flags: ScrapeFlags): Promise<void> {
  const { pollForever } = await import('../core/scrape/poll.js');
  const controller = new AbortController();
  let interrupts = 0;
  const stop = (signal: NodeJS.Signals) => {
    interrupts += 1;
    if (interrupts > 1) process.exit(ExitCode.interrupted);
    ctx.log.info(`${signal}: stopping after the datasets in progress (press Ctrl+C again to quit now)`);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const line = (r: AttemptResult) => (flags.json ? JSON.stringify(attemptJson(r)) : attemptLine(r));
  ctx.log.info(`polling ${regions.join(', ')}; Ctrl+C or SIGTERM stops between datasets`);
  try {
    await pollForever(
      { regions, realms, concurrency, signal: controller.signal },
      { ...deps, events: { finished: (r) => void write(ctx.stdout, `${line(r)}\n`) } },
    );
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** The live board: one overall line, the datasets in flight and the failures; log lines above it. */
async function liveBoard(ctx: CommandContext): Promise<{ events: ScrapeEvents; stop: () => Promise<void> }> {
  const board = new ProgressBoard('holocron scrape', { noun: 'datasets' });
  const { mountProgress } = await import('../ui/live.js');
  const stop = mountProgress(board, { logs: ctx.logSink });
  return {
    stop,
    events: {
      queued: (d) => board.upsert(d.key, { label: d.key, state: 'waiting', unit: 'bytes' }),
      started: (d) => board.upsert(d.key, { label: d.key, state: 'running', unit: 'bytes', detail: 'downloading' }),
      progress: (d, p) =>
        board.upsert(d.key, { done: p.wireBytes, total: p.totalBytes, rows: p.rows, detail: `${formatCount(p.rows)} rows` }),
      finished: (r) =>
        board.upsert(r.dataset.key, {
          label: r.dataset.key,
          state: r.status === 'failed' ? 'failed' : r.status === 'skipped' ? 'skipped' : 'done',
          unit: 'bytes',
          done: r.wireBytes ?? 0,
          total: r.wireBytes ?? undefined,
          rows: r.rows ?? 0,
          // Only failures stay on the board once finished; the URL is the dataset's, named beside it.
          detail: r.status === 'failed' ? `failed: ${errorWithoutUrl(r.error ?? '')}` : '',
        }),
    },
  };
}

/** 0 all stored/unchanged/skipped; 1 when something failed unexpectedly (a bug); else 75. */
export function exitCodeOf(results: readonly AttemptResult[]): ExitCode {
  if (results.some((r) => r.unexpected)) return ExitCode.bug;
  if (results.some((r) => r.status === 'failed')) return ExitCode.tempFail;
  return ExitCode.ok;
}

type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

function attemptJson(r: AttemptResult) {
  return {
    dataset: r.dataset.key,
    region: r.dataset.region,
    connectedRealmId: r.dataset.connectedRealmId,
    status: r.status,
    httpStatus: r.httpStatus,
    rows: r.rows,
    bytes: r.wireBytes,
    durationMs: Math.round(r.durationMs),
    snapshotAt: r.snapshotAt?.toISOString() ?? null,
    snapshotId: r.snapshotId,
    error: r.error,
  };
}

function summaryJson(s: ScrapeSummary) {
  const count = (status: string) => s.results.filter((r) => r.status === status).length;
  return {
    startedAt: s.startedAt.toISOString(),
    finishedAt: s.finishedAt.toISOString(),
    durationMs: s.finishedAt.getTime() - s.startedAt.getTime(),
    counts: { success: count('success'), unchanged: count('unchanged'), skipped: count('skipped'), failed: count('failed') },
    exitCode: exitCodeOf(s.results),
    datasets: [...s.results].sort((a, b) => a.dataset.key.localeCompare(b.dataset.key)).map(attemptJson),
  };
}

export function attemptLine(r: AttemptResult): string {
  const parts = [r.dataset.key.padEnd(16), r.status.padEnd(9)];
  if (r.httpStatus !== null) parts.push(`http ${r.httpStatus}`);
  if (r.rows) parts.push(`${formatCount(r.rows)} rows`);
  if (r.wireBytes) parts.push(formatBytes(r.wireBytes));
  parts.push(formatDuration(r.durationMs));
  if (r.snapshotAt) parts.push(`snapshot ${r.snapshotAt.toISOString()}`);
  if (r.error) parts.push(`error: ${r.error}`);
  return parts.join('  ');
}

function summaryLine(s: ScrapeSummary): string {
  const { counts, durationMs } = summaryJson(s);
  return `scrape finished in ${formatDuration(durationMs)}: ${counts.success} stored, ${counts.unchanged} unchanged, ${counts.skipped} skipped, ${counts.failed} failed`;
}
