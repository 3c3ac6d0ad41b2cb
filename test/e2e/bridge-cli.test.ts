import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, runCli } from '../helpers/cli.js';
import { startContractServer, type ContractServer } from '../helpers/bridge-contract-server.js';
import { makeWowTree, type WowTree } from '../helpers/bridge-wow-tree.js';
import { useTempDirs } from '../helpers/tmp.js';

/**
 * `holocron bridge sync` as the gaming PC runs it: the built CLI, no database
 * anywhere (no DATABASE_URL, a fresh HOLOCRON_HOME that must hold nothing but
 * the state file afterwards), against a loopback server speaking the serve
 * contract. Exit codes are what Task Scheduler sees.
 */
const tempDir = useTempDirs();
let server: ContractServer;
let tree: WowTree;
let home: string;

beforeAll(async () => {
  server = await startContractServer('cli-token-5d1e77');
  const dir = tempDir('holocron-bridge-cli-');
  tree = makeWowTree(path.join(dir, 'World of Warcraft'), { _retail_: ['11111111#1', '22222222#1'] });
  home = path.join(dir, 'home');
  fs.writeFileSync(path.join(tree.savedVariables('_retail_', '11111111#1'), 'A.lua'), 'A = 1\r\n');
  server.courier.set('Holocron_Index.lua', Buffer.from('HolocronIndex = {}\n'));
});
afterAll(async () => server.close());

const sync = (extra: string[], env: Record<string, string | undefined> = {}) =>
  runCli(['bridge', 'sync', '--server', server.url, '--wow-dir', tree.wowDir, ...extra], {
    env: { HOLOCRON_HOME: home, HOLOCRON_TOKEN: server.token, DATABASE_URL: undefined, ...env },
    timeoutMs: 30_000,
  });

describe('holocron bridge sync (CLI)', () => {
  it('--once uploads, downloads the courier files, exits 0, and touches no database', async () => {
    const result = await sync(['--once', '--json']);
    expect(result.stderr).not.toContain(server.token);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { files: Array<{ status: string; account: string }>; courier: { written: unknown[] } };
    expect(report.files).toMatchObject([{ status: 'ingested', account: '11111111#1' }]);
    expect(report.courier.written).toHaveLength(1);
    expect(fs.readFileSync(path.join(tree.dataFolder('_retail_'), 'Holocron_Index.lua'), 'utf8')).toBe('HolocronIndex = {}\n');
    // No embedded cluster, no socket, no lock: the state file alone.
    expect(fs.readdirSync(home)).toEqual(['bridge-state.json']);

    const again = await sync(['--once']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 ingested, 0 unchanged, 0 rejected, 1 already carried/);
  });

  it('exits 78 with a clear message when the server refuses the token, without printing either token', async () => {
    const result = await sync(['--once'], { HOLOCRON_TOKEN: 'not-the-token-91ab' });
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(/refused the bridge's token/);
    expect(result.stderr).toMatch(/HOLOCRON_TOKEN/);
    expect(result.stderr).not.toContain('not-the-token-91ab');
    expect(result.stderr).not.toContain(server.token);
  });

  it('exits 75 when the server stays down, and the next run sends what was left', async () => {
    fs.writeFileSync(path.join(tree.savedVariables('_retail_', '22222222#1'), 'B.lua'), 'B = 1\n');
    server.failWith = 503;
    const down = await sync(['--once', '--retries', '2']);
    server.failWith = undefined;
    expect(down.code).toBe(75);
    expect(down.stderr).toMatch(/gave up after 2 attempts/);
    const up = await sync(['--once']);
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/1 ingested/);
    expect(server.ingests.get('_retail_/22222222#1/B.lua')).toBe(1);
  });

  it('exits 75 when nothing listens at --server', async () => {
    const result = await runCli(['bridge', 'sync', '--server', 'http://127.0.0.1:9', '--wow-dir', tree.wowDir, '--once', '--retries', '1'], {
      env: { HOLOCRON_HOME: home, HOLOCRON_TOKEN: server.token },
    });
    expect(result.code).toBe(75);
    expect(result.stderr).toMatch(/cannot be reached \(ECONNREFUSED\)/);
  });

  it('refuses a folder that is not a WoW folder and a bad --server as usage errors', async () => {
    const notWow = await runCli(['bridge', 'sync', '--server', server.url, '--wow-dir', tempDir(), '--once'], { env: { HOLOCRON_HOME: home } });
    expect(notWow.code).toBe(64);
    expect(notWow.stderr).toMatch(/not a World of Warcraft folder/);
    const badUrl = await runCli(['bridge', 'sync', '--server', 'r720:8787', '--wow-dir', tree.wowDir, '--once'], { env: { HOLOCRON_HOME: home } });
    expect(badUrl.code).toBe(64);
  });

  it('runs in the foreground, reports each event on stderr, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'bridge', 'sync', '--server', server.url, '--wow-dir', tree.wowDir, '--poll', '1'], {
      env: cliEnv({ HOLOCRON_HOME: home, HOLOCRON_TOKEN: server.token }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await until(() => stderr.includes('Ctrl-C stops'));
    fs.writeFileSync(path.join(tree.savedVariables('_retail_', '11111111#1'), 'C.lua'), 'C = 1\n');
    await until(() => /ingested _retail_ 11111111#1 C\.lua/.test(stderr));
    server.courier.set('Holocron_Index.lua', Buffer.from('HolocronIndex = {2}\n'));
    await until(() => fs.readFileSync(path.join(tree.dataFolder('_retail_'), 'Holocron_Index.lua'), 'utf8') === 'HolocronIndex = {2}\n');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/bridge: stopped/);
    expect(server.ingests.get('_retail_/11111111#1/C.lua')).toBe(1);
  });
});

async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
