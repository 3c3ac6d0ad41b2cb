import { loadConfig, type Config } from '../core/config.js';
import type { Connected } from '../core/db/connect.js';
import { DivertableSink, createStreamLogger, type Logger } from '../core/log.js';
import { redact } from '../core/redact.js';
import { outputMode, type OutputFlags, type OutputMode } from '../output/report.js';

/** What every command handler receives: configuration, a stderr logger, output mode. */
export interface CommandContext {
  readonly config: Config;
  readonly log: Logger;
  readonly mode: OutputMode;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  /** Where `log` writes; a live progress board takes it over while it is drawn. */
  readonly logSink: DivertableSink;
  /** -v: debug lines on stderr, and every dataset/file in the final reports. */
  readonly verbose: boolean;
}

export interface GlobalFlags {
  verbose?: boolean;
}

export function createContext(flags: OutputFlags & GlobalFlags, env: NodeJS.ProcessEnv = process.env): CommandContext {
  const stderr = process.stderr;
  const logSink = new DivertableSink(stderr);
  const log = createStreamLogger(logSink, {
    verbose: Boolean(flags.verbose),
    // Cron logs are appended to one file; timestamps make them readable later.
    timestamps: !stderr.isTTY,
    redact,
  });
  return { config: loadConfig(env), log, mode: outputMode(flags), stdout: process.stdout, stderr, logSink, verbose: Boolean(flags.verbose) };
}

/** Opens the database for the duration of `fn` and always closes it. */
export async function withDatabase<T>(
  ctx: CommandContext,
  options: { migrate: boolean },
  fn: (connected: Connected) => Promise<T>,
): Promise<T> {
  // Loaded on demand: pg costs tens of milliseconds to import, and --help or a
  // usage error should not pay for it.
  const { openDatabase } = await import('../core/db/connect.js');
  const connected = await openDatabase({ config: ctx.config, log: ctx.log, migrate: options.migrate });
  try {
    return await fn(connected);
  } finally {
    await connected.db.close();
  }
}
