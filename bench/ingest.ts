/**
 * npm run bench:ingest — `holocron ingest` on a generated 28 MB Syndicator-shaped
 * file (50 characters, 131,130 stacks), measured the way the command runs.
 *
 * 1. Reading: the path ingest takes (hash and sniff pass, compression worker,
 *    windowed parse on the same descriptor) against luaparse + an AST walk, each
 *    in a fresh process, rounds interleaved. Targets: ≥ 3× faster, peak RSS ≤ 4×
 *    the file.
 * 2. The whole command, as a new process: a first ingest into a fresh, migrated
 *    database (target ≤ 3 s), then the same file again with a new mtime and one
 *    character's gold changed — the game re-saving it after a login — (target
 *    ≤ 1 s), then byte-identical with a new mtime (nothing to do). Baselines in
 *    the same round: `psql \copy` of the same 131,130 stack rows into a copy of
 *    the table, and a bare `node -e 0`.
 *
 * Options (env): BENCH_ROUNDS=3 BENCH_BANK_TABS=21
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { generateSyndicatorFile } from '../test/helpers/syndicator-generator.js';
import { REPO_ROOT, benchDatabase, hasPsql, machineLine, median, runHolocron } from './lib/bench-db.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BANK_TABS = Number(process.env.BENCH_BANK_TABS ?? 21);

interface ParseRun {
  ms: number;
  peakMb: number;
}

interface CommandRun {
  ms: number;
  peakMb: number;
  status: string;
  timings: Record<string, number>;
}

function parseOnce(method: 'holocron' | 'luaparse', file: string): ParseRun {
  const child = spawnSync(process.execPath, ['--max-old-space-size=4096', path.join(REPO_ROOT, 'bench', 'lib', 'parse-child.mjs'), method, file], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${method} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as ParseRun;
}

async function ingestOnce(file: string, env: Record<string, string>): Promise<CommandRun> {
  const run = await runHolocron(['ingest', file, '--account', 'Bench', '--json'], env);
  if (run.code !== 0) throw new Error(`ingest exited ${run.code}: ${run.stderr}`);
  const report = JSON.parse(run.stdout) as { files: Array<{ status: string; timings?: Record<string, number> }> };
  return { ms: run.wallMs, peakMb: run.peakRssMb, status: report.files[0]!.status, timings: report.files[0]!.timings ?? {} };
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const started = performance.now();
  const child = spawnSync(command, args, { env, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${command} failed: ${child.stderr}`);
  return performance.now() - started;
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

// Ingest makes no TLS connection; a CA bundle loaded into every Node start (this
// sandbox sets one) would only add ~90 ms to each process measured here.
const EXTRA_CA = process.env.NODE_EXTRA_CA_CERTS;
delete process.env.NODE_EXTRA_CA_CERTS;

const main = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-bench-ingest-'));
  const file = path.join(dir, 'Syndicator.lua');
  const bytes = generateSyndicatorFile({ characters: 50, bankTabs: BANK_TABS, mail: 100, void: 160, currencies: 1500, guilds: 10, fill: 1 });
  fs.writeFileSync(file, bytes);
  const sizeMb = bytes.length / 2 ** 20;
  process.stderr.write(`generated ${file}: ${sizeMb.toFixed(1)} MB, 50 characters\n`);

  // 1. Reading.
  const ours: ParseRun[] = [];
  const theirs: ParseRun[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    theirs.push(parseOnce('luaparse', file));
    ours.push(parseOnce('holocron', file));
    process.stderr.write(`  read round ${round}: luaparse+walk ${theirs.at(-1)!.ms.toFixed(0)} ms (${theirs.at(-1)!.peakMb.toFixed(0)} MB), holocron ${ours.at(-1)!.ms.toFixed(0)} ms (${ours.at(-1)!.peakMb.toFixed(0)} MB)\n`);
  }
  const speedup = median(ours.map((o, i) => theirs[i]!.ms / o.ms));
  const readPeak = Math.max(...ours.map((o) => o.peakMb));

  // 2. The whole command. One server; each round a fresh database cloned from a migrated template.
  const template = await benchDatabase('holocron_bench_ingest_tpl');
  const firsts: CommandRun[] = [];
  const resaves: CommandRun[] = [];
  const identicals: CommandRun[] = [];
  const copies: number[] = [];
  const nodes: number[] = [];
  const psql = hasPsql();
  const stacksCsv = path.join(dir, 'stacks.copy');
  try {
    const migrated = await runHolocron(['db', 'migrate'], { DATABASE_URL: template.url, HOLOCRON_HOME: dir });
    if (migrated.code !== 0) throw new Error(`migrate exited ${migrated.code}: ${migrated.stderr}`);
    const resaved = path.join(dir, 'resaved', 'Syndicator.lua');
    fs.mkdirSync(path.dirname(resaved));
    for (let round = 1; round <= ROUNDS; round++) {
      const name = `holocron_bench_ingest_r${round}`;
      const url = await cloneDatabase(template.config, 'holocron_bench_ingest_tpl', name, template.url);
      const env = { DATABASE_URL: url, HOLOCRON_HOME: dir };
      nodes.push(timed(process.execPath, ['-e', '0']));
      // The same path each round: "already ingested" is per path, and each round's database is new.
      fs.utimesSync(file, new Date(), new Date(Date.now() - 7200_000));
      firsts.push(await ingestOnce(file, env));
      if (psql) {
        if (!fs.existsSync(stacksCsv)) timed('psql', [url, '-qc', `\\copy (SELECT * FROM holocron.item_stacks) TO '${stacksCsv}'`]);
        timed('psql', [url, '-qc', 'CREATE TABLE bench_stacks (LIKE holocron.item_stacks INCLUDING ALL)']);
        copies.push(timed('psql', [url, '-qc', `\\copy bench_stacks FROM '${stacksCsv}'`]));
      }
      // Re-saved by the game after a login: one character's gold moved, everything else identical.
      fs.writeFileSync(resaved, bytes.toString('latin1').replace(/\["money"\] = (\d+)/, (_, n: string) => `["money"] = ${Number(n) + 1}`), 'latin1');
      fs.utimesSync(resaved, new Date(), new Date(Date.now() - 3600_000));
      resaves.push(await ingestOnce(resaved, env));
      fs.utimesSync(resaved, new Date(), new Date());
      identicals.push(await ingestOnce(resaved, env));
      process.stderr.write(
        `  command round ${round}: first ${fmt(firsts.at(-1)!.ms)} (${firsts.at(-1)!.status}), re-saved ${fmt(resaves.at(-1)!.ms)} (${resaves.at(-1)!.status}), ` +
          `identical ${fmt(identicals.at(-1)!.ms)} (${identicals.at(-1)!.status})${psql ? `, psql \\copy ${fmt(copies.at(-1)!)}` : ''}, node -e 0 ${fmt(nodes.at(-1)!)}\n`,
      );
      await dropDatabase(template.config, name);
    }
  } finally {
    await template.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const phaseLine = (runs: CommandRun[]) => {
    const phases = Object.keys(runs[0]!.timings);
    return phases.map((p) => `${p} ${median(runs.map((r) => r.timings[p] ?? 0)).toFixed(0)}`).join(', ');
  };
  const first = median(firsts.map((r) => r.ms));
  const resave = median(resaves.map((r) => r.ms));
  const lines = [
    `holocron bench:ingest — ${new Date().toISOString()}`,
    machineLine(),
    `Syndicator-shaped file, 50 characters, ${sizeMb.toFixed(1)} MB; median of ${ROUNDS}, each in a fresh process${EXTRA_CA ? ' (NODE_EXTRA_CA_CERTS unset for them)' : ''}.`,
    'Reading (the path holocron ingest takes: hash and sniff, compression worker, windowed parse):',
    `  luaparse + walk     ${fmt(median(theirs.map((t) => t.ms)))}   peak RSS ${Math.max(...theirs.map((t) => t.peakMb)).toFixed(0)} MB`,
    `  holocron            ${fmt(median(ours.map((t) => t.ms)))}   peak RSS ${readPeak.toFixed(0)} MB (${(readPeak / sizeMb).toFixed(1)}× the file; target ≤ 4×)`,
    `  speed-up            ${speedup.toFixed(1)}× (target ≥ 3×)`,
    'holocron ingest, the whole command (new process, database migrated beforehand):',
    `  first ingest        ${fmt(first)}   peak RSS ${Math.max(...firsts.map((r) => r.peakMb)).toFixed(0)} MB   target ≤ 3 s → ${first <= 3000 ? 'met' : 'NOT met'}`,
    `    phases (ms, median): ${phaseLine(firsts)}`,
    `  re-saved file       ${fmt(resave)}   (${resaves[0]!.status}; same inventory, one gold value changed)   target ≤ 1 s → ${resave <= 1000 ? 'met' : 'NOT met'}`,
    `    phases (ms, median): ${phaseLine(resaves)}`,
    `  byte-identical      ${fmt(median(identicals.map((r) => r.ms)))}   (${identicals[0]!.status})`,
    psql
      ? `  baseline: psql \\copy of the same 131,130 stack rows ${fmt(median(copies))} (first ingest = ${median(firsts.map((r, i) => r.ms / copies[i]!)).toFixed(1)}× it); node -e 0 ${fmt(median(nodes))}`
      : `  baseline: node -e 0 ${fmt(median(nodes))} (psql not installed: no \\copy baseline)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
};

/** The server's maintenance database, whether the config is a URL (DATABASE_URL) or fields (embedded). */
function adminConfig(config: pg.ClientConfig): pg.ClientConfig {
  if (!config.connectionString) return { ...config, database: 'postgres' };
  const url = new URL(config.connectionString);
  url.pathname = '/postgres';
  return { connectionString: url.toString() };
}

async function cloneDatabase(config: pg.ClientConfig, template: string, name: string, templateUrl: string): Promise<string> {
  const admin = new pg.Client(adminConfig(config));
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  return templateUrl.replace(template, name);
}

async function dropDatabase(config: pg.ClientConfig, name: string): Promise<void> {
  const admin = new pg.Client(adminConfig(config));
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

await main();
