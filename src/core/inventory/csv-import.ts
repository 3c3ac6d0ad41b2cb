/**
 * Lists the player keeps in a spreadsheet (keep rules, consumables): CSV read
 * with csv-parse, each row resolved on its own so one bad row is reported by
 * its line and the others still count, the good rows saved in one transaction.
 */
import { queryOn, type Database } from '../db/pool.js';
import { AppError, DataError } from '../errors.js';

export interface ImportProblem {
  line: number;
  message: string;
}

export interface ImportReport {
  file: string;
  imported: number;
  problems: ImportProblem[];
}

export interface CsvImport<Row> {
  /** True for a first line that names the columns instead of holding data. */
  isHeader: (record: string[]) => boolean;
  /** A row's values, or an AppError saying what is wrong with it. */
  resolve: (record: string[]) => Promise<Row>;
  save: (db: Pick<Database, 'query'>, row: Row) => Promise<unknown>;
}

export async function importCsv<Row>(db: Database, text: string, file: string, how: CsvImport<Row>): Promise<ImportReport> {
  const { parse } = await import('csv-parse/sync');
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true, info: true, bom: true }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new DataError(`${file}${line ? `:${line}` : ''}: not CSV (${(error as Error).message})`);
  }
  const problems: ImportProblem[] = [];
  const rows: Row[] = [];
  for (const [index, { record, info }] of records.entries()) {
    if (index === 0 && how.isHeader(record)) continue;
    try {
      rows.push(await how.resolve(record));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problems.push({ line: info.lines, message: error.message });
    }
  }
  await db.withTransaction(async (tx) => {
    for (const row of rows) await how.save(queryOn(tx), row);
  });
  return { file, imported: rows.length, problems };
}
