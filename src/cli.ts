import { statSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ENVIRONMENT_HELP } from './core/config.js';
import { ConfigError, ExitCode, UsageError, isAppError, type ExitCodeValue } from './core/errors.js';
import { redact } from './core/redact.js';
import { holocronVersion } from './core/version.js';
import * as addon from './commands/addon.js';
import * as bridge from './commands/bridge.js';
import * as consumables from './commands/consumables.js';
import * as craft from './commands/craft.js';
import * as courier from './commands/courier.js';
import * as dbMigrate from './commands/db-migrate.js';
import * as dbStatus from './commands/db-status.js';
import * as dbStop from './commands/db-stop.js';
import * as dashboard from './commands/dashboard.js';
import * as dbUrl from './commands/db-url.js';
import * as demo from './commands/demo.js';
import * as ingest from './commands/ingest.js';
import * as jobs from './commands/jobs.js';
import * as keep from './commands/keep.js';
import * as ledger from './commands/ledger.js';
import * as liquidate from './commands/liquidate.js';
import * as market from './commands/market.js';
import * as partition from './commands/partition.js';
import * as reset from './commands/reset.js';
import * as restock from './commands/restock.js';
import * as roster from './commands/roster.js';
import * as scrape from './commands/scrape.js';
import * as search from './commands/search.js';
import * as serve from './commands/serve.js';
import * as seed from './commands/seed.js';
import * as simc from './commands/simc.js';
import * as todo from './commands/todo.js';
import * as tsm from './commands/tsm.js';
import * as value from './commands/value.js';

/**
 * Builds the program. Commands register their own options; heavy modules (pg,
 * undici, Ink) are imported inside the actions so `--help` and usage errors stay
 * instant.
 */
export function buildProgram(): Command {
  const program = new Command('holocron')
    .description('Run a World of Warcraft account like a small business: market data, inventory, logistics.')
    .version(holocronVersion(), '-V, --version')
    .addOption(new Option('--env <file>', 'load environment variables from a file first (for cron)'))
    .option('-v, --verbose', 'more detail on stderr')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(redact(text)) })
    .addHelpText('after', environmentHelp())
    .hook('preAction', (thisCommand) => loadEnvFile(thisCommand.opts<{ env?: string }>().env));

  const db = program
    .command('db')
    .description('the PostgreSQL database: migrate, status, url, stop')
    .exitOverride();
  for (const command of [dbMigrate, dbStatus, dbUrl, dbStop]) command.register(db);
  scrape.register(program);
  seed.register(program);
  partition.register(program);
  ingest.register(program);
  search.register(program);
  value.register(program);
  market.register(program);
  courier.register(program);
  addon.register(program);
  keep.register(program);
  liquidate.register(program);
  jobs.register(program);
  consumables.register(program);
  restock.register(program);
  simc.register(program);
  roster.register(program);
  todo.register(program);
  reset.register(program);
  craft.register(program);
  tsm.register(program);
  ledger.register(program);
  serve.register(program);
  bridge.register(program);
  dashboard.register(program);
  demo.register(program);
  return program;
}

function environmentHelp(): string {
  const width = Math.max(...ENVIRONMENT_HELP.map(([name]) => name.length));
  return `\nEnvironment:\n${ENVIRONMENT_HELP.map(([name, text]) => `  ${name.padEnd(width)}  ${text}`).join('\n')}\n\nExit codes: 0 ok, 64 usage, 65 bad data, 66 input unreadable, 69 unavailable, 75 retry later, 78 configuration, 1 bug.\n`;
}

/**
 * Named --env, not --env-file: Node 20 claims `--env-file` anywhere on the command
 * line, even after the script name, and exits 9 before holocron runs.
 */
function loadEnvFile(path: string | undefined): void {
  if (path === undefined) return;
  // An unset variable in a crontab (`--env "$ENV_FILE"`) must not mean "no secrets".
  if (path.trim() === '') throw new UsageError('--env is empty: name the file to load');
  // Node's own message for a folder is "Contents of '…' should be a valid string".
  if (isFolder(path)) throw new ConfigError(`cannot read --env ${path}: it is a folder, not a file`);
  try {
    process.loadEnvFile(path);
  } catch (error) {
    throw new ConfigError(`cannot read --env ${path}: ${(error as Error).message}`);
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The one place that turns outcomes into exit codes. */
export async function main(argv: readonly string[]): Promise<void> {
  const code = await runCli(argv);
  await flush(process.stdout);
  await flush(process.stderr);
  process.exit(code);
}

export async function runCli(argv: readonly string[]): Promise<ExitCodeValue> {
  const program = buildProgram();
  if (argv.length <= 2) {
    program.outputHelp({ error: true });
    return ExitCode.usage;
  }
  try {
    await program.parseAsync(argv as string[]);
    return process.exitCode ? (process.exitCode as ExitCodeValue) : ExitCode.ok;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): ExitCodeValue {
  if (error instanceof CommanderError) {
    // Help and --version end with code 0; everything else commander rejects is usage.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) {
      return ExitCode.ok;
    }
    return ExitCode.usage;
  }
  if (isAppError(error)) {
    if (error.message) process.stderr.write(`holocron: ${redact(error.message)}\n`);
    if (error.hint) process.stderr.write(`  hint: ${redact(error.hint)}\n`);
    if (process.env.HOLOCRON_DEBUG && error.cause) process.stderr.write(`${redact(String((error.cause as Error).stack ?? error.cause))}\n`);
    return error.exitCode;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`holocron: unexpected error (this is a bug, please report it)\n${redact(stack)}\n`);
  return ExitCode.bug;
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.writableLength === 0) resolve();
    else stream.write('', () => resolve());
  });
}
