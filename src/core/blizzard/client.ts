import { Transform, pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Agent, request, type Dispatcher } from 'undici';
import type { Clock } from '../clock.js';
import type { BlizzardConfig } from '../config.js';
import { ConfigError, UnavailableError, errnoCode } from '../errors.js';
import type { Logger } from '../log.js';
import { registerSecret } from '../redact.js';
import { backoffDelay, parseRetryAfter } from './backoff.js';
import { ApiStatusError, ApiUnavailableError } from './errors.js';
import { RateLimiter } from './rate-limiter.js';
import type { Region } from './regions.js';

/**
 * The Battle.net Game Data API over one keep-alive undici agent: OAuth
 * client-credentials with a cached token, a 100 requests/s ceiling, gzip,
 * explicit timeouts, and bounded retries with backoff for 429, 5xx and network
 * failures. Responses that carry data are returned; everything else is an error
 * the caller can classify (ApiStatusError for a definite answer such as 404,
 * ApiUnavailableError when retries ran out).
 */
export interface BlizzardClientOptions {
  config: BlizzardConfig;
  userAgent: string;
  clock: Clock;
  log: Logger;
  maxAttempts?: number;
  retryBaseMs?: number;
  requestsPerSecond?: number;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  random?: () => number;
}

export interface RequestOptions {
  namespace: 'dynamic' | 'static';
  ifModifiedSince?: Date | undefined;
  query?: Record<string, string>;
  signal?: AbortSignal;
}

export interface StreamResponse {
  status: 200;
  url: string;
  lastModified: Date | undefined;
  contentLength: number | undefined;
  /** Decompressed body. */
  body: Readable;
  /** Bytes received on the wire so far (compressed). */
  wireBytes(): number;
}

export interface NotModified {
  status: 304;
  url: string;
}

export interface JsonResponse<T> {
  status: 200;
  url: string;
  data: T;
  lastModified: Date | undefined;
  wireBytes: number;
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const TOKEN_EARLY_REFRESH_MS = 5 * 60_000;

export class BlizzardClient {
  private readonly agent: Agent;
  private readonly limiter: RateLimiter;
  private token: Promise<CachedToken> | undefined;
  private currentToken: CachedToken | undefined;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;

  constructor(private readonly options: BlizzardClientOptions) {
    const { config } = options;
    if (!config.clientId || !config.clientSecret) {
      throw new ConfigError('BLIZZARD_CLIENT_ID and BLIZZARD_CLIENT_SECRET must be set', {
        hint: 'Create a client at https://develop.battle.net/access/clients and put both in the environment (or the --env file).',
      });
    }
    registerSecret(config.clientSecret);
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs ?? 10_000 },
      headersTimeout: options.headersTimeoutMs ?? 30_000,
      bodyTimeout: options.bodyTimeoutMs ?? 60_000,
      keepAliveTimeout: 30_000,
      connections: 16,
    });
    this.limiter = new RateLimiter(options.clock, options.requestsPerSecond ?? 100);
    this.maxAttempts = options.maxAttempts ?? config.maxAttempts;
    this.retryBaseMs = options.retryBaseMs ?? config.retryBaseMs;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** GET returning the decompressed body as a stream (auction snapshots). */
  async openStream(region: Region, path: string, options: RequestOptions): Promise<StreamResponse | NotModified> {
    const url = this.url(region, path, options);
    const response = await this.send(url, options);
    if (response.statusCode === 304) {
      await response.body.dump();
      return { status: 304, url: publicUrl(url) };
    }
    let wire = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        wire += chunk.length;
        done(null, chunk);
      },
    });
    // pipeline() ties the chain together both ways: a reset connection fails the
    // consumer, and a consumer that gives up (destroy) releases the connection.
    const stages: NodeJS.ReadWriteStream[] = [counter];
    // 256 KB output chunks: with zlib's 16 KB default, the round trips to the thread
    // pool left the main thread idle a third of the time (measured 1.2 s → 0.8 s
    // for gunzip + parse of a 500k-auction body), and fewer callbacks cost less.
    if (isGzip(response.headers['content-encoding'])) stages.push(createGunzip({ chunkSize: 256 * 1024 }));
    const body = pipeline(response.body, ...(stages as [Transform]), () => undefined) as unknown as Readable;
    const length = Number(header(response.headers['content-length']));
    return {
      status: 200,
      url: publicUrl(url),
      lastModified: parseHttpDate(header(response.headers['last-modified'])),
      contentLength: Number.isFinite(length) && length > 0 ? length : undefined,
      body,
      wireBytes: () => wire,
    };
  }

  /** GET and parse a (small) JSON document. */
  async getJson<T>(region: Region, path: string, options: RequestOptions): Promise<JsonResponse<T> | NotModified> {
    const opened = await this.openStream(region, path, options);
    if (opened.status === 304) return opened;
    const chunks: Buffer[] = [];
    for await (const chunk of opened.body) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let data: T;
    try {
      data = JSON.parse(text) as T;
    } catch {
      throw new ApiStatusError(200, opened.url, `the response is not JSON (it starts with "${text.slice(0, 40).replace(/\s+/g, ' ')}")`);
    }
    return { status: 200, url: opened.url, data, lastModified: opened.lastModified, wireBytes: opened.wireBytes() };
  }

  private url(region: Region, path: string, options: RequestOptions): URL {
    const base = this.options.config.apiUrl.replace('{region}', region).replace(/\/+$/, '');
    const url = new URL(base + path);
    url.searchParams.set('namespace', `${options.namespace}-${region}`);
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
    return url;
  }

  /**
   * Sends with retries. Returns a 200 or 304 response whose body the caller owns;
   * throws ApiStatusError for other definite answers, ApiUnavailableError when
   * retries run out.
   */
  private async send(url: URL, options: RequestOptions): Promise<Dispatcher.ResponseData> {
    const { clock, log } = this.options;
    let refreshedToken = false;
    for (let attempt = 1; ; attempt++) {
      const token = await this.accessToken();
      await this.limiter.acquire();
      let response: Dispatcher.ResponseData;
      try {
        response = await request(url, {
          dispatcher: this.agent,
          method: 'GET',
          headers: this.headers(token.value, options),
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } catch (error) {
        const reason = networkReason(error);
        if (attempt >= this.maxAttempts) throw new ApiUnavailableError(publicUrl(url), reason);
        const wait = backoffDelay(attempt, this.retryBaseMs, 30_000, this.options.random);
        log.warn(`${publicUrl(url)}: ${reason}; retrying in ${wait} ms`);
        await clock.sleep(wait, options.signal);
        continue;
      }
      const status = response.statusCode;
      if (status === 200 || status === 304) return response;
      const detail = await errorDetail(response);
      if (status === 401 && !refreshedToken) {
        // Expired or revoked early: fetch a new token once.
        refreshedToken = true;
        this.invalidateToken(token);
        log.info(`${publicUrl(url)}: token rejected (401); requesting a new one`);
        attempt -= 1;
        continue;
      }
      if (!RETRYABLE_STATUS.has(status)) throw new ApiStatusError(status, publicUrl(url), detail);
      if (attempt >= this.maxAttempts) {
        throw new ApiUnavailableError(publicUrl(url), `HTTP ${status} after ${attempt} attempts${detail ? `: ${detail}` : ''}`, status);
      }
      const retryAfter = status === 429 ? parseRetryAfter(response.headers['retry-after'], clock.now()) : undefined;
      const wait = retryAfter ?? backoffDelay(attempt, this.retryBaseMs, 30_000, this.options.random);
      log.warn(`${publicUrl(url)}: HTTP ${status}; retrying in ${wait} ms (attempt ${attempt + 1} of ${this.maxAttempts})`);
      await clock.sleep(wait, options.signal);
    }
  }

  private headers(token: string, options: RequestOptions): Record<string, string> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      'accept-encoding': 'gzip',
      accept: 'application/json',
      'user-agent': this.options.userAgent,
    };
    if (options.ifModifiedSince) headers['if-modified-since'] = options.ifModifiedSince.toUTCString();
    return headers;
  }

  /** The cached token, fetched when missing or about to expire; concurrent callers share one fetch. */
  private async accessToken(): Promise<CachedToken> {
    const pending = this.token;
    if (pending) {
      const token = await pending;
      if (token.expiresAt > this.options.clock.now()) return token;
      if (this.token === pending) this.token = undefined;
    }
    if (!this.token) {
      const fetching = this.fetchToken();
      this.token = fetching;
      fetching.then(
        (token) => (this.currentToken = token),
        () => {
          if (this.token === fetching) this.token = undefined;
        },
      );
    }
    return this.token;
  }

  /** Drops the token a request was rejected with, unless a newer one replaced it already. */
  private invalidateToken(used: CachedToken): void {
    if (this.currentToken === used) {
      this.token = undefined;
      this.currentToken = undefined;
    }
  }

  private async fetchToken(): Promise<CachedToken> {
    const { config, clock, log } = this.options;
    const basic = Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64');
    registerSecret(basic);
    for (let attempt = 1; ; attempt++) {
      let response: Dispatcher.ResponseData;
      try {
        response = await request(config.oauthUrl, {
          dispatcher: this.agent,
          method: 'POST',
          headers: {
            authorization: `Basic ${basic}`,
            'content-type': 'application/x-www-form-urlencoded',
            'user-agent': this.options.userAgent,
          },
          body: 'grant_type=client_credentials',
        });
      } catch (error) {
        const reason = networkReason(error);
        if (attempt >= this.maxAttempts) {
          throw new UnavailableError(`cannot reach the Battle.net OAuth endpoint ${hostOf(config.oauthUrl)} (${reason})`);
        }
        await clock.sleep(backoffDelay(attempt, this.retryBaseMs, 30_000, this.options.random));
        continue;
      }
      const text = await response.body.text();
      if (response.statusCode === 200) {
        const parsed = safeJson(text) as { access_token?: string; expires_in?: number } | undefined;
        if (!parsed?.access_token) throw new UnavailableError(`the OAuth endpoint ${hostOf(config.oauthUrl)} returned no access_token`);
        registerSecret(parsed.access_token);
        const lifetimeMs = (parsed.expires_in ?? 3600) * 1000;
        log.debug(`obtained an API token valid for ${Math.round(lifetimeMs / 60_000)} min`);
        return {
          value: parsed.access_token,
          expiresAt: clock.now() + Math.max(lifetimeMs - TOKEN_EARLY_REFRESH_MS, lifetimeMs / 2),
        };
      }
      if (response.statusCode === 400 || response.statusCode === 401 || response.statusCode === 403) {
        throw new ConfigError(`Battle.net rejected the client credentials (HTTP ${response.statusCode} from ${hostOf(config.oauthUrl)})`, {
          hint: 'Check BLIZZARD_CLIENT_ID and BLIZZARD_CLIENT_SECRET.',
        });
      }
      if (attempt >= this.maxAttempts) {
        throw new UnavailableError(`the Battle.net OAuth endpoint ${hostOf(config.oauthUrl)} answered HTTP ${response.statusCode} ${attempt} times`);
      }
      const wait = parseRetryAfter(response.headers['retry-after'], clock.now()) ?? backoffDelay(attempt, this.retryBaseMs, 30_000, this.options.random);
      await clock.sleep(wait);
    }
  }
}

function isGzip(value: string | string[] | undefined): boolean {
  return (header(value) ?? '').toLowerCase().includes('gzip');
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function parseHttpDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** The URL as it may appear in logs: no query secrets (there are none, but be sure). */
function publicUrl(url: URL): string {
  const copy = new URL(url);
  copy.searchParams.delete('access_token');
  return copy.toString();
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function networkReason(error: unknown): string {
  const code = errnoCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${code}: ${message}` : message;
}

async function errorDetail(response: Dispatcher.ResponseData): Promise<string> {
  try {
    const text = (await response.body.text()).slice(0, 300);
    const parsed = safeJson(text) as { detail?: string; type?: string } | undefined;
    return parsed?.detail ?? text.replace(/\s+/g, ' ').trim().slice(0, 120);
  } catch {
    return '';
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
