import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db.js';
import { request, startServe, type ServeProcess } from '../helpers/serve-process.js';
import { useTempDirs } from '../helpers/tmp.js';

/**
 * The Command Center's routes on a real `holocron serve` (dist/): the public
 * page and its assets, tab data and actions behind the token, refusals of
 * bad requests, and the event stream that follows NOTIFY on holocron_data.
 */
const t = useTestDatabase();
const tempDir = useTempDirs();
const TOKEN = 'dash-token-0123456789abcdef';
const auth = { Authorization: `Bearer ${TOKEN}` };
let server: ServeProcess;

beforeAll(async () => {
  server = await startServe([], { HOLOCRON_HOME: tempDir('holocron-serve-dash-'), DATABASE_URL: t.url, HOLOCRON_TOKEN: TOKEN });
}, 60_000);

afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
});

/** Opens the event stream and collects what arrives. */
function openEvents(): Promise<{ res: http.IncomingMessage; text: () => string; until: (re: RegExp) => Promise<void>; req: http.ClientRequest }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: server.port, path: '/api/v1/events', headers: auth, agent: false }, (res) => {
      let text = '';
      const waiters: Array<() => void> = [];
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        for (const w of waiters.splice(0)) w();
      });
      const until = async (re: RegExp) => {
        while (!re.test(text)) await new Promise<void>((r) => waiters.push(r));
      };
      resolve({ res, text: () => text, until, req });
    });
    req.on('error', reject);
  });
}

describe('the Command Center routes of holocron serve', () => {
  it('serves the page shell and its hashed assets without a token, gzipped, with ETags', async () => {
    const shell = await request(server.port, { path: '/' });
    expect(shell.status).toBe(200);
    expect(shell.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(shell.headers['content-security-policy']).toContain("default-src 'self'");
    const [, js] = /src="\/assets\/(main-[A-Z0-9]+\.js)"/.exec(shell.body) ?? [];
    const [, css] = /href="\/assets\/(main-[A-Z0-9]+\.css)"/.exec(shell.body) ?? [];
    expect(js && css).toBeTruthy();
    expect(shell.body).not.toMatch(/https?:\/\//);
    const script = await request(server.port, { path: `/assets/${js}`, headers: { 'Accept-Encoding': 'gzip' } });
    expect(script.status).toBe(200);
    expect(script.headers['content-encoding']).toBe('gzip');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const style = await request(server.port, { path: `/assets/${css}` });
    expect(style.headers['content-encoding']).toBeUndefined();
    // uPlot's own stylesheet is in ours: nothing comes from a CDN.
    expect(style.body).toContain('.uplot');
    const again = await request(server.port, { path: `/assets/${css}`, headers: { 'If-None-Match': style.headers.etag as string } });
    expect(again.status).toBe(304);
    expect((await request(server.port, { path: '/assets/nothing.js' })).status).toBe(404);
    expect((await request(server.port, { path: '/elsewhere' })).status).toBe(404);
    expect((await request(server.port, { method: 'POST', path: '/' })).status).toBe(404);
  });

  it('keeps the gzip of a script byte-identical to the script', async () => {
    const shell = await request(server.port, { path: '/' });
    const js = /src="(\/assets\/[^"]+)"/.exec(shell.body)![1]!;
    const plain = await new Promise<Buffer>((resolve) => http.get({ host: '127.0.0.1', port: server.port, path: js }, (res) => collect(res, resolve)));
    const zipped = await new Promise<Buffer>((resolve) => http.get({ host: '127.0.0.1', port: server.port, path: js, headers: { 'Accept-Encoding': 'gzip' } }, (res) => collect(res, resolve)));
    expect(gunzipSync(zipped).equals(plain)).toBe(true);
  });

  it('refuses tab data, actions and events without the token', async () => {
    for (const path of ['/api/v1/dashboard/home', '/api/v1/events']) expect((await request(server.port, { path })).status).toBe(401);
    const wrong = await request(server.port, { method: 'POST', path: '/api/v1/actions', headers: { Authorization: 'Bearer nope', 'Content-Type': 'application/json' }, body: '{"action":"liquidate-apply"}' });
    expect(wrong.status).toBe(401);
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM holocron.logistics_queue'))[0]!.n).toBe(0);
  });

  it('answers each tab as JSON and 404 for a tab that does not exist', async () => {
    for (const tab of ['home', 'market', 'operations', 'roster', 'collection']) {
      const answer = await request(server.port, { path: `/api/v1/dashboard/${tab}`, headers: auth });
      expect(answer.status, tab).toBe(200);
      expect(answer.json()).toMatchObject({ tab, missing: expect.any(Array) });
    }
    const unknown = await request(server.port, { path: '/api/v1/dashboard/secrets', headers: auth });
    expect(unknown.status).toBe(404);
    expect(unknown.json().error).toMatch(/no tab secrets/);
  });

  it('runs an action and refuses a bad body with 400, a wrong type with 415 and a big one with 413', async () => {
    const post = (body: string, type = 'application/json') => request(server.port, { method: 'POST', path: '/api/v1/actions', headers: { ...auth, 'Content-Type': type }, body });
    const plan = await post('{"action":"liquidate-plan"}');
    expect(plan.status).toBe(200);
    expect(plan.json()).toMatchObject({ action: 'liquidate-plan', summary: expect.stringMatching(/^liquidation plan, not applied/), lines: expect.any(Array) });
    for (const body of ['not json', '[]', '{"action":"format-disk"}', '{"action":"job-done","ids":[]}', '{"action":"job-cancel","ids":["1; DROP"]}', '{"action":"restock-manifest","apply":"yes"}']) {
      const answer = await post(body);
      expect(answer.status, body).toBe(400);
      expect(answer.json().error, body).toMatch(/^bad action/);
    }
    expect((await post('{"action":"liquidate-plan"}', 'text/plain')).status).toBe(415);
    expect((await post(`{"action":"job-done","ids":[${'1,'.repeat(40_000)}1]}`)).status).toBe(413);
  });

  it('streams an event when the data changes (NOTIFY holocron_data), with what changed, and loads tabs anew after it', async () => {
    const events = await openEvents();
    expect(events.res.statusCode).toBe(200);
    expect(events.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    await events.until(/: ready\n\n/);
    // A tab is kept until the data changes: the same object twice, a new one after the change.
    const home = async () => (await request(server.port, { path: '/api/v1/dashboard/home', headers: auth })).json().generatedAt as string;
    const first = await home();
    expect(await home()).toBe(first);
    await t.db.query(`SELECT pg_notify('holocron_data', 'scrape'), pg_notify('holocron_data', 'ingest')`);
    await events.until(/event: data\n/);
    expect(events.text()).toContain('event: data\ndata: ["ingest","scrape"]\n\n');
    expect(await home()).not.toBe(first);
    events.req.destroy();
  });

  it('ends open event streams on SIGTERM and exits 0', async () => {
    const events = await openEvents();
    await events.until(/: ready/);
    const ended = new Promise<void>((resolve) => events.res.once('end', resolve));
    server.child.kill('SIGTERM');
    await ended;
    expect(await server.exited).toBe(0);
  });
});

function collect(res: http.IncomingMessage, done: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(Buffer.concat(chunks)));
}
