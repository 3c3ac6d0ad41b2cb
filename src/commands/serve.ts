import fs from 'node:fs';
import type { Command } from 'commander';
import { ConfigError, UsageError } from '../core/errors.js';
import { createContext, type CommandContext } from './context.js';
import { wholeNumber } from './options.js';

interface ServeFlags {
  listen: string;
  maxBody: string;
  tlsCert?: string;
  tlsKey?: string;
  region?: string;
  courierDelay: string;
  rate: string;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('the resident server: uploads from `holocron bridge sync`, courier files, a JSON read API (search, value, jobs, status) and the web Command Center at /')
    .option('--listen <host:port>', 'address to listen on (beyond loopback only with HOLOCRON_TOKEN or a token file)', '127.0.0.1:8787')
    .option('--max-body <MB>', 'largest request body in MB (combat logs come in chunks below it)', '64')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM)')
    .option('--tls-key <file>', 'and this private key (PEM)')
    .option('--region <region>', 'whose market prices the courier files carry (default: where most characters play)')
    .option('--courier-delay <ms>', 'regenerate the courier files this long after the last ingest that changed something', '2000')
    .option('--rate <n>', 'requests per second per client (bursts of twice that)', '50')
    .addHelpText(
      'after',
      '\nEvery /api route needs "Authorization: Bearer <token>" (the web page asks for it): HOLOCRON_TOKEN, or the token in\n' +
        '$HOLOCRON_HOME/serve-token (made, mode 600, and printed once on the first start).\n' +
        'Logs are one JSON object per line on stderr. SIGTERM stops accepting, finishes uploads in flight, exits 0.',
    )
    .action(async (flags: ServeFlags, cmd: Command) => run(flags, createContext(cmd.optsWithGlobals())));
}

export async function run(flags: ServeFlags, ctx: CommandContext): Promise<void> {
  const { host, port } = parseListen(flags.listen);
  const maxBody = wholeNumber(flags.maxBody, '--max-body', 1, 4096) * 1024 * 1024;
  const courierDelayMs = wholeNumber(flags.courierDelay, '--courier-delay', 0, 3_600_000);
  const perSecond = wholeNumber(flags.rate, '--rate', 1, 100_000);
  const region = flags.region?.toLowerCase();
  if (region !== undefined && !['us', 'eu', 'kr', 'tw'].includes(region)) throw new UsageError('--region must be us, eu, kr or tw');
  if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey)) throw new UsageError('--tls-cert and --tls-key go together');
  const tls = flags.tlsCert && flags.tlsKey ? { cert: readPem(flags.tlsCert), key: readPem(flags.tlsKey) } : undefined;

  const { resolveToken, isLoopback } = await import('../core/serve/auth.js');
  const token = resolveToken(process.env, ctx.config.home, isLoopback(host));
  // Written past the logger on purpose: the one time the token is shown.
  if (token.createdFile) ctx.stderr.write(`holocron serve: made ${token.createdFile} (mode 600); the bridge needs this token, shown once:\n${token.token}\n`);
  const { redact, registerSecret } = await import('../core/redact.js');
  registerSecret(token.token);

  const { jsonLineLog } = await import('../core/serve/log.js');
  const out = jsonLineLog((line) => ctx.stderr.write(redact(line)));
  const { openDatabase } = await import('../core/db/connect.js');
  // Warm connections stay open (no idle timeout): the first search of the evening should not pay for a connect.
  const { db } = await openDatabase({ config: ctx.config, log: ctx.log, migrate: true, pool: { max: 10, idleTimeoutMillis: 0 } });
  await Promise.all(Array.from({ length: 4 }, () => db.query('SELECT 1')));
  const { ingest } = await import('../core/inventory/ingest.js');
  const { writeCourier } = await import('../core/courier/courier.js');
  const { holocronVersion } = await import('../core/version.js');
  const { startServer } = await import('../core/serve/server.js');
  const server = await startServer(
    { host, port, home: ctx.config.home, token: token.token, maxBody, courierDelayMs, rate: { perSecond, burst: perSecond * 2 }, ...(tls && { tls }) },
    {
      db,
      log: ctx.log,
      out,
      ingest: (paths, account) => ingest({ paths, account }, { db, log: ctx.log }),
      writeCourier: (outDir) => writeCourier({ outDir, version: holocronVersion(), ...(region !== undefined && { region }) }, { db, log: ctx.log }),
    },
  );
  out('info', 'listening', { host, port: server.address.port, tls: Boolean(tls), token: token.source, maxBody, database: db.target });

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      out('info', 'shutting down', { signal });
      // A client that never finishes its upload does not hold the server forever.
      setTimeout(() => {
        out('warn', 'shutdown timed out; exiting');
        process.exit(0);
      }, 60_000).unref();
      server
        .close()
        .then(() => db.close())
        .catch((error: unknown) => out('error', 'shutdown failed', { error: (error as Error).message }))
        .finally(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  out('info', 'stopped');
}

function parseListen(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text.trim());
  if (!match) throw new UsageError('--listen must be host:port, e.g. 127.0.0.1:8787 or [::1]:8787');
  const port = Number(match[3]);
  if (port > 65535) throw new UsageError('--listen port must be 0–65535');
  return { host: match[1] ?? match[2]!, port };
}

function readPem(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new ConfigError(`cannot read ${file}: ${(error as Error).message}`);
  }
}
