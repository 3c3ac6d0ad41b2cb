import type { Command } from 'commander';
import { ExitCode, ExitError, UsageError } from '../core/errors.js';
import { emitReport } from '../output/report.js';
import { createContext, type CommandContext } from './context.js';
import { wholeNumber } from './options.js';
import type { PassReport } from '../core/bridge/sync.js';

interface SyncFlags {
  server?: string;
  wowDir?: string;
  once?: boolean;
  flavour?: string;
  tokenFile?: string;
  poll?: string;
  retries?: string;
  chunkMb?: string;
  json?: boolean;
}

/**
 * The gaming PC's side of `holocron serve`. It never opens or starts a
 * database: the PC has no PostgreSQL, so nothing here goes near withDatabase.
 */
export function register(program: Command): void {
  const bridge = program.command('bridge').description("the gaming PC's side of `holocron serve`: carry SavedVariables up, courier files down").exitOverride();
  bridge
    .command('sync')
    .description('upload changed SavedVariables and combat logs to the server; download the courier files into the addon')
    .option('--server <url>', 'the server running `holocron serve`, e.g. http://r720:8787')
    .option('--wow-dir <folder>', 'the World of Warcraft folder (the one holding _retail_)')
    .option('--once', 'one pass, then exit (Task Scheduler, cron): 0 done, 75 server down, 78 token refused')
    .option('--flavour <list>', 'game flavours to carry, comma-separated: retail, classic, classic_era … (default: all found)')
    .option('--token-file <file>', 'file holding the server token (default: HOLOCRON_TOKEN, then HOLOCRON_HOME/bridge-token)')
    .option('--poll <seconds>', 'without --once: look for changes at least this often, for when file events are missed', '30')
    .option('--retries <n>', 'attempts per request while the server is down', '5')
    .option('--chunk-mb <n>', 'combat log chunk size in MB', '8')
    .option('--json', 'print the report as JSON (one line per pass without --once)')
    .addHelpText(
      'after',
      '\nA file is sent once the game has finished writing it (size and mtime the same over a second, no\n.tmp beside it). What the server confirmed is kept in HOLOCRON_HOME/bridge-state.json, so\nnothing is sent twice; without --once the command runs until Ctrl-C.',
    )
    .action(async (flags: SyncFlags, cmd: Command) => runSync(flags, createContext(cmd.optsWithGlobals())));
}

export async function runSync(flags: SyncFlags, ctx: CommandContext): Promise<void> {
  if (!flags.server) throw new UsageError('name the server: --server http://<host>:8787');
  if (!flags.wowDir) throw new UsageError('name the game folder: --wow-dir "C:\\Program Files (x86)\\World of Warcraft"');
  const pollMs = wholeNumber(flags.poll ?? '30', '--poll', 1, 86_400) * 1000;
  const attempts = wholeNumber(flags.retries ?? '5', '--retries', 1, 100);
  const chunkBytes = wholeNumber(flags.chunkMb ?? '8', '--chunk-mb', 1, 64) * 1024 * 1024;
  const path = await import('node:path');
  const { flavourFolderName, flavourFolders, watchFolders } = await import('../core/bridge/layout.js');
  const flavours = flags.flavour?.split(',').filter((f) => f.trim() !== '').map(flavourFolderName);
  const { findToken } = await import('../core/bridge/token.js');
  const { BridgeClient, DEFAULT_RETRY } = await import('../core/bridge/client.js');
  const { loadState, STATE_FILE } = await import('../core/bridge/state.js');
  const { syncPass } = await import('../core/bridge/sync.js');
  const { systemClock } = await import('../core/clock.js');

  const found = findToken({ ...(flags.tokenFile !== undefined && { tokenFile: flags.tokenFile }), env: process.env, home: ctx.config.home });
  const statePath = path.join(ctx.config.home, STATE_FILE);
  const loaded = loadState(statePath);
  if (loaded.problem) ctx.log.warn(loaded.problem);
  const controller = new AbortController();
  const client = new BridgeClient(
    { server: flags.server, token: found.token, tokenSource: found.source, retry: { ...DEFAULT_RETRY, attempts } },
    { clock: systemClock, log: ctx.log, signal: controller.signal },
  );
  // Checked before the first pass so a wrong folder is a usage error, not a retry loop.
  const roots = flavourFolders(flags.wowDir, flavours);
  const options = { wowDir: flags.wowDir, ...(flavours && { flavours }), statePath, chunkBytes };
  const deps = { client, state: loaded.state, log: ctx.log, clock: systemClock, signal: controller.signal };
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    if (flags.once) {
      // One run from Task Scheduler: wait up to 10 s for a save in progress.
      const report = await syncPass({ ...options, settleMs: 10_000 }, deps);
      await emitReport(ctx.mode === 'json' ? 'json' : 'plain', { data: report, json: (r) => r, plain: summaryLines });
      // Stopped part-way: what was confirmed is recorded, the rest goes next run.
      if (controller.signal.aborted) throw new ExitError(ExitCode.interrupted);
      return;
    }
    ctx.log.info(`bridge: carrying ${roots.map((r) => r.flavour).join(', ')} from ${flags.wowDir} to ${client.server}; Ctrl-C stops`);
    const { watchLoop } = await import('../core/bridge/watch.js');
    await watchLoop(
      async () => {
        const report = await syncPass(options, deps);
        if (ctx.mode === 'json') ctx.stdout.write(`${JSON.stringify(report)}\n`);
        for (const waiting of report.waiting) ctx.log.info(`waiting ${waiting.path}: ${waiting.reason}`);
        return report.waiting.length > 0;
      },
      { folders: () => roots.flatMap((r) => watchFolders(r.root, r.flavour)), pollMs, soonMs: Math.min(pollMs, 2000), debounceMs: 1000, clock: systemClock, log: ctx.log, signal: controller.signal },
    );
    ctx.log.info('bridge: stopped');
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await client.close();
  }
}

export function summaryLines(r: PassReport): string[] {
  const count = (status: string) => r.files.filter((f) => f.status === status).length;
  const lines = [
    `bridge → ${r.server}: ${count('ingested')} ingested, ${count('unchanged')} unchanged, ${count('rejected')} rejected, ${r.current} already carried, ${r.waiting.length} still being written`,
    `courier: ${r.courier.written.length} written, ${r.courier.current} current`,
  ];
  for (const f of r.files.filter((file) => file.status === 'rejected')) lines.push(`  rejected ${f.path}: ${f.reason ?? ''}`);
  for (const w of r.waiting) lines.push(`  waiting ${w.path}: ${w.reason}`);
  for (const flavour of r.courierSkipped) lines.push(`  courier: the Holocron addon is not installed in ${flavour}; run holocron addon install there`);
  return lines;
}
