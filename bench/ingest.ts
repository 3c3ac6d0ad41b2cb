/**
 * npm run bench:ingest — the SavedVariables reader on a generated ~30 MB
 * Syndicator-shaped file with 50 characters, against luaparse + an AST-to-object
 * walk, each parse in a fresh process, rounds interleaved. Targets: ≥ 3× faster
 * than luaparse; peak RSS ≤ 4× the file size. Also times a whole `holocron ingest`
 * of the same file into PostgreSQL (for the record; no target).
 *
 * Options (env): BENCH_ROUNDS=3 BENCH_BANK_TABS=21
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateSyndicatorFile } from '../test/helpers/syndicator-generator.js';
import { REPO_ROOT, benchDatabase, machineLine, median, runHolocron } from './lib/bench-db.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BANK_TABS = Number(process.env.BENCH_BANK_TABS ?? 21);

interface ParseRun {
  ms: number;
  peakMb: number;
  baseMb: number;
}

function parseOnce(method: 'holocron' | 'luaparse', file: string): ParseRun {
  const child = spawnSync(process.execPath, ['--max-old-space-size=4096', path.join(REPO_ROOT, 'bench', 'lib', 'parse-child.mjs'), method, file], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${method} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as ParseRun;
}

const main = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-bench-ingest-'));
  const file = path.join(dir, 'Syndicator.lua');
  fs.writeFileSync(file, generateSyndicatorFile({ characters: 50, bankTabs: BANK_TABS, mail: 100, void: 160, currencies: 1500, guilds: 10, fill: 1 }));
  const sizeMb = fs.statSync(file).size / 2 ** 20;
  process.stderr.write(`generated ${file}: ${sizeMb.toFixed(1)} MB, 50 characters\n`);
  const ours: ParseRun[] = [];
  const theirs: ParseRun[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    theirs.push(parseOnce('luaparse', file));
    ours.push(parseOnce('holocron', file));
    process.stderr.write(`  round ${round}: luaparse+walk ${theirs.at(-1)!.ms.toFixed(0)} ms (${theirs.at(-1)!.peakMb.toFixed(0)} MB), holocron ${ours.at(-1)!.ms.toFixed(0)} ms (${ours.at(-1)!.peakMb.toFixed(0)} MB)\n`);
  }
  const speedup = median(ours.map((o, i) => theirs[i]!.ms / o.ms));
  const peak = Math.max(...ours.map((o) => o.peakMb));

  // The whole command, file → PostgreSQL, once (first ingest of this file).
  const db = await benchDatabase('holocron_bench_ingest');
  let ingestLine = '';
  try {
    const run = await runHolocron(['ingest', file, '--account', 'Bench', '--json'], { DATABASE_URL: db.url, HOLOCRON_HOME: dir });
    if (run.code !== 0) throw new Error(`ingest exited ${run.code}: ${run.stderr}`);
    const summary = JSON.parse(run.stdout) as { stacks?: number; files?: Array<{ stacks?: number }> };
    const stacks = summary.stacks ?? summary.files?.reduce((a, f) => a + (f.stacks ?? 0), 0) ?? 0;
    ingestLine = `  holocron ingest (whole command, into PostgreSQL): ${(run.wallMs / 1000).toFixed(2)} s, ${stacks.toLocaleString()} stacks, peak RSS ${run.peakRssMb.toFixed(0)} MB`;
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const lines = [
    `holocron bench:ingest — ${new Date().toISOString()}`,
    machineLine(),
    `Syndicator-shaped file, 50 characters, ${sizeMb.toFixed(1)} MB; median of ${ROUNDS}, each parse in a fresh process:`,
    `  luaparse + walk     ${(median(theirs.map((t) => t.ms)) / 1000).toFixed(2)} s   peak RSS ${Math.max(...theirs.map((t) => t.peakMb)).toFixed(0)} MB`,
    `  holocron reader     ${(median(ours.map((t) => t.ms)) / 1000).toFixed(2)} s   peak RSS ${peak.toFixed(0)} MB (${(peak / sizeMb).toFixed(1)}× the file; target ≤ 4×)`,
    `  speed-up            ${speedup.toFixed(1)}× (target ≥ 3×)`,
    ingestLine,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
};

await main();
