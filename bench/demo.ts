/**
 * npm run bench:demo — `holocron demo` end to end, as a new user runs it: the
 * real CLI in a new HOLOCRON_HOME (first run: the demo's embedded cluster is
 * initialised, 14 days of snapshots scraped from the stand-in, the account
 * ingested…), then again (reuse), then `--fresh` (stop, delete, rebuild).
 * Baseline in the same round: `holocron db migrate` in another new home — what
 * any first command pays for its embedded cluster (initdb, start, migrations).
 *
 * Target (issue 15): demo end to end ≤ 60 s.
 * Options (env): BENCH_ROUNDS=3
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stopEmbeddedServer } from '../src/core/db/embedded/index.js';
import { silentLogger } from '../src/core/log.js';
import { machineLine, median, runHolocron } from './lib/bench-db.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Step {
  step: string;
  ms: number;
  reused: boolean;
}

interface Run {
  wallMs: number;
  steps: Step[];
}

// The demo must not need (or touch) a database of the user's: prove it on every run.
const ENV_BASE = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing' };

async function demo(home: string, args: string[]): Promise<Run> {
  const run = await runHolocron(['demo', '--json', ...args], { ...ENV_BASE, HOLOCRON_HOME: home });
  if (run.code !== 0) throw new Error(`demo ${args.join(' ')} exited ${run.code}: ${run.stderr.slice(-2000)}`);
  return { wallMs: run.wallMs, steps: (JSON.parse(run.stdout) as { steps: Step[] }).steps };
}

async function baseline(home: string): Promise<number> {
  const run = await runHolocron(['db', 'migrate'], { HOLOCRON_HOME: home });
  if (run.code !== 0) throw new Error(`db migrate exited ${run.code}: ${run.stderr}`);
  return run.wallMs;
}

function newHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-bench-demo-'));
}

async function dispose(home: string, cluster: string): Promise<void> {
  await stopEmbeddedServer(cluster, silentLogger).catch(() => undefined);
  fs.rmSync(home, { recursive: true, force: true });
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  process.stdout.write(`holocron bench:demo — ${new Date().toISOString()}\n${machineLine()}\nload average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  const runs: Record<'first' | 'reuse' | 'fresh', Run[]> = { first: [], reuse: [], fresh: [] };
  const baselines: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const home = newHome();
    const other = newHome();
    try {
      // Alternated so that neither always runs on a machine warmed by the other.
      if (round % 2 === 0) baselines.push(await baseline(other));
      runs.first.push(await demo(home, []));
      runs.reuse.push(await demo(home, []));
      runs.fresh.push(await demo(home, ['--fresh']));
      if (round % 2 === 1) baselines.push(await baseline(other));
    } finally {
      await dispose(home, path.join(home, 'demo'));
      await dispose(other, other);
    }
    const r = (k: keyof typeof runs) => s(runs[k].at(-1)!.wallMs);
    process.stdout.write(`round ${round}: first ${r('first')}, reuse ${r('reuse')}, --fresh ${r('fresh')}, baseline db migrate ${s(baselines.at(-1)!)}\n`);
  }
  process.stdout.write(`\nmedian of ${ROUNDS} round(s), whole command (new process, wall time):\n`);
  const base = median(baselines);
  process.stdout.write(`  baseline: holocron db migrate in a new home   ${s(base)}\n`);
  for (const kind of ['first', 'reuse', 'fresh'] as const) {
    const wall = median(runs[kind].map((r) => r.wallMs));
    process.stdout.write(`  demo ${kind === 'fresh' ? '--fresh' : `(${kind} run)`}`.padEnd(48) + `${s(wall)}  (${(wall / base).toFixed(1)}× baseline)${kind !== 'reuse' ? `  target ≤ 60 s: ${wall <= 60_000 ? 'met' : 'NOT met'}` : ''}\n`);
  }
  process.stdout.write('\nmedian per step (ms): step      first   reuse  --fresh\n');
  for (const step of runs.first[0]!.steps.map((x) => x.step)) {
    const m = (kind: keyof typeof runs) => Math.round(median(runs[kind].map((r) => r.steps.find((x) => x.step === step)?.ms ?? 0)));
    process.stdout.write(`  ${step.padEnd(10)} ${String(m('first')).padStart(7)} ${String(m('reuse')).padStart(7)} ${String(m('fresh')).padStart(8)}\n`);
  }
}

await main();
