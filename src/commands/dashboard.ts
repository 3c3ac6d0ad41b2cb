import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Config } from '../core/config.js';
import { TAB_NAMES, type DashboardTab, type TabName, type TabOf } from '../core/dashboard/types.js';
import type { Database } from '../core/db/pool.js';
import { emitReport } from '../output/report.js';
import type { DashboardSource } from '../ui/dashboard/source.js';
import { createContext, withDatabase, type CommandContext } from './context.js';

interface DashboardFlags {
  tab?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('dashboard')
    .description('the Command Center: alerts, market, operations, roster and collection in one full-screen terminal app')
    .option('--tab <name>', `one tab (${TAB_NAMES.join(', ')}): the one printed, or the one the app opens on`)
    .option('--json', 'print the tabs as JSON and exit (all of them unless --tab)')
    .addHelpText(
      'after',
      '\nKeys: 1–5 or tab/shift-tab switch tabs, / searches ("where is my…"), j/k move, enter opens the detail, esc closes, q quits.\nOn Operations: p plan liquidation, a apply it, r restock manifest, R apply it, d job done, c cancel job (each asks y/n).\nWithout a terminal (cron, pipes) it prints a short summary of each tab.',
    )
    .action(async (flags: DashboardFlags, cmd: Command) => run(flags, createContext(cmd.optsWithGlobals())));
}

export async function run(flags: DashboardFlags, ctx: CommandContext): Promise<void> {
  const { loadTab, tabName } = await import('../core/dashboard/tabs.js');
  const tab = flags.tab === undefined ? undefined : tabName(flags.tab);
  // Keys come from stdin: without a terminal there (`holocron dashboard < file`, cron with a tty stdout) it prints the summary.
  if (ctx.mode === 'ink' && process.stdin.isTTY) return openDashboard(ctx.config, ctx, tab ? { initialTab: tab } : {});
  const tabs = await withDatabase(ctx, { migrate: true }, async ({ db }) => {
    const loaded: DashboardTab[] = [];
    // One at a time: the pool is small and each tab already runs its queries together.
    for (const name of tab ? [tab] : TAB_NAMES) loaded.push(await loadTab(db, name));
    return loaded;
  });
  const { tabLines } = await import('../output/dashboard-format.js');
  await emitReport(ctx.mode, {
    data: tabs,
    json: (t) => (tab ? t[0] : Object.fromEntries(t.map((one) => [one.tab, one]))),
    plain: (t) => t.flatMap((one, i) => [...(i > 0 ? [''] : []), ...tabLines(one)]),
  });
}

/**
 * The full-screen app on the database `config` names, until the user quits.
 * `holocron demo` opens it on a demo database this way.
 */
export async function openDashboard(config: Config, ctx: CommandContext, options: { initialTab?: TabName } = {}): Promise<void> {
  // Ink, React and the core load while the database connects, and the first
  // tab's data is read while Ink mounts: the first paint waits for the slower,
  // unless the tab as last seen can be shown while both happen.
  const screen = import('../ui/dashboard/fullscreen.js');
  const core = coreModules();
  const { LastSeen } = await import('../core/dashboard/last-seen.js');
  const lastSeen = new LastSeen(config.home, config.databaseUrl);
  const initialTab = options.initialTab ?? 'home';
  const seen = lastSeen.read();
  const opened = import('../core/db/connect.js').then(({ openDatabase }) => openDatabase({ config, log: ctx.log, migrate: true }));
  // Without a last-seen frame a database that cannot be opened fails the command before the screen is drawn.
  if (!seen[initialTab]) await opened;
  opened.catch(() => undefined);
  // Log lines would scribble over the screen: they wait until it is closed.
  const held: string[] = [];
  const restoreLog = ctx.logSink.divert((text) => held.push(text));
  const stopMark = paintMark(ctx.stdout, process.env.HOLOCRON_DASHBOARD_PAINT_MARK);
  try {
    const ready = Promise.all([opened, core]).then(([{ db }, modules]) => saving(timed(databaseSource(db, modules), ctx), lastSeen));
    const source = deferred(ready);
    const first = source.load(initialTab);
    first.catch(() => undefined);
    const { runFullScreen } = await screen;
    ctx.log.debug(`dashboard: Ink mounts ${performance.now().toFixed(1)} ms after start${seen[initialTab] ? ' (with the last-seen tab)' : ''}`);
    await runFullScreen(prefetched(source, initialTab, first), { stdout: ctx.stdout, color: !process.env.NO_COLOR, initialTab, initialData: seen, abandon: opened });
  } finally {
    stopMark();
    restoreLog();
    for (const text of held) ctx.logSink.write(text);
    await opened.then(({ db }) => db.close()).catch(() => undefined);
  }
}

/** A source usable before the database is open: each call waits for it. */
function deferred(ready: Promise<DashboardSource>): DashboardSource {
  return {
    load: async (tab) => (await ready).load(tab),
    run: async (action) => (await ready).run(action),
    search: async (text) => (await ready).search(text),
    listen: async (onChange) => {
      const source = await ready;
      return source.listen ? source.listen(onChange) : { close: async () => undefined };
    },
  };
}

/** Each tab read is kept for the next start's first frame. */
function saving(source: DashboardSource, lastSeen: { save(tab: DashboardTab): void }): DashboardSource {
  return {
    ...source,
    load: async (tab) => {
      const data = await source.load(tab);
      lastSeen.save(data);
      return data;
    },
  };
}

/** Where a slow first paint's time goes (-v): each load's start and end, in ms after start. */
function timed(source: DashboardSource, ctx: CommandContext): DashboardSource {
  return {
    ...source,
    load: async (tab) => {
      const started = performance.now();
      const data = await source.load(tab);
      ctx.log.debug(`dashboard: ${tab} loaded ${started.toFixed(1)}–${performance.now().toFixed(1)} ms after start`);
      return data;
    },
  };
}

function coreModules() {
  return Promise.all([
    import('../core/dashboard/tabs.js'),
    import('../core/dashboard/actions.js'),
    import('../core/dashboard/listen.js'),
    import('../core/inventory/search.js'),
  ]);
}

/** The app's view of the database: the core's tab loaders, actions, search and notifications. */
function databaseSource(db: Database, [{ loadTab }, { runAction }, { listenForData }, { searchItems }]: Awaited<ReturnType<typeof coreModules>>): DashboardSource {
  return {
    load: (tab) => loadTab(db, tab),
    run: (action) => runAction(db, action),
    search: (text) => searchItems(db, { text, limit: 25 }),
    listen: (onChange) => listenForData(db, onChange),
  };
}

/** The app's first load of `tab` is answered by the one already under way. */
function prefetched(source: DashboardSource, tab: TabName, first: Promise<DashboardTab>): DashboardSource {
  let pending: Promise<DashboardTab> | undefined = first;
  return {
    ...source,
    load: <T extends TabName>(name: T) => {
      const early = name === tab ? pending : undefined;
      pending = undefined;
      return (early as Promise<TabOf<T>> | undefined) ?? source.load(name);
    },
  };
}

/**
 * For the benchmark: the wall-clock time (ms since the epoch) at which the
 * first frame with a tab's data was written to the terminal, into `file`. A
 * frame shows data once the tab bar says "as of …" instead of "loading…".
 * The process start (performance.timeOrigin) follows, to tell spawn from work.
 */
function paintMark(stdout: NodeJS.WriteStream, file: string | undefined): () => void {
  if (!file) return () => undefined;
  const write = stdout.write.bind(stdout);
  let done = false;
  stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const result = (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    if (!done && String(chunk).includes('as of ')) {
      done = true;
      writeFileSync(file, `${Date.now()} ${performance.timeOrigin}\n`);
    }
    return result;
  }) as NodeJS.WriteStream['write'];
  return () => {
    stdout.write = write as NodeJS.WriteStream['write'];
  };
}
