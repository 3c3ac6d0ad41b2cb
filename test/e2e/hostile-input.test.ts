import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { useTestDatabase } from '../helpers/db.js';
import { FakeBlizzard } from '../helpers/fake-blizzard.js';
import { useTempDirs } from '../helpers/tmp.js';

/**
 * Odd input for every command the CLI registers. Whatever a user (or a broken
 * crontab) types, holocron answers with a usage, data, unavailable or config exit
 * code and one clear line, never exit 1 ("this is a bug"). Each row is
 * [expected exit code, argv, environment on top of the defaults]; `{name}` in
 * argv or environment is replaced by a fixture made in beforeAll.
 */
type Case = [code: number, args: string[], env?: Record<string, string | undefined>];

const LONG = 'a'.repeat(10_000);
const NO_DB = { DATABASE_URL: undefined };
const CLOSED_API = { BLIZZARD_OAUTH_URL: 'http://127.0.0.1:{closed}/token', BLIZZARD_API_URL: 'http://127.0.0.1:{closed}/{region}' };

const CASES: Case[] = [
  // the program and its global options
  [64, []],
  [64, ['frobnicate']],
  [64, ['']],
  [64, ['--verbose=1', 'db', 'status']],
  [64, ['--env']],
  [64, ['--env', '', 'db', 'status']],
  [78, ['--env', '{dir}', 'db', 'status']],
  [0, ['--env', '{binary}', 'db', 'status']],
  [0, ['--env', '/dev/null', 'db', 'status']],
  [78, ['--env', '{missing}', 'db', 'status']],
  [78, ['--env', `/tmp/${LONG}`, 'db', 'status']],
  // db
  [64, ['db']],
  [64, ['db', '']],
  [64, ['db', 'migrate', 'extra']],
  [0, ['db', 'migrate', '--json']],
  [0, ['db', 'status', '--json', '--json']],
  [64, ['db', 'url']],
  [64, ['db', 'stop']],
  [0, ['db', 'stop'], NO_DB],
  // HOLOCRON_HOME
  ...['migrate', 'status', 'url', 'stop'].map((sub): Case => [78, ['db', sub], { ...NO_DB, HOLOCRON_HOME: '{file}' }]),
  [78, ['db', 'status'], { ...NO_DB, HOLOCRON_HOME: '/dev/null' }],
  [78, ['db', 'status'], { ...NO_DB, HOLOCRON_HOME: '{file}/home' }],
  [78, ['db', 'url'], { ...NO_DB, HOLOCRON_HOME: '{dir}/line\nbreak' }],
  [78, ['db', 'url'], { ...NO_DB, HOLOCRON_HOME: '/proc/holocron-home' }],
  [78, ['search', 'x'], { HOLOCRON_HOME: '{file}' }],
  [78, ['db', 'status'], { ...NO_DB, HOLOCRON_PG_OS_USER: '--help' }],
  // DATABASE_URL
  ...['db migrate', 'db status', 'search x', 'value', 'partition --dry-run', 'ingest --reprocess'].map((command, i): Case => [
    78,
    command.split(' '),
    { DATABASE_URL: i % 2 ? 'not a url' : 'postgres://:@:99999/x' },
  ]),
  [78, ['db', 'status'], { DATABASE_URL: 'http://127.0.0.1/x' }],
  [78, ['db', 'status'], { DATABASE_URL: 'postgres://u@127.0.0.1:abc/x' }],
  [69, ['db', 'status'], { DATABASE_URL: 'postgres://u:p@127.0.0.1:{closed}/x' }],
  [69, ['db', 'status'], { DATABASE_URL: `postgres://u:p@127.0.0.1:{closed}/${LONG}` }],
  [78, ['db', 'status'], { DATABASE_URL: 'postgres://u:p@127.0.0.1:{nossl}/x?sslmode=require' }],
  [78, ['db', 'status'], { DATABASE_URL: 'postgres://u:p@127.0.0.1:{tls}/x?sslmode=verify-full' }],
  // scrape
  ...['', 'cn', ',', LONG].map((v): Case => [64, ['scrape', '--region', v]]),
  ...['', '0', '99999999999', '1,,2', 'all,none', LONG].map((v): Case => [64, ['scrape', '--realms', v]]),
  ...['0', '-1', '1e9', 'NaN', ' ', '0x10'].map((v): Case => [64, ['scrape', '--concurrency', v]]),
  [64, ['scrape', '--once', '--poll']],
  [64, ['scrape', '--poll', '--concurrency', '0']],
  [64, ['scrape', '--limit', '-1']],
  [69, ['scrape', '--region', 'us'], CLOSED_API],
  [78, ['scrape'], { BLIZZARD_CLIENT_ID: undefined }],
  [78, ['scrape'], { BLIZZARD_API_URL: 'not a url' }],
  [78, ['scrape'], { BLIZZARD_OAUTH_URL: 'ftp://127.0.0.1/token' }],
  ...['0', '1e9'].map((v): Case => [78, ['scrape'], { HOLOCRON_API_MAX_ATTEMPTS: v }]),
  ...['30001', '99999999999999999999'].map((v): Case => [78, ['scrape'], { HOLOCRON_API_RETRY_BASE_MS: v }]),
  // seed
  ...['', 'xx', LONG].map((v): Case => [64, ['seed', '--region', v]]),
  ...['', ',', 'items,xx'].map((v): Case => [64, ['seed', '--only', v]]),
  ...['0', '33', ''].map((v): Case => [64, ['seed', '--concurrency', v]]),
  [69, ['seed', '--only', 'realms'], CLOSED_API],
  [78, ['seed'], { BLIZZARD_CLIENT_SECRET: undefined }],
  [78, ['seed'], { BLIZZARD_OAUTH_URL: 'http://[::1' }],
  // partition
  ...['-1', '100000', '1e9', ''].map((v): Case => [64, ['partition', '--ahead', v]]),
  [0, ['partition', '--ahead', '0', '--dry-run']],
  ...['0d', '-1d', '36501d', '99999999999999999999d', '30', ''].map((v): Case => [64, ['partition', '--retain', v]]),
  [0, ['partition', '--retain', '36500d', '--dry-run']],
  [64, ['partition', '--archive-dir', '{dir}']],
  ...['', '/dev/null', '{file}', '{file}/sub', '/proc/holocron-archive'].map((v): Case => [64, ['partition', '--retain', '30d', '--archive-dir', v]]),
  [0, ['partition', '--retain', '36500d', '--archive-dir', '{dir}/new/archive']],
  [0, ['partition', '--retain', '30d', '--archive-dir', '{missing}', '--dry-run']],
  // ingest: option-level only (its data files have their own tests)
  [64, ['ingest']],
  [64, ['ingest', '--account', 'x']],
  [64, ['ingest', '--account', '', '{dir}']],
  [64, ['ingest', '--account', LONG, '{dir}']],
  [64, ['ingest', '--account', 'a\nb', '{dir}']],
  [64, ['ingest', '--reprocess', '--account', '']],
  // ingest: data files (each kind also has its own test in ingest-isolation and ingest-permissions)
  [64, ['ingest', '']],
  [64, ['ingest', '{missing}']],
  [65, ['ingest', '{sv}/count/Syndicator.lua']],
  [65, ['ingest', '{sv}/money/Syndicator.lua']],
  [65, ['ingest', '{sv}/deep/DataStore_Containers.lua']],
  [65, ['ingest', '{sv}/empty/Syndicator.lua']],
  [65, ['ingest', '{sv}/garbage/Rematch.lua']],
  [65, ['ingest', '{sv}/nul/Syndicator.lua']],
  [66, ['ingest', '{sv}/dangling/Syndicator.lua']],
  [66, ['ingest', '/dev/null']],
  [0, ['ingest', '{sv}/other/WeakAuras.lua']],
  [64, ['ingest', '{sv}']],
  [65, ['ingest', '{sv}/mixed']],
  // courier and addon
  [64, ['courier']],
  [64, ['courier', '--out', '{dir}/c', '--wow-dir', '{dir}']],
  [64, ['courier', '--wow-dir', '{dir}']],
  [64, ['courier', '--wow-dir', '{missing}']],
  [64, ['courier', '--out', '{dir}/c', '--region', 'cn']],
  [78, ['courier', '--out', '{file}/courier']],
  [0, ['courier', '--out', '{dir}/courier', '--json']],
  [64, ['addon']],
  [64, ['addon', 'install']],
  [64, ['addon', 'install', '--wow-dir', '{dir}']],
  [64, ['addon', 'install', '--wow-dir', '']],
  // search
  ...['99999999999', '2147483648', '0', 'item:99999999999', 'battlepet:99999999999', '|Hitem:99999999999|h[x]|h'].map((v): Case => [0, ['search', v]]),
  ...['-1', '%', '\\', "'", LONG, '🐉\u202e'].map((v): Case => [0, ['search', '--json', v]]),
  [64, ['search', '']],
  [64, ['search', ' ']],
  ...['-1', '501', '1e9', ''].map((v): Case => [64, ['search', '--limit', v, 'x']]),
  ...['', LONG, '%'].map((v): Case => [0, ['search', '--character', v, 'x']]),
  // value
  ...['', LONG].map((v): Case => [64, ['value', '--by', v]]),
  ...['', 'cn', LONG].map((v): Case => [64, ['value', '--region', v]]),
  ...['-1', '0', '1e9', '99999999999'].map((v): Case => [64, ['value', '--limit', v]]),
  [0, ['value', '--region', 'EU', '--limit', '1000000', '--json']],
  // keep
  [64, ['keep']],
  [64, ['keep', 'set']],
  [64, ['keep', 'set', 'Mycobloom']],
  ...['-1', '1e9', '', '2147483648', LONG].map((v): Case => [64, ['keep', 'set', 'Mycobloom', v]]),
  ...[LONG, '🐉\u202e', '%', ' ', 'item:99999999999'].map((v): Case => [65, ['keep', 'set', v, '1']]),
  [65, ['keep', 'set', '0', '1']],
  ...['', LONG, 'Nobody-Nowhere'].map((v): Case => [64, ['keep', 'set', '6948', '1', '--character', v]]),
  [0, ['keep', 'remove', '99999999']],
  [0, ['keep', 'list', '--json']],
  [66, ['keep', 'import', '{missing}']],
  [66, ['keep', 'import', '{dir}']],
  [65, ['keep', 'import', '{binary}']],
  [65, ['keep', 'import', '{file}']],
  // liquidate and jobs
  ...['', '-5g', '5x', '1g200s', LONG, '99999999999999999999g'].map((v): Case => [64, ['liquidate', '--min-value', v]]),
  ...['', 'cn', LONG].map((v): Case => [64, ['liquidate', '--region', v]]),
  [64, ['liquidate', '--json', '--csv']],
  ...['', LONG, 'Nobody-Stormrage', '-'].map((v): Case => [64, ['liquidate', '--auction-alt', v]]),
  [64, ['liquidate', '--gather-to', 'Nobody-Nowhere']],
  [0, ['liquidate', '--json']],
  [0, ['liquidate', '--csv']],
  [0, ['liquidate', '--all', '--gather-to']],
  [0, ['jobs', '--json']],
  [0, ['jobs', '--all']],
  [64, ['jobs', 'cancel']],
  [64, ['jobs', 'done']],
  [64, ['jobs', 'done', 'x']],
  ...['x', '-1', '1.5', '99999999999', ''].map((v): Case => [64, ['jobs', 'cancel', v]]),
  // consumables, restock, simc, roster
  [64, ['consumables']],
  [64, ['consumables', 'set', 'Nobody-Nowhere', '6948', '1']],
  ...['-1', '0', '', '1e9', LONG].map((v): Case => [64, ['consumables', 'set', 'Nobody-Nowhere', '6948', v]]),
  [0, ['consumables', 'list', '--json']],
  [64, ['consumables', 'list', 'Nobody-Nowhere']],
  [66, ['consumables', 'import', '{missing}']],
  [65, ['consumables', 'import', '{binary}']],
  [0, ['restock', '--json']],
  [0, ['restock', '--apply']],
  ...['', LONG, 'Nobody-Nowhere', '🐉\u202e'].map((v): Case => [64, ['simc', v]]),
  [64, ['simc']],
  [0, ['roster', '--json']],
  ...['', LONG, 'Nobody-Nowhere'].map((v): Case => [64, ['roster', '--character', v]]),
  // reset, todo
  ...['', 'xx', 'us,eu', LONG].map((v): Case => [64, ['reset', '--region', v]]),
  ...['', 'yesterday', '2026-13-45T99:00:00Z'].map((v): Case => [64, ['reset', '--region', 'us', '--now', v]]),
  ...['0', '-5', 'abc', '1e9', ''].map((v): Case => [64, ['todo', '--minutes', v]]),
  [64, ['todo', '--character', 'Nobody-Nowhere']],
  [0, ['todo', '--json']],
  // ledger, market, craft, tsm
  ...['', 'x', '-3d', '99999999d', '2026-99-99'].map((v): Case => [64, ['ledger', '--since', v]]),
  ...['', 'realm', LONG].map((v): Case => [64, ['ledger', '--by', v]]),
  [0, ['ledger', '--json']],
  [64, ['market']],
  ...['0', '-1', 'x', '100000'].map((v): Case => [64, ['market', '6948', '--days', v]]),
  ...[LONG, '🐉\u202e', 'item:99999999999'].map((v): Case => [65, ['market', v]]),
  [64, ['craft']],
  [64, ['craft', '--profession', 'Nonsense', '--region', 'us']],
  ...['', 'xx', LONG].map((v): Case => [64, ['craft', '--profession', 'alchemy', '--region', v]]),
  [64, ['tsm']],
  [64, ['tsm', 'sync']],
  [64, ['tsm', 'sync', '--wow-dir', '{missing}']],
  [64, ['tsm', 'groups', '--region', 'xx']],
  // serve, bridge (neither is left running: each case fails before it listens or syncs)
  ...['', 'nonsense', '127.0.0.1:99999', LONG].map((v): Case => [64, ['serve', '--listen', v]]),
  [78, ['serve', '--listen', '0.0.0.0:0'], { HOLOCRON_TOKEN: '' }],
  [64, ['bridge']],
  [64, ['bridge', 'sync']],
  ...['', 'notaurl', 'ftp://x', LONG].map((v): Case => [64, ['bridge', 'sync', '--server', v, '--wow-dir', '{dir}', '--once']]),
  [64, ['bridge', 'sync', '--server', 'http://127.0.0.1:9', '--wow-dir', '{missing}', '--once']],
];

const t = useTestDatabase();
const tempDir = useTempDirs();
const blizzard = new FakeBlizzard();
const servers: net.Server[] = [];
const fixtures: Record<string, string> = {};
// Two cores: four CLI processes at a time keep the file well under a minute.
const limit = pLimit(4);

beforeAll(async () => {
  await blizzard.start();
  const dir = tempDir('holocron-hostile-');
  fixtures.dir = dir;
  fixtures.home = path.join(dir, 'home');
  fs.mkdirSync(fixtures.home);
  fixtures.file = path.join(dir, 'a-file');
  fs.writeFileSync(fixtures.file, 'not a folder\n');
  fixtures.binary = path.join(dir, 'binary.env');
  fs.writeFileSync(fixtures.binary, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256)));
  fixtures.missing = path.join(dir, 'missing', 'nothing-here');
  fixtures.sv = savedVariablesFixtures(dir);
  fixtures.closed = String(await closedPort());
  fixtures.nossl = String(await listen((socket) => socket.once('data', () => socket.write('N'))));
  fixtures.tls = String(await tlsServer(dir));
});

afterAll(async () => {
  await blizzard.stop();
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});

/** One folder per kind of bad SavedVariables file, all under one root (which is ingested whole too). */
function savedVariablesFixtures(dir: string): string {
  const root = path.join(dir, 'sv');
  const put = (folder: string, name: string, content: string | Buffer) => {
    fs.mkdirSync(path.join(root, folder), { recursive: true });
    fs.writeFileSync(path.join(root, folder, name), content);
  };
  const syndicator = (money: string, count: string) =>
    `SYNDICATOR_DATA = {\n["Characters"] = {\n["A-R"] = {\n["money"] = ${money},\n["bags"] = {\n{\n{\n["itemID"] = 6948,\n["itemCount"] = ${count},\n},\n},\n},\n},\n},\n}\n`;
  put('count', 'Syndicator.lua', syndicator('1', '3000000000'));
  put('money', 'Syndicator.lua', syndicator('-5', '1'));
  put('deep', 'DataStore_Containers.lua', `DataStore_Containers_Characters = ${'{'.repeat(20_000)}${'}'.repeat(20_000)}\n`);
  put('empty', 'Syndicator.lua', '');
  put('garbage', 'Rematch.lua', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) % 256)));
  put('nul', 'Syndicator.lua', 'SYNDICATOR_DATA = {\n["Characters"] = {\n["N-R"] = {\n["details"] = {\n["character"] = "N\\000ul",\n["realm"] = "R",\n},\n},\n},\n}\n');
  put('other', 'WeakAuras.lua', 'WeakAurasSaved = {\n}\n');
  fs.mkdirSync(path.join(root, 'dangling'), { recursive: true });
  fs.symlinkSync(path.join(root, 'nowhere.lua'), path.join(root, 'dangling', 'Syndicator.lua'));
  // Bad data, a broken link and a good file together: the data decides the code.
  put('mixed', 'Syndicator.lua', syndicator('1e38', '1'));
  put('mixed', 'Rematch.lua', 'RematchSaved = {\n}\n');
  fs.symlinkSync(path.join(root, 'nowhere.lua'), path.join(root, 'mixed', 'Broken.lua'));
  return root;
}

function fill(text: string): string {
  return text.replace(/\{(dir|home|file|binary|missing|closed|nossl|tls|sv)\}/g, (_, name: string) => fixtures[name]!);
}

function run([, args, env = {}]: Case): Promise<CliResult> {
  const defaults = { DATABASE_URL: t.url, HOLOCRON_HOME: fixtures.home, ...blizzard.env(), HOLOCRON_API_MAX_ATTEMPTS: '1', HOLOCRON_API_RETRY_BASE_MS: '1' };
  const merged = Object.fromEntries(Object.entries({ ...defaults, ...env }).map(([k, v]) => [k, v === undefined ? undefined : fill(v)]));
  return limit(() => runCli(args.map(fill), { env: merged, timeoutMs: 30_000 }));
}

function label([code, args, env = {}]: Case): string {
  const shown = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 12)}…(${s.length})` : s);
  const vars = Object.entries(env).map(([k, v]) => `${k}=${v === undefined ? '(unset)' : shown(v)}`);
  return `${[...vars, 'holocron', ...args.map(shown)].join(' ')} → ${code}`;
}

describe('hostile input never exits 1', () => {
  for (const c of CASES) {
    it.concurrent(label(c), async () => {
      const result = await run(c);
      expect(result.signal, 'still running after 30 s').toBeNull();
      expect(result.stderr).not.toContain('this is a bug');
      expect(result.code, result.stderr.slice(0, 800)).not.toBe(1);
      expect(result.code, result.stderr.slice(0, 800)).toBe(c[0]);
      if (c[0] !== 0 && result.stderr.startsWith('holocron: ')) expect(result.stderr.split('\n')[0]!.length).toBeGreaterThan(20);
    });
  }
});

describe('what the fixed cases say', () => {
  it('an id no item can have finds nothing, exactly like a search that matches nothing', async () => {
    for (const text of ['99999999999', 'item:99999999999']) {
      const result = await run([0, ['search', '--json', text]]);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ query: text, items: [] });
      const plain = await run([0, ['search', text]]);
      expect(plain.stdout.trim()).toBe(`no item matching "${text}" is held by any character, guild or warband`);
    }
  });

  it('HOLOCRON_HOME pointing at a file is a configuration error that names it', async () => {
    const result = await run([78, ['db', 'status'], { ...NO_DB, HOLOCRON_HOME: '{file}' }]);
    expect(result.code).toBe(78);
    expect(result.stderr.split('\n')[0]).toBe(`holocron: HOLOCRON_HOME=${fixtures.file} is a file, not a folder`);
  });

  it('a retention beyond a century is a usage error, not an invalid date', async () => {
    const result = await run([64, ['partition', '--retain', '99999999999999999999d']]);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/^holocron: --retain takes whole days from 1d to 36500d/);
  });

  it('an empty --archive-dir refuses to drop anything, and a new one is made', async () => {
    const [{ name } = { name: '' }] = await t.db.query<{ name: string }>(`SELECT ops.ensure_daily_partition('goblin.item_stats', (current_date - 400)::date)::text AS name`);
    const exists = async () => (await t.db.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [name]))[0]!.found;
    expect(await exists()).toBe(true);
    const empty = await run([64, ['partition', '--retain', '300d', '--archive-dir', '']]);
    expect(empty.code).toBe(64);
    expect(empty.stderr).toMatch(/--archive-dir is empty/);
    expect(await exists()).toBe(true);
    const dir = path.join(fixtures.dir!, 'archives', 'nested');
    const archived = await run([0, ['partition', '--retain', '300d', '--archive-dir', dir]]);
    expect(archived.code, archived.stderr).toBe(0);
    expect(fs.readdirSync(dir)).toContain(`${name}.copy.gz`);
    expect(await exists()).toBe(false);
  });

  it('a server that refuses the SSL DATABASE_URL asks for, or offers an untrusted certificate, is named', async () => {
    const refused = await run([78, ['db', 'status'], { DATABASE_URL: 'postgres://u:p@127.0.0.1:{nossl}/x?sslmode=require' }]);
    expect(refused.stderr).toContain(`holocron: PostgreSQL at 127.0.0.1:${fixtures.nossl}/x does not accept SSL connections`);
    const untrusted = await run([78, ['db', 'status'], { DATABASE_URL: 'postgres://u:p@127.0.0.1:{tls}/x?sslmode=verify-full' }]);
    expect(untrusted.stderr).toMatch(/its TLS certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
  });
});

async function listen(onConnection: (socket: net.Socket) => void): Promise<number> {
  const server = net.createServer(onConnection);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/** A port that was free a moment ago: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Answers PostgreSQL's SSLRequest with 'S', then shows a self-signed certificate. */
async function tlsServer(dir: string): Promise<number> {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', key, '-out', cert], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`openssl could not make a test certificate: ${made.error?.message ?? made.stderr}`);
  const options = { isServer: true, key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
  return listen((socket) =>
    socket.once('data', () => {
      socket.write('S');
      new tls.TLSSocket(socket, options).on('error', () => undefined);
    }),
  );
}
