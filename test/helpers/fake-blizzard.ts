import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/**
 * A real HTTP server on loopback that plays the Battle.net API for tests and
 * benchmarks: OAuth client credentials, per-region routes under /{region}/…,
 * Last-Modified/If-Modified-Since, gzip, and scripted failures (429, 500, 401,
 * truncated bodies, HTML pages).
 */
export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  /** JSON-able value, string or bytes. */
  body?: unknown;
  gzip?: boolean;
  lastModified?: Date;
  /** Send only this many bytes of the (possibly gzipped) body, then end the response. */
  truncateAt?: number;
  /** Ignore If-Modified-Since (a server that always resends). */
  ignoreIfModifiedSince?: boolean;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Trickle the body: this many bytes, then a pause of `pauseMs`, and so on. */
  trickle?: { bytes: number; pauseMs: number };
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  at: number;
}

interface Route {
  /** Served in order; the last one repeats. */
  responses: FakeResponse[];
  served: number;
  cache: Map<FakeResponse, Buffer>;
}

export class FakeBlizzard {
  readonly requests: RecordedRequest[] = [];
  /** Body bytes sent so far, all routes. */
  bytesSent = 0;
  clientId = 'test-client';
  clientSecret = 'test-secret-value';
  tokenLifetimeSeconds = 86_399;
  /** Tokens the API answers 401 for (expired or revoked). */
  readonly rejectedTokens = new Set<string>();
  tokensIssued = 0;
  private readonly routes = new Map<string, Route>();
  private server: http.Server | undefined;
  private port = 0;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  get oauthUrl(): string {
    return `http://127.0.0.1:${this.port}/oauth/token`;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/{region}`;
  }

  /** Environment for a holocron process talking to this server. */
  env(): Record<string, string> {
    return {
      BLIZZARD_CLIENT_ID: this.clientId,
      BLIZZARD_CLIENT_SECRET: this.clientSecret,
      BLIZZARD_OAUTH_URL: this.oauthUrl,
      BLIZZARD_API_URL: this.apiUrl,
      HOLOCRON_API_RETRY_BASE_MS: '20',
    };
  }

  /** Sets what `/{region}{path}` answers (a sequence: each request takes the next, the last repeats). */
  route(region: string, path: string, ...responses: FakeResponse[]): void {
    this.routes.set(`/${region}${path}`, { responses, served: 0, cache: new Map() });
  }

  /**
   * A region at real scale: its connected-realm index listing `ids`, and each
   * realm's auctions answering `response(id)`.
   */
  routeRealms(region: string, ids: readonly number[], response: (id: number) => FakeResponse): void {
    this.route(region, '/data/wow/connected-realm/index', { body: realmIndexBody(region, [...ids]) });
    for (const id of ids) this.route(region, `/data/wow/connected-realm/${id}/auctions`, response(id));
  }

  requestsTo(region: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === `/${region}${path}`);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, at: Date.now() });
    req.resume();
    if (url.pathname === '/oauth/token') return this.token(req, res);
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!token.startsWith('token-') || this.rejectedTokens.has(token)) {
      return json(res, 401, { code: 401, type: 'BLZWEBAPI00000401', detail: 'Unauthorized' });
    }
    const route = this.routes.get(url.pathname);
    if (!route) return json(res, 404, { code: 404, type: 'BLZWEBAPI00000404', detail: 'Not Found' });
    const response = route.responses[Math.min(route.served, route.responses.length - 1)]!;
    route.served += 1;
    if (response.delayMs) setTimeout(() => this.respond(req, res, route, response), response.delayMs);
    else this.respond(req, res, route, response);
  }

  private token(req: http.IncomingMessage, res: http.ServerResponse): void {
    const expected = `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')}`;
    if (req.method !== 'POST' || req.headers.authorization !== expected) {
      return json(res, 401, { error: 'invalid_client', error_description: 'Invalid client or Invalid client credentials' });
    }
    this.tokensIssued += 1;
    json(res, 200, { access_token: `token-${this.tokensIssued}`, token_type: 'bearer', expires_in: this.tokenLifetimeSeconds, sub: this.clientId });
  }

  private respond(req: http.IncomingMessage, res: http.ServerResponse, route: Route, response: FakeResponse): void {
    const status = response.status ?? 200;
    const headers: Record<string, string> = { 'content-type': 'application/json;charset=UTF-8', ...response.headers };
    if (response.lastModified) {
      headers['last-modified'] = response.lastModified.toUTCString();
      const since = Date.parse(String(req.headers['if-modified-since'] ?? ''));
      if (!response.ignoreIfModifiedSince && status === 200 && !Number.isNaN(since) && response.lastModified.getTime() <= since) {
        res.writeHead(304, { 'last-modified': headers['last-modified'] });
        res.end();
        return;
      }
    }
    let body = route.cache.get(response);
    if (!body) {
      const raw = Buffer.isBuffer(response.body)
        ? response.body
        : Buffer.from(typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? {}));
      body = response.gzip ? gzipSync(raw, { level: 6 }) : raw;
      route.cache.set(response, body);
    }
    if (response.gzip) headers['content-encoding'] = 'gzip';
    if (response.truncateAt !== undefined) {
      // Claim the full length, send part of it, and drop the connection.
      headers['content-length'] = String(body.length);
      res.writeHead(status, headers);
      res.write(body.subarray(0, response.truncateAt), () => res.destroy());
      return;
    }
    headers['content-length'] = String(body.length);
    res.writeHead(status, headers);
    if (response.trickle) return this.trickle(res, body, response.trickle);
    this.bytesSent += body.length;
    res.end(body);
  }

  private trickle(res: http.ServerResponse, body: Buffer, { bytes, pauseMs }: { bytes: number; pauseMs: number }): void {
    let offset = 0;
    const next = () => {
      if (res.destroyed) return;
      const part = body.subarray(offset, offset + bytes);
      offset += part.length;
      this.bytesSent += part.length;
      if (offset >= body.length) res.end(part);
      else res.write(part, () => setTimeout(next, pauseMs));
    };
    next();
  }
}

function json(res: http.ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** Blizzard's token index document. */
export function tokenBody(price: number, updatedAt: Date): unknown {
  return {
    _links: { self: { href: 'https://us.api.blizzard.com/data/wow/token/index?namespace=dynamic-us' } },
    last_updated_timestamp: updatedAt.getTime(),
    price,
  };
}

/** Blizzard's connected-realm index document. */
export function realmIndexBody(region: string, ids: number[]): unknown {
  return {
    _links: { self: { href: `https://${region}.api.blizzard.com/data/wow/connected-realm/?namespace=dynamic-${region}` } },
    connected_realms: ids.map((id) => ({ href: `https://${region}.api.blizzard.com/data/wow/connected-realm/${id}?namespace=dynamic-${region}` })),
  };
}
