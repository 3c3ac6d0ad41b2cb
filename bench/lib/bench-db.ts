import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ensureEmbeddedServer, stopEmbeddedServer } from '../../src/core/db/embedded/index.js';
import { silentLogger } from '../../src/core/log.js';

/**
 * Benchmarks run against a fresh database: on the server named by DATABASE_URL
 * when set, otherwise on a throwaway embedded server (what users run by default).
 */
export interface BenchDatabase {
  /** libpq URL of the benchmark database (for the CLI and psql). */
  url: string;
  config: pg.ClientConfig;
  kind: 'embedded' | 'external';
  close(): Promise<void>;
}

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = path.join(REPO_ROOT, 'bin', 'holocron.js');

export async function benchDatabase(name: string): Promise<BenchDatabase> {
  let admin: pg.ClientConfig;
  let home: string | undefined;
  if (process.env.DATABASE_URL) {
    admin = { connectionString: process.env.DATABASE_URL };
  } else {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-bench-'));
    const conn = await ensureEmbeddedServer({ home, serverUserName: 'postgres', log: silentLogger });
    admin = { host: conn.host, port: conn.port, user: conn.user, password: conn.password, database: 'postgres' };
  }
  const client = new pg.Client(admin);
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const config: pg.ClientConfig = process.env.DATABASE_URL ? { connectionString: withDatabase(process.env.DATABASE_URL, name) } : { ...admin, database: name };
  const url = process.env.DATABASE_URL
    ? withDatabase(process.env.DATABASE_URL, name)
    : `postgresql://${admin.user}:${encodeURIComponent(String(admin.password))}@/${name}?host=${encodeURIComponent(String(admin.host))}&port=${admin.port}`;
  return {
    url,
    config,
    kind: home ? 'embedded' : 'external',
    async close() {
      const c = new pg.Client(admin);
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      if (home) {
        await stopEmbeddedServer(home, silentLogger);
        fs.rmSync(home, { recursive: true, force: true });
      }
    },
  };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export interface ProcessRun {
  code: number | null;
  /** From just before spawn to the child's exit: start, work and teardown. */
  wallMs: number;
  stdout: string;
  stderr: string;
}

export interface HolocronRun extends ProcessRun {
  peakRssMb: number;
  /** CPU per thread group at exit: main, V8 platform workers, libuv pool, threads started later. */
  threadMs: Record<'main' | 'v8' | 'libuv' | 'later', number> | undefined;
}

/** Spawns a program and measures its wall time; the same for holocron and for psql. */
export function runTimed(command: string, args: string[], env: Record<string, string>, onSpawn?: (pid: number) => (() => void) | undefined): Promise<ProcessRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const stop = child.pid !== undefined ? onSpawn?.(child.pid) : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      stop?.();
      resolve({ code, wallMs, stdout, stderr });
    });
  });
}

/**
 * Runs the real CLI and measures wall time, peak RSS and CPU per thread. Those
 * come from the process itself (a preload that writes them at exit), so no
 * external `time` is needed.
 */
export async function runHolocron(args: string[], env: Record<string, string>): Promise<HolocronRun> {
  const rssFile = path.join(os.tmpdir(), `holocron-rss-${process.pid}-${Date.now()}`);
  const preload = path.join(REPO_ROOT, 'bench', 'lib', 'report-rss.mjs');
  const run = await runTimed(process.execPath, ['--import', preload, BIN, ...args], { ...env, HOLOCRON_BENCH_RSS_FILE: rssFile }, traceRss);
  let peakRssMb = Number.NaN;
  let threadMs: HolocronRun['threadMs'];
  try {
    const report = JSON.parse(fs.readFileSync(rssFile, 'utf8')) as { peakKb: number; threadMs: HolocronRun['threadMs'] };
    peakRssMb = report.peakKb / 1024;
    threadMs = report.threadMs;
    fs.rmSync(rssFile);
  } catch {
    // the process died before its exit hook
  }
  return { ...run, peakRssMb, threadMs };
}

/** BENCH_TRACE_RSS=1: the child's RSS every 50 ms, printed when it exits. */
function traceRss(pid: number): (() => void) | undefined {
  if (!process.env.BENCH_TRACE_RSS) return undefined;
  const samples: number[] = [];
  const sampler = setInterval(() => {
    try {
      samples.push(Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024);
    } catch {
      // exited
    }
  }, 50);
  return () => {
    clearInterval(sampler);
    process.stderr.write(`  rss timeline (MB, every 50 ms): ${samples.map((s) => Math.round(s)).join(' ')}\n`);
  };
}

export function hasPsql(): boolean {
  return spawnSync('psql', ['--version'], { stdio: 'ignore' }).status === 0;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function machineLine(): string {
  const cpus = os.cpus();
  return `${os.type()} ${os.release()}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/**
 * A bench's last step: closes its pool, then drops the database and the
 * bench's temp folder — unless BENCH_KEEP_DB is set, which keeps both for
 * EXPLAIN and prints the database's URL.
 */
export async function finishBench(database: { close(): Promise<void> }, db: BenchDatabase, dir: string): Promise<void> {
  await database.close();
  if (process.env.BENCH_KEEP_DB) {
    process.stderr.write(`database kept: ${db.url}\n`);
    return;
  }
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
