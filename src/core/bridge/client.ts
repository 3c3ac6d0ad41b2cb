/**
 * The bridge's side of `holocron serve`'s HTTP API: one keep-alive connection
 * pool (undici), the bearer token on every request, and retries with
 * exponential backoff for what a later attempt can fix (connection refused or
 * cut, 5xx, 429). A wrong token is a configuration error (exit 78) and a
 * server still down after the retries is "try again later" (exit 75): the
 * state file only records what the server confirmed, so nothing is lost.
 */
import { Agent, request, type Dispatcher } from 'undici';
import type { Clock } from '../clock.js';
import { ConfigError, TempFailError, UsageError, errorMessage } from '../errors.js';
import type { Logger } from '../log.js';

export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 1000, maxMs: 30_000 };

export interface ClientOptions {
  server: string;
  token: string | undefined;
  /** Where the token was looked for, named in the 401 message. */
  tokenSource: string;
  retry?: RetryPolicy;
  /** Per request: a stuck server must not hang a Task Scheduler run forever. */
  timeoutMs?: number;
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface SendOptions {
  headers?: Record<string, string>;
  body?: Buffer;
}

/** Statuses another attempt may cure. */
const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

export class BridgeClient {
  readonly server: string;
  private readonly agent: Agent;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly options: ClientOptions,
    private readonly deps: { clock: Clock; log: Logger; signal?: AbortSignal },
  ) {
    this.server = normaliseServer(options.server);
    this.retry = options.retry ?? DEFAULT_RETRY;
    const timeout = options.timeoutMs ?? 120_000;
    this.agent = new Agent({ keepAliveTimeout: 10_000, headersTimeout: timeout, bodyTimeout: timeout, connectTimeout: 10_000 });
  }

  /** Waits on the bridge's clock (and its stop signal). */
  async pause(ms: number): Promise<void> {
    await this.deps.clock.sleep(ms, this.deps.signal);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** Sends with retries; returns any answer that is not retryable and not 401/403. */
  async send(method: Dispatcher.HttpMethod, route: string, options: SendOptions = {}): Promise<Reply> {
    let lastProblem = '';
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      if (attempt > 1) {
        const wait = Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** (attempt - 2));
        this.deps.log.info(`server: ${lastProblem}; retrying in ${formatWait(wait)} (attempt ${attempt} of ${this.retry.attempts})`);
        await this.deps.clock.sleep(wait, this.deps.signal);
        if (this.deps.signal?.aborted) break;
      }
      let reply: Reply;
      try {
        reply = await this.once(method, route, options);
      } catch (error) {
        lastProblem = `${this.server} cannot be reached (${networkReason(error)})`;
        continue;
      }
      if (reply.status === 401 || reply.status === 403) throw this.refused(reply);
      if (!RETRYABLE.has(reply.status)) return reply;
      lastProblem = `${method} ${route} answered ${reply.status}${serverError(reply)}`;
      const retryAfter = Number(headerOf(reply, 'retry-after'));
      if (reply.status === 429 && retryAfter > 0 && attempt < this.retry.attempts) {
        await this.deps.clock.sleep(Math.min(this.retry.maxMs, retryAfter * 1000), this.deps.signal);
      }
    }
    throw new TempFailError(`${lastProblem || `${this.server} cannot be reached`}; gave up after ${this.retry.attempts} attempts`, {
      hint: 'Nothing is lost: the next run sends what was not confirmed. Check that `holocron serve` runs and --server is right.',
    });
  }

  private async once(method: Dispatcher.HttpMethod, route: string, options: SendOptions): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    const response = await request(`${this.server}${route}`, {
      method,
      headers,
      ...(options.body !== undefined && { body: options.body }),
      dispatcher: this.agent,
    });
    const body = Buffer.from(await response.body.arrayBuffer());
    return { status: response.statusCode, headers: response.headers, body };
  }

  private refused(reply: Reply): ConfigError {
    // The token itself is never printed: only where it came from.
    return new ConfigError(`${this.server} refused the bridge's token (HTTP ${reply.status}${serverError(reply)})`, {
      hint: `The token was taken from ${this.options.tokenSource}. Copy the server's token (HOLOCRON_TOKEN or the token file \`holocron serve\` printed) into --token-file, HOLOCRON_TOKEN or HOLOCRON_HOME/bridge-token.`,
    });
  }
}

export function normaliseServer(server: string): string {
  let url: URL;
  try {
    url = new URL(server.trim());
  } catch {
    throw new UsageError(`--server must be a URL like http://r720:8787 (got '${server}')`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--server must start with http:// or https:// (got '${server}')`);
  if (url.username || url.password) throw new UsageError('--server must not carry a user name or password: the token goes in --token-file or HOLOCRON_TOKEN');
  return url.toString().replace(/\/+$/, '');
}

export function json<T>(reply: Reply): T | undefined {
  try {
    return JSON.parse(reply.body.toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

export function headerOf(reply: Reply, name: string): string | undefined {
  const value = reply.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The server's `{"error"}` text, for messages. */
export function serverError(reply: Reply): string {
  const message = json<{ error?: unknown }>(reply)?.error;
  return typeof message === 'string' ? `: ${message}` : '';
}

function networkReason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const cause = (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof cause === 'string' ? cause : typeof code === 'string' ? code : errorMessage(error);
}

function formatWait(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
