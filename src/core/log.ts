/**
 * Progress and diagnostics go to stderr through a Logger so stdout stays a clean
 * result stream (`holocron … --json | jq`). Core code receives one as a dependency.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

export interface StreamLoggerOptions {
  verbose?: boolean;
  /** Prefix lines with an ISO timestamp (cron logs). */
  timestamps?: boolean;
  clock?: () => Date;
  redact?: (text: string) => string;
}

/** Where a stream logger writes: stderr, or what a live display puts in its place. */
export interface LineSink {
  write(text: string): unknown;
}

/**
 * A sink that a live display can take over while it is on screen: a line written
 * straight to the terminal under a redrawing display would be overwritten or
 * leave stale copies of the display behind.
 */
export class DivertableSink implements LineSink {
  private diverted: ((text: string) => void) | undefined;

  constructor(private readonly target: LineSink) {}

  write(text: string): void {
    if (this.diverted) this.diverted(text);
    else this.target.write(text);
  }

  /** Sends every line to `to` until the returned function is called. */
  divert(to: (text: string) => void): () => void {
    this.diverted = to;
    return () => {
      if (this.diverted === to) this.diverted = undefined;
    };
  }
}

export function createStreamLogger(
  stream: LineSink,
  options: StreamLoggerOptions = {},
): Logger {
  const clock = options.clock ?? (() => new Date());
  const clean = options.redact ?? ((t: string) => t);
  const write = (level: string, message: string) => {
    const stamp = options.timestamps ? `${clock().toISOString()} ` : '';
    const tag = level === 'info' ? '' : `${level}: `;
    stream.write(`${stamp}${tag}${clean(message)}\n`);
  };
  return {
    info: (m) => write('info', m),
    warn: (m) => write('warning', m),
    error: (m) => write('error', m),
    debug: (m) => {
      if (options.verbose) write('debug', m);
    },
  };
}

export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
};
