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

export function createStreamLogger(
  stream: NodeJS.WritableStream,
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
