/**
 * The Command Center over HTTP, for the web page: one tab's data, an action,
 * and a stream of "data changed" events. The same core functions as
 * `holocron dashboard` (src/core/dashboard/), behind the same bearer token as
 * the rest of /api/v1.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from '../db/pool.js';
import { TAB_NAMES, type ActionResult, type DashboardAction, type DashboardTab, type TabName } from '../dashboard/types.js';
import { UsageError } from '../errors.js';
import { jobIds } from '../dashboard/actions.js';
import { checkDeclaredSize } from './body.js';
import { HttpError, header } from './http.js';

export interface DashboardCore {
  loadTab(db: Database, tab: TabName, options?: { now?: Date }): Promise<DashboardTab>;
  runAction(db: Database, action: DashboardAction, options?: { now?: Date }): Promise<ActionResult>;
  listenForData(db: Database, onChange: (what: string[]) => void, options?: { debounceMs?: number }): Promise<{ close(): Promise<void> }>;
}

/** An action is a few dozen bytes; job ids for a long list stay far below this. */
export const ACTION_BODY_LIMIT = 64 * 1024;

export async function tabRoute(tabs: TabCache, name: string): Promise<DashboardTab> {
  if (!(TAB_NAMES as readonly string[]).includes(name)) throw new HttpError(404, `no tab ${name}; tabs: ${TAB_NAMES.join(', ')}`);
  return tabs.get(name as TabName);
}

/**
 * Tabs as last loaded, until the data changes: the Home tab of a 60k-stack
 * account takes a few hundred ms to build, and a page (or five phones) asks
 * for it on every visit while the data changes a few times an hour. Every
 * writer NOTIFYs holocron_data (migration 0029), which clears the cache; an
 * action of the page clears it at once, before the debounced NOTIFY arrives.
 * Kept only while the LISTEN is up, and never longer than `maxAgeMs` (alerts
 * depend on the clock too: the weekly reset). Loads of one tab in flight are
 * shared.
 */
export class TabCache {
  private readonly entries = new Map<TabName, { at: number; value: Promise<DashboardTab> }>();

  constructor(
    private readonly load: (tab: TabName) => Promise<DashboardTab>,
    private readonly listening: () => Promise<boolean>,
    private readonly maxAgeMs = 60_000,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  get(tab: TabName): Promise<DashboardTab> {
    const hit = this.entries.get(tab);
    if (hit && this.clock() - hit.at < this.maxAgeMs) return hit.value;
    const entry: { at: number; value: Promise<DashboardTab> } = { at: this.clock(), value: Promise.resolve(null as never) };
    const forget = () => {
      if (this.entries.get(tab) === entry) this.entries.delete(tab);
    };
    entry.value = (async () => {
      const heard = await this.listening();
      const value = await this.load(tab);
      // Without the LISTEN a change would go unseen: shared while in flight, kept no longer.
      if (!heard) forget();
      return value;
    })();
    entry.value.catch(forget);
    this.entries.set(tab, entry);
    return entry.value;
  }

  clear(): void {
    this.entries.clear();
  }
}

export async function actionRoute(core: DashboardCore, db: Database, req: IncomingMessage, now: Date, tabs: TabCache): Promise<ActionResult> {
  const action = parseAction(await readJson(req, ACTION_BODY_LIMIT));
  try {
    return await core.runAction(db, action, { now });
  } catch (error) {
    // As the CLI's exit 64: the request was wrong, not the server.
    if (error instanceof UsageError) throw new HttpError(400, error.message);
    throw error;
  } finally {
    // Even a failed action may have written part of its work.
    tabs.clear();
  }
}

export function parseAction(body: unknown): DashboardAction {
  const bad = (why: string) => new HttpError(400, `bad action: ${why}`);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('the body must be a JSON object such as {"action":"liquidate-plan"}');
  const o = body as Record<string, unknown>;
  switch (o.action) {
    case 'liquidate-plan':
    case 'liquidate-apply':
      return { action: o.action };
    case 'restock-manifest':
      if (o.apply !== undefined && typeof o.apply !== 'boolean') throw bad('apply must be true or false');
      return { action: 'restock-manifest', apply: o.apply === true };
    case 'job-done':
    case 'job-cancel':
      try {
        return { action: o.action, ids: jobIds(o.ids) };
      } catch (error) {
        throw error instanceof UsageError ? bad(error.message) : error;
      }
    default:
      throw bad('action must be liquidate-plan, liquidate-apply, restock-manifest, job-done or job-cancel');
  }
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = header(req, 'content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'send the action as Content-Type: application/json');
  checkDeclaredSize(req, limit);
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > limit) throw new HttpError(413, `body is over the limit of ${limit} bytes`, { limit });
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'bad action: the body is not JSON');
  }
}

/**
 * The event stream: one LISTEN for the whole server (started by the first
 * client, kept until the server closes), fanned out to every open stream.
 * The page reads it with fetch(), since EventSource cannot send the token.
 */
export class DataEvents {
  private readonly clients = new Set<ServerResponse>();
  private listener: Promise<{ close(): Promise<void> }> | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly core: DashboardCore,
    private readonly db: Database,
    private readonly onError: (error: Error) => void,
    private readonly heartbeatMs = 25_000,
    /** Called on each change before the streams hear of it (the tab cache's clear). */
    private readonly beforeSend: () => void = () => undefined,
  ) {}

  /** Starts the LISTEN if need be; false when it cannot be had (a change would go unseen). */
  async listening(): Promise<boolean> {
    if (this.closed) return false;
    return this.start().then(
      () => true,
      () => false,
    );
  }

  async subscribe(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.closed) throw new HttpError(503, 'the server is shutting down');
    await this.start();
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no', Connection: 'close' });
    // A comment at once: the page knows the stream is open and that no reload is pending.
    res.write(': ready\n\n');
    // The response's close, not the request's: a GET's request closes as soon as its (empty) body is read.
    if (req.socket.destroyed) return void res.end();
    this.clients.add(res);
    res.once('close', () => this.clients.delete(res));
  }

  get size(): number {
    return this.clients.size;
  }

  private start(): Promise<{ close(): Promise<void> }> {
    this.listener ??= this.core.listenForData(this.db, (what) => this.send(what)).then(
      (listener) => {
        // Proxies drop streams that say nothing for a minute or so.
        this.heartbeat = setInterval(() => this.comment('heartbeat'), this.heartbeatMs);
        this.heartbeat.unref();
        return listener;
      },
      (error: unknown) => {
        this.listener = undefined;
        this.onError(error as Error);
        throw new HttpError(503, 'cannot listen for data changes; see the server log');
      },
    );
    return this.listener;
  }

  private send(what: string[]): void {
    this.beforeSend();
    const frame = `event: data\ndata: ${JSON.stringify(what)}\n\n`;
    for (const res of this.clients) res.write(frame);
  }

  private comment(text: string): void {
    for (const res of this.clients) res.write(`: ${text}\n\n`);
  }

  /** Ends every stream (so the server can close) and the LISTEN. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
    const listener = await this.listener?.catch(() => undefined);
    await listener?.close();
  }
}
