import fs from 'node:fs';
import type { Database } from '../core/db/pool.js';
import { AppError, DataError, ExitCode, ExitError } from '../core/errors.js';
import type { ImportReport } from '../core/inventory/csv-import.js';
import { formatCount } from '../output/progress-board.js';
import { emitReport } from '../output/report.js';
import { withDatabase, type CommandContext } from './context.js';

/**
 * `<command> import file.csv`: reads the file (66 when it cannot), imports
 * the good rows, prints the bad ones by line, and exits 65 when there were any.
 */
export async function importFile(file: string, ctx: CommandContext, noun: string, load: () => Promise<(db: Database, text: string, file: string) => Promise<ImportReport>>): Promise<void> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, ExitCode.noInput);
  }
  const importer = await load();
  const report = await withDatabase(ctx, { migrate: true }, ({ db }) => importer(db, text, file));
  await emitReport(ctx.mode, {
    data: report,
    json: (r) => r,
    plain: (r) => [`${r.file}: ${formatCount(r.imported)} ${noun}(s) imported`, ...r.problems.map((p) => `${r.file}:${p.line}: ${p.message}`)],
  });
  if (report.problems.length > 0) {
    // The good rows are in; the exit status says the file was not clean.
    if (ctx.mode === 'json') throw new ExitError(ExitCode.dataError);
    throw new DataError(`${file}: ${report.problems.length} line(s) not imported`);
  }
}
