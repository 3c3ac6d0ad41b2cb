/**
 * npm run bench:combatlog — the combat log reader `holocron ingest` uses, on a
 * generated log (1 GB by default: raid pulls and keys, ~98 % damage, heal,
 * aura and cast lines, ~2 % the events the reader keeps) and on the sample
 * logs, against the naive way: readline and split(',') of every line.
 *
 * Each read is a fresh process (bench/lib/combatlog-child.mjs) whose peak RSS
 * (VmHWM) is read at its end; the two methods alternate round by round, and
 * the ratios are medians of the per-round ratios. Targets (issue 11):
 * ≥ 200 MB/s, peak RSS ≤ 150 MB whatever the size.
 *
 * Options (env): BENCH_COMBATLOG_MB=1024 BENCH_ROUNDS=3 (a smaller file on a busy machine).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeLargeLog } from '../test/helpers/combatlog-generator.js';
import { SAMPLES_DIR } from '../test/helpers/samples.js';
import { REPO_ROOT, machineLine, median } from './lib/bench-db.js';

const SIZE_MB = Number(process.env.BENCH_COMBATLOG_MB ?? 1024);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface ReadRun {
  ms: number;
  bytes: number;
  lines: number;
  kept: number;
  peakMb: number;
  baseMb: number;
}

function readOnce(method: 'holocron' | 'naive', files: string[], repeat: number): ReadRun {
  const child = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bench', 'lib', 'combatlog-child.mjs'), method, '--repeat', String(repeat), ...files], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`${method} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as ReadRun;
}

const mbps = (r: ReadRun) => r.bytes / 2 ** 20 / (r.ms / 1000);
const fmt = (n: number, digits = 0) => n.toFixed(digits);

function compare(label: string, files: string[], repeat = 1): string[] {
  const ours: ReadRun[] = [];
  const naive: ReadRun[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate who goes first, so neither always reads a cold page cache or a warm CPU.
    if (round % 2 === 1) {
      ours.push(readOnce('holocron', files, repeat));
      naive.push(readOnce('naive', files, repeat));
    } else {
      naive.push(readOnce('naive', files, repeat));
      ours.push(readOnce('holocron', files, repeat));
    }
    process.stderr.write(`  ${label} round ${round}: holocron ${fmt(mbps(ours.at(-1)!))} MB/s (${fmt(ours.at(-1)!.peakMb)} MB), naive ${fmt(mbps(naive.at(-1)!))} MB/s (${fmt(naive.at(-1)!.peakMb)} MB)\n`);
  }
  const first = ours[0]!;
  if (naive.some((n) => n.lines !== first.lines || n.kept !== first.kept)) process.stderr.write(`  note: the naive read counted other lines or events than holocron (${naive[0]!.lines}/${naive[0]!.kept} against ${first.lines}/${first.kept})\n`);
  const speed = median(ours.map(mbps));
  const peak = Math.max(...ours.map((o) => o.peakMb));
  return [
    `${label}: ${fmt(first.bytes / 2 ** 20, 1)} MB, ${first.lines.toLocaleString('en')} lines, ${first.kept.toLocaleString('en')} kept events; median of ${ROUNDS}`,
    `  holocron reader + digest   ${fmt(speed)} MB/s (${fmt(median(ours.map((o) => o.ms)))} ms)   peak RSS ${fmt(peak)} MB (node alone ${fmt(first.baseMb)} MB)   targets ≥ 200 MB/s → ${speed >= 200 ? 'met' : 'NOT met'}, ≤ 150 MB → ${peak <= 150 ? 'met' : 'NOT met'}`,
    `  readline + split(',')      ${fmt(median(naive.map(mbps)))} MB/s (${fmt(median(naive.map((o) => o.ms)))} ms)   peak RSS ${fmt(Math.max(...naive.map((o) => o.peakMb)))} MB`,
    `  ratio                      ${fmt(median(ours.map((o, i) => naive[i]!.ms / o.ms)), 1)}× faster; per round ${ours.map((o, i) => fmt(naive[i]!.ms / o.ms, 2)).join(' ')}`,
  ];
}

const main = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-bench-combatlog-'));
  try {
    const file = path.join(dir, 'WoWCombatLog-112526_010000.txt');
    const started = performance.now();
    const made = writeLargeLog(file, SIZE_MB * 2 ** 20);
    process.stderr.write(`generated ${file}: ${fmt(fs.statSync(file).size / 2 ** 20)} MB, ${made.lines.toLocaleString('en')} lines (${fmt((made.kept / made.lines) * 100, 1)} % kept events), ${made.pulls} pulls, in ${fmt((performance.now() - started) / 1000, 1)} s\n`);
    const lines = [`holocron bench:combatlog — ${new Date().toISOString()}`, machineLine(), ...compare('generated log', [file])];
    const samples = fs.existsSync(path.join(SAMPLES_DIR, 'client'))
      ? fs.readdirSync(path.join(SAMPLES_DIR, 'client')).filter((f) => f.startsWith('combatlog-')).map((f) => path.join(SAMPLES_DIR, 'client', f))
      : [];
    // 0.4 MB together: each process reads them 250 times (~100 MB), so the timing is not all start-up and JIT warm-up.
    if (samples.length) lines.push(...compare(`the ${samples.length} sample logs, read 250 times in one process`, samples, 250));
    else lines.push('sample logs: not on this machine (../shared/samples/client)');
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

main();
