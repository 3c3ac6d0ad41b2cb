/**
 * npm run bench:ledger — `holocron ingest` of a TradeSkillMaster.lua with
 * 100,000 accounting rows (test/helpers/tsm-accounting-generator.ts: six
 * kinds, every item-string form), target ≤ 2 s (issue 13). Each round starts
 * from an empty ledger and forgets the file, so every round does the whole
 * work: read, parse, csv-parse, COPY, merge into goblin.ledger.
 *
 * Baselines in the same run, on the same rows: csv-parse alone over the six
 * CSV strings, and `psql \copy` of the same rows as CSV into an unindexed
 * table (the floor for getting them into PostgreSQL at all).
 * Also timed: ingesting the same rows again (a newer save, all already held).
 *
 * Options (env): BENCH_ROWS=100000, BENCH_ROUNDS=5.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { createDatabase, type Database } from '../src/core/db/pool.js';
import { ingest, type FileReport } from '../src/core/inventory/ingest.js';
import { silentLogger } from '../src/core/log.js';
import { HEADERS, generateAccounting, tsmFile, type CsvKey } from '../test/helpers/tsm-accounting-generator.js';
import { benchDatabase, hasPsql, machineLine, median, runHolocron } from './lib/bench-db.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TARGET_MS = 2000;

async function forget(db: Database, file: string): Promise<void> {
  await db.query('TRUNCATE goblin.ledger');
  await db.query('DELETE FROM holocron.source_files WHERE path = $1', [file]);
  await db.query('DELETE FROM holocron.source_contents c WHERE NOT EXISTS (SELECT 1 FROM holocron.source_files f WHERE f.sha256 = c.sha256)');
}

async function ingestFile(db: Database, file: string): Promise<FileReport> {
  const summary = await ingest({ paths: [file] }, { db, log: silentLogger });
  const report = summary.files[0]!;
  if (report.status !== 'ingested') throw new Error(`${file}: ${report.status} ${report.error ?? ''}`);
  return report;
}

const main = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-bench-ledger-'));
  const svDir = path.join(dir, 'WTF', 'Account', 'BENCH', 'SavedVariables');
  fs.mkdirSync(svDir, { recursive: true });
  const file = path.join(svDir, 'TradeSkillMaster.lua');
  const accounting = generateAccounting(ROWS, { seed: 13 });
  const text = tsmFile(accounting);
  fs.writeFileSync(file, text, 'latin1');
  const csvFile = path.join(dir, 'rows.csv');
  const db = await benchDatabase('holocron_bench_ledger');
  const env = { DATABASE_URL: db.url, HOLOCRON_HOME: dir };
  const database = createDatabase({ config: db.config, describe: 'bench' }, silentLogger);
  try {
    const migrated = await runHolocron(['db', 'migrate'], env);
    if (migrated.code !== 0) throw new Error(`db migrate exited ${migrated.code}: ${migrated.stderr}`);
    const strings = Object.entries(Object.values(accounting)[0]!) as Array<[CsvKey, string[]]>;
    // The same rows as one CSV for psql: kind, item, stack, quantity, price, other, player, time, source.
    fs.writeFileSync(
      csvFile,
      strings
        .flatMap(([key, lines]) =>
          lines.map((l) => {
            const f = l.split(',');
            if (key === 'csvIncome' || key === 'csvExpense') return `${key},,,1,${f[1]},${f[2]},${f[3]},${f[4]},${f[0]}`;
            if (key === 'csvExpired' || key === 'csvCancelled') return `${key},${f[0]},${f[1]},${f[2]},,,${f[3]},${f[4]},`;
            return `${key},${l}`;
          }),
        )
        .join('\n') + '\n',
    );
    await database.query('CREATE TABLE bench_copy (kind text, item_string text, stack_size integer, quantity integer, price bigint, other_player text, character text, t bigint, source text)');
    const rounds = { ingest: [] as number[], cli: [] as number[], again: [] as number[], csv: [] as number[], psql: [] as number[] };
    let phases: Record<string, number>[] = [];
    let counts: FileReport['ledger'];
    for (let round = 1; round <= ROUNDS; round++) {
      await forget(database, file);
      let started = performance.now();
      const report = await ingestFile(database, file);
      rounds.ingest.push(performance.now() - started);
      phases.push(report.timings ?? {});
      counts = report.ledger;
      // Same rows, a newer save (one byte more): read again, nothing new.
      fs.writeFileSync(file, `${text}\r\n`, 'latin1');
      started = performance.now();
      const again = await ingestFile(database, file);
      rounds.again.push(performance.now() - started);
      if (again.ledger?.added !== 0) throw new Error(`re-ingest added ${again.ledger?.added} rows`);
      fs.writeFileSync(file, text, 'latin1');
      await forget(database, file);
      const cli = await runHolocron(['ingest', '--json', file], env);
      if (cli.code !== 0) throw new Error(`holocron ingest exited ${cli.code}: ${cli.stderr}`);
      rounds.cli.push(cli.wallMs);
      started = performance.now();
      let parsed = 0;
      for (const [key, lines] of strings) parsed += (parse([HEADERS[key], ...lines].join('\n'), { relax_column_count: true, quote: false }) as unknown[]).length - 1;
      rounds.csv.push(performance.now() - started);
      if (parsed !== ROWS) throw new Error(`csv-parse read ${parsed} rows`);
      if (hasPsql()) {
        await database.query('TRUNCATE bench_copy');
        started = performance.now();
        const copy = spawnSync('psql', [db.url, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy bench_copy FROM '${csvFile}' WITH (FORMAT csv)`], { encoding: 'utf8' });
        rounds.psql.push(performance.now() - started);
        if (copy.status !== 0) throw new Error(`psql: ${copy.stderr}`);
      }
      process.stderr.write(
        `  round ${round}: ingest ${rounds.ingest.at(-1)!.toFixed(0)} ms (${Object.entries(report.timings ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')}), again ${rounds.again.at(-1)!.toFixed(0)} ms, CLI ${cli.wallMs.toFixed(0)} ms, csv-parse ${rounds.csv.at(-1)!.toFixed(0)} ms, psql \\copy ${rounds.psql.at(-1)?.toFixed(0) ?? '-'} ms\n`,
      );
    }
    const phase = (name: string) => median(phases.map((p) => p[name] ?? 0));
    const m = (values: number[]) => (values.length ? median(values) : Number.NaN);
    const ingestMs = m(rounds.ingest);
    const psqlMs = m(rounds.psql);
    process.stdout.write(
      [
        `holocron bench:ledger — ${new Date().toISOString()}`,
        machineLine(),
        `File: ${(fs.statSync(file).size / 2 ** 20).toFixed(1)} MiB TradeSkillMaster.lua, ${ROWS.toLocaleString()} accounting rows (${strings.map(([k, l]) => `${k} ${l.length}`).join(', ')}); ${db.kind} PostgreSQL; median of ${ROUNDS}.`,
        `Stored: ${JSON.stringify(counts)}`,
        `  ingest (in process, empty ledger)       ${ingestMs.toFixed(0)} ms   target ≤ ${TARGET_MS} ms: ${ingestMs <= TARGET_MS ? 'met' : 'MISSED'}`,
        `    parse ${phase('parse')} ms, read accounting (csv-parse, decode) ${phase('read accounting')} ms, wait for the file's gzip ${phase('compress wait')} ms, store ${phase('store')} ms (COPY ${phase('copy')}, merge ${phase('merge')})`,
        `  holocron ingest (CLI, wall)             ${m(rounds.cli).toFixed(0)} ms`,
        `  ingest again (newer save, all held)     ${m(rounds.again).toFixed(0)} ms`,
        `  baseline: csv-parse alone               ${m(rounds.csv).toFixed(0)} ms   ingest / csv-parse = ${(ingestMs / m(rounds.csv)).toFixed(1)}×`,
        `  baseline: psql \\copy, unindexed table   ${Number.isNaN(psqlMs) ? 'psql not found' : `${psqlMs.toFixed(0)} ms   ingest / \\copy = ${(ingestMs / psqlMs).toFixed(1)}×`}`,
      ].join('\n') + '\n',
    );
  } finally {
    await database.close();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

await main();
