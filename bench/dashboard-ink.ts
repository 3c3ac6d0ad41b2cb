/**
 * npm run bench:dashboard — the first paint of `holocron dashboard` on the
 * issues' benchmark account (50 characters, 10 guilds, ~60,500 stacks, ingested
 * by the real CLI; every held item priced on one commodity and one realm
 * snapshot).
 *
 * Target (issue 15): the first frame that shows Home's data ≤ 300 ms after the
 * process is spawned. The built CLI runs in an 80×24 tmux window (a real
 * terminal: Ink draws only on one) with HOLOCRON_DASHBOARD_PAINT_MARK set, so
 * it writes the wall-clock time at which that frame went to the terminal; the
 * clock starts just before tmux is asked to spawn it. Its -v lines say where
 * the time went (database ready, Home read, Ink mounted).
 * Baselines in the same run, interleaved, spawn to exit: `holocron roster
 * --json` (a small command: Node, pg, the schema check) and `holocron
 * dashboard --json --tab home` (the same data, no Ink).
 *
 * Options (env): BENCH_ROUNDS=7; BENCH_KEEP_DB=1 keeps the database.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, type Database } from '../src/core/db/pool.js';
import { silentLogger } from '../src/core/log.js';
import { insertRealms, insertSnapshot, type StatRow } from '../test/helpers/market-fixture.js';
import { ingestBenchAccount } from './lib/bench-account.js';
import { BIN, benchDatabase, finishBench, machineLine, median, runTimed } from './lib/bench-db.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

/** Every held item priced, so Home's totals and alerts are the full ones. */
async function prices(db: Database): Promise<void> {
  await insertRealms(db, 'us', 60, [[60, 'Twisting Nether']]);
  const held = await db.query<{ item_id: number; pet_species_id: number }>('SELECT DISTINCT item_id, pet_species_id FROM holocron.current_places');
  const rows: StatRow[] = held.map((h, i) => ({ itemId: h.item_id, petSpeciesId: h.pet_species_id, market: 1000 + ((i * 7919) % 2_000_000), sold: i % 40 }));
  const at = new Date(Date.now() - 1800_000);
  await insertSnapshot(db, { region: 'us', connectedRealmId: null, at, stats: rows.filter((_, i) => i % 2 === 0) });
  await insertSnapshot(db, { region: 'us', connectedRealmId: 60, at, stats: rows.filter((_, i) => i % 2 === 1) });
  await db.query('ANALYZE');
}

interface Paint {
  /** Spawn (tmux asked to start it) → first frame with Home's data. */
  spawnMs: number;
  /** Node's own start → that frame: what the process itself took. */
  processMs: number;
  /** From the -v lines: database ready, Home read (start–end), Ink mounted; ms after Node's start. */
  databaseMs: number;
  homeStartMs: number;
  homeEndMs: number;
  inkMs: number;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** One run of the dashboard in an 80×24 tmux window of its own, quit with q once Home is drawn. */
async function paintOnce(env: Record<string, string>, dir: string, lastSeen: boolean): Promise<Paint> {
  // Without the last-seen file the first frame waits for the database and Home's read.
  if (!lastSeen) fs.rmSync(path.join(dir, 'dashboard-last.json'), { force: true });
  const socket = `holocron-bench-${process.pid}-${randomBytes(4).toString('hex')}`;
  const mark = path.join(dir, `paint-${socket}`);
  const log = path.join(dir, `log-${socket}`);
  const vars = Object.entries({ ...env, HOLOCRON_DASHBOARD_PAINT_MARK: mark, TERM: 'xterm-256color', LANG: 'C.UTF-8', PATH: process.env.PATH ?? '/usr/bin:/bin' })
    .map(([k, v]) => `${k}=${quote(v)}`)
    .join(' ');
  const command = `env -i ${vars} ${quote(process.execPath)} ${quote(BIN)} -v dashboard 2>${quote(log)}; sleep 60`;
  const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const started = Date.now();
  tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'bench', '-x', '80', '-y', '24', command);
  try {
    for (let look = 0; !fs.existsSync(mark) || fs.readFileSync(mark, 'utf8').trim() === ''; look++) {
      if (look > 600) throw new Error(`no paint mark after 30 s; log:\n${fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const [paintedAt, origin] = fs.readFileSync(mark, 'utf8').trim().split(' ').map(Number) as [number, number];
    // With the last-seen frame the fresh read lands after the first paint: quit once it surely has
    // (the -v lines are held while the screen is up, so the log cannot say so before q).
    if (lastSeen) await new Promise((r) => setTimeout(r, 2000));
    tmux('send-keys', '-t', 'bench', 'q');
    for (let look = 0; look < 200 && !/dashboard: home loaded/.test(readOr(log)); look++) await new Promise((r) => setTimeout(r, 50));
    const text = readOr(log);
    const at = (re: RegExp) => Number(re.exec(text)?.[1] ?? Number.NaN);
    return {
      spawnMs: paintedAt - started,
      processMs: paintedAt - origin,
      databaseMs: at(/database ready ([\d.]+) ms/),
      homeStartMs: at(/home loaded ([\d.]+)–/),
      homeEndMs: at(/home loaded [\d.]+–([\d.]+) ms/),
      inkMs: at(/Ink mounts ([\d.]+) ms/),
    };
  } finally {
    tmux('kill-server');
  }
}

function readOr(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

const main = async () => {
  if (spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status !== 0) throw new Error('tmux is needed: the dashboard draws only on a terminal');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-bench-dashboard-'));
  const db = await benchDatabase('holocron_bench_dashboard');
  const database = createDatabase({ config: db.config, describe: 'bench' }, silentLogger);
  const env = { DATABASE_URL: db.url, HOLOCRON_HOME: dir };
  try {
    const stacks = await ingestBenchAccount(dir, env);
    await prices(database);
    // One unmeasured run of each: the first start after a build reads cold files.
    await paintOnce(env, dir, false);
    await runTimed(process.execPath, [BIN, 'roster', '--json'], env);
    const paints: Paint[] = [];
    const seenPaints: Paint[] = [];
    const roster: number[] = [];
    const homeJson: number[] = [];
    const bareNode: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternated order: whichever runs first in a round meets the same noise as the others over the run.
      const steps = [
        async () => paints.push(await paintOnce(env, dir, false)),
        async () => seenPaints.push(await paintOnce(env, dir, true)),
        async () => roster.push((await checked(runTimed(process.execPath, [BIN, 'roster', '--json'], env))).wallMs),
        async () => homeJson.push((await checked(runTimed(process.execPath, [BIN, 'dashboard', '--json', '--tab', 'home'], env))).wallMs),
        async () => bareNode.push((await checked(runTimed(process.execPath, ['-e', '0'], env))).wallMs),
      ];
      for (const step of round % 2 ? steps.reverse() : steps) await step();
      process.stderr.write(`round ${round + 1}/${ROUNDS}: paint ${paints.at(-1)!.spawnMs} ms, with last seen ${seenPaints.at(-1)!.spawnMs} ms, roster --json ${roster.at(-1)!.toFixed(0)} ms, dashboard --json --tab home ${homeJson.at(-1)!.toFixed(0)} ms\n`);
    }
    const m = (pick: (p: Paint) => number, of = paints) => median(of.map(pick)).toFixed(0);
    const lines = [
      `holocron bench:dashboard — ${new Date().toISOString()}`,
      machineLine(),
      `database: ${db.kind}; bench account: ${stacks.toLocaleString('en-US')} stacks; ${ROUNDS} interleaved rounds, medians; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
      `holocron dashboard, spawn → first frame with Home's data (80×24 tmux): ${m((p) => p.spawnMs)} ms (target ≤ 300 ms)   rounds: ${paints.map((p) => p.spawnMs).join(', ')}`,
      `  of which in the process (Node start → frame): ${m((p) => p.processMs)} ms; database ready at ${m((p) => p.databaseMs)} ms, Home read ${m((p) => p.homeStartMs)}–${m((p) => p.homeEndMs)} ms, Ink mounted at ${m((p) => p.inkMs)} ms`,
      `holocron dashboard with the last-seen tabs, spawn → first frame (last seen, "as of" its time): ${m((p) => p.spawnMs, seenPaints)} ms   rounds: ${seenPaints.map((p) => p.spawnMs).join(', ')}`,
      `  of which in the process: ${m((p) => p.processMs, seenPaints)} ms, Ink mounted at ${m((p) => p.inkMs, seenPaints)} ms; the fresh Home read ends at ${m((p) => p.homeEndMs, seenPaints)} ms (database ready at ${m((p) => p.databaseMs, seenPaints)} ms)`,
      `baseline holocron roster --json (spawn → exit): ${median(roster).toFixed(0)} ms   rounds: ${roster.map((r) => r.toFixed(0)).join(', ')}`,
      `baseline holocron dashboard --json --tab home (spawn → exit): ${median(homeJson).toFixed(0)} ms   rounds: ${homeJson.map((r) => r.toFixed(0)).join(', ')}`,
      `baseline node -e 0 (spawn → exit; the floor for any Node program here): ${median(bareNode).toFixed(0)} ms`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await finishBench(database, db, dir);
  }
};

async function checked<T extends { code: number | null; stderr: string }>(run: Promise<T>): Promise<T> {
  const done = await run;
  if (done.code !== 0) throw new Error(`exited ${done.code}: ${done.stderr}`);
  return done;
}

await main();
