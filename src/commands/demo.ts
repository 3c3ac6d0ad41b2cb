import type { Command } from 'commander';
import { systemClock } from '../core/clock.js';
import type { DemoResult, StepEvent } from '../core/demo/run-demo.js';
import { holocronVersion, userAgent } from '../core/version.js';
import { formatCount, formatDuration } from '../output/progress-board.js';
import { emitReport } from '../output/report.js';
import { createContext, type CommandContext } from './context.js';

interface DemoFlags {
  fresh?: boolean;
  json?: boolean;
  dashboard?: boolean;
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('try holocron on a sample account: a separate demo database filled from a local stand-in for the Blizzard API, then the dashboard')
    .option('--fresh', 'delete the demo database and build it again')
    .option('--no-dashboard', 'print the summary instead of opening the dashboard')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nEverything stays on this machine: the demo has its own embedded PostgreSQL under $HOLOCRON_HOME/demo\n(DATABASE_URL is ignored) and never touches your real database. A second run reuses what is there.',
    )
    .action(async (flags: DemoFlags, cmd: Command) => run(flags, createContext(cmd.optsWithGlobals(), withoutDatabaseUrl(process.env))));
}

/** The demo never uses DATABASE_URL, so a malformed one must not stop it either. */
function withoutDatabaseUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = env;
  return rest;
}

export async function run(flags: DemoFlags, ctx: CommandContext): Promise<void> {
  const { runDemo } = await import('../core/demo/run-demo.js');
  const progress = await progressReporter(ctx);
  let result: DemoResult;
  try {
    result = await runDemo(
      { fresh: Boolean(flags.fresh) },
      { config: ctx.config, log: ctx.log, clock: systemClock, userAgent: userAgent(), version: holocronVersion(), onStep: progress.update },
    );
  } finally {
    await progress.stop();
  }
  if (ctx.mode === 'ink' && flags.dashboard !== false && ctx.stdout.isTTY) {
    await openDashboard(result, ctx);
    return;
  }
  await emitReport(ctx.mode, { data: result, json: summaryJson, plain: summaryLines });
}

/**
 * The Command Center on the demo's database. The summary is printed first:
 * the dashboard draws on the alternate screen, so it is there again on quit.
 */
async function openDashboard(result: DemoResult, ctx: CommandContext): Promise<void> {
  await emitReport('plain', { data: result, json: summaryJson, plain: summaryLines }, ctx.stdout);
  if (!process.stdin.isTTY) return;
  const dashboard = await import('./dashboard.js');
  await dashboard.openDashboard(result.config, { ...ctx, config: result.config });
}

function summaryJson(r: DemoResult): unknown {
  return {
    home: r.home,
    fresh: r.fresh,
    totalMs: r.totalMs,
    steps: r.steps,
    counts: r.counts,
    open: openCommand(r),
  };
}

function openCommand(r: DemoResult): string {
  return `HOLOCRON_HOME=${JSON.stringify(r.home)} holocron dashboard`;
}

export function summaryLines(r: DemoResult): string[] {
  const width = Math.max(...r.steps.map((s) => s.step.length));
  const c = r.counts;
  return [
    `demo database in ${r.home} (${r.steps.find((s) => s.step === 'database')?.reused ? 'reused' : 'built'}), ready in ${formatDuration(r.totalMs)}:`,
    ...r.steps.map((s) => `  ${s.step.padEnd(width)}  ${formatDuration(s.ms).padStart(7)}  ${s.reused ? 'reused ' : ''}${s.detail}`),
    '',
    'what the Command Center shows:',
    `  Home        ${formatCount(c.characters ?? 0)} characters, ${formatCount(c.stacks ?? 0)} item stacks, ${formatCount(c.openJobs ?? 0)} open jobs`,
    `  Market      ${formatCount(c.snapshots ?? 0)} auction snapshots over ${formatCount(c.marketDays ?? 0)} days, ${formatCount(c.ledgerRows ?? 0)} ledger rows`,
    `  Operations  ${formatCount(c.openJobs ?? 0)} open logistics jobs (liquidate --apply, restock --apply, reset)`,
    `  Roster      ${formatCount(c.characters ?? 0)} characters, ${formatCount(c.vaults ?? 0)} Great Vault records`,
    `  Collection  ${formatCount(c.pets ?? 0)} pets owned, ${formatCount(c.species ?? 0)} species known; ${formatCount(c.items ?? 0)} items, ${formatCount(c.recipes ?? 0)} recipes seeded`,
    '',
    `open it: ${openCommand(r)}   (or run holocron demo again)`,
    `any command works on it the same way, e.g. HOLOCRON_HOME=${JSON.stringify(r.home)} holocron roster`,
  ];
}

/** A line per step on stderr; the scrape's snapshots as they land, at most every 2 s. */
async function progressReporter(ctx: CommandContext): Promise<{ update: (e: StepEvent) => void; stop: () => Promise<void> }> {
  if (ctx.mode === 'ink' && ctx.stderr.isTTY) {
    const { ProgressBoard } = await import('../output/progress-board.js');
    const { DEMO_STEPS } = await import('../core/demo/run-demo.js');
    const board = new ProgressBoard('holocron demo', { noun: 'steps', itemName: 'steps' });
    for (const step of DEMO_STEPS) board.upsert(step, { label: step, state: 'waiting' });
    const { mountProgress } = await import('../ui/live.js');
    const stop = mountProgress(board, { logs: ctx.logSink });
    return { update: (e) => board.upsert(e.step, { label: e.step, state: e.state, detail: e.detail, ...(e.state === 'done' && { done: 1, total: 1 }) }), stop };
  }
  let last = 0;
  return {
    update: (e) => {
      const now = Date.now();
      if (e.state === 'running' && e.detail !== '' && now - last < 2000) return;
      last = now;
      ctx.log.info(`demo ${e.step}: ${e.state === 'done' ? e.detail : e.detail || 'started'}`);
    },
    stop: async () => {},
  };
}
