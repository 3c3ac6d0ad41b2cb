/**
 * `holocron serve`: the server's one door. Node's own http module, not a
 * framework: no dependency to keep current, and it is fast enough — the
 * search route spends its time in PostgreSQL, not in routing (bench/serve.ts
 * measures the whole round trip). A pool of warm connections and named
 * statements keep the database side to one round trip per query.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Database } from '../db/pool.js';
import type { CourierReport } from '../courier/courier.js';
import type { IngestSummary } from '../inventory/ingest.js';
import type { Logger } from '../log.js';
import { tokenChecker } from './auth.js';
import { CourierFiles } from './courier-files.js';
import { loadTab } from '../dashboard/tabs.js';
import { runAction } from '../dashboard/actions.js';
import { listenForData } from '../dashboard/listen.js';
import { DataEvents, TabCache, actionRoute, tabRoute, type DashboardCore } from './dashboard-routes.js';
import { HttpError, header, holdsVersion, refuse, sendJson } from './http.js';
import type { ServeLog } from './log.js';
import { RateLimiter } from './rate-limit.js';
import { jobsRoute, searchRoute, statusRoute, valueRoute } from './read-api.js';
import { handleUpload } from './uploads.js';
import { WebAssets } from './web-assets.js';

export interface ServeOptions {
  host: string;
  port: number;
  home: string;
  token: string;
  maxBody: number;
  courierDelayMs: number;
  /** Requests per second per client, and the burst allowed. */
  rate: { perSecond: number; burst: number };
  tls?: { cert: Buffer; key: Buffer };
}

export interface ServeDeps {
  db: Database;
  /** Core logger for ingest and courier (their own messages). */
  log: Logger;
  /** One JSON line per request and event. */
  out: ServeLog;
  ingest: (paths: string[], account: string) => Promise<IngestSummary>;
  writeCourier: (outDir: string) => Promise<CourierReport>;
  now?: () => Date;
}

export interface RunningServer {
  address: AddressInfo;
  /** Stops accepting, finishes in-flight requests and the pending courier run. */
  close(): Promise<void>;
}

export async function startServer(options: ServeOptions, deps: ServeDeps): Promise<RunningServer> {
  const now = deps.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const spoolDir = path.join(options.home, 'uploads');
  fs.mkdirSync(spoolDir, { recursive: true, mode: 0o700 });
  // Bodies cut off by a kill -9 are never finished: the client sends them again whole.
  fs.rmSync(path.join(spoolDir, 'incoming'), { recursive: true, force: true });
  const courier = new CourierFiles(path.join(options.home, 'courier'), deps.writeCourier, options.courierDelayMs, (o) =>
    deps.out(o.error ? 'error' : 'info', 'courier written', { ...o, ms: Math.round(o.ms) }),
  );
  const authorised = tokenChecker(options.token);
  const limiter = new RateLimiter(options.rate.perSecond, options.rate.burst);
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const web = WebAssets.load();
  const core: DashboardCore = { loadTab, runAction, listenForData };
  const events = new DataEvents(core, deps.db, (error) => deps.out('error', 'listen for data changes failed', { error: error.message }), 25_000, () => tabs.clear());
  const tabs: TabCache = new TabCache((tab) => loadTab(deps.db, tab, { now: now() }), () => events.listening());
  const uploadDeps = { db: deps.db, log: deps.log, spoolDir, maxBody: options.maxBody, serially, ingest: deps.ingest, now };

  const route = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    const p = url.pathname;
    if (req.method === 'POST' && p === '/api/v1/files') {
      const answer = await handleUpload(req, uploadDeps);
      if (answer.changed) courier.schedule();
      return sendJson(res, answer.httpStatus, answer.body);
    }
    if (req.method === 'POST' && p === '/api/v1/actions') return sendJson(res, 200, await actionRoute(core, deps.db, req, now(), tabs));
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(p.startsWith('/api/v1/') ? 405 : 404, `no route ${req.method} ${p}`);
    if (p === '/api/v1/search') return sendJson(res, 200, await searchRoute(deps.db, url.searchParams));
    if (p === '/api/v1/value') return sendJson(res, 200, await valueRoute(deps.db, url.searchParams));
    if (p === '/api/v1/jobs') return sendJson(res, 200, await jobsRoute(deps.db, url.searchParams));
    if (p.startsWith('/api/v1/dashboard/')) return sendJson(res, 200, await tabRoute(tabs, p.slice('/api/v1/dashboard/'.length)));
    if (p === '/api/v1/events') return events.subscribe(req, res);
    if (p === '/api/v1/status') {
      const files = courier.list().map(({ name, mtime, size }) => ({ name, mtime, size }));
      return sendJson(res, 200, await statusRoute(deps.db, { startedAt, courier: { lastWrittenAt: courier.lastWrittenAt?.toISOString() ?? null, lastError: courier.lastError ?? null, files } }));
    }
    if (p === '/api/v1/courier') return sendJson(res, 200, { files: courier.list().map(({ name, etag, size, mtime }) => ({ name, etag, size, mtime })) });
    if (p.startsWith('/api/v1/courier/')) {
      const entry = courier.get(decodeURIComponent(p.slice('/api/v1/courier/'.length)));
      if (!entry) throw new HttpError(404, 'no such courier file');
      const headers = { ETag: entry.etag, 'Last-Modified': new Date(entry.mtime).toUTCString(), 'Cache-Control': 'no-cache' };
      if (holdsVersion(req, entry.etag)) {
        res.writeHead(304, headers);
        return void res.end();
      }
      res.writeHead(200, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': entry.size });
      return void res.end(req.method === 'HEAD' ? undefined : entry.bytes);
    }
    throw new HttpError(404, `no route GET ${p}`);
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const started = performance.now();
    const ip = req.socket.remoteAddress ?? 'unknown';
    const url = new URL(req.url ?? '/', 'http://holocron');
    res.once('finish', () =>
      deps.out('info', 'request', { method: req.method, path: url.pathname, status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10, ip }),
    );
    if (url.pathname === '/healthz') return sendJson(res, 200, { ok: true });
    if (!limiter.take(ip)) return refuse(req, res, 429, { error: 'too many requests; slow down' });
    // The page's shell and scripts hold no data: public, so the login page can load. Data is under /api.
    const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');
    if (isApi && !authorised(header(req, 'authorization'))) return refuse(req, res, 401, { error: 'missing or wrong bearer token' });
    (isApi ? route(req, res, url) : publicRoute(req, res, url.pathname)).catch((error: unknown) => {
      if (error instanceof HttpError) {
        if (error.status >= 500) deps.out('error', error.message, { path: url.pathname });
        return res.headersSent ? res.destroy() : refuse(req, res, error.status, { error: error.message, ...error.body });
      }
      deps.out('error', 'request failed', { path: url.pathname, error: (error as Error).message });
      if (res.headersSent) return res.destroy();
      refuse(req, res, 500, { error: 'internal error; see the server log' });
    });
  };

  const publicRoute = async (req: http.IncomingMessage, res: http.ServerResponse, p: string): Promise<void> => {
    if ((req.method === 'GET' || req.method === 'HEAD') && web.serve(req, res, p)) return;
    throw new HttpError(404, `no route ${req.method} ${p}`);
  };

  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handler) : http.createServer(handler);
  // Uploads of tens of MB over a home link take longer than Node's 5-minute default for a whole request.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  void courier.regenerate();

  return {
    address: server.address() as AddressInfo,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Event streams never finish on their own: end them, or close() would wait forever.
      await events.close();
      server.closeIdleConnections();
      await closed;
      await queue;
      await courier.settle();
    },
  };
}
