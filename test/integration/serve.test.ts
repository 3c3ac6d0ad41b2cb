import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db.js';
import { Clock, players, raidNight } from '../helpers/combatlog-generator.js';
import { request, startServe, type ServeProcess } from '../helpers/serve-process.js';
import { generateSyndicatorFile } from '../helpers/syndicator-generator.js';
import { useTempDirs } from '../helpers/tmp.js';

/**
 * A real `holocron serve` (dist/) on a loopback port, against this file's
 * database: uploads through the ingest path, refusals, courier ETags, the
 * read API, chunked combat logs with a resume, and SIGTERM mid-upload.
 */
const t = useTestDatabase();
const tempDir = useTempDirs();
const TOKEN = 'test-token-0123456789abcdef';
const auth = { Authorization: `Bearer ${TOKEN}` };
let home: string;
let server: ServeProcess;

const syndicator = generateSyndicatorFile({ characters: 3, guilds: 1, fill: 0.5, seed: 5 });

function uploadHeaders(name: string, extra: Record<string, string | number> = {}): Record<string, string | number> {
  return { ...auth, 'X-Holocron-File-Name': name, 'X-Holocron-Account': 'Main', 'X-Holocron-Flavour': '_retail_', 'X-Holocron-Mtime': Date.now(), ...extra };
}

async function start(extra: string[] = []): Promise<ServeProcess> {
  return startServe(['--courier-delay', '100', '--max-body', '2', ...extra], { HOLOCRON_HOME: home, DATABASE_URL: t.url, HOLOCRON_TOKEN: TOKEN });
}

beforeAll(async () => {
  home = tempDir('holocron-serve-');
  server = await start();
}, 60_000);

afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
});

describe('holocron serve', () => {
  it('answers /healthz without a token and refuses everything else without the right one, reading nothing', async () => {
    expect((await request(server.port, { path: '/healthz' })).json()).toEqual({ ok: true });
    const none = await request(server.port, { path: '/api/v1/status' });
    expect(none.status).toBe(401);
    expect(none.json()).toHaveProperty('error');
    const wrong = await request(server.port, { path: '/api/v1/search?q=x', headers: { Authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const upload = await request(server.port, { method: 'POST', path: '/api/v1/files', headers: { ...uploadHeaders('Syndicator.lua'), Authorization: `Bearer ${TOKEN}x` }, body: syndicator });
    expect(upload.status).toBe(401);
    expect((await t.db.query('SELECT count(*)::int AS n FROM ops.uploads'))[0]).toEqual({ n: 0 });
    expect(server.stderr()).not.toContain(TOKEN);
  });

  it('ingests an upload through the ingest path, then answers a re-upload "unchanged"', async () => {
    const first = await request(server.port, { method: 'POST', path: '/api/v1/files', headers: uploadHeaders('Syndicator.lua', { 'Content-Encoding': 'gzip' }), body: gzipSync(syndicator) });
    expect(first.status).toBe(200);
    const body = first.json();
    expect(body).toMatchObject({ status: 'ingested', warnings: [], file: { status: 'ingested', account: 'Main', formats: ['syndicator'] } });
    expect(body.file.counts.stacks).toBeGreaterThan(0);
    expect(Date.parse(body.receivedAt)).toBeGreaterThan(Date.now() - 60_000);
    const again = await request(server.port, { method: 'POST', path: '/api/v1/files', headers: uploadHeaders('Syndicator.lua'), body: syndicator });
    expect(again.status).toBe(200);
    expect(again.json()).toMatchObject({ status: 'unchanged', file: { status: 'unchanged' } });
    const rows = await t.db.query<{ account: string; status: string; client_mtime: Date }>('SELECT account, status, client_mtime FROM ops.uploads ORDER BY upload_id');
    expect(rows.map((r) => [r.account, r.status])).toEqual([['Main', 'ingested'], ['Main', 'unchanged']]);
    const [stored] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM holocron.source_files f JOIN holocron.accounts a USING (account_id) WHERE a.name = 'Main'`);
    expect(stored!.n).toBe(1);
  });

  it('warns when the PC clock is more than an hour off', async () => {
    const other = generateSyndicatorFile({ characters: 1, seed: 9, realm: 'Draenor' });
    const answer = await request(server.port, { method: 'POST', path: '/api/v1/files', headers: uploadHeaders('Syndicator.lua', { 'X-Holocron-Account': 'Alt', 'X-Holocron-Mtime': Date.now() - 3 * 3600_000 }), body: other });
    expect(answer.status).toBe(200);
    expect(answer.json().warnings.join(' ')).toMatch(/more than an hour/);
  });

  it('refuses a body over --max-body with 413 before reading it', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/v1/files', headers: { ...uploadHeaders('Syndicator.lua'), 'Content-Length': 50 * 1024 * 1024 } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.flushHeaders(); // headers only: the 50 MB never come
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ limit: 2 * 1024 * 1024 });
    // Without Content-Length (chunked), the limit holds on what arrives.
    const big = Buffer.alloc(3 * 1024 * 1024, 0x20);
    const chunked = await new Promise<number>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/v1/files', headers: { ...uploadHeaders('Syndicator.lua'), 'Transfer-Encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', () => resolve(-1));
      req.write(big.subarray(0, 1024 * 1024));
      req.write(big.subarray(1024 * 1024));
      req.end();
    });
    expect([413, -1]).toContain(chunked);
    expect(fs.readdirSync(path.join(home, 'uploads', 'incoming'))).toEqual([]);
  });

  it('answers 422 with line:column for a file that does not parse, and keeps it', async () => {
    const broken = Buffer.from('SYNDICATOR_CONFIG = {\n  ["a"] = 1,\n  ["b"] = = 2,\n}\n');
    const answer = await request(server.port, { method: 'POST', path: '/api/v1/files', headers: uploadHeaders('Syndicator.lua', { 'X-Holocron-Account': 'Broken' }), body: broken });
    expect(answer.status).toBe(422);
    const body = answer.json();
    expect(body.status).toBe('rejected');
    expect(body.file.error).toMatch(/:3:\d+/);
    expect(fs.existsSync(body.file.path)).toBe(true);
  });

  it('refuses names that are paths, with 400', async () => {
    for (const name of ['../Syndicator.lua', 'a/b.lua', 'a\\b.lua', '..', '']) {
      const answer = await request(server.port, { method: 'POST', path: '/api/v1/files', headers: uploadHeaders(name), body: syndicator });
      expect(answer.status, name).toBe(400);
    }
  });

  it('answers 404 JSON for an unknown route', async () => {
    const answer = await request(server.port, { path: '/api/v1/nothing', headers: auth });
    expect(answer.status).toBe(404);
    expect(answer.json()).toHaveProperty('error');
  });

  it('lists the courier files and answers 304 to a matching If-None-Match', async () => {
    await new Promise((r) => setTimeout(r, 1500)); // the debounced regeneration after the ingests above
    const list = (await request(server.port, { path: '/api/v1/courier', headers: auth })).json();
    expect(list.files.map((f: { name: string }) => f.name)).toEqual(['Holocron_Index.lua', 'Holocron_Pricing.lua', 'Holocron_PetNeeds.lua']);
    const index = list.files[0];
    const full = await request(server.port, { path: '/api/v1/courier/Holocron_Index.lua', headers: auth });
    expect(full.status).toBe(200);
    expect(full.headers.etag).toBe(index.etag);
    expect(Buffer.byteLength(full.body)).toBe(index.size);
    expect(full.body).toContain('Generated by holocron courier');
    const cached = await request(server.port, { path: '/api/v1/courier/Holocron_Index.lua', headers: { ...auth, 'If-None-Match': index.etag } });
    expect(cached.status).toBe(304);
    expect((await request(server.port, { path: '/api/v1/courier/..%2Fserve-token', headers: auth })).status).toBe(404);
  });

  it('answers search, value, jobs and status as JSON', async () => {
    const search = (await request(server.port, { path: '/api/v1/search?q=a&limit=5', headers: auth })).json();
    expect(search.query).toBe('a');
    expect(search.items.length).toBeGreaterThan(0);
    expect(search.items[0].places[0]).toHaveProperty('account');
    const value = (await request(server.port, { path: '/api/v1/value?by=location', headers: auth })).json();
    expect(value).toHaveProperty('netWorth');
    const jobs = (await request(server.port, { path: '/api/v1/jobs?all=1', headers: auth })).json();
    expect(jobs.jobs).toEqual([]);
    const status = (await request(server.port, { path: '/api/v1/status', headers: auth })).json();
    expect(status.ingests.map((i: { account: string }) => i.account)).toEqual(expect.arrayContaining(['Main', 'Alt']));
    expect(status.uploads.find((u: { account: string }) => u.account === 'Main').uploads).toBe(2);
    expect(status.courier.lastWrittenAt).not.toBeNull();
    expect((await request(server.port, { path: '/api/v1/search', headers: auth })).status).toBe(400);
  });

  it('takes a combat log in chunks, resumes after an interrupted chunk, and reads it whole once complete', async () => {
    const log = Buffer.from(raidNight(players(5), Date.parse('2026-11-30T20:00:00Z'), new Clock(Date.parse('2026-11-30T20:00:00Z'))).text());
    const name = 'WoWCombatLog-113026_200000.txt';
    const third = Math.floor(log.length / 3);
    const chunk = (offset: number, end: number) =>
      request(server.port, { method: 'POST', path: '/api/v1/files', headers: uploadHeaders(name, { 'X-Holocron-Offset': offset, 'X-Holocron-Total-Size': log.length }), body: log.subarray(offset, end) });
    const first = await chunk(0, third);
    expect(first.json()).toMatchObject({ status: 'partial', nextOffset: third });
    // The second chunk breaks off halfway: what arrived stays, and the server says where to go on.
    await new Promise<void>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/v1/files', headers: uploadHeaders(name, { 'X-Holocron-Offset': third, 'X-Holocron-Total-Size': log.length, 'Content-Length': third }) });
      req.on('error', () => resolve());
      req.write(log.subarray(third, third + 1000), () => setTimeout(() => { req.destroy(); resolve(); }, 200));
    });
    await new Promise((r) => setTimeout(r, 200));
    const stale = await chunk(third, 2 * third);
    expect(stale.status).toBe(409);
    const expected = stale.json().expectedOffset as number;
    expect(expected).toBeGreaterThanOrEqual(third);
    expect(expected).toBeLessThanOrEqual(third + 1000);
    expect((await chunk(expected, 2 * third)).json()).toMatchObject({ status: 'partial', nextOffset: 2 * third });
    const last = await chunk(2 * third, log.length);
    expect(last.status).toBe(200);
    expect(last.json()).toMatchObject({ status: 'ingested', file: { status: 'ingested', formats: ['combatlog'], combatLog: { encounters: expect.any(Number) } } });
    expect(last.json().file.combatLog.encounters).toBeGreaterThan(0);
    const [files] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM skillweaver.combat_log_files');
    expect(files!.n).toBe(1);
  });

  it('finishes an upload in flight on SIGTERM, then exits 0', async () => {
    const big = generateSyndicatorFile({ characters: 2, seed: 21, realm: 'Silvermoon' });
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/v1/files', headers: { ...uploadHeaders('Syndicator.lua', { 'X-Holocron-Account': 'Late' }), 'Content-Length': big.length } },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on('error', reject);
      req.write(big.subarray(0, 1000), () => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end(big.subarray(1000)), 500);
      });
    });
    const done = await answer;
    expect(done.status).toBe(200);
    expect(JSON.parse(done.body)).toMatchObject({ status: 'ingested' });
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toMatch(/"msg":"stopped"/);
    // Restarted, the same file is known; a body cut off by a kill -9 is cleared away.
    fs.writeFileSync(path.join(home, 'uploads', 'incoming', 'cut-off'), 'half a file');
    server = await start();
    expect(fs.readdirSync(path.join(home, 'uploads')).includes('incoming')).toBe(false);
    const again = await request(server.port, { method: 'POST', path: '/api/v1/files', headers: uploadHeaders('Syndicator.lua', { 'X-Holocron-Account': 'Late' }), body: big });
    expect(again.json().status).toBe('unchanged');
  }, 60_000);
});

describe('holocron serve killed mid-upload', () => {
  it('loses nothing and doubles nothing when the upload is sent again after a restart', async () => {
    const file = generateSyndicatorFile({ characters: 2, seed: 33, realm: 'Kazzak' });
    const headers = uploadHeaders('Syndicator.lua', { 'X-Holocron-Account': 'Killed' });
    const cut = new Promise<void>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/v1/files', headers: { ...headers, 'Content-Length': file.length } });
      req.on('error', () => resolve());
      req.on('response', () => resolve());
      req.write(file.subarray(0, 2000), () => {
        server.child.kill('SIGKILL');
      });
    });
    await cut;
    await server.exited;
    server = await start();
    const sent = await request(server.port, { method: 'POST', path: '/api/v1/files', headers, body: file });
    expect(sent.json().status).toBe('ingested');
    const again = await request(server.port, { method: 'POST', path: '/api/v1/files', headers, body: file });
    expect(again.json().status).toBe('unchanged');
    const [stored] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM holocron.source_files f JOIN holocron.accounts a USING (account_id) WHERE a.name = 'Killed'`);
    expect(stored!.n).toBe(1);
  }, 60_000);
});

describe('holocron serve beyond loopback', () => {
  it('refuses to listen on 0.0.0.0 without a token (exit 78)', async () => {
    const bare = tempDir('holocron-serve-bare-');
    const { spawnSync } = await import('node:child_process');
    const env: NodeJS.ProcessEnv = { ...process.env, HOLOCRON_HOME: bare, DATABASE_URL: t.url };
    delete env.HOLOCRON_TOKEN;
    const result = spawnSync(process.execPath, [path.resolve('bin/holocron.js'), 'serve', '--listen', '0.0.0.0:0'], { env, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/token/);
    expect(fs.existsSync(path.join(bare, 'serve-token'))).toBe(false);
  });

  it('serves HTTPS with --tls-cert/--tls-key and answers 429 past the rate', async () => {
    const dir = tempDir('holocron-serve-tls-');
    const { spawnSync } = await import('node:child_process');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { encoding: 'utf8' });
    if (made.status !== 0) return; // no openssl on this machine
    const s = await startServe(['--tls-cert', path.join(dir, 'cert.pem'), '--tls-key', path.join(dir, 'key.pem'), '--rate', '1'], { HOLOCRON_HOME: dir, DATABASE_URL: t.url, HOLOCRON_TOKEN: TOKEN });
    const https = await import('node:https');
    const get = () =>
      new Promise<number>((resolve, reject) =>
        https.get({ host: '127.0.0.1', port: s.port, path: '/api/v1/jobs', headers: auth, rejectUnauthorized: false, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        }).on('error', reject),
      );
    // --rate 1 allows a burst of 2.
    expect([await get(), await get(), await get()]).toEqual([200, 200, 429]);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, 60_000);

  it('makes a token file with mode 600 on a loopback start without HOLOCRON_TOKEN', async () => {
    const bare = tempDir('holocron-serve-file-');
    const env: Record<string, string> = { HOLOCRON_HOME: bare, DATABASE_URL: t.url, HOLOCRON_TOKEN: '' };
    const s = await startServe([], env);
    const file = path.join(bare, 'serve-token');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const token = fs.readFileSync(file, 'utf8').trim();
    expect(s.stderr()).toContain(token);
    expect((await request(s.port, { path: '/api/v1/jobs', headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, 60_000);
});
