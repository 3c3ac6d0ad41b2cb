import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { systemClock } from '../core/clock.js';
import { ExitCode, ExitError, UsageError, errorMessage } from '../core/errors.js';
import { folderProblem, makeFolders } from '../core/folders.js';
import type { PartitionAction, PartitionReport } from '../core/partition/maintain.js';
import { formatBytes, formatCount } from '../output/progress-board.js';
import { emitReport } from '../output/report.js';
import { createContext, withDatabase, type CommandContext } from './context.js';
import { wholeNumber } from './options.js';

interface PartitionFlags {
  ahead: string;
  retain?: string;
  archiveDir?: string;
  dryRun?: boolean;
  rollUpMissing?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('partition')
    .description('create daily partitions ahead; with --retain, archive and drop old ones')
    .option('--ahead <days>', 'days of partitions to create ahead of today', '7')
    .option('--retain <days>', 'keep this much data, e.g. 30d; older partitions are dropped (nothing is dropped without it)')
    .option('--archive-dir <dir>', 'before dropping, export each partition to DIR as gzip COPY text, verified')
    .option('--dry-run', 'print what would be created, archived and dropped; change nothing')
    .option('--roll-up-missing', "roll up an expired day's market history when it is missing, then drop the day (else it is kept)")
    .option('--json', 'print the result as JSON')
    .action(async (flags: PartitionFlags, cmd: Command) => run(flags, createContext(cmd.optsWithGlobals())));
}

export async function run(flags: PartitionFlags, ctx: CommandContext): Promise<void> {
  const { maintainPartitions, parseRetention } = await import('../core/partition/maintain.js');
  const aheadDays = wholeNumber(flags.ahead, '--ahead', 0, 366);
  const retainDays = parseRetention(flags.retain);
  if (flags.archiveDir !== undefined && retainDays === undefined) throw new UsageError('--archive-dir needs --retain: say how much data to keep');
  const archiveDir = flags.archiveDir !== undefined ? archiveFolder(flags.archiveDir, Boolean(flags.dryRun)) : undefined;
  const report = await withDatabase(ctx, { migrate: true }, ({ db }) =>
    maintainPartitions({ aheadDays, retainDays, archiveDir, dryRun: Boolean(flags.dryRun), rollUpMissing: Boolean(flags.rollUpMissing) }, { db, clock: systemClock, log: ctx.log }),
  );
  await emitReport(ctx.mode, { data: report, json: (r) => r, plain: reportLines });
  // A day kept for its missing roll-up is retried by the next run: temporary, like a failure.
  if (report.failed.length > 0 || report.skipped.length > 0) throw new ExitError(ExitCode.tempFail);
}

/**
 * Checked (and made) before anything is dropped: an empty --archive-dir (an unset
 * variable in a crontab) must not mean "drop without archiving", and a file in its
 * place should be named now, not once per partition.
 */
function archiveFolder(text: string, dryRun: boolean): string {
  if (text.trim() === '') throw new UsageError('--archive-dir is empty: name the folder for the archives');
  const dir = path.resolve(text);
  const problem = folderProblem(dir);
  if (problem) throw new UsageError(`--archive-dir ${dir} cannot be used: ${problem}`);
  if (dryRun) return dir;
  try {
    makeFolders(dir, 0o750);
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    throw new UsageError(`--archive-dir ${dir} cannot be written: ${errorMessage(error)}`, { cause: error });
  }
  return dir;
}

function reportLines(r: PartitionReport): string[] {
  const verb = (done: string, would: string) => (r.dryRun ? would : done);
  const line = (what: string, a: PartitionAction) =>
    `${what.padEnd(12)} ${a.partition}${a.rows !== undefined ? `  ${formatCount(a.rows)} rows` : ''}${a.archive ? `  → ${a.archive.file} (${formatBytes(a.archive.bytes)})` : ''}${a.rolledUp ? `  (history rolled up first: ${a.rolledUp.join(', ')})` : ''}`;
  const lines = [
    ...r.created.map((a) => line(verb('created', 'would create'), a)),
    ...(r.dryRun ? r.archived.map((a) => line('would archive', a)) : r.archived.map((a) => line('archived', a))),
    ...r.dropped.map((a) => line(verb('dropped', 'would drop'), a)),
    ...r.failed.map((a) => `${'failed'.padEnd(12)} ${a.partition}: ${a.error}`),
    ...r.skipped.map((a) => `${'kept'.padEnd(12)} ${a.partition}: ${a.reason}`),
  ];
  lines.push(
    `${r.dryRun ? 'dry run: ' : ''}${r.created.length} created, ${r.archived.length} archived, ${r.dropped.length} dropped, ${r.failed.length} failed${r.skipped.length ? `, ${r.skipped.length} kept until rolled up` : ''}`,
  );
  return lines;
}
