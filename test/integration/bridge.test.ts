import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, runCli } from '../helpers/cli.js';
import { useTestDatabase } from '../helpers/db.js';
import { logoutWrite, makeWowTree, type WowTree } from '../helpers/bridge-wow-tree.js';
import { writeLargeLog } from '../helpers/combatlog-generator.js';
import { generateSyndicatorFile } from '../helpers/syndicator-generator.js';
import { useTempDirs } from '../helpers/tmp.js';

/**
 * A real `holocron serve` on a loopback port and a real `holocron bridge sync`
 * (both the built CLI) against a temp WoW folder with two accounts: a logout
 * write is taken only once it has settled, each file is ingested once, the
 * courier files come down and are replaced when they change, and a server
 * killed in the middle of a combat log upload loses and doubles nothing.
 */
const t = useTestDatabase();
const tempDir = useTempDirs();
const TOKEN = 'bridge-integration-token-4c2f9e';
const A = '11111111#1';
const B = '22222222#1';

let tree: WowTree;
let pcHome: string;
let serverHome: string;
let port: number;
let serve: ChildProcess | undefined;

beforeAll(async () => {
  const dir = tempDir('holocron-bridge-it-');
  tree = makeWowTree(path.join(dir, 'World of Warcraft'), { _retail_: [A, B] });
  pcHome = path.join(dir, 'pc-home');
  serverHome = path.join(dir, 'server-home');
  port = await freePort();
  serve = await startServe();
});

afterAll(async () => {
  if (serve && serve.exitCode === null) {
    serve.kill('SIGTERM');
    await new Promise((resolve) => serve!.once('exit', resolve));
  }
});

function startServe(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--listen', `127.0.0.1:${port}`], {
    env: cliEnv({ DATABASE_URL: t.url, HOLOCRON_TOKEN: TOKEN, HOLOCRON_HOME: serverHome }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return until(async () => (await health()) || (child.exitCode !== null && fail(`serve exited ${child.exitCode}: ${stderr}`)), 30_000).then(() => child);
}

const server = () => `http://127.0.0.1:${port}`;
const bridgeArgs = (...extra: string[]) => ['bridge', 'sync', '--server', server(), '--wow-dir', tree.wowDir, '--once', '--json', ...extra];
const bridgeEnv = { HOLOCRON_HOME: '', HOLOCRON_TOKEN: TOKEN };

async function bridge(...extra: string[]) {
  const result = await runCli(bridgeArgs(...extra), { env: { ...bridgeEnv, HOLOCRON_HOME: pcHome }, timeoutMs: 120_000 });
  expect(result.stderr).not.toContain(TOKEN);
  return result;
}

async function courierListing(): Promise<Array<{ name: string; etag: string }>> {
  const response = await fetch(`${server()}/api/v1/courier`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return ((await response.json()) as { files: Array<{ name: string; etag: string }> }).files;
}

/** Waits until the courier listing has not changed for 3 s (the server's debounce is 2 s). */
async function quietCourier(): Promise<void> {
  let last = JSON.stringify(await courierListing());
  let since = Date.now();
  while (Date.now() - since < 3000) {
    await new Promise((r) => setTimeout(r, 250));
    const now = JSON.stringify(await courierListing());
    if (now !== last) [last, since] = [now, Date.now()];
  }
}

const uploadsOf = (name: string) =>
  t.db.query<{ account: string; status: string }>(`SELECT account, status FROM ops.uploads WHERE file_name = $1 ORDER BY upload_id`, [name]);

describe('holocron bridge sync against holocron serve', () => {
  it('takes a logout write only once it has settled, and ingests each account once', async () => {
    const svA = path.join(tree.savedVariables('_retail_', A), 'Syndicator.lua');
    const svB = path.join(tree.savedVariables('_retail_', B), 'Syndicator.lua');
    fs.writeFileSync(svA, generateSyndicatorFile({ characters: 2, guilds: 1, guildPrefix: 'Alpha', seed: 11 }));
    // Account B's save comes from a Windows PC: CRLF line ends, written in ten steps as the game flushes it.
    const bytesB = Buffer.from(generateSyndicatorFile({ characters: 3, guilds: 1, guildPrefix: 'Beta', seed: 12 }).toString('utf8').replace(/\r?\n/g, '\r\n'));
    const writing = logoutWrite(svB, bytesB, 10, 300);
    const [result] = await Promise.all([bridge(), writing]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { files: Array<{ account: string; name: string; status: string; bytes: number }> };
    expect(report.files.map((f) => [f.account, f.name, f.status]).sort()).toEqual([
      [A, 'Syndicator.lua', 'ingested'],
      [B, 'Syndicator.lua', 'ingested'],
    ]);
    // The whole save, not a part of it.
    expect(report.files.find((f) => f.account === B)!.bytes).toBe(bytesB.length);
    expect(await uploadsOf('Syndicator.lua')).toEqual([
      { account: expect.any(String), status: 'ingested' },
      { account: expect.any(String), status: 'ingested' },
    ]);
    const [stored] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM holocron.source_files f JOIN holocron.accounts a USING (account_id) WHERE a.name = $1`, [B]);
    expect(stored!.n).toBe(1);

    const again = await bridge();
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ files: [], current: 2 });
    expect(await uploadsOf('Syndicator.lua')).toHaveLength(2);
  }, 120_000);

  it('downloads the courier files and replaces one when the server regenerates it', async () => {
    const first = await until(async () => {
      const files = await courierListing();
      return files.some((f) => f.name === 'Holocron_Index.lua') ? files : undefined;
    }, 30_000);
    const result = await bridge();
    expect(result.code).toBe(0);
    const data = tree.dataFolder('_retail_');
    for (const file of first) {
      const body = Buffer.from(await (await fetch(`${server()}/api/v1/courier/${file.name}`, { headers: { authorization: `Bearer ${TOKEN}` } })).arrayBuffer());
      expect(fs.readFileSync(path.join(data, file.name))).toEqual(body);
    }
    const index = first.find((f) => f.name === 'Holocron_Index.lua')!;
    const before = fs.readFileSync(path.join(data, 'Holocron_Index.lua'));

    // A new save for account A (more characters) changes what the index shows.
    fs.writeFileSync(path.join(tree.savedVariables('_retail_', A), 'Syndicator.lua'), generateSyndicatorFile({ characters: 4, guilds: 1, guildPrefix: 'Alpha', seed: 13 }));
    expect((await bridge()).code).toBe(0);
    await until(async () => (await courierListing()).find((f) => f.name === 'Holocron_Index.lua' && f.etag !== index.etag), 30_000);
    const updated = await bridge();
    expect(updated.code).toBe(0);
    // The upload that changed the index may have been the second of two courier runs (an earlier test's
    // uploads schedule one too): once the server's files have stayed the same past its 2 s debounce,
    // one more pass brings the last of them down.
    await quietCourier();
    expect((await bridge()).code).toBe(0);
    const served = Buffer.from(await (await fetch(`${server()}/api/v1/courier/Holocron_Index.lua`, { headers: { authorization: `Bearer ${TOKEN}` } })).arrayBuffer());
    expect(fs.readFileSync(path.join(data, 'Holocron_Index.lua'))).toEqual(served);
    expect(served.equals(before)).toBe(false);
    // And a run with nothing new fetches nothing.
    expect(JSON.parse((await bridge()).stdout)).toMatchObject({ courier: { written: [] } });
    expect(fs.readdirSync(data).filter((name) => name.startsWith('.'))).toEqual([]);
  }, 120_000);

  it('loses and doubles nothing when the server is killed in the middle of a combat log upload', async () => {
    const log = path.join(tree.logs('_retail_'), 'WoWCombatLog-120225_200000.txt');
    const { pulls } = writeLargeLog(log, 24 * 1024 * 1024);
    const size = fs.statSync(log).size;
    const child = spawn(process.execPath, [BIN, ...bridgeArgs('--chunk-mb', '1', '--retries', '8')], {
      env: cliEnv({ ...bridgeEnv, HOLOCRON_HOME: pcHome }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    const statePath = path.join(pcHome, 'bridge-state.json');
    const offsetAtKill = await until(() => {
      const entry = readState(statePath)[path.resolve(log)];
      return entry && entry.offset >= 3 * 1024 * 1024 ? entry.offset : undefined;
    }, 60_000, 5);
    serve!.kill('SIGKILL');
    await new Promise((resolve) => serve!.once('exit', resolve));
    expect(offsetAtKill).toBeLessThan(size);
    serve = await startServe();

    let code = await exited;
    // Should the retries have run out before the restart, the next scheduled run finishes the job.
    if (code === 75) code = (await bridge()).code;
    expect(code).toBe(0);
    expect(readState(statePath)[path.resolve(log)]).toMatchObject({ status: 'ingested', offset: size });
    const [file] = await t.db.query<{ n: number; size: string }>(`SELECT count(*)::int AS n, max(size_bytes)::text AS size FROM skillweaver.combat_log_files`);
    expect(file).toEqual({ n: 1, size: String(size) });
    const [encounters] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM skillweaver.encounters`);
    expect(encounters!.n).toBe(pulls);
    expect((await uploadsOf(path.basename(log))).filter((u) => u.status === 'ingested')).toHaveLength(1);

    const again = await bridge();
    expect(JSON.parse(again.stdout)).toMatchObject({ files: [] });
    expect((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM skillweaver.encounters`))[0]!.n).toBe(pulls);
    void stdout;
  }, 180_000);
});

function readState(file: string): Record<string, { offset: number; status: string }> {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { files: Record<string, { offset: number; status: string }> }).files;
  } catch {
    return {};
  }
}

async function health(): Promise<boolean> {
  try {
    return (await fetch(`${server()}/healthz`)).status === 200;
  } catch {
    return false;
  }
}

function fail(message: string): never {
  throw new Error(message);
}

async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, everyMs = 100): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(free));
    });
  });
}
