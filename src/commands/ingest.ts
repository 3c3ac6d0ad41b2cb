import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode, ExitError, UsageError, type ExitCodeValue } from '../core/errors.js';
import type { FileReport, IngestSummary } from '../core/inventory/ingest.js';
import { ProgressBoard, formatBytes, formatCount, formatDuration } from '../output/progress-board.js';
import { filesByNote } from '../output/ingest-notes.js';
import { emitReport } from '../output/report.js';
import { otherContents } from '../output/ingest-contents.js';
import { createContext, withDatabase, type CommandContext } from './context.js';

interface IngestFlags {
  account?: string;
  reprocess?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('ingest')
    .description('read addon SavedVariables (DataStore, Syndicator, Rematch) into the inventory, TradeSkillMaster accounting into the ledger, /simc exports, and combat logs (WoWCombatLog*.txt) into skillweaver')
    .argument('[paths...]', 'SavedVariables files, SavedVariables folders, WTF/Account/<name> folders or whole WTF folders; /simc export files; - for a /simc export on stdin; combat logs or Logs folders')
    .option('--account <name>', 'the WoW account these files belong to (default: the <name> in WTF/Account/<name>/…)')
    .option('--reprocess', 'read every stored file again (after a holocron upgrade that reads more)')
    .option('--json', 'print the per-file report as JSON')
    .addHelpText(
      'after',
      '\nEach file is one transaction; a file that fails is rolled back, reported with its reason (file:line:column\nfor bad data), kept, and the run goes on. Ingesting the same file twice does nothing.\n' +
        'Exit codes: 65 a file was rejected for its data, 66 a file or folder could not be read (permissions,\na broken link), 75 a file changed while it was read (run again), 1 a bug (the other files are still read).',
    )
    .action(async (paths: string[], flags: IngestFlags, cmd: Command) => run(paths, flags, createContext(cmd.optsWithGlobals())));
}

export async function run(paths: string[], flags: IngestFlags, ctx: CommandContext): Promise<void> {
  if (paths.length === 0 && !flags.reprocess) throw new UsageError('name at least one file or folder to ingest (or use --reprocess)');
  if (flags.account !== undefined && !/^[^\0\n]{1,64}$/.test(flags.account)) throw new UsageError('--account must be 1–64 characters on one line');
  if (paths.some((p) => p.trim() === '')) throw new UsageError('an empty path was given; name SavedVariables files or folders');
  const files = paths.filter((p) => p !== '-');
  const { expandInputs } = await import('../core/inventory/paths.js');
  if (files.length > 0) expandInputs(files, flags.account); // usage errors (a path that does not exist) before the database starts
  const stdin = files.length < paths.length ? await readStdin(ctx) : undefined;
  const { ingest } = await import('../core/inventory/ingest.js');
  const progress = await progressReporter(ctx);
  let summary: IngestSummary;
  try {
    summary = await withDatabase(ctx, { migrate: true }, ({ db }) =>
      ingest({ paths: files, ...(stdin && { stdin }), ...(flags.account !== undefined && { account: flags.account }), reprocess: Boolean(flags.reprocess) }, { db, log: ctx.log, onFile: progress.update }),
    );
  } finally {
    await progress.stop();
  }
  const code = exitCodeOf(summary.files);
  await emitReport(ctx.mode, {
    data: summary,
    json: (s) => ({ files: s.files, stacks: s.stacks, jobs: s.jobs, exitCode: code }),
    plain: reportLines,
    ink: async (s) => {
      const { IngestSummaryView } = await import('../ui/IngestSummaryView.js');
      return IngestSummaryView({ files: s.files, totals: [totalsLine(s.files), ...jobsLines(s)].join('\n') });
    },
  });
  for (const file of summary.files) if (file.error) ctx.log.error(file.error);
  if (code !== ExitCode.ok) throw new ExitError(code);
}

/** The most serious outcome decides: a bug, then bad data, then unreadable input, then a file to read again. */
export function exitCodeOf(files: readonly FileReport[]): ExitCodeValue {
  const has = (status: FileReport['status']) => files.some((f) => f.status === status);
  if (has('failed')) return ExitCode.bug;
  if (has('rejected')) return ExitCode.dataError;
  if (has('unreadable')) return ExitCode.noInput;
  if (has('changed')) return ExitCode.tempFail;
  return ExitCode.ok;
}

export function fileLine(f: FileReport): string {
  const name = f.path;
  const what = f.formats.length ? ` [${f.formats.join('+')}]` : '';
  if (f.status === 'ingested' && f.simc) return `ingested  ${name}${what}: ${otherContents(f)} in ${formatDuration(f.ms)}`;
  if (f.status === 'ingested' && f.combatLog) return `ingested  ${name} [combatlog]: ${otherContents(f)} in ${formatDuration(f.ms)}`;
  if (f.status === 'ingested' && f.ledger) return `ingested  ${name}${what} (${f.account}): ${otherContents(f)} in ${formatDuration(f.ms)}`;
  if (f.status !== 'ingested' || !f.counts) return `${f.status.padEnd(9)} ${name}${what}${f.error ? `: ${withoutPath(f.error, name)}` : ''}`;
  const c = f.counts;
  const parts = [`${formatCount(c.characters)} characters`];
  if (c.guilds) parts.push(`${formatCount(c.guilds)} guilds`);
  parts.push(`${formatCount(c.stacks)} stacks stored`);
  parts.push(`${c.replaced} new, ${c.confirmed} confirmed, ${c.unchanged} unchanged, ${c.history} history snapshots`);
  if (c.ownedPets) parts.push(`${formatCount(c.ownedPets)} pets`);
  if (c.teams) parts.push(`${formatCount(c.teams)} teams`);
  return `ingested  ${name}${what} (${f.account}): ${parts.join(', ')} in ${formatDuration(f.ms)}`;
}

/**
 * `-` reads one /simc export from stdin; at a terminal the user pastes it and
 * ends with Ctrl-D. Reading stops one byte past the size limit: the core
 * rejects that as too big without the rest ever being held.
 */
async function readStdin(ctx: CommandContext): Promise<Buffer> {
  if (process.stdin.isTTY) ctx.log.info('paste the /simc export, then press Ctrl-D');
  const { SIMC_MAX_BYTES } = await import('../core/skillweaver/simc/ingest.js');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > SIMC_MAX_BYTES) break;
  }
  return Buffer.concat(chunks);
}

/** Errors start with the file's path (file:line:column); the line names it already. */
function withoutPath(error: string, name: string): string {
  if (!error.startsWith(name)) return error;
  const rest = error.slice(name.length);
  return rest.startsWith(': ') ? rest.slice(2) : rest.startsWith(':') ? `line ${rest.slice(1)}` : rest;
}

function reportLines(s: IngestSummary): string[] {
  const lines: string[] = [];
  const byNote = filesByNote(s.files);
  for (const f of s.files) {
    lines.push(fileLine(f));
    for (const note of f.notes) if (byNote.get(note)!.length === 1) lines.push(`  note: ${note}`);
  }
  for (const [note, files] of byNote) if (files.length > 1) lines.push(`note (${files.length} files): ${note}`);
  lines.push(totalsLine(s.files), ...jobsLines(s));
  return lines;
}

function jobsLines(s: IngestSummary): string[] {
  return s.jobs.done + s.jobs.cancelled > 0 ? [`logistics jobs: ${s.jobs.done} done, ${s.jobs.cancelled} cancelled by these inventories (holocron jobs --all)`] : [];
}

export function totalsLine(files: FileReport[]): string {
  const count = (status: string) => files.filter((f) => f.status === status).length;
  const bytes = files.reduce((sum, f) => sum + f.sizeBytes, 0);
  const stacks = files.reduce((sum, f) => sum + (f.counts?.stacks ?? 0), 0);
  return (
    `${files.length} file(s), ${formatBytes(bytes)}: ${count('ingested')} ingested, ${count('unchanged')} unchanged, ${count('skipped')} skipped, ` +
    `${count('deferred')} waiting for DataStore.lua, ${count('rejected')} rejected, ${count('unreadable')} unreadable, ` +
    `${count('changed')} changed while read, ${count('failed')} failed; ${formatCount(stacks)} stacks stored`
  );
}

async function progressReporter(ctx: CommandContext): Promise<{ update: NonNullable<Parameters<typeof import('../core/inventory/ingest.js').ingest>[1]['onFile']>; stop: () => Promise<void> }> {
  if (ctx.mode === 'ink' && ctx.stderr.isTTY) {
    const board = new ProgressBoard('holocron ingest', { noun: 'steps', itemName: 'files' });
    const { mountProgress } = await import('../ui/live.js');
    const stop = mountProgress(board, { logs: ctx.logSink });
    return {
      update: (e) =>
        board.upsert('files', {
          label: 'files',
          state: e.phase === 'done' && e.index + 1 === e.total ? 'done' : 'running',
          done: e.index + (e.phase === 'done' ? 1 : 0),
          total: e.total,
          unit: 'items',
          detail: path.basename(e.path),
        }),
      stop,
    };
  }
  return {
    update: (e) => {
      if (e.phase === 'done' && e.report) ctx.log.info(`ingest ${e.index + 1}/${e.total}: ${e.report.status} ${path.basename(e.path)}`);
    },
    stop: async () => {},
  };
}
