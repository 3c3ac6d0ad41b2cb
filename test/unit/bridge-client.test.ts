import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BridgeClient } from '../../src/core/bridge/client.js';
import { emptyState, loadState, type BridgeState } from '../../src/core/bridge/state.js';
import { syncPass, type SyncOptions } from '../../src/core/bridge/sync.js';
import { systemClock } from '../../src/core/clock.js';
import { ConfigError, TempFailError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/log.js';
import { startContractServer, type ContractServer } from '../helpers/bridge-contract-server.js';
import { logoutWrite, makeWowTree, type WowTree } from '../helpers/bridge-wow-tree.js';
import { useTempDirs } from '../helpers/tmp.js';

/**
 * The bridge against a throwaway server that speaks the `holocron serve`
 * contract over real loopback HTTP: request shapes, what is sent when, and
 * what the state file keeps. test/integration/bridge.test.ts runs the same
 * against the real server.
 */
const tempDir = useTempDirs();
let server: ContractServer;
let tree: WowTree;
let options: SyncOptions;
let state: BridgeState;
let client: BridgeClient;

const fast = { attempts: 3, baseMs: 20, maxMs: 50 };

function makeClient(token: string | undefined = server.token): BridgeClient {
  return new BridgeClient({ server: `${server.url}/`, token, tokenSource: 'the test', retry: fast }, { clock: systemClock, log: silentLogger });
}

const pass = (extra: Partial<SyncOptions> = {}) => syncPass({ ...options, ...extra }, { client, state, log: silentLogger, clock: systemClock });
const uploads = () => server.requests.filter((r) => r.url === '/api/v1/files');

beforeAll(async () => {
  server = await startContractServer();
});
afterAll(async () => {
  await client?.close();
  await server.close();
});

beforeEach(async () => {
  const dir = tempDir('holocron-bridge-');
  tree = makeWowTree(path.join(dir, 'World of Warcraft'), { _retail_: ['11111111#1', '22222222#1'], _classic_: ['11111111#1'] });
  options = { wowDir: tree.wowDir, statePath: path.join(dir, 'home', 'bridge-state.json'), lookIntervalMs: 50, chunkBytes: 1000 };
  state = emptyState();
  server.requests.length = 0;
  server.stored.clear();
  server.ingests.clear();
  server.courier.clear();
  server.failWith = undefined;
  await client?.close();
  client = makeClient();
});

describe('bridge sync against the serve contract', () => {
  it('sends each SavedVariables file once, gzipped, with its account, flavour, name and mtime', async () => {
    const crlf = Buffer.from('Syndicator_DB = {\r\n  ["x"] = 1,\r\n}\r\n');
    fs.writeFileSync(path.join(tree.savedVariables('_retail_', '11111111#1'), 'Syndicator.lua'), crlf);
    fs.writeFileSync(path.join(tree.savedVariables('_retail_', '22222222#1'), 'Syndicator.lua'), 'Syndicator_DB = {}\n');
    fs.writeFileSync(path.join(tree.savedVariables('_classic_', '11111111#1'), 'DataStore.lua'), 'DataStore_DB = {}\n');
    fs.writeFileSync(path.join(tree.savedVariables('_retail_', '11111111#1'), 'Syndicator.lua.bak'), 'old save');

    const first = await pass();
    expect(first.files.map((f) => [f.flavour, f.account, f.name, f.status]).sort()).toEqual([
      ['_classic_', '11111111#1', 'DataStore.lua', 'ingested'],
      ['_retail_', '11111111#1', 'Syndicator.lua', 'ingested'],
      ['_retail_', '22222222#1', 'Syndicator.lua', 'ingested'],
    ]);
    // CRLF bytes arrive as the game wrote them.
    expect(server.stored.get('_retail_/11111111#1/Syndicator.lua')).toEqual(crlf);
    const request = uploads().find((r) => r.headers['x-holocron-account'] === '11111111#1' && r.headers['x-holocron-flavour'] === '_retail_')!;
    expect(request.headers).toMatchObject({
      authorization: `Bearer ${server.token}`,
      'content-encoding': 'gzip',
      'x-holocron-file-name': 'Syndicator.lua',
      'x-holocron-mtime': String(Math.trunc(fs.statSync(path.join(tree.savedVariables('_retail_', '11111111#1'), 'Syndicator.lua')).mtimeMs)),
    });

    const second = await pass();
    expect(second.files).toEqual([]);
    expect(second.current).toBe(3);
    expect(uploads()).toHaveLength(3);
    expect(loadState(options.statePath).state.files).toEqual(state.files);
  });

  it('sends nothing for a file touched with the same bytes, and the new bytes after a change', async () => {
    const file = path.join(tree.savedVariables('_retail_', '11111111#1'), 'TradeSkillMaster.lua');
    fs.writeFileSync(file, 'TSM = 1\n');
    await pass();
    fs.utimesSync(file, new Date(), new Date(Date.now() + 60_000));
    expect((await pass()).files).toEqual([]);
    fs.writeFileSync(file, 'TSM = 2\n');
    expect((await pass()).files.map((f) => f.status)).toEqual(['ingested']);
    expect(uploads()).toHaveLength(2);
    expect(server.stored.get('_retail_/11111111#1/TradeSkillMaster.lua')!.toString()).toBe('TSM = 2\n');
  });

  it('does not send a save the game is still writing; sends it once it has settled', async () => {
    const file = path.join(tree.savedVariables('_retail_', '22222222#1'), 'DataStore.lua');
    const bytes = Buffer.from(`DataStore_DB = {${'["k"] = 1,\r\n'.repeat(2000)}}\r\n`);
    const writing = logoutWrite(file, bytes, 8, 40);
    const during = await pass({ lookIntervalMs: 150 });
    await writing;
    expect(during.files).toEqual([]);
    expect(during.waiting.map((w) => w.path)).toEqual([file]);
    const after = await pass();
    expect(after.files.map((f) => f.status)).toEqual(['ingested']);
    expect(server.stored.get('_retail_/22222222#1/DataStore.lua')).toEqual(bytes);
    expect(server.ingests.get('_retail_/22222222#1/DataStore.lua')).toBe(1);
  });

  it('reports a file the server cannot read and does not send it again until it changes', async () => {
    const file = path.join(tree.savedVariables('_retail_', '11111111#1'), 'Broken.lua');
    fs.writeFileSync(file, 'X = {\nBROKEN\n');
    const first = await pass();
    expect(first.files).toMatchObject([{ status: 'rejected', reason: expect.stringMatching(/Broken\.lua:3:1/) }]);
    expect((await pass()).files).toEqual([]);
    fs.writeFileSync(file, 'X = {}\n');
    expect((await pass()).files.map((f) => f.status)).toEqual(['ingested']);
    expect(uploads()).toHaveLength(2);
  });

  it('uploads a combat log in chunks, resumes after a cut connection, and sends only the new tail later', async () => {
    const log = path.join(tree.logs('_retail_'), 'WoWCombatLog-120125_203015.txt');
    const body = Buffer.from(Array.from({ length: 300 }, (_, i) => `12/1 20:30:${String(i % 60).padStart(2, '0')}.000  SPELL_DAMAGE,line ${i}\r\n`).join(''));
    fs.writeFileSync(log, body);
    // The server dies after three chunks, and this run gives up at once (one attempt).
    server.dropChunksAfter = 3;
    await client.close();
    client = new BridgeClient({ server: server.url, token: server.token, tokenSource: 'the test', retry: { ...fast, attempts: 1 } }, { clock: systemClock, log: silentLogger });
    await expect(pass()).rejects.toThrow(TempFailError);
    // Three chunks were confirmed before the cut and are in the state file.
    expect(loadState(options.statePath).state.files[log]).toMatchObject({ status: 'partial', offset: 3000 });

    const resumed = await pass();
    expect(resumed.files).toMatchObject([{ name: 'WoWCombatLog-120125_203015.txt', status: 'ingested', account: 'default' }]);
    expect(server.stored.get('_retail_/default/WoWCombatLog-120125_203015.txt')).toEqual(body);
    const offsets = uploads().map((r) => Number(r.headers['x-holocron-offset']));
    expect(offsets.filter((o) => o === 0)).toHaveLength(1);
    // The chunk in flight when the connection was cut is sent again from 3000, and nothing before it.
    expect(offsets.filter((o) => o === 3000)).toHaveLength(2);
    expect(uploads().every((r) => r.headers['x-holocron-total-size'] === String(body.length))).toBe(true);

    const tail = Buffer.from('12/1 20:40:00.000  ENCOUNTER_END,1\r\n');
    fs.appendFileSync(log, tail);
    server.requests.length = 0;
    await pass();
    expect(uploads().map((r) => Number(r.headers['x-holocron-offset']))).toEqual([body.length]);
    expect(server.stored.get('_retail_/default/WoWCombatLog-120125_203015.txt')).toEqual(Buffer.concat([body, tail]));
  });

  it('resumes from the offset the server names when the state file is behind it', async () => {
    const log = path.join(tree.logs('_retail_'), 'WoWCombatLog.txt');
    fs.writeFileSync(log, 'x'.repeat(2500));
    await pass();
    fs.appendFileSync(log, 'y'.repeat(700));
    state = emptyState();
    const again = await pass();
    expect(again.files.map((f) => f.status)).toEqual(['ingested']);
    const last = uploads().slice(-2);
    expect(last.map((r) => Number(r.headers['x-holocron-offset']))).toEqual([0, 2500]);
    expect(server.stored.get('_retail_/default/WoWCombatLog.txt')!.length).toBe(3200);
  });

  it('downloads courier files into each flavour, asks with the ETag, and replaces a file that changed', async () => {
    server.courier.set('Holocron_Index.lua', Buffer.from('HolocronIndex = {1}\n'));
    server.courier.set('Holocron_Pricing.lua', Buffer.from('HolocronPricing = {}\n'));
    const first = await pass();
    expect(first.courier.written).toHaveLength(4);
    expect(fs.readFileSync(path.join(tree.dataFolder('_classic_'), 'Holocron_Index.lua'), 'utf8')).toBe('HolocronIndex = {1}\n');

    server.requests.length = 0;
    const second = await pass();
    expect(second.courier).toMatchObject({ written: [], current: 2 });
    expect(server.requests.map((r) => r.url)).toEqual(['/api/v1/courier']);

    server.courier.set('Holocron_Index.lua', Buffer.from('HolocronIndex = {1, 2}\n'));
    const third = await pass();
    expect(third.courier.written.map((w) => w.name)).toEqual(['Holocron_Index.lua', 'Holocron_Index.lua']);
    expect(fs.readFileSync(path.join(tree.dataFolder('_retail_'), 'Holocron_Index.lua'), 'utf8')).toBe('HolocronIndex = {1, 2}\n');
    expect(fs.readdirSync(tree.dataFolder('_retail_')).sort()).toEqual(['Holocron_Index.lua', 'Holocron_Pricing.lua']);
  });

  it('asks with If-None-Match when the listing does not settle it, and keeps the file on a 304', async () => {
    server.courier.set('Holocron_Index.lua', Buffer.from('A\n'));
    await pass({ flavours: ['_retail_'] });
    server.listWeakEtags = true;
    server.requests.length = 0;
    const report = await pass({ flavours: ['_retail_'] });
    server.listWeakEtags = false;
    expect(report.courier).toMatchObject({ written: [], current: 1 });
    const get = server.requests.find((r) => r.url === '/api/v1/courier/Holocron_Index.lua')!;
    expect(get.headers['if-none-match']).toBe(Object.values(state.courier)[0]!.etag);
  });

  it('never writes a courier file whose name would leave the Data folder', async () => {
    server.courier.set('../../../../evil.lua', Buffer.from('os.exit()'));
    server.courier.set('Holocron_Index.lua', Buffer.from('ok\n'));
    const report = await pass({ flavours: ['_retail_'] });
    expect(report.courier.refused).toEqual(['../../../../evil.lua']);
    expect(fs.existsSync(path.join(tree.wowDir, '..', 'evil.lua'))).toBe(false);
    expect(fs.readdirSync(tree.dataFolder('_retail_'))).toEqual(['Holocron_Index.lua']);
  });

  it('stops with a configuration error on a wrong token, naming where it came from but not the token', async () => {
    await client.close();
    client = makeClient('wrong-token-abcdef');
    fs.writeFileSync(path.join(tree.savedVariables('_retail_', '11111111#1'), 'A.lua'), 'A = 1\n');
    const error = await pass().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/refused the bridge's token \(HTTP 401: missing or wrong token\)/);
    expect(`${(error as ConfigError).message} ${(error as ConfigError).hint}`).not.toContain('wrong-token-abcdef');
    expect(Object.keys(state.files)).toEqual([]);
  });

  it('retries a server that is down, then gives up as a temporary failure with nothing recorded', async () => {
    fs.writeFileSync(path.join(tree.savedVariables('_retail_', '11111111#1'), 'A.lua'), 'A = 1\n');
    server.failWith = 503;
    await expect(pass()).rejects.toThrow(/answered 503: down for the test; gave up after 3 attempts/);
    expect(uploads()).toHaveLength(3);
    expect(state.files).toEqual({});
    server.failWith = undefined;
    expect((await pass()).files.map((f) => f.status)).toEqual(['ingested']);
  });

  it('keeps a cut connection within one run: the retry resumes where the server stopped, nothing doubled', async () => {
    const log = path.join(tree.logs('_retail_'), 'WoWCombatLog.txt');
    const body = Buffer.from('z'.repeat(4200));
    fs.writeFileSync(log, body);
    server.dropChunksAfter = 2;
    expect((await pass()).files.map((f) => f.status)).toEqual(['ingested']);
    expect(server.stored.get('_retail_/default/WoWCombatLog.txt')).toEqual(body);
    expect(server.ingests.get('_retail_/default/WoWCombatLog.txt')).toBe(1);
  });
});
