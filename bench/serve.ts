/**
 * npm run bench:serve — the resident server against the one-shot CLI, on the
 * issues' 60k-stack account ingested into a fresh database:
 *   - GET /api/v1/search over loopback from 20 concurrent keep-alive clients,
 *     p95 end to end (target ≤ 15 ms); `holocron search` as a new process
 *     timed beside it;
 *   - a 28 MB SavedVariables upload (the bench:ingest file shape) against
 *     `holocron ingest` of a file of the same shape and size, each a first
 *     ingest into its own account (target: upload ≤ ingest + 10 %).
 * Options (env): BENCH_SEARCH_SECONDS=8 BENCH_CLI_ROUNDS=10 BENCH_UPLOAD_ROUNDS=3 BENCH_BANK_TABS=21
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ingestBenchAccount } from './lib/bench-account.js';
import { BIN, benchDatabase, machineLine, median, runHolocron } from './lib/bench-db.js';
import { ITEM_POOL, generateSyndicatorFile } from '../test/helpers/syndicator-generator.js';
import { startServe } from '../test/helpers/serve-process.js';

const SEARCH_SECONDS = Number(process.env.BENCH_SEARCH_SECONDS ?? 8);
const CLI_ROUNDS = Number(process.env.BENCH_CLI_ROUNDS ?? 10);
const UPLOAD_ROUNDS = Number(process.env.BENCH_UPLOAD_ROUNDS ?? 3);
const BANK_TABS = Number(process.env.BENCH_BANK_TABS ?? 21);
const CLIENTS = 20;
const TOKEN = 'bench-token-0123456789abcdef';

// Nothing measured here makes a TLS connection; a CA bundle would only slow each Node start.
delete process.env.NODE_EXTRA_CA_CERTS;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** CPU ms of a process so far (utime + stime from /proc). */
function processCpuMs(pid: number): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

/** Busy and total CPU ms of the whole machine (every core) so far. */
function machineCpuMs(): { busy: number; total: number } {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0) * 10;
  return { busy: total - (f[3]! + f[4]!) * 10, total };
}

function get(agent: http.Agent, port: number, pathName: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathName, agent, headers: { Authorization: `Bearer ${TOKEN}` } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`GET ${pathName}: ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}

async function searchLoad(port: number, clients: number): Promise<{ times: number[]; seconds: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const words = ITEM_POOL.map((item) => item.name.split(' ')[0]!.toLowerCase());
  const times: number[] = [];
  const until = performance.now() + SEARCH_SECONDS * 1000;
  // Warm-up: every connection open, every statement prepared on each.
  await Promise.all(Array.from({ length: clients * 2 }, (_, i) => get(agent, port, `/api/v1/search?q=${encodeURIComponent(words[i % words.length]!)}`)));
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = client; performance.now() < until; n += clients) times.push(await get(agent, port, `/api/v1/search?q=${encodeURIComponent(words[n % words.length]!)}`));
    }),
  );
  agent.destroy();
  return { times, seconds: (performance.now() - started) / 1000 };
}

function upload(port: number, file: Buffer, account: string): Promise<{ ms: number; status: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1', port, method: 'POST', path: '/api/v1/files', agent: false,
        headers: { Authorization: `Bearer ${TOKEN}`, 'X-Holocron-File-Name': 'Syndicator.lua', 'X-Holocron-Account': account, 'X-Holocron-Mtime': Date.now(), 'Content-Length': file.length },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ ms: performance.now() - started, status: (JSON.parse(body) as { status: string }).status }));
      },
    );
    req.on('error', reject);
    req.end(file);
  });
}

const main = async () => {
  const db = await benchDatabase('holocron_bench_serve');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-bench-serve-'));
  const env = { HOLOCRON_HOME: home, DATABASE_URL: db.url };
  const lines: string[] = [`holocron bench:serve — ${new Date().toISOString()}`, machineLine(), `database: ${db.kind}`];
  try {
    const stacks = await ingestBenchAccount(path.join(home, 'bench'), env);
    lines.push(`bench account: ${stacks.toLocaleString('en-US')} stacks`);
    const server = await startServe(['--rate', '100000', '--courier-delay', '600000', '--max-body', '64'], { ...env, HOLOCRON_TOKEN: TOKEN });
    try {
      // One client first: the latency of one search with nothing queued ahead of it.
      for (const clients of [1, CLIENTS]) {
        const serverBefore = processCpuMs(server.child.pid!);
        const benchBefore = process.cpuUsage();
        const machineBefore = machineCpuMs();
        const load = await searchLoad(server.port, clients);
        const perRequest = (ms: number) => (ms / load.times.length).toFixed(2);
        const bench = process.cpuUsage(benchBefore);
        const machine = machineCpuMs();
        const busy = machine.busy - machineBefore.busy;
        const serverMs = processCpuMs(server.child.pid!) - serverBefore;
        const clientMs = (bench.user + bench.system) / 1000;
        lines.push(
          `GET /api/v1/search, ${clients} concurrent keep-alive client(s), ${load.times.length} requests in ${load.seconds.toFixed(1)} s (${(load.times.length / load.seconds).toFixed(0)}/s):`,
          `  p50 ${percentile(load.times, 50).toFixed(1)} ms, p95 ${percentile(load.times, 95).toFixed(1)} ms, p99 ${percentile(load.times, 99).toFixed(1)} ms${clients === CLIENTS ? ' (target p95 ≤ 15 ms)' : ''}`,
          `  CPU per request: serve ${perRequest(serverMs)} ms, this client ${perRequest(clientMs)} ms, the rest of the machine (PostgreSQL, other work) ${perRequest(busy - serverMs - clientMs)} ms; machine ${((busy / (machine.total - machineBefore.total)) * 100).toFixed(0)} % busy`,
        );
      }
      const cli: number[] = [];
      for (let i = 0; i < CLI_ROUNDS; i++) {
        const started = performance.now();
        const child = spawnSync(process.execPath, [BIN, 'search', 'mycobloom', '--json'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
        if (child.status !== 0) throw new Error(`holocron search exited ${child.status}: ${child.stderr}`);
        cli.push(performance.now() - started);
      }
      lines.push(`holocron search (whole command, new process, same database), ${CLI_ROUNDS} rounds: p50 ${percentile(cli, 50).toFixed(0)} ms, p95 ${percentile(cli, 95).toFixed(0)} ms`);

      const ingestMs: number[] = [];
      const uploadMs: number[] = [];
      let size = 0;
      for (let round = 0; round < UPLOAD_ROUNDS; round++) {
        // Two files of the same shape (different seeds and guild names): content is stored once per hash.
        const shape = { characters: 50, bankTabs: BANK_TABS, mail: 100, void: 160, currencies: 1500, guilds: 10, fill: 1 };
        const forCli = generateSyndicatorFile({ ...shape, seed: 100 + round, guildPrefix: `Cli${round}` });
        const forUpload = generateSyndicatorFile({ ...shape, seed: 200 + round, guildPrefix: `Up${round}` });
        size = forUpload.length;
        const file = path.join(home, `Syndicator-${round}.lua`);
        fs.writeFileSync(file, forCli);
        // Alternate who goes first: each later ingest writes into a bigger database.
        const viaCli = async () => {
          const cliRun = await runHolocron(['ingest', file, '--account', `Cli${round}`, '--json'], env);
          if (cliRun.code !== 0) throw new Error(`ingest exited ${cliRun.code}: ${cliRun.stderr}`);
          ingestMs.push(cliRun.wallMs);
        };
        const viaServe = async () => {
          const up = await upload(server.port, forUpload, `Up${round}`);
          if (up.status !== 'ingested') throw new Error(`upload answered ${up.status}`);
          uploadMs.push(up.ms);
        };
        if (round % 2 === 0) await viaCli().then(viaServe);
        else await viaServe().then(viaCli);
        process.stderr.write(`round ${round + 1}: ingest ${(ingestMs.at(-1)! / 1000).toFixed(2)} s, upload ${(uploadMs.at(-1)! / 1000).toFixed(2)} s\n`);
      }
      const ratio = median(uploadMs) / median(ingestMs);
      lines.push(
        `28 MB-class SavedVariables (${(size / 2 ** 20).toFixed(1)} MB), first ingest into a new account, median of ${UPLOAD_ROUNDS}:`,
        `  holocron ingest (whole command)  ${(median(ingestMs) / 1000).toFixed(2)} s`,
        `  POST /api/v1/files (end to end)  ${(median(uploadMs) / 1000).toFixed(2)} s  (${((ratio - 1) * 100).toFixed(1)} % vs ingest; target ≤ +10 %)`,
      );
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  } finally {
    await db.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
  process.stdout.write(`${lines.join('\n')}\n`);
};

await main();
