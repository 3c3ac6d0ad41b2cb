import { writeSync } from 'node:fs';
import { render } from 'ink';
import type { DashboardTab, TabName } from '../../core/dashboard/types.js';
import { App } from './App.js';
import type { DashboardSource } from './source.js';

const ENTER_ALTERNATE = '\u001b[?1049h\u001b[H';
const LEAVE_ALTERNATE = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';

export interface FullScreenOptions {
  stdout: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  color: boolean;
  initialTab?: TabName;
  onPaint?: (tab: TabName) => void;
  initialData?: Partial<Record<TabName, DashboardTab>>;
  /** Closes the app when it rejects (the database could not be opened after all): the error is rethrown. */
  abandon?: Promise<unknown>;
}

/**
 * Runs the app on the alternate screen until q (or ctrl-c, or a signal); the
 * screen the user had is back afterwards however it ends, a crash included.
 */
export async function runFullScreen(source: DashboardSource, options: FullScreenOptions): Promise<void> {
  const { stdout } = options;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    // Synchronous: this also runs from the 'exit' event, where nothing async happens.
    const fd = (stdout as { fd?: number }).fd;
    if (typeof fd === 'number') writeSync(fd, SHOW_CURSOR + LEAVE_ALTERNATE);
    else stdout.write(SHOW_CURSOR + LEAVE_ALTERNATE);
  };
  stdout.write(ENTER_ALTERNATE);
  process.once('exit', restore);
  const instance = render(
    <App
      source={source}
      color={options.color}
      {...(options.initialTab && { initialTab: options.initialTab })}
      {...(options.onPaint && { onPaint: options.onPaint })}
      {...(options.initialData && { initialData: options.initialData })}
    />,
    {
      stdout,
      ...(options.stdin && { stdin: options.stdin }),
      exitOnCtrlC: true,
      patchConsole: false,
      // Not incrementalRendering: in Ink 6.8 it moves the cursor up one line too
      // few when the frame ends in a newline (any frame shorter than the terminal),
      // so each frame lands a line lower. Whole frames go out in one write inside
      // synchronized-update markers instead.
    },
  );
  const onSignal = (signal: NodeJS.Signals) => {
    process.exitCode = 128 + (signal === 'SIGHUP' ? 1 : 15);
    instance.unmount();
  };
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, onSignal);
  let failure: { error: unknown } | undefined;
  options.abandon?.catch((error: unknown) => {
    failure = { error };
    instance.unmount();
  });
  try {
    await instance.waitUntilExit();
    if (failure) throw failure.error;
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
    instance.cleanup();
    restore();
    process.off('exit', restore);
  }
}
